"""Scorer with the real default encoder and the shipped calibration: clear cases only."""

from __future__ import annotations

import json

import pytest

from align.scoring import VERDICTS, PairScore, Scorer, clauses, windows

SRC = "В понедельник правительство объявило, что новый мост через реку откроют в мае."
GOOD = "On Monday the government announced that the new bridge over the river will open in May."


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


@pytest.fixture(scope="module")
def scored(scorer):
    pairs = [
        (SRC, GOOD),
        (SRC, "On Monday the government announced that the new bridge over the river will not open in May."),
        (SRC, "On Monday the government announced that the new bridge over the river will open in June."),
        (SRC, "The football club signed a new goalkeeper from Spain for two million euros."),
        ("Пожар уничтожил 25 домов, погибли два-три человека, сообщил губернатор Иванов.",
         "The fire destroyed 25 houses and killed two or three people, Governor Ivanov said."),
        ("Пожар уничтожил 25 домов, погибли два-три человека, сообщил губернатор Иванов.",
         "The fire destroyed 52 houses and killed two or three people, Governor Ivanov said."),
        ("Пожар уничтожил 25 домов, погибли два-три человека, сообщил губернатор Иванов.",
         "The fire destroyed 25 houses and killed two or three people, Governor Petrov said."),
        ("Пожар уничтожил 25 домов в деревне под Новгородом, а затем перекинулся на соседний лес, где выгорело "
         "ещё сто гектаров.", "The fire destroyed 25 houses in a village near Novgorod."),
    ]
    return scorer.score_pairs(pairs, "ru", "en")


def test_shapes_and_ranges(scored):
    for s in scored:
        assert isinstance(s, PairScore)
        assert 0.0 <= s.fidelity <= 1.0 and 0.0 <= s.omission <= 1.0 and 0.0 <= s.addition <= 1.0
        assert -1.0 <= s.similarity <= 1.0
        assert s.verdict in VERDICTS
        d = json.loads(s.to_json())
        assert set(d) >= {"similarity", "fidelity", "omission", "addition", "flags", "verdict"}


def test_faithful_pair(scored):
    assert scored[0].verdict == "faithful", scored[0]
    assert not [f for f in scored[0].flags if f["type"] in ("number", "name", "negation")]
    assert scored[4].verdict == "faithful", scored[4]


def test_negation_changed(scored):
    s = scored[1]
    assert s.verdict == "altered", s
    assert any(f["type"] == "negation" and f["rendering"] == "not" for f in s.flags)
    assert s.fidelity < scored[0].fidelity


def test_month_changed(scored):
    s = scored[2]
    assert s.verdict == "altered", s
    assert any(f["type"] == "number" and f["source"] == "мае" and f["rendering"] == "June" for f in s.flags)


def test_unrelated(scored):
    assert scored[3].verdict == "unrelated", scored[3]
    assert scored[3].fidelity < 0.3


def test_number_and_name_changed(scored):
    assert any(f["type"] == "number" and f["source"] == "25" and f["rendering"] == "52" for f in scored[5].flags)
    assert scored[5].verdict == "altered"
    assert any(f["type"] == "name" and f["rendering"] == "Petrov" for f in scored[6].flags)
    assert scored[6].verdict == "altered"
    assert scored[5].fidelity < scored[4].fidelity and scored[6].fidelity < scored[4].fidelity


def test_omission(scored):
    s = scored[7]
    assert s.verdict == "partial", s
    assert s.omission > 0.5 > scored[4].omission
    om = [f for f in s.flags if f["type"] == "omission"]
    assert om and "лес" in om[0]["source"]


def test_addition(scorer):
    base = "В понедельник правительство объявило о строительстве нового моста."
    s0, s1 = scorer.score_pairs([
        (base, "On Monday the government announced the construction of a new bridge."),
        (base, "On Monday the government announced the construction of a new bridge, which will cost taxpayers "
               "more than the entire annual budget of the city hospital."),
    ], "ru", "en")
    assert s1.addition > 0.5 > s0.addition
    assert s1.verdict == "altered"
    add = [f for f in s1.flags if f["type"] == "addition"]
    assert add and "hospital" in add[0]["rendering"]


def test_ref_metrics_and_signatures(scorer):
    s = scorer.sentence_score(SRC, GOOD, "ru", "en", ref=GOOD)
    assert s.ref is not None
    assert s.ref["chrf"] == pytest.approx(100.0) and s.ref["bleu"] == pytest.approx(100.0) and s.ref["ter"] == 0.0
    assert "nrefs:1" in s.ref["signatures"]["bleu"] and "nw:2" in s.ref["signatures"]["chrf"]
    assert s.signature.startswith("fidelity|enc:use-m|")
    assert s.format().startswith(s.signature)
    c = scorer.corpus_score([SRC, SRC], [GOOD, GOOD], "ru", "en", refs=[GOOD, GOOD])
    assert c.n == 2 and c.ref is not None and c.ref["bleu"] == pytest.approx(100.0)
    assert json.loads(c.to_json())["signature"] == scorer.signature


def test_empty_sides(scorer):
    a, b = scorer.score_pairs([("Текст есть.", ""), ("", "Some text.")], "ru", "en")
    assert a.omission == 1.0 and a.fidelity == 0.0
    assert b.addition == 1.0 and b.fidelity == 0.0


def test_units():
    text = "He came home, and she left, because it was late."
    spans = clauses(text)
    assert [text[a:b] for a, b in spans] == ["He came home,", "and she left,", "because it was late."]
    ws = windows("one two three four five six seven", size=5, stride=2)
    assert len(ws) == 2 and ws[0] == (0, 23)


def test_an_added_not_brings_the_texts_closer_when_undone(scorer):
    """The encoder sees a "not" the source lacks: undoing it raises the cosine (FLORES dev, a "not" added)."""
    from align.scoring import FEATURES

    src = "Подозреваемый был арестован в понедельник в Василле, Аляска."
    good = "He was arrested on Monday in Wasilla, Alaska."
    bad = "He was not arrested on Monday in Wasilla, Alaska."
    feats, _, _ = scorer.features([(src, good), (src, bad)], "ru", "en")
    i = FEATURES.index("neg_undone_tgt")
    assert feats[0].x[i] == 0.0  # no marker to undo
    assert feats[1].x[i] > 0.0


def test_quality_estimate_reads_an_en_ru_pair_the_other_way_round(scorer):
    from align.scoring import FEATURES

    q = FEATURES.index("quality")
    ru_en, _, _ = scorer.features([(SRC, GOOD)], "ru", "en")
    en_ru, _, _ = scorer.features([(GOOD, SRC)], "en", "ru")
    de_fr, _, _ = scorer.features([(GOOD, SRC)], "de", "fr")
    assert en_ru[0].x[q] == pytest.approx(ru_en[0].x[q], abs=1e-4)
    assert de_fr[0].x[q] != pytest.approx(ru_en[0].x[q], abs=1e-4)  # other pairs read it as given


def test_signature_names_an_encoder_object_without_using_it():
    class Named:
        name = "my-encoder"

        def encode(self, texts):  # pragma: no cover - the signature must not embed anything
            raise AssertionError("encoded")

    assert Scorer(encoder=Named()).signature.startswith("fidelity|enc:my-encoder|")
    assert "|enc:custom|" in Scorer(encoder=object()).signature


def test_ref_metrics_tokenise_languages_written_without_spaces():
    """BLEU and TER of a Chinese rendering count its words (sacrebleu's zh tokenizer), not the whole line as one word;
    the figures are sacrebleu's own with that tokenizer."""
    import sacrebleu

    from align.scoring import corpus_ref_metrics, ref_metrics

    hyp, ref = "你好，世界。你好吗？", "你好，世界。你最近好吗？"
    row = ref_metrics([hyp], [ref], "zh")[0]
    assert row["bleu"] == pytest.approx(round(sacrebleu.sentence_bleu(hyp, [ref], tokenize="zh").score, 2))
    assert row["bleu"] > 50 and row["ter"] < 50
    assert "tok:zh" in row["signatures"]["bleu"] and "asian:yes" in row["signatures"]["ter"]
    plain = ref_metrics([hyp], [ref])[0]
    assert plain["bleu"] == 0.0 and "tok:13a" in plain["signatures"]["bleu"]  # no language: sacrebleu's default
    assert "tok:zh" in corpus_ref_metrics([hyp], [ref], "zh-CN")["signatures"]["bleu"]
    assert "tok:13a" in ref_metrics(["a b"], ["a b"], "en")[0]["signatures"]["bleu"]
    thai = ref_metrics(["สวัสดีครับ"], ["สวัสดีค่ะ"], "th")[0]
    assert "tok:char" in thai["signatures"]["bleu"] and thai["bleu"] > 0
