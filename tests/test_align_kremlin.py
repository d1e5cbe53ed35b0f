"""The default aligner on the shipped Kremlin transcript keeps the links checked by hand (real encoder)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKED = json.loads((ROOT / "tests" / "data" / "kremlin_checked_links.json").read_text(encoding="utf-8"))["links"]


@pytest.fixture(scope="module")
def kremlin_pairs() -> set[tuple[str, str]]:
    import align

    base = ROOT / "corpora" / "kremlin" / "2024-02-09-interview"
    ru, en = (Path(f"{base}.{lang}.txt").read_text(encoding="utf-8") for lang in ("ru", "en"))
    alignment = align.Aligner().align(ru, en, src_lang="ru", tgt_lang="en")
    return {(s.strip(), t.strip()) for s, t, _ in alignment.pairs()}


def test_hand_checked_links_are_kept(kremlin_pairs: set[tuple[str, str]]) -> None:
    lost = [(x["kind"], x["ru"][:60], x["en"][:60]) for x in CHECKED if (x["ru"], x["en"]) not in kremlin_pairs]
    assert not lost, f"{len(lost)} of {len(CHECKED)} hand-checked links lost: {lost[:5]}"

