"""Word-level coverage features of the scorer (align.scoring.word_coverage / best_word_sims / content_words)."""

from __future__ import annotations

import numpy as np

from align.scoring import WORD_MATCH_SIM, best_word_sims, content_words, word_coverage


def test_content_words_drop_function_words_and_digits() -> None:
    assert content_words("The minister said that 12 of the 15 ships were not ready") == ["minister", "ships", "ready"]
    assert content_words("Он сказал, что это не так и что суд отложен") == ["сказал", "суд", "отложен"]


# source words 0..5; words 2, 3, 4 have no counterpart among the three rendering words
SIM = np.array([[0.9, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.2, 0.1], [0.2, 0.1, 0.1], [0.1, 0.1, 0.3], [0.1, 0.1, 0.7]])


def test_a_run_of_unmatched_source_words_is_found() -> None:
    s_w3, s_run, s_frac, t_w3, t_run, t_frac = word_coverage(SIM.max(axis=1), SIM.max(axis=0))
    assert s_run == 3.0 and s_frac == 0.5
    assert abs(s_w3 - np.mean([0.2, 0.2, 0.3])) < 1e-9
    assert t_run == 0.0 and t_frac == 0.0 and t_w3 > WORD_MATCH_SIM  # every rendering word has a source counterpart


def test_no_words_on_a_side_gives_full_coverage() -> None:
    assert word_coverage(np.zeros(0), np.zeros(0)) == (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    assert word_coverage(np.array([0.2]), np.array([0.2])) == (0.2, 1.0, 1.0, 0.2, 1.0, 1.0)


def test_best_word_sims_by_chunks_match_the_full_matrix() -> None:
    rng = np.random.default_rng(3)
    emb = rng.normal(size=(40, 8))
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    vocab = [f"w{i}" for i in range(40)]
    word_at = {w: i for i, w in enumerate(vocab)}
    src = [vocab[i] for i in rng.integers(0, 25, size=30)]  # repeated words on purpose
    tgt = [vocab[i] for i in rng.integers(15, 40, size=20)]
    full = emb[[word_at[w] for w in src]] @ emb[[word_at[w] for w in tgt]].T
    bs, bt = best_word_sims(emb, word_at, src, tgt, chunk=4)
    assert np.allclose(bs, full.max(axis=1)) and np.allclose(bt, full.max(axis=0))
    assert best_word_sims(emb, word_at, [], tgt)[0].shape == (0,)
