"""Evidence that a translator's choices are not damage: converted units and clock times, translated names (encoder
word match), negation rules; the damage they resemble is still flagged."""

from __future__ import annotations

import pytest

from align import evidence as ev
from align.scoring import Scorer, name_counterparts


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        ("Количество носителей зависит от того, учитываются ли диалекты.",
         "The number of speakers depends on whether or not dialects are counted."),
        ("Если только вы не дипломат, работа за рубежом означает уплату налогов.",
         "Unless you are a diplomat, working abroad means paying taxes."),
        ("Туристы не воруют, не вторгаются на чужую землю и не попрошайничают.",
         "Travellers do not steal, trespass or beg."),
        ("Неудивительно, что сети испытывают трудности.", "It is not surprising that the chains struggle."),
    ],
)
def test_negation_rules_faithful(source: str, rendering: str) -> None:
    assert ev.negation_flags(source, rendering, "ru", "en") == []


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        ("Туристы воруют и попрошайничают.", "Travellers do not steal or beg."),
        ("Правительство сочло необходимым объявить о бедствии.", "The government did not declare a disaster."),
        ("Если вы дипломат, вы платите налоги.", "If you are a diplomat, you do not pay taxes."),
    ],
)
def test_negation_damage_still_flagged(source: str, rendering: str) -> None:
    assert [f["type"] for f in ev.negation_flags(source, rendering, "ru", "en")] == ["negation"]


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        ("Ураган со скоростью ветра 137 км/ч движется на север.", "The hurricane with winds of 85 mph moves north."),
        ("Ожидается от 5 до 10 см осадков.", "2 to 4 inches of rain are expected."),
        ("Свинья весом в 250 килограмм напала на фермера.", "A 550 pound hog attacked the farmer."),
        ("Матч пройдёт в среду в 15:00.", "The match is at 3 p.m. on Wednesday."),
        ("Премьер-министр Тереза Мэй обвинила критиков.", "Prime Minister Theresa May accused critics."),
        ("Он служил в церкви Св. Мартина.", "He served at St. Martin's."),
        ("Помпео посещал Корею трижды.", "Pompeo visited Korea three times."),
        ("Он прошёл между тремя защитниками.", "He raced between three defenders."),
    ],
)
def test_number_conversions_faithful(source: str, rendering: str) -> None:
    assert ev.number_flags(source, rendering, "ru", "en") == []


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        ("Ураган со скоростью ветра 137 км/ч движется на север.", "The hurricane with winds of 120 mph moves north."),
        ("Ожидается от 5 до 10 см осадков.", "2 to 9 inches of rain are expected."),
        ("Матч пройдёт в среду в 15:00.", "The match is at 5 p.m. on Wednesday."),
        ("Матч пройдёт в мае.", "The match is in March."),
    ],
)
def test_number_conversions_damage_flagged(source: str, rendering: str) -> None:
    assert [f["type"] for f in ev.number_flags(source, rendering, "ru", "en")][:1] == ["number"]


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        ("Приехал министр обороны Гейтс и госсекретарь Райс.",
         "Secretary of Defense [Robert] Gates and Secretary of State [Condoleezza] Rice came."),
        ("Вы Орбану говорили об этом?", "Have you told Viktor Orban about it?"),
        ("Маска остановить невозможно.", "There is no stopping Elon Musk."),
    ],
)
def test_name_spelling_and_added_first_names(source: str, rendering: str) -> None:
    assert ev.name_flags(source, rendering, "ru", "en") == []


def test_replaced_first_name_still_flagged() -> None:
    flags = ev.name_flags("Приехал Дональд Трамп.", "Donald Johnson came.", "ru", "en")
    assert [f["rendering"] for f in flags if f["rendering"]] == ["Johnson"]
    flags = ev.name_flags("Приехал Дональд Трамп.", "Robert Trump came.", "ru", "en")
    assert [f["source"] for f in flags if f["source"]] == ["Дональд"]


def test_name_counterparts_words_and_capitalised_pairs() -> None:
    c = name_counterparts("Somebody called it Snow White and the Seven Dwarfs.")
    assert "Snow White" in c and "called" in c and "Dwarfs" in c
    assert "it" not in c and "called it" not in c


@pytest.fixture(scope="module")
def scored() -> list:
    pairs = [
        ("Кто-то назвал тот случай «Белоснежка и семь гномов».",
         'Somebody called it "Snow White and the Seven Dwarfs."'),
        ("Корабль пересёк Тихий океан за месяц.", "The ship crossed the Pacific in a month."),
        ("Губернатор Иванов открыл мост.", "Governor Ivanov opened the bridge."),
        ("Губернатор Иванов открыл мост.", "Governor Petrov opened the bridge."),
        ("Переговоры прошли в Вашингтоне.", "The talks were held in Johnson."),
        ("Вы Орбану говорили об этом?", "Have you told Viktor Orban about it?"),
    ]
    return Scorer().score_pairs(pairs, "ru", "en")


def test_translated_name_is_weak(scored: list) -> None:
    snow = [f for f in scored[0].flags if f["type"] == "name" and f.get("source") == "Белоснежка"]
    assert snow and snow[0]["weak"] and snow[0]["match"] == "Snow White", scored[0].flags
    # Тихий / Pacific: once a weak flag, now no flag (the gazetteer has тихий / Pacific since session 7)
    assert all(f.get("weak") for f in scored[1].flags if f["type"] == "name"), scored[1].flags
    for s in scored[:2]:
        assert s.verdict != "altered", s


def test_changed_name_is_strong(scored: list) -> None:
    assert not [f for f in scored[2].flags if f["type"] == "name"]
    for s in scored[3:5]:
        names = [f for f in s.flags if f["type"] == "name"]
        assert names and not any(f.get("weak") for f in names), s.flags
        assert s.verdict in ("altered", "paraphrase"), s
    assert scored[3].fidelity < scored[2].fidelity - 0.05
    assert scored[4].verdict == "altered"


def test_added_first_name_not_flagged(scored: list) -> None:
    assert not [f for f in scored[5].flags if f["type"] == "name"], scored[5].flags
