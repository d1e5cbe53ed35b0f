#!/usr/bin/env python3
"""Sentence-alignment benchmark: accuracy (strict / lax P/R/F1), speed and memory on real data.

Run from the repository root: ``.venv/bin/python scripts/bench_align.py [--quick] [--case NAME ...]``

Cases (data from ``../shared/data``):

* ``textberg``  Text+Berg dev de-fr (presplit, gold ``dev.defr``);
* ``ntrex``     NTREX-128 ru-en news documents (ru source, en target) with simulated merges
  (adjacent sentences joined on one side: 1-2 / 2-1 / 1-3 gold links) and deletions (0-1 / 1-0),
  aligned per document;
* ``ntrex-long`` the same documents concatenated into one ~2,000 x 2,000 document;
* ``wmt24``     WMT24 en-ru paragraphs, segmented into sentences per document; reports how many
  aligned pairs fall inside their gold paragraph pair (no sentence gold exists);
* ``long``      a ~20,000 x 20,000-sentence document made by concatenating perturbed NTREX and FLORES
  documents in shuffled orders (run in a subprocess: time and peak RSS);
* ``kremlin``   the Kremlin interview transcript (no gold): score distribution and unsure links.

Figures on a 2-core CPU, default encoder (USE-m v3), default options, embeddings cached
(strict F1 / lax F1): textberg 0.9362 / 0.9930 (merge model fitted on this document; 0.936 cross-validated by
scripts/fit_aligner.py, 0.940 nested); ntrex 0.9922 / 0.9994; ntrex-long 0.9919 / 0.9992; wmt24 100% of 2,265 pairs
inside their gold paragraph pair; long 20,003 x 20,028 sentences 0.994 / 0.9995, ~20-50 s to align on a quiet
machine, 180 s under load (plus the encoder: ~28k texts to embed), peak RSS ~1.25-1.35 GB; kremlin 1,074 links,
median score 0.989, 37 unsure.
Without the merge pass (``--opt merge_pass=false``): textberg 0.8969 / 0.9840, ntrex 0.9911, ntrex-long 0.9877,
long 0.994, kremlin 1,084 links, 27 unsure. Bertalign-like settings (skip -0.1, margin 1, no extra features) gave
textberg 0.853, ntrex 0.972, ntrex-long 0.982.

Embeddings are cached in ``/tmp/align-bench-cache`` (``--no-cache`` to disable) so that tuning runs
are fast; the first run embeds everything. ``--opt key=value`` passes aligner options (for tuning).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.aligner import Aligner, segment_text  # noqa: E402
from align.evaluation import evaluate  # noqa: E402
from align.formats import parse_vecalign  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
CACHE = Path(os.environ.get("ALIGN_BENCH_CACHE", "/tmp/align-bench-cache"))

LinkPairs = list[tuple[tuple[int, ...], tuple[int, ...]]]


# --------------------------------------------------------------------------- encoder cache
class CachedEncoder:
    """Wraps the default encoder with an on-disk cache of float16 vectors keyed by text hash."""

    name = "use-m"
    dim = 512

    def __init__(self, use_cache: bool = True) -> None:
        self._enc: Any = None
        self.use_cache = use_cache
        self.store: dict[bytes, np.ndarray] = {}
        self.new: dict[bytes, np.ndarray] = {}
        self.encoded = 0
        self.encode_seconds = 0.0
        if use_cache:
            CACHE.mkdir(parents=True, exist_ok=True)
            for f in sorted(CACHE.glob("shard-*.npz")):
                z = np.load(f)
                self.store.update(zip((bytes(k) for k in z["k"]), z["v"], strict=True))

    @property
    def enc(self) -> Any:
        if self._enc is None:
            from align.encoders import get_encoder

            self._enc = get_encoder("use-m")
        return self._enc

    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        if not self.use_cache:
            t = time.time()
            out = self.enc.encode(list(texts))
            self.encode_seconds += time.time() - t
            self.encoded += len(texts)
            return out
        keys = [hashlib.blake2b(x.encode(), digest_size=16).digest() for x in texts]
        miss = {k: x for k, x in zip(keys, texts, strict=True) if k not in self.store and k not in self.new}
        if miss:
            t = time.time()
            vecs = self.enc.encode(list(miss.values()))
            self.encode_seconds += time.time() - t
            self.encoded += len(miss)
            for k, v in zip(miss, vecs, strict=True):
                self.new[k] = v.astype(np.float16)
        out = np.stack([self.store[k] if k in self.store else self.new[k] for k in keys]).astype(np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def save(self) -> None:
        if self.use_cache and self.new:
            name = CACHE / f"shard-{int(time.time() * 1000)}-{os.getpid()}.npz"
            tmp = name.with_suffix(".tmp.npz")
            np.savez(tmp, k=np.array(list(self.new), dtype="S16"), v=np.stack(list(self.new.values())))
            os.replace(tmp, name)
            self.store.update(self.new)
            self.new = {}


# --------------------------------------------------------------------------- data
def _lines(path: Path) -> list[str]:
    return [x.rstrip("\r") for x in path.read_text(encoding="utf-8").split("\n")][:-1] \
        if path.read_text(encoding="utf-8").endswith("\n") else path.read_text(encoding="utf-8").split("\n")


def load_textberg() -> tuple[list[str], list[str], LinkPairs]:
    d = DATA / "textberg-dev-de-fr"
    src = _lines(d / "dev.de")
    tgt = _lines(d / "dev.fr")
    return src, tgt, parse_vecalign((d / "dev.defr").read_text(encoding="utf-8"), "dev.defr")


def load_ntrex_docs() -> list[tuple[list[str], list[str]]]:
    """(ru sentences, en sentences) per NTREX document, 1-1 line-aligned."""
    d = DATA / "ntrex128-en-ru"
    en = _lines(d / "newstest2019-src.eng.txt")
    ru = _lines(d / "newstest2019-ref.rus.txt")
    return _group_docs(_lines(d / "DOCUMENT_IDS.tsv"), ru, en)


def load_flores_docs() -> list[tuple[list[str], list[str]]]:
    d = DATA / "flores200-dev-rus-eng"
    en = _lines(d / "eng.dev")
    ru = _lines(d / "rus.dev")
    return _group_docs(_lines(d / "metadata_dev.tsv")[1:], ru, en)


def _group_docs(keys: list[str], ru: list[str], en: list[str]) -> list[tuple[list[str], list[str]]]:
    """Line-aligned ru/en lines grouped into documents by the first tab field of ``keys``, in order."""
    docs: dict[str, tuple[list[str], list[str]]] = {}
    for key, r, e in zip(keys, ru, en, strict=True):
        doc = docs.setdefault(key.split("\t")[0], ([], []))
        doc[0].append(r.strip())
        doc[1].append(e.strip())
    return list(docs.values())


def perturb(src: list[str], tgt: list[str], rng: random.Random, p_merge: float = 0.10, p_merge3: float = 0.02,
            p_del: float = 0.04) -> tuple[list[str], list[str], LinkPairs]:
    """Simulate a real translation of 1-1 aligned sentences: merges (1-2, 2-1, 1-3, 3-1) and deletions."""
    s_out: list[str] = []
    t_out: list[str] = []
    gold: LinkPairs = []
    i = 0
    n = len(src)
    while i < n:
        u = rng.random()
        if u < p_del:
            if rng.random() < 0.5:
                gold.append(((len(s_out),), ()))
                s_out.append(src[i])
            else:
                gold.append(((), (len(t_out),)))
                t_out.append(tgt[i])
            i += 1
            continue
        k = 1
        if u < p_del + p_merge3 and i + 2 < n:
            k = 3
        elif u < p_del + p_merge3 + p_merge and i + 1 < n:
            k = 2
        if k == 1:
            gold.append(((len(s_out),), (len(t_out),)))
            s_out.append(src[i])
            t_out.append(tgt[i])
        elif rng.random() < 0.5:  # merged on the source side
            gold.append(((len(s_out),), tuple(range(len(t_out), len(t_out) + k))))
            s_out.append(" ".join(src[i:i + k]))
            t_out.extend(tgt[i:i + k])
        else:
            gold.append((tuple(range(len(s_out), len(s_out) + k)), (len(t_out),)))
            t_out.append(" ".join(tgt[i:i + k]))
            s_out.extend(src[i:i + k])
        i += k
    return s_out, t_out, gold


def concat_docs(docs: Sequence[tuple[list[str], list[str], LinkPairs]]) -> tuple[list[str], list[str], LinkPairs]:
    src: list[str] = []
    tgt: list[str] = []
    gold: LinkPairs = []
    for s, t, g in docs:
        a, b = len(src), len(tgt)
        gold.extend((tuple(x + a for x in gs), tuple(y + b for y in gt)) for gs, gt in g)
        src.extend(s)
        tgt.extend(t)
    return src, tgt, gold


def ntrex_perturbed(seed: int = 1) -> list[tuple[list[str], list[str], LinkPairs]]:
    rng = random.Random(seed)
    return [perturb(s, t, rng) for s, t in load_ntrex_docs()]


# --------------------------------------------------------------------------- cases
def _scores(links: Sequence[Any]) -> dict[str, Any]:
    sc = np.array([x.score for x in links]) if links else np.zeros(1)
    return {"links": len(links), "unsure": sum(1 for x in links if x.unsure),
            "score_quantiles": {q: round(float(np.quantile(sc, q / 100)), 3) for q in (5, 25, 50, 75, 95)},
            "types": dict(Counter(x.kind for x in links).most_common(8))}


def _eval_block(gold: list[LinkPairs], test: list[Any], secs: float, extra: dict[str, Any] | None = None
                ) -> dict[str, Any]:
    r = evaluate(gold, [[(x.src, x.tgt) for x in t] for t in test])
    d = {"strict": r.to_dict()["strict"], "lax": r.to_dict()["lax"], "seconds": round(secs, 2),
         "gold_links": r.gold_links}
    flat = [x for t in test for x in t]
    d["unsure"] = sum(1 for x in flat if x.unsure)
    # calibration check: fraction of strictly correct links among sure / unsure ones
    gold_sets = [set(g) for g in gold]
    ok = [(x.src, x.tgt) in gs for t, gs in zip(test, gold_sets, strict=True) for x in t]
    sure = [o for o, x in zip(ok, flat, strict=True) if not x.unsure]
    uns = [o for o, x in zip(ok, flat, strict=True) if x.unsure]
    d["correct_sure"] = round(sum(sure) / max(len(sure), 1), 3)
    d["correct_unsure"] = round(sum(uns) / max(len(uns), 1), 3)
    if extra:
        d.update(extra)
    d["_result"] = r
    return d


def case_textberg(al: Aligner, quick: bool) -> dict[str, Any]:
    src, tgt, gold = load_textberg()
    t = time.time()
    links = al.align_sentences(src, tgt)
    return _eval_block([gold], [links], time.time() - t, {"sentences": [len(src), len(tgt)]})


def case_ntrex(al: Aligner, quick: bool) -> dict[str, Any]:
    docs = ntrex_perturbed()
    if quick:
        docs = docs[:40]
    t = time.time()
    tests = [al.align_sentences(s, tt) for s, tt, _ in docs]
    return _eval_block([g for _, _, g in docs], tests, time.time() - t, {"documents": len(docs)})


def case_ntrex_long(al: Aligner, quick: bool) -> dict[str, Any]:
    src, tgt, gold = concat_docs(ntrex_perturbed())
    t = time.time()
    links = al.align_sentences(src, tgt)
    return _eval_block([gold], [links], time.time() - t, {"sentences": [len(src), len(tgt)]})


def _segment_doc(paras: list[str], lang: str) -> list[tuple[str, int]]:
    """(sentence, paragraph index) for a document given as paragraphs."""
    out: list[tuple[str, int]] = []
    for k, p in enumerate(paras):
        out.extend((s.text, k) for s in segment_text(p, lang))
    return out


def case_wmt24(al: Aligner, quick: bool) -> dict[str, Any]:
    d = DATA / "wmt24-en-ru"
    en = _lines(d / "en.txt")[1:]
    ru = _lines(d / "ru.txt")[1:]
    ids = [x.split("\t")[1] for x in _lines(d / "docs.tsv")[1:]]
    docs: dict[str, list[int]] = {}
    for k, doc in enumerate(ids):
        docs.setdefault(doc, []).append(k)
    names = sorted(docs)
    if quick:
        names = names[::4]
    inside = total = 0
    n_src = n_tgt = 0
    secs = 0.0
    all_links = []
    for name in names:
        rows = docs[name]
        s = _segment_doc([ru[k] for k in rows], "ru")
        tg = _segment_doc([en[k] for k in rows], "en")
        n_src += len(s)
        n_tgt += len(tg)
        t = time.time()
        links = al.align_sentences([x for x, _ in s], [x for x, _ in tg], [p for _, p in s], [p for _, p in tg])
        secs += time.time() - t
        all_links.extend(links)
        for ln in links:
            if ln.src and ln.tgt:
                total += 1
                paras = {s[i][1] for i in ln.src} | {tg[j][1] for j in ln.tgt}
                inside += len(paras) == 1
    return {"documents": len(names), "sentences": [n_src, n_tgt], "pairs": total,
            "inside_gold_paragraph": round(inside / max(total, 1), 4), "seconds": round(secs, 2),
            **{k: v for k, v in _scores(all_links).items() if k in ("unsure", "types")}}


def make_long(target: int = 20000, seed: int = 7) -> tuple[list[str], list[str], LinkPairs]:
    """~target x target sentences: NTREX + FLORES documents, two perturbed variants each, shuffled order."""
    rng = random.Random(seed)
    base = load_ntrex_docs() + load_flores_docs()
    variants = [[perturb(s, t, random.Random(seed * 100 + v * 7 + k)) for k, (s, t) in enumerate(base)]
                for v in range(2)]
    parts: list[tuple[list[str], list[str], LinkPairs]] = []
    n = 0
    while n < target:
        order = list(range(len(base)))
        rng.shuffle(order)
        for k in order:
            doc = variants[rng.randrange(2)][k]
            parts.append(doc)
            n += len(doc[0])
            if n >= target:
                break
    return concat_docs(parts)


def case_long(al: Aligner, quick: bool) -> dict[str, Any]:
    src, tgt, gold = make_long(6000 if quick else 20000)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.time()
    links = al.align_sentences(src, tgt)
    secs = time.time() - t
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return _eval_block([gold], [links], secs, {"sentences": [len(src), len(tgt)],
                                               "peak_rss_mb_before_align": round(rss0 / 1024),
                                               "peak_rss_mb": round(rss1 / 1024),
                                               "band_cells": al.stats.get("band_cells"),
                                               "texts_embedded": al.stats.get("embedded")})


def case_kremlin(al: Aligner, quick: bool) -> dict[str, Any]:
    d = DATA / "kremlin-2024-02-09-interview"
    ru = (d / "ru.txt").read_text(encoding="utf-8")
    en = (d / "en.txt").read_text(encoding="utf-8")
    t = time.time()
    alignment = al.align(ru, en, "ru", "en")
    secs = time.time() - t
    out = {"sentences": [len(alignment.src), len(alignment.tgt)], "seconds": round(secs, 2)}
    out.update(_scores(alignment.links))
    return out


# --------------------------------------------------------------------------- fitting the link model
def split_doc(src: list[str], tgt: list[str], gold: LinkPairs, frac: float = 0.5
              ) -> list[tuple[list[str], list[str], LinkPairs]]:
    """Cut one document at the gold link boundary nearest ``frac`` of its source: two documents."""
    i = j = 0
    cut = 0
    for k, (gs, gt) in enumerate(gold):
        i += len(gs)
        j += len(gt)
        if i >= frac * len(src):
            cut = k + 1
            break
    a = sum(len(x) for x, _ in gold[:cut])
    b = sum(len(y) for _, y in gold[:cut])
    g2 = [(tuple(x - a for x in gs), tuple(y - b for y in gt)) for gs, gt in gold[cut:]]
    return [(src[:a], tgt[:b], gold[:cut]), (src[a:], tgt[b:], g2)]


def _logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, iters: int = 50) -> np.ndarray:
    """Logistic regression weights (Newton's method, L2 on all but the bias)."""
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], l2)
    reg[0] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        g = x.T @ (p - y) + reg * w
        h = (x * (p * (1 - p))[:, None]).T @ x + np.diag(reg + 1e-9)
        w -= np.linalg.solve(h, g)
    return w


def fit_calibration(enc: CachedEncoder, opts: dict[str, Any]) -> dict[str, list[float]]:
    """Fit :data:`align.aligner.CALIBRATION` on the links the aligner makes on Text+Berg dev and NTREX dev."""
    from align import dp

    al = Aligner(enc, **opts)
    docs = [load_textberg()] + ntrex_perturbed(1) + [perturb(s, t, random.Random(5)) for s, t in load_flores_docs()]
    xs: dict[str, list[np.ndarray]] = {"link": [], "skip": []}
    ys: dict[str, list[float]] = {"link": [], "skip": []}
    for s, t, g in docs:
        es, et = enc.encode(s), enc.encode(t)
        ls = np.array([max(len(x), 1) for x in s], float)
        lt = np.array([max(len(x), 1) for x in t], float)
        prep = al.prepare(s, t, es, et, ls, lt)
        scores, sk_s, sk_t = al.move_scores(prep)
        res = dp.banded_dp(prep.band, prep.moves, scores, sk_s, sk_t)
        gold = set(g)
        for (a, b, c, d), x in zip(res.links.tolist(), al.link_features(prep, res.links), strict=True):
            kind = "skip" if x.shape[0] == 2 else "link"
            xs[kind].append(x)
            ys[kind].append(float((tuple(range(a, b)), tuple(range(c, d))) in gold))
    out = {}
    for kind in xs:
        x, y = np.array(xs[kind]), np.array(ys[kind])
        w = _logistic(x, y)
        p = 1 / (1 + np.exp(-(x @ w)))
        print(f"{kind}: {len(y)} links, {y.mean():.3f} correct; weights {np.round(w, 3).tolist()}; "
              f"predicted <0.5: {(p < 0.5).sum()} (of them correct {y[p < 0.5].mean() if (p < 0.5).any() else 0:.2f})",
              file=sys.stderr)
        out[kind] = [round(float(v), 3) for v in w]
    enc.save()
    return out


CASES = {"textberg": case_textberg, "ntrex": case_ntrex, "ntrex-long": case_ntrex_long, "wmt24": case_wmt24,
         "long": case_long, "kremlin": case_kremlin}


def _parse_opts(items: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for it in items:
        k, _, v = it.partition("=")
        try:
            out[k] = json.loads(v)
        except json.JSONDecodeError:
            out[k] = v
    return out


def _fmt(name: str, d: dict[str, Any]) -> str:
    if "strict" in d:
        s, lx = d["strict"], d["lax"]
        line = (f"{name:11} strict P/R/F1 {s['precision']:.4f} {s['recall']:.4f} {s['f1']:.4f} | "
                f"lax {lx['precision']:.4f} {lx['recall']:.4f} {lx['f1']:.4f} | {d['seconds']:.1f}s"
                f" | unsure {d['unsure']} (correct: sure {d['correct_sure']}, unsure {d['correct_unsure']})")
        for k in ("sentences", "documents", "peak_rss_mb", "peak_rss_mb_before_align", "band_cells",
                  "texts_embedded", "encode_seconds"):
            if k in d:
                line += f" | {k} {d[k]}"
        return line
    return f"{name:11} " + json.dumps({k: v for k, v in d.items() if not k.startswith("_")}, ensure_ascii=False)


def main(argv: Sequence[str] | None = None) -> int:
    global DATA
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small subsets; the long case at 6,000 sentences")
    ap.add_argument("--case", action="append", choices=sorted(CASES), help="run only these cases")
    ap.add_argument("--opt", action="append", default=[], help="aligner option key=value (JSON value)")
    ap.add_argument("--no-cache", action="store_true", help="do not use the embedding cache")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    ap.add_argument("--table", action="store_true", help="print the per-type table of gold cases")
    ap.add_argument("--fit-calibration", action="store_true",
                    help="fit the link-score calibration on dev data and print it (then exit)")
    ap.add_argument("--inprocess", action="store_true", help="run the long case in this process")
    ap.add_argument("--data", default=str(DATA), help=f"the shared data directory (default {DATA})")
    a = ap.parse_args(argv)
    DATA = Path(a.data)
    opts = _parse_opts(a.opt)
    cases = a.case or (["textberg", "ntrex", "ntrex-long", "wmt24", "kremlin", "long"])
    results: dict[str, Any] = {"options": opts}
    enc = CachedEncoder(use_cache=not a.no_cache)
    if a.fit_calibration:
        print(json.dumps(fit_calibration(enc, opts)))
        return 0
    for name in cases:
        if name == "long" and not a.inprocess and len(cases) > 1:
            cmd = [sys.executable, __file__, "--case", "long", "--json", "/tmp/align-bench-long.json", "--data", a.data]
            cmd += ["--quick"] * a.quick + ["--no-cache"] * a.no_cache + [f"--opt={x}" for x in a.opt]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            d = json.loads(Path("/tmp/align-bench-long.json").read_text())["long"]
        else:
            al = Aligner(enc, **opts)
            e0, s0 = enc.encoded, enc.encode_seconds
            d = CASES[name](al, a.quick)
            d["encode_seconds"] = round(enc.encode_seconds - s0, 1)
            d["texts_encoded_now"] = enc.encoded - e0
            enc.save()
        print(_fmt(name, d), flush=True)
        if a.table and "_result" in d:
            print(d["_result"].table())
        d.pop("_result", None)
        results[name] = d
    if a.json:
        Path(a.json).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
