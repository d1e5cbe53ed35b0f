"""The aligner's merge pass: adjacent links of the DP path merged by a fitted model (align/resources/aligner.json)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from align.aligner import (
    MERGE_FEATURES,
    Aligner,
    MergeModel,
    _lex_tokens,
    cross_tokens,
    greedy_merges,
    is_junk,
    load_merge_model,
    paragraph_breaks,
    presplit_sentences,
)
from align.evaluation import evaluate
from align.formats import parse_vecalign

DATA = Path(__file__).resolve().parent / "data"


def test_greedy_merges_takes_best_first_and_never_reuses_a_link() -> None:
    prob = np.array([0.6, 0.9, 0.2, 0.7, 0.55])
    first = np.array([0, 1, 3, 5, 6])  # candidate k merges path links first[k] and first[k] + 1
    take = greedy_merges(prob, first, 0.5)
    # 1 (links 1+2) goes first and blocks 0 (links 0+1); 3 (5+6) blocks 4 (6+7); 2 is under the threshold
    assert take.tolist() == [False, True, False, True, False]
    assert not greedy_merges(prob, first, 0.95).any()


def test_paragraph_breaks() -> None:
    brk = paragraph_breaks([0, 0, 1, 1, 2], [0, 1])
    assert brk is not None
    assert brk[0].tolist() == [False, False, True, False, True, False]
    assert brk[1].tolist() == [False, True, False]
    assert paragraph_breaks(None, [0]) is None


def test_merge_candidates_respect_sizes() -> None:
    al = Aligner(object(), max_size=4)
    # links: 1-1, 0-1, 1-0, 1-2, 2-1
    path = np.array([[0, 1, 0, 1], [1, 1, 1, 2], [1, 2, 2, 2], [2, 3, 2, 4], [3, 5, 4, 5]])
    # 1-1+0-1 -> 1-2 ok; 0-1+1-0 -> 1-1 ok; 1-0+1-2 -> 2-2 ok; 1-2+2-1 -> 3-3 too big for max_size 4
    assert al.merge_candidates(path).tolist() == [0, 1, 2]


def test_is_junk() -> None:
    for text in ('h * "', "24 a !", ".....", ".:-- , .", "- _- ", "", "1956"):
        assert is_junk(text), text
    for text in ("Lager 4 !", "Bern :", "Pfui !", "de là", "Это всё.", "Ok"):
        assert not is_junk(text), text


def test_lex_tokens_and_cross_tokens() -> None:
    assert _lex_tokens("Mount Everest : 8847,60 oder 8848 m , nach Evans") == {"mount", "everest", "8847.6", "8848",
                                                                               "evans"}
    assert _lex_tokens("la cote de 8847.6 m") == {"8847.6"}
    # de: "Leiter Ch . 8597" | "Evans , Band" ; fr: "Chef Ch.Evans 8597" | "Band"
    src = [{"leiter", "8597"}, {"evans", "band"}]
    tgt = [{"8597", "evans"}, {"band"}]
    assert cross_tokens(src, tgt, (0, 1, 0, 1), (1, 2, 1, 2)) == 1  # evans: de part 2, fr part 1
    assert cross_tokens(src, tgt[:1] + [{"band", "evans"}], (0, 1, 0, 1), (1, 2, 1, 2)) == 0  # explained inside
    assert cross_tokens(src, tgt, (0, 1, 0, 1), (1, 2, 1, 1)) == 1  # a sentence without counterpart merged
    assert cross_tokens([set(), set()], tgt, (0, 1, 0, 1), (1, 2, 1, 2)) == 0


def test_merge_candidates_leave_junk_sentences_alone() -> None:
    al = Aligner(object(), max_size=4)
    # links: 1-1, 0-1 (OCR debris), 1-1, 0-1 (a real sentence)
    path = np.array([[0, 1, 0, 1], [1, 1, 1, 2], [1, 2, 2, 3], [2, 2, 3, 4]])
    src = ["Ein Satz .", "Noch einer ."]
    tgt = ["Une phrase .", "24 a !", "Encore une .", "Et une autre ."]
    assert al.merge_candidates(path).tolist() == [0, 1, 2]
    assert al.merge_candidates(path, src, tgt).tolist() == [2]
    assert Aligner(object(), max_size=4, keep_junk_apart=False).merge_candidates(path, src, tgt).tolist() == [0, 1, 2]


def test_shipped_merge_model_loads_and_round_trips() -> None:
    model = load_merge_model()
    assert model is not None
    assert model.features == MERGE_FEATURES
    assert 0.0 < model.threshold < 1.0
    again = MergeModel.from_dict(model.to_dict())
    x = np.random.default_rng(0).normal(size=(5, len(MERGE_FEATURES)))
    x[:, 0] = 1.0
    p = model.predict(x)
    assert np.allclose(again.predict(x), p, atol=1e-6)
    assert np.all((p >= 0) & (p <= 1))
    x[2, 3] = np.nan  # a candidate without features is never merged
    assert model.predict(x)[2] == 0.0
    with pytest.raises(ValueError):
        MergeModel.from_dict({**model.to_dict(), "features": ["bias"]})


# ----------------------------------------------------------------- real encoder
@pytest.fixture(scope="module")
def head() -> tuple[list[str], list[str], list]:
    de = [s.text for s in presplit_sentences((DATA / "textberg_dev_head.de").read_text(encoding="utf-8"))]
    fr = [s.text for s in presplit_sentences((DATA / "textberg_dev_head.fr").read_text(encoding="utf-8"))]
    gold = parse_vecalign((DATA / "textberg_dev_head.defr").read_text(encoding="utf-8"))
    return de, fr, gold


@pytest.fixture(scope="module")
def aligner() -> Aligner:
    return Aligner()


def test_merge_pass_joins_a_split_translation(aligner: Aligner, head: tuple[list[str], list[str], list]) -> None:
    """Text+Berg dev: German 31-33 (a book reference split at colons) are one French sentence 68; the DP alone
    leaves German 33 without counterpart, the merge pass makes the gold 3-1 link."""
    de, fr, gold = head
    merged = aligner.align_sentences(de, fr)
    plain = Aligner(aligner.encoder, merge_pass=False).align_sentences(de, fr)
    want = ((31, 32, 33), (68,))
    got = {(ln.src, ln.tgt): ln for ln in merged}
    assert want in got
    assert want not in {(ln.src, ln.tgt) for ln in plain}
    assert 0.3 < got[want].score <= 1.0
    assert evaluate([gold], [merged]).strict_f1 > evaluate([gold], [plain]).strict_f1
    # where both sides start a new paragraph between the two links, they are not merged
    src_par = [0] * 33 + [1] * (len(de) - 33)
    tgt_par = [0] * 69 + [1] * (len(fr) - 69)
    kept = {(ln.src, ln.tgt) for ln in aligner.align_sentences(de, fr, src_par, tgt_par)}
    assert want not in kept
    assert ((31, 32), (68,)) in kept


def test_cross_token_feature_on_real_text(aligner: Aligner, head: tuple[list[str], list[str], list]) -> None:
    """Text+Berg dev: German 8 / French 10 and German 9 / French 11 are gold-merged into one link; "8900" sits in
    German 8 and French 11 only, so it is an anchor shared across the boundary of the two links."""
    de, fr, _ = head
    es, et = aligner._embed(de), aligner._embed(fr)
    ls = np.array([len(x) for x in de], float)
    lt = np.array([len(x) for x in fr], float)
    prep = aligner.prepare(de, fr, es, et, ls, lt)
    first = np.array([[8, 9, 10, 11], [2, 3, 2, 3]])
    second = np.array([[9, 10, 11, 12], [3, 4, 3, 4]])
    x = aligner.pair_features(de, fr, es, et, ls, lt, prep, first, second)
    col = MERGE_FEATURES.index("lex_cross")
    assert x[:, col].tolist() == [1.0, 0.0]  # "Mit 3 Bildern" / "Avec 3 illustrations": "3" is inside one link
