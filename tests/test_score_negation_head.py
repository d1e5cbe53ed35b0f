"""Scoring round 4: negation polarity features and the negation head."""

from __future__ import annotations

import numpy as np
import pytest

from align import evidence as ev
from align.scoring import FEATURES, NEG_POLARITY_FEATURES, NEGATION_HEAD_FEATURES, Scorer, clauses, negation_polarity


def _pol(source: str, rendering: str) -> dict[str, float]:
    cs, ct = clauses(source), clauses(rendering)
    # clauses matched in order (the scorer uses encoder cosines; here the i-th with the i-th)
    sim = np.eye(len(cs), len(ct))
    return dict(zip(NEG_POLARITY_FEATURES, negation_polarity(source, rendering, cs, ct, sim, "ru", "en"), strict=True))


def test_polarity_features_are_the_last_features_and_feed_the_negation_head() -> None:
    assert FEATURES[-len(NEG_POLARITY_FEATURES):] == NEG_POLARITY_FEATURES
    assert set(NEG_POLARITY_FEATURES) <= set(NEGATION_HEAD_FEATURES) <= set(FEATURES)


def test_antonym_rendering_plus_inserted_not_flips_the_total_parity() -> None:
    # не хватает / is scarce: one marker against a word negative by itself, the same polarity
    faithful = _pol("Чистой воды не хватает.", "Clean water is scarce.")
    assert faithful["neg_marker_diff"] == 1 and faithful["neg_total_diff"] == 0 and faithful["neg_total_odd"] == 0
    # "not scarce": the marker counts are equal (no flag), the total is one ahead, an odd difference
    damaged = _pol("Чистой воды не хватает.", "Clean water is not scarce.")
    assert damaged["neg_marker_diff"] == 0 and damaged["neg_total_diff"] == -1 and damaged["neg_total_odd"] == 1
    assert not ev.negation_flags("Чистой воды не хватает.", "Clean water is not scarce.", "ru", "en")


def test_clause_level_polarity_compares_matched_clauses_only() -> None:
    src = "Мой старший брат не пришёл вчера, но его жена была дома."
    same = _pol(src, "My elder brother did not come yesterday, but his wife was at home.")
    assert same["neg_clause_diff"] == 0 and same["neg_clause_mutual"] == 0
    moved = _pol(src, "My elder brother came yesterday, but his wife was not at home.")  # moved to the other clause
    assert moved["neg_marker_diff"] == 0  # the sentence counts agree
    assert moved["neg_clause_diff"] == 2 and moved["neg_clause_odd"] == 2 and moved["neg_clause_mutual"] == 2


def test_polarity_without_clauses_keeps_the_sentence_counts() -> None:
    out = negation_polarity("Он не пришёл.", "He came.", [], [], np.zeros((0, 0)), "ru", "en")
    assert out[:2] == [1.0, 1.0] and out[-4:] == [0.0, 0.0, 0.0, 0.0]


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("Она не только не сократилась в два раза.", (1, 0)),  # "не только не" is a negation (not "не мог не")
        ("Он не мог не прийти.", (1, 0)),
        ("Женщинам вход воспрещен.", (0, 1)),  # prohibited
        ("Улучшений ждать неоткуда.", (0, 1)),
        ("Яблоко от яблони недалеко падает.", (0, 1)),  # не- adverbs: not far, not long
        ("Заесть его недолго.", (0, 1)),
        ("Он недавно приехал.", (0, 0)),  # recently: not a negation
        ("Это случается нередко.", (0, 0)),
    ],
)
def test_negation_counts(text: str, counts: tuple[int, int]) -> None:
    assert ev.negation_counts(text, "ru") == counts
    assert ev.negation_count(text, "ru") == sum(counts)


def test_negation_step_penalises_a_confident_negation_head() -> None:
    n = len(FEATURES)
    X = np.zeros((2, n))
    X[:, FEATURES.index("quality")] = 0.8
    X[:, FEATURES.index("neg_total_odd")] = [0.0, 1.0]
    zero = {"w": [0.0] * n, "b": -20.0}
    w = [0.0] * n
    w[FEATURES.index("neg_total_odd")] = 10.0
    base = {"features": list(FEATURES), "knots": [], "mean": [0.0] * n, "std": [1.0] * n, "alpha": 0.0,
            "detector": {"w": [0.0] * n, "b": 5.0}, "omission": zero, "addition": zero,
            "negation": {"w": w, "b": 0.0}}
    sc = Scorer(encoder=None)
    sc.set_model(base)
    plain = sc._heads(X)[0]
    assert np.allclose(plain, 0.8)  # no step: the head is not used
    sc.set_model({**base, "negation": {"w": w, "b": 0.0, "step": {"cap": 0.4, "s": 8.0, "t": 5.0}}})
    stepped = sc._heads(X)[0]
    assert abs(stepped[0] - 0.8) < 1e-6
    assert abs(stepped[1] - 0.4) < 1e-3  # brought down to the cap
    X[:, FEATURES.index("quality")] = 0.3
    assert np.allclose(sc._heads(X)[0], 0.3)  # under the cap already: kept


def test_shipped_model_has_a_negation_head_that_the_detector_does_not_share() -> None:
    m = Scorer(encoder=None).model
    assert m["features"] == list(FEATURES)
    step = m["negation"]["step"]
    assert 0 < step["cap"] <= 0.5
    width = len(m["detector"]["w"])
    assert len(m["negation"]["w"]) == width
    for f in NEG_POLARITY_FEATURES:  # the polarity features carry weight in the negation head only
        assert m["detector"]["w"][FEATURES.index(f)] == 0.0
    col_feature = list(range(len(FEATURES))) + [int(i) for i, _ in m["knots"]]  # raw columns, then hinges
    used = {FEATURES[c] for c, v in zip(col_feature, m["negation"]["w"], strict=True) if v}
    assert used and used <= set(NEGATION_HEAD_FEATURES)


def test_negation_head_lowers_an_inserted_negation_with_the_real_encoder() -> None:
    import copy

    sc = Scorer()
    src = "Он был арестован и обвинен в домашнем насилии в понедельник вечером"
    pairs = [(src, "He was arrested and charged in a domestic violence incident on Monday night"),
             (src, "He was not arrested and charged in a domestic violence incident on Monday night")]
    good, bad = sc.score_pairs(pairs)
    assert bad.fidelity < good.fidelity
    assert any(f["type"] == "negation" for f in bad.flags)
    # the negation head alone (the tree detector, which also catches this one, taken out of both models)
    head_only = copy.deepcopy(sc.model)
    head_only.pop("damage", None)
    plain = copy.deepcopy(head_only)
    del plain["negation"]["step"]
    sc1, sc2 = Scorer(encoder=sc.encoder), Scorer(encoder=sc.encoder)
    sc1.set_model(head_only)
    sc2.set_model(plain)
    good1, bad1 = sc1.score_pairs(pairs)
    good0, bad0 = sc2.score_pairs(pairs)
    assert abs(good0.fidelity - good1.fidelity) < 0.01  # the faithful rendering: the head stays under its step
    assert bad1.fidelity < bad0.fidelity - 0.1  # the damaged one: brought down towards the cap
    assert bad.fidelity < 0.5


def _flat_model(n: int) -> dict[str, object]:
    zero = {"w": [0.0] * n, "b": -20.0}
    return {"features": list(FEATURES), "knots": [], "mean": [0.0] * n, "std": [1.0] * n, "alpha": 0.0,
            "detector": {"w": [0.0] * n, "b": 5.0}, "omission": zero, "addition": zero}


def test_detector_step_cap_keeps_poor_renderings() -> None:
    n = len(FEATURES)
    X = np.zeros((3, n))
    X[:, 0] = 0.9  # cosine
    X[:, FEATURES.index("quality")] = [0.8, 0.3, 0.8]
    X[:, 1] = [-1.0, -1.0, 1.0]  # src_cov_min drives the detector: logits -15 (confident damage) and 15
    base = _flat_model(n)
    w = [0.0] * n
    w[1] = 10.0
    sc = Scorer(encoder=None)
    sc.set_model({**base, "detector": {"w": w, "b": -5.0}, "step": {"cap": 0.37, "t": -2.0, "s": 4.0}})
    fid = sc._heads(X)[0]
    assert abs(fid[0] - 0.37) < 1e-3  # confident damage: brought down to the cap
    assert abs(fid[1] - 0.3) < 1e-3  # under the cap already: kept
    assert abs(fid[2] - 0.8) < 1e-3
    sc.set_model({**base, "detector": {"w": w, "b": -5.0}, "step": {"c": 0.4, "t": -2.0, "s": 4.0}})
    assert abs(sc._heads(X)[0][0] - 0.8 * 0.6) < 1e-3  # the older factor form still reads


def test_unrelated_rendering_is_scaled_by_its_cosine() -> None:
    n = len(FEATURES)
    X = np.zeros((3, n))
    X[:, FEATURES.index("quality")] = 0.6
    X[:, 0] = [0.1, 0.25, 0.8]
    sc = Scorer(encoder=None)
    sc.set_model({**_flat_model(n), "unrelated": {"cos_full": 0.25}})
    assert np.allclose(sc._heads(X)[0], [0.6 * 0.4, 0.6, 0.6], atol=1e-3)
