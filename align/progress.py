"""Progress bars: shown on a terminal, silent when stderr is piped."""

from __future__ import annotations

import sys
from typing import Any


class _Silent:
    """Stands in for a tqdm bar when nothing is shown (tqdm is not even imported)."""

    def update(self, n: float = 1) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> _Silent:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def progress_bar(total: int | None = None, desc: str = "", unit: str = "it", **kw: Any) -> Any:
    """A tqdm bar on stderr when it is a terminal; a silent stand-in otherwise."""
    if not sys.stderr.isatty():
        return _Silent()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit, leave=False, **kw)
