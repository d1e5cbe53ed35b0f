"""Quotation speakers of the shipped Kremlin interview (corpora/kremlin), read by hand in session 17.

Every quotation with a speaker, in document order, as (language, the quotation's first 40 characters, speaker,
speaker_name). "My counterparts in France and Germany said" and "Мои коллеги во Франции и Германии говорили" give no
speaker (the whole phrase is the speaker; until session 20 they gave the partly wrong "Germany" and "Германии"). No
encoder: find_quotes is patterns only.
"""

from __future__ import annotations

from pathlib import Path

from align.quotes import find_quotes

CORPUS = Path(__file__).resolve().parent.parent / "corpora" / "kremlin" / "2024-02-09-interview"

CHECKED = [
    ('en', 'Are they some kind of entertainers?', 'I', 'Vladimir Putin'),
    ('en', 'What are they doing here?', 'I', 'Vladimir Putin'),
    ('en', 'Are we going to have a serious talk or a', 'I', 'Vladimir Putin'),
    ('en', 'if NATO expands, everything would be jus', 'he', None),
    ('en', 'Bill, do you think if Russia asked to jo', 'I', 'Vladimir Putin'),
    ('en', "You know, it's interesting, I think yes.", 'he', None),
    ('en', "You know, I've talked to my team, no-no,", 'he', None),
    ('en', 'Is it possible or not?', 'I', 'Vladimir Putin'),
    ('en', 'It’s impossible! Do you have proof?', 'He', None),
    ('en', 'Yes.', 'I', 'Vladimir Putin'),
    ('en', 'Well, I’m going to kick their ass.', 'He', None),
    ('en', 'Write to the CIA. What is the result of ', 'I', 'Vladimir Putin'),
    ('en', 'We have been working with the opposition', 'CIA', None),
    ('en', 'Are you serious?', 'They', None),
    ('en', 'Absolutely.', 'I', 'Vladimir Putin'),
    ('en', 'Just imagine if we could tackle such a g', 'I', 'Vladimir Putin'),
    ('en', 'Yes.', 'He', None),
    ('en', 'Of course.', 'I', 'Vladimir Putin'),
    ('en', 'Okay.', 'I', 'Vladimir Putin'),
    ('en', 'Okay, we have thought about it, we agree', 'They', None),
    ('en', 'Thank God, great.', 'I', 'Vladimir Putin'),
    ('en', 'Look, but then we will be forced to take', 'I', 'Vladimir Putin'),
    ('en', 'Okay.', 'I', 'Vladimir Putin'),
    ('en', "Well, it's not enshrined on paper, so we", 'They', None),
    ('en', "Ukraine won't be in NATO, you know.", 'they', None),
    ('en', "I don't know, I know you agreed in 2008,", 'I', 'Vladimir Putin'),
    ('en', "Why won't they press you tomorrow? And y", 'I', 'Vladimir Putin'),
    ('en', 'No, this is not going to work. We shall ', 'We', None),
    ('en', 'Calm Yanukovych down and we will calm th', 'US', None),
    ('en', 'Alright. Agreed. Let’s do it this way.', 'We', None),
    ('en', 'All right.', 'I', 'Vladimir Putin'),
    ('en', 'No, we are a separate people.', 'They', None),
    ('en', 'I believe that you are making a huge mis', 'I', 'Vladimir Putin'),
    ('en', 'Look, guys, we give you money and weapon', 'Germans', None),
    ('en', 'Volodya, what are you doing? Why are you', 'I', 'Vladimir Putin'),
    ('en', 'We were ready to sign this document, but', 'he', None),
    ('en', 'We could have stopped these hostilities,', 'Mr. Arakhamia', None),
    ('en', 'Turn the other cheek,', 'Jesus', None),
    ('en', 'We were ready to sign it and the war wou', 'he', None),
    ('ru', 'это что, артисты какие-то?', 'Я', 'В.Путин'),
    ('ru', 'а чего они здесь делают?', 'Я', 'В.Путин'),
    ('ru', 'если НАТО будет распространяться, всё бу', 'Он', None),
    ('ru', 'главное – это потенциалы.', 'Бисмарк', None),
    ('ru', 'слушай, Билл, а как ты думаешь, если бы ', 'я', 'В.Путин'),
    ('ru', 'ты знаешь, это интересно, я думаю, что д', 'он', None),
    ('ru', 'ты знаешь, я разговаривал со своими, со ', 'он', None),
    ('ru', 'не может быть, у тебя есть доказательств', 'Он', None),
    ('ru', 'ну я им надеру жопу.', 'он', None),
    ('ru', 'ты в ЦРУ-то напиши, результат-то какой-т', 'Я', 'В.Путин'),
    ('ru', 'только представьте, если мы вместе будем', 'Я', 'В.Путин'),
    ('ru', 'да, мы подумали, мы согласны.', 'Они', None),
    ('ru', 'слава богу, отлично.', 'Я', 'В.Путин'),
    ('ru', 'послушайте, но мы тогда будем вынуждены ', 'я', 'В.Путин'),
    ('ru', 'Украина же не будет в НАТО, ты знаешь.', 'они', None),
    ('ru', 'не знаю; я знаю, что вы согласились в 20', 'Я', 'В.Путин'),
    ('ru', 'а почему завтра на вас не нажмут – и вы ', 'Я', 'В.Путин'),
    ('ru', 'нет, мы отдельный народ.', 'они', None),
    ('ru', 'я считаю, что вы совершаете огромную оши', 'я', 'В.Путин'),
    ('ru', 'нам необходимо продолжать финансировать ', 'Чак Шумер', None),
    ('ru', 'Володя, ну что ты делаешь? Зачем ты подд', 'Я', 'В.Путин'),
    ('ru', 'мы ещё полтора года назад могли прекрати', 'Арахамия', None),
    ('ru', 'подставить другую щеку', 'Христос', None),
    ('ru', 'мы же не отказывались от переговоров.', 'я', 'В.Путин'),
    ('ru', 'Мы были готовы подписать, и война бы уже', 'он', None),
    ('ru', 'пусть подумают, как сделать это достойно', 'я', 'В.Путин'),
]


def test_kremlin_quotation_speakers_are_the_hand_checked_ones():
    got = []
    for lang in ("en", "ru"):
        text = Path(f"{CORPUS}.{lang}.txt").read_text(encoding="utf-8")
        got += [(lang, q.text[:40], q.speaker, q.speaker_name) for q in find_quotes(text, lang) if q.speaker]
    assert got == CHECKED
