"""Calibration helpers: metrics, logistic fit, damage generators, shipped model file."""

from __future__ import annotations

import json
import random
from importlib import resources

import numpy as np

from align import calibration as cal
from align.scoring import FEATURES, expand_features


def test_roc_auc_and_threshold():
    assert cal.roc_auc([3, 4, 5], [0, 1, 2]) == 1.0
    assert cal.roc_auc([0, 1], [0, 1]) == 0.5
    thr = cal.threshold_at_fpr(list(range(100)), 0.05)
    assert sum(v < thr for v in range(100)) == 5


def test_fit_logistic_separates_and_respects_mask():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3))
    y = (X[:, 0] > 0).astype(float)
    w, b = cal.fit_logistic(X, y, l2=1.0, mask=np.array([True, False, True]))
    assert w[0] > 2 and w[1] == 0.0 and abs(w[2]) < 1


def test_damage_generators_change_what_they_say():
    rng = random.Random(0)
    text = "The company said on Monday that it had hired 25 new engineers in Boston, and that it would not stop."
    num = cal.damage_number(text, rng)
    assert num and "25" not in num and num != text
    neg = cal.damage_negation("The plan was approved by the council.", rng)
    assert neg and " not " in neg
    om = cal.damage_omission(text, rng)
    assert om and len(om) < len(text)
    add = cal.damage_addition("The plan was approved by the council.", rng,
                              ["Officials said the new bridge will cost more than expected."])
    assert add and len(add) > len("The plan was approved by the council.")
    name = cal.damage_name("Officials met Smith in Boston yesterday.", rng, ["Johnson", "Carter"])
    assert name and name != "Officials met Smith in Boston yesterday."


def test_shipped_model_matches_features():
    model = json.loads((resources.files("align") / "resources" / "scorer.json").read_text(encoding="utf-8"))
    assert model["features"] == list(FEATURES)
    width = len(FEATURES) + len(model.get("knots", []))
    assert len(model["mean"]) == width and len(model["std"]) == width
    for head in ("omission", "addition"):
        assert len(model[head]["w"]) == width
    assert len(model["detector"]["w"]) == width
    assert len(model["quality"]["w"]) == 4 * 512
    X = np.zeros((2, len(FEATURES)))
    assert expand_features(X, model["knots"]).shape == (2, width)


def test_reverse_damage_swaps_the_sides_and_damages_the_russian_rendering():
    items = [cal.Item("В понедельник 25 инженеров приехали в Бостон, и работа на заводе началась, как обещали.",
                      "On Monday 25 engineers came to Boston, and work at the plant began as promised.", "good",
                      "fit", "g1"),
             cal.Item("Мост откроют в мае, сообщили в мэрии города, и движение по нему будет бесплатным.",
                      "The bridge will open in May, the city hall said, and it will be free to cross.", "good",
                      "heldout", "g2")]
    out = cal.make_damage_reverse(items)
    goods = [it for it in out if it.kind == "good"]
    assert [(it.source, it.rendering) for it in goods] == [(it.rendering, it.source) for it in items]
    assert all(it.langs == ("en", "ru") for it in out)
    kinds = {it.kind for it in out}
    assert {"number", "negation", "omission", "addition"} <= kinds
    for it in out:
        orig = next(g for g in goods if g.group == it.group)
        assert it.source == orig.source and it.split == orig.split
        if it.kind == "number":
            assert "25" not in it.rendering
        elif it.kind == "negation":
            assert it.rendering.lower().count("не ") != orig.rendering.lower().count("не ")
        elif it.kind.startswith("omission"):
            assert len(it.rendering) < len(orig.rendering)
        elif it.kind.startswith("addition"):
            assert len(it.rendering) > len(orig.rendering)
    assert cal.Item("a", "b", "good", "fit").langs == ("ru", "en")


def test_russian_negation_damage_removes_or_adds_one_ne():
    rng = random.Random(0)
    outs = {cal.damage_negation_ru("Правительство не будет повышать налоги, сообщил министр.", rng) for _ in range(12)}
    assert "Правительство будет повышать налоги, сообщил министр." in outs  # removed
    assert "Правительство не будет повышать налоги, не сообщил министр." in outs  # put before a finite verb
    # at the start: the next word is capitalised; "не только" is no negation to remove; no "не не"
    assert cal.damage_negation_ru("Не знаю.", random.Random(1)) in ("Знаю.", None)
    for seed in range(8):
        out = cal.damage_negation_ru("Не только министр, но и премьер выступил.", random.Random(seed))
        assert out == "Не только министр, но и премьер не выступил."
    assert cal.damage_negation_ru("Мост через реку.", rng) is None  # no verb, no negation


def test_name_damage_in_a_russian_rendering():
    out = cal.damage_name("Президент Путин встретился с Макроном в Париже.", random.Random(3), ["Иванов", "Меркель"],
                          "President Putin met Macron in Paris.", ("en", "ru"))
    assert out and out != "Президент Путин встретился с Макроном в Париже."


def test_name_removal_takes_the_whole_name():
    # before: one word of a multi-word name went ("Joko Widodo" -> "Widodo", "Des Moines" -> "Des"): a shortening
    # the scorer excuses on purpose, or no English; now the capitalised words next to it go too, but not the
    # sentence's first word
    removed = set()
    for seed in range(40):
        for text in ("Rapper Kanye West is changing his name.", "The flood hit Des Moines last week."):
            out = cal.damage_name(text, random.Random(seed), ["Smith"], "")
            if out and "Smith" not in out:
                removed.add(out)
    assert removed == {"Rapper is changing his name.", "The flood hit last week."}


def test_item_damage_depends_on_the_item_only():
    a = cal.Item("Он приехал в Москву в 2019 году.", "He came to Moscow in 2019.", "good", "fit", "g1")
    b = cal.Item("Она уехала.", "She left.", "good", "fit", "g2")
    draws = [cal.item_rng(13, "number", a).random() for _ in range(2)]
    assert draws[0] == draws[1]  # the same item and kind: the same stream, in any process
    assert cal.item_rng(13, "number", a).random() != cal.item_rng(13, "omission", a).random()
    # a's damage does not depend on the items made before it (names and added clauses come from pools of all items)
    own = ("number", "negation", "omission")
    alone = [(it.kind, it.rendering) for it in cal.make_damage([a]) if it.kind in own]
    after = [(it.kind, it.rendering) for it in cal.make_damage([b, a]) if it.group == "g1" and it.kind in own]
    assert alone == after and alone


def test_stable_choice_moves_only_to_an_added_option():
    pool = [f"Name{k}" for k in range(40)]
    for seed in range(30):
        before = cal.stable_choice(pool, random.Random(seed))
        after = cal.stable_choice(pool + ["Added"], random.Random(seed))
        assert after in (before, "Added")
        assert before in pool


def test_omission_damage_keeps_the_final_punctuation():
    # dropping the last clause took the full stop with it: 38% of the omission damage had no final punctuation (6 of
    # 1,514 human references), a tell the scorer learnt instead of the omission
    text = "Police have urged people in the area who saw the attack, and they asked them to call the station."
    for seed in range(8):
        out = cal.damage_omission(text, random.Random(seed))
        assert out is not None and out.endswith(".") and "  " not in out
    quoted = '"We will win," he said, "and they will lose."'
    for seed in range(8):
        out = cal.damage_omission(quoted, random.Random(seed))
        assert out is not None and out.rstrip('"').endswith(".")
        assert out.count('"') % 2 == 0


def test_negation_damage_spells_the_base_form_of_the_verb():
    # "did not describ" (stem + "ed" cut blindly) was damage the encoder told by the misspelling
    assert cal._base_of_past("describ") == "describe"
    assert cal._base_of_past("stopp") == "stop"
    assert cal._base_of_past("testifi") == "testify"
    assert cal._base_of_past("treat") == "treat"
    assert cal._base_of_past("hundr") is None and cal._base_of_past("inde") is None
    out = cal.damage_negation("Officers described the shooting as a random act.", random.Random(0))
    assert out == "Officers did not describe the shooting as a random act."


def test_added_clause_comes_from_the_same_document_and_reads_as_a_clause():
    items = [cal.Item("ру", f"Sentence {k} of the flood report, and the river rose by night.", "good", "fit", "doc:a")
             for k in range(4)] + [cal.Item("ру", "An unrelated line about football scores in Spain.", "good", "fit",
                                            "doc:b")]
    pools = cal.same_document_pools(items)
    assert set(pools) == {"doc:a"}  # a document of one sentence has no pool of its own
    own = cal.addition_pool(items[0], pools, ["fallback"])
    assert items[0].rendering not in own and len(own) == 3
    assert cal.addition_pool(items[4], pools, ["fallback"]) == ["fallback"]
    dmg = cal.make_damage(items)
    added = [it.rendering for it in dmg if it.kind == "addition" and it.group == "doc:a"]
    assert added and all("football" not in r for r in added)  # on topic: from the flood report
    # no dangling connective ("..., and." / "and and"), and the clause goes after a closing quote
    pool = ["Officials said the bridge will cost more than expected, and that it would open next year."]
    for seed in range(6):
        out = cal.damage_addition('They voted on the name "North Macedonia."', random.Random(seed), pool)
        assert out is not None and out.startswith('They voted on the name "North Macedonia"') and out.endswith(".")
        assert not out.endswith("and.") and " and and " not in out
