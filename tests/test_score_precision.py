"""Evidence precision on faithful renderings (false flags seen on the Kremlin transcript) and recall kept."""

from __future__ import annotations

import pytest

from align import evidence as ev


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        ("После Второй мировой войны Украина получила часть земель.",
         "After World War II, Ukraine received some lands."),
        ("Во времена Екатерины II это были русские земли.",
         "In the times of Catherine the Great these were Russian lands."),
        ("Это было в 80-х годах.", "It was in the 1980s."),
        ("Там было 500 человек.", "There were five hundred people there."),
        ("Его приняли в братскую семью.", "He was welcomed into the family."),
    ],
)
def test_number_matches(source: str, rendering: str) -> None:
    assert ev.number_flags(source, rendering, "ru", "en") == []


@pytest.mark.parametrize(
    ("source", "rendering", "want"),
    [
        ("Это было в XV веке.", "It was in the 25th century.", ("XV", "25")),
        ("Пришли 7 человек.", "Eight people came.", ("7", "Eight")),
        ("Пришли пятеро людей.", "Six people came.", ("пятеро", "Six")),
    ],
)
def test_number_changes_still_flagged(source: str, rendering: str, want: tuple[str, str]) -> None:
    flags = ev.number_flags(source, rendering, "ru", "en")
    assert [(f["source"], f["rendering"]) for f in flags] == [want]


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        ("Но раздробленное государство стало добычей империи, которую создал Чингисхан.",
         "But the fragmented state became a prey to the empire created by Genghis Khan."),
        ("Гитлер требовал Данцигский коридор.", "Hitler demanded the Danzig corridor."),
        ("Они заняли часть польских земель.", "They took part of the lands of Poland."),
        ("Так появилась Украинская ССР.", "This is how the Ukrainian Soviet Socialist Republic appeared."),
        ("Так появилась Украинская ССР.", "This is how the Soviet Republic of Ukraine appeared."),
        ("Это было в Средние века.", "It was in the Middle Ages."),
        ("Они венгры и чувствуют себя венграми.", "They are Hungarians and they feel themselves to be Hungarians."),
    ],
)
def test_name_matches(source: str, rendering: str) -> None:
    assert ev.name_flags(source, rendering, "ru", "en") == []


def test_name_changes_still_flagged() -> None:
    flags = ev.name_flags("Вчера Карлсон приехал в Москву.", "Yesterday Lukashenko came to Moscow.", "ru", "en")
    assert {f["source"] for f in flags} | {f["rendering"] for f in flags} >= {"Карлсон", "Lukashenko"}
    assert ev.name_flags("Вчера ФСБ заявила об этом.", "Yesterday the CIA said so.", "ru", "en")


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        ("Это в принципе неплохо.", "This is not bad in principle."),
        ("Мне некорректно комментировать наш разговор.",
         "It is not appropriate for me to comment on our conversation."),
        ("Нет, не делают этого.", "They refuse to do so."),
        ("Она не скучная, нет.", "It is not boring."),
        ("Сколько ни напечатай долларов, они разлетаются.", "No matter how many dollars are printed, they spread."),
        ("Нечем заниматься?", "You have nothing better to do?"),
        # negative by their prefix, or by the idiom (Kremlin transcript, WMT24 en-ru)
        ("Это бессмысленно держать его в тюрьме.", "It does not make any sense to keep him in prison."),
        ("Тенук, ты не против превратиться во что-нибудь?", "Tenuk, do you mind shapeshifting into something?"),
        ("Пивоварам следует не лезть в чужие дела.", "Brewers should mind their own business."),
        # a bound phrased with a negation on one side only (NTREX-128 newstest2019, a reference; WMT24 en-ru)
        ("На вечеринке присутствовало не меньше 100 человек.", "At least 100 people attended the party."),
        ("Туда пришло не более 10 человек.", "Up to 10 people came there."),
        ("Это займёт максимум неделю.", "It will take no more than a week."),
    ],
)
def test_negation_matches(source: str, rendering: str) -> None:
    assert ev.negation_flags(source, rendering, "ru", "en") == []


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        ("Он не пришёл на встречу.", "He came to the meeting."),
        ("Он пришёл на встречу.", "He did not come to the meeting."),
        ("Денег нет.", "There is money."),
        # a bound added where the source has none is a changed meaning (the negation damage of the fit data)
        ("Французский контингент насчитывает более 1000 военнослужащих.", "France has not more than 1,000 troops."),
        ("Рейтинги выросли более чем вдвое — до 1,05 миллиона.", "Ratings have not more than doubled to 1.05 million."),
        # "at least" makes up only for a bound, not for another negation
        ("Он не пришёл, но пришли 10 человек.", "He came, and at least 10 people came."),
        # a lexical negation makes up for one missing marker, not two
        ("Это неплохо, и он знает об этом.", "This is not bad, and he does not know about it."),
    ],
)
def test_negation_changes_still_flagged(source: str, rendering: str) -> None:
    assert ev.negation_flags(source, rendering, "ru", "en")


def test_negation_flag_carries_gain() -> None:
    from align.scoring import Scorer

    sc = Scorer().sentence_score("Он не пришёл на встречу вчера вечером.", "He came to the meeting last night.")
    negs = [f for f in sc.flags if f["type"] == "negation"]
    assert negs and isinstance(negs[0]["gain"], float)
    assert negs[0].get("weak", False) == (negs[0]["gain"] <= 0)
    if not negs[0].get("weak"):
        assert sc.verdict in ("altered", "paraphrase")


# --------------------------------------------------------------------------- round 2: negation idioms
@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        ("Он был не только чемпионом, но и тренером.", "As well as a champion, he was a coach."),
        ("Мужчина скончался, не приходя в сознание.", "The man died at the scene."),
        ("Я говорил не умолкая.", "I've said all along."),
        ("Она без конца рыдала.", "She cried."),
        ("Не исключается риск паводков.", "Flash flooding is possible."),
        ("Неясно, произошло ли извержение или нет.", "It is unclear whether an eruption took place."),
        ("It is unclear whether the eruption happened or not.", "Неясно, произошло ли извержение."),
        ("Регистрируются те, кто останавливается не в гостиницах.", "Those staying outside of hotels register."),
        ("Возьмите гамак, чтобы до вас не добрались змеи.", "Bring a hammock to keep you away from snakes."),
        # rhetorical questions (kremlin-2024-02-09-interview): a tag question, a question opening with a negative
        # auxiliary (не ... ли), разве ... не; and мало (little) as a negative word
        ("Бессмысленно, правда?", "It is pointless though, isn’t it?"),
        ("А не лучше ли договориться с Россией?", "Wouldn't it be better to negotiate with Russia?"),
        ("Разве это не так?", "That is so, right?"),
        ("Соседей, так же как и близких родственников, не выбирают.",
         "You cannot choose neighbours, just as you cannot choose close relatives."),
        ("Его представляли парнем, который мало в чём соображает.",
         "He was portrayed as a boy who does not understand much."),
        # session 16 (NTREX-128 references): "не так давно" (recently), "не смотря на" (несмотря на spelt apart),
        # "не раз" (more than once), "never more so than" (especially)
        ("Этот район, география которого была не так давно изменена, поддерживает демократа.",
         "This recently redrawn district backs a Democrat."),
        ("Он призвал беженцев вернуться домой, не смотря на то, что в стране идет война.",
         "He called on refugees to come home, even though the country is at war."),
        ("Он не раз приезжал в Москву.", "He came to Moscow more than once."),
        ("Это выдуманная концепция, и на подобных соревнованиях она особо ярко выражена.",
         "It is an invented concept, and never more so than at competitions like these."),
    ],
)
def test_negation_idioms_not_flagged(source: str, rendering: str) -> None:
    src, tgt = ("en", "ru") if source.isascii() else ("ru", "en")
    assert ev.negation_flags(source, rendering, src, tgt) == []


@pytest.mark.parametrize(
    ("source", "rendering"),
    [
        ("Многое остаётся неизвестным, поэтому работа, которую мы проводим здесь, поможет.",
         "Much is still unknown, so the work we do not here will help."),
        ("Она поклялась, что не будет участвовать в гонке, и отказалась от денег.",
         "She vowed that she would enter the race, and refused the money."),
        # a negated statement that ends in a tag question, and a negative imperative
        ("Он пришёл, правда?", "He didn't come, did he?"),
        ("Приходите завтра.", "Don't come tomorrow."),
    ],
)
def test_negation_still_flagged(source: str, rendering: str) -> None:
    # a word negative by itself (unknown) excuses a missing marker only when the other side has no such word
    assert ev.negation_flags(source, rendering, "ru", "en")


def test_titles_capitalised_in_official_style_are_no_names() -> None:
    # kremlin-2024-02-09-interview/ru.txt: "Вы говорили с Госсекретарём, с Президентом?"
    assert ev.name_flags("Вы говорили с Госсекретарём, с Президентом?", "Did you talk to the Secretary of State?") == []
    assert ev.name_flags("Вы говорили с Помпео?", "Did you talk to the Secretary of State?")


def test_currency_and_adjectives_in_ical_are_no_names() -> None:
    # NTREX: "37 млрд. долл. США" / "$37 billion"; "Юридического комитета" / "Judiciary Committee" (-ческий is an
    # adjective ending, not a surname's like Достоевского)
    assert ev.name_flags("Они пообещали более 37 млрд. долл. США.", "They promised more than $37 billion.") == []
    cands = [w for w, _, _ in ev.name_candidates("Он выступил перед членами Юридического комитета, как Достоевского.",
                                                 "ru")]
    assert "Юридического" not in cands and "Достоевского" in cands
    assert ev.name_flags("Фермер из штата Орегон в США.", "A farmer from Oregon.")  # the country itself still counts


def test_gazetteer_acronyms() -> None:
    assert ev.name_flags("В СМИ появилось сообщение о нападении.", "It was reported that he was attacked.") == []
    assert ev.name_flags("Уровень оснащённости ВМФ растёт.", "The Navy's technology is improving.") == []


def test_negation_clause_gain_feature() -> None:
    """The clause-level gain of a negation left out of the rendering is positive and larger than the sentence-level
    one; a faithful pair has 0."""
    from align.scoring import FEATURES, Scorer

    sc = Scorer()
    pairs = [("Вчера шёл сильный дождь, и поэтому он не пришёл на встречу, которую мы назначили.",
              "It rained heavily yesterday, and so he came to the meeting that we had arranged."),
             ("Вчера шёл сильный дождь, и поэтому он не пришёл на встречу, которую мы назначили.",
              "It rained heavily yesterday, and so he did not come to the meeting that we had arranged.")]
    feats, _, _ = sc.features(pairs, "ru", "en")
    i, j = FEATURES.index("neg_clause_delta"), FEATURES.index("neg_delta")
    assert feats[0].x[i] > feats[0].x[j] > 0.0
    assert feats[1].x[i] == 0.0


def test_name_clause_gain_feature() -> None:
    """A replaced name: cutting it from its clause brings the clause closer to the source; no name flag: 0."""
    from align.scoring import FEATURES, Scorer

    sc = Scorer()
    src = "Вчера в Москве Владимир Путин встретился с Дональдом Трампом, чтобы обсудить торговлю."
    pairs = [(src, "Yesterday in Moscow Vladimir Putin met Donald Trump to discuss trade."),
             (src, "Yesterday in Moscow Vladimir Putin met Donald Perrier to discuss trade.")]
    feats, _, _ = sc.features(pairs, "ru", "en")
    i = FEATURES.index("name_clause_delta")
    assert feats[0].x[i] == 0.0
    assert feats[1].x[i] > 0.0


def test_silent_gh_in_names() -> None:
    assert ev.name_flags("Ведущим станет Хью Джекман.", "It will be hosted by Hugh Jackman.") == []
    assert ev.name_flags("Ведущим станет Хью Джекман.", "It will be hosted by Hugo Jackman.")
