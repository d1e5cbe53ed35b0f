"""Throughput of `align run` (pairs per minute): local 1 worker, local N workers, Ray on this machine.

Builds a corpus of NTREX-128 en-ru news documents (ru source, en target) rebuilt as plain paragraphs,
runs each engine into a fresh output directory with the embedding cache off, checks that every
engine wrote byte-identical alignment files, and prints a table.

Usage: python scripts/bench_scale.py [--data ../shared/data] [--pairs 40] [--workers N] [--no-ray]
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_ntrex_corpus import build  # noqa: E402


def run(corpus: Path, out: Path, extra: list[str]) -> float:
    cmd = [sys.executable, "-m", "align", "run", str(corpus), "-o", str(out), "--no-cache", "-q", *extra]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "RAY_USAGE_STATS_ENABLED": "0"})
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{r.stderr[-2000:]}")
    return dt


def same_alignments(a: Path, b: Path) -> tuple[int, int]:
    names = sorted(p.name for p in (a / "pairs").iterdir())
    same = sum(filecmp.cmp(a / "pairs" / n / "alignment.txt", b / "pairs" / n / "alignment.txt", shallow=False)
               for n in names)
    return same, len(names)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--pairs", type=int, default=40)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--no-ray", action="store_true")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        n = len(build(a.data, corpus, a.pairs))
        rows = []
        t1 = run(corpus, Path(tmp) / "w1", ["--workers", "1"])
        rows.append(("local, 1 worker", t1, Path(tmp) / "w1"))
        tn = run(corpus, Path(tmp) / "wn", ["--workers", str(a.workers)])
        rows.append((f"local, {a.workers} workers", tn, Path(tmp) / "wn"))
        try:
            import ray  # noqa: F401

            have_ray = not a.no_ray
        except ImportError:
            have_ray = False
        if have_ray:
            tr = run(corpus, Path(tmp) / "ray", ["--engine", "ray", "--num-cpus", str(a.workers)])
            rows.append((f"ray (local cluster, {a.workers} CPUs)", tr, Path(tmp) / "ray"))
        print(f"corpus: {n} NTREX-128 ru→en document pairs, cache off, {os.cpu_count()} cores")
        print(f"{'engine':38s} {'seconds':>8s} {'pairs/min':>10s} {'same alignments as local N':>28s}")
        for name, dt, out in rows:
            same, total = same_alignments(rows[1][2], out)
            print(f"{name:38s} {dt:8.1f} {60 * n / dt:10.1f} {same:>20d}/{total}")


if __name__ == "__main__":
    main()
