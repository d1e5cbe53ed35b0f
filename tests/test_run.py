"""`align run`: the corpus job, its files, failure isolation, resume after a kill."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from align.cli import main

PAIR_FILES = ["src.sents", "tgt.sents", "alignment.txt", "alignment.tsv", "quotes.jsonl", "report.html"]


def _check_pair_dir(d: Path) -> None:
    for name in PAIR_FILES:
        assert (d / name).is_file(), name
    n_src = len((d / "src.sents").read_text(encoding="utf-8").splitlines())
    n_tgt = len((d / "tgt.sents").read_text(encoding="utf-8").splitlines())
    seen_s, seen_t = [], []
    for line in (d / "alignment.txt").read_text().splitlines():
        s, t, score = line.split(":")
        seen_s += json.loads(s)
        seen_t += json.loads(t)
        assert 0 <= float(score) <= 1
    assert seen_s == list(range(n_src)) and seen_t == list(range(n_tgt))
    html = (d / "report.html").read_text(encoding="utf-8")
    # self-contained: nothing fetched from the network (an SVG namespace is a name, not a fetch)
    assert "http://" not in html.replace('xmlns="http://www.w3.org', "") and "https://" not in html
    assert "<table" in html or "<div" in html
    # the modes any written file gets (tempfile makes 0600 / 0700: a report others could not read)
    mask = os.umask(0)
    os.umask(mask)
    assert d.stat().st_mode & 0o777 == 0o777 & ~mask and (d / "report.html").stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_run_corpus_and_resume(small_corpus, tmp_path, capsys, umask_022):
    out = tmp_path / "out"
    code = main(["run", str(small_corpus), "-o", str(out), "--workers", "1"])
    stdout = capsys.readouterr().out
    assert code == 0
    assert "index.html" in stdout
    summary = json.loads((out / "summary.json").read_text())
    assert summary["n_pairs"] == 3 and summary["n_ok"] == 3
    for p in summary["pairs"]:
        _check_pair_dir(out / "pairs" / p["id"])
    assert (out / "index.html").is_file()
    # resume: nothing to redo, finished files untouched
    stamp = (out / "pairs" / "cnn.304489" / "alignment.txt").stat().st_mtime_ns
    code = main(["run", str(small_corpus), "-o", str(out), "--workers", "1"])
    assert code == 0
    assert (out / "pairs" / "cnn.304489" / "alignment.txt").stat().st_mtime_ns == stamp


def test_bad_pair_does_not_stop_the_run(small_corpus, tmp_path, capsys):
    corpus = tmp_path / "c"
    shutil.copytree(small_corpus, corpus)
    (corpus / "broken.ru.txt").write_bytes(b"\x00\x01binary\x00")
    (corpus / "broken.en.txt").write_text("Hello.")
    (corpus / "lonely.ru.txt").write_text("Одинокий файл.", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["run", str(corpus), "-o", str(out), "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert "broken" in err and "binary" in err and "Traceback" not in err
    summary = json.loads((out / "summary.json").read_text())
    status = {p["id"]: p["status"] for p in summary["pairs"]}
    assert status == {"bbc.381790": "ok", "cnn.304489": "ok", "upi.176266": "ok", "broken": "failed",
                      "lonely": "failed"}
    assert not (out / "pairs" / "broken").exists()
    assert not list((out / "pairs").glob(".tmp-*"))


def test_kill_and_resume(small_corpus, tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "align", "run", str(small_corpus), "-o", str(out), "--workers", "1", "--no-cache"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.time() + 300
    pairs = out / "pairs"
    # kill as soon as the first pair is finished (mid-run)
    while time.time() < deadline:
        if pairs.is_dir() and [p for p in pairs.iterdir() if not p.name.startswith(".")]:
            break
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.fail(f"run ended (exit {proc.returncode}) before it could be killed: {proc.stderr.read()[-2000:]!r}")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = sorted(p.name for p in pairs.iterdir() if not p.name.startswith("."))
    assert len(done_before) < 3, "run finished before it could be killed"
    for name in done_before:
        _check_pair_dir(pairs / name)
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    done_after = sorted(p.name for p in pairs.iterdir())
    assert done_after == ["bbc.381790", "cnn.304489", "upi.176266"]
    for name in done_after:
        _check_pair_dir(pairs / name)
    assert not list(out.rglob("*.tmp")) and not list(pairs.glob(".tmp-*"))
