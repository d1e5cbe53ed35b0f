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


def test_an_addition_makes_a_rendering_altered_only_with_two_content_words_added() -> None:
    # Kremlin transcript: "The President of Ukraine himself, by the way, is a Jew by nationality." (fidelity 0.82)
    # was "altered" for the interpreter's "by the way,"; an added clause ("and listen to the people.") still is
    from align.scoring import Scorer

    th = {"unrelated_cos": 0.15, "flag": 0.48, "faithful": 0.75, "omission": 0.35, "addition": 0.18,
          "addition_altered": 0.4}

    def verdict(fid: float, added: str) -> str:
        return Scorer._verdict(0.8, fid, 0.05, 0.45, [{"type": "addition", "source": None, "rendering": added}], th)

    assert verdict(0.8, "by the way,") == "faithful"
    assert verdict(0.6, "Shall we end here") == "paraphrase"
    assert verdict(0.6, "and listen to the people.") == "altered"
    assert verdict(0.8, "and listen to the people.") == "altered"
    assert verdict(0.4, "by the way,") == "altered"  # under the flag threshold the addition still counts
