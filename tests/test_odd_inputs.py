"""Odd but valid input: a warning on stderr, a sensible result, exit 0."""

from __future__ import annotations

from pathlib import Path

from align.cli import main

NTREX = Path(__file__).resolve().parent.parent / "corpora" / "ntrex"
KREMLIN = Path(__file__).resolve().parent.parent / "corpora" / "kremlin"


def _run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_unrelated_documents_warn(tmp_path, capsys):
    ru = tmp_path / "k.ru.txt"
    ru.write_text("\n".join((KREMLIN / "2024-02-09-interview.ru.txt").read_text(encoding="utf-8").splitlines()[:12]),
                  encoding="utf-8")
    out = tmp_path / "al.txt"
    code, _, err = _run(["pair", ru, NTREX / "cnn.304489.en.txt", "-o", out], capsys)
    assert code == 0 and out.exists()
    assert "do not look like translations" in err and "mean similarity" in err


def test_swapped_languages_warn(tmp_path, capsys):
    out = tmp_path / "al.txt"
    code, _, err = _run(["pair", NTREX / "cnn.304489.en.txt", NTREX / "cnn.304489.ru.txt", "-o", out], capsys)
    assert code == 0 and out.exists()
    assert "labelled 'ru' but the text is in Latin script" in err
    assert "it looks like Russian" in err


def test_related_documents_do_not_warn(tmp_path, capsys):
    out = tmp_path / "al.txt"
    code, _, err = _run(["pair", NTREX / "cnn.304489.ru.txt", NTREX / "cnn.304489.en.txt", "-o", out], capsys)
    assert code == 0 and err == ""


def test_bom_crlf_zero_width_nbsp_soft_hyphen(tmp_path, capsys):
    src = tmp_path / "s.txt"
    tgt = tmp_path / "t.txt"
    src.write_bytes("\ufeffПрези\u00adдент прибыл в\u00a0Москву.\r\nОн\u200b встретился с министрами.\r\n".encode())
    tgt.write_bytes("\ufeffThe president arrived in Moscow.\r\nHe met the ministers.\r\n".encode())
    out = tmp_path / "al.txt"
    code, _, err = _run(["pair", src, tgt, "-o", out], capsys)
    assert code == 0
    assert [ln.rsplit(":", 1)[0] for ln in out.read_text().splitlines()] == ["[0]:[0]", "[1]:[1]"]


def test_huge_line_without_punctuation_is_capped(tmp_path, capsys):
    p = tmp_path / "big.txt"
    p.write_text(" ".join(["слово"] * 200_000), encoding="utf-8")  # 1.2 MB, one line
    code, out, err = _run(["segment", "--lang", "ru", p], capsys)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) > 100 and max(len(x) for x in lines) <= 2100
    assert "1,199,999 characters with no sentence-ending punctuation" in err and str(p) in err


def test_unpunctuated_pair_warns_and_aligns(tmp_path, capsys):
    ru = (KREMLIN / "2024-02-09-interview.ru.txt").read_text(encoding="utf-8").splitlines()[:40]
    en = [x for x in (KREMLIN / "2024-02-09-interview.en.txt").read_text(encoding="utf-8").splitlines() if x][:40]
    src, tgt = tmp_path / "s.txt", tmp_path / "t.txt"
    strip = str.maketrans({c: " " for c in ".!?…;:«»\"“”"})
    src.write_text(" ".join(ru).translate(strip), encoding="utf-8")
    tgt.write_text(" ".join(en).translate(strip), encoding="utf-8")
    out = tmp_path / "al.txt"
    code, _, err = _run(["pair", src, tgt, "-o", out], capsys)
    assert code == 0 and out.exists()
    assert "s.txt: " in err and "t.txt: " in err and "no sentence-ending punctuation" in err
    assert len(out.read_text().splitlines()) >= 4


def test_punctuated_text_does_not_warn_about_punctuation(tmp_path, capsys):
    code, _, err = _run(["segment", "--lang", "en", NTREX / "cnn.304489.en.txt"], capsys)
    assert code == 0 and "punctuation" not in err


def test_very_unequal_lengths_warn(tmp_path, capsys):
    src = tmp_path / "s.txt"
    src.write_text("Президент прибыл в Москву.", encoding="utf-8")
    out = tmp_path / "al.txt"
    code, _, err = _run(["pair", src, NTREX / "upi.176266.en.txt", "-o", out], capsys)
    assert code == 0 and out.exists()
    assert "unequal lengths" in err
