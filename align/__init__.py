"""align: split, align and check translations of reports (Russian ↔ English and more).

One entry point for library users::

    import align
    alignment = align.Aligner().align(ru_text, en_text, src_lang="ru", tgt_lang="en")
    for src, tgt, link in alignment.pairs():
        print(f"{link.score:.2f}  {src}  |||  {tgt}")

Nothing heavy is imported here: the model loads on first use, once per process.
"""

from __future__ import annotations

from typing import Any

from .errors import AlignError, InputError
from .types import Alignment, Link, Sentence

__version__ = "0.1.0"

_LAZY = {
    "segment": ("segmenter", "segment"),
    "Aligner": ("aligner", "Aligner"),
    "Scorer": ("scoring", "Scorer"),
    "find_quotes": ("quotes", "find_quotes"),
    "check_quotes": ("quotes", "check_quotes"),
    "Official": ("official", "Official"),
    "get_encoder": ("encoders", "get_encoder"),
    "evaluate": ("evaluation", "evaluate"),
    "format_alignment": ("formats", "format_alignment"),
    "parse_vecalign": ("formats", "parse_vecalign"),
    "run_corpus": ("pipeline", "run_corpus"),
    "RunOptions": ("pipeline", "RunOptions"),
    "analyse_pair": ("pipeline", "analyse_pair"),
}

__all__ = ["Alignment", "Link", "Sentence", "AlignError", "InputError", "__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        mod, attr = _LAZY[name]
        return getattr(importlib.import_module(f".{mod}", __name__), attr)
    raise AttributeError(f"module 'align' has no attribute {name!r}")
