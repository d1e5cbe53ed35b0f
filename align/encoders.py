"""Encoder registry: ``get_encoder(name)`` loads a sentence encoder once per process.

An encoder has ``name`` (str), ``dim`` (int), ``identity`` (str: names the
exact weights and settings, used as the embedding-cache key) and
``encode(texts: Sequence[str], progress=False) -> np.ndarray`` of shape
(N, dim), float32, rows L2-normalised.

Names: ``"use-m"`` (default, :mod:`align.usem`) or the path of a local Hugging
Face model directory (:mod:`align.hf_encoder`), optionally suffixed with
``::cls`` / ``::mean`` (pooling of a plain transformers model).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .errors import InputError

DEFAULT_ENCODER = "use-m"
USEM_NAMES = ("use-m", "usem", "use-m3", "default")


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        """(N,) texts -> (N, dim) float32, L2-normalised rows."""
        ...


_LOADED: dict[tuple[Any, ...], Any] = {}
_LOCK = threading.RLock()


def _load_base(name: str, device: str | None, kwargs: dict[str, Any]) -> Any:
    key = ("base", name, device, tuple(sorted(kwargs.items())))
    enc = _LOADED.get(key)
    if enc is None:
        if name in USEM_NAMES:
            from .usem import UseMEncoder

            enc = UseMEncoder(device=device, **kwargs)
        else:
            from .hf_encoder import HFEncoder, split_name

            path, pooling = split_name(name)
            if not Path(path).expanduser().exists():
                raise InputError(
                    f"{path}: unknown encoder: give 'use-m' or the path of a local Hugging Face model directory"
                )
            if pooling is not None:
                kwargs = {**kwargs, "pooling": pooling}
            enc = HFEncoder(path, device=device, **kwargs)
        _LOADED[key] = enc
    return enc


class _Lazy:
    """Stands for an encoder (name, dim, identity known) and loads it on first real use."""

    def __init__(self, factory: Any, name: str, dim: int, identity: str) -> None:
        self._factory = factory
        self._enc: Any = None
        self.name = name
        self.dim = dim
        self.identity = identity

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_"):
            raise AttributeError(attr)
        if self._enc is None:
            with _LOCK:
                if self._enc is None:
                    self._enc = self._factory()
        return getattr(self._enc, attr)


def get_encoder(
    name: str = DEFAULT_ENCODER,
    device: str | None = None,
    cache: bool = False,
    cache_dir: str | os.PathLike[str] | None = None,
    **kwargs: Any,
) -> Any:
    """The encoder called ``name`` (``"use-m"`` or a local model directory), loaded once per process.

    ``device``: None/"auto" (GPU when torch sees one), "cpu", "cuda", "cuda:N".
    ``cache=True`` wraps it in :class:`align.cache.CachedEncoder` (on-disk
    embedding cache in ``cache_dir``, default ``$ALIGN_CACHE_DIR`` or
    ``~/.cache/align``). Other keyword arguments go to the encoder's
    constructor. Raises :class:`align.errors.InputError` for a missing or
    broken model directory.
    """
    name = name or DEFAULT_ENCODER
    with _LOCK:
        if cache and name in USEM_NAMES:
            # the model loads on the first cache miss: a fully cached run never loads it
            from .usem import model_identity

            base = _Lazy(lambda: _load_base(name, device, kwargs), "use-m", 512, model_identity())
        else:
            base = _load_base(name, device, kwargs)
        if not cache:
            return base
        key = ("cached", name, device, tuple(sorted(kwargs.items())), str(cache_dir) if cache_dir is not None else None)
        enc = _LOADED.get(key)
        if enc is None:
            from .cache import CachedEncoder

            enc = CachedEncoder(base, cache_dir)
            _LOADED[key] = enc
        return enc


def encode_joined(
    encoder: Any, texts: Sequence[str], spans: Sequence[tuple[int, int]], progress: bool = False
) -> np.ndarray:
    """Embeddings of ``" ".join(texts[a:b])`` for each ``(a, b)`` in ``spans`` -> (len(spans), dim) float32.

    Uses the encoder's fast ``encode_joined`` when it has one (USE-m on the
    CPU: each sentence is run through the network once, spans are composed
    exactly from per-sentence sums), else embeds the joined texts.
    """
    fast = getattr(encoder, "encode_joined", None)
    if fast is not None:
        return np.asarray(fast(texts, spans, progress=progress), dtype=np.float32)
    return np.asarray(encoder.encode([" ".join(texts[a:b]) for a, b in spans], progress=progress), dtype=np.float32)
