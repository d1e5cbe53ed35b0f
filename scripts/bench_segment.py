"""Benchmark sentence segmentation: ours vs razdel vs pySBD on FLORES dev and NTREX-128.

Gold: FLORES-200 dev lines grouped by source URL (metadata_dev.tsv) and NTREX-128 lines grouped
by document (DOCUMENT_IDS.tsv) are joined by a space into paragraphs; each join is a gold
sentence boundary. A splitter's boundary is the start of each sentence but the first; it hits
a gold boundary when it falls on the start of a gold line. We print recall of the gold
boundaries and the number of extra boundaries (a FLORES line can hold two sentences, so some
extras are right), plus speed in seconds per MB of UTF-8 text (pySBD timed on a sample).

Run from the repo root: ``.venv/bin/python scripts/bench_segment.py [--data ../shared/data]``.
``--show N`` prints up to N missed and N extra boundaries of our splitter per set;
``--stripped`` also prints the recall of boundaries whose line lost its final punctuation
(strips it from each line in turn: slower).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.segmenter import segment  # noqa: E402

Splitter = Callable[[str], list[int]]  # paragraph -> sentence start offsets


def _lines(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]


def _group(lines: list[str], keys: list[str]) -> list[list[str]]:
    groups: list[list[str]] = []
    prev = None
    for line, key in zip(lines, keys, strict=True):
        if key != prev or not groups:
            groups.append([])
            prev = key
        if line:
            groups[-1].append(line)
    return [g for g in groups if g]


def load_sets(data: Path) -> dict[str, list[list[str]]]:
    """``{"flores-ru": [[line, ...] per paragraph], ...}`` for FLORES dev and NTREX, ru and en."""
    sets: dict[str, list[list[str]]] = {}
    fl = data / "flores200-dev-rus-eng"
    with open(fl / "metadata_dev.tsv", encoding="utf-8") as f:
        urls = [row[0] for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)][1:]
    sets["flores-ru"] = _group(_lines(fl / "rus.dev"), urls)
    sets["flores-en"] = _group(_lines(fl / "eng.dev"), urls)
    nt = data / "ntrex128-en-ru"
    ids = _lines(nt / "DOCUMENT_IDS.tsv")
    sets["ntrex-ru"] = _group(_lines(nt / "newstest2019-ref.rus.txt"), ids)
    sets["ntrex-en"] = _group(_lines(nt / "newstest2019-src.eng.txt"), ids)
    return sets


def _starts_from_texts(para: str, sents: list[str]) -> list[int]:
    """Offsets of sentence texts found in order in ``para`` (for splitters without offsets)."""
    out, cur = [], 0
    for s in sents:
        s = s.strip()
        if not s:
            continue
        i = para.find(s, cur)
        if i < 0:  # text changed by the splitter: look for its first 20 characters
            i = para.find(s[:20], cur)
        if i >= 0:
            out.append(i)
            cur = i + len(s) if para.startswith(s, i) else i + 1
    return out


def splitters(lang: str) -> dict[str, Splitter]:
    """The splitters compared for ``lang``: ours, razdel, pySBD (when installed)."""
    out: dict[str, Splitter] = {"ours": lambda p: [s.start for s in segment(p, lang)]}
    try:
        import razdel

        out["razdel"] = lambda p: [s.start for s in razdel.sentenize(p)]
    except ImportError:
        pass
    try:
        import pysbd

        seg = pysbd.Segmenter(language=lang, clean=False)
        out["pysbd"] = lambda p: _starts_from_texts(p, seg.segment(p))
    except ImportError:
        pass
    return out


_PUNCT_END = re.compile(r"[.?!…;][\"'»”’)\]]*$")


def evaluate(paras: list[list[str]], split: Splitter, show: int = 0) -> tuple[float, float, int, int]:
    """(recall of gold boundaries, recall of punctuated ones, extra boundaries, gold boundaries).

    A *punctuated* gold boundary follows a line that ends in ``.?!…;`` (+ closing quotes or
    brackets); the others (headlines, lines ending in ``:`` or a word) cannot be found
    once lines are joined by a space.
    """
    hit = extra = gold_n = punct_n = punct_hit = 0
    missed: list[str] = []
    extras: list[str] = []
    for lines in paras:
        para = " ".join(lines)
        gold, punct, pos = set(), set(), 0
        for ln in lines[:-1]:
            pos += len(ln) + 1
            gold.add(pos)
            if _PUNCT_END.search(ln):
                punct.add(pos)
        pred = {s for s in split(para) if s > 0}
        hit += len(gold & pred)
        punct_hit += len(punct & pred)
        punct_n += len(punct)
        extra += len(pred - gold)
        gold_n += len(gold)
        if show:
            for g in sorted(gold - pred):
                missed.append(para[max(0, g - 60) : g] + " ||| " + para[g : g + 40])
            for x in sorted(pred - gold):
                extras.append(para[max(0, x - 60) : x] + " ||| " + para[x : x + 40])
    if show:
        for title, items in (("missed", missed), ("extra", extras)):
            for it in items[:show]:
                print(f"    {title}: {it}")
    return (hit / gold_n if gold_n else 1.0), (punct_hit / punct_n if punct_n else 1.0), extra, gold_n


def stripped_recall(paras: list[list[str]], split: Splitter) -> float:
    """Share of gold boundaries still found when the line before loses its final ``.?!…;``.

    Estimates how a splitter copes with sentences whose full stop is missing (headings, FLORES
    lines without final punctuation), which the gold of unseen text also holds.
    """
    hit = total = 0
    for lines in paras:
        for i in range(len(lines) - 1):
            cut = _PUNCT_END.sub("", lines[i]) if _PUNCT_END.search(lines[i]) else ""
            if not cut.strip():
                continue
            ls = lines[:i] + [cut.rstrip()] + lines[i + 1 :]
            pos = sum(len(ln) + 1 for ln in ls[: i + 1])
            total += 1
            hit += pos in set(split(" ".join(ls)))
    return hit / total if total else 1.0


def speed(paras: list[list[str]], split: Splitter, max_chars: int | None = None) -> float:
    """Seconds per MB (UTF-8) to split the paragraphs (on a sample of ``max_chars`` if given)."""
    texts = [" ".join(p) for p in paras]
    if max_chars is not None:
        sample, n = [], 0
        for t in texts:
            if n > max_chars:
                break
            sample.append(t)
            n += len(t)
        texts = sample
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    t0 = time.perf_counter()
    for t in texts:
        split(t)
    return (time.perf_counter() - t0) / size


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="../shared/data", help="shared data folder (default ../shared/data)")
    ap.add_argument("--show", type=int, default=0, help="print up to N missed/extra boundaries of ours")
    ap.add_argument(
        "--stripped", action="store_true", help="also print recall when the line before a boundary lost its .?!…;"
    )
    a = ap.parse_args(argv)
    sets = load_sets(Path(a.data))
    print("recall = of all gold boundaries / of those after .?!…; (headlines can't be found); extra = extra boundaries")
    print(
        f"{'set':<10} {'gold':>5} | "
        + " | ".join(f"{n:<6}  recall/punct  extra  s/MB" for n in ("ours", "razdel", "pysbd"))
    )
    for name, paras in sets.items():
        lang = name.split("-")[1]
        row = []
        gold_n = 0
        for sname, split in splitters(lang).items():
            rec, prec, extra, gold_n = evaluate(paras, split, a.show if sname == "ours" else 0)
            spm = speed(paras, split, 30_000 if sname == "pysbd" else None)
            row.append(f"{rec:12.4f}/{prec:.4f} {extra:5d} {spm:5.2f}")
        print(f"{name:<10} {gold_n:5d} | " + " | ".join(row))
        if a.stripped:
            found = {n: stripped_recall(paras, f) for n, f in splitters(lang).items() if n != "pysbd"}
            print(f"{'':<10} line before lost its .?!…;: recall " + ", ".join(f"{n} {r:.3f}" for n, r in found.items()))
    # 1 MB timing of ours on running text (the Kremlin transcript repeated).
    for lang in ("ru", "en"):
        kr = Path(a.data) / "kremlin-2024-02-09-interview" / f"{lang}.txt"
        if kr.exists():
            t = kr.read_text(encoding="utf-8")
            t = t * (1 + 1_000_000 // len(t.encode("utf-8")))
            t0 = time.perf_counter()
            n = len(segment(t, lang))
            dt = time.perf_counter() - t0
            print(f"ours, Kremlin {lang} x{len(t.encode('utf-8')) / 1e6:.2f} MB: {dt:.3f} s ({n} sentences)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
