"""Quotations checked with the source's official translation beside it (``align quotes --official``)."""

from __future__ import annotations

import html
import json
import re

import pytest

from align import official as O
from align.quotes import Quote, check_quotes
from align.types import Alignment, Link, Sentence

RU = ("Мы подписали соглашение в 2008 году. Это было трудное решение для всех в нашей стране. "
      "Никто не хотел войны. Мы предложили совместную систему обороны.")
EN = ("We signed the agreement in 2008. It was a difficult decision for everyone in our country. "
      "Nobody wanted a war. We proposed a joint defence system.")


def _sentences(text: str) -> tuple[Sentence, ...]:
    out, pos = [], 0
    for m in re.finditer(r"[^.]+\.", text):
        a, b = m.start(), m.end()
        while text[a] == " ":
            a += 1
        out.append(Sentence(a, b, text[a:b], 0))
        pos = b
    assert pos == len(text)
    return tuple(out)


def _official() -> O.Official:
    src, tgt = _sentences(RU), _sentences(EN)
    links = tuple(Link((k,), (k,), 0.9) for k in range(len(src)))
    return O.Official(EN, Alignment(src, tgt, links, "ru", "en"))


def _quote(text: str, kind: str = "marked") -> Quote:
    return Quote(0, len(text), text, None, kind)


def test_a_copied_quotation_is_located_in_the_official_text():
    off = _official()
    (m,) = O.locate(off, [_quote("It was a difficult decision for everyone in our country.")])
    assert m is not None and m.text == "It was a difficult decision for everyone in our country" and m.coverage == 1.0
    assert m.sentences == (1,) and EN[m.span[0] : m.span[1]] == m.text


def test_a_changed_word_is_still_located_and_named():
    off = _official()
    (m,) = O.locate(off, [_quote("It was an easy decision for everyone in our country")])
    assert m is not None and m.sentences == (1,)
    verdict, flags = O.wording_flags(m.text, "It was an easy decision for everyone in our country")
    assert verdict == "altered"
    assert [(f["change"], f["source"], f["rendering"], f["against"]) for f in flags] == [
        ("replaced", "a difficult", "an easy", "official")]


def test_own_translation_short_quotation_and_claim_are_not_located():
    off = _official()
    found = O.locate(off, [_quote("We put forward a common shield of defence."), _quote("a war"),
                           _quote("Nobody wanted a war.", kind="indirect")])
    assert found == [None, None, None]


def test_source_hints_map_by_offsets_with_a_neighbour_each_side():
    off = _official()
    (m,) = O.locate(off, [_quote("Nobody wanted a war.")])
    src_sents = _sentences(RU)
    assert O.source_hints(off, [m, None], src_sents) == [[1, 2, 3], None]


def test_official_wording_of_a_source_passage():
    off = _official()
    a = RU.index("Никто")
    span, text = O.official_wording(off, (a, a + 10))
    assert text == "Nobody wanted a war." and EN[span[0] : span[1]] == text
    assert O.official_wording(off, (a, a)) is None


@pytest.fixture(scope="module")
def scorer():
    from align.encoders import get_encoder
    from align.scoring import Scorer

    return Scorer(encoder=get_encoder())


def test_check_quotes_takes_the_verdict_from_the_official_wording(scorer):
    from align.aligner import Aligner

    aligner = Aligner(encoder=scorer.encoder)
    off = O.Official(EN, aligner.align(RU, EN, "ru", "en"))
    story = ("The president recalled the talks. “It was an easy decision for everyone in our country,” he said. "
             "“We proposed a joint defence system,” he added. "
             "He said: “All of us wished for peace in those years.”")
    checks = check_quotes(RU, story, aligner.align(RU, story, "ru", "en"), scorer, "ru", "en", official=off)
    by = {c.quote.text.rstrip(",.").split()[-1]: c for c in checks}
    changed, copied, own = by["country"], by["system"], by["years"]
    assert changed.verdict == "altered" and changed.official["quoted"] and changed.source_check is not None
    assert [f["rendering"] for f in changed.flags if f["type"] == "wording"] == ["an easy"]
    assert "трудное" in changed.source
    assert copied.verdict == "faithful" and copied.official["verdict"] == "faithful"
    assert "систему обороны" in copied.source
    assert own.official["quoted"] is False and own.source_check is None
    d = changed.to_dict()
    assert d["official"]["text"] == EN[d["official"]["span"][0] : d["official"]["span"][1]]
    # without an official translation the fields are absent
    plain = check_quotes(RU, story, aligner.align(RU, story, "ru", "en"), scorer, "ru", "en")
    assert all("official" not in c.to_dict() and c.official is None for c in plain)
    with pytest.raises(ValueError, match="official"):
        check_quotes(RU, RU, aligner.align(RU, RU, "ru", "ru"), scorer, "ru", "ru", official=off)


def test_cli_official(tmp_path, capsys):
    from align.cli import main

    src, story, offp = tmp_path / "speech.ru.txt", tmp_path / "story.en.txt", tmp_path / "speech.en.txt"
    src.write_text(RU, encoding="utf-8")
    offp.write_text(EN, encoding="utf-8")
    story.write_text("“It was an easy decision for everyone in our country,” the president said.", encoding="utf-8")
    out, page = tmp_path / "q.jsonl", tmp_path / "q.html"
    code = main(["quotes", str(src), str(story), "--official", str(offp), "-o", str(out), "--html", str(page), "-q"])
    assert code == 0, capsys.readouterr().err
    (row,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert row["verdict"] == "altered" and row["official"]["quoted"] is True
    text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
    assert "official translation, quoted with changes" in text
    assert "the official translation says “a difficult”, the quotation “an easy”" in text
    # an official translation in the source's own language is refused, in one line, before any output
    out2 = tmp_path / "q2.jsonl"
    code = main(["quotes", str(src), str(story), "--official", str(offp), "--tgt-lang", "ru", "-o", str(out2), "-q"])
    err = capsys.readouterr().err
    assert code != 0 and "--official" in err and len(err.strip().splitlines()) == 1 and not out2.exists()



def test_words_at_several_places_say_no_passage():
    text = "We keep peace at all costs. The economy grows. We keep peace at all costs here and now."
    src, tgt = _sentences(text), _sentences(text)
    off = O.Official(text, Alignment(src, tgt, tuple(Link((k,), (k,)) for k in range(len(src)))))
    (m,) = O.locate(off, [_quote("keep peace at all costs")])
    assert m is not None and m.repeated
    assert O.source_hints(off, [m], src) == [None]
    (m,) = O.locate(off, [_quote("keep peace at all costs here and now")])
    assert m is not None and not m.repeated and O.source_hints(off, [m], src) == [[1, 2]]


def test_most_quotations_without_source_ask_whether_the_inputs_are_swapped():
    from align.quotes import QuoteCheck, unsourced_warning

    def check(verdict: str) -> QuoteCheck:
        return QuoteCheck(_quote("some words here"), "", (0, 0), 0.3, 0.3, verdict)

    assert unsourced_warning([check("unrelated")] * 4, "a.ru.txt", "b.en.txt") is None  # too few to tell
    assert unsourced_warning([check("unrelated")] * 3 + [check("faithful")] * 2, "a", "b") is None
    msg = unsourced_warning([check("unrelated")] * 4 + [check("faithful")], "speech.ru.txt", "story.en.txt")
    assert msg is not None and msg.startswith("story.en.txt: 4 of 5 quotations have no source wording in "
                                              "speech.ru.txt") and "swapped" in msg


def test_two_content_words_give_the_passage_not_the_verdict():
    # "Russians don't surrender!" renders «Русские не сдаются!» as faithfully as the official "never": with both
    # its content words in the official text it was "copied, with a word replaced": altered
    text = "Russians never surrender. We will see."
    src = tgt = _sentences(text)
    off = O.Official(text, Alignment(src, tgt, tuple(Link((k,), (k,)) for k in range(len(src)))))
    short, copied, weak = O.locate(off, [_quote("Russians don't surrender!"), _quote("Russians never surrender"),
                                         _quote("we will see")])
    assert short is not None and short.short and short.sentences == (0,)  # the passage, for the source search
    assert copied is not None and not copied.short  # ("never" is a content word: three)
    assert weak is None  # one content word: not looked up
    # two content words, but a run of six words and more in order is a copy (the bracket counts for nothing)
    text = "Musk, he will do as he sees fit. Russians never surrender."
    src = _sentences(text)
    off = O.Official(text, Alignment(src, src, tuple(Link((k,), (k,)) for k in range(len(src)))))
    (m,) = O.locate(off, [_quote("He [Musk] will do as he sees fit.")])
    assert m is not None and m.text == "he will do as he sees fit"


def test_an_official_text_that_is_no_translation_of_the_source_is_not_used(scorer, caplog):
    import logging

    from align.aligner import Aligner

    aligner = Aligner(encoder=scorer.encoder)
    ru = RU + (" Потом мы обсудили экономику. Рост промышленности составил три процента. Инфляция снизилась. "
               "Бюджет исполнен с профицитом. Мы построили новые дороги. Школы получили компьютеры. "
               "Врачи получили новые больницы. Урожай был хорошим.")
    story = ("The president recalled the talks. “It was an easy decision for everyone in our country,” he said. "
             "“Nobody wanted a war.” The interview lasted two hours.")
    # the story given as the official translation: every quotation would be "copied" from it, made-up ones too
    off = O.Official(story, aligner.align(ru, story, "ru", "en"), "story.en.txt")
    assert O.translation_problem(off) is not None
    assert O.translation_problem(O.Official(EN, aligner.align(RU, EN, "ru", "en"))) is None
    with caplog.at_level(logging.WARNING, logger="align"):
        checks = check_quotes(ru, story, aligner.align(ru, story, "ru", "en"), scorer, "ru", "en", official=off)
    assert all(c.official is None for c in checks)
    assert any("story.en.txt: not used" in r.getMessage() for r in caplog.records)


def test_official_wording_leaves_out_the_turn_label():
    """A transcript's official sentence opens with its turn's label; the wording shown is what was said."""
    ru = "В.Путин: Это провокация. Мы подписали соглашение."
    en = "Vladimir Putin: This is a provocation. We signed the agreement."
    src = (Sentence(0, 24, ru[0:24], 0), Sentence(25, len(ru), ru[25:], 0))
    tgt = (Sentence(0, 38, en[0:38], 0), Sentence(39, len(en), en[39:], 0))
    off = O.Official(en, Alignment(src, tgt, (Link((0,), (0,), 0.9), Link((1,), (1,), 0.9)), "ru", "en"))
    span, text = O.official_wording(off, (9, 23))
    assert text == "This is a provocation." and en[span[0] : span[1]] == text
    span, text = O.official_wording(off, (25, 30))
    assert text == "We signed the agreement."
    question = "Question: Is it true?"
    q = O.Official(question, Alignment(src[:1], (Sentence(0, len(question), question, 0),), (Link((0,), (0,), 0.9),),
                                       "ru", "en"))
    assert O.official_wording(q, (9, 23))[1] == question  # "Question" names no one: kept
