#!/usr/bin/env python
"""Benchmark the scorer and the quotation checker on dev data not used for fitting.

Run from the repository root: ``python scripts/bench_score.py [--quick] [--data ../shared/data]``.

Prints:

* ROC AUC of ``fidelity`` (and of plain cosine) faithful vs damaged, per damage kind, on the held-out half
  of NTREX-128 / FLORES dev (damage made by :mod:`align.calibration`; an added clause comes from another sentence
  of the same document, on topic) and of DEMETR ru (odd ids);
* the catch rate of each kind at the fidelity threshold where 5% of the faithful renderings are flagged, for two
  faithful (false-alarm) sets: the human reference renderings ("ref": NTREX-128 / FLORES / DEMETR references;
  the scorer never sees a reference, so these stand for an independent human translation of the source) and a
  stand-in for a *second, looser* translation by another translator ("2nd": DEMETR's machine translations and
  MLQE-PE dev machine translations with a human mean >= 85); the headline catch is the lower of the two;
* the pooled AUC shaped like the held-out goal (one damaged rendering per kind: the mean of the number, name,
  negation, omission and addition AUCs), besides "ALL", which also pools the second degrees and DEMETR's damage,
  with 90% bootstrap intervals of it and of each goal kind's catch (how far another sample of this size may move them);
* ROC AUC of ``omission`` / ``addition`` for the omission / addition kinds, and their ordering by degree
  (one vs two clauses dropped / added), then with the full degree that machine translation produces
  (:func:`align.calibration.make_pathologies`: a detached rendering, a loop, a rendering cut short) on top, and (ru ->
  en) with a short phrase dropped / added below (:func:`align.calibration.make_phrase_damage`);
* the other direction, en -> ru (:func:`align.calibration.make_damage_reverse`): fidelity AUC and catch for a changed
  number, negation or name and dropped or added clauses in the Russian rendering, the omission / addition ordering,
  and the share of references called altered / partial;
* Pearson of ``fidelity`` (and cosine) with the MLQE-PE ru-en dev human mean;
* quotations of the Kremlin transcript's English version matched to the Russian original, with the
  hand-checked list below (the Russian wording the source span must contain), and the other direction: the
  Russian quotations looked up in the English, with their own hand-checked list (every string of the English wording
  must be in the span, so a span cut at either end fails);
* WMT24 en-ru paragraph pairs, both directions: how often a rendering quotation's matched span is the source's own
  quotation, where both sides mark as many quotations (``bench_quotes_wmt``).
* quotations with no source wording (``bench_quotes_missing``): correctly matched quotations (Kremlin, WMT24
  documents, both directions) checked again after their source sentences were deleted; how many are flagged
  ``no_source`` then, and how many of the matched ones are (false alarms);
* quotations attributed to another person (``bench_quote_speakers``): false alarms among the quotations whose
  speaker both sides name, and how many are flagged when the rendering's speaker is replaced by another name; then
  (``bench_report_speakers``) a report quoting a transcript turn's plain speech, with the right or the other
  speaker's name;
* quotations in a news report on the source, not a translation of it (``bench_quotes_reports``): spans that hold the
  Kremlin hand-checked wording when the whole source is searched, and made-up quotations flagged ``no_source``;
  then short quotations in a news story written by hand (``bench_report_fragments``, part ``fragments``): spans on the
  right Russian words, with and without the reporter's words around each quotation in the search;
* claims a report makes without quotation marks (``bench_report_claims``, part ``claims``): found, placed, and
  made-up ones flagged ``no_source``;
* quotations in the source's own language (``bench_verbatim``, part ``verbatim``): as said, cut with an ellipsis,
  and damaged, compared word for word.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections import Counter
from typing import Any

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from align import calibration as cal  # noqa: E402
from align.scoring import Scorer  # noqa: E402

#: English quotation (its start) -> Russian wording the matched source must contain. Checked by hand
#: against ../shared/data/kremlin-2024-02-09-interview/ru.txt.
KREMLIN_QUOTES: list[tuple[str, str]] = [
    ("surprise attack on our country", "внезапную атаку"),
    ("Are they some kind of entertainers?", "артисты какие-то?"),
    ("No, they're not entertainers. They're Hungarians.", "нет, это не артисты, это венгры"),
    ("What are they doing here?", "чего они здесь делают?"),
    ("What do you mean? This is their land", "это их земля, они здесь живут"),
    ("Are we going to have a serious talk or a show?", "у нас будет серьёзный разговор или шоу?"),
    ("If, he said, you don't listen to me", "если, говорит, вы меня не будете слушать, я больше в Москву никогда не "
                                            "приеду"),
    ("God bless America.", "God bless America"),
    ("You know, it's interesting, I think yes.", "ты знаешь, это интересно, я думаю, что да"),
    ("Is it possible or not?", "возможно это или нет?"),
    ("Well, I’m going to kick their ass.", "я им надеру жопу"),
    ("We have been working with the opposition in Russia.", "мы работали с оппозицией в России"),
    ("Just imagine if we could tackle such a global", "если мы вместе будем решать такую глобальную"),
    ("Okay, we have thought about it, we agree.", "мы подумали, мы согласны"),
    ("Thank God, great.", "слава богу, отлично"),
    ("Look, but then we will be forced to take counter measures.", "мы тогда будем вынуждены заниматься ответными "
                                                                   "мерами"),
    ("Ukraine won't be in NATO, you know.", "Украина же не будет в НАТО, ты знаешь"),
    ("No, this is not going to work.", "мы закроем тогда свои границы с Украиной"),
    ("How can you imagine them signing a treaty", "как они будут подписывать договор"),
    ("No, we are a separate people.", "мы отдельный народ"),
    ("Look for someone who is interested.", "ищи того, кто заинтересован"),
    ("We could have stopped these hostilities", "могли прекратить эти боевые действия"),
    ("Russians never surrender!", "Русские не сдаются"),
    ("Congratulations, NATO, you won?", "поздравляю, вы победили"),
    ("Volodya, what are you doing?", "Зачем ты поддерживаешь сегодня неонацистов"),
    ("I need more time to think before signing.", "я должен ещё подумать, перед тем как подписать"),
    ("Calm Yanukovych down and we will calm the opposition.", "Януковича успокойте, а мы успокоим оппозицию"),
    ("There is no chance! Surrender yourselves!", "Шансов нет, сдавайтесь! Выходите, будете живы"),
    ("I don't know, I know you agreed in 2008", "я знаю, что вы согласились в 2008 году"),
    ("Well, it's not enshrined on paper, so we'll expand.", "на бумаге же не зафиксировали, поэтому будем "
                                                            "расширять"),
    ("Who do you think you are?", "Вы кто такие вообще?"),
    ("war machine", "военную машину"),
    ("No, we will not implement anything.", "мы не будем ничего"),
    ("it was necessary to create conditions for the final signing", "нужно обязательно создать условия для "
                                                                    "окончательного подписания документов"),
    ("Look, guys, we give you money and weapons.", "мы вам и деньги даём, и оружие"),
    ("aren’t they afraid?", "они не боятся?"),
    ("Turn the other cheek", "подставить другую щеку"),
    ("I believe that you are making a huge mistake", "вы совершаете огромную ошибку исторического масштаба"),
    ("If you really want to stop fighting", "вам нужно прекратить поставки вооружения"),
    ("We were ready to sign this document, but Mr. Johnson", "были готовы подписать этот документ"),
    # the rest of the 70, checked by hand in session 9
    ("the eternal peace", "вечный мир"),
    ("if NATO expands, everything would be just the same", "если НАТО будет распространяться"),
    ("Please don't, we are as bourgeois now", "не надо, мы же свои теперь"),
    ("Bill, do you think if Russia asked to join NATO", "если бы Россия поставила вопрос о вступлении в НАТО"),
    ("You know, I've talked to my team", "я разговаривал со своими, со своей командой"),
    ("It’s impossible! Do you have proof?", "у тебя есть доказательства?"),
    ("Write to the CIA.", "ЦРУ-то напиши"),
    ("Are you serious?", "ты серьёзно?"),
    ("Absolutely.", "абсолютно"),
    ("We need to think about it", "Нам надо подумать"),
    ("But with some exceptions.", "Но за некоторым исключением"),
    ("We are not doing this against you", "мы делаем не против вас"),
    ("He exerted pressure on us and we had to agree.", "он на нас нажал, и мы вынуждены были согласиться"),
    ("Well, they pressed us then.", "Ну тогда нажали на нас"),
    ("Why won't they press you tomorrow?", "почему завтра на вас не нажмут"),
    ("Alright. Agreed. Let’s do it this way.", "хорошо, согласны, давайте так и сделаем"),
    ("Let’s work this out", "давайте как-то решим этот вопрос"),  # stopped at "этот" before session 11
    ("You're going to deliver such and such weapons", "Ой, боюсь-боюсь"),
    ("golden billion", "золотой миллиард"),
    ("don’t kill", "не убий"),
    ("let’s come to terms", "давайте договариваться"),
    ("We were ready to sign it and the war would have been over", "Мы были готовы подписать"),
]

#: The other direction: Russian quotation (its start) -> English wording the matched source must contain (every
#: string of the tuple, so a span cut at either end fails). Checked by hand in session 17 against
#: ../shared/data/kremlin-2024-02-09-interview/en.txt (the English is the translation here, read as the source).
#: short quotations in a news story on the Kremlin transcript, written by hand (session 23): the reporter's sentence
#: around a fragment of the English version, and the Russian words (unique in the transcript) its source span must
#: overlap. The weight of the reporter's words in the whole-source search (``quotes.GLOBAL_CONTEXT``) was chosen on
#: this list; :data:`REPORT_FRAGMENTS_CHECK` was written after, to check it.
REPORT_FRAGMENTS: list[tuple[str, str]] = [
    ('Putin urged Washington to tell Kyiv\'s leaders to "rescind this absurd decree" '
     'and sit down to talks.', 'дурацкий указ'),
    ('He described the creation of the U.S. missile defense system as the "third '
     'moment" in the breakdown of ties.', 'Третий момент'),
    ('Putin accused the West of imposing its will "with the help of force".', 'С помощью силы'),
    ('He said there was "a video of aircraft attacking Donetsk" that proved his point.', 'видеозапись'),
    ('Putin called former President George W. Bush "a tough guy".', 'крепкий парень'),
    ('Putin called Ukraine "a satellite state of the US".', 'сателлит'),
    ('According to Putin, Boris Yeltsin "expressed his support" for the idea at the time.', 'высказался в поддержку'),
    ('The Kremlin leader said Moscow had "not achieved our aims yet" in Ukraine.', 'не достигли своих целей'),
    ('Putin complained that Russia had hoped to join "the brotherly family" of '
     'Western nations after 1991.', 'братскую семью'),
    ('Putin insisted that Gershkovich was "not just a journalist".', 'не просто журналист'),
    ('Putin called American spending on the war "complete foolishness".', 'полная дурь'),
    ('Talking to Moscow would be "much smarter", Putin argued.', 'гораздо умнее'),
    ('Putin asked whether Americans had "nothing better to do" than fight in Ukraine.', 'Нечем заниматься'),
    ('Putin said part of Ukraine\'s nationalist elite "collaborated with Hitler" '
     'during the Second World War.', 'сотрудничать с Гитлером'),
    ('He claimed the idea of a separate Ukrainian people was pushed by "the Austrian '
     'General Staff".', 'австрийским генеральным штабом'),
    ('Putin described the United States as "a complex country".', 'сложная страна'),
    ('He recalled that Viktor Yanukovych told his European partners he needed "more time to think".', 'ещё подумать'),
    ('Putin said Washington had "let the genie out of the bottle" by using the dollar '
     'as a weapon.', 'джинна из бутылки'),
    ('By sanctioning Russian payments, the U.S. is "killing it with your own hands", Putin told Carlson.', 'убиваете'),
    ('Putin called the dollar "the cornerstone" of American power.', 'основа основ'),
    ('He said that getting involved would be "cost prohibitive".', 'себе дороже'),
    ('Before 2022 most of Russia\'s foreign trade was settled "in US dollars and '
     'euros", Putin said.', 'в долларах и евро'),
    ('Putin said Poland\'s foreign minister had warned that Soviet planes "would be '
     'downed" over Polish territory.', 'сбиваться'),
    ('Keeping the reporter in a Russian prison "does not make any sense", Putin said.', 'бессмысленно'),
    ('Putin dismissed fears of China as "the same bogeyman story".', 'та же самая страшилка'),
    ('Hitler, Putin said, had asked the Poles to hand over Danzig "amicably".', 'отдать мирно'),
    ('Putin called Elon Musk "a smart person" who must be persuaded.', 'умный человек'),
    ('He said the opposition\'s actions "were supported by the West" and led to the Maidan.', 'поддержанные Западом'),
    ('Moscow has no designs "in Poland, Latvia or anywhere else", Putin said.', 'ни в Польше, ни в Латвии'),
    ('On a prisoner swap, Putin said an agreement "can be reached".', 'можно об этом договориться'),
    ('Ukraine\'s negotiators threw the Istanbul agreements "into the bin", Putin said.', 'помойку'),
    ('The West wanted "a strategic defeat" of Russia, Putin said.', 'стратегического поражения'),
    ('There is "no taboo" on settling the issue, Putin said.', 'нет табу'),
    ('Putin said the two peoples had "a centuries-long history of coexistence".', 'совместному существованию'),
    ('Putin said the Soviet planes would have had to fly "over the territory of '
     'Poland" to reach Czechoslovakia.', 'территорию Польши'),
]

#: a second list written the same way after the weight was chosen: a check, not a fit.
REPORT_FRAGMENTS_CHECK: list[tuple[str, str]] = [
    ('Putin said Ukraine\'s chief negotiator had signed only "the extract from the treaty".',
     'выдержке из этого договора'),
    ('The Kremlin leader dismissed the accusation as "a cheap provocation".', 'дешёвая провокация'),
    ('Putin said that Ukrainians insist "we are a separate people".', 'мы отдельный народ'),
    ('According to Putin, Russians think more "about the eternal" than Westerners do.', 'о вечном'),
    ('Putin recalled that the lands won from the Ottomans were once called "New Russia".', 'Новороссией'),
    ('Russia shares "a border of several thousand kilometres" with China, Putin '
     'noted.', 'общая граница тысячи километров'),
    ('Putin blamed the conflict on Moscow\'s "partners, opponents" in the West.', 'оппоненты'),
    ('Putin warned that sending regular troops would bring humanity "on the brink of '
     'a very serious, global conflict".', 'грань очень серьёзного'),
    ('He said America needed "new, fresh forces" in its leadership.', 'свежие силы'),
    ('Putin said NATO had gone through "five waves of expansion".', 'Пять расширений'),
    ('Putin said the West had claimed that international law was "outdated" at the time of Kosovo.', 'устарело'),
    ('Putin said Moscow had warned Kyiv it would "close our borders with Ukraine".', 'закроем тогда свои границы'),
    ('Putin said Western companies still try to enter China\'s market "at all costs".', 'во что бы то ни стало'),
    ('Getting secret information "in a conspiratorial manner" is espionage, Putin '
     'said of the reporter.', 'на конспиративной основе'),
    ('Putin said he doubted the journalist "was working for Monaco".', 'работал на Монако'),
    ('Putin said Western governments were trying to scare voters with "an imaginary '
     'Russian threat".', 'мнимой российской угрозой'),
    ('Making such cases public makes them "more difficult" to resolve, Putin argued.', 'тем сложнее'),
    ('Putin said the Istanbul draft was simply "thrown in the stove".', 'В печку'),
    ('Putin told Carlson that the CIA "has no such alibi".', 'такого алиби нет'),
    ('Putin called for "the prohibition of all kinds of neo-Nazi movements" in '
     'Ukraine.', 'запрещение всяческих неонацистских движений'),
    ('He said Washington should find "a delicate excuse" to drop the decree.', 'предлог тонкий'),
    ('Putin said Russia had agreed "voluntarily and proactively" to the collapse of '
     'the Soviet Union.', 'добровольно и инициативно'),
    ('Putin said Elon Musk had already put "a chip" into a human brain.', 'чип в мозг'),
    ('Putin said the coup in Kyiv happened "with the backing of the CIA".', 'При поддержке ЦРУ'),
    ('The goal of the West, Putin said, was "to weaken Russia as much as '
     'possible".', 'как можно сильнее ослабить Россию'),
]


KREMLIN_QUOTES_REVERSE: list[tuple[str, tuple[str, ...]]] = [
    ("у края", ("near the fringe",)),
    ("вечный мир", ("eternal peace",)),
    ("это что, артисты какие-то?", ("Are they some kind of entertainers?",)),
    ("нет, это не артисты, это венгры", ("No, they're not entertainers. They're Hungarians.",)),
    ("а чего они здесь делают?", ("What are they doing here?",)),
    ("у нас будет серьёзный разговор или шоу?", ("Are we going to have a serious talk or a show?",)),
    ("с барского плеча", ("generously bestowed",)),
    ("если НАТО будет распространяться", ("if NATO expands", "only closer to Russia's borders")),
    ("если, говорит, вы меня не будете слушать", ("If, he said, you don't listen to me", "in Moscow again")),
    ("главное – это потенциалы", ("potentials are most important",)),
    ("цивилизованных народов", ("civilized nations",)),
    ("не надо, мы же свои теперь", ("Please don't, we are as bourgeois", "Let's negotiate")),
    ("серая кошка пробежала", ("rift started",)),
    ("God bless America", ("God bless America",)),
    ("слушай, Билл", ("Bill, do you think if Russia asked to join NATO", "do you think it would happen?")),
    ("ты знаешь, это интересно, я думаю, что да", ("You know, it's interesting, I think yes.",)),
    ("ты знаешь, я разговаривал со своими", ("You know, I've talked to my team", "it's not possible now")),
    ("не может быть, у тебя есть доказательства?", ("It’s impossible! Do you have proof?",)),
    ("ну я им надеру жопу", ("Well, I’m going to kick their ass.",)),
    ("ты в ЦРУ-то напиши", ("Write to the CIA. What is the result of the conversation with the President?",)),
    ("мы работали с оппозицией в России", ("We have been working with the opposition in Russia.",
                                          "we will keep on doing it")),
    ("ты серьёзно?", ("Are you serious?",)),
    ("это очень интересно", ("very interesting",)),
    ("только представьте", ("Just imagine if we could tackle", "security challenge together")),
    ("это ты серьёзно?", ("Are you serious?",)),
    ("да, мы подумали, мы согласны", ("Okay, we have thought about it, we agree.",)),
    ("слава богу, отлично", ("Thank God, great.",)),
    ("Но за некоторым исключением", ("But with some exceptions",)),
    ("послушайте, но мы тогда будем вынуждены", ("Look, but then we will be forced to take counter measures",)),
    ("мы делаем не против вас", ("We are not doing this against you", "not against the United States")),
    ("ну на бумаге же не зафиксировали", ("Well, it's not enshrined on paper, so we'll expand.",)),
    ("он на нас нажал", ("He exerted pressure on us and we had to agree.",)),
    ("Украина же не будет в НАТО", ("Ukraine won't be in NATO, you know.",)),
    ("не знаю; я знаю, что вы согласились", ("I don't know, I know you agreed in 2008", "agree in the future?")),
    ("Ну тогда нажали на нас", ("Well, they pressed us then",)),
    ("а почему завтра на вас не нажмут", ("Why won't they press you tomorrow? And you'll agree again.",)),
    ("нет, тогда так не получится", ("No, this is not going to work.", "close our borders with Ukraine then")),
    ("вы там Януковича успокойте", ("Calm Yanukovych down", "scenario of a political settlement")),
    ("хорошо, согласны, давайте так и сделаем", ("Alright. Agreed. Let’s do it this way.",)),
    ("нужно обязательно создать условия", ("it was necessary to create conditions for the final signing",)),
    ("Как ты себе представляешь", ("How can you imagine them signing a treaty",
                                  "The troops should be pulled back from Kiev")),
    ("национализм и неонацизм есть и в других странах", ("nationalism and neo-Nazism exist in other countries",)),
    ("нет, мы отдельный народ", ("No, we are a separate people.",)),
    ("Гитлера нет уже столько лет", ("Hitler has been dead for so many years, 80 years",)),
    ("я считаю, что вы совершаете огромную ошибку", ("I believe that you are making a huge mistake",
                                                    "by pushing Russia away")),
    ("Вы собираетесь поставить такое-то оружие", ("You're going to deliver such and such weapons",
                                                 "please don't do that")),
    ("нам необходимо продолжать финансировать Украину", ("we have to continue to fund the Ukrainian effort",
                                                        "could wind up fighting there")),
    ("Северный поток", ("Nord Stream",)),
    ("ищи того, кто заинтересован", ("Look for someone who is interested.",)),
    ("Северном потоке – 1", ("Nord Stream-1",)),
    ("Северный поток – 2", ("Nord Stream-2",)),
    ("Послушайте, ребята, мы вам и деньги даём", ("Look, guys, we give you money and weapons.",
                                                 "the money we give you comes from")),
    ("золотой миллиард", ("golden billion",)),
    ("они не боятся?", ("aren’t they afraid?",)),
    ("другой руководитель придёт и что-то изменит?", ("another leader comes and changes something",)),
    ("Володя, ну что ты делаешь?", ("Volodya, what are you doing?", "He was a front-line soldier")),
    ("Мы были готовы подписать этот документ", ("We were ready to sign this document",
                                               "And we agreed with this proposal")),
    ("мы ещё полтора года назад могли прекратить", ("We could have stopped these hostilities",
                                                   "and we refused this")),
    ("это одна большая семья", ("one big family",)),
    ("подставить другую щеку", ("Turn the other cheek",)),
    ("Вы готовы в качестве жеста доброй воли", ("as a sign of your decency you’ll be willing to release him",
                                              "back to the United States")),
    ("давайте договариваться?", ("let’s come to terms",)),
    ("мы же не отказывались от переговоров", ("we did not refuse to talk",)),
    ("Мы были готовы подписать, и война", ("We were ready to sign it and the war", "we missed that chance")),
    ("пусть подумают, как сделать это достойно", ("let them think how to do it with dignity",)),
    ("надо добиться стратегического поражения", ("strategic defeat on Russia on the battlefield",)),
    ("поздравляю, вы победили", ("Congratulations, NATO, you won?", "keep the situation where it is now")),
    ("Шансов нет, сдавайтесь!", ("There is no chance! Surrender yourselves! Come out and you will be alive!",)),
    ("Русские не сдаются!", ("Russians never surrender!",)),
]


#: MLQE-PE machine translations with at least this human mean (0-100) count as faithful second renderings
SECOND_MIN_MEAN = 85.0


def fmt(x: float) -> str:
    return "  n/a" if x != x else f"{x:.3f}"


#: the damage kinds of the held-out goal, one damaged rendering each
GOAL_KINDS = ("number", "name", "negation", "omission", "addition")


def bench_pairs(scorer: Scorer, data: str, quick: bool, rng: random.Random, dump: str = "") -> None:
    par = cal.read_parallel(data)
    dmg = cal.make_damage(par, neighbours=cal.name_neighbours(par, scorer.encoder.encode))
    items = [it for it in par + dmg + cal.read_demetr(data) if it.split == "heldout"]
    # a second, independent rendering of the source: faithful machine translations (MLQE-PE dev, mean >= 85)
    items += [cal.Item(it.source, it.rendering, "good_mlqe", it.split, it.group, it.human)
              for it in cal.read_mlqe(data) if it.split == "heldout" and (it.human or 0.0) >= SECOND_MIN_MEAN]
    # a second degree of omission / addition: damage the damaged rendering again
    deg2 = []
    pool = [it.rendering for it in par]
    doc_pools = cal.same_document_pools(par)
    for it in items:
        if it.kind == "omission":
            d = cal.damage_omission(it.rendering, cal.item_rng(7, "omission2", it))
            if d:
                deg2.append(cal.Item(it.source, d, "omission2", it.split, it.group))
        elif it.kind == "addition":
            d = cal.damage_addition(it.rendering, cal.item_rng(7, "addition2", it),
                                    cal.addition_pool(it, doc_pools, pool))
            if d:
                deg2.append(cal.Item(it.source, d, "addition2", it.split, it.group))
    items += deg2
    items += cal.make_pathologies([it for it in items if it.kind == "good"])
    items += cal.make_phrase_damage([it for it in items if it.kind == "good"])
    if quick:
        by: dict[str, list[cal.Item]] = {}
        for it in items:
            by.setdefault(it.kind, []).append(it)
        items = []
        for k, v in sorted(by.items()):
            items += rng.sample(v, min(len(v), 400 if k.startswith("good") else 120))
    t0 = time.time()
    scores = scorer.score_pairs([(it.source, it.rendering) for it in items], "ru", "en")
    print(f"scored {len(items)} held-out pairs in {time.time() - t0:.0f}s")
    kinds = np.array([it.kind for it in items])
    fid = np.array([s.fidelity for s in scores])
    cos = np.array([s.similarity for s in scores])
    om = np.array([s.omission for s in scores])
    ad = np.array([s.addition for s in scores])
    good = np.isin(kinds, ["good", "good_mt", "good_mlqe"])
    human_good = kinds == "good"
    second = np.isin(kinds, ["good_mt", "good_mlqe"])
    thr = cal.threshold_at_fpr(fid[human_good], 0.05)
    thr2 = cal.threshold_at_fpr(fid[second], 0.05)
    thr_c = cal.threshold_at_fpr(cos[human_good], 0.05)
    thr_c2 = cal.threshold_at_fpr(cos[second], 0.05)
    shipped = scorer.model.get("thresholds", {}).get("flag", float("nan"))
    print(f"\nfalse-alarm sets: ref = human reference renderings n={human_good.sum()}; 2nd = second renderings by "
          f"another translator (DEMETR MT n={(kinds == 'good_mt').sum()}, MLQE-PE dev MT with mean >= "
          f"{SECOND_MIN_MEAN:.0f} n={(kinds == 'good_mlqe').sum()})")
    print(f"thresholds at 5% false alarms: fidelity ref {thr:.3f}, 2nd {thr2:.3f} (shipped 'flag' {shipped:.3f}); "
          f"cosine ref {thr_c:.3f}, 2nd {thr_c2:.3f}. AUCs: damaged vs ref + 2nd")
    print(f"{'kind':<20}{'n':>6}{'AUC fid':>9}{'AUC cos':>9}{'catch@ref':>10}{'@2nd':>6}{'caught':>8}"
          f"{'cos@ref':>8}{'@shipped':>10}")
    # the goal's damage kinds (the degrees of machine translation's pathologies below)
    all_damaged = ~good & ~np.isin(kinds, cal.PATHOLOGY_KINDS + cal.PHRASE_KINDS)
    rows = sorted(set(kinds[all_damaged]))
    for k in rows + ["ALL"]:
        sel = all_damaged if k == "ALL" else kinds == k
        auc = cal.roc_auc(fid[good], fid[sel])
        auc_c = cal.roc_auc(cos[good], cos[sel])
        catch = float((fid[sel] < thr).mean())
        catch2 = float((fid[sel] < thr2).mean())
        catch_c = float((cos[sel] < thr_c).mean())
        catch_s = float((fid[sel] < shipped).mean())
        print(f"{k:<20}{sel.sum():>6}{fmt(auc):>9}{fmt(auc_c):>9}{catch:>10.2f}{catch2:>6.2f}{min(catch, catch2):>8.2f}"
              f"{catch_c:>8.2f}{catch_s:>10.2f}")
    # name damage: a name replaced by another (the held-out goal's "name changed") or a name removed
    orig = {(it.group, it.source): it.rendering for it in items if it.kind == "good"}
    name_idx = [i for i, it in enumerate(items) if it.kind == "name" and (it.group, it.source) in orig]
    removed = np.array([len(items[i].rendering.split()) < len(orig[(items[i].group, items[i].source)].split())
                        for i in name_idx], bool)
    for label, sub in (("name replaced", ~removed), ("name removed", removed)):
        sel = np.zeros(len(items), bool)
        sel[np.array(name_idx, int)[sub]] = True
        if sel.any():
            auc = cal.roc_auc(fid[good], fid[sel])
            catch, catch2 = float((fid[sel] < thr).mean()), float((fid[sel] < thr2).mean())
            print(f"  {label:<18}{sel.sum():>6}{fmt(auc):>9}{'':>9}{catch:>10.2f}{catch2:>6.2f}"
                  f"{min(catch, catch2):>8.2f}")
    # the held-out set has one damaged rendering per kind: its pooled AUC weighs the five kinds equally (the mean of
    # their AUCs); "ALL" above also holds the second degrees and DEMETR's one-word damage, which the goal has not
    per_kind = {kk: cal.roc_auc(fid[good], fid[kinds == kk]) for kk in GOAL_KINDS + ("name_alike",)}
    print(f"goal-shaped pooled AUC (mean over {' / '.join(GOAL_KINDS)}): "
          f"{np.mean([per_kind[kk] for kk in GOAL_KINDS]):.3f}; with name_alike as the name kind: "
          f"{np.mean([per_kind['name_alike' if kk == 'name' else kk] for kk in GOAL_KINDS]):.3f}")
    bootstrap_goal(fid, kinds, good, human_good)
    print("false alarms at shipped threshold: ref", f"{(fid[human_good] < shipped).mean():.3f}",
          "2nd", f"{(fid[second] < shipped).mean():.3f}", "| 2nd flagged at the ref threshold",
          f"{(fid[second] < thr).mean():.3f}")
    # DEMETR: the same Russian sentences with two renderings (reference and MT), both faithful
    dm = kinds == "good_mt"
    if dm.any():
        dref = np.array([it.kind == "good" and it.group.startswith("demetr:") for it in items])
        print(f"DEMETR two renderings of one source: fidelity ref {fid[dref].mean():.3f}, MT {fid[dm].mean():.3f}; "
              f"flagged at the ref threshold: ref {(fid[dref] < thr).mean():.2f}, MT {(fid[dm] < thr).mean():.2f}")
    print("\nomission / addition heads (AUC vs faithful; ordering none < one clause < two clauses)")
    for head, vals, k1, k2 in (("omission", om, "omission", "omission2"), ("addition", ad, "addition", "addition2")):
        a1 = cal.roc_auc(vals[kinds == k1], vals[human_good])
        a2 = cal.roc_auc(vals[kinds == k2], vals[kinds == k1])
        ac = cal.roc_auc(-cos[kinds == k1], -cos[human_good])
        dm = cal.roc_auc(vals[kinds == "demetr_" + k1], vals[human_good])
        mc = ordering(vals, [human_good, kinds == k1, kinds == k2])
        mcc = ordering(-cos, [human_good, kinds == k1, kinds == k2])
        print(f"{head:<9} AUC one-vs-none {fmt(a1)} (cosine {fmt(ac)}), two-vs-one {fmt(a2)}, "
              f"DEMETR {k1} {fmt(dm)}, 3-level ordering {fmt(mc)} (cosine {fmt(mcc)})")
    full_degree(kinds, human_good, om, ad, cos, fid, thr)
    if dump:
        import pickle

        with open(dump, "wb") as fh:
            pickle.dump({"kinds": kinds, "pairs": [(it.source, it.rendering) for it in items],
                         "groups": [it.group for it in items], "fid": fid, "cos": cos, "om": om, "ad": ad,
                         "flags": [s.flags for s in scores], "verdicts": [s.verdict for s in scores]}, fh)
    verdicts: dict[str, dict[str, int]] = {}
    for k, s in zip(kinds, scores, strict=False):
        verdicts.setdefault(str(k), {}).setdefault(s.verdict, 0)
        verdicts[str(k)][s.verdict] += 1
    print("\nverdicts by kind:")
    for k in sorted(verdicts):
        print(f"  {k:<20}", dict(sorted(verdicts[k].items(), key=lambda kv: -kv[1])))


def bootstrap_goal(fid: np.ndarray, kinds: np.ndarray, good: np.ndarray, human_good: np.ndarray, rounds: int = 200,
                   seed: int = 11) -> None:
    """Print 90% bootstrap intervals of the goal-shaped pooled AUC and of each goal kind's catch at 5% of the
    references: how far the figures above may move on another sample of the same size. ``fid``, ``kinds`` (N,);
    ``good`` / ``human_good`` (N,) masks of the faithful pairs / the human references. Each set (faithful, references,
    each kind) is resampled with replacement on its own."""
    rng = np.random.default_rng(seed)
    g, ref = fid[good], fid[human_good]
    per = {kk: fid[kinds == kk] for kk in GOAL_KINDS}
    aucs = []
    catches: dict[str, list[float]] = {kk: [] for kk in GOAL_KINDS}
    for _ in range(rounds):
        gb = rng.choice(g, len(g))
        thr = cal.threshold_at_fpr(rng.choice(ref, len(ref)), 0.05)
        res = {kk: rng.choice(v, len(v)) for kk, v in per.items()}
        aucs.append(np.mean([cal.roc_auc(gb, v) for v in res.values()]))
        for kk, v in res.items():
            catches[kk].append(float((v < thr).mean()))

    def interval(x: list[float]) -> str:
        lo, hi = np.quantile(x, (0.05, 0.95))
        return f"{lo:.3f}-{hi:.3f}"

    print(f"90% bootstrap intervals ({rounds} resamples): goal-shaped pooled AUC {interval(aucs)}; caught at 5% of the "
          "references " + ", ".join(f"{kk} {interval(v)}" for kk, v in catches.items()))


def ordering(vals: np.ndarray, levels: list[np.ndarray]) -> float:
    """Multi-class ordering quality: the mean pairwise ROC AUC of ``vals`` (N,) over the ``levels`` (masks (N,),
    lowest degree first), as the held-out goal's ordering of omission / hallucination degrees."""
    groups = [vals[m] for m in levels]
    return float(np.nanmean([cal.roc_auc(groups[j], groups[i]) for i in range(len(groups))
                             for j in range(i + 1, len(groups))]))


#: the full degree of each head in the degree ordering (:func:`align.calibration.make_pathologies`)
FULL_DEGREE = {"omission": ("detached", "truncation"), "addition": ("detached", "oscillation")}


def full_degree(kinds: np.ndarray, good: np.ndarray, om: np.ndarray, ad: np.ndarray, cos: np.ndarray,
                fid: np.ndarray, thr: float) -> None:
    """Print the 4-level ordering (none < one clause < two clauses < the full degree) of the omission / addition
    scores, and how the full-degree pathologies score. All arrays (N,) over the same pairs; ``good``: the faithful
    mask; ``thr``: the fidelity flag threshold."""
    for head, vals in (("omission", om), ("addition", ad)):
        levels = [good, kinds == head, kinds == head + "2", np.isin(kinds, FULL_DEGREE[head])]
        print(f"  {head:<9} 4-level ordering with the full degree ({' or '.join(FULL_DEGREE[head])}) "
              f"{fmt(ordering(vals, levels))} (cosine {fmt(ordering(-cos, levels))})")
        phrase = kinds == head + "_phrase"
        if phrase.any():  # the small degree: a short phrase (make_phrase_damage), English renderings only
            five = [good, phrase] + levels[1:]
            print(f"  {head:<9} a short phrase vs none AUC {fmt(cal.roc_auc(vals[phrase], vals[good]))} (cosine "
                  f"{fmt(cal.roc_auc(-cos[phrase], -cos[good]))}); 5-level ordering none < phrase < clause < two "
                  f"clauses < full {fmt(ordering(vals, five))} (cosine {fmt(ordering(-cos, five))})")
    for k in cal.PATHOLOGY_KINDS:
        m = kinds == k
        if m.any():
            print(f"  {k:<12} n={m.sum()}: mean omission {om[m].mean():.3f}, addition {ad[m].mean():.3f}, fidelity "
                  f"{fid[m].mean():.3f}; caught at 5% of the references {(fid[m] < thr).mean():.2f}")


def bench_reverse(scorer: Scorer, data: str, quick: bool, rng: random.Random) -> None:
    """en -> ru: English source, Russian rendering (the scorer is fitted on ru -> en)."""
    par = [it for it in cal.read_parallel(data) if it.split == "heldout"]
    if quick:
        par = rng.sample(par, 400)
    items = cal.make_damage_reverse(par)
    items += cal.make_pathologies([it for it in items if it.kind == "good"])
    scores = scorer.score_pairs([(it.source, it.rendering) for it in items], "en", "ru")
    kinds = np.array([it.kind for it in items])
    fid = np.array([s.fidelity for s in scores])
    cos = np.array([s.similarity for s in scores])
    good = kinds == "good"
    thr = cal.threshold_at_fpr(fid[good], 0.05)
    print(f"\nen -> ru (sides swapped, damage to the Russian rendering; n good={good.sum()}): AUC fidelity / caught at "
          "5% of the references")
    print("  " + ", ".join(f"{k} {fmt(cal.roc_auc(fid[good], fid[kinds == k]))} / {(fid[kinds == k] < thr).mean():.2f}"
                           for k in ("number", "negation", "name", "omission", "addition", "omission2", "addition2")))
    damaged = ~good & ~np.isin(kinds, cal.PATHOLOGY_KINDS)
    print(f"  all kinds pooled {fmt(cal.roc_auc(fid[good], fid[damaged]))}")
    om = np.array([s.omission for s in scores])
    ad = np.array([s.addition for s in scores])
    for head, vals in (("omission", om), ("addition", ad)):
        levels = [good, kinds == head, kinds == head + "2"]
        print(f"  {head:<9} 3-level ordering {fmt(ordering(vals, levels))} (cosine {fmt(ordering(-cos, levels))})")
    full_degree(kinds, good, om, ad, cos, fid, thr)
    ref_verdicts = [s.verdict for s, k in zip(scores, kinds, strict=True) if k == "good"]
    print("  references called " + ", ".join(f"{v} {100 * ref_verdicts.count(v) / max(1, len(ref_verdicts)):.1f}%"
                                           for v in ("altered", "partial")))


def bench_mlqe(scorer: Scorer, data: str, quick: bool, rng: random.Random) -> None:
    dev = [it for it in cal.read_mlqe(data) if it.split == "heldout"]
    if quick:
        dev = rng.sample(dev, 400)
    scores = scorer.score_pairs([(it.source, it.rendering) for it in dev], "ru", "en")
    y = [it.human for it in dev]
    print(f"\nMLQE-PE ru-en dev (n={len(dev)}): Pearson fidelity {cal.pearson([s.fidelity for s in scores], y):.3f}, "
          f"cosine {cal.pearson([s.similarity for s in scores], y):.3f}")


def bench_quotes(scorer: Scorer, data: str, quick: bool) -> None:
    from align.aligner import Aligner
    from align.quotes import check_quotes, find_quotes

    ru, en = _kremlin(data)
    t0 = time.time()
    al = Aligner(encoder=scorer.encoder).align(ru, en, "ru", "en")
    t1 = time.time()
    pairs = [(a, b) for a, b, _ in al.pairs() if a.strip() and b.strip()]
    pv: dict[str, int] = {}
    for sc in scorer.score_pairs(pairs, "ru", "en"):
        pv[sc.verdict] = pv.get(sc.verdict, 0) + 1
    print(f"\nKremlin transcript pairs (links with text on both sides, n={len(pairs)}): called altered "
          f"{100 * pv.get('altered', 0) / max(1, len(pairs)):.1f}% (the official translation is faithful: a "
          f"false-alarm signal); verdicts {dict(sorted(pv.items(), key=lambda kv: -kv[1]))}")
    quotes = find_quotes(en, "en")
    checks = check_quotes(ru, en, al, scorer, "ru", "en", quotes=quotes)
    t2 = time.time()
    matched = [c for c in checks if c.source and c.similarity >= 0.5]
    print(f"\nKremlin transcript: {len(quotes)} English quotations, {len(matched)} matched to Russian wording with "
          f"cosine >= 0.5 (align {t1 - t0:.0f}s, quotes {t2 - t1:.0f}s); Russian side: {len(find_quotes(ru, 'ru'))} "
          "quotations found")
    ok = 0
    for prefix, want in KREMLIN_QUOTES:
        hit = [c for c in checks if c.quote.text.startswith(prefix) or prefix in c.quote.text]
        if hit and want.lower() in hit[0].source.lower():
            ok += 1
        else:
            print(f"  MISS {prefix!r}: want {want!r}, got {hit[0].source if hit else None!r}")
    print(f"hand-checked quotations whose source contains the Russian wording: {ok}/{len(KREMLIN_QUOTES)}")
    vc: dict[str, int] = {}
    for c in checks:
        vc[c.verdict] = vc.get(c.verdict, 0) + 1
    print("quotation verdicts:", vc)
    for c in checks[:8]:
        print(f"  [{c.verdict} {c.fidelity:.2f}] {c.quote.text[:70]!r} <- {c.source[:80]!r}")
    rev = check_quotes(en, ru, _swap(al), scorer, "en", "ru")
    print(f"\nreverse direction (quotations of the Russian text found in the English): {len(rev)} checked, "
          f"{sum(1 for c in rev if c.similarity >= 0.5)} with cosine >= 0.5")
    ok = 0
    for prefix, wants in KREMLIN_QUOTES_REVERSE:
        hit = [c for c in rev if c.quote.text.startswith(prefix)]
        if hit and all(w.lower() in hit[0].source.lower() for w in wants):
            ok += 1
        else:
            print(f"  MISS {prefix!r}: want {wants!r}, got {hit[0].source if hit else None!r}")
    print(f"hand-checked quotations whose source contains the whole English wording: "
          f"{ok}/{len(KREMLIN_QUOTES_REVERSE)}")


def bench_quotes_wmt(scorer: Scorer, data: str) -> None:
    """Span precision without a hand-made list: in WMT24 en-ru paragraph pairs where the rendering and the source mark
    the same number of quotations (with quotation marks, two words or more), the k-th rendering quotation's matched
    span should be the k-th source quotation (edges within 2-3 characters). Both directions. A proxy: a translator may
    drop a filler ("So, uh,") or break a quotation mark, so 100% is not the ceiling."""
    from align.aligner import Aligner
    from align.quotes import check_quotes, find_quotes

    d = os.path.join(data, "wmt24-en-ru")
    with open(os.path.join(d, "en.txt"), encoding="utf-8") as fh:
        en = fh.read().splitlines()[1:]  # the first line is a canary
    with open(os.path.join(d, "ru.txt"), encoding="utf-8") as fh:
        ru = fh.read().splitlines()[1:]
    aligner = Aligner(encoder=scorer.encoder)
    print()
    for sl, tl in (("ru", "en"), ("en", "ru")):
        n = same = 0
        verdicts: Counter[str] = Counter()
        for e, r in zip(en, ru, strict=True):
            src, tgt = (r, e) if sl == "ru" else (e, r)
            tq = [q for q in find_quotes(tgt, tl) if q.kind == "marked"]
            sq = [q for q in find_quotes(src, sl) if q.kind == "marked"]
            if not tq or len(tq) != len(sq):
                continue
            al = aligner.align(src, tgt, sl, tl)
            for c, q in zip(check_quotes(src, tgt, al, scorer, sl, tl, quotes=tq), sq, strict=True):
                n += 1
                same += abs(c.source_span[0] - q.start) <= 2 and abs(c.source_span[1] - q.stop) <= 3
                verdicts[c.verdict] += 1
                if os.environ.get("BENCH_SHOW") and c.verdict not in ("faithful", "paraphrase"):
                    print(f"    {c.verdict} {c.similarity:.2f}: {c.quote.text!r} <- {c.source!r} "
                          f"{[(f['type'], f.get('source'), f.get('rendering')) for f in c.flags]}")
        print(f"WMT24 paragraphs, {tl} quotations of a {sl} source marking as many: matched span is the source's own "
              f"quotation {same}/{n}; verdicts (a human translation: faithful or paraphrase) "
              f"{dict(verdicts.most_common())}")


def _kremlin(data: str) -> tuple[str, str]:
    """The Kremlin transcript: (Russian, English) texts."""
    d = os.path.join(data, "kremlin-2024-02-09-interview")
    with open(os.path.join(d, "ru.txt"), encoding="utf-8") as fh:
        ru = fh.read()
    with open(os.path.join(d, "en.txt"), encoding="utf-8") as fh:
        return ru, fh.read()


def _wmt_documents(data: str) -> list[tuple[str, str]]:
    """WMT24 en-ru documents: (English, Russian) texts, their paragraphs a line each (docs.tsv)."""
    from collections import defaultdict

    d = os.path.join(data, "wmt24-en-ru")
    with open(os.path.join(d, "en.txt"), encoding="utf-8") as fh:
        ens = fh.read().splitlines()[1:]  # the first line is a canary
    with open(os.path.join(d, "ru.txt"), encoding="utf-8") as fh:
        rus = fh.read().splitlines()[1:]
    with open(os.path.join(d, "docs.tsv"), encoding="utf-8") as fh:
        docs = [line.split("\t")[1] for line in fh.read().splitlines()[1:]]
    by_doc: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for e, r, doc in zip(ens, rus, docs, strict=True):
        by_doc[doc].append((e, r))
    return [("\n".join(p[0] for p in paras), "\n".join(p[1] for p in paras)) for paras in by_doc.values()]


def _delete_sentences(src: str, sents, spans: list[tuple[int, int]]) -> str:  # type: ignore[no-untyped-def]
    """``src`` without the sentences (of ``sents``) that overlap ``spans``; paragraph breaks are kept."""
    cut = sorted({i for a, b in spans for i, s in enumerate(sents) if s.start < b and s.stop > a})
    out, pos = [], 0
    for i in cut:
        stop = sents[i + 1].start if i + 1 < len(sents) else len(src)
        out += [src[pos : sents[i].start], "\n" * src[sents[i].stop : stop].count("\n")]
        pos = stop
    return "".join(out) + src[pos:]


def bench_quotes_missing(scorer: Scorer, data: str, groups: int = 2) -> None:
    """Quotations with no source wording. Correctly matched quotations (the Kremlin hand-checked lists; WMT24 en-ru
    documents: a matched span that is one of the source's own marked quotations), both directions; then the source
    sentences of every ``groups``-th of them are deleted, the pair is realigned and the quotations are checked again.
    Prints how many of the matched ones are called "no source" (a false alarm) and how many of those whose source was
    deleted (a made-up quotation) are. A wording said twice in a document is found again: not every deleted one can
    be caught."""
    from collections import defaultdict

    from align.aligner import Aligner
    from align.quotes import check_quotes, find_quotes

    aligner = Aligner(encoder=scorer.encoder)
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # matched: called, n; deleted: called, n

    def no_src(c) -> bool:  # type: ignore[no-untyped-def]
        return any(f["type"] == "no_source" for f in c.flags)

    def run(tag: str, src: str, tgt: str, sl: str, tl: str, trusted) -> None:  # type: ignore[no-untyped-def]
        al = aligner.align(src, tgt, sl, tl)
        quotes = find_quotes(tgt, tl)
        checks = check_quotes(src, tgt, al, scorer, sl, tl, quotes=quotes)
        good = [k for k, c in enumerate(checks) if trusted(c)]
        t = tally[tag]
        for k in good:
            t[0] += no_src(checks[k])
            t[1] += 1
        for r in range(groups):
            sel = good[r::groups]
            src2 = _delete_sentences(src, al.src, [checks[k].source_span for k in sel])
            if not sel or not src2.strip():
                continue
            again = check_quotes(src2, tgt, aligner.align(src2, tgt, sl, tl), scorer, sl, tl, quotes=quotes)
            for k in sel:
                t[2] += no_src(again[k])
                t[3] += 1

    ru, en = _kremlin(data)
    run("Kremlin, en quoting ru", ru, en, "ru", "en", lambda c: any(
        (c.quote.text.startswith(p) or p in c.quote.text) and w.lower() in c.source.lower() for p, w in KREMLIN_QUOTES))
    run("Kremlin, ru quoting en", en, ru, "en", "ru", lambda c: any(
        c.quote.text.startswith(p) and all(w.lower() in c.source.lower() for w in ws)
        for p, ws in KREMLIN_QUOTES_REVERSE))
    for e, r in _wmt_documents(data):
        for sl, tl in (("ru", "en"), ("en", "ru")):
            src, tgt = (r, e) if sl == "ru" else (e, r)
            if not any(q.kind == "marked" for q in find_quotes(tgt, tl)):
                continue
            own = [(q.start, q.stop) for q in find_quotes(src, sl) if q.kind == "marked"]
            run(f"WMT24 documents, {tl} quoting {sl}", src, tgt, sl, tl, lambda c, own=own: c.quote.kind == "marked"
                and any(abs(c.source_span[0] - a) <= 2 and abs(c.source_span[1] - b) <= 3 for a, b in own))
    print("\nquotations with no source wording (flag no_source): matched quotations called so (false alarms); the same "
          "quotations with their source sentences deleted, called so")
    for tag, (fa, n, hit, m) in tally.items():
        print(f"  {tag:<31} matched {fa}/{n}   source deleted {hit}/{m} ({100 * hit / max(1, m):.0f}%)")


def _verdicts(checks: list[Any]) -> str:
    """``faithful 3, altered 2``: how many checks got each verdict, most common first."""
    counts = Counter(c.verdict for c in checks)
    return ", ".join(f"{v} {n}" for v, n in counts.most_common())


def bench_quotes_reports(scorer: Scorer, data: str) -> list[tuple[int, float]]:
    """Quotations in a news report on the source, not a translation of it. From each Kremlin hand-checked quotation
    (both directions) the sentence that holds it in the translation is taken; these sentences, shuffled, each after a
    news sentence of NTREX-128 in the same language, make a report. Prints how many of the report's quotations get a
    span with the hand-checked wording, then the same with the source sentences of every second one deleted from the
    source (made-up quotations: how many are flagged ``no_source``). Returns (deleted 0 / 1, similarity) per case."""
    from align.aligner import Aligner
    from align.quotes import check_quotes, find_quotes

    aligner = Aligner(encoder=scorer.encoder)
    ru, en = _kremlin(data)
    d = os.path.join(data, "ntrex128-en-ru")
    with open(os.path.join(d, "newstest2019-src.eng.txt"), encoding="utf-8") as fh:
        news = {"en": [line.strip() for line in fh]}
    with open(os.path.join(d, "newstest2019-ref.rus.txt"), encoding="utf-8") as fh:
        news["ru"] = [line.strip() for line in fh]
    sims: list[tuple[int, float]] = []
    print()
    for sl, tl, src, tgt in (("ru", "en", ru, en), ("en", "ru", en, ru)):
        rng = random.Random(0)

        def wants(c, sl: str = sl) -> tuple[str, ...] | None:  # type: ignore[no-untyped-def]
            if sl == "ru":
                return next(((w,) for p, w in KREMLIN_QUOTES if c.quote.text.startswith(p) or p in c.quote.text), None)
            return next((ws for p, ws in KREMLIN_QUOTES_REVERSE if c.quote.text.startswith(p)), None)

        al = aligner.align(src, tgt, sl, tl)
        good = [(c, wants(c)) for c in check_quotes(src, tgt, al, scorer, sl, tl)]
        good = [(c, w) for c, w in good if w and all(x.lower() in c.source.lower() for x in w)]
        rng.shuffle(good)
        lines, expect = [], {}
        for c, w in good:
            held = " ".join(s.text for s in al.tgt if s.start < c.quote.stop and s.stop > c.quote.start)
            lines += [rng.choice([n for n in news[tl] if n]), held]
            expect[c.quote.text] = (w, c.source_span)
        report = "\n".join(lines)
        quotes = [q for q in find_quotes(report, tl) if q.text in expect]
        checks = check_quotes(src, report, aligner.align(src, report, sl, tl), scorer, sl, tl, quotes=quotes)
        hit = sum(all(x.lower() in c.source.lower() for x in expect[c.quote.text][0]) for c in checks)
        flagged = sum(any(f["type"] == "no_source" for f in c.flags) for c in checks)
        sims += [(0, c.similarity) for c in checks]
        gone = {q.text for q in quotes[::2]}
        src2 = _delete_sentences(src, al.src, [expect[t][1] for t in gone])
        again = [c for c in check_quotes(src2, report, aligner.align(src2, report, sl, tl), scorer, sl, tl,
                                         quotes=quotes) if c.quote.text in gone]
        caught = sum(any(f["type"] == "no_source" for f in c.flags) for c in again)
        sims += [(1, c.similarity) for c in again]
        print(f"Kremlin quotations in a news report ({tl} quoting {sl}, {len(lines)} sentences): span holds the "
              f"hand-checked wording {hit}/{len(checks)}, flagged no_source {flagged}; with the source of every second "
              f"one deleted, those flagged {caught}/{len(again)} (verdicts: {_verdicts(again)})")
    return sims


def _official_en(aligner, ru: str, en: str):  # type: ignore[no-untyped-def]
    """The Kremlin's English transcript as the official translation of its Russian one (:mod:`align.official`)."""
    from align.official import Official

    return Official(en, aligner.align(ru, en, "ru", "en"))


def bench_report_fragments(scorer: Scorer, data: str, official: bool = False) -> None:
    """Short quotations in a news story written by hand (:data:`REPORT_FRAGMENTS`, :data:`REPORT_FRAGMENTS_CHECK`):
    each reporter's sentence after an NTREX-128 news sentence makes an English report on the Russian transcript. Prints
    how many of the quotations get a source span over the right Russian words, with the reporter's words in the
    whole-source search (``quotes.GLOBAL_CONTEXT``) and with the quotation alone, and how many are flagged
    ``no_source`` (all have a source). ``BENCH_SHOW=1`` lists the misses."""
    from align import quotes as Q
    from align.aligner import Aligner

    aligner = Aligner(encoder=scorer.encoder)
    ru, en = _kremlin(data)
    low = ru.lower()
    off = _official_en(aligner, ru, en) if official else None
    with open(os.path.join(data, "ntrex128-en-ru", "newstest2019-src.eng.txt"), encoding="utf-8") as fh:
        news = [line.strip() for line in fh if line.strip()]
    weight = Q.GLOBAL_CONTEXT
    print()
    for name, cases in (("fit", REPORT_FRAGMENTS), ("check", REPORT_FRAGMENTS_CHECK)):
        rng = random.Random(0)
        lines: list[str] = []
        for sentence, _ in cases:
            lines += [rng.choice(news), sentence]
        report = "\n".join(lines)
        want: dict[int, list[tuple[int, int]]] = {}  # quotation start -> where its Russian words lie
        quotes = []
        for sentence, words in cases:
            at = report.find(sentence)
            for q in Q.find_quotes(report, "en"):
                if at <= q.start < at + len(sentence):
                    quotes.append(q)
                    want[q.start] = [(m.start(), m.end()) for m in re.finditer(re.escape(words.lower()), low)]
        alignment = aligner.align(ru, report, "ru", "en")
        row = []
        for w in (weight, 0.0):
            Q.GLOBAL_CONTEXT = w
            try:
                checks = Q.check_quotes(ru, report, alignment, scorer, "ru", "en", quotes=quotes, official=off)
            finally:
                Q.GLOBAL_CONTEXT = weight
            if off is not None and w == weight:
                taken = [c for c in checks if c.official and c.official.get("quoted")]
                print(f"  with the official translation: {len(taken)}/{len(checks)} found in its words; verdicts "
                      f"{dict(sorted(Counter(c.verdict for c in checks).items()))}")
            hits = [any(c.source_span[0] < b and c.source_span[1] > a for a, b in want[c.quote.start])
                    for c in checks]
            flagged = sum(any(f["type"] == "no_source" for f in c.flags) for c in checks)
            row.append(f"{sum(hits)}/{len(checks)} (no_source {flagged})")
            if os.environ.get("BENCH_SHOW") and w == weight:
                for c, hit in zip(checks, hits, strict=True):
                    if not hit:
                        print(f"  missed: {c.quote.text!r} -> {c.source[:70]!r} ({c.verdict}, {c.similarity:.2f})")
        print(f"short quotations in a hand-written report ({name} list, {len(cases)} sentences"
              f"{', official translation given' if off else ''}): span on the right Russian words {row[0]} with the "
              f"reporter's words (weight {weight}), {row[1]} with the quotation alone")


def bench_quote_speakers(scorer: Scorer, data: str) -> None:
    """Quotations attributed to another person (flag ``speaker``). Over the Kremlin transcript and the WMT24 en-ru
    documents, both directions: the quotations whose speaker and whose source quotation's speaker both name someone;
    how many of them are flagged (false alarms: these are human translations), and how many are flagged when the
    rendering's speaker is replaced by another speaker named in the same set (a misattributed quotation)."""
    import dataclasses

    from align.aligner import Aligner
    from align.evidence import same_speaker
    from align.quotes import check_quotes, find_quotes, named_speaker

    aligner = Aligner(encoder=scorer.encoder)
    ru, en = _kremlin(data)
    texts = [(en, ru), *_wmt_documents(data)]
    for sl, tl in (("ru", "en"), ("en", "ru")):
        cases = []  # (source text, rendering text, alignment, quotation, source speaker, flagged)
        for e, r in texts:
            src, tgt = (r, e) if sl == "ru" else (e, r)
            quotes = [q for q in find_quotes(tgt, tl) if q.speaker]
            if not quotes:
                continue
            al = aligner.align(src, tgt, sl, tl)
            for q, c in zip(quotes, check_quotes(src, tgt, al, scorer, sl, tl, quotes=quotes), strict=True):
                said_by = c.source_speaker
                if said_by and same_speaker(named_speaker(q) or "", tl, said_by, sl) is not None:
                    cases.append((src, tgt, al, q, said_by, any(f["type"] == "speaker" for f in c.flags)))
        names = sorted({str(named_speaker(case[3])) for case in cases})
        caught = swapped = 0
        for src, tgt, al, q, said_by, _ in cases:
            other = [n for n in names if same_speaker(n, tl, said_by, sl) is False]
            if not other:
                continue
            q2 = dataclasses.replace(q, speaker=other[len(q.text) % len(other)])
            (c2,) = check_quotes(src, tgt, al, scorer, sl, tl, quotes=[q2])
            swapped += 1
            caught += any(f["type"] == "speaker" for f in c2.flags)
        print(f"quotation speakers, {tl} quoting {sl}: {len(cases)} quotations whose speaker both sides name, "
              f"{sum(case[5] for case in cases)} flagged as attributed to another person; with the speaker replaced "
              f"by another name of the set: {caught}/{swapped} flagged")


def bench_report_claims(scorer: Scorer, data: str, n: int = 40) -> None:
    """Claims a news report makes without quotation marks ("Putin said that …"), checked against the transcript in
    the other language. From the Kremlin transcript, both directions: ``n`` sentences of the rendering side's turns
    (plain speech), each as "Putin said that …" or "…, Putin said." ("Путин заявил, что …", "…, заявил Путин.") after an
    NTREX news sentence, said by the turn's speaker; the same claims said by the other speaker of the transcript
    (attributed to the wrong person); then ``n`` made-up claims (NTREX news sentences said the same way). Prints how
    many claims are found, how many spans fall on the sentences the alignment links, and how many are flagged
    ``no_source`` (false alarms / made-up claims caught) and ``speaker`` (false alarms / misattributions caught)."""
    from align.aligner import Aligner
    from align.quotes import check_quotes

    aligner = Aligner(encoder=scorer.encoder)
    ru, en = _kremlin(data)
    news = _ntrex_news(data)
    # every second claim first, its speaker after it ("The talks failed, Putin said.")
    said = {"en": ("{who} said that {text}", "{text}, {who} said."),
            "ru": ("{who} заявил, что {text}", "{text}, заявил {who}.")}
    who = {"en": "Putin", "ru": "Путин"}  # the made-up claims' speaker

    def claim(text: str, k: int) -> str:
        return text[0].lower() + text[1:] if k % 2 == 0 else text[0].upper() + text[1:].rstrip(".!?")

    print()
    for sl, tl, src, tgt in (("ru", "en", ru, en), ("en", "ru", en, ru)):
        rng = random.Random(3)
        al = aligner.align(src, tgt, sl, tl)
        pool = [(s.text.strip(), where, label) for s, label, where in _turn_speech(al, tgt, tl) if ":" not in s.text]
        labels = sorted({label for _t, _w, label in pool})
        made_up = [t for t in news[tl] if 8 <= len(t.split()) <= 40 and t[-1:] in ".!?"
                   and not re.search(r"[«»“”\"„:]", t)]
        drawn_said = rng.sample(pool, min(n, len(pool)))
        other = [(t, w, next(x for x in labels if x != label)) for t, w, label in drawn_said]
        for kind, drawn in (("said", drawn_said), ("said, the other speaker named", other),
                            ("made up", [(t, None, who[tl]) for t in rng.sample(made_up, n)])):
            cases = [(claim(t, k), w) for k, (t, w, _who) in enumerate(drawn)]
            lines = [_news_sentence(news[tl], rng) + " " + said[tl][k % 2].format(who=sayer, text=t)
                     for k, ((t, _w), (_t, _w2, sayer)) in enumerate(zip(cases, drawn, strict=True))]
            report = "\n".join(lines)
            checks = [c for c in check_quotes(src, report, aligner.align(src, report, sl, tl), scorer, sl, tl)
                      if c.quote.kind == "indirect"]
            where = {t: w for t, w in cases}
            ours = [c for c in checks if c.quote.text in where]
            placed = sum(1 for c in ours if where[c.quote.text] and c.source_span[0] < where[c.quote.text][1]
                         and c.source_span[1] > where[c.quote.text][0])
            flagged = sum(any(f["type"] == "no_source" for f in c.flags) for c in ours)
            speaker = sum(any(f["type"] == "speaker" for f in c.flags) for c in ours)
            print(f"report claims without quotation marks, {tl} reporting {sl}, {kind}: {len(cases)} claims, found "
                  f"{len(ours)} (and {len(checks) - len(ours)} in the news sentences), span on the sentences the "
                  f"alignment links {placed}, flagged no_source {flagged}, speaker {speaker}; verdicts "
                  f"{dict(sorted(Counter(c.verdict for c in ours).items()))}", flush=True)


def _ntrex_news(data: str) -> dict[str, list[str]]:
    """NTREX-128 news sentences by language (en, ru), empty lines left out."""
    d = os.path.join(data, "ntrex128-en-ru")
    news = {}
    for lang, name in (("en", "newstest2019-src.eng.txt"), ("ru", "newstest2019-ref.rus.txt")):
        with open(os.path.join(d, name), encoding="utf-8") as fh:
            news[lang] = [line.strip() for line in fh if line.strip()]
    return news


def _turn_speech(al, tgt: str, tl: str):  # type: ignore[no-untyped-def]
    """Sentences of the rendering side's transcript turns that are plain speech, for simulated reports: in a labelled
    turn, linked to source sentences, 8-40 words ending a sentence, in no quotation and reporting no one's words.
    Returns ``(sentence, the turn label's last name, (start, stop) of the linked source sentences)``."""
    from align.quotes import find_quotes, reports_speech, turns

    tq = find_quotes(tgt, tl, min_words=1)
    tt = turns(tgt, tl)
    link_src = {j: ln.src for ln in al.links for j in ln.tgt}
    out = []
    for j, s in enumerate(al.tgt):
        held = [label for a, b, label in tt if a <= s.start and s.stop <= b]
        if (held and link_src.get(j) and 8 <= len(s.text.split()) <= 40 and s.text.rstrip()[-1:] in ".!?"
                and not any(q.start < s.stop and q.stop > s.start for q in tq) and not reports_speech(s.text, tl)
                and not re.search(r"[«»“”\"„]", s.text)):
            where = (al.src[link_src[j][0]].start, al.src[link_src[j][-1]].stop)
            out.append((s, held[0].split()[-1].split(".")[-1], where))
    return out


def _news_sentence(news: list[str], rng: random.Random) -> str:
    """A news sentence drawn from ``news``, with a full stop where it has no final mark (a headline)."""
    line = rng.choice(news)
    return line if re.search(r"[.!?…»”\"]$", line) else line + "."


def bench_report_speakers(scorer: Scorer, data: str, n: int = 30) -> None:
    """Quotations in a news report that quote a transcript turn's plain speech (no quotation marks in the source),
    each put in the mouth of the turn's speaker or of the other speaker of the interview. From the Kremlin transcript,
    both directions: ``n`` sentences of the rendering side that lie in a labelled turn outside any quotation, each
    after an NTREX news sentence as "Putin said: “…”" ("Путин сказал: «…»"); prints how many spans fall in the right
    turn, and how many are flagged ``speaker`` with the right name (false alarms) and with the other name."""
    from align.aligner import Aligner
    from align.quotes import check_quotes, find_quotes

    aligner = Aligner(encoder=scorer.encoder)
    ru, en = _kremlin(data)
    news = _ntrex_news(data)
    said = {"en": "{who} said: “{text}”", "ru": "{who} сказал: «{text}»"}
    for sl, tl, src, tgt in (("ru", "en", ru, en), ("en", "ru", en, ru)):
        rng = random.Random(1)
        al = aligner.align(src, tgt, sl, tl)
        pool = _turn_speech(al, tgt, tl)
        cases = rng.sample(pool, min(n, len(pool)))
        names = sorted({who for _s, who, _w in cases})
        for swap in (False, True):
            lines = []
            for s, who, _where in cases:
                other = [x for x in names if x != who]
                name = other[0] if swap and other else who
                lines.append(_news_sentence(news[tl], rng) + " " + said[tl].format(who=name, text=s.text.strip()))
            report = "\n".join(lines)
            where = {s.text.strip(): w for s, _who, w in cases}
            quotes = [q for q in find_quotes(report, tl) if q.speaker and q.text in where]
            checks = check_quotes(src, report, aligner.align(src, report, sl, tl), scorer, sl, tl, quotes=quotes)
            found = sum(c.source_span[0] < where[c.quote.text][1] and c.source_span[1] > where[c.quote.text][0]
                        for c in checks)
            named = sum(c.source_speaker is not None for c in checks)
            flagged = sum(any(f["type"] == "speaker" for f in c.flags) for c in checks)
            print(f"report quoting a transcript turn's plain speech, {tl} quoting {sl}, "
                  f"{'the other speaker' if swap else 'the right speaker'} named: {len(checks)} quotations, span in "
                  f"the sentences the alignment links {found}, source speaker found {named}, flagged as attributed to "
                  f"another person {flagged}")


def _ellipsis(text: str, rng: random.Random) -> str | None:
    """Two to four words from the middle of ``text`` left out, marked by an ellipsis (an editor's cut)."""
    ws = text.split()
    if len(ws) < 10:
        return None
    k = rng.randint(2, 4)
    i = rng.randint(3, len(ws) - k - 3)
    return " ".join([*ws[:i], "…", *ws[i + k :]])


def _other_name(text: str, rng: random.Random, names: list[str]) -> str | None:
    """A capitalised word inside ``text`` (not its first) replaced by another name of the document."""
    spots = [m for m in re.finditer(r"(?<=\s)[A-ZА-ЯЁ][a-zа-яё]{3,}", text) if m.group() in names]
    if not spots:
        return None
    m = rng.choice(spots)
    return text[: m.start()] + rng.choice([n for n in names if n != m.group()]) + text[m.end() :]


def _inner_omission(text: str, rng: random.Random) -> str | None:
    """A clause of four words or more left out from inside ``text`` (not its first or last: quoting a part of a
    sentence is no misquotation), without a mark."""
    from align.scoring import clauses

    cl = clauses(text)
    inner = [(a, b) for a, b in cl[1:-1] if len(text[a:b].split()) >= 4]
    if not inner:
        return None
    a, b = rng.choice(inner)
    return re.sub(r"\s{2,}", " ", text[:a] + text[b:]).strip()


def bench_verbatim(scorer: Scorer, data: str, n: int = 40) -> None:
    """Quotations in the source's own language (an English story quoting the English transcript; a Russian one
    quoting the Russian), compared word for word. From the Kremlin transcript, each language: ``n`` sentences of
    the turns' plain speech quoted as said, cut with an ellipsis, and damaged (a number, a negation, a name of the
    document, a clause left out, a clause of another sentence added; :mod:`align.calibration`). Prints the verdicts:
    the first two should be ``faithful``, the damaged ones not."""
    from align import calibration as cal
    from align.aligner import Aligner
    from align.quotes import check_quotes, find_quotes, reports_speech, turns
    from align.segmenter import segment

    aligner = Aligner(encoder=scorer.encoder)
    ru, en = _kremlin(data)
    news = _ntrex_news(data)
    said = {"en": "He said: “{text}”", "ru": "Он сказал: «{text}»"}
    print()
    for lang, src in (("en", en), ("ru", ru)):
        rng = random.Random(2)
        tt = turns(src, lang)
        sq = find_quotes(src, lang, min_words=1)
        sents = [s for s in segment(src, lang) if any(a <= s.start and s.stop <= b for a, b, _ in tt)
                 and 8 <= len(s.text.split()) <= 40 and s.text.rstrip()[-1:] in ".!?"
                 and not any(q.start < s.stop and q.stop > s.start for q in sq) and not reports_speech(s.text, lang)
                 and not re.search(r"[«»“”\"…\[\]]", s.text)]
        names = sorted({m.group() for m in re.finditer(r"(?<=\s)[A-ZА-ЯЁ][a-zа-яё]{3,}", src)})
        pool = [s.text for s in sents]
        negate = cal.damage_negation if lang == "en" else cal.damage_negation_ru
        kinds = {
            "as said": lambda t, r: t,
            "ellipsis": _ellipsis,
            "number": cal.damage_number,
            "negation": negate,
            "name": lambda t, r, names=names: _other_name(t, r, names),
            "omission": _inner_omission,
            "addition": lambda t, r, pool=pool: cal.damage_addition(t, r, pool),
        }
        row = []
        for kind, make in kinds.items():
            cases = []
            for s in rng.sample(sents, len(sents)):
                out = make(s.text.strip(), rng)
                if out and (kind == "as said" or out != s.text.strip()):
                    cases.append((s, out))
                if len(cases) == n:
                    break
            lines = [_news_sentence(news[lang], rng) + " " + said[lang].format(text=out) for _s, out in cases]
            report = "\n".join(lines)
            want = {out for _s, out in cases}
            quotes = [q for q in find_quotes(report, lang) if q.text in want]
            al = aligner.align(src, report, lang, lang)
            checks = check_quotes(src, report, al, scorer, lang, lang, quotes=quotes)
            at = {out: s for s, out in cases}
            placed = sum(c.source_span[0] < at[c.quote.text].stop and c.source_span[1] > at[c.quote.text].start
                         for c in checks)
            faithful = sum(c.verdict == "faithful" for c in checks)
            share = faithful if kind in ("as said", "ellipsis") else len(checks) - faithful
            row.append(f"{kind} {share}/{len(checks)}")
            print(f"  {lang} {kind}: {len(checks)} quotations, span on the quoted sentence {placed}; verdicts "
                  f"{dict(sorted(Counter(c.verdict for c in checks).items()))}", flush=True)
            if os.environ.get("BENCH_SHOW"):
                for c in checks:
                    if (c.verdict == "faithful") != (kind in ("as said", "ellipsis")):
                        print(f"    {c.verdict}: {c.quote.text!r} <- {c.source!r} {c.flags}")
        print(f"quotations in the source's own language ({lang}): faithful as said / with an ellipsis, then caught "
              f"(not faithful) per damage: {', '.join(row)}")


def bench_report_damage(scorer: Scorer, data: str, n: int = 40, official: bool = False) -> None:
    """Quotations in a news report on the transcript in the other language, damaged. From the Kremlin transcript, both
    directions: ``n`` sentences of the rendering side's turns (plain speech, the official translation of source
    sentences the alignment links), each quoted as said and damaged (a number, a negation, another name of the
    document in place of one the source has, or left out; a clause left out, a clause of another sentence added;
    :mod:`align.calibration`), after an NTREX news sentence. Prints how many spans fall on the linked source sentences
    and the verdicts: as said should be
    ``faithful`` or ``paraphrase``, the damaged ones ``altered`` or ``partial`` (or ``unrelated``)."""
    from align import calibration as cal
    from align import evidence
    from align.aligner import Aligner
    from align.quotes import check_quotes, find_quotes

    aligner = Aligner(encoder=scorer.encoder)
    ru, en = _kremlin(data)
    news = _ntrex_news(data)
    said = {"en": "He said: “{text}”", "ru": "Он сказал: «{text}»"}
    print()
    for sl, tl, src, tgt in (("ru", "en", ru, en), ("en", "ru", en, ru))[: 1 if official else 2]:
        rng = random.Random(5)
        al = aligner.align(src, tgt, sl, tl)
        off = _official_en(aligner, ru, en) if official else None
        drawn = [(s.text.strip(), where) for s, _label, where in _turn_speech(al, tgt, tl)
                 if not re.search(r"[…\[\]]", s.text)]
        names = sorted({w for w, _s, _e in evidence.name_candidates(tgt, tl) if len(w) > 3})
        pool = [t for t, _w in drawn]
        negate = cal.damage_negation if tl == "en" else cal.damage_negation_ru
        kinds = {  # (quotation, rng, the source wording) -> damaged quotation
            "as said": lambda t, r, w: t,
            "number": lambda t, r, w: cal.damage_number(t, r),
            "negation": lambda t, r, w, negate=negate: negate(t, r),
            # a name of the quotation that the source has, replaced by another name of the document (or left out)
            "name": lambda t, r, w, names=names, langs=(sl, tl): cal.damage_name(t, r, names, w, langs),
            "omission": lambda t, r, w: _inner_omission(t, r),
            "addition": lambda t, r, w, pool=pool: cal.damage_addition(t, r, pool),
        }
        row = []
        for kind, make in kinds.items():
            cases = []
            for t, where in rng.sample(drawn, len(drawn)):
                out = make(t, rng, src[where[0] : where[1]])
                if out and (kind == "as said" or out != t):
                    cases.append((where, out))
                if len(cases) == n:
                    break
            report = "\n".join(_news_sentence(news[tl], rng) + " " + said[tl].format(text=out) for _w, out in cases)
            at = {out: where for where, out in cases}
            quotes = [q for q in find_quotes(report, tl) if q.text in at]
            checks = check_quotes(src, report, aligner.align(src, report, sl, tl), scorer, sl, tl, quotes=quotes,
                                  official=off)
            placed = sum(c.source_span[0] < at[c.quote.text][1] and c.source_span[1] > at[c.quote.text][0]
                         for c in checks)
            good = sum(c.verdict in ("faithful", "paraphrase") for c in checks)
            share = good if kind == "as said" else len(checks) - good
            row.append(f"{kind} {share}/{len(checks)}")
            print(f"  {tl} quoting {sl}, {kind}: {len(checks)} quotations, span on the linked source sentences "
                  f"{placed}; verdicts {dict(sorted(Counter(c.verdict for c in checks).items()))}", flush=True)
            if os.environ.get("BENCH_SHOW"):
                for c in checks:
                    if (c.verdict in ("faithful", "paraphrase")) != (kind == "as said"):
                        print(f"    {c.verdict} {c.similarity:.2f}: {c.quote.text!r} <- {c.source!r} "
                              f"{[f['type'] for f in c.flags]}")
        print(f"damaged quotations in a report, {tl} quoting {sl}{', official translation given' if off else ''}: "
              "faithful or paraphrase as said, then caught "
              f"(altered, partial or unrelated) per damage: {', '.join(row)}")


def _swap(al):  # type: ignore[no-untyped-def]
    from align.types import Alignment, Link

    return Alignment(al.tgt, al.src, tuple(Link(ln.tgt, ln.src, ln.score, ln.unsure) for ln in al.links),
                     al.tgt_lang, al.src_lang)


#: the parts of the bench, in the order they run (``--skip`` names them)
PARTS = ("pairs", "reverse", "mlqe", "quotes", "wmtquotes", "noquotes", "speakers", "reports", "fragments", "claims",
         "verbatim", "reportdamage", "official")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=cal.DATA)
    ap.add_argument("--quick", action="store_true", help="subsample the held-out sets")
    ap.add_argument("--dump", default="", help="pickle per-pair texts, scores, flags, verdicts of held-out pairs here")
    ap.add_argument("--no-cache", action="store_true", help="do not use the on-disk embedding cache")
    ap.add_argument("--skip", default="", help=f"comma list of parts to skip: {','.join(PARTS)}")
    args = ap.parse_args(argv)
    rng = random.Random(0)
    from align.encoders import get_encoder

    scorer = Scorer(encoder=get_encoder(cache=not args.no_cache))
    print("scorer:", scorer.signature)
    skip = set(filter(None, args.skip.split(",")))
    data, quick = args.data, args.quick
    run = {
        "pairs": lambda: bench_pairs(scorer, data, quick, rng, args.dump),
        "reverse": lambda: bench_reverse(scorer, data, quick, rng),
        "mlqe": lambda: bench_mlqe(scorer, data, quick, rng),
        "quotes": lambda: bench_quotes(scorer, data, quick),
        "wmtquotes": lambda: bench_quotes_wmt(scorer, data),
        "noquotes": lambda: bench_quotes_missing(scorer, data),
        "speakers": lambda: (bench_quote_speakers(scorer, data), bench_report_speakers(scorer, data)),
        "reports": lambda: bench_quotes_reports(scorer, data),
        "fragments": lambda: bench_report_fragments(scorer, data),
        "claims": lambda: bench_report_claims(scorer, data),
        "verbatim": lambda: bench_verbatim(scorer, data),
        "reportdamage": lambda: bench_report_damage(scorer, data),
        # a news story quoting the official translation, checked with it beside the source (align quotes --official)
        "official": lambda: (bench_report_fragments(scorer, data, official=True),
                             bench_report_damage(scorer, data, official=True)),
    }
    for part in PARTS:  # in this order: the scoring parts share one random stream
        if part not in skip:
            run[part]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
