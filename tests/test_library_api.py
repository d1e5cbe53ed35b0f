"""The library entry points with odd and bad arguments (found by fuzzing the Python API, session 24).

Each case once crashed deep inside the package, hung, or gave a wrong result without a word."""

from __future__ import annotations

import subprocess
import sys

import pytest

import align
from align import evidence
from align.errors import InputError
from align.io import check_lang, model_text, norm_lang
from align.pipeline import RunOptions


def test_align_evaluate_stays_the_function():
    """``align.evaluate`` was the function until its module ``align/evaluate.py`` was imported; then the module."""
    code = ("import types, align; g = [[((0,), (0,))]]; first = align.evaluate(g, g).strict_f1; "
            "import align.evaluation, align.pipeline, align.cli, align.report; "
            "bad = [n for n in align.__all__ if isinstance(getattr(align, n), types.ModuleType)]; "
            "print(first, align.evaluate(g, g).strict_f1, bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["1.0", "1.0", "[]"]


@pytest.mark.parametrize("code, expected", [
    ("ru", "ru"), ("RU", "ru"), (" en ", "en"), ("en_US", "en"), ("ru-RU", "ru"), ("zh-TW", "zh-tw"), ("zh_CN", "zh"),
    ("xx", "xx"), ("xx-YY", "xx-yy"), ("rus", "ru"), ("rus_Cyrl", "ru"), ("English", "en"), ("ger", "de"),
])
def test_language_codes_are_normalised(code, expected):
    assert norm_lang(code) == expected


def test_a_language_code_that_is_no_string():
    with pytest.raises(TypeError, match="a language code is a string"):
        norm_lang(None)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="unknown language code"):
        check_lang(None)  # type: ignore[arg-type]
    assert check_lang("EN-gb") == "en" and check_lang("eng") == "en"
    with pytest.raises(InputError, match=r"^--src-lang 'russ': unknown language code; supported: ar, "):
        check_lang("russ", "--src-lang")


def test_an_unknown_language_code_is_kept_with_one_warning(caplog):
    import logging

    with caplog.at_level(logging.WARNING, logger="align"):
        assert norm_lang("qq") == "qq" and norm_lang("QQ") == "qq"
    assert len([r for r in caplog.records if "'qq'" in r.getMessage() or "'QQ'" in r.getMessage()]) == 1


def test_the_scorer_reads_language_codes_in_any_case():
    """With "RU" / "EN" the Russian and English evidence was silently off: a changed name and a dropped negation
    went unflagged."""
    scorer = align.Scorer()
    src, tgt = "Путин сказал, что он не приедет.", "Biden said that he would come."
    low = scorer.sentence_score(src, tgt, "ru", "en")
    for codes in (("RU", "EN"), ("ru_RU", "en-US")):
        other = scorer.sentence_score(src, tgt, *codes)
        assert (other.verdict, other.flags, other.fidelity) == (low.verdict, low.flags, low.fidelity)
    assert {f["type"] for f in low.flags} >= {"name", "negation"}


def test_find_quotes_reads_language_codes_in_any_case():
    text = "Он сказал: «Мы готовы подписать этот документ», — сказал Путин."
    assert align.find_quotes(text, "RU") == align.find_quotes(text, "ru")
    assert align.find_quotes(text, "ru")[0].speaker == "Путин"


def test_russian_decimals_with_grouped_thousands():
    """"1 000,5" was read as "1 000": a right translation of 1,000.5 was called altered."""
    assert [m.text for m in evidence.extract_numbers("Это стоило 1 000,5 долларов.", "ru")] == ["1 000,5"]
    assert [m.text for m in evidence.extract_numbers("Рост — 12\u00a0345,67 рубля.", "ru")] == ["12\u00a0345,67"]
    assert [m.text for m in evidence.extract_numbers("Их 1 000, а не 2 000.", "ru")] == ["1 000", "2 000"]
    s = align.Scorer().sentence_score("It cost 1,000.5 dollars.", "Это стоило 1 000,5 долларов.", "en", "ru")
    assert not [f for f in s.flags if f["type"] == "number"] and s.verdict != "altered"


def test_unclosed_single_quotes_do_not_slow_find_quotes():
    """Each unclosed ‘ scanned the paragraph to its end (a 400 KB paragraph of "the ‘90s": 69 s); a later ‘…’ still
    closes."""
    para = "Back in the ‘90s people were different and the economy was booming. " * 1500  # 100 KB, one line
    text = para + "He said ‘we will win this war for sure’ and left."
    quotes = align.find_quotes(text, "en")
    assert [q.text for q in quotes] == ["we will win this war for sure"]  # "‘90s" opens no quotation
    elided = "They stayed home ‘cause the roads were closed and nobody knew why. " * 1500  # no ’ closes a ‘
    assert align.find_quotes(elided + "She said “we will come back tomorrow”.", "en")[0].text == (
        "we will come back tomorrow")


def test_text_the_tokenizer_refuses_or_misreads():
    """A lone surrogate crashed every encoder path; stress marks on Cyrillic letters halved the similarity."""
    assert model_text("Привет \ud800.") == "Привет \ufffd."
    assert model_text("Он за́мок откры́л.") == "Он замок открыл."
    assert model_text("café e\u0301") == "café e\u0301"  # a Latin accent is kept
    al = align.Aligner().align("Привет \ud800, друзья. Сегодня мы говорим о погоде в Москве.",
                               "Hello \ud800, friends. Today we talk about the weather in Moscow.", "ru", "en")
    assert [(lk.src, lk.tgt) for lk in al.links] == [((0,), (0,)), ((1,), (1,))]
    scorer = align.Scorer()
    plain = scorer.sentence_score("Он открыл замок и вошёл в дом.", "He opened the lock and entered the house.")
    stressed = scorer.sentence_score("Он откры́л за́мок и вошёл в дом.", "He opened the lock and entered the house.")
    assert abs(plain.similarity - stressed.similarity) < 0.02
    assert scorer.sentence_score("Привет, мир.", "Hello \udfff world.", "ru", "en").verdict in (
        "faithful", "paraphrase", "partial", "altered", "unrelated")


def test_scorer_lists_must_match():
    scorer = align.Scorer()
    with pytest.raises(ValueError, match="3 sources but 1 renderings"):
        scorer.corpus_score(["Привет.", "Как дела?", "Пока."], ["Hello."], "ru", "en")
    with pytest.raises(TypeError, match="lists of strings"):
        scorer.corpus_score("Привет.", "Hello.", "ru", "en")
    with pytest.raises(ValueError, match="0 references for 1 pairs"):
        scorer.corpus_score(["Привет."], ["Hello."], "ru", "en", refs=[])
    with pytest.raises(ValueError, match="2 references for 1 pairs"):
        scorer.score_pairs([("Привет.", "Hello.")], "ru", "en", refs=["Hi.", "Hey."])
    with pytest.raises(TypeError, match="reference 1 is NoneType"):
        scorer.sentence_score("Привет.", "Hello.", "ru", "en", ref=None) and scorer.score_pairs(
            [("Привет.", "Hello.")], "ru", "en", refs=[None])  # type: ignore[list-item]


def test_aligner_arguments_are_checked():
    with pytest.raises(ValueError, match="whole number of sentences, 2 to 12.*not 2.5"):
        align.Aligner(max_size=2.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_span must be a whole number >= 1"):
        align.Aligner(max_span=0)
    with pytest.raises(ValueError, match="knn_k"):
        align.Aligner(knn_k=0, knn_weight=0.5)
    with pytest.raises(ValueError, match="model must be 'bertalign' or 'learned'"):
        align.Aligner(model="bogus")
    with pytest.raises(ValueError, match="real_spans"):
        align.Aligner(real_spans="bogus")
    a = align.Aligner()
    with pytest.raises(ValueError, match="src_paragraphs has 1 numbers for 3 sentences"):
        a.align_sentences(["Привет.", "Как дела?", "Пока."], ["Hello.", "How are you?", "Bye."], src_paragraphs=[0])
    with pytest.raises(TypeError, match="list of sentence strings"):
        a.align_sentences("Привет.", "Hello.")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="src_text must be a str"):
        a.align(None, "Hello.")  # type: ignore[arg-type]
    al = a.align("Привет. Пока.", "Hello. Bye.", src_lang="RU", tgt_lang="EN")
    assert (al.src_lang, al.tgt_lang) == ("ru", "en")


@pytest.mark.parametrize("gold, test, message", [
    ([[((0.5,), (0,))]], [[((0,), (0,))]], "gold document 1, link 1"),  # a float was truncated to 0
    ([((0,), (0,)), ((1,), (1,))], [((0,), (0,)), ((1,), (1,))], "one list of links per document"),
    ([[((0,), (0,))]], [[("0", (0,))]], "test document 1, link 1"),
    ([[((-1,), (0,))]], [[((0,), (0,))]], "gold document 1"),
])
def test_evaluate_names_a_malformed_link(gold, test, message):
    with pytest.raises(ValueError, match=message):
        align.evaluate(gold, test)


def test_segment_and_parse_vecalign_arguments():
    with pytest.raises(TypeError, match="text must be a str, not NoneType"):
        align.segment(None, "en")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a language code is a string"):
        align.segment("Hello.", None)  # type: ignore[arg-type]
    assert align.parse_vecalign("\ufeff[0]:[0]:0.9\n[1, 2]:[]\n") == [((0,), (0,)), ((1, 2), ())]


def test_evaluate_reads_a_side_in_any_order():
    assert align.evaluate([[((1, 0), (0,))]], [[((0, 1), (0,))]]).strict_f1 == 1.0


def test_run_corpus_languages_and_engine(tmp_path):
    c = tmp_path / "c"
    c.mkdir()
    (c / "a.ru.txt").write_text("Привет. Как дела?", encoding="utf-8")
    (c / "a.en.txt").write_text("Hello. How are you?", encoding="utf-8")
    with pytest.raises(InputError, match="both 'ru'"):
        align.run_corpus(str(c), str(tmp_path / "o1"), RunOptions(src_lang="ru", tgt_lang="RU"))
    with pytest.raises(InputError, match="unknown engine 'bogus'"):
        align.run_corpus(str(c), str(tmp_path / "o2"), RunOptions(), engine="bogus")
    summary = align.run_corpus(str(c), str(tmp_path / "o3"), RunOptions(src_lang="RU", tgt_lang="en_US", cache=False),
                               workers=1)
    assert (summary["src_lang"], summary["tgt_lang"], summary["n_ok"]) == ("ru", "en", 1)


@pytest.mark.parametrize("text, expected", [
    ("\u202aHello.\u202c Next one.", ["Hello.", "Next one."]),  # a left-to-right embedding around a sentence
    ("Hello.\u2069 Next one.", ["Hello.", "Next one."]),
    ("\u202a\u2061\u180e\u2800\u3164", []),  # nothing visible: no sentence
])
def test_direction_marks_and_blanks_are_invisible(text, expected):
    assert [s.text for s in align.segment(text, "en")] == expected


def test_evaluate_names_one_document_given_bare():
    links = [([0], [0]), ([1], [1])]
    assert align.evaluate([links], [links]).strict_f1 == 1.0
    with pytest.raises(ValueError, match=r"evaluate\(\[gold_links\], \[test_links\]\)"):
        align.evaluate(links, links)
    two = [[([0], [0]), ([], [1])], [([0], [0])]]  # two documents, the first of two links
    assert align.evaluate(two, two).strict_f1 == 1.0


def test_run_corpus_takes_a_dict_of_options(tmp_path):
    with pytest.raises(TypeError, match="unknown 'src'"):
        align.run_corpus(str(tmp_path), str(tmp_path / "out"), {"src": "ru"})
    with pytest.raises(TypeError, match="a RunOptions or a dict"):
        align.run_corpus(str(tmp_path), str(tmp_path / "out"), ["ru", "en"])  # type: ignore[arg-type]
    with pytest.raises(InputError, match="both 'en'"):
        align.run_corpus(str(tmp_path), str(tmp_path / "out"), {"src_lang": "en", "tgt_lang": "en"})
    assert align.RunOptions(src_lang="en").tgt_lang == "en"
