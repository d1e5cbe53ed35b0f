"""Sentence segmentation: regression cases from real text, rule unit tests, offset invariants.

Cases use razdel's notation: ``|`` marks a sentence boundary; the text is the case without the
bars and the expected sentences are the stripped parts. Each regression case is an excerpt of
a line of ../shared/data (file and 1-based line cited in the comment; ``a+b`` = consecutive
lines of one FLORES/NTREX document joined by a space, as the benchmark does).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align import segment_rules as R
from align.segmenter import MAX_SENTENCE, SUPPORTED_LANGS, segment

K_RU = "kremlin-2024-02-09-interview/ru.txt"
K_EN = "kremlin-2024-02-09-interview/en.txt"
F_RU = "flores200-dev-rus-eng/rus.dev"
F_EN = "flores200-dev-rus-eng/eng.dev"
N_RU = "ntrex128-en-ru/newstest2019-ref.rus.txt"
N_EN = "ntrex128-en-ru/newstest2019-src.eng.txt"
W_RU = "wmt24-en-ru/ru.txt"
W_EN = "wmt24-en-ru/en.txt"

RU_CASES = [
    # speaker labels with initials, no space after the initial
    (K_RU, 1, "Т.Карлсон (как переведено): Господин Президент, спасибо большое."),
    (
        K_RU,
        4,
        "В.Путин: Дело не в том, что Америка собиралась наносить неожиданный удар по России, я так и не говорил.",
    ),
    (K_RU, 6, "Т.Карлсон: Это прекрасная цитата.| Спасибо."),
    (K_RU, 8, "В.Путин: У Вас базовое образование историческое, насколько я понимаю, да?"),
    # quotations: ». and multi-sentence «…»
    (
        K_RU,
        65,
        "был момент, когда «серая кошка пробежала».| До этого Ельцин ездил в США, помните, выступал в Конгрессе "
        "и говорил замечательные слова: God bless America.| Он же всё сказал, это были сигналы: пустите нас к себе.",
    ),
    (
        K_RU,
        94,
        "Я говорю: не знаю; я знаю, что вы согласились в 2008 году, а почему в будущем не согласитесь?| "
        "«Ну тогда нажали на нас».| Я говорю: а почему завтра на вас не нажмут – и вы опять согласитесь.",
    ),
    (
        K_RU,
        120,
        "Мои коллеги во Франции и Германии говорили: «Как ты себе представляешь, как они будут подписывать договор: "
        "с пистолетом, приставленным к виску?| Надо отвести войска от Киева».| Говорю: хорошо.| "
        "Мы отвели войска от Киева.",
    ),
    (K_RU, 180, "Нет, не делают этого.| Почему?| Спросите у них.| (Стучит по столу.)| Что здесь, что в голове у них."),
    (
        K_RU,
        286,
        "наши солдаты им кричат: «Шансов нет, сдавайтесь!| Выходите, будете живы, сдавайтесь!».| "
        "И вдруг оттуда на русском, хорошем русском языке кричат: «Русские не сдаются!» – и все погибли.",
    ),
    (K_RU, 156, "Чего проще?| Чего мне ему звонить?| О чём говорить или о чём упрашивать?"),
    (K_RU, 170, "Т.Карлсон: Я был занят в тот день.| Я не взрывал «Северный поток»."),
    # ellipses
    (K_RU, 66, "Нет, когда начались события в Югославии…| До этого Ельцина нахваливали-нахваливали"),
    (
        K_RU,
        98,
        "к власти пришёл в результате третьего тура…| Представьте себе, что в США кому-то чего-то не понравилось",
    ),
    (W_RU, 497, "И сегодня это произошло...| Сегодня я управляла самолетом."),
    (W_RU, 290, "Подруга... купи такой."),
    (W_RU, 178, "Блин...| AT&T лег по всей стране."),
    # abbreviations, dates and numbers
    (F_RU, 16, "документов панамской юридической фирмы Mossack Fonseca, просочившихся в прессу весной 2016 г."),
    (F_RU, 27, "забившим 60 или больше голов в сезоне с 1995-96 гг., когда Джаромир Джагр и Марио Лемьо оба добились"),
    (F_RU, 97, "Ил-76 был важной составляющей российских и советских вооруженных сил с 1970-х гг. и в прошлом месяце"),
    (F_RU, 157, "продаются по цене от 11 000 до 22 500 долл. США за унцию, т. е. они примерно в 10 раз дороже золота."),
    (F_RU, 475, "Храм Артемиды в Эфесе был разрушен 21 июля 356 года до н. э. в результате акта поджога."),
    (
        F_RU,
        645,
        "Постмодернистский подход к обучению предлагает свободу от абсолютов, т.е. не существует одного способа.",
    ),
    (F_RU, 739, "за пропуск на один день.| Более подробно см. страницу компании в Corcovado."),
    (F_RU, 957, "наземный транспорт и т. д. для всех тех мест за пределами Африки."),
    (
        F_RU,
        722,
        "Первоначально остров населяли таино и карибы.| Карибы — это народы, появившиеся около 10 000 лет до н. э.",
    ),
    (N_RU, 32, "Метрополитен Комьюнити в 1870\xa0г., а церковь Св. Мартина\xa0— на 10 лет позже."),
    (N_RU, 39, "на котором играл черный музыкант, Дионисио А. Линд.| 18 лет назад его пригласили играть"),
    (N_RU, 263, "По информации издания Advocate, для Симпсона установлен залог в размере 350\xa0тыс. долларов."),
    (N_RU, 413, "«В районе Дунгала проживает свыше 300\xa0тыс. человек»,\xa0— сообщает в своем коммюнике"),
    (
        N_RU,
        979,
        "выделить средства на сумму более 37 млрд. долл. США, которая должна повлиять на жизнь более "
        "2,25 млрд. человек",
    ),
    (N_RU, 1402, "рост числа фейковых аккаунтов «инсты» — т.е. Инстаграмма, сайта для обмена фотографиями."),
    (N_RU, 1513, "В июне 2017 г. г-н Трамп провел теплую встречу с президентом Панамы"),
    (N_RU, 1881, "Джордж У. Буш звонит сенаторам, лоббируя поддержку г-на Кавано"),
    (N_RU, 1901, "на мероприятии Texas Tribune Festival в г. Остин, штат Техас."),
    (N_RU, 696, "состоится в 19:00. по восточному времени сегодня, в субботу, 29 сентября 2018 г."),
    (N_RU, 255, "прибывает на конференцию консервативной партии в Бирмингеме 29 сентября 2018\xa0г."),
    # "10 см." / "им." / "Пол." / "D.C." ending a sentence (lines 364+365, 660+661, 1695+1696, 1910+1911)
    (N_RU, 364, "местами осадки могут достигать 10\xa0см.| Для зон, которых ливневые потоки обойдут стороной"),
    (N_RU, 660, "строить отношения с гражданами других стран и уметь доверять им.| По результатам последних экзаменов"),
    (N_RU, 1695, "— заявил в субботу журналистам начальник полиции Мерфи Дж. Пол.| Уэйд вступился за своего друга"),
    (N_RU, 1910, "является судьей окружного апелляционного суда D.C.| Пелоси добавила, что, будучи демократом"),
    (F_RU, 187, "Автобус следует в Six Flags St. Louis в Миссури, где музыканты должны были выступать."),
    # ";" before a capitalised sentence starter (lines 26+27); abbreviations inside brackets
    (
        F_RU,
        26,
        "победный гол, выполненный новичком Никласом Бекстрёмом;| Его второй целью в этот вечер был его 60-й гол",
    ),
    (F_RU, 654, "называют себя инуитами в Канаде и калааллитами (ед.ч. — Kalaalleq, мн. ч. — Kalaallit), то есть"),
    # ":" before a capitalised common word (lines 874+875), not inside a quoted title (WMT24 ru)
    (F_RU, 874, "воспользуйтесь возможностью выжать сок или смешать несколько фруктовых напитков:| Может быть, вы "
                "откроете для себя простой напиток"),
    (W_RU, 4, "Галерея Тьерра дель Соль рада представить выставку «Винсенте Сисо: Воспоминания о Земле и Воде» в "
              "новом пространстве галереи"),
    (K_RU, 94, "Я говорю: не знаю; я знаю, что вы согласились в 2008 году"),
    # dialogue dashes
    # "П, — а. — П": a capital after ". —" starts a new sentence even inside a quotation
    (N_RU, 31, "«Большинство покупателей этих квартир будут белыми,\xa0— считает Адамс.|\xa0— А это приблизит день»."),
    (W_RU, 842, "«Я подозреваю, что это второй монстр, о котором беспокоился Ланекс?» - Кейэл нахмурился, выстрелил."),
    (W_RU, 113, "может иметь серьезные нежелательные последствия.| – Комментарий Скотсмэн"),
    (
        W_RU,
        717,
        "если можно так сказать.| Конечно, я вырос в 1970-х.| Свои политические воззрения и академическое понимание",
    ),
    (
        W_RU,
        68,
        "Деннис М. Келлехер, со-основатель, президент и исполнительный директор компании Better Markets, сказал",
    ),
    # lists and headings
    (W_RU, 653, "3. HTML для разделов 1, 2, 3 и т.д."),
    (W_RU, 667, "1. Использовать CSS"),
    (W_RU, 608, "Поправка: уже 1.| Остался только «Подстриги траву»"),
    # no full stop: a capitalised function word then a lower-case word opens a sentence (bare_opener)
    (N_RU, 330, "Прохладный прием Эрдогана в ходе визита в Кельн| В субботу, 29-го сентября, когда лидеры"),  # 330+331
    (N_RU, 1616, "мелких преступлений класса А, а это означает, что он может быть лишен свободы"),
    (N_RU, 1617, "в совершении преступления класса В, наказуемое лишением свободы на срок до одного дня"),
    (N_RU, 786, "испытывать чувство голода.| Рэймонд Со, 19-летний калифорнийец"),  # 786+787: a name
    (K_RU, 32, "Почему тогда, когда Вы стали Президентом, вы просто не взяли"),  # polite "Вы" is no opener
    # no full stop: a common word capitalised opens a sentence (bare_common_word); names and oblique cases do not
    (F_RU, 3, "Было решено закрыть для коммерческих рейсов| Личность пилота была установлена."),  # 3+4, cut
    (K_RU, 69, "Я стал Президентом в 2000 году."),
    (K_RU, 36, "вынудили Гитлера начать Вторую мировую войну именно с них."),
    (W_RU, 66, "полагают, что решение Комиссии по ценным бумагам создаст спрос на эти активы."),
    (N_RU, 415, "В субботу Управление подверглось жесткой критике, поскольку вовремя не сообщило о приходе цунами"),
    # no full stop: "В" before a number, "Он" after a lower-case word open a sentence (bare_opener)
    (F_RU, 176, "за инновационное городское образование| В 2009 году ей был присвоен титул"),  # 176+177, cut
    (F_RU, 9, "перекрыли движение в северном направлении по Уайтхоллу| В 11:20 полиция"),  # 9+10, cut
    (F_RU, 28, "оценивалось в 2,3 миллиарда| Он окончил колледж"),  # cut: "Он" after a lower-case word
    (F_RU, 20, 'имел постоянный вид на жительство в Америке ("грин-карту")| Во время проведения выборов'),  # +21, cut
    (F_RU, 20, "2) Во время проведения выборов Се намекал"),  # made: a list number, not a bracketed aside
    # a citation after the full stop stays with its sentence; the dash closing the author's words too
    (F_RU, 642, "с возможностью гибкого рабочего времени. (Бремер, 1998 год)| Использование Интернета"),  # 642+643
    (N_RU, 107, "«С Северной Кореей дела обстоят замечательно»,\xa0— сказал он.\xa0—| «Мы были на грани войны"),
]

EN_CASES = [
    (K_EN, 1, "Tucker Carlson: Mr. President, thank you."),
    (
        K_EN,
        3,
        "might initiate a quote, “surprise attack on our country.”| And to American ears that sounds paranoid.| "
        "Tell us why you believe the United States might strike Russia out of the blue.| How did you conclude that?",
    ),
    (K_EN, 159, "when I was in the USA at the invitation of Bush Sr.| It is even easier to learn it now."),
    (K_EN, 155, "after I was invited by Bush Jr.’s father, Bush Sr. to visit his place on the ocean"),
    (K_EN, 123, "No.| Remember the developments in Yugoslavia."),
    (K_EN, 577, "split by hostilities forever.| No.| They will be reunited.| The unity is still there."),
    (K_EN, 97, "a road trip in a car from then-Leningrad (now St. Petersburg) across the Soviet Union"),
    (K_EN, 373, "such as placing restrictions on transactions, freezing assets, etc., causes grave concern."),
    (K_EN, 303, "if you are interested in what Mr. President Biden responded to me, ask him.| At any rate, I talked"),
    (K_EN, 539, "Tucker Carlson: I hope you’ll let him out.| Mr. President, thank you!"),
    (
        K_EN,
        99,
        "I asked, “Are they some kind of entertainers?”| I was told, “No, they're not entertainers.| "
        "They're Hungarians.”| I said",
    ),
    (
        K_EN,
        103,
        "I asked you at the beginning: “Are we going to have a serious talk or a show?”| You said — a serious talk.",
    ),
    (
        K_EN,
        147,
        "He says, “It’s impossible!| Do you have proof?”| I said, “Yes.”| I was prepared for this conversation",
    ),
    (K_EN, 33, "Tucker Carlson: I beg your pardon, can you tell us what period…| I am losing track of where we are."),
    (K_EN, 379, "What are you doing?| You are cutting yourself off… all experts say this."),
    (N_EN, 24, '"Historically, the old people I\'ve talked to say there was a bar on every corner," Mr. Adams said.'),
    (N_EN, 35, "St. Martin's was taken over by a black congregation under the Rev. John H. Johnson"),
    (N_EN, 37, "The Rev. David Johnson, Father Johnson's son and successor at St. Martin's, proudly called it."),
    (N_EN, 39, "the first carillon in the world to be played by a black musician, Dionisio A. Lind, who moved"),
    (N_EN, 46, "The attack occurred just before 7 a.m. near Beacon's Beach in Encinitas."),
    (N_EN, 62, "including brands such as Revlon, Essie, Tweezerman and Dr. PawPaw for the first time."),
    (N_EN, 104, "Ri Yong Ho told world leaders at the U.N. General Assembly Saturday that the North"),
    (N_EN, 105, "Instead, he noted, the U.S. is continuing sanctions aimed at keeping up pressure."),
    (N_EN, 117, "so it's a bit challenging,\" Ms. Sumbung said."),
    (N_EN, 130, "Watch: Liverpool's Daniel Sturridge dips deep equalizer vs. Chelsea"),
    (N_EN, 143, "Liverpool battles Napoli in the group stage of the Champions League at 3 p.m. on Wednesday."),
    (N_EN, 202, "Rosa had winds of 85 mph, a Category 1 Hurricane, as of 5 a.m. Eastern time Sunday."),
    (N_EN, 204, "and move east toward the West Coast of the U.S.| As Rosa approaches the Baja California peninsula"),
    (N_EN, 228, "an agreement engineered by Arizona Sen. Jeff Flake for the FBI to conduct a one-week investigation"),
    (N_EN, 1289, '"We need to have a deal.| We want to have the best deal"'),
    (W_EN, 374, "The average round-trip time is 102 ms.| Not great not horrible."),
    (W_EN, 736, "You get over it.| Oh, I'm sorry, Mrs. Leslie.| Oh, that's all right, Ms. Roe.| You get over it."),
    (F_EN, 1, "manufactured using standard inkjet printers for possibly about one U.S. cent each."),
    (F_EN, 32, "Piquet Jr. crashed in the 2008 Singapore Grand Prix just after an early pit stop"),
    (F_EN, 35, "At exactly 8:46 a.m. a hush fell across the city."),
    (F_EN, 160, "In third, Hamlin is twenty points behind, but five ahead of Bowyer.| Kahne and Truex, Jr. are fifth."),
    (
        F_EN,
        172,
        'He went on to say, "This case is serious.| Rest assured that our system is working as well as it should."',
    ),
    (F_EN, 188, "At 1:15 a.m. Saturday, according to witnesses, the bus was going through a green light"),
    (F_EN, 253, 'Leonov, also known as "cosmonaut No. 11", was part of the Soviet Union\'s original team.'),
    (
        F_EN,
        412,
        "could penetrate the armor of rival soldiers.| About 1000 B.C., the Assyrians introduced the first cavalry.",
    ),
    (F_EN, 672, "becomes available on 1 Jan.| Space for the most popular areas generally fill up"),  # 672+673
    (F_EN, 652, "it is considered pejorative by many non-U.S. Arctic peoples, especially in Canada."),
    (F_EN, 279, "Former U.S. Speaker of the House Newt Gingrich came in second with 32 percent."),
    (F_EN, 452, "storyboarding, audio and video editing, story telling, etc.)"),
    # no full stop: a capitalised function word then a comma or a lower-case word opens a sentence
    (F_EN, 588, "more to gain in the short term by acting selfishly| Hopefully, most people will realise"),  # +589
    (F_EN, 720, "the island of Hispaniola, which it shares with Haiti| Besides white sand beaches"),  # 720+721
    (F_EN, 723, "had significantly been reduced by the Spanish conquerors| Based on Fray Bartolomé"),  # 723+724
    (N_EN, 1107, "Bernard Vann: WW1 Victoria Cross cleric celebrated| The only Church of England cleric"),  # +1108
    (N_EN, 174, 'Mr Goldsmith told The Sunday Telegraph: "Cromwell is regarded by many'),  # Title Case: a name
    (N_EN, 1359, "who currently sit third place in League One, three points off the top."),
    (N_EN, 786, "making them constantly hungry.| Raymond So, a 19-year-old Californian studying"),  # 786+787
    # no full stop: "In" before a number, "A", and "The" before a name open a sentence; titles do not
    (F_EN, 176, "was recognized for innovative urban education| In 2009 she was awarded the title"),  # 176+177, cut
    (F_EN, 73, "what the authorities and attorneys have done during the previous years| A few weeks ago"),  # +74, cut
    (F_EN, 248, "under Article 247 of the Pakistani Constitution A hostel collapsed in Mecca"),  # cut: a capital before
    (F_EN, 737, "but they do not accept credit cards| The Park Service (MINAE) does not issue"),  # 737+738
    (F_EN, 18, "British newspaper The Guardian suggested Deutsche Bank controlled roughly a third"),
    (N_EN, 1804, "Artists like The Fugees and Common have seen a recent resurgence in the UK"),
    (N_EN, 982, "Some of the key commitments include The Power of Nutrition, a U.K. based partnership"),
    (N_EN, 1616, "Palin faces three Class A misdemeanours, meaning he could be imprisoned"),
    (N_EN, 663, "showed that 72 per cent of students achieved a Higher grade A in Mandarin, while"),
    # no full stop: a common word capitalised opens a sentence (bare_common_word); names do not
    (F_EN, 35, "marking the exact moment the first jet struck its target| Two beams of light have been"),  # 35+36
    (N_EN, 866, "in HBO's violent medieval fantasy series Game of Thrones."),
    (N_EN, 1097, "appropriate skills to help make Solid available to everyone."),
    (F_EN, 642, "with the possibility of flexible working hours. (Bremer, 1998)| The use of the Internet"),  # +643
]


def bars(text: str, lang: str) -> list[str]:
    return [s.text for s in segment(text, lang)]


def case_id(c: tuple[str, int, str]) -> str:
    return f"{c[0].split('/')[0][:7]}:{c[1]}"


@pytest.mark.parametrize(
    "lang,case",
    [("ru", c) for c in RU_CASES] + [("en", c) for c in EN_CASES],
    ids=[case_id(c) for c in RU_CASES + EN_CASES],
)
def test_regression_case(lang: str, case: tuple[str, int, str]) -> None:
    text = case[2].replace("|", "")
    expected = [p.strip() for p in case[2].split("|")]
    assert bars(text, lang) == expected


def test_colon_after_speaker_label_with_bracket_joins() -> None:
    text = "Т.Карлсон (как переведено): Господин президент, спасибо вам."
    assert bars(text, "ru") == [text]


def test_enough_regression_cases() -> None:
    assert len(RU_CASES) + len(EN_CASES) >= 60


# ------------------------------------------------------------------ contract: lines, paragraphs, offsets
def test_newline_ends_sentence_and_blank_line_starts_paragraph() -> None:
    text = "Заголовок без точки\nПервое предложение. Второе\n \n\n\tТретий абзац т.е. одно предложение\r\nИ ещё\n"
    got = segment(text, "ru")
    assert [(s.text, s.paragraph) for s in got] == [
        ("Заголовок без точки", 0),
        ("Первое предложение.", 0),
        ("Второе", 0),
        ("Третий абзац т.е. одно предложение", 1),
        ("И ещё", 1),
    ]
    for s in got:
        assert text[s.start : s.stop] == s.text


def test_leading_blank_lines_keep_paragraph_zero() -> None:
    got = segment("\n\n  \nOne. Two.\n\nThree.", "en")
    assert [(s.text, s.paragraph) for s in got] == [("One.", 0), ("Two.", 0), ("Three.", 1)]


def test_empty_and_blank_texts() -> None:
    assert segment("", "ru") == []
    assert segment(" \n\t\n\ufeff\u200b\xa0\n", "en") == []


def test_invisible_characters_are_stripped_but_offsets_stay_exact() -> None:
    text = "\ufeffHello there.\u200b \xa0Next one\xad.\x00\x07 \u2028Last\u200d"
    got = segment(text, "en")
    assert [s.text for s in got] == ["Hello there.", "Next one\xad.", "Last"]
    for s in got:
        assert text[s.start : s.stop] == s.text


def test_cjk_full_stops_split_without_spaces() -> None:
    assert bars("今天天气很好。我们去公园吧！你去吗？好。", "zh") == [
        "今天天气很好。",
        "我们去公园吧！",
        "你去吗？",
        "好。",
    ]
    assert bars("「行こう。」と彼は言った。", "ja") == ["「行こう。」", "と彼は言った。"]


def test_generic_languages_split_on_punctuation() -> None:
    assert bars("Das ist gut. Wir gehen z. B. nach Hause. Dr. Müller kommt.", "de") == [
        "Das ist gut.",
        "Wir gehen z. B. nach Hause.",
        "Dr. Müller kommt.",
    ]
    assert bars(
        "Der Gipfel wurde am 18. Mai 1956 erreicht. Im 19. Jahrhundert nicht. Siehe S. 295. Es war 1956. Gut.", "de"
    ) == [
        "Der Gipfel wurde am 18. Mai 1956 erreicht.",
        "Im 19. Jahrhundert nicht.",
        "Siehe S. 295.",
        "Es war 1956.",
        "Gut.",
    ]
    assert bars("Bonjour. M. Dupont est là.", "fr") == ["Bonjour.", "M. Dupont est là."]
    assert bars("Voir Les Alpes, p. 295. Le livre de Mrs. Jackson a paru.", "fr") == [
        "Voir Les Alpes, p. 295.",
        "Le livre de Mrs. Jackson a paru.",
    ]
    assert bars("Hola. ¿Qué tal? Bien.", "es") == ["Hola.", "¿Qué tal?", "Bien."]
    assert bars("مرحبا. كيف حالك؟ جيد.", "ar") == ["مرحبا.", "كيف حالك؟", "جيد."]


def test_regional_codes_use_the_base_language_rules() -> None:
    text = "«Ланекс?» - Кейэл нахмурился. В 2024 г. Президент т.е. он."
    assert (
        bars(text, "ru-RU") == bars(text, "ru") == ["«Ланекс?» - Кейэл нахмурился.", "В 2024 г.", "Президент т.е. он."]
    )


def test_unknown_and_odd_language_codes_do_not_crash() -> None:
    for lang in ("xx", "", "RU", "en-US", "zh_TW", "sr-Latn"):
        assert bars("One. Two.", lang) == ["One.", "Two."]


def test_supported_langs() -> None:
    for lang in ("ru", "en", "de", "fr", "ar", "zh", "zh-tw", "nl", "it", "ja", "ko", "pl", "pt", "es", "th", "tr"):
        assert lang in SUPPORTED_LANGS


def test_giant_line_without_punctuation_is_cut_at_whitespace() -> None:
    words = ("слово " * 200_000).strip()  # 1.2 MB, one line, no punctuation
    got = segment(words, "ru")
    assert len(got) > 1
    assert all(len(s.text) <= MAX_SENTENCE for s in got)
    assert all(s.text.startswith("слово") and s.text.endswith("слово") for s in got)  # cut at spaces
    assert sum(len(s.text.split()) for s in got) == 200_000


def test_giant_line_without_spaces_is_cut_hard() -> None:
    text = "x" * 1_000_000
    got = segment(text, "en")
    assert all(len(s.text) <= MAX_SENTENCE for s in got)
    assert "".join(s.text for s in got) == text


def test_pathological_punctuation_runs() -> None:
    for text in ("." * 100_000, ". " * 50_000, "?!" * 50_000 + " A", "…" * 10_000 + " " + "»" * 10_000):
        got = segment(text, "en")
        for s in got:
            assert text[s.start : s.stop] == s.text and s.text.strip()


# ------------------------------------------------------------------ rule unit tests (razdel notation)
def cand(case: str, lang: str) -> R.Candidate:
    """The candidate at the single ``|`` of ``case`` (``left|`` then whitespace then right)."""
    left, right = case.split("|")
    line = left + right
    pos = len(left.rstrip(R.ENDERS + ";:" + R.CLOSERS))
    i = pos
    while i < len(left) and left[i] in R.ENDERS:
        i += 1
    end = len(left)
    return R.Candidate(line, 0, pos, end, len(left) + len(right) - len(right.lstrip()), lang, R.lexicon(lang))


@pytest.mark.parametrize(
    "rule,case,lang,verdict",
    [
        (R.semicolon, "Бекстрёмом;| Его второй", "ru", R.SPLIT),
        (R.semicolon, "Backstrom;| his second goal", "en", R.JOIN),
        (R.semicolon, "в Киеве;| Москва же", "ru", R.JOIN),
        (R.colon, "несколько фруктовых напитков:| Может быть, вы", "ru", R.SPLIT),
        (R.colon, "Мы сказали им тогда:| Это невозможно", "ru", R.SPLIT),  # a sentence starter
        (R.colon, "В.Путин:| Нет, конечно", "ru", R.JOIN),  # speaker label
        (R.colon, "выставку «Винсенте Сисо:| Воспоминания о Земле", "ru", R.JOIN),  # quoted title
        (R.colon, "Доминиканская Республика (на испанском:| Республика Доминикана)", "ru", R.JOIN),
        (R.colon, "они делятся на две категории:| Вы можете", "ru", R.JOIN),  # polite Вы
        (R.colon, "they fall into two categories:| Either work", "en", R.JOIN),
        (R.open_bracket, "(ед.ч.| — Kalaalleq", "ru", R.JOIN),
        (R.ordinal, "am 18.| Mai 1956", "de", R.JOIN),
        (R.ordinal, "im Jahr 1956.| Danach", "de", None),
        (R.ordinal, "on page 18.| Then", "en", None),
        (R.open_bracket, "(см. рис. 1).| Далее", "ru", None),
        (R.lower_right, "он сказал.| и ушёл", "ru", R.JOIN),
        (R.lower_right, "Buy an iPhone.| iPhone sales rose", "en", None),  # camelCase starts sentences
        (R.lower_right, "Конец.| Начало", "ru", None),
        (R.punct_right, "(см. выше.| ), далее", "ru", R.JOIN),
        (R.dash_right, "Привет!| — сказал он.", "ru", R.JOIN),
        (R.dash_right, "Привет.| — Здравствуй.", "ru", None),
        (R.dash_right, "«Ланекс?»| - Кейэл нахмурился", "ru", R.JOIN),
        (R.list_item, "1.| Введение", "ru", R.JOIN),
        (R.list_item, "IV.| Results", "en", R.JOIN),
        (R.list_item, "Поправка: уже 1.| Остался", "ru", None),
        (R.unit_after_number, "7 октября 2024 г.| Президент", "ru", R.SPLIT),
        (R.unit_after_number, "со скоростью 19 км/ч.| Ураган", "ru", R.SPLIT),
        (R.unit_after_number, "2024 г.| МВФ заявил", "ru", None),  # acronym: may continue
        (R.pair_abbrev, "и т.д.| Затем", "ru", R.SPLIT),
        (R.pair_abbrev, "и т. д.| для всех", "ru", R.JOIN),
        (R.pair_abbrev, "т.е.| Инстаграмма", "ru", R.JOIN),
        (R.pair_abbrev, "i.e.| Paris", "en", R.JOIN),
        (R.abbreviation, "Mr.| Smith", "en", R.JOIN),
        (R.abbreviation, "Bush Sr.| It is", "en", None),
        (R.abbreviation, "в г.| Остин", "ru", R.JOIN),
        (R.abbreviation, "350 тыс.| долларов", "ru", R.JOIN),
        (R.abbreviation, "350 тыс.| Потом", "ru", None),
        (R.abbreviation, "22 500 долл.| США", "ru", R.JOIN),
        (R.abbreviation, "Мерфи Дж. Пол.| Уэйд", "ru", None),  # capitalised "Пол" is a name here
        (R.abbreviation, "церковь Св.| Мартина", "ru", R.JOIN),
        (R.abbreviation, "on Jan.| 5", "en", R.JOIN),
        (R.abbreviation, "on 1 Jan.| Space", "en", None),
        (R.initials, "Джордж У.| Буш", "ru", R.JOIN),
        (R.initials, "J.| R. R. Tolkien", "en", R.JOIN),
        (R.initials, "Plan B.| The rest", "en", None),
        (R.initials, "reached 40°C.| Residents", "en", None),  # a temperature, not an initial
        (R.initials, "до +25 °C.| Синоптики", "ru", None),
        (R.dotted_acronym, "the U.S.| Senate", "en", R.JOIN),
        (R.dotted_acronym, "the U.S.| The", "en", R.SPLIT),
        (R.dotted_acronym, "суда D.C.| Пелоси", "ru", R.SPLIT),
        (R.dotted_acronym, "at 5 a.m.| Eastern time", "en", R.JOIN),
        (R.dotted_acronym, "at 10 a.m.| Police said", "en", R.SPLIT),  # a common word after a time of day
        (R.dotted_acronym, "at 10 a.m.| Central time", "en", R.JOIN),  # a time zone (margin 0.24 < 0.5)
        (R.dotted_acronym, "at 9:30 p.m.| Monday", "en", R.JOIN),  # a weekday: no lower-case piece
        (R.dotted_acronym, "worked at the U.N.| Later he", "en", R.SPLIT),  # a sentence adverb after an acronym
        (R.dotted_acronym, "the U.S.| First Lady", "en", R.JOIN),  # "First" is no acronym opener
        (R.dotted_acronym, "the U.S.| Under Secretary", "en", R.JOIN),
        (R.dotted_acronym, "ended in A.D.| 1066 with", "en", R.JOIN),  # a year is no other script
        (R.dotted_acronym, "in 1000 B.C.| Later, the", "en", R.SPLIT),  # a common word after an era
        (R.dotted_acronym, "In 44 B.C.| Caesar was", "en", R.JOIN),  # a name after an era
        (R.dotted_acronym, "in 323 B.C.E.| Historians", "en", R.JOIN),  # not a vocabulary piece: read as a name
        (R.bare_opener, "acting selfishly| Hopefully, most", "en", R.SPLIT),
        (R.bare_opener, "shares with Haiti| Besides white sand", "en", R.SPLIT),
        (R.bare_opener, "в Кельн| В субботу", "ru", R.SPLIT),
        (R.bare_opener, "told| The Sunday Times", "en", R.JOIN),  # Title Case name
        (R.bare_opener, "during World| War One as", "en", R.JOIN),
        (R.bare_opener, "in League| One, three points", "en", R.JOIN),  # numeral after a name
        (R.bare_opener, "hungry. Raymond| So, a 19-year-old", "en", R.JOIN),  # apposition after a name
        (R.bare_opener, "under the leadership of Deng Xiaoping| Since then China", "en", R.SPLIT),
        (R.bare_opener, "класса| А, а это", "ru", R.JOIN),  # a label, not a preposition
        (R.bare_opener, "urban education| In 2009 she", "en", R.SPLIT),  # a preposition before a number
        (R.bare_opener, "городское образование| В 2009 году", "ru", R.SPLIT),
        (R.bare_opener, "по Уайтхоллу| В 11:20 полиция", "ru", R.SPLIT),  # a name, then a number
        (R.bare_opener, "from the| In 2009 list", "en", R.JOIN),  # a function word before
        (R.bare_opener, "she said| In 2009 she", "en", R.SPLIT),
        (R.bare_opener, "accept credit cards| The Park Service", "en", R.SPLIT),  # an article before a name
        (R.bare_opener, "British newspaper| The Guardian suggested", "en", R.JOIN),  # a title after its kind
        (R.bare_opener, "Artists like| The Fugees and", "en", R.JOIN),
        (R.bare_opener, "told| The Sunday Times", "en", R.JOIN),
        (R.bare_opener, "condemned the film| «The Irony of", "en", R.JOIN),  # a title in quotes
        (R.bare_opener, "Pakistani constitution| A hostel collapsed", "en", R.SPLIT),
        (R.bare_opener, "achieved a Higher grade| A in Mandarin", "en", R.JOIN),  # a label letter
        (R.bare_opener, "faces three Class| A misdemeanours", "en", R.JOIN),
        (R.bare_opener, "миллиарда долларов| Он окончил колледж", "ru", R.SPLIT),
        (R.bare_opener, "больше голов, чем Бобек| В 1995 году", "ru", R.SPLIT),  # a name, then a number
        (R.bare_opener, "собралось около 100 000 человек| В Берлине полиция", "ru", R.SPLIT),
        (R.bare_opener, "в матче группы| В Лиги чемпионов", "ru", R.JOIN),  # a label letter
        (R.bare_opener, "Go to work, with| His help", "en", R.JOIN),  # a function word before
        (R.bare_opener, "Висел| Он на кресте", "ru", R.JOIN),  # reverent "Он" after a capital
        (R.bare_opener, "поздравил| Его Святейшество", "ru", R.JOIN),  # reverent "Его" never opens
        (R.bare_opener, "когда| Вы стали", "ru", None),  # polite "Вы": no opener (bare_common_word joins)
        (R.bare_opener, "acting selfishly| Greed is", "en", None),  # not an opener: bare_common_word judges it
        # bare_common_word: a common word capitalised after a lower-case word (SentencePiece vocabulary)
        (R.bare_common_word, "the first jet struck its target| Two beams of light", "en", R.SPLIT),  # F_EN 35+36
        (R.bare_common_word, "закрыть для коммерческих рейсов| Личность пилота была", "ru", R.SPLIT),  # F_RU 3+4
        (R.bare_common_word, "acting selfishly| Greed is", "en", R.JOIN),  # "▁greed" is no piece
        (R.bare_common_word, "appropriate skills to help make| Solid available", "en", R.JOIN),  # N_EN 1097
        (R.bare_common_word, "medieval fantasy series| Game of Thrones", "en", R.JOIN),  # N_EN 866: "of"
        (R.bare_common_word, "which the| Park Service runs", "en", R.JOIN),  # function word before
        (R.bare_common_word, "выборы, которые ведет| Белый дом", "ru", R.JOIN),  # N_RU 1502: adjective ending
        (R.bare_common_word, "В субботу| Управление подверглось", "ru", R.JOIN),  # N_RU 415: two words only
        (R.bare_common_word, "Ну хорошо. Я стал| Президентом в 2000", "ru", R.JOIN),  # K_RU 69: oblique case
        (R.bare_common_word, "что решение| Комиссии по ценным", "ru", R.JOIN),  # W_RU 66: "по"
        (R.bare_common_word, "я и сейчас| Вам скажу", "ru", R.JOIN),  # K_RU 117: polite "Вам"
        (R.bare_common_word, "the first jet struck its target| Two beams of", "de", R.JOIN),  # rule off
        (R.bare_common_word, "Mr.| Smith", "en", None),  # punctuated candidates are for the other rules
        (R.bare_opener, "Mr.| Smith", "en", None),  # punctuated candidates are for the other rules
        (R.bare_opener, "selfishly| Hopefully, most", "de", R.JOIN),  # no openers: no bare boundaries
    ],
)
def test_rule(rule: R.Rule, case: str, lang: str, verdict: bool | None) -> None:
    assert rule(cand(case, lang)) is verdict


@pytest.mark.parametrize(
    "rule,case,lang,moved",
    [
        (R.trailing_citation, "working hours.| (Bremer, 1998) The use", "en", "working hours. (Bremer, 1998)"),
        (R.trailing_citation, "времени.| (Бремер, 1998 год)", "ru", "времени. (Бремер, 1998 год)"),
        (R.trailing_citation, "working hours.| (Bremer, 1998) showed", "en", None),  # lower case: not a citation
        (R.trailing_citation, "Ask them.| (Knocks on the table.) That", "en", None),  # no year
        (R.closing_dash, "«Замечательно», — сказал он.| — «Мы были", "ru", "«Замечательно», — сказал он. —"),
        (R.closing_dash, "— считает Адамс.| — А это", "ru", None),  # the quotation goes on
        (R.closing_dash, "слава богу, отлично.| – «Но за", "ru", None),  # no quoted speech before
    ],
)
def test_shift(rule: R.Shift, case: str, lang: str, moved: str | None) -> None:
    c = cand(case, lang)
    end = rule(c)
    assert (None if end is None else c.line[:end]) == moved
    assert R.shift(c) == (c.end if end is None else end)


def test_decide_defaults_to_split() -> None:
    assert R.decide(cand("Конец.| Начало", "ru")) is R.SPLIT
    assert R.decide(cand("Mr.| Smith", "en")) is R.JOIN


def test_lexicons_are_cached_and_lower_case() -> None:
    assert R.lexicon("ru") is R.lexicon("ru")
    for lang in ("ru", "en", "de", "fr", "xx"):
        lex = R.lexicon(lang)
        assert all(w == w.lower() for w in lex.head_abbrevs | lex.tail_abbrevs)


# ------------------------------------------------------------------ offset invariants (property tests)
_ALPHABET = st.sampled_from(
    list("abc XYZ абв ГДЕ.?!…;:,«»“”\"'()—-–\n\r\t 0123.。！？")
    + ["\ufeff", "\u200b", "\xa0", "\xad", "\x00", "\u2028", "\r\n", "\n\n", "т.е.", "Mr.", "U.S.", "г."]
)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_ALPHABET, max_size=80), lang=st.sampled_from(["ru", "en", "de", "zh", "xx"]))
def test_offsets_are_exact_and_spans_well_formed(parts: list[str], lang: str) -> None:
    text = "".join(parts)
    got = segment(text, lang)
    prev_stop, prev_para = 0, 0
    for s in got:
        assert text[s.start : s.stop] == s.text
        assert s.text and s.text == s.text.strip(R.STRIP_CHARS)
        assert "\n" not in s.text and "\r" not in s.text and "\u2028" not in s.text
        assert s.start >= prev_stop
        assert s.paragraph in (prev_para, prev_para + 1)
        prev_stop, prev_para = s.stop, s.paragraph
    # paragraph changes exactly where a blank line separates sentences
    for a, b in zip(got, got[1:], strict=False):
        between = text[a.stop : b.start]
        lines = re.split(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]", between)  # str.splitlines breaks
        blank_line = any(not ln.strip(R.STRIP_CHARS) for ln in lines[1:-1])
        assert (b.paragraph == a.paragraph + 1) == blank_line


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300), lang=st.sampled_from(["ru", "en", "ja", "ar", "th"]))
def test_any_unicode_never_crashes(text: str, lang: str) -> None:
    for s in segment(text, lang):
        assert text[s.start : s.stop] == s.text
        assert s.text.strip(R.STRIP_CHARS) == s.text != ""
