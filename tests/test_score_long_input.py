"""Odd input for the scorer: a pair far longer than a sentence stays linear and gets a warning, not a crash."""

from __future__ import annotations

import logging

from align import evidence
from align.scoring import LONG_TEXT, MAX_CLAUSES, MAX_WINDOWS, Scorer, clauses, windows


def test_windows_are_bounded_and_reach_the_last_word() -> None:
    text = " ".join(f"w{i}" for i in range(10_000))
    ws = windows(text)
    assert len(ws) <= MAX_WINDOWS + 1
    assert ws[0][0] == 0 and ws[-1][1] == len(text)
    short = "one two three four five six seven eight"
    assert windows(short) == [(0, 23), (8, 33), (19, 39)]  # a sentence keeps stride 2: words 0-4, 2-6, 4-7


def test_clauses_are_merged_into_groups_on_odd_input() -> None:
    text = ", ".join(f"слово номер {i} здесь" for i in range(1_000))
    cs = clauses(text)
    assert 1 < len(cs) <= MAX_CLAUSES
    assert cs[0][0] == 0 and cs[-1][1] == len(text)
    assert all(a[1] <= b[0] for a, b in zip(cs, cs[1:], strict=False))


def test_negations_of_a_long_text_are_those_of_its_parts() -> None:
    part = "Он не пришёл, и это не случайно. "
    text = part * 2_000  # 70 KB: the context patterns look at bounded views
    assert len(evidence.negations(text, "ru")) == 2 * 2_000


def test_a_long_pair_is_scored_with_a_warning(caplog) -> None:
    ru = " ".join(["город", "дом", "не", "работа", "Москва", "и", "время"] * 700)  # ~ 30 KB, no punctuation
    en = " ".join(["city", "house", "not", "work", "Moscow", "and", "time"] * 700)
    assert len(ru) > LONG_TEXT
    with caplog.at_level(logging.WARNING, logger="align"):
        (score,) = Scorer().score_pairs([(ru, en)])
    assert "pair 1:" in caplog.text and "far longer than a sentence" in caplog.text
    assert 0.0 <= score.fidelity <= 1.0 and score.verdict in ("faithful", "paraphrase", "partial", "altered",
                                                               "unrelated")


def test_numbers_and_names_of_a_long_text_are_those_of_its_parts() -> None:
    # each word once looked at every digit number before it, and each name at every word of the other side:
    # a 1 MB pair of the Kremlin transcript took 4.5 minutes to score, now about 15 s
    part_ru = "В 2023 году Путин и Лукашенко встретились в Минске, где прошли 15 раундов переговоров. "
    part_en = "In 2023, Putin and Lukashenko met in Minsk, where 15 rounds of talks took place. "
    n = 1_500
    assert len(evidence.extract_numbers(part_ru * n, "ru")) == n * len(evidence.extract_numbers(part_ru, "ru"))
    assert evidence.name_flags(part_ru * n, part_en * n) == evidence.name_flags(part_ru, part_en) == []
    flags = evidence.name_flags(part_ru * n, (part_en * n).replace("Minsk", "Vilnius"))
    assert [(f["source"], f["rendering"]) for f in flags] == [("Минске", None), (None, "Vilnius")]
