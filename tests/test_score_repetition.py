"""Machine translation's worst degrees: a rendering stuck in a loop, one detached from its source, one cut short."""

from __future__ import annotations

import random

import pytest

from align import calibration as cal
from align import evidence as ev


@pytest.mark.parametrize(
    ("text", "repeated"),
    [
        ("The talks will continue in Geneva in Geneva in Geneva in Geneva.", 4),  # two words, four copies
        ("It's important to me, blah, blah, blah, blah, blah, blah, blah.", 4),  # a word seven times
        ("There would be a forest, there would be a forest.", 5),  # five words twice (MLQE-PE train)
        ("the the the the the the", 3),
        # speech repeats a word up to three times and two or three words twice (Kremlin transcript, English side)
        ("Then, dragging Ukraine into NATO is all about pressure, pressure, pressure.", 0),
        ("Vladimir Putin: That's right, that's right.", 0),
        ("I told him, told him repeatedly, by the way.", 0),
        ("No, no, no, that is not so.", 0),
        ("New York, New York", 0),
        ("I think that that is true.", 0),
    ],
)
def test_repeated_words(text: str, repeated: int) -> None:
    assert ev.repeated_words(text)[0] == repeated


def test_loop_span_and_words() -> None:
    text = "He said the talks in the talks in the talks in the talks."
    rep, n, span = ev.repeated_words(text)
    assert (rep, n) == (3, 13)
    assert span is not None and text[span[0]:span[1]].lower().startswith("the talks in the talks")


def test_a_source_that_repeats_itself_excuses_its_rendering() -> None:
    # a line pasted twice on both sides (MLQE-PE: "Это^верхний^индекс | Это^верхний^индекс"): the English unit is
    # four words long, the Russian one three, so only the strict count of the source finds its repetition
    source = "Это^верхний^индекс | Это^верхний^индекс"
    rendering = "It is ^ upper ^ index | It is ^ upper ^ index"
    assert ev.repeated_words(rendering)[0] == 4
    assert ev.repetition_excess(source, rendering) == (0.0, None)
    share, span = ev.repetition_excess("Переговоры продолжатся в Женеве.", "The talks will continue in Geneva in "
                                       "Geneva in Geneva in Geneva.")
    assert share == pytest.approx(4 / 12) and span is not None
    assert ev.repetition_flags("Переговоры продолжатся.", "The talks will continue.") == []


def test_pathologies_keep_languages_and_do_what_they_say() -> None:
    items = [cal.Item(f"Источник номер {i}.", f"The talks on item {i} will continue in Geneva on Monday, the "
                      f"minister said after the meeting.", "good", "heldout", f"g{i}", langs=("ru", "en"))
             for i in range(6)]
    out = cal.make_pathologies(items, seed=3)
    assert {it.kind for it in out} == set(cal.PATHOLOGY_KINDS)
    assert all(it.langs == ("ru", "en") and it.split == "heldout" for it in out)
    by_source = {it.source: it.rendering for it in items}
    for it in out:
        original = by_source[it.source]
        if it.kind == "detached":
            assert it.rendering in by_source.values() and it.rendering != original
        elif it.kind == "oscillation":
            assert ev.repeated_words(it.rendering)[0] >= 3
            assert len(it.rendering.split()) >= len(original.split())
        else:
            assert original.startswith(it.rendering[:-1]) and len(it.rendering.split()) <= 0.3 * len(original.split())
    assert cal.damage_oscillation("Too short.", random.Random(0)) is None
    assert cal.damage_truncation("Too short to cut.", random.Random(0)) is None


def test_full_degree_scores_above_a_clause_and_a_loop_is_altered() -> None:
    # before: the loop scored addition 0.06 "paraphrase" and the detached rendering addition 0.48 (a clause added:
    # 0.78): the heads had never seen a full degree
    from align.report import _flag_label
    from align.scoring import Scorer

    src = "Президент сказал, что переговоры продолжатся в понедельник в Женеве."
    good = "The president said that the talks would continue on Monday in Geneva."
    clause = "The president said that the talks would continue on Monday in Geneva, where he plans to buy a house."
    loop = "The president said that the talks would continue on Monday in Geneva in Geneva in Geneva in Geneva in " \
           "Geneva in Geneva."
    detached = "The weather in the mountains was cold and windy throughout the whole of last week."
    cut = "The president said."
    s_good, s_clause, s_loop, s_det, s_cut = Scorer().score_pairs(
        [(src, t) for t in (good, clause, loop, detached, cut)], "ru", "en")
    assert s_loop.addition > s_clause.addition > s_good.addition
    assert s_det.addition > s_clause.addition and s_det.omission > 0.9
    assert s_cut.omission > s_good.omission and s_cut.addition < 0.5
    assert s_loop.verdict == "altered" and s_loop.fidelity < s_good.fidelity / 2
    (flag,) = [f for f in s_loop.flags if f["type"] == "repetition"]
    assert "in Geneva in Geneva" in flag["rendering"] and _flag_label(flag).startswith("words repeated in a loop")
    assert not any(f["type"] == "repetition" for f in s_good.flags)
    # the loop is the added content: no second flag pointing at the rendering's least covered clause instead
    assert not any(f["type"] == "addition" for f in s_loop.flags)


@pytest.mark.parametrize(
    ("text", "changed"),
    [
        ("He said he will disregard the vote in the end.", True),
        ("The talks, held in Geneva, went on.", True),
        ("He said nothing.", False),  # no prepositional phrase ends a clause
    ],
)
def test_phrase_omission_drops_a_short_clause_final_phrase(text: str, changed: bool) -> None:
    out = cal.damage_phrase_omission(text, random.Random(1))
    if not changed:
        assert out is None
        return
    assert out is not None and len(text.split()) - 4 <= len(out.split()) <= len(text.split()) - 2
    added = cal.damage_phrase_addition("He said nothing, and left.", random.Random(1), [text])
    assert added is not None and 2 <= len(added.split()) - 5 <= 4 and added.endswith("left.")


def test_phrase_damage_only_for_english_renderings() -> None:
    items = [cal.Item("Он отказался от голосования.", "He refused to vote in the end.", "good", "fit", "a"),
             cal.Item("He refused to vote in the end.", "Он отказался от голосования в конце.", "good", "fit", "a",
                      langs=("en", "ru"))]
    out = cal.make_phrase_damage(items + [cal.Item("x", "They met in Paris, then left.", "good", "fit", "b")])
    assert out and all(it.langs == ("ru", "en") for it in out)
    assert {it.kind for it in out} <= {"omission_phrase", "addition_phrase"}
