"""The caps of the tree detector and the negation / name heads are graded by how far the logit is past the step."""

from __future__ import annotations

import numpy as np

from align.scoring import _graded_cap


def test_a_cap_without_spread_is_one_value():
    assert _graded_cap({"cap": 0.47, "t": 1.0}, np.array([0.0, 2.0, 9.0])) == 0.47
    assert _graded_cap({"cap": 0.47, "t": 1.0, "spread": 0.0}, np.array([2.0])) == 0.47


def test_a_graded_cap_is_lower_the_surer_the_head():
    caps = _graded_cap({"cap": 0.47, "t": 1.0, "spread": 0.1}, np.array([0.0, 1.0, 2.0, 4.0, 50.0]))
    assert isinstance(caps, np.ndarray)
    assert caps[0] == caps[1] == 0.47  # at or under the step's threshold: the plain cap
    assert caps[1] > caps[2] > caps[3] > caps[4]  # past it: lower, so that capped pairs no longer tie
    assert caps[4] >= 0.47 * 0.9 - 1e-9  # never lower than cap * (1 - spread)
