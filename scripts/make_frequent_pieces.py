#!/usr/bin/env python
"""Write ``align/resources/usem_frequent.npy``: the default encoder's most frequent SentencePiece ids.

The encoder computes per-piece tables for these while its tokenizer loads
(``align.usem._NumpyImpl.prepare_frequent``); a chunk of text then computes
tables only for its other pieces. Counted on dev text only (Kremlin
transcript, WMT24 paragraphs, MLQE-PE train, Text+Berg dev; ru, en, de, fr),
not on the NTREX/FLORES sentences the speed benchmark embeds.

Usage: .venv/bin/python scripts/make_frequent_pieces.py [--data ../shared/data] [--n 12000]
"""

from __future__ import annotations

import argparse
import collections
import csv
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def texts(data: Path) -> list[str]:
    out: list[str] = []
    for name in ("kremlin-2024-02-09-interview/ru.txt", "kremlin-2024-02-09-interview/en.txt",
                 "textberg-dev-de-fr/dev.de", "textberg-dev-de-fr/dev.fr"):
        out += (data / name).read_text(encoding="utf-8").splitlines()
    for name in ("wmt24-en-ru/en.txt", "wmt24-en-ru/ru.txt"):
        out += (data / name).read_text(encoding="utf-8").splitlines()[1:]  # line 1 is a canary
    with open(data / "mlqe-pe-ru-en" / "train.ruen.df.short.tsv", encoding="utf-8") as fh:
        rows = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        for row in rows:
            out += [row[1], row[2]]
    return [t for t in out if t.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--n", type=int, default=12000)
    a = ap.parse_args()
    from align import spm

    counts: collections.Counter[int] = collections.Counter()
    for ids in spm.processor().encode(texts(Path(a.data))):
        counts.update(ids)
    top = np.array([i for i, _ in counts.most_common(a.n)], dtype=np.int32)
    out = ROOT / "align" / "resources" / "usem_frequent.npy"
    np.save(out, top)
    print(f"{out}: {len(top)} of {len(counts)} distinct pieces, {sum(counts.values())} tokens counted")


if __name__ == "__main__":
    main()
