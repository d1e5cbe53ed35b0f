"""Alignment evaluation: strict and lax precision / recall / F1 as in Vecalign's and Bertalign's scorers.

Definitions (Thompson & Koehn 2019, ``score.py``; reused unchanged by Bertalign):

* links with both sides empty are ignored; duplicate links count once;
* *precision* is computed over **all** test links (deletions ``[i]:[]`` included): a test link is a
  strict hit if the identical link is in the gold; a lax hit if it is a strict hit or some gold link
  shares a source sentence with it *and* maps that source sentence to one of its target sentences;
* *recall* is the same computation with gold and test swapped, over the links of both with **both
  sides non-empty**;
* counts are summed over all documents before dividing; F1 = 2PR / (P + R); 0 when undefined.

Also reported: per link type (1-1, 1-2, 0-1 …) the gold and test counts and strict recall/precision,
and a confusion summary (what the test made of each gold link it did not reproduce).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Integral
from typing import Any

LinkPair = tuple[tuple[int, ...], tuple[int, ...]]
_PCOUNTS = ("tp_strict", "fp_strict", "tp_lax", "fp_lax")
_RCOUNTS = ("tp_strict", "fn_strict", "tp_lax", "fn_lax")


def _kind(link: LinkPair) -> str:
    return f"{len(link[0])}-{len(link[1])}"


def _ids(x: Any) -> tuple[int, ...] | None:
    """Sorted sentence numbers of one side of a link, or None when ``x`` is no sequence of whole numbers."""
    if isinstance(x, (str, bytes)) or not hasattr(x, "__iter__"):
        return None
    ids = list(x)
    if not all(isinstance(i, Integral) and not isinstance(i, bool) and int(i) >= 0 for i in ids):
        return None
    return tuple(sorted(int(i) for i in ids))


def _norm(links: Sequence[Any], what: str = "document") -> set[LinkPair]:
    out: set[LinkPair] = set()
    for k, ln in enumerate(links):
        pair = (ln.src, ln.tgt) if hasattr(ln, "src") else ln
        sides = tuple(pair) if hasattr(pair, "__iter__") and not isinstance(pair, (str, bytes)) else ()
        s, t = (_ids(sides[0]), _ids(sides[1])) if len(sides) == 2 else (None, None)
        if s is None or t is None:
            raise ValueError(f"{what}, link {k + 1}: expected (source sentence numbers, target sentence numbers), "
                             f"e.g. ((0, 1), (0,)), not {ln!r}; a list of documents holds one list of links each")
        if s or t:
            out.add((s, t))
    return out


def _precision_counts(gold: set[LinkPair], test: set[LinkPair]) -> tuple[int, int, int, int]:
    """(tp_strict, fp_strict, tp_lax, fp_lax) of ``test`` against ``gold`` (Vecalign's ``_precision``)."""
    src_to_tgt: dict[int, set[int]] = defaultdict(set)
    for ss, tt in gold:
        for s in ss:
            src_to_tgt[s].update(tt)
    tps = fps = tpl = fpl = 0
    for ss, tt in test:
        if (ss, tt) in gold:
            tps += 1
            tpl += 1
            continue
        fps += 1
        targets: set[int] = set()
        for s in ss:
            targets |= src_to_tgt.get(s, set())
        if targets.intersection(tt):
            tpl += 1
        else:
            fpl += 1
    return tps, fps, tpl, fpl


def _prf(tp: int, fp: int) -> float:
    return tp / (tp + fp) if tp + fp else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class EvalResult:
    """Scores of test alignments against gold ones (counts summed over ``documents``)."""

    strict_precision: float
    strict_recall: float
    strict_f1: float
    lax_precision: float
    lax_recall: float
    lax_f1: float
    documents: int
    gold_links: int
    test_links: int
    #: (tp_strict, fp_strict, tp_lax, fp_lax) for precision and for recall
    precision_counts: tuple[int, int, int, int]
    recall_counts: tuple[int, int, int, int]
    #: link type -> {"gold", "test", "gold_found", "test_correct", "recall", "precision"}
    by_type: dict[str, dict[str, float]] = field(default_factory=dict)
    #: gold link type -> {what the test made of it: count}, for gold links not reproduced exactly
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "strict": {"precision": round(self.strict_precision, 4), "recall": round(self.strict_recall, 4),
                       "f1": round(self.strict_f1, 4)},
            "lax": {"precision": round(self.lax_precision, 4), "recall": round(self.lax_recall, 4),
                    "f1": round(self.lax_f1, 4)},
            "documents": self.documents,
            "gold_links": self.gold_links,
            "test_links": self.test_links,
            "counts": {"precision": dict(zip(_PCOUNTS, self.precision_counts, strict=True)),
                       "recall": dict(zip(_RCOUNTS, self.recall_counts, strict=True))},
            "by_type": self.by_type,
            "confusion": self.confusion,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def table(self) -> str:
        """A plain-text summary: P/R/F1, per-type counts, the most frequent confusions."""
        lines = [f"documents {self.documents}, gold links {self.gold_links}, test links {self.test_links}",
                 "",
                 f"{'':8}{'precision':>10}{'recall':>10}{'F1':>10}",
                 f"{'strict':8}{self.strict_precision:>10.4f}{self.strict_recall:>10.4f}{self.strict_f1:>10.4f}",
                 f"{'lax':8}{self.lax_precision:>10.4f}{self.lax_recall:>10.4f}{self.lax_f1:>10.4f}",
                 "",
                 f"{'type':8}{'gold':>7}{'found':>7}{'recall':>8}{'test':>7}{'correct':>8}{'prec.':>8}"]
        for kind in sorted(self.by_type, key=_kind_order):
            d = self.by_type[kind]
            lines.append(f"{kind:8}{int(d['gold']):>7}{int(d['gold_found']):>7}{d['recall']:>8.3f}"
                         f"{int(d['test']):>7}{int(d['test_correct']):>8}{d['precision']:>8.3f}")
        if self.confusion:
            lines += ["", "gold type -> what the test made of it (links not reproduced)"]
            for kind in sorted(self.confusion, key=_kind_order):
                items = sorted(self.confusion[kind].items(), key=lambda kv: (-kv[1], kv[0]))
                lines.append(f"{kind:8}" + ", ".join(f"{k} x{v}" for k, v in items[:6]))
        return "\n".join(lines)


def _kind_order(kind: str) -> tuple[int, int, int]:
    a, b = (int(x) for x in kind.split("-"))
    return (0 if a and b else 1, a + b, a)


def _confusion(gold: set[LinkPair], test: set[LinkPair]) -> dict[str, Counter[str]]:
    by_src: dict[int, LinkPair] = {}
    by_tgt: dict[int, LinkPair] = {}
    for ln in test:
        for s in ln[0]:
            by_src[s] = ln
        for t in ln[1]:
            by_tgt[t] = ln
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for g in gold:
        if g in test:
            continue
        over: dict[LinkPair, None] = {}
        for s in g[0]:
            if s in by_src:
                over.setdefault(by_src[s])
        for t in g[1]:
            if t in by_tgt:
                over.setdefault(by_tgt[t])
        kinds = sorted((_kind(x) for x in over), key=_kind_order)
        out[_kind(g)]["+".join(kinds) if kinds else "missing"] += 1
    return out


def _is_link(x: Any) -> bool:
    """Whether ``x`` is one link (an object with ``.src`` / ``.tgt``, or two lists of whole numbers), not a
    document's list of links."""
    if hasattr(x, "src") and hasattr(x, "tgt"):
        return True
    return (isinstance(x, (list, tuple)) and len(x) == 2 and all(
        isinstance(side, (list, tuple)) and all(isinstance(i, int) and not isinstance(i, bool) for i in side)
        for side in x))


def evaluate(gold: Sequence[Sequence[Any]], test: Sequence[Sequence[Any]]) -> EvalResult:
    """Strict/lax P/R/F1 of test alignments against gold ones, one list of links per document.

    A link is a ``(src ids, tgt ids)`` pair (or any object with ``.src`` / ``.tgt``); one document's links are
    given as ``evaluate([gold_links], [test_links])``.
    """
    for name, docs in (("gold", gold), ("test", test)):
        if docs and _is_link(docs[0]):
            raise ValueError(f"{name}: a list of links, where evaluate takes one list of links per document: "
                             "evaluate([gold_links], [test_links]) for one document")
    if len(gold) != len(test):
        raise ValueError(f"{len(gold)} gold documents but {len(test)} test documents")
    pc = [0, 0, 0, 0]
    rc = [0, 0, 0, 0]
    gold_types: Counter[str] = Counter()
    test_types: Counter[str] = Counter()
    gold_found: Counter[str] = Counter()
    test_correct: Counter[str] = Counter()
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    n_gold = n_test = 0
    for d, (g_links, t_links) in enumerate(zip(gold, test, strict=True), 1):
        g, t = _norm(g_links, f"gold document {d}"), _norm(t_links, f"test document {d}")
        n_gold += len(g)
        n_test += len(t)
        for i, cnt in enumerate(_precision_counts(g, t)):
            pc[i] += cnt
        g_nd = {x for x in g if x[0] and x[1]}
        t_nd = {x for x in t if x[0] and x[1]}
        for i, cnt in enumerate(_precision_counts(t_nd, g_nd)):
            rc[i] += cnt
        for ln in g:
            gold_types[_kind(ln)] += 1
            if ln in t:
                gold_found[_kind(ln)] += 1
        for ln in t:
            test_types[_kind(ln)] += 1
            if ln in g:
                test_correct[_kind(ln)] += 1
        for k, c in _confusion(g, t).items():
            confusion[k].update(c)
    sp, lp = _prf(pc[0], pc[1]), _prf(pc[2], pc[3])
    sr, lr = _prf(rc[0], rc[1]), _prf(rc[2], rc[3])
    by_type: dict[str, dict[str, float]] = {}
    for k in sorted(set(gold_types) | set(test_types), key=_kind_order):
        by_type[k] = {"gold": gold_types[k], "gold_found": gold_found[k],
                      "recall": round(gold_found[k] / gold_types[k], 4) if gold_types[k] else 0.0,
                      "test": test_types[k], "test_correct": test_correct[k],
                      "precision": round(test_correct[k] / test_types[k], 4) if test_types[k] else 0.0}
    return EvalResult(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr), len(gold), n_gold, n_test,
                      (pc[0], pc[1], pc[2], pc[3]), (rc[0], rc[1], rc[2], rc[3]), by_type,
                      {k: dict(v) for k, v in confusion.items()})
