"""Scoring round 4: a replaced name is a pair of one-sided names; spelled-out acronyms are weak; the name head."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from align import evidence as ev
from align import scoring
from align.scoring import FEATURES, NAME_HEAD_FEATURES, Scorer


def test_cyrillic_name_is_not_matched_by_a_lower_case_word():
    # NTREX: "Грэму Доррансу" with the first name replaced; "greater" once passed for a rendering of "Грэм"
    flags = ev.name_flags("Полузащитник Грэм Дорранс забил гол.", "Midfielder Melrose Dorrans scored a greater goal.")
    assert {(f["source"], f["rendering"]) for f in flags} == {("Грэм", None), (None, "Melrose")}


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        ("Полузащитник Грэм Дорранс забил гол.", "Midfielder Graham Dorrans scored a greater goal."),
        # a lower-case word still counts when the phonetic key is a plain prefix (an adjective or a verb made
        # from the name)
        ("Выборы в Конгресс прошли спокойно.", "The congressional elections were calm."),
        ("Он написал об этом в Твиттере.", "He tweeted about it."),
    ],
)
def test_names_with_counterparts(source, rendering):
    assert ev.name_flags(source, rendering) == []


@pytest.mark.parametrize(("word", "spelled_out"), [("ЗАГСа", True), ("УДО", True), ("ИГ", True), ("Путин", False),
                                                   ("NATO", False)])
def test_spelled_out_acronym(word, spelled_out):
    assert scoring._spelled_out_acronym({"type": "name", "source": word, "rendering": None}) is spelled_out
    # only a source name left without a counterpart
    assert not scoring._spelled_out_acronym({"type": "name", "source": word, "rendering": "X"})


def test_shipped_model_has_a_name_head_on_name_features():
    model = json.loads((resources.files("align") / "resources" / "scorer.json").read_text(encoding="utf-8"))
    assert "step" in model["name"] and 0.0 < model["name"]["step"]["cap"] < 1.0
    w = np.asarray(model["name"]["w"])
    cols = list(range(len(FEATURES))) + [int(i) for i, _ in model["knots"]]
    assert len(w) == len(cols)
    off = [c for c, wi in zip(cols, w, strict=True) if wi != 0.0 and FEATURES[c] not in NAME_HEAD_FEATURES]
    assert off == []


@pytest.fixture(scope="module")
def scorer():
    return Scorer()


def test_acronym_flag_is_weak_and_same_kind_replaced_name_is_altered(scorer):
    src = "Начальница ЗАГСа Анна Смирнова поздравила пару из Рассказово."
    good, bad = scorer.score_pairs([
        (src, "The head of the registry office Anna Smirnova congratulated a couple from Rasskazovo."),
        (src, "The head of the registry office Anna Kuznetsova congratulated a couple from Rasskazovo."),
    ])
    acr = [f for f in good.flags if f["type"] == "name" and f["source"] == "ЗАГСа"]
    assert acr and all(f.get("weak") for f in acr)
    assert good.verdict in ("faithful", "paraphrase")
    # a surname replaced by one of the same kind: the encoder finds the two alike (about 0.66), but each is the
    # other's closest word and a name left over, so they are no translated name: one "replaced" flag, altered
    assert ("Смирнова", "Kuznetsova") in {(f["source"], f["rendering"]) for f in bad.flags if f["type"] == "name"}
    assert bad.verdict == "altered"
    assert bad.fidelity < good.fidelity - 0.1


def test_name_alike_damage_replaces_with_a_neighbour():
    from align import calibration as cal

    text = "Prime Minister Theresa May met Angela Merkel in Berlin."
    neighbours = {"Merkel": ["Merkels", "Macron", "Trudeau"], "Berlin": ["Paris"], "Theresa": ["Teresa", "Angela"]}
    out = {cal.damage_name_alike(text, __import__("random").Random(i), neighbours) for i in range(20)}
    out.discard(None)
    # Merkels is the same name (spelled alike), Teresa too; Angela is already in the text
    assert out <= {text.replace("Merkel", "Macron"), text.replace("Berlin", "Paris")}
    assert out


@pytest.mark.parametrize(
    ("source", "rendering", "flagged"),
    [
        # a shared first part (Нью, Сан) is no counterpart of the whole name
        ("В Нью-Йорке жарко.", "It is hot in New Manhattan.", {("Нью-Йорке", None), (None, "Manhattan")}),
        ("В Сан-Франциско жарко.", "It is hot in San Diego.", {("Сан-Франциско", None), (None, "Diego")}),
        ("В Нью-Йорке жарко.", "It is hot in New York.", set()),
        ("В Сан-Франциско жарко.", "It is hot in San Francisco.", set()),
        ("В Лос-Анджелесе жарко.", "It is hot in Los Angeles.", set()),
    ],
)
def test_compound_place_names(source, rendering, flagged):
    assert {(f["source"], f["rendering"]) for f in ev.name_flags(source, rendering)} == flagged


def test_shipped_calibration_map_is_monotone_and_keeps_rankings():
    model = json.loads((resources.files("align") / "resources" / "scorer.json").read_text(encoding="utf-8"))
    x, y = np.asarray(model["calibration"]["x"]), np.asarray(model["calibration"]["y"])
    assert x[0] == 0.0 and x[-1] == 1.0 and y[0] == 0.0 and y[-1] == 1.0
    assert (np.diff(x) > 0).all() and (np.diff(y) > 0).all()
    # the map changes values, never the order of two renderings
    sc = Scorer(encoder="unused")
    rng = np.random.default_rng(0)
    X = np.asarray(model["mean"])[: len(FEATURES)] + rng.normal(0, 1, (200, len(FEATURES))) * np.asarray(
        model["std"])[: len(FEATURES)]
    # a loop's share (tgt_repeat) of 1.0 and a cosine under 0 tie at fidelity 0 before the map: keep the draws in range
    rep = FEATURES.index("tgt_repeat")
    X[:, rep] = np.clip(X[:, rep], 0.0, 0.5)
    # a rule cap (a replaced name, a double negation ...) puts every pair it hits at the same value: no rule here
    for _, feature in scoring._RULE_CAPS:
        X[:, FEATURES.index(feature)] = np.clip(X[:, FEATURES.index(feature)], 0.0, 0.5)
    X[:, 0] = np.clip(X[:, 0], 0.05, 1.0)
    sc.set_model(model)
    mapped = sc._heads(X)[0]
    sc.set_model({k: v for k, v in model.items() if k != "calibration"})
    raw = sc._heads(X)[0]
    assert not np.allclose(mapped, raw)
    order = np.argsort(raw)
    assert (np.diff(mapped[order]) > 0).all()  # strictly increasing map: no new ties either


@pytest.mark.parametrize(
    ("source", "rendering", "flagged"),
    [
        # a shortened name: part of it rendered, the rest next to it, no other name left over
        ("Он отметил, что Ким Чен Ын заинтересован.", "He noted that Kim is interested.", set()),
        ("В интервью Джон Голдсмит заявил.", "Mr Goldsmith said in an interview.", set()),
        # ... but not when the rendering has a name of its own there: a replaced first name
        ("Полузащитник Грэм Дорранс забил гол.", "Midfielder Melrose Dorrans scored.", {("Грэм", None),
                                                                                     (None, "Melrose")}),
        # a name on its own is still missing
        ("Трамп встретился с Ким Чен Ыном в Сингапуре.", "Trump met Kim.", {("Сингапуре", None)}),
    ],
)
def test_shortened_names(source, rendering, flagged):
    assert {(f["source"], f["rendering"]) for f in ev.name_flags(source, rendering)} == flagged


def test_frequent_cyrillic_names_are_name_candidates():
    # "Путин" looks like an inflection of "путь" and "Москвы" of "москва", but only the capitalised forms are
    # pieces of the encoder's vocabulary: names (DEMETR: Путин dropped, Москвы -> Peninsula went unflagged)
    cands = [w for w, _, _ in ev.name_candidates("Ранее сообщалось, что Путин прибыл в район Москвы.", "ru")]
    assert cands == ["Путин", "Москвы"]
    flags = ev.name_flags("Ранее сообщалось, что Путин прибыл в район Москвы.",
                          "Earlier it was reported that he arrived in the Peninsula area.")
    assert {f["source"] for f in flags} == {"Путин", "Москвы"}
    # a capitalised common word whose lower-case form is a piece stays common
    assert ev.name_candidates("Об этом заявил Президент страны.", "ru") == []
