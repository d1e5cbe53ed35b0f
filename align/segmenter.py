"""Sentence segmentation with exact character offsets.

``segment(text, lang)`` splits ``text`` into :class:`~align.types.Sentence` spans:

* a line break always ends a sentence; a blank (whitespace-only) line starts a new paragraph;
* inside a line, candidates (``.?!…`` + closing quotes/brackets + whitespace, and bare spaces
  before a capitalised word) are judged by the named rules of :mod:`align.segment_rules`
  (abbreviations, initials, lists, dialogue dashes, missing full stops…), which may also move a
  boundary past a trailing citation or dash;
  CJK full stops ``。！？`` end a sentence without needing whitespace;
* sentences are stripped of whitespace and invisible characters (BOM, zero-width space, soft
  hyphen, control characters), so ``text[s.start:s.stop] == s.text`` and no span is blank;
* a sentence longer than :data:`MAX_SENTENCE` characters is cut at whitespace near the cap
  (else after a comma, else hard), so a 1 MB line without punctuation takes linear time.

Russian and English have dedicated lexicons, German and French small ones; every other
language code uses the generic rules.
"""

from __future__ import annotations

import logging
import re

from .io import norm_lang
from .segment_rules import CJK_ENDERS, CLOSERS, STRIP_CHARS, Candidate, Lexicon, decide, lexicon, shift
from .types import Sentence

log = logging.getLogger("align")

SUPPORTED_LANGS: tuple[str, ...] = (
    "ru",
    "en",
    "de",
    "fr",
    "ar",
    "zh",
    "zh-tw",
    "nl",
    "it",
    "ja",
    "ko",
    "pl",
    "pt",
    "es",
    "th",
    "tr",
)
"""Language codes with dedicated (ru, en) or lexicon-backed (de, fr) rules, plus USE-m's other languages."""

MAX_SENTENCE = 2000
"""Sentences longer than this (characters) are cut at whitespace near the cap."""

_BREAK_CHARS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # str.splitlines breaks ("\r\n" is one)
# Punctuation, a ";", a ":" before a capitalised Cyrillic word, or a bare candidate: a space before a capitalised
# word and then a comma, a lower-case word, a digit or a capitalised word (group 1: the word; judged by
# segment_rules.bare_opener and bare_common_word, which never split before a word in opening quotes, so such spaces
# are no candidates).
_CANDIDATE = re.compile(
    r"[.?!…؟。！？｡]+|;|:(?=[ \xa0]+[А-ЯЁ][а-яё])|[ \xa0](?=([A-ZА-ЯЁ][a-zа-яё]*)(?:,|[ \xa0][a-zа-яё0-9]|"
    r"[ \xa0][A-ZА-ЯЁ][a-zа-яё]))"
)
_GAP = frozenset(STRIP_CHARS)
_CJK = frozenset(CJK_ENDERS)
_LAST_SPACE = re.compile(r"(?s).*\s")
_LAST_COMMA = re.compile(r"(?s).*[,，、;；:：]")


def _split_line(line: str, lang: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Raw (unstripped) sentence spans of one line, as offsets into ``line``."""
    n = len(line)
    spans: list[tuple[int, int]] = []
    start = 0
    openers = lex.openers
    common = bool(lex.common_caps)
    for m in _CANDIDATE.finditer(line):
        pos, end = m.start(), m.end()
        word = m.group(1)
        if word is not None:  # bare candidate: right after a letter, before an opener (or any word: bare_common_word)
            prev = line[pos - 1 : pos]
            if not (prev.isalnum() or prev in ")]") or not (common or word.lower() in openers):
                continue
            end = pos
        if pos <= start:  # nothing but punctuation so far ("… далее", "?!")
            continue
        while end < n and line[end] in CLOSERS:
            end += 1
        right = end
        while right < n and line[right] in _GAP:  # whitespace, zero-width and control characters
            right += 1
        if right >= n:
            break  # end of line is a boundary anyway
        cjk = not _CJK.isdisjoint(m.group())
        if right == end and not cjk:
            continue  # "3.5", "А.Г.Лукашенко", "U.S.-led"
        if cjk:
            spans.append((start, end))
            start = right
            continue
        c = Candidate(line, start, pos, end, right, lang, lex)
        if decide(c):
            moved = shift(c)
            if moved != end:  # the sentence keeps a trailing citation or dash
                end = right = moved
                while right < n and line[right] in _GAP:
                    right += 1
                if right >= n:
                    break
            spans.append((start, end))
            start = right
    spans.append((start, n))
    return spans


def _strip(line: str, a: int, b: int) -> tuple[int, int]:
    s = line[a:b]
    ls = s.lstrip(STRIP_CHARS)
    a += len(s) - len(ls)
    return a, a + len(ls.rstrip(STRIP_CHARS))


def _cap(line: str, a: int, b: int, cap: int) -> list[tuple[int, int]]:
    """Cut the stripped span ``line[a:b]`` into pieces of at most ``cap`` characters."""
    out: list[tuple[int, int]] = []
    while b - a > cap:
        lo, hi = a + cap // 2, a + cap
        window = line[lo:hi]
        m = _LAST_SPACE.match(window) or _LAST_COMMA.match(window)
        cut = lo + m.end() if m else hi
        piece = _strip(line, a, cut)
        if piece[1] > piece[0]:
            out.append(piece)
        a, b = _strip(line, cut, b)
    if b > a:
        out.append((a, b))
    return out


def segment(text: str, lang: str) -> list[Sentence]:
    """Sentences of ``text`` in ``lang`` with offsets into ``text`` and paragraph indices.

    Any language code is accepted (unknown ones use the generic rules). The result satisfies
    ``text[s.start:s.stop] == s.text`` for every sentence, sentences are in document order,
    never overlap, never contain a line break, and are never blank.
    """
    if not isinstance(text, str):
        raise TypeError(f"segment: text must be a str, not {type(text).__name__}")
    code = norm_lang(lang)
    base = code.split("-")[0]
    lex = lexicon(base)
    out: list[Sentence] = []
    para = 0
    in_para = False
    pos = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip(_BREAK_CHARS)  # only the terminator: a line holds no other break
        start = pos
        pos += len(raw)
        stripped = line.strip(STRIP_CHARS)
        if not stripped:
            if in_para:
                para += 1
                in_para = False
            continue
        in_para = True
        if len(stripped) <= MAX_SENTENCE and not _CANDIDATE.search(stripped):  # fast path: one sentence
            a = len(line) - len(line.lstrip(STRIP_CHARS))
            out.append(Sentence(start + a, start + a + len(stripped), stripped, para))
            continue
        for a, b in _split_line(line, base, lex):
            a, b = _strip(line, a, b)
            if b <= a:
                continue
            for x, y in _cap(line, a, b, MAX_SENTENCE):
                out.append(Sentence(start + x, start + y, line[x:y], para))
    log.debug("segment(%s): %d characters -> %d sentences", code, len(text), len(out))
    return out
