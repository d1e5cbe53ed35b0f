"""The CLI: interfaces of the skeleton issue, clean one-line errors, no partial outputs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from align.cli import main

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


def run_cli(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean_error(code, err, *needles):
    assert code == 2
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("align: error:")
    assert "Traceback" not in err
    for n in needles:
        assert n in lines[0]


def test_missing_file(capsys, tmp_path):
    code, _, err = run_cli(["segment", "--lang", "ru", tmp_path / "missing.txt"], capsys)
    assert_clean_error(code, err, "missing.txt", "no such file")


def test_directory(capsys, tmp_path):
    code, _, err = run_cli(["pair", tmp_path, tmp_path, "-o", tmp_path / "out.txt"], capsys)
    assert_clean_error(code, err, "is a directory")
    assert not (tmp_path / "out.txt").exists()


def test_not_utf8_then_encoding(capsys, tmp_path):
    p = tmp_path / "w.txt"
    p.write_bytes("Привет. Как дела?".encode("cp1251"))
    code, _, err = run_cli(["segment", "--lang", "ru", p], capsys)
    assert_clean_error(code, err, "w.txt", "UTF-8", "--encoding")
    code, out, _ = run_cli(["segment", "--lang", "ru", "--encoding", "cp1251", p], capsys)
    assert code == 0 and out.splitlines() == ["Привет.", "Как дела?"]


def test_unknown_language(capsys, tmp_path):
    """Splitting needs no encoder: a language it lacks is split by the generic rules, with a warning; the commands
    that embed refuse it."""
    p = tmp_path / "a.txt"
    p.write_text("Привіт. Як справи?")
    code, out, err = run_cli(["segment", "--lang", "xq", p], capsys)
    assert code == 0 and out.splitlines() == ["Привіт.", "Як справи?"]
    assert "'xq'" in err and "generic rules" in err  # (warned once per process: a code no other test uses)
    code, _, err = run_cli(["pair", "--src-lang", "xx", p, p], capsys)
    assert_clean_error(code, err, "'xx'", "supported", "ru", "en")


def test_unwritable_output(capsys, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Hello. World.")
    out = tmp_path / "missing-dir" / "out.txt"
    code, _, err = run_cli(["segment", "--lang", "en", p, "-o", out], capsys)
    assert_clean_error(code, err, "cannot write")
    assert not out.exists()


def test_segment_keeps_paragraphs(capsys, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Первое предложение. Второе предложение.\n\nНовый абзац.\n", encoding="utf-8")
    code, out, _ = run_cli(["segment", "--lang", "ru", p], capsys)
    assert code == 0
    assert out == "Первое предложение.\nВторое предложение.\n\nНовый абзац.\n"


def test_segment_stdin():
    r = subprocess.run([sys.executable, "-m", "align", "segment", "--lang", "en", "-"], input="One. Two.\n",
                       capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout == "One.\nTwo.\n"


def test_score_malformed_line(capsys, tmp_path):
    p = tmp_path / "pairs.tsv"
    p.write_text("Привет, мир.\tHello, world.\nno tab here\n", encoding="utf-8")
    code, _, err = run_cli(["score", p], capsys)
    assert_clean_error(code, err, "pairs.tsv", "line 2", "found 0 tabs")


def test_score_empty_field_is_named(capsys, tmp_path):
    p = tmp_path / "pairs.tsv"
    p.write_text("Привет, мир.\tHello, world.\n\tHello again.\n", encoding="utf-8")
    code, _, err = run_cli(["score", p], capsys)
    assert_clean_error(code, err, "pairs.tsv", "line 2", "empty source")


def test_score_an_empty_translation_is_scored_with_a_warning(capsys, tmp_path):
    """Machine translation systems do write empty lines: scored as nothing rendered, not a file refused."""
    p = tmp_path / "pairs.tsv"
    p.write_text("Привет, мир.\t\nКак дела?\tHow are you?\n", encoding="utf-8")
    code, out, err = run_cli(["score", p], capsys)
    rows = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and len(rows) == 2
    assert rows[0]["omission"] == 1.0 and rows[0]["verdict"] == "partial" and rows[1]["verdict"] != "partial"
    assert "line 1: empty translation" in err


def test_eval_corrupt_file(capsys, tmp_path):
    g = tmp_path / "gold.txt"
    g.write_text("[0]:[0]\n[1]:[1]\n")
    t = tmp_path / "test.txt"
    t.write_text("[0]:[0]\nthis is not an alignment\n")
    code, _, err = run_cli(["eval", g, t], capsys)
    assert_clean_error(code, err, "test.txt", "line 2")


def test_eval_self_is_one(capsys, tmp_path):
    g = tmp_path / "gold.txt"
    g.write_text("[0]:[0]\n[1, 2]:[1]\n[]:[2]\n[3]:[3, 4]\n")
    code, out, _ = run_cli(["eval", g, g], capsys)
    assert code == 0
    res = json.loads(out)
    flat = json.dumps(res)
    assert "strict" in flat and "lax" in flat
    strict = res["strict"] if "strict" in res else res["overall"]["strict"]
    assert strict["f1"] == pytest.approx(1.0)


def test_embed(capsys, tmp_path):
    p = tmp_path / "s.txt"
    p.write_text("Москва — столица России.\nMoscow is the capital of Russia.\nЯблоко упало.\n", encoding="utf-8")
    out = tmp_path / "e.npy"
    code, _, err = run_cli(["embed", p, "--lang", "ru", "-o", out, "--no-cache"], capsys)
    assert code == 0, err
    x = np.load(out)
    assert x.shape == (3, 512) and x.dtype == np.float32
    assert np.allclose(np.linalg.norm(x, axis=1), 1.0, atol=1e-4)
    assert x[0] @ x[1] > x[0] @ x[2] + 0.2


def test_pair_presplit_covers_every_sentence(capsys, tmp_path):
    src = tmp_path / "s.txt"
    tgt = tmp_path / "t.txt"
    src.write_text("Президент прибыл в Москву.\nОн встретился с министрами.\nВстреча длилась два часа.\n",
                   encoding="utf-8")
    tgt.write_text("The president arrived in Moscow.\nHe met the ministers.\nThe meeting lasted two hours.\n",
                   encoding="utf-8")
    out = tmp_path / "al.txt"
    code, _, err = run_cli(["pair", src, tgt, "--src-lang", "ru", "--tgt-lang", "en", "--presplit", "-o", out],
                           capsys)
    assert code == 0, err
    lines = out.read_text().splitlines()
    assert [ln.rsplit(":", 1)[0] for ln in lines] == ["[0]:[0]", "[1]:[1]", "[2]:[2]"]
    for ln in lines:
        assert 0.0 <= float(ln.rsplit(":", 1)[1]) <= 1.0


def test_pair_presplit_warns_that_blank_lines_are_not_numbered(capsys, tmp_path):
    src = tmp_path / "s.txt"
    tgt = tmp_path / "t.txt"
    src.write_text("Президент прибыл в Москву.\n\nОн встретился с министрами.\n", encoding="utf-8")
    tgt.write_text("The president arrived in Moscow.\nHe met the ministers.\n", encoding="utf-8")
    out = tmp_path / "al.txt"
    code, _, err = run_cli(["pair", src, tgt, "--src-lang", "ru", "--tgt-lang", "en", "--presplit", "-o", out],
                           capsys)
    assert code == 0, err
    assert "s.txt: 1 blank line(s) between sentences" in err and "t.txt" not in err
    assert [ln.rsplit(":", 1)[0] for ln in out.read_text().splitlines()] == ["[0]:[0]", "[1]:[1]"]


def test_pair_formats(capsys, tmp_path):
    src = CORPORA / "ntrex" / "cnn.304489.ru.txt"
    tgt = CORPORA / "ntrex" / "cnn.304489.en.txt"
    for fmt in ("tsv", "jsonl", "tmx"):
        out = tmp_path / f"al.{fmt}"
        code, _, err = run_cli(["pair", src, tgt, "--format", fmt, "-o", out], capsys)
        assert code == 0, err
        text = out.read_text(encoding="utf-8")
        assert "Трамп" in text or "Trump" in text
    import xml.etree.ElementTree as ET

    root = ET.parse(tmp_path / "al.tmx").getroot()
    langs = {tuv.get("{http://www.w3.org/XML/1998/namespace}lang").lower()[:2] for tuv in root.iter("tuv")}
    assert langs == {"ru", "en"}


def test_quotes_interface(capsys, tmp_path):
    src = CORPORA / "ntrex" / "cnn.304489.ru.txt"
    tgt = CORPORA / "ntrex" / "cnn.304489.en.txt"
    out = tmp_path / "q.jsonl"
    code, _, err = run_cli(["quotes", src, tgt, "--src-lang", "ru", "--tgt-lang", "en", "-o", out], capsys)
    assert code == 0, err
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert rows
    src_text = src.read_text(encoding="utf-8")
    tgt_text = tgt.read_text(encoding="utf-8")
    for r in rows:
        assert {"quote", "quote_span", "source", "source_span", "verdict"} <= set(r)
        a, b = r["quote_span"]
        assert r["quote"] in tgt_text[max(0, a - 2):b + 2]
        if r["source_span"]:
            s0, s1 = r["source_span"]
            assert r["source"] == src_text[s0:s1]


def test_quotes_as_a_page_a_person_reads(capsys, tmp_path):
    import html

    src = CORPORA / "ntrex" / "cnn.304489.ru.txt"
    tgt = CORPORA / "ntrex" / "cnn.304489.en.txt"
    code, _, err = run_cli(["quotes", src, tgt, "--src-lang", "ru", "--tgt-lang", "en", "-o", tmp_path / "q.jsonl"],
                           capsys)
    assert code == 0, err
    rows = [json.loads(x) for x in (tmp_path / "q.jsonl").read_text(encoding="utf-8").splitlines()]
    code, _, err = run_cli(["quotes", src, tgt, "--src-lang", "ru", "--tgt-lang", "en", "--format", "html",
                            "-o", tmp_path / "q.html"], capsys)
    assert code == 0, err
    page = html.unescape(re.sub(r"<[^>]+>", "", (tmp_path / "q.html").read_text(encoding="utf-8")))
    assert f"Quotations ({len(rows)};" in page and "cnn.304489.en.txt" in page
    for r in rows:  # every quotation with its source wording, as the JSON has them
        assert r["quote"] in page and (not r["source"] or r["source"] in page)


def test_quotes_writes_the_json_and_the_page_in_one_run(capsys, tmp_path):
    src = CORPORA / "ntrex" / "cnn.304489.ru.txt"
    tgt = CORPORA / "ntrex" / "cnn.304489.en.txt"
    out, page = tmp_path / "q.jsonl", tmp_path / "q.html"
    code, _, err = run_cli(["quotes", src, tgt, "--src-lang", "ru", "--tgt-lang", "en", "-o", out, "--html", page],
                           capsys)
    assert code == 0, err
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    text = page.read_text(encoding="utf-8")
    assert rows and f"Quotations ({len(rows)};" in text
    code, _, err = run_cli(["quotes", src, tgt, "--src-lang", "ru", "--tgt-lang", "en", "-o", out, "--html", out],
                           capsys)
    assert code == 2 and "--html and -o name the same file" in err
    code, _, err = run_cli(["quotes", src, tgt, "--src-lang", "ru", "--tgt-lang", "en", "--html", tgt], capsys)
    assert code == 2 and "is also an input" in err


def test_a_story_checked_against_a_long_source_is_no_warning(capsys, tmp_path):
    """A news story against the speech it quotes is what `align quotes` is for: "very unequal lengths" was printed on
    every such check. `align pair` still warns."""
    src = CORPORA / "ntrex" / "cnn.304489.ru.txt"
    story = tmp_path / "story.en.txt"
    en = (CORPORA / "ntrex" / "cnn.304489.en.txt").read_text(encoding="utf-8").split("\n")
    story.write_text("A wire report. " + " ".join(x for x in en if "“" in x or '"' in x)[:400] + "\n", encoding="utf-8")
    code, _, err = run_cli(["quotes", src, story, "--src-lang", "ru", "--tgt-lang", "en", "-o", tmp_path / "q.jsonl"],
                           capsys)
    assert code == 0 and "very unequal" not in err, err
    code, _, err = run_cli(["pair", src, story, "--src-lang", "ru", "--tgt-lang", "en", "-o", tmp_path / "a.txt"],
                           capsys)
    assert code == 0 and "very unequal" in err, err


def test_score_interface(capsys, tmp_path):
    p = tmp_path / "pairs.tsv"
    ru = "В 2023 году выросло на 7%."
    p.write_text(f"{ru}\tIn 2023 it grew by 7%.\n{ru}\tIn 2023 it grew by 8%.\n", encoding="utf-8")
    code, out, err = run_cli(["score", p], capsys)
    assert code == 0, err
    a, b = [json.loads(x) for x in out.splitlines()]
    for r in (a, b):
        assert {"similarity", "fidelity", "verdict", "flags", "omission", "addition"} <= set(r)
    assert a["fidelity"] > b["fidelity"]
    assert any(f["type"] == "number" for f in b["flags"]) and b["verdict"] == "altered"


def test_score_long_line_warning_names_the_file_line(capsys, tmp_path):
    # the warning for a pair far longer than a sentence says where it is in the input, not its index among the pairs
    p = tmp_path / "pairs.tsv"
    ru = " ".join(["город", "дом", "работа", "Москва", "и", "время"] * 700)
    en = " ".join(["city", "house", "work", "Moscow", "and", "time"] * 700)
    p.write_text(f"\nКошка спит.\tThe cat is asleep.\n\n{ru}\t{en}\n", encoding="utf-8")
    code, out, err = run_cli(["score", p], capsys)
    assert code == 0, err
    assert len(out.splitlines()) == 2
    assert f"{p} line 4:" in err and "far longer than a sentence" in err, err


def test_eval_says_when_gold_test_and_sentence_files_do_not_fit(capsys, tmp_path):
    g, t = tmp_path / "gold.txt", tmp_path / "test.txt"
    g.write_text("[0]:[0]\n[1]:[1, 2]\n[2]:[3]\n")
    t.write_text("[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n[4]:[4]\n")
    code, out, err = run_cli(["eval", g, t], capsys)
    assert code == 0 and json.loads(out)["gold_links"] == 3
    assert "covers 3 source / 4 target sentences but" in err and "5 / 5" in err
    ru, en = tmp_path / "ru.txt", tmp_path / "en.txt"
    ru.write_text("a\nb\nc\n")
    en.write_text("x\ny\nz\nw\n")
    report = tmp_path / "r.html"
    code, _, err = run_cli(["eval", g, g, "--src", ru, "--tgt", en, "--report", report], capsys)
    assert code == 0 and report.exists() and "warning" not in err
    code, _, err = run_cli(["eval", g, g, "--src", en, "--tgt", ru, "--report", tmp_path / "s.html"], capsys)
    assert_clean_error(code, err, "en.txt", "swapped")
    assert not (tmp_path / "s.html").exists()
    short = tmp_path / "short.txt"
    short.write_text("a\n")
    code, _, err = run_cli(["eval", g, g, "--src", short, "--tgt", en, "--report", tmp_path / "s.html"], capsys)
    assert_clean_error(code, err, "short.txt", "1 sentences, but the links number 3 source sentences")


def test_score_warns_when_the_columns_are_swapped(capsys, tmp_path):
    p = tmp_path / "pairs.tsv"
    p.write_text("Hello, world.\tПривет, мир.\nHow are you?\tКак дела?\n", encoding="utf-8")
    code, out, err = run_cli(["score", p, "--src-lang", "ru", "--tgt-lang", "en"], capsys)
    assert code == 0 and len(out.splitlines()) == 2
    assert "the source column: labelled 'ru'" in err and "the translation column: labelled 'en'" in err
    p.write_text("Привет, мир.\tHello, world.\n", encoding="utf-8")
    code, _, err = run_cli(["score", p, "--src-lang", "ru", "--tgt-lang", "en"], capsys)
    assert code == 0 and "warning" not in err


def test_score_corpus_gives_one_object_with_corpus_metrics(capsys, tmp_path):
    import sacrebleu

    p, r = tmp_path / "pairs.tsv", tmp_path / "ref.txt"
    p.write_text("Привет, мир.\tHello, world.\nКак дела?\tHow are you?\n", encoding="utf-8")
    r.write_text("Hello world.\nHow are you doing?\n", encoding="utf-8")
    code, out, _ = run_cli(["score", p, "--ref", r, "--corpus"], capsys)
    (obj,) = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and obj["n"] == 2 and sum(obj["verdicts"].values()) == 2
    want = sacrebleu.corpus_bleu(["Hello, world.", "How are you?"], [["Hello world.", "How are you doing?"]]).score
    assert obj["ref"]["bleu"] == pytest.approx(round(want, 2)) and "nrefs:1" in obj["ref"]["signatures"]["bleu"]
