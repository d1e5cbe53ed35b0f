"""Word-for-word comparison of a quotation with a source in the same language.

A quotation of an English transcript in an English news story should give the speaker's words as said. Sentence
embeddings miss what matters there ("the strategic defeat of Russia is impossible" is close in meaning to "a
strategic defeat on Russia on the battlefield"), so a quotation in the source's own language is compared word by
word: :func:`best_match` finds the run of source words that holds most of the quotation's words in order, and
:func:`differences` lists what the quotation replaced, added or dropped. Marks of an editor's hand are no change:
an ellipsis for words left out (``…``, ``...``), words in square brackets (``[the Ukrainians]``), case, punctuation,
articles (a / the), fillers (uh, um, э-э) and contractions written out (didn't / did not). A word given another
ending (a Russian partial quotation fitted to the reporter's sentence: "не достигли" as "не достигла") is a change of
wording, not of what was said (``inflected``, at worst a paraphrase).

Pure string code over word lists (``difflib``; the Russian dictionary only to tell word endings apart); offsets are
character offsets into the texts given.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: a word: a number written in groups of three ("1 000", "1,000"), letters or digits with inner apostrophes, hyphens
#: and number separators ("don't", "1,5", "по-русски"), or a percent sign
_TOKEN = re.compile(r"\d{1,3}(?:[ \u00a0\u202f,]\d{3})+(?![\d,.])|[^\W_]+(?:[’'.,-][^\W_]+)*|%")
#: words for "percent" (a quotation may write "34%" for "34 percent"; "per cent" is read as one word)
_PERCENT = re.compile(r"^(?:%|percent|per\s+cent|процент\w*)$")
#: fillers that a quotation may leave out without marking it
FILLERS = frozenset("uh um umm er erm ah eh hmm mm э ээ э-э м-м ну-у".split())
#: articles: "a strategic defeat" quoted as "the strategic defeat" is no change worth a flag
ARTICLES = frozenset("a an the".split())
#: words whose loss changes what is said: negation (numbers are told by their digits)
NEGATIONS = frozenset("not no never nothing nobody none neither nor n't не нет ни никогда ничего никто нельзя".split())
#: function words that cannot anchor a search (they occur everywhere)
_WEAK = frozenset("""a an the of to in on at by for from with as and or but that this it is are was were be we i
you he she they them his her our their not no so if do did does have has had will would can could there here what
и в во не на с со что как а но по к о из у за для от до же ли бы это он она они мы я вы ты его её их""".split())
#: a quotation needs this share of its words, in order, in a run of source words to have a word-for-word source
MIN_COVERAGE = 0.5
#: anchor words that occur more often than this in the source are not used to place candidates
MAX_ANCHOR_HITS = 2000
#: a quotation of fewer words is placed only where the embeddings put it ("Yes." is said many times)
MIN_ANCHORED = 3
#: candidate places tried per quotation (the most anchor votes first)
TOP_STARTS = 8


@dataclass(frozen=True)
class Token:
    """A word of a text: ``text[start:stop]`` and its comparison form ``norm`` (lower case, ё as е, ’ as ')."""

    start: int
    stop: int
    norm: str


@dataclass(frozen=True)
class Match:
    """The source words ``tokens[i:j]`` (characters ``start:stop``) that hold ``coverage`` of the quotation's
    (content) words in order, ``matched`` words in all."""

    i: int
    j: int
    start: int
    stop: int
    coverage: float
    matched: int = 0  # quotation words held, content or not


@dataclass(frozen=True)
class Difference:
    """One change of the quotation against the source: ``replaced`` / ``added`` / ``dropped`` / ``moved`` words, or a
    word ``inflected`` (another form of it), with their character spans in the source wording and in the quotation
    (None for the side that has no words)."""

    change: str
    source: str
    rendering: str
    source_span: tuple[int, int] | None
    rendering_span: tuple[int, int] | None


def _norm(word: str) -> str:
    """A word's comparison form: lower case, ё as е, ’ as ', a number without its group separators, "percent" for
    any word for it."""
    w = word.lower().replace("ё", "е").replace("’", "'")
    if w[:1].isdigit():
        w = re.sub(r"(?<=\d)[ \u00a0\u202f,](?=\d{3}\b)", "", w)
    return "percent" if _PERCENT.match(w) else w


#: English contractions read as the words they stand for, so that "have not" quotes "haven't" and a quotation may
#: start inside one ("not achieved our aims yet" from "we haven't achieved our aims yet"): the ending's word
_CONTRACTED = {"n't": "not", "'re": "are", "'ve": "have", "'ll": "will", "'m": "am"}
#: the first word of a contraction whose spelling changes: won't, can't, shan't, ain't
_CONTRACTED_HEAD = {"wo": "will", "ca": "can", "sha": "shall", "ai": "is"}
#: words before which "'s" is "is" / "us" (elsewhere it is mostly a possessive: "Putin's")
_IS_BEFORE = frozenset("it that what there here he she who where how".split())
_CONTRACTION = re.compile(r"^([^\W\d_]+?)(n't|'re|'ve|'ll|'m|'s)$")


def _expand(t: Token) -> list[Token]:
    """A contraction as its two words, each with its part of the offsets ("haven't": have + not, "can't": can + not,
    "cannot": can + not, "it's": it + is, "let's": let + us); any other word as it is."""
    if t.norm == "cannot":
        return [Token(t.start, t.start + 3, "can"), Token(t.start + 3, t.stop, "not")]
    if t.norm == "n't":  # a text cut inside a contraction
        return [Token(t.start, t.stop, "not")]
    m = _CONTRACTION.match(t.norm)
    if not m:
        return [t]
    head, tail = m.groups()
    if tail == "'s":
        if head == "let":
            tail_norm = "us"
        elif head in _IS_BEFORE:
            tail_norm = "is"
        else:
            return [t]
    else:
        tail_norm = _CONTRACTED[tail]
    cut = t.start + len(head)
    return [Token(t.start, cut, _CONTRACTED_HEAD.get(head, head) if tail == "n't" else head),
            Token(cut, t.stop, tail_norm)]


def tokens(text: str) -> list[Token]:
    """The words of ``text`` with their offsets ("per cent" is one word; a contraction two: :func:`_expand`)."""
    out = [w for m in _TOKEN.finditer(text) for w in _expand(Token(m.start(), m.end(), _norm(m.group())))]
    merged: list[Token] = []
    for t in out:
        if merged and merged[-1].norm == "per" and t.norm == "cent":
            merged[-1] = Token(merged[-1].start, t.stop, "percent")
        else:
            merged.append(t)
    return merged


class SourceIndex:
    """The words of a source text and where each occurs, built once for all quotations of a document."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokens(text)
        self.norms = [t.norm for t in self.tokens]
        self.where: dict[str, list[int]] = {}
        for k, n in enumerate(self.norms):
            self.where.setdefault(n, []).append(k)
        self._starts = [t.start for t in self.tokens]

    def sentence_break(self, k: int) -> bool:
        """Whether a sentence ends between word ``k - 1`` and word ``k`` (so at either end of the text)."""
        if k <= 0 or k >= len(self.tokens):
            return True
        return bool(re.search(r"[.!?…]", self.text[self.tokens[k - 1].stop : self.tokens[k].start]))

    def span_tokens(self, a: int, b: int) -> tuple[int, int]:
        """Token range ``[i, j)`` of the words inside characters ``a:b``."""
        i = bisect.bisect_left(self._starts, a)
        j = bisect.bisect_left(self._starts, b)
        while j > i and self.tokens[j - 1].stop > b:
            j -= 1
        return i, j


def _blocks(src: Sequence[str], quote: Sequence[str]) -> list[difflib.Match]:
    return [b for b in difflib.SequenceMatcher(None, list(src), list(quote), autojunk=False).get_matching_blocks()
            if b.size]


def _score(index: SourceIndex, lo: int, hi: int, quote: Sequence[str]) -> Match | None:
    """The run of ``index`` words in ``[lo, hi)`` that holds the most quotation words in order. Its coverage counts
    the quotation's content words (not :data:`_WEAK` ones) where it has two or more: "not going to tell you" holds
    three words of "not going to win on the battlefield", but none that says what it is about."""
    blocks = _blocks(index.norms[lo:hi], quote)
    if not blocks:
        return None
    i, j = lo + blocks[0].a, lo + blocks[-1].a + blocks[-1].size
    head, tail = quote[: blocks[0].b], quote[blocks[-1].b + blocks[-1].size :]
    # a content word at one edge of the quotation found just past the other end of the run, in the same sentence, was
    # moved there ("государство искусственное" for "искусственное государство")
    after = index.norms[j : _sentence_stop(index, j, 3)]
    moved = [after.index(w) for w in head if w not in _WEAK and w in after]
    if moved:
        j += max(moved) + 1
        head = [w for w in head if w not in after]
    before = index.norms[_sentence_start(index, i, 3) : i]
    moved = [before.index(w) for w in tail if w not in _WEAK and w in before]
    if moved:
        i -= len(before) - min(moved)
        tail = [w for w in tail if w not in before]
    # unmatched words at an edge of the quotation stand for as many source words there, in the same sentence
    # ("not to say kindly" for "not to say cruelly": "cruelly" replaced, not "kindly" added)
    held = set(index.norms[i:j])  # (not words moved from inside the run: "take its land back")
    i = _sentence_start(index, i, 0 if held & set(head) else len(head))
    j = _sentence_stop(index, j, 0 if held & set(tail) else len(tail))
    content = [k for k, w in enumerate(quote) if w not in _WEAK]
    if len(content) >= 2:
        at = {b.b + d for b in blocks for d in range(b.size)}  # quotation positions matched
        cov = sum(1 for k in content if k in at) / len(content)
    else:
        cov = sum(b.size for b in blocks) / max(1, len(quote))
    return Match(i, j, index.tokens[i].start, index.tokens[j - 1].stop, cov, sum(b.size for b in blocks))


def _sentence_stop(index: SourceIndex, j: int, most: int) -> int:
    """The end of up to ``most`` source words from word ``j`` on, not past a sentence end."""
    k = j
    while k < min(len(index.tokens), j + most) and not index.sentence_break(k):
        k += 1
    return k


def _sentence_start(index: SourceIndex, i: int, most: int) -> int:
    """The start of up to ``most`` source words before word ``i``, not before a sentence end."""
    k = i
    while k > max(0, i - most) and not index.sentence_break(k):
        k -= 1
    return k


def best_match(index: SourceIndex, quotation: str, around: tuple[int, int] | None = None) -> Match | None:
    """The run of source words that holds the largest share of ``quotation``'s words in order, or None when none
    holds :data:`MIN_COVERAGE` of them.

    Candidate places come from the quotation's rarer words: each occurrence of one in the source votes for the place
    where the quotation would start (as in a Hough transform), and the places with the most votes are compared word
    by word. A quotation of fewer than :data:`MIN_ANCHORED` words ("Yes.") is compared only with the source characters
    ``around`` (the place the sentence embeddings found), when given; of equal matches the nearest to it wins.
    """
    # words an editor put in square brackets ("He [Musk] will …") are not the speaker's: they neither place nor score
    q = [t.norm for t in tokens(quotation) if not _in_brackets(quotation, t.start)]
    if not q:
        return None
    votes: Counter[int] = Counter()
    for k, w in enumerate(q if len(q) >= MIN_ANCHORED else ()):
        hits = index.where.get(w, ())
        if w in _WEAK or len(hits) > MAX_ANCHOR_HITS or (len(w) < 3 and not w.isdigit()):
            continue
        for p in hits:
            votes[p - k] += 1
    slack = max(3, len(q) // 4)
    if re.search(r"…|\.\.\.|\[", quotation):
        slack = max(slack, len(q))  # an editor's cut: the source runs longer than the quotation
    found: list[Match] = []
    for start, _n in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_STARTS]:
        m = _score(index, max(0, start - slack), min(len(index.tokens), start + len(q) + slack), q)
        if m:
            found.append(m)
    if around is not None:
        i, j = index.span_tokens(*around)
        m = _score(index, max(0, i - slack), min(len(index.tokens), j + slack), q)
        if m:
            found.append(m)
    if not found:
        return None
    # the most (content) words held, then the most words; of those, the place nearest the embeddings' one, then
    # the shortest run
    near = around[0] if around is not None else 0
    best = max(found, key=lambda m: (m.coverage, m.matched, -abs(m.start - near) if around is not None else 0,
                                     -(m.j - m.i), -m.i))
    if best.coverage < MIN_COVERAGE:
        return None
    # an editor's words in brackets at an edge stand for a source word there ("[the Ukrainians] were ready" for
    # "they were ready"), in the same sentence
    i, j = best.i, best.j
    if quotation.lstrip().startswith("["):
        i = _sentence_start(index, i, 1)
    if quotation.rstrip(" .,;:!?…\"'”»’").endswith("]"):
        j = _sentence_stop(index, j, 1)
    if (i, j) != (best.i, best.j):
        best = Match(i, j, index.tokens[i].start, index.tokens[j - 1].stop, best.coverage, best.matched)
    return best


def content_words(quotation: str) -> list[str]:
    """The comparison forms of ``quotation``'s words that are neither function words (:data:`_WEAK`) nor an editor's
    words in square brackets."""
    return [t.norm for t in tokens(quotation) if t.norm not in _WEAK and not _in_brackets(quotation, t.start)]


def _marked_gap(quotation: str, a: int, b: int) -> bool:
    """Whether the quotation marks words left out between characters ``a`` and ``b``: an ellipsis or brackets."""
    gap = quotation[a:b]
    return bool(re.search(r"…|\.\.\.|\[|\]|\(\s*\.\.\.\s*\)", gap))


def differences(source: str, quotation: str) -> list[Difference]:
    """What ``quotation`` changed against ``source`` (the matched source wording), word by word; spans are into
    ``source`` and ``quotation``. Case, punctuation, articles, fillers, an ellipsis for words left out and words in
    square brackets (an editor's insertion) are no change."""
    st, qt = tokens(source), tokens(quotation)
    ops = difflib.SequenceMatcher(None, [t.norm for t in st], [t.norm for t in qt], autojunk=False).get_opcodes()
    out: list[Difference] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        if tag == "delete" and (i1, i2, j1) == (0, 1, 0) and len(st) > 1 and st[0].stop == st[1].start:
            continue  # a quotation may start inside a contraction: "not achieved" from "haven't achieved"
        dropped = [t for t in st[i1:i2] if t.norm not in FILLERS]
        added = qt[j1:j2]
        # words of the quotation inside square brackets are the editor's, not the speaker's
        added = [t for t in added if not _in_brackets(quotation, t.start)]
        if all(t.norm in ARTICLES for t in [*added, *dropped]):
            continue  # nothing, or only articles (fillers are left out above)
        if not added:
            # words left out: marked by an ellipsis (or brackets) in the quotation where they would be
            left = qt[j1 - 1].stop if j1 > 0 else 0
            right = qt[j1].start if j1 < len(qt) else len(quotation)
            if _marked_gap(quotation, left, right):
                continue
        change = "replaced" if added and dropped else "added" if added else "dropped"
        s_span = (dropped[0].start, dropped[-1].stop) if dropped else None
        r_span = (added[0].start, added[-1].stop) if added else None
        if change == "replaced" and len(added) == len(dropped) == 1 and same_word(dropped[0].norm, added[0].norm):
            change = "inflected"
        out.append(Difference(change, source[s_span[0] : s_span[1]] if s_span else "",
                              quotation[r_span[0] : r_span[1]] if r_span else "", s_span, r_span))
    return _moves(out)


#: English endings that make another form of one word ("achieve" / "achieved", "sign" / "signs")
_EN_ENDINGS = ("s", "es", "d", "ed", "ing")


def wording_flags(source: str, quotation: str, **extra: Any) -> tuple[str, tuple[dict[str, Any], ...]]:
    """:func:`verdict` and a ``wording`` flag per :func:`differences` of ``quotation`` against ``source`` (with
    ``extra`` keys, e.g. ``against="official"``)."""
    diffs = differences(source, quotation)
    flags = tuple({"type": "wording", "change": d.change, "source": d.source or None, "rendering": d.rendering or None,
                   **extra,
                   **({"source_span": list(d.source_span)} if d.source_span else {}),
                   **({"rendering_span": list(d.rendering_span)} if d.rendering_span else {})} for d in diffs)
    return verdict(diffs), flags


def same_word(a: str, b: str) -> bool:
    """Whether two different word forms (comparison forms) are forms of one word: a Russian ending adapted to the
    reporter's sentence ("не достигли" quoted as "не достигла"; the dictionary's lemmas), or an English ending
    ("achieve" / "achieved"). Numbers and words of two letters or fewer never are."""
    if a == b or min(len(a), len(b)) < 3 or any(c.isdigit() for c in a + b):
        return False
    if re.search(r"[а-я]", a) and re.search(r"[а-я]", b):
        from .evidence import morph_parses  # the Russian dictionary, loaded on first use

        return bool({p.normal_form for p in morph_parses(a)} & {p.normal_form for p in morph_parses(b)})
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) and long_[len(short) :] in _EN_ENDINGS


def _moves(diffs: list[Difference]) -> list[Difference]:
    """Words dropped in one place and added in another (the same words) are one change: ``moved`` ("take its land
    back" for "take back its land")."""
    out = list(diffs)
    for k, d in enumerate(out):
        if d.change != "dropped":
            continue
        words = [t.norm for t in tokens(d.source)]
        for m, e in enumerate(out):
            if e.change == "added" and [t.norm for t in tokens(e.rendering)] == words:
                out[k] = Difference("moved", d.source, e.rendering, d.source_span, e.rendering_span)
                out[m] = Difference("", "", "", None, None)
                break
    return [d for d in out if d.change]


def _in_brackets(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a square-bracketed insertion of ``text``."""
    open_ = text.rfind("[", 0, pos)
    return open_ >= 0 and text.rfind("]", open_, pos) < 0 and text.find("]", pos) >= 0


def verdict(diffs: Sequence[Difference]) -> str:
    """``faithful`` for the source's words as said; ``altered`` when words were replaced or added, or a negation or a
    number dropped; ``partial`` when other words were dropped without an ellipsis; ``paraphrase`` when words were
    only moved or given another ending (``inflected``: the same word)."""
    if not diffs:
        return "faithful"
    for d in diffs:
        if d.change in ("replaced", "added"):
            return "altered"
        if d.change == "dropped" and any(t.norm in NEGATIONS or any(c.isdigit() for c in t.norm)
                                         for t in tokens(d.source)):
            return "altered"
    return "partial" if any(d.change == "dropped" for d in diffs) else "paraphrase"
