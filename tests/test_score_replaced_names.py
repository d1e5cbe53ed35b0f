"""Names replaced by others: stricter name matching in the evidence and the ``name_replaced`` cap of the scorer.

The damaged sentences are NTREX-128 / FLORES dev renderings with one name changed the way
``align.calibration.damage_name_alike`` changes it (a name of the same kind, spelled unlike the original).
"""

from __future__ import annotations

import numpy as np
import pytest

from align import evidence as ev
from align import scoring
from align.scoring import FEATURES, Scorer


def _pairs(flags: list[dict[str, object]]) -> set[tuple[object, object]]:
    return {(f["source"], f["rendering"]) for f in flags}


@pytest.mark.parametrize(
    ("source", "rendering", "expected"),
    [
        # "Ohio" once matched "его" (both keys "aG"); a lower-case Cyrillic word now needs its first three key
        # letters to agree (NTREX: Мичигана -> Ohio; "Мичигана" was also dropped as the first part of "Тиффани Нг")
        ("Эксперт из Университета Мичигана Тиффани Нг также отметила, что его пригласили.",
         "The expert, Tiffany Ng of the University of Ohio, also noted that he was invited.",
         {("Мичигана", None), (None, "Ohio")}),
        # "Palawan" once matched "Палу" by a three-letter prefix of the case-stripped form (пал-)
        ("Организация готовит команду к отправке в Палу.", "The group is sending a team to Palawan.",
         {("Палу", None), (None, "Palawan")}),
        # "Kavadarkov" was taken for another spelling of "Кавано" (spelling ratio 0.62, now 0.7 is needed)
        ("Три сенатора провели допрос Кавано.", "Three senators questioned Kavadarkov.",
         {("Кавано", None), (None, "Kavadarkov")}),
        # "Raymond" once passed for "Саймон" (spelling ratio 0.77) though the first sounds differ
        ("Это нехороший знак, — говорит Саймон.", "It is not a good sign, says Raymond.",
         {("Саймон", None), (None, "Raymond")}),
        # "Гленна" once matched "Halkett" (keys Gln / Glkt: a consonant changed and one added), and "Greg" then passed
        # for a first name the translator added
        ("Пенальти за провоцирование игрока Гленна Миддлтона Халкеттом не назначили.",
         "No penalty was given after Halkett's challenge on Greg Middleton.",
         {("Гленна", None), (None, "Greg")}),
        # "Worrall" once matched the common word "время" (keys vrl / vrm)
        ("В тюрьме Лартин в это время содержатся 500 заключенных.",
         "The Worrall prison holds more than 500 inmates at this time.",
         {("Лартин", None), (None, "Worrall")}),
    ],
)
def test_replaced_names_are_flagged(source, rendering, expected):
    assert _pairs(ev.name_flags(source, rendering)) == expected


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        ("Желтая карточка Хьюсу решила исход матча.", "A yellow card for Hughes decided the match."),  # silent gh
        ("Они победили испанцев Джоном Рамом.", "They beat the Spaniards Jon Rahm."),  # a short name's case ending
        ("Затем он сыграл с Джастином Роузом.", "Then he played Justin Rose."),
        ("У новозеландской полиции были трудности.", "The New Zealand police had trouble."),  # inside an adjective
        ("Гол забил бельгиец Эден Азар.", "Belgian star Eden Hazard scored."),  # Russian drops the h
        ("Ведущий Крис Уоллес спросил почему.", "Host Chris Wallace asked why."),
        ("Он сказал, что победа на Олимпиаде его волновала меньше.", "He said winning the Olympics worried him less."),
        ("Греции это не понравилось.", "The Greek side did not like it."),  # last consonant heard another way
        ("Ведущий Майкл Уоллес спросил почему.", "Host Michael Wallace asked why."),  # one consonant more
        # session 7 (NTREX / FLORES dev references that had a false name flag):
        ("Протестующие перекрыли движение по Уайтхоллу.", "Protesters blocked traffic in Whitehall."),  # wh as У
        ("Прокурор Джефф Сэшнс отдал приказ.", "Attorney General Jeff Sessions gave the order."),  # -ssion as шн
        ("Так сказала мне мисс Штейнем.", "So Ms. Steinem told me."),  # German St- as Шт
        ("Это нашло отражение в фильме с Роем Роджерсом.", "It showed in a film with Roy Rogers."),  # Рой: Роем
        ("Другим известным греком является Пифагор.", "Another famous Greek is Pythagoras."),  # Greek th as ф
        ("Между Сент-Луисом и Де-Мойнз тепло.", "It is warm between St. Louis and Des Moines."),  # a short part
        ("Мою мать сослали в Освенцим.", "My mother was deported to Auschwitz."),  # exonyms (gazetteer)
        ("Ураган на тихоокеанском побережье ослаб.", "The storm weakened on the Pacific coast."),
        # session 8: sentence-initial names unknown to the dictionaries are candidates, spelled alike on both sides
        ("Во время выборов Се намекал, что Ма может уехать.", "Hsieh implied that Ma might leave."),  # Hs- as С
        ("Пном Кром находится в 12 км от города.", "Phnom Krom is 12 km from the town."),  # Ph- as П
        ("Достижения Вотье выходят за рамки кино.", "Vautier's achievements go beyond film."),  # -ier as -ье
        ("Розенштейн опровергает эту информацию.", "Rosenstein denied the report."),
        ("Foster care should provide all the needs.", "Foster care should provide all the needs."),
    ],
)
def test_names_rendered_in_another_spelling_are_not_flagged(source, rendering):
    assert ev.name_flags(source, rendering) == []


@pytest.mark.parametrize(
    ("source_name", "rendering_name", "replaced"),
    [
        ("Смирнова", "Kuznetsova", True),
        ("Заев", "Alleva", True),
        ("Google", "YouTube", True),
        ("Тихоокеанском", "Pacific", False),  # an adjective in -ский: a translated name
        ("Морской", "Sealion", False),
        ("Джеффри", "Jeff", False),  # shortened
        ("Северьяно", "Seve", False),
        ("Чен", "Jong", False),  # Korean names: Ч(ж) for j, н for a final ng
        ("Чжэ", "Jae-in", False),
        ("Сечжона", "Sejong", False),
        ("Ён", "Yong", False),
        ("Юве", "Juve", False),  # J as Ю
        ("Чен", "Kuznetsova", True),
    ],
)
def test_replaced_name(source_name, rendering_name, replaced):
    assert ev.replaced_name(source_name, rendering_name) is replaced


@pytest.mark.parametrize(
    ("text", "lang", "first"),
    [
        # DEMETR ne_replaced items: the replaced name opens the sentence (dev, odd and even ids)
        ("Svitavy held a similar position at Fortuna Düsseldorf.", "en", "Svitavy"),
        ("Singapore leads in terms of the number of infections.", "en", "Singapore"),
        ("Пфанненштиль занимал аналогичную должность в «Фортуне».", "ru", "Пфанненштиль"),
        # NTREX-128: a sentence-initial foreign name the Russian dictionary does not know
        ("Флейшер, казалось, сравнивал реакцию Уотерс с критикой.", "ru", "Флейшер"),
        # common words stay out: a lower-case web2 entry (foster), an interjection (Uhhh), a word the Russian
        # dictionary knows (Ураган), an abstract noun it lacks (Волонтёрство), a compound (Страны-участницы)
        ("Foster care is supposed to provide all the necessities.", "en", None),
        ("Uhhh, what is that?", "en", None),
        ("Ураган Роза принесет ливни.", "ru", "Роза"),
        ("Волонтёрство — отличный способ помочь.", "ru", None),
        ("Страны-участницы представляют свои павильоны.", "ru", None),
    ],
)
def test_sentence_initial_words_unknown_to_the_dictionaries_are_name_candidates(text, lang, first):
    cands = ev.name_candidates(text, lang)
    assert (cands[0][0] if cands else None) == first


@pytest.mark.parametrize(("text", "names"), [
    # a shouted line (WMT24 ru, a game's dialogue): capitals say nothing, the dictionary knows the words
    ("ЭТО НЕ ТАК-ТО ПРОСТО!", []),
    ("ТЫ УБИЛ КОРРУПТИДОВ! ЗАРАЗНЫХ МОНСТРОВ, БРОШЕННЫХ ЗДЕСЬ", ["КОРРУПТИДОВ"]),  # a word it does not know stays
    # a headline in capitals keeps its names and acronyms
    ("ПУТИН ЗАЯВИЛ О ПЕРЕГОВОРАХ С США", ["ПУТИН", "США"]),
    # acronyms next to each other are no shouted passage (NTREX, MLQE-PE)
    ("Сотрудники ФСБ РФ задержали его в Москве.", ["ФСБ", "РФ", "Москве"]),
    ("По данным, управляющему приходами РПЦ МП в США отказано в визе.", ["РПЦ", "МП", "США"]),
    ("ВИЧ/СПИД: Китай сообщает о росте новых случаев", ["ВИЧ", "СПИД", "Китай"]),
])
def test_words_of_a_passage_in_capitals_are_no_names(text, names):
    assert [w for w, _, _ in ev.name_candidates(text, "ru")] == names


def test_a_dash_inside_a_sentence_does_not_start_one():
    # "— Деборой" is no sentence start: Форд after the dash is a name candidate (NTREX dev)
    text = "Американцы разделились по вопросу, кому верить — Форд или Кавано."
    assert [w for w, _, _ in ev.name_candidates(text, "ru")] == ["Форд", "Кавано"]
    # direct speech after a line break still starts a sentence
    assert ev.name_candidates("Он сказал.\n— Форд пришел.", "ru") == []


def test_replaced_names_count_skips_weak_flags_and_one_name_spelled_two_ways():
    f = [{"type": "name", "source": "Смирнова", "rendering": None},
         {"type": "name", "source": None, "rendering": "Kuznetsova"}]
    assert scoring._replaced_names(f) == 1
    assert scoring._replaced_names([f[0], {**f[1], "weak": True}]) == 0
    # Северьяно / Seve may be one name: neither pairs with the other left-over name (Dane)
    g = [{"type": "name", "source": "Северьяно", "rendering": None},
         {"type": "name", "source": None, "rendering": "Dane"},
         {"type": "name", "source": None, "rendering": "Seve"}]
    assert scoring._replaced_names(g) == 0


def test_default_model_has_one_weight_per_feature():
    # the fallback used when scorer.json is missing or was fitted for other features
    for head in ("fidelity", "omission", "addition"):
        assert len(scoring._DEFAULT_MODEL[head]["w"]) == len(FEATURES)


@pytest.fixture(scope="module")
def scorer():
    return Scorer()


def test_a_replaced_name_caps_fidelity(scorer):
    src = ("Однако сторонники референдума, в том числе премьер-министр Зоран Заев, отмечают, что изменение названия "
           "страны — это цена вступления в ЕС.")
    good = ("However, supporters of the referendum, including Prime Minister Zoran Zaev, argue that the name change "
            "is the price of joining the EU.")
    bad = good.replace("Zaev", "Alleva")
    res = scorer.score_pairs([(src, good), (src, bad)], "ru", "en")
    flag = scorer.model["thresholds"]["flag"]
    assert "replaced_name" in scorer.model
    assert res[0].fidelity > flag
    assert res[1].fidelity < flag and res[1].verdict == "altered"
    assert ("Заев", "Alleva") in {(f.get("source"), f.get("rendering")) for f in res[1].flags if f["type"] == "name"}
    feats, _, _ = scorer.features([(src, good), (src, bad)], "ru", "en")
    col = FEATURES.index("name_replaced")
    assert np.array([f.x[col] for f in feats]).tolist() == [0.0, 1.0]


def test_default_model_scores(scorer):
    s = Scorer(encoder=scorer.encoder)
    s.set_model(dict(scoring._DEFAULT_MODEL))
    res = s.score_pairs([("Кошка сидит на окне.", "The cat is sitting on the window.")], "ru", "en")
    assert 0.0 <= res[0].fidelity <= 1.0


# --------------------------------------------------------------------------- broken syntax (a word cut out)
@pytest.mark.parametrize(
    ("text", "lang", "broken"),
    [
        # DEMETR ne_removed items (critical_id25): the name cut out of the English rendering
        ("An American tank knocked out a tank from its own unit during training in .", "en", True),
        ("Diplomatic relations with Qatar were severed by, Saudi Arabia, Egypt and Bahrain.", "en", True),
        ("The level of equipment of is constantly growing.", "en", True),
        ("He lamented that none of the of the towns answered.", "en", True),
        ("Танк подбил танк из своей части на учениях в .", "ru", True),
        ("10,000 people will help, including rescuers, soldiers of and the military.", "en", True),  # session 8
        ("It was announced by the Secretary of the UK Department of Culture, .", "en", True),
        ("The damage could be greater along the coastline 300 km north of, a city of 350,000.", "en", True),
        ("The plan was approved by the head of announced on Monday.", "en", True),
        # session 9: the subject cut out before a reporting verb, or the name after a title
        ("Recalled that a few days ago, six new ships were laid down at three shipyards in Russia.", "en", True),
        ("Mr. said that St. Martin's did not replace him.", "en", True),
        ("He said that it was fine. Dr. Smith said that too. \"Recall that I warned you,\" he said.", "en", False),
        ("Announced the transfer of the museum buildings in Borodino.", "en", False),  # an MT headline (MLQE-PE)
        ("It is the kind of, well, thing we do. It's what it is made of.", "en", False),
        ("A hole they never got close to climbing out of.", "en", False),
        # sound text
        ("Students of Spanish also achieved an A.", "en", False),
        ("The attack occurred just before 7 a.m. near the beach.", "en", False),
        ("Please come in. He was treated by the on-site medical staff.", "en", False),
        ("What is it used for? Where did it come from?", "en", False),
        # the Kremlin transcript (corpora/kremlin): "of," and "on," are sound English
        ("The dollar, which has, kind of, become a weapon.", "en", False),
        ("Further on, I will come back to it, and so on, and so on.", "en", False),
        ("Он поменял написание своего имени: с дефисом и без, прописными буквами.", "ru", False),
        ("Preposition at the end de .", "de", False),  # no rules for other languages
        # an ellipsis leaves words out on purpose (WMT24 en-ru: the source has "того ... как")
        ("It can be scaled with a better understanding of ... how social norms shape expectations.", "en", False),
        ("A town north of... the city.", "en", False),
        ("Это можно улучшить при более ясном понимании того, в ... как нормы влияют.", "ru", False),
    ],
)
def test_broken_syntax(text, lang, broken):
    found = ev.broken_syntax(text, lang)
    assert bool(found) is broken
    for snip, a, b in found:
        assert text[a:b] == snip and snip == snip.strip()


def test_broken_rendering_is_flagged_and_capped(scorer):
    src = "Американский танк подбил танк из своей части на учениях в Техасе."
    good = "An American tank knocked out a tank from its own unit during training in Texas."
    bad = "An American tank knocked out a tank from its own unit during training in ."
    res = scorer.score_pairs([(src, good), (src, bad)], "ru", "en")
    assert "broken" in scorer.model
    assert not [f for f in res[0].flags if f["type"] == "broken"]
    flags = [f for f in res[1].flags if f["type"] == "broken"]
    assert flags and flags[0]["rendering"].endswith("training in .")
    assert res[0].fidelity > scorer.model["thresholds"]["flag"] > res[1].fidelity
    assert res[1].verdict in ("partial", "altered")


def test_report_labels_a_broken_flag():
    from align.report import _flag_label

    label = _flag_label({"type": "broken", "source": None, "rendering": "during training in ."})
    assert "broken sentence" in label and "during training in ." in label


def test_a_translated_adjective_left_over_is_no_replaced_name_in_the_verdict():
    # Kremlin transcript: "Древнерусского государства" / "Tsardom of Russia" are shown as a pair of left-over names but
    # the source word is an adjective in -ский: not "altered" for that alone
    th = {"unrelated_cos": 0.15, "flag": 0.48, "faithful": 0.75, "omission": 0.35, "addition": 0.18,
          "addition_altered": 0.4}
    pair = [{"type": "name", "source": "Древнерусского", "rendering": "Tsardom"}]
    assert Scorer._verdict(0.7, 0.6, 0.1, 0.1, pair, th) == "paraphrase"
    swap = [{"type": "name", "source": "Смирнова", "rendering": "Kuznetsova"}]
    assert Scorer._verdict(0.7, 0.6, 0.1, 0.1, swap, th) == "altered"


# --------------------------------------------------------------------------- the Russian dictionary (pymorphy3)
@pytest.mark.parametrize(
    ("word", "kind"),
    [("Дэвид", "first"), ("Деборой", "first"), ("Путин", "name"), ("Москвы", "name"), ("Розой", "maybe"),
     ("Вера", "maybe"),
     ("Ураган", "common"), ("Показания", "common"), ("Ммм", "common"), ("Карлсон", "")],
)
def test_ru_name_kind(word, kind):
    assert ev.ru_name_kind(word) == kind


@pytest.mark.parametrize(
    ("source", "rendering", "expected"),
    [
        # a name opening a sentence (DEMETR ne_removed: the name cut out of the rendering)
        ("Путин напомнил, что на верфях заложены шесть кораблей.", "Recalled that six ships were laid down.",
         {("Путин", None)}),
        # a first name replaced, the surname kept (NTREX dev, same-kind damage): Деборой is no adjective in -ой
        ("Расследует обвинения еще одного обвинителя — Деборой Рамирес.",
         "It is investigating the claims of another accuser, Abigail Ramirez.",
         {("Деборой", None), (None, "Abigail")}),
        # the surname cut out, the first name kept: not a translator's shortening (Ким Чен Ын / Kim is one)
        ("Нельсон Мандела сказал: «Говорите с человеком на его языке».",
         "Nelson said: \"Talk to a man in his language.\"", {("Мандела", None)}),
    ],
)
def test_names_the_dictionary_knows(source, rendering, expected):
    assert _pairs(ev.name_flags(source, rendering)) == expected


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        ("Ураган Роза принесет ливни.", "Hurricane Rosa will bring rain."),  # a common word opening a sentence
        ("Дэвид О'Шаннесси сообщил ABC об этом.", "David O'Shannessy told the ABC about it."),
        ("Ким Чен Ын заинтересован во встрече.", "Kim is interested in a meeting."),
        ("Ян Гельфанд рассказывает CNN о помощи.", "Jan Gelfand told CNN about the aid."),  # J as Я
        ("Шон Комбс попросил называть себя Лав.", "Sean Combs asked to be called Love."),  # Sea- as Ш
        ("Министр Ри Ён Хо заявил об этом.", "Minister Ri Yong Ho said so."),  # Korean: the loose keys
        ("Алфавит был изобретен при короле Сечжоне.", "The alphabet was invented under King Sejong."),
    ],
)
def test_names_the_dictionary_knows_are_matched(source, rendering):
    assert ev.name_flags(source, rendering) == []


@pytest.mark.parametrize(
    ("source", "rendering", "expected"),
    [
        # NTREX dev headlines: title case capitalises common words, which are then no names
        ("Число жертв цунами в Индонезии превышает 800.", "Indonesia Tsunami Toll Soars Above 800.", set()),
        ("Старший сын Сары Пэйлин арестован по обвинению в домашнем насилии",
         "Sarah Palin's Eldest Son Arrested on Domestic Violence Charges", set()),
        # ...but a name in a headline still counts (Boston is listed capitalised in the dictionary too)
        ("Сенатор от Массачусетса выступит в Бостоне", "Massachusetts Senator to Speak in Denver", {(None, "Denver")}),
    ],
)
def test_headline_words(source, rendering, expected):
    assert {(f["source"], f["rendering"]) for f in ev.name_flags(source, rendering) if f["rendering"]} == expected
    assert ev._title_case(rendering)
    assert not ev._title_case("He said the Tsunami Toll was rising in Indonesia on Monday.")


@pytest.mark.parametrize(("word", "place"), [("шотландского", "шотландия"), ("гарлемских", "гарлем"),
                                             ("чилийскую", "чили"), ("тропической", ""), ("методистской", ""),
                                             ("бельгиец", "бельгия"), ("британцев", "британия"), ("певец", "")])
def test_ru_place_of_adjective(word, place):
    assert ev.ru_place_of_adjective(word) == place


def test_a_place_adjective_replaced_by_a_name():
    # NTREX dev, same-kind damage: "гарлемских" is no name candidate, so only Jakarta was flagged
    src = "Кризис в гарлемских приходах: навсегда замолкли колокола."
    flags = ev.name_flags(src, "Crisis in Jakarta parishes: the bells fell silent.")
    assert _pairs(flags) == {(None, "Jakarta"), ("гарлемских", None)}
    assert scoring._replaced_names(flags) == 1
    assert ev.name_flags(src, "Crisis in Harlem parishes: the bells fell silent.") == []


def test_a_word_for_a_people_is_rendered_by_its_english_word():
    # NTREX dev: испанцу / the Spaniard, шотландец / the Scot (gazetteer), not a replaced place
    assert ev.name_flags("Это вырыло испанцу и шведу яму.", "It dug the Spaniard and the Swede into a hole.") == []
    assert ev.name_flags("42-летний шотландец доволен.", "The Scot, 42, is pleased.") == []
