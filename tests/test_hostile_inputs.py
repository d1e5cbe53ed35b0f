"""Inputs and output paths that once destroyed data, crashed or hung (found by fuzzing the CLI, session 23)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import numpy as np
import pytest

from align.cli import main
from align.io import read_text
from align.pipeline import find_pairs


def _one_error_line(err: str) -> str:
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("align: error:") and "Traceback" not in err, err
    return lines[0]


def test_pair_ids_that_name_no_folder_of_their_own_are_refused(tmp_path):
    """``...ru.txt`` gives the id "..": OUT/pairs/.. is OUT, and the run once deleted the whole output directory."""
    c = tmp_path / "c"
    c.mkdir()
    for name in ("...ru.txt", "...en.txt", "..ru.txt", "..en.txt", ".tmp-x.ru.txt", ".tmp-x.en.txt"):
        (c / name).write_text("Привет, мир." if ".ru." in name else "Hello, world.", encoding="utf-8")
    (c / "folder.ru.txt").mkdir()
    (c / "folder.en.txt").write_text("Hello.", encoding="utf-8")
    jobs, failed = find_pairs(c, "ru", "en")
    assert jobs == []
    reasons = {f["id"]: f["error"] for f in failed}
    assert set(reasons) == {"..", ".", ".tmp-x", "folder"}
    assert "cannot name a pair's output folder" in reasons[".."]
    assert "is a directory" in reasons["folder"]


def test_a_run_with_such_ids_leaves_the_output_directory_alone(tmp_path, capsys):
    c, out = tmp_path / "c", tmp_path / "out"
    c.mkdir()
    out.mkdir()
    (c / "...ru.txt").write_text("Привет, мир.", encoding="utf-8")
    (c / "...en.txt").write_text("Hello, world.", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["run", str(c), "-o", str(out)]) == 1
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [(p["id"], p["status"]) for p in summary["pairs"]] == [("..", "failed")]
    assert "Traceback" not in capsys.readouterr().err


def test_the_tokenizer_prefetch_does_not_abort_a_fast_exit():
    """A daemon thread still inside SentencePiece at interpreter exit aborted the process (status 134) in most runs
    of a command that ended about 0.45 s after the prefetch began."""
    code = "from align.spm import prefetch, _state; prefetch(); assert not _state['thread'].daemon"
    for delay in ("", "; import time; time.sleep(0.3)", "; import time; time.sleep(0.45)"):
        r = subprocess.run([sys.executable, "-c", code + delay], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("size", ["13", "30"])
def test_max_size_beyond_the_dp_s_moves_is_a_clean_error(tmp_path, capsys, size):
    """``--max-size 18`` overflowed the DP's int8 move indices; 1000 ran out of memory."""
    (tmp_path / "a.txt").write_text("Привет.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Hello.", encoding="utf-8")
    code = main(["pair", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--max-size", size])
    assert code == 2
    assert "--max-size" in _one_error_line(capsys.readouterr().err)


def test_an_output_path_that_is_an_input_is_refused(tmp_path, capsys):
    f = tmp_path / "t.txt"
    f.write_text("One. Two.", encoding="utf-8")
    assert main(["segment", "--lang", "en", str(f), "-o", str(f)]) == 2
    assert "is also an input" in _one_error_line(capsys.readouterr().err)
    assert f.read_text(encoding="utf-8") == "One. Two."


def test_an_output_symlink_writes_its_target_and_stays_a_link(tmp_path, capsys):
    f, target, link = tmp_path / "t.txt", tmp_path / "target.txt", tmp_path / "link.txt"
    f.write_text("One. Two.", encoding="utf-8")
    target.write_text("old", encoding="utf-8")
    link.symlink_to(target)
    assert main(["segment", "--lang", "en", str(f), "-o", str(link)]) == 0
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "One.\nTwo.\n"


def test_an_output_fifo_is_written_in_place(tmp_path, capsys):
    """A named pipe (or /dev/null) was replaced by a regular file: the atomic rename has nothing to replace there."""
    f, fifo = tmp_path / "t.txt", tmp_path / "pipe"
    f.write_text("One. Two.", encoding="utf-8")
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    assert main(["segment", "--lang", "en", str(f), "-o", str(fifo)]) == 0
    reader.join(10)
    assert got == ["One.\nTwo.\n"]
    assert fifo.is_fifo()


def test_embed_writes_npy_to_standard_output_with_dash(tmp_path):
    f = tmp_path / "t.txt"
    f.write_text("Hello.\nWorld.\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "align", "embed", str(f), "--lang", "en", "-o", "-"],
                       capture_output=True, timeout=300, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    import io

    assert np.load(io.BytesIO(r.stdout)).shape == (2, 512)
    assert not (tmp_path / "-").exists()


def test_utf16_and_utf32_inputs(tmp_path):
    """``--encoding utf-16`` (which the error message suggests) was itself refused as binary data."""
    text = "Привет, мир. Как дела?\n"
    for enc, raw, kind in (("utf-16", text.encode("utf-16"), "UTF-16"), ("utf-16-le", text.encode("utf-16-le"),
                                                                         "UTF-16"),
                           ("utf-32", text.encode("utf-32"), "UTF-32")):
        p = tmp_path / f"{enc}.txt"
        p.write_bytes(raw)
        with pytest.raises(Exception, match=f"looks like {kind}"):
            read_text(p)
        assert read_text(p, enc) == text


def test_a_nul_byte_after_the_first_64_kb_is_binary_data(tmp_path):
    p = tmp_path / "t.txt"
    p.write_bytes(b"Hello world. " * 6000 + b"\x00\x01" + b"More text.\n")
    with pytest.raises(Exception, match="binary data"):
        read_text(p)


def test_eval_sentence_files_are_read_as_inputs(tmp_path, capsys):
    gold, test = tmp_path / "gold.txt", tmp_path / "test.txt"
    gold.write_text("[0]:[0]\n", encoding="utf-8")
    test.write_text("[0]:[]\n[]:[0]\n", encoding="utf-8")
    src, tgt = tmp_path / "s.txt", tmp_path / "t.txt"
    src.write_bytes("Привет.\n".encode("cp1251"))
    tgt.write_text("Hello.\n", encoding="utf-8")
    report = tmp_path / "r.html"
    code = main(["eval", str(gold), str(test), "--report", str(report), "--src", str(src)])
    assert code == 2 and "--src and --tgt" in _one_error_line(capsys.readouterr().err)
    code = main(["eval", str(gold), str(test), "--report", str(report), "--src", str(src), "--tgt", str(tgt)])
    assert code == 2 and "not valid UTF-8" in _one_error_line(capsys.readouterr().err)
    assert not report.exists()
    code = main(["eval", str(gold), str(test), "--report", str(report), "--src", str(src), "--tgt", str(tgt),
                 "--encoding", "cp1251"])
    assert code == 0 and "Привет." in report.read_text(encoding="utf-8")


def test_an_unknown_device_is_refused_before_anything_runs(tmp_path, capsys):
    f = tmp_path / "t.txt"
    f.write_text("Hello.", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["embed", str(f), "--lang", "en", "-o", str(tmp_path / "e.npy"), "--device", "banana"])
    assert exc.value.code == 2 and "banana" in capsys.readouterr().err
    assert not (tmp_path / "e.npy").exists()


def test_the_index_links_percent_encode_pair_ids():
    from align.report import render_index

    page = render_index({"pairs": [{"id": "a#b 50%", "status": "ok", "report": "pairs/a#b 50%/report.html"}]})
    assert 'href="pairs/a%23b%2050%25/report.html"' in page


def test_untranslated_check_is_linear_in_a_token_without_spaces():
    """An e-mail pattern tried from every character of a long token made ``align score`` quadratic: a 120,000-letter
    token took 46 s, a 500,000-letter one over 10 minutes."""
    from align.evidence import untranslated_share

    share = untranslated_share("Привет, как дела у вас сегодня?", "x" * 300_000 + " hello there friend", "ru", "en")
    assert 0.0 <= share <= 1.0


def test_an_alignment_line_without_words_is_named_by_its_line(tmp_path, capsys):
    """``[]:[]`` has no letter or digit: the input check said "no text" instead of naming the bad line."""
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_text("[]:[]\n", encoding="utf-8")
    good.write_text("[0]:[0]\n", encoding="utf-8")
    assert main(["eval", str(bad), str(good)]) == 2
    assert "line 1: link with both sides empty" in _one_error_line(capsys.readouterr().err)


def test_eval_sentence_files_skip_blank_lines_as_presplit_does(tmp_path, capsys):
    # `align segment` output has a blank line between paragraphs; `align pair --presplit` numbers no blank line, so
    # the report must not either (it paired each sentence with the one before its translation)
    gold, test = tmp_path / "gold.txt", tmp_path / "test.txt"
    gold.write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    test.write_text("[0]:[1]\n[1]:[0]\n", encoding="utf-8")
    src, tgt = tmp_path / "s.txt", tmp_path / "t.txt"
    src.write_text("Первое предложение.\n\nВторое предложение.\n", encoding="utf-8")
    tgt.write_text("First sentence.\n\nSecond sentence.\n", encoding="utf-8")
    report = tmp_path / "r.html"
    code = main(["eval", str(gold), str(test), "--report", str(report), "--src", str(src), "--tgt", str(tgt)])
    assert code == 0, capsys.readouterr().err
    page = report.read_text(encoding="utf-8")
    assert "Второе предложение." in page and "Second sentence." in page
