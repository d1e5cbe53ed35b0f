"""The source's official translation beside it: where a quotation is taken from, and what it changed.

The Kremlin publishes a speech in Russian and in an official English translation, and an English news story mostly
quotes the English one. A fact-checker who reads no Russian wants to see, for each quotation, the official
translation's wording of the same passage, and whether the reporter copied it or changed it. With the official text
and its alignment with the source (:class:`Official`):

- each quotation of three words or more is looked up word for word in the official text
  (:func:`align.verbatim.best_match`). Where a run of its words holds :data:`MIN_COVERAGE` of the quotation's content
  words in order, the quotation is taken from it (:func:`locate`): the source sentences aligned with that run are
  where its source wording lies (:func:`align.quotes.check_quotes` searches them first), and its verdict comes from the
  word-for-word differences (an official translation is a human one: it is a better judge of a copied quotation than
  the encoder's reading of the source);
- any other quotation (the reporter's own translation, a claim without quotation marks) keeps the verdict of its
  check against the source, and shows the official wording of its source passage (:func:`official_wording`).

Pure string and index code: the alignment is made by the caller (:class:`align.aligner.Aligner`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import evidence, verbatim
from .types import Alignment

#: share of a quotation's content words a run of official words must hold, in order, for the quotation to be read as
#: taken from the official translation (a reporter's own translation of the same passage holds far fewer)
MIN_COVERAGE = 0.75
#: a quotation of fewer content words (no function words, no editor's words in brackets) is short: its words in the
#: official text say where its passage is ("a tough guy"), but only a word-for-word copy takes its verdict from them:
#: "Russians don't surrender!" holds both content words of "Russians never surrender!" and is a faithful rendering
#: of «Русские не сдаются!», not a copy with a word replaced; unless the run holds :data:`MIN_RUN` of its words in
#: order ("he will do as he sees fit"). One of a single content word is not looked up.
MIN_CONTENT_WORDS = 3
MIN_RUN = 6
#: the official text is no translation of the source when under this share of either side's sentences have a
#: counterpart in the other (a news story given as the official text, or another speech)
MIN_LINKED = 0.5
#: nor when its aligned sentences are on average less alike than this (cosine; as align.pipeline's warning)
MIN_SIMILARITY = 0.35
#: characters of official wording shown for a passage at most
MAX_CHARS = 600


@dataclass(frozen=True)
class Official:
    """The source's official translation: its text and its alignment with the source (``alignment.src`` are the
    source's sentences, ``alignment.tgt`` the official text's, offsets into ``text``); ``name`` for messages."""

    text: str
    alignment: Alignment
    name: str = "the official translation"


def translation_problem(official: Official) -> str | None:
    """Why ``official`` cannot be the source's translation, or None: under :data:`MIN_LINKED` of either side's
    sentences have a counterpart, or the aligned sentences are on average under :data:`MIN_SIMILARITY` alike. Given
    the story itself, every quotation would be "copied" from it, made-up ones too."""
    al = official.alignment
    if not al.src or not al.tgt:
        return "one side has no sentence"
    src, tgt = al.linked()
    share = min(len(src) / len(al.src), len(tgt) / len(al.tgt))
    if share < MIN_LINKED:
        return (f"only {len(src)} of the source's {len(al.src)} sentences and {len(tgt)} of its {len(al.tgt)} have a "
                "counterpart in the other")
    mean = al.meta.get("mean_similarity")
    if isinstance(mean, (int, float)) and mean < MIN_SIMILARITY:
        return f"its sentences are too unlike the source's for a translation (mean similarity {mean:.2f})"
    return None


@dataclass(frozen=True)
class OfficialMatch:
    """Where a quotation's words lie in the official translation: ``text == official_text[span[0]:span[1]]``;
    ``sentences`` are the official sentences it overlaps, ``coverage`` the share of the quotation's content words
    the run holds in order."""

    span: tuple[int, int]
    text: str
    coverage: float
    sentences: tuple[int, ...]
    #: the same words stand at another place of the official text too ("at all costs"): they do not say which passage
    #: the quotation is from
    repeated: bool = False
    #: a quotation of under :data:`MIN_CONTENT_WORDS` content words (and a run under :data:`MIN_RUN` words): its
    #: verdict comes from the official words only where it copies them word for word
    short: bool = False


def _sentences_over(sents: Sequence[Any], a: int, b: int) -> list[int]:
    return [k for k, s in enumerate(sents) if s.stop > a and s.start < b]


def _counterparts(alignment: Alignment, idx: Sequence[int], side: str) -> list[int]:
    """The sentences of the other side linked with sentences ``idx`` of ``side`` (``"src"`` or ``"tgt"``)."""
    want = set(idx)
    other = "tgt" if side == "src" else "src"
    out: set[int] = set()
    for ln in alignment.links:
        if want & set(getattr(ln, side)):
            out.update(getattr(ln, other))
    return sorted(out)


def locate(official: Official, quotes: Sequence[Any], index: verbatim.SourceIndex | None = None
           ) -> list[OfficialMatch | None]:
    """For each quotation, the run of official words it is taken from, or None (a quotation of fewer than
    :data:`MIN_CONTENT_WORDS` content words, a claim without quotation marks, or one that holds under
    :data:`MIN_COVERAGE` of its content words there: the reporter's own translation, or words the speaker never
    said)."""
    index = index or verbatim.SourceIndex(official.text)
    out: list[OfficialMatch | None] = []
    for q in quotes:
        if q.kind == "indirect" or len(verbatim.content_words(q.text)) < 2:
            out.append(None)
            continue
        m = verbatim.best_match(index, q.text)
        out.append(_match(official, m, index, q.text))
    return out


def _short(quotation: str, m: verbatim.Match) -> bool:
    """Whether a match holds too little of ``quotation`` to give it a verdict unless word for word
    (:data:`MIN_CONTENT_WORDS`, :data:`MIN_RUN`)."""
    return len(verbatim.content_words(quotation)) < MIN_CONTENT_WORDS and m.matched < MIN_RUN


def _match(official: Official, m: verbatim.Match | None, index: verbatim.SourceIndex | None = None,
           quotation: str = "") -> OfficialMatch | None:
    if m is None or m.coverage < MIN_COVERAGE:
        return None
    sents = tuple(_sentences_over(official.alignment.tgt, m.start, m.stop))
    return OfficialMatch((m.start, m.stop), official.text[m.start : m.stop], round(m.coverage, 3), sents,
                         index is not None and _repeated(index, m), _short(quotation, m))


def _repeated(index: verbatim.SourceIndex, m: verbatim.Match) -> bool:
    """Whether the words of ``m`` stand at another place of the indexed text too."""
    run = index.norms[m.i : m.j]
    return bool(run) and sum(index.norms[p : p + len(run)] == run for p in index.where.get(run[0], ())) > 1


def source_hints(official: Official, matches: Sequence[OfficialMatch | None], src_sents: Sequence[Any]
                 ) -> list[list[int] | None]:
    """For each match, the sentences of ``src_sents`` (the source sentences of the quotation check's alignment)
    aligned with its official sentences, one neighbour each side; None where there is no match, it is
    :attr:`~OfficialMatch.repeated`, or its sentences have no link."""
    out: list[list[int] | None] = []
    for m in matches:
        if m is None or m.repeated:
            out.append(None)
            continue
        src = _counterparts(official.alignment, m.sentences, "tgt")
        if not src:
            out.append(None)
            continue
        a = official.alignment.src[src[0]].start
        b = official.alignment.src[src[-1]].stop
        idx = _sentences_over(src_sents, a, b)  # the same source text: map by offsets, not by index
        if not idx:
            out.append(None)
            continue
        out.append(list(range(max(0, idx[0] - 1), min(len(src_sents), idx[-1] + 2))))
    return out


def official_wording(official: Official, source_span: tuple[int, int]) -> tuple[tuple[int, int], str] | None:
    """The official translation of the source sentences that ``source_span`` (characters of the source) overlaps:
    (span into the official text, its wording cut to :data:`MAX_CHARS`), or None where they have no counterpart."""
    a, b = source_span
    if b <= a:
        return None
    idx = _sentences_over(official.alignment.src, a, b)
    tgt = _counterparts(official.alignment, idx, "src")
    if not tgt:
        return None
    s, e = official.alignment.tgt[tgt[0]].start, official.alignment.tgt[tgt[-1]].stop
    s = _after_label(official.text, s, e, official.alignment.tgt_lang)
    text = official.text[s:e]
    return (s, e), (text if len(text) <= MAX_CHARS else text[:MAX_CHARS].rstrip() + " …")


def _after_label(text: str, s: int, e: int, lang: str) -> int:
    """``s``, or past the turn label that opens ``text[s:e]`` ("Vladimir Putin: This is a provocation …"): the
    official wording shows what was said, not who says it."""
    from .quotes import _label  # (quotes imports this module)

    label, turn = _label(text, s, e)
    return turn if label and turn < e and evidence.speaker_names(label, lang) else s


def wording_flags(source: str, quotation: str) -> tuple[str, tuple[dict[str, Any], ...]]:
    """The verdict and ``wording`` flags of a quotation against the official wording it is taken from
    (:func:`align.verbatim.wording_flags`); each flag says ``"against": "official"``."""
    return verbatim.wording_flags(source, quotation, against="official")


def local_match(official: Official, index: verbatim.SourceIndex, quotation: str, source_span: tuple[int, int]
                ) -> OfficialMatch | None:
    """The quotation's words in the official translation of its source passage (words found at several places, or
    a quotation the whole-text search missed), or None."""
    around = official_wording(official, source_span)
    if around is None or len(verbatim.content_words(quotation)) < 2:
        return None
    (s, e), _ = around
    m = verbatim.best_match(index, quotation, (s, e))
    found = _match(official, m, None, quotation)
    # only inside the passage: a short quotation found elsewhere is not this passage's wording
    if found is None or found.span[0] < s or found.span[1] > e:
        return None
    return found
