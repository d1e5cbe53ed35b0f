"""A rendering still in the source language (a copy, a line left untranslated) is no translation."""

from __future__ import annotations

import pytest

from align import evidence as ev


@pytest.mark.parametrize(
    ("rendering", "src", "tgt", "untranslated"),
    [
        ("Он пришёл домой вчера вечером.", "ru", "en", True),  # the Russian source copied
        ("Путин приехал в Tokyo on Monday.", "ru", "en", True),  # half translated: 2 of 3 lower-case words Russian
        ("He came home last night.", "ru", "en", False),
        ("Apple unveiled the new iPhone today.", "en", "ru", True),
        # names and brands keep their spelling; addresses, handles and markup are copied by any translation
        ("Apple представила iPhone 15 Pro Max и Apple Watch Ultra", "en", "ru", False),
        ("Apple Watch Ultra", "en", "ru", False),
        ("Из его рассылки: https://example.substack.com/p/ux-roundup @user44 <div id=sec1></div>", "en", "ru", False),
        # one script: only a copy of the source counts
        ("Der Hund schläft heute im Garten.", "de", "fr", True),
        ("Le chien dort dans le jardin.", "de", "fr", False),
        ("Der Hund schläft heute im Garten.", "de", "de", False),  # the same language: a copy is fine
        ("Paris", "de", "fr", False),
    ],
)
def test_untranslated_share(rendering: str, src: str, tgt: str, untranslated: bool) -> None:
    from align.scoring import UNTRANSLATED_SHARE

    source = {"ru": "Он пришёл домой вчера вечером.", "en": "Apple unveiled the new iPhone today.",
              "de": "Der Hund schläft heute im Garten!"}[src]
    if rendering == "Paris":
        source = "Paris"
    assert (ev.untranslated_share(source, rendering, src, tgt) >= UNTRANSLATED_SHARE) is untranslated


def test_swapped_sides_are_not_called_untranslated() -> None:
    # an English source labelled ru and its Russian translation labelled en: the command line warns about the labels
    assert ev.untranslated_share("He came home late last night.", "Он пришёл домой поздно вечером.", "ru", "en") == 0.0


def test_a_copied_source_is_flagged_not_faithful() -> None:
    # before: the copy scored fidelity 0.90 "faithful", above the real translation (0.79): the encoder is multilingual
    from align.report import _flag_label
    from align.scoring import Scorer

    sc = Scorer()
    src = "Он пришёл домой вчера вечером."
    copy, real = sc.score_pairs([(src, src), (src, "He came home last night.")], "ru", "en")
    assert copy.verdict == "unrelated" and real.verdict != "unrelated"
    assert copy.fidelity < 0.1 < real.fidelity
    (flag,) = [f for f in copy.flags if f["type"] == "untranslated"]
    assert flag["share"] == 1.0 and "still in the source language" in _flag_label(flag)
    assert not any(f["type"] == "untranslated" for f in real.flags)
