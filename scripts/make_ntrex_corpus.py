"""Rebuild NTREX-128 en-ru documents as plain-paragraph pairs (as in corpora/ntrex) for benchmarks.

Usage: python scripts/make_ntrex_corpus.py OUT_DIR [--data ../shared/data] [--limit N]
"""

from __future__ import annotations

import argparse
from collections import OrderedDict
from pathlib import Path


def build(data: Path, out: Path, limit: int | None = None) -> list[str]:
    d = data / "ntrex128-en-ru"
    ids = [x.strip() for x in (d / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()]
    en = [x.rstrip("\r") for x in (d / "newstest2019-src.eng.txt").read_text(encoding="utf-8").split("\n")]
    ru = [x.rstrip("\r") for x in (d / "newstest2019-ref.rus.txt").read_text(encoding="utf-8").split("\n")]
    docs: OrderedDict[str, list[int]] = OrderedDict()
    for i, doc in enumerate(ids):
        docs.setdefault(doc, []).append(i)
    out.mkdir(parents=True, exist_ok=True)
    names = []
    for doc, idx in list(docs.items())[:limit]:
        for lang, lines in (("en", en), ("ru", ru)):
            sents = [lines[i].strip() for i in idx]
            paras = [sents[0]] + [" ".join(sents[k:k + 3]) for k in range(1, len(sents), 3)]
            (out / f"{doc}.{lang}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
        names.append(doc)
    return names


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--limit", type=int, default=None)
    a = ap.parse_args()
    print(len(build(a.data, a.out, a.limit)), "document pairs written to", a.out)
