"""numpy's bundled OpenBLAS: its thread count, set for a block of code (no-op where it is not found)."""

from __future__ import annotations

import os
from typing import Any

import numpy as np

_OPENBLAS: list[Any] = []


def openblas() -> Any:
    """numpy's bundled OpenBLAS (ctypes handle) and its set/get thread functions, or None."""
    if not _OPENBLAS:
        found = None
        try:
            import ctypes
            import glob

            libdir = os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs")
            for path in glob.glob(os.path.join(libdir, "*openblas*")):
                lib = ctypes.CDLL(path)
                for setter, getter in (
                    ("scipy_openblas_set_num_threads64_", "scipy_openblas_get_num_threads64_"),
                    ("openblas_set_num_threads64_", "openblas_get_num_threads64_"),
                    ("openblas_set_num_threads", "openblas_get_num_threads"),
                ):
                    if hasattr(lib, setter) and hasattr(lib, getter):
                        found = (getattr(lib, setter), getattr(lib, getter))
                        break
                if found:
                    break
        except OSError:  # pragma: no cover
            found = None
        _OPENBLAS.append(found)
    return _OPENBLAS[0]


def blas_threads_supported() -> bool:
    return openblas() is not None


class blas_threads:  # noqa: N801 - used as a context manager, like a function
    """Context manager: numpy's OpenBLAS limited to ``n`` threads (no-op where unknown)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.before: int | None = None

    def __enter__(self) -> None:
        fns = openblas()
        if fns is not None:
            self.before = int(fns[1]())
            fns[0](self.n)

    def __exit__(self, *exc: object) -> None:
        fns = openblas()
        if fns is not None and self.before is not None:
            fns[0](self.before)
