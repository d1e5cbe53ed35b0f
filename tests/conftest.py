from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory) -> Path:
    """Three shipped NTREX document pairs in a fresh directory."""
    d = tmp_path_factory.mktemp("corpus")
    for pid in ("cnn.304489", "upi.176266", "bbc.381790"):
        for lang in ("ru", "en"):
            shutil.copy(CORPORA / "ntrex" / f"{pid}.{lang}.txt", d / f"{pid}.{lang}.txt")
    return d


@pytest.fixture(scope="session")
def kremlin_paragraphs():
    """The shipped Kremlin transcript as (ru, en) tuples of Sentences, one sentence and paragraph per line."""
    from align.aligner import presplit_sentences
    from align.types import Sentence

    def lines(t: str) -> tuple[Sentence, ...]:
        return tuple(Sentence(s.start, s.stop, s.text, k) for k, s in enumerate(presplit_sentences(t)))

    base = CORPORA / "kremlin" / "2024-02-09-interview"
    return tuple(lines(Path(f"{base}.{lang}.txt").read_text(encoding="utf-8")) for lang in ("ru", "en"))


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "align-cache"))
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
