from __future__ import annotations

import json
from pathlib import Path

import pytest

from align.evaluation import evaluate
from align.formats import parse_vecalign

DATA = Path(__file__).resolve().parent / "data"


def test_gold_against_itself_is_perfect() -> None:
    gold = parse_vecalign((DATA / "textberg_dev_head.defr").read_text(encoding="utf-8"))
    r = evaluate([gold], [gold])
    assert (r.strict_precision, r.strict_recall, r.strict_f1) == (1.0, 1.0, 1.0)
    assert (r.lax_precision, r.lax_recall, r.lax_f1) == (1.0, 1.0, 1.0)
    assert r.gold_links == r.test_links == len(gold)
    assert r.confusion == {}
    assert r.by_type["0-1"]["gold"] == r.by_type["0-1"]["gold_found"] > 10


def test_known_small_case() -> None:
    gold = [((0,), (0,)), ((1,), (1, 2)), ((), (3,))]
    test = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((), (3,))]
    r = evaluate([gold], [test])
    # precision over all 4 test links: strict hits [0]:[0] and []:[3]; [1]:[1] is a lax hit; []:[2] is not
    assert r.strict_precision == pytest.approx(2 / 4)
    assert r.lax_precision == pytest.approx(3 / 4)
    # recall over gold links with both sides non-empty: [0]:[0] found, [1]:[1, 2] only laxly
    assert r.strict_recall == pytest.approx(1 / 2)
    assert r.lax_recall == pytest.approx(1.0)
    assert r.strict_f1 == pytest.approx(0.5)
    assert r.lax_f1 == pytest.approx(2 * 0.75 / 1.75)
    assert r.precision_counts == (2, 2, 3, 1)
    assert r.recall_counts == (1, 1, 2, 0)
    assert r.confusion == {"1-2": {"1-1+0-1": 1}}
    assert r.by_type["1-2"] == {"gold": 1, "gold_found": 0, "recall": 0.0, "test": 0, "test_correct": 0,
                                "precision": 0.0}


def test_counts_are_summed_over_documents_not_averaged() -> None:
    doc1 = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    bad1 = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    doc2 = [((0,), (0,))]
    bad2 = [((0,), (1,))]
    r = evaluate([doc1, doc2], [bad1, bad2])
    assert r.strict_precision == pytest.approx(4 / 5)  # the per-document mean would be 0.5
    assert r.documents == 2


def test_deletions_count_for_precision_only() -> None:
    gold = [((0,), (0,)), ((1,), ())]
    test = [((0,), (0,)), ((), (1,))]  # a wrong deletion on the other side
    r = evaluate([gold], [test])
    assert r.strict_precision == pytest.approx(0.5)
    assert r.strict_recall == 1.0


def test_links_with_both_sides_empty_and_duplicates_are_ignored() -> None:
    gold = [((0,), (0,))]
    r = evaluate([gold], [[((0,), (0,)), ((0,), (0,)), ((), ())]])
    assert r.strict_f1 == 1.0 and r.test_links == 1


def test_json_and_table() -> None:
    gold = [((0,), (0,)), ((1, 2), (1,))]
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ())]
    r = evaluate([gold], [test])
    d = json.loads(r.to_json())
    assert d["strict"]["f1"] == round(r.strict_f1, 4)
    assert d["by_type"]["2-1"]["gold"] == 1 and d["by_type"]["1-0"]["test"] == 1
    assert d["confusion"] == {"2-1": {"1-1+1-0": 1}}
    table = r.table()
    assert "strict" in table and "lax" in table and "2-1" in table and "1-1+1-0 x1" in table


def test_mismatched_document_counts_fail() -> None:
    with pytest.raises(ValueError):
        evaluate([[((0,), (0,))]], [])
