"""Gradient-boosted decision trees, evaluated in numpy from their JSON form.

The scorer's damage detector (``scorer.json`` key ``"damage"``) is a binary gradient-boosted tree
ensemble fitted by ``scripts/fit_scorer.py`` with scikit-learn's ``HistGradientBoostingClassifier``;
scikit-learn is needed to fit it, not to use it. The JSON form of an ensemble::

    {"baseline": float, "columns": [feature index, ...],
     "trees": [{"f": [...], "t": [...], "l": [...], "r": [...], "v": [...]}, ...]}

Per tree, node ``i`` is a leaf when ``f[i] < 0`` (its value is ``v[i]``); otherwise a row goes to node
``l[i]`` when ``x[columns[f[i]]] <= t[i]`` and to ``r[i]`` else. Node 0 is the root. The ensemble's output
is ``baseline + sum of the leaf values``: a log-odds (logit) like a logistic regression's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np


def tree_logit(X: np.ndarray, tree: Mapping[str, Sequence[float]]) -> np.ndarray:
    """One tree's leaf value for every row of ``X`` (N, F) (features already picked by ``columns``) -> (N,)."""
    f = np.asarray(tree["f"], dtype=np.int64)
    t = np.asarray(tree["t"], dtype=np.float64)
    left = np.asarray(tree["l"], dtype=np.int64)
    right = np.asarray(tree["r"], dtype=np.int64)
    node = np.zeros(len(X), dtype=np.int64)
    rows = np.arange(len(X))
    for _ in range(len(f)):  # a path is never longer than the node count
        inner = f[node] >= 0
        if not inner.any():
            break
        r, nd = rows[inner], node[inner]
        go_left = X[r, f[nd]] <= t[nd]
        node[r] = np.where(go_left, left[nd], right[nd])
    return np.asarray(tree["v"], dtype=np.float64)[node]


def ensemble_logit(X: np.ndarray, ensemble: Mapping[str, Any]) -> np.ndarray:
    """The ensemble's log-odds for every row of ``X`` (N, all features) -> (N,)."""
    Xc = np.asarray(X, dtype=np.float64)[:, np.asarray(ensemble["columns"], dtype=np.int64)]
    out = np.full(len(Xc), float(ensemble["baseline"]))
    for tree in ensemble["trees"]:
        out += tree_logit(Xc, tree)
    return out


def from_sklearn(model: Any, columns: Sequence[int]) -> dict[str, Any]:
    """The JSON form of a fitted binary ``HistGradientBoostingClassifier`` (numerical features only, no missing
    values) whose input columns were ``columns`` of the full feature matrix.

    Reads scikit-learn's fitted predictors (``_predictors``, ``_baseline_prediction``: not public API), so
    ``scripts/fit_scorer.py`` checks the exported trees against ``decision_function`` before writing them, and
    ``tests/test_trees.py`` does the same on a small model."""
    trees = []
    for (pred,) in model._predictors:  # one tree per iteration for a binary model
        nodes = pred.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append({
            "f": [-1 if lf else int(fi) for lf, fi in zip(leaf, nodes["feature_idx"], strict=True)],
            "t": [0.0 if lf else float(th) for lf, th in zip(leaf, nodes["num_threshold"], strict=True)],
            "l": [0 if lf else int(x) for lf, x in zip(leaf, nodes["left"], strict=True)],
            "r": [0 if lf else int(x) for lf, x in zip(leaf, nodes["right"], strict=True)],
            "v": [round(float(v), 7) if lf else 0.0 for lf, v in zip(leaf, nodes["value"], strict=True)],
        })
    return {"baseline": float(np.ravel(model._baseline_prediction)[0]), "columns": [int(c) for c in columns],
            "trees": trees}
