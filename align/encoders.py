"""Encoder registry: ``get_encoder(name)`` loads a sentence encoder once per process.

An encoder has ``name`` (str), ``dim`` (int) and
``encode(texts: Sequence[str]) -> np.ndarray`` of shape (N, dim), float32,
rows L2-normalised.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Protocol

import numpy as np

DEFAULT_ENCODER = "use-m"


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        """(N,) texts -> (N, dim) float32, L2-normalised rows."""
        ...


_LOADED: dict[tuple[str, str | None], Encoder] = {}
_LOCK = threading.Lock()


def get_encoder(name: str = DEFAULT_ENCODER, device: str | None = None) -> Encoder:
    """The encoder called ``name`` (``"use-m"`` or a local model directory), loaded once."""
    key = (name, device)
    with _LOCK:
        enc = _LOADED.get(key)
        if enc is None:
            if name in ("use-m", "usem", "use-m3", "default"):
                from .usem import UseMEncoder

                enc = UseMEncoder(device=device)
            else:
                raise ValueError(f"unknown encoder {name!r}")
            _LOADED[key] = enc
        return enc
