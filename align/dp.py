"""Dynamic-programming core of the sentence aligner: pure numpy, no I/O, no model.

A *node* ``(i, j)`` means "the first ``i`` source and ``j`` target sentences are
aligned". A *move* ``(a, b)`` goes from node ``(i - a, j - b)`` to ``(i, j)`` and
creates the link ``src[i-a:i] <-> tgt[j-b:j]``. The search is restricted to a
*band*: row ``i`` (0..n) holds the nodes ``lo[i] <= j < hi[i]``. The band is
stored ragged (CSR-like: ``offsets[i]`` is the flat index of node
``(i, lo[i])``), so memory and time are linear in the band's area, i.e. linear
in document length for a band of bounded width.

Functions:

* :func:`full_band`, :func:`band_around_path`: build bands;
* :func:`band_cells`: the (row, col) of every node of a band;
* :func:`span_similarity`: cosine of span embeddings at every node for a move;
* :func:`banded_dp`: best path through a band given per-move node scores and
  per-sentence skip scores;
* :func:`coarse_to_fine_path`: 1-1/1-0/0-1 anchor path of two long documents in
  linear time and memory (Vecalign-style recursive downsampling).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .blas import blas_threads

NEG = np.float32(-1e9)


@dataclass(frozen=True)
class Band:
    """Allowed nodes: row ``i`` in 0..n holds columns ``lo[i] <= j < hi[i]`` (both (n+1,) int64).

    ``offsets`` (n+2,) gives the flat index of each row's first node; ``size`` the total node count.
    """

    lo: np.ndarray
    hi: np.ndarray
    offsets: np.ndarray

    @property
    def n(self) -> int:
        return int(self.lo.shape[0] - 1)

    @property
    def size(self) -> int:
        return int(self.offsets[-1])


def make_band(lo: np.ndarray, hi: np.ndarray, m: int) -> Band:
    """A band from (n+1,) column bounds, made monotone and forced to contain (0, 0) and (n, m)."""
    lo = np.asarray(lo, dtype=np.int64).copy()
    hi = np.asarray(hi, dtype=np.int64).copy()
    lo[0] = 0
    hi[-1] = m + 1
    lo = np.clip(lo, 0, m)
    hi = np.clip(hi, 1, m + 1)
    # monotone: lo non-decreasing (take running min from the end), hi non-decreasing (running max)
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    hi = np.maximum(hi, lo + 1)
    # connectivity: node (i, lo[i]) must be reachable from row i-1 by a 1-0 move
    lo[1:] = np.minimum(lo[1:], hi[:-1] - 1)
    offsets = np.zeros(lo.shape[0] + 1, dtype=np.int64)
    np.cumsum(hi - lo, out=offsets[1:])
    return Band(lo, hi, offsets)


def full_band(n: int, m: int) -> Band:
    """Every node of the (n+1) x (m+1) grid (quadratic: only for small documents)."""
    return make_band(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m + 1, dtype=np.int64), m)


def band_around_path(path: Sequence[tuple[int, int]], n: int, m: int, width: int) -> Band:
    """Nodes within ``width`` rows/columns of a monotone path of nodes (list of (i, j), from (0,0) to (n,m))."""
    p = np.asarray(path, dtype=np.int64).reshape(-1, 2)
    lo = np.full(n + 1, m + 1, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    np.minimum.at(lo, p[:, 0], p[:, 1])
    np.maximum.at(hi, p[:, 0], p[:, 1] + 1)
    # rows the path jumps over (several sources in one link) take their neighbours' range
    has = hi > 0
    idx = np.where(has, np.arange(n + 1), 0)
    last = np.maximum.accumulate(idx)
    lo = np.where(has, lo, hi[last] - 1)
    hi = np.where(has, hi, hi[last])
    # dilate: rows within `width` of each other, columns by `width`
    if width > 0:
        from numpy.lib.stride_tricks import sliding_window_view

        pad_lo = np.concatenate([np.full(width, lo[0]), lo, np.full(width, lo[-1])])
        pad_hi = np.concatenate([np.full(width, hi[0]), hi, np.full(width, hi[-1])])
        lo = sliding_window_view(pad_lo, 2 * width + 1).min(axis=1) - width
        hi = sliding_window_view(pad_hi, 2 * width + 1).max(axis=1) + width
    return make_band(lo, hi, m)


def band_cells(band: Band) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols), each (band.size,) int64: the node of every flat band index."""
    counts = band.hi - band.lo
    rows = np.repeat(np.arange(band.n + 1, dtype=np.int64), counts)
    cols = np.arange(band.size, dtype=np.int64) - np.repeat(band.offsets[:-1] - band.lo, counts)
    return rows, cols


def node_index(band: Band, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Flat band index of nodes (rows, cols) (each (N,) int64); -1 where the node is outside the band."""
    ok = (rows >= 0) & (rows <= band.n)
    r = np.where(ok, rows, 0)
    ok &= (cols >= band.lo[r]) & (cols < band.hi[r])
    return np.where(ok, band.offsets[r] + cols - band.lo[r], -1)


def span_similarity(src_span: np.ndarray, tgt_span: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                    a: int, b: int, chunk: int = 2048) -> np.ndarray:
    """Cosine of ``src[i-a:i]`` and ``tgt[j-b:j]`` embeddings at nodes (rows, cols); NaN where not a valid link.

    ``src_span`` (n-a+1, d): row s is the embedding of ``src[s:s+a]``; ``tgt_span`` likewise for b.
    Returns (len(rows),) float32. Band cells come row by row, so a chunk of them covers a small
    rectangle of (span, span) pairs: one matrix product over that rectangle is much faster than
    gathering both rows of every cell; scattered chunks fall back to the per-cell product. The products run on one
    BLAS thread: they are small, and on a busy machine OpenBLAS's threads spun on each of them (13-18 s of CPU for
    the Kremlin pair instead of 0.5 s).
    """
    with blas_threads(1):
        return _span_similarity(src_span, tgt_span, rows, cols, a, b, chunk)


def _span_similarity(src_span: np.ndarray, tgt_span: np.ndarray, rows: np.ndarray, cols: np.ndarray,
                     a: int, b: int, chunk: int) -> np.ndarray:
    out = np.full(rows.shape[0], np.nan, dtype=np.float32)
    s = rows - a
    t = cols - b
    ok = np.flatnonzero((s >= 0) & (t >= 0) & (s < src_span.shape[0]) & (t < tgt_span.shape[0]))
    for k in range(0, ok.shape[0], chunk):
        sel = ok[k:k + chunk]
        ss, tt = s[sel], t[sel]
        s0, s1 = int(ss.min()), int(ss.max()) + 1
        t0, t1 = int(tt.min()), int(tt.max()) + 1
        if (s1 - s0) * (t1 - t0) <= 48 * sel.shape[0]:
            block = src_span[s0:s1] @ tgt_span[t0:t1].T
            out[sel] = block[ss - s0, tt - t0]
        else:
            out[sel] = np.einsum("ij,ij->i", src_span[ss], tgt_span[tt])
    return out


@dataclass(frozen=True)
class DPResult:
    """Best path: ``links`` as (src_start, src_stop, tgt_start, tgt_stop) rows (L, 4) int64, and its total score."""

    links: np.ndarray
    total: float


def banded_dp(band: Band, moves: Sequence[tuple[int, int]], move_scores: Sequence[np.ndarray],
              skip_src: np.ndarray, skip_tgt: np.ndarray) -> DPResult:
    """Maximum-score monotone path from (0, 0) to (n, m) through ``band``.

    ``moves``: (a, b) with a >= 1 and b >= 1 (n-m links); 1-0 and 0-1 moves are always allowed.
    ``move_scores[k]`` (band.size,) float32: score of the link made by move k ending at each node
    (NaN or very negative = not allowed). ``skip_src`` (n,) / ``skip_tgt`` (m,): score of leaving
    that sentence without counterpart. Time O(band.size * len(moves)), memory O(band.size).
    """
    n = band.n
    lo, hi, off = band.lo, band.hi, band.offsets
    m = int(hi[-1] - 1)
    size = band.size
    D = np.full(size, NEG, dtype=np.float64)
    bp = np.full(size, -1, dtype=np.int8)
    SKIP_SRC, SKIP_TGT = len(moves), len(moves) + 1
    ms = [np.where(np.isnan(x), NEG, x).astype(np.float64) for x in move_scores]
    cs_tgt = np.concatenate([[0.0], np.cumsum(skip_tgt, dtype=np.float64)])  # (m+1,)
    for i in range(n + 1):
        c0, c1 = int(lo[i]), int(hi[i])
        cols = np.arange(c0, c1)
        X = np.full(c1 - c0, NEG, dtype=np.float64)
        B = np.full(c1 - c0, -1, dtype=np.int8)
        if i == 0:
            if c0 == 0:
                X[0] = 0.0
        else:
            # 1-0: from (i-1, j)
            r = i - 1
            pj = cols - lo[r]
            ok = (pj >= 0) & (cols < hi[r])
            if ok.any():
                cand = np.full(c1 - c0, NEG, dtype=np.float64)
                cand[ok] = D[off[r] + pj[ok]] + float(skip_src[i - 1])
                better = cand > X
                X[better] = cand[better]
                B[better] = SKIP_SRC
            for k, (a, b) in enumerate(moves):
                r = i - a
                if r < 0:
                    continue
                pc = cols - b
                ok = (pc >= lo[r]) & (pc < hi[r])
                if not ok.any():
                    continue
                cand = np.full(c1 - c0, NEG, dtype=np.float64)
                cand[ok] = D[off[r] + pc[ok] - lo[r]] + ms[k][off[i]:off[i + 1]][ok]
                better = cand > X
                X[better] = cand[better]
                B[better] = k
        # 0-1 moves within the row: D[j] = max_k<=j X[k] + sum skip_tgt[k:j]
        C = cs_tgt[c0:c1]
        Z = X - C
        M = np.maximum.accumulate(Z)
        row = C + M
        from_skip = Z < M
        B[from_skip] = SKIP_TGT
        D[off[i]:off[i + 1]] = row
        bp[off[i]:off[i + 1]] = B
    # backtrack
    links: list[tuple[int, int, int, int]] = []
    i, j = n, m
    if not (lo[n] <= m < hi[n]):
        raise ValueError("band does not contain the end node")
    total = float(D[off[n] + m - lo[n]])
    while i > 0 or j > 0:
        k = int(bp[off[i] + j - lo[i]])
        if k == SKIP_SRC:
            a, b = 1, 0
        elif k == SKIP_TGT:
            a, b = 0, 1
        elif k >= 0:
            a, b = moves[k]
        else:  # pragma: no cover - unreachable node on the path
            raise RuntimeError(f"dead end at node ({i}, {j})")
        links.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    links.reverse()
    return DPResult(np.asarray(links, dtype=np.int64).reshape(-1, 4), total)


def _downsample(x: np.ndarray, factor: int) -> np.ndarray:
    """(N, d) -> (ceil(N/factor), d): normalised means of consecutive blocks."""
    n = x.shape[0]
    pad = (-n) % factor
    if pad:
        x = np.concatenate([x, np.repeat(x[-1:], pad, axis=0)])
    y = x.reshape(-1, factor, x.shape[1]).mean(axis=1)
    norm = np.linalg.norm(y, axis=1, keepdims=True)
    return (y / np.maximum(norm, 1e-8)).astype(np.float32)


def path_nodes(links: np.ndarray) -> list[tuple[int, int]]:
    """Nodes visited by a path of links (L, 4): (0, 0) and each link's end node."""
    nodes = [(0, 0)]
    nodes.extend((int(r[1]), int(r[3])) for r in links)
    return nodes


OneToOneScorer = Callable[[np.ndarray, np.ndarray, Band], tuple[np.ndarray, np.ndarray, np.ndarray]]


def one_to_one_path(src: np.ndarray, tgt: np.ndarray, band: Band, scorer: OneToOneScorer) -> DPResult:
    """Best 1-1/1-0/0-1 path through ``band``; ``scorer(src, tgt, band)`` gives (node scores, skip_src, skip_tgt)."""
    scores, skip_s, skip_t = scorer(src, tgt, band)
    return banded_dp(band, [(1, 1)], [scores], skip_s, skip_t)


def coarse_to_fine_path(src: np.ndarray, tgt: np.ndarray, scorer: OneToOneScorer, max_cells: int = 4_000_000,
                        width: int = 12, factor: int = 2) -> DPResult:
    """1-1/1-0/0-1 path for (n, d) / (m, d) embeddings in linear time and memory.

    If the full grid is small (``(n+1)*(m+1) <= max_cells``) it is searched whole; otherwise both
    sides are downsampled by ``factor``, aligned recursively, and the path is refined in a band of
    ``width`` around the projected coarse path.
    """
    n, m = src.shape[0], tgt.shape[0]
    if (n + 1) * (m + 1) <= max_cells or min(n, m) < 4 * factor:
        return one_to_one_path(src, tgt, full_band(n, m), scorer)
    coarse = coarse_to_fine_path(_downsample(src, factor), _downsample(tgt, factor), scorer, max_cells, width, factor)
    nodes = np.asarray(path_nodes(coarse.links), dtype=np.int64) * factor
    nodes[:, 0] = np.minimum(nodes[:, 0], n)
    nodes[:, 1] = np.minimum(nodes[:, 1], m)
    # fill the straight lines between consecutive coarse nodes so the band follows the path
    fine: list[tuple[int, int]] = []
    for (i0, j0), (i1, j1) in zip(nodes[:-1], nodes[1:], strict=True):
        steps = max(int(i1 - i0), int(j1 - j0), 1)
        for s in range(steps):
            fine.append((int(i0 + (i1 - i0) * s // steps), int(j0 + (j1 - j0) * s // steps)))
    fine.append((n, m))
    band = band_around_path(fine, n, m, width)
    return one_to_one_path(src, tgt, band, scorer)
