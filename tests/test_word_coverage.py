"""Word-level coverage features of the scorer (align.scoring.word_coverage / content_words)."""

from __future__ import annotations

import numpy as np

from align.scoring import WORD_MATCH_SIM, content_words, word_coverage


def test_content_words_drop_function_words_and_digits() -> None:
    assert content_words("The minister said that 12 of the 15 ships were not ready") == ["minister", "ships", "ready"]
    assert content_words("Он сказал, что это не так и что суд отложен") == ["сказал", "суд", "отложен"]


def test_a_run_of_unmatched_source_words_is_found() -> None:
    # source words 0..5; words 2, 3, 4 have no counterpart among the three rendering words
    sim = np.array([[0.9, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.2, 0.1], [0.2, 0.1, 0.1], [0.1, 0.1, 0.3],
                    [0.1, 0.1, 0.7]])
    s_w3, s_run, s_frac, t_w3, t_run, t_frac = word_coverage(sim)
    assert s_run == 3.0 and s_frac == 0.5
    assert abs(s_w3 - np.mean([0.2, 0.2, 0.3])) < 1e-9
    assert t_run == 0.0 and t_frac == 0.0 and t_w3 > WORD_MATCH_SIM  # every rendering word has a source counterpart


def test_no_words_on_a_side_gives_full_coverage() -> None:
    assert word_coverage(np.zeros((0, 0))) == (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    one = word_coverage(np.array([[0.2]]))
    assert one == (0.2, 1.0, 1.0, 0.2, 1.0, 1.0)
