"""Scoring round 3: negation and name evidence fixed on faithful human references, damage still flagged."""

from __future__ import annotations

import pytest

from align import evidence as ev


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        # a negative prefix on the other side makes up for the marker (undocumented, ineligible, intolerant)
        ("Большинство спонсоров сами являются иммигрантами, не имеющими документов.",
         "Most sponsors have been undocumented immigrants themselves."),
        ("Те, кто считается не имеющим права на помощь, будут депортированы.",
         "Those who are deemed ineligible for relief will be deported."),
        ("Она не проявляет толерантность к тем, кто высказывает свое мнение.",
         "It is intolerant of those who speak their minds."),
        ("Джереми не соглашался с предыдущими лидерами.", "Jeremy disagreed with previous leaders."),
        # Russian words negative by themselves: вряд ли, отсутствовать, запрещать
        ("Жильцы вряд ли будут поддерживать приходы.", "The residents will not support the parishes."),
        ("На островах Кука отсутствуют города.", "The Cook Islands do not have any cities."),
        ("Организация приняла правило, запрещающее предоставлять гранты.",
         "The organization adopted a rule that does not allow grants."),
        # a Russian negative prefix (необычных / not usual)
        ("Это было для них необычно.", "It was not usual for them."),
        # idioms: пропасть без вести (go missing), пошло не так (went wrong)
        ("Один человек пропал без вести.", "One man is missing."),
        ("Кит считает, что что-то пошло не так.", "Kit believes something has gone wrong."),
        # "не ... ли" asks a question
        ("Я спросил, не нужна ли помощь.", "I asked if he needed help."),
        # "если ... не" is "if ... not" (only "если только ... не" is "unless")
        ("Если они не хотят принимать нас, мы обратимся к другим.",
         "If they don't want to take us, we turn to others."),
        ("Его страна не пойдет на это, если не сможет доверять Вашингтону.",
         "His nation will not do it if it can't trust Washington."),
        # a negation repeated over coordinated verbs after никогда counts once
        ("Он заявил, что никогда не давал спортсменам коктейль и не видел, чтобы они его пили.",
         "He said he never gave athletes a cocktail or saw them drink it."),
        ("Данные пока не доступны.", "Figures have yet to be released."),
    ],
)
def test_faithful_negation_not_flagged(source: str, rendering: str) -> None:
    assert ev.negation_flags(source, rendering, "ru", "en") == []


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        # a negation added to a faithful rendering is still flagged next to words that are not negative:
        # недавно (recently), несколько (several), некоторые (some)
        ("Недавно актер раскритиковал стереотип.", "Recently the actor has not criticised the stereotype."),
        ("Несколько человек пришли.", "Several people did not come."),
        ("Некоторые свидетели видели самолет.", "Some witnesses did not see the plane."),
        # "Демонстрация все равно состоялась" (anyway) does not excuse an inserted "not"
        ("Демонстрация все равно состоялась.", "The demonstration did not go ahead anyway."),
        # rare / редкость is not a negation
        ("Такие конференции — это редкость.", "Such conferences are not rare."),
        # "пока не" is "not yet": a rendering without the negation is flagged
        ("Этого пока не случилось.", "That has happened already."),
        ("Один человек пропал без вести.", "One man is not missing."),
    ],
)
def test_negation_damage_still_flagged(source: str, rendering: str) -> None:
    assert ev.negation_flags(source, rendering, "ru", "en")


@pytest.mark.parametrize(
    ("word", "lang", "negative"),
    [
        ("undocumented", "en", True),
        ("ineligible", "en", True),
        ("unprepared", "en", True),
        ("disagreed", "en", True),
        ("investigate", "en", False),  # in + vest + igate: a compound of pieces is not a stem
        ("increase", "en", False),
        ("immediately", "en", False),
        ("understand", "en", False),
        ("необычных", "ru", True),
        ("недавно", "ru", False),
        ("несколько", "ru", False),
        ("некоторые", "ru", False),
        ("безопасный", "ru", False),
    ],
)
def test_prefix_negative_words(word: str, lang: str, negative: bool) -> None:
    assert ev._prefix_negative(word, lang) is negative


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        # the same name in two transliterations: Palladius / pinyin, Korean, French
        ("Реформы прошли под руководством Дэн Сяопина.", "The reforms were led by Deng Xiaoping."),
        ("Король Седжон правил в эпоху Чосон.", "King Sejong ruled in the Joseon era."),
        ("Мы поговорили с Бушаром.", "We talked to Bouchard."),
        # English th read as Russian з
        ("Об этом заявила Хезер Науэрт.", "Heather Nauert said so."),
        # a hyphenated name whose parts both have counterparts
        ("Торговая война США и Китая может быть выгодна Пекину.", "How the US-China trade war may be good for Beijing"),
    ],
)
def test_faithful_names_not_flagged(source: str, rendering: str) -> None:
    assert ev.name_flags(source, rendering, "ru", "en") == []


@pytest.mark.parametrize(
    ("source", "rendering", "pair"),
    [
        ("Питер Ленц погиб в автокатастрофе.", "Peter Auckland died in a crash.", ("Ленц", "Auckland")),
        ("Вулкан Попокатепетль засыпал пеплом столицу.", "The Jerusalem volcano covered the capital with ash.",
         ("Попокатепетль", "Jerusalem")),
        ("Мы поговорили с Бушаром.", "We talked to Bernard.", ("Бушаром", "Bernard")),
    ],
)
def test_replaced_names_still_flagged(source: str, rendering: str, pair: tuple[str, str]) -> None:
    flags = ev.name_flags(source, rendering, "ru", "en")
    assert pair[0] in [f["source"] for f in flags]
    assert pair[1] in [f["rendering"] for f in flags]


def test_translit_similarity_threshold() -> None:
    assert ev._translit_similar("Сяопина", "Xiaoping")
    assert ev._translit_similar("Хезер", "Heather")
    assert not ev._translit_similar("Ленц", "Auckland")
    assert not ev._translit_similar("Кларк", "Kovacic")


def test_step_penalty_applies_where_the_detector_is_confident() -> None:
    import numpy as np

    from align.scoring import FEATURES, Scorer

    n = len(FEATURES)
    X = np.zeros((3, n))
    X[:, FEATURES.index("quality")] = 0.8
    X[:, 0] = [1.0, -1.0, 0.2]  # detector logits 3 (faithful), -7 (damage, confident), -1 (unsure)
    zero = {"w": [0.0] * n, "b": 0.0}
    base = {"features": list(FEATURES), "knots": [], "mean": [0.0] * n, "std": [1.0] * n, "alpha": 0.05,
            "detector": {"w": [5.0] + [0.0] * (n - 1), "b": -2.0}, "omission": zero, "addition": zero}
    sc = Scorer(encoder=None)
    sc.set_model(base)
    plain, _, _ = sc._heads(X)
    p = 1 / (1 + np.exp(-np.array([3.0, -7.0, -1.0])))
    assert np.allclose(plain, 0.8 * p**0.05)
    sc.set_model({**base, "step": {"c": 0.3, "t": -2.0, "s": 4.0}})
    stepped, _, _ = sc._heads(X)
    ratio = stepped / plain
    assert abs(ratio[0] - 1.0) < 1e-6  # confident "no damage": untouched
    assert abs(ratio[1] - 0.7) < 1e-3  # confident damage: the full penalty c
    assert 0.99 < ratio[2] < 1.0  # unsure (logit -1): almost untouched


def test_latin_words_in_russian_text_are_name_candidates() -> None:
    # common English words written in Latin inside Russian text are titles or names (Washington Examiner)
    flags = ev.name_flags("Washington Examiner цитирует его слова.", "The Syrians Examiner quotes him.", "ru", "en")
    assert "Washington" in [f["source"] for f in flags]
    assert ev.name_flags("Washington Examiner цитирует его слова.", "He was quoted by the Washington Examiner.",
                         "ru", "en") == []


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        ("Власти провинции Чжэцзян сносят кресты.", "Officials in Zhejiang province remove crosses."),
        ("Полиция Ленобласти закрыла лабораторию.", "Police in the Leningrad Region closed a lab."),
        ("Сколько голов у Иоанна Крестителя?", "How many heads does John the Baptist have?"),
    ],
)
def test_pinyin_and_gazetteer_names(source: str, rendering: str) -> None:
    assert ev.name_flags(source, rendering, "ru", "en") == []


def test_pinyin_respelling() -> None:
    assert ev._pinyin("Чжэцзян").startswith("zhej")
    assert ev._translit_similar("Чжэцзян", "Zhejiang")
    assert not ev._translit_similar("Чжэцзян", "Beijing")


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        # "for nothing" is an adverb (зря, даром, просто так), not a negation
        ("Мы играем просто так.", "We are playing for nothing."),
        # a relative clause after the comma is not a second coordinated verb: two negations on each side
        ("Эти религии не предъявляют требований к тем, кто не является их последователями.",
         "These religions make no demands on those who are not their followers."),
    ],
)
def test_negation_round3_more(source: str, rendering: str) -> None:
    assert ev.negation_flags(source, rendering, "ru", "en") == []


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        ("Депутатов Заксобрания предложили лишить мандатов.",
         "Deputies of the Legislative Assembly may lose their seats."),
        ("Госдуме предложили отменить налог.", "The State Duma proposed abolishing the tax."),
        ("Передача собора РПЦ вызвала протесты.", "The transfer of the cathedral to the ROC caused protests."),
        ("Мой друг Али, потомок Магомета.", "My friend Ali, a descendant of Muhammad."),
    ],
)
def test_abbreviations_and_gazetteer(source: str, rendering: str) -> None:
    assert ev.name_flags(source, rendering, "ru", "en") == []


def test_abbreviation_still_flagged_when_missing() -> None:
    flags = ev.name_flags("Передача собора РПЦ вызвала протесты.", "The transfer of the cathedral caused protests.",
                          "ru", "en")
    assert [f["source"] for f in flags] == ["РПЦ"]


def test_hundreds_in_oblique_cases_and_decades() -> None:
    src = "Кресты сняли с более чем четырёхсот церквей."
    assert ev.number_flags(src, "Crosses were removed from over 400 churches.", "ru", "en") == []
    assert ev.number_flags(src, "Crosses were removed from over 500 churches.", "ru", "en")
    assert ev.number_flags("Кто в двадцать лет не здоров.", "He who is not healthy in his twenties.", "ru", "en") == []


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        ("Ни радости вечной, ни печали бесконечной.", "Neither eternal joy nor infinite sorrow."),
        ("И без того перегруженные воспитатели.", "Already overworked educators."),
        ("Чаще всего молча терпят.", "More often than not, they suffer in silence."),
        ("Денег нет, не говоря о чем-либо ещё.", "There is no money, let alone anything else."),
        ("Мне на это наплевать.", "I don't care about it."),
        ("В чем разница между начальником МЧС и шаманом?",
         "What is the difference between the head of the Ministry of Emergency Situations and a shaman?"),
    ],
)
def test_idioms_round3(source: str, rendering: str) -> None:
    assert ev.negation_flags(source, rendering, "ru", "en") == []
    assert ev.name_flags(source, rendering, "ru", "en") == []


def test_neither_nor_pair_still_needs_a_negation() -> None:
    assert ev.negation_flags("Ни радости вечной, ни печали бесконечной.", "Eternal joy and infinite sorrow.",
                             "ru", "en")


def test_heads_step_penalises_a_confident_omission_head() -> None:
    import numpy as np

    from align.scoring import FEATURES, Scorer

    n = len(FEATURES)
    X = np.zeros((2, n))
    X[:, FEATURES.index("quality")] = 0.8
    X[:, 1] = [0.0, 1.0]  # src_cov_min drives the omission head: logits 0 and 10
    zero = {"w": [0.0] * n, "b": -20.0}
    base = {"features": list(FEATURES), "knots": [], "mean": [0.0] * n, "std": [1.0] * n, "alpha": 0.0,
            "detector": {"w": [0.0] * n, "b": 5.0}, "omission": {"w": [0.0, 10.0] + [0.0] * (n - 2), "b": 0.0},
            "addition": zero}
    sc = Scorer(encoder=None)
    sc.set_model(base)
    plain, om, _ = sc._heads(X)
    assert np.allclose(plain, 0.8)
    sc.set_model({**base, "heads_step": {"c": 0.2, "s": 4.0, "t_omission": 5.0, "t_addition": 5.0}})
    stepped, om2, _ = sc._heads(X)
    assert np.allclose(om, om2)  # the heads themselves are unchanged
    assert abs(stepped[0] - 0.8) < 1e-6  # omission logit 0, far under t: untouched
    assert abs(stepped[1] - 0.8 * 0.8) < 1e-3  # omission logit 10, far over t: the full penalty c
    # the omission head's own penalty (round 15): c_omission instead of c for that head; c stays the addition head's
    sc.set_model({**base, "heads_step": {"c": 0.1, "c_omission": 0.25, "s": 4.0, "t_omission": 5.0,
                                         "t_addition": 5.0}})
    own, _, _ = sc._heads(X)
    assert abs(own[0] - 0.8) < 1e-6 and abs(own[1] - 0.8 * 0.75) < 1e-3
