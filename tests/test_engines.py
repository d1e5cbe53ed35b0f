"""Engines: a local pool of worker processes and Ray give the same alignments as one process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from align.cli import main


def _alignments(out):
    return {p.name: (p / "alignment.txt").read_bytes() for p in sorted((out / "pairs").iterdir())}


@pytest.fixture(scope="module")
def reference_run(small_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("ref") / "out"
    assert main(["run", str(small_corpus), "-o", str(out), "--workers", "1", "-q"]) == 0
    return out


def test_local_pool_matches_single_process(small_corpus, reference_run, tmp_path):
    out = tmp_path / "pool"
    assert main(["run", str(small_corpus), "-o", str(out), "--workers", "2", "-q"]) == 0
    assert _alignments(out) == _alignments(reference_run)


def test_ray_engine_matches_local(small_corpus, reference_run, tmp_path):
    pytest.importorskip("ray")
    out = tmp_path / "ray"
    # a fresh process: Ray starts a local cluster on loopback and shuts it down on exit
    r = subprocess.run([sys.executable, "-m", "align", "run", str(small_corpus), "-o", str(out), "--engine", "ray",
                        "--num-cpus", "2"], capture_output=True, text=True, timeout=900,
                       env={**__import__("os").environ, "RAY_USAGE_STATS_ENABLED": "0"})
    assert r.returncode == 0, r.stderr[-3000:]
    assert _alignments(out) == _alignments(reference_run)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["engine"] == "ray" and summary["n_ok"] == 3


def test_ray_missing_message(monkeypatch, capsys, small_corpus, tmp_path):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *a, **k):
        if name == "ray" or name.startswith("ray."):
            raise ImportError("no ray")
        return real_import(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    code = main(["run", str(small_corpus), "-o", str(tmp_path / "o"), "--engine", "ray"])
    err = capsys.readouterr().err
    assert code == 2 and "pip install 'align[ray]'" in err
