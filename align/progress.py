"""Progress bars: shown on a terminal, silent when stderr is piped."""

from __future__ import annotations

import sys
from typing import Any


def progress_bar(total: int | None = None, desc: str = "", unit: str = "it", **kw: Any) -> Any:
    """A tqdm bar on stderr, disabled when stderr is not a terminal."""
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit=unit, disable=not sys.stderr.isatty(), leave=False, **kw)
