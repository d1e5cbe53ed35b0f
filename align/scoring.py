"""Scoring aligned (source, rendering) pairs: similarity, calibrated fidelity, omission, addition, evidence.

Shaped like sacrebleu's metrics: :class:`Scorer` has ``sentence_score`` / ``corpus_score`` returning
score objects (:class:`PairScore`, :class:`CorpusScore`) that format as text or JSON and carry a
reproducibility ``signature``.

Per pair the scorer computes (all batched through the encoder):

* ``similarity``: cosine of the two sentence embeddings;
* finer units: clauses and sliding word windows of each side, embedded; each unit's *coverage* is its
  best cosine with the other side's units (or whole text). Units with low coverage are what was left
  out (source side) or added (rendering side);
* evidence flags (:mod:`align.evidence`): numbers, names, negation on one side only. A name flag is checked
  against the other side's words with the encoder (a translated name, Тихий / Pacific, is marked ``weak``);
  a negation flag is checked clause by clause (is the closest clause of the other side negated too?);
* length ratio against the language pair's usual ratio;
* word level: each content word's best cosine with the other side's content words (each distinct word embedded
  once); a dropped clause leaves a run of source words without a counterpart (:func:`word_coverage`).

Models fitted by ``scripts/fit_scorer.py`` on dev data (``align/resources/scorer.json``, loaded lazily) turn the
features into ``fidelity``, ``omission`` and ``addition`` in [0, 1]:
``fidelity = quality * P(no damage) ** alpha``, the quality estimate (MLQE-PE ru -> en fit; an en -> ru pair is read
the other way round) lowered a little by a logistic damage detector everywhere. A rendering whose cosine with the
source is under ``unrelated.cos_full`` (0.25) has its fidelity scaled by ``cosine / cos_full``. Then fidelity is
capped, ``fidelity = (1 - p) * fidelity + p * min(fidelity, cap)`` with ``p = sigmoid(s * (logit - t))``, where one
of three damage models is confident:

* the *tree detector* (scorer.json ``damage``): gradient-boosted trees on all features but ``quality``
  (:mod:`align.trees`), damaged vs faithful (also trained on the pairs swapped en -> ru), ``t`` where 5% of the
  faithful ru -> en fit pairs are above (out of fold);
* the negation head: a logistic model of negation damage on the negation flags and the polarity features of
  :func:`negation_polarity` (marker and negative-word counts per side, clauses matched across languages), above what
  0.7% of the faithful fit pairs reach;
* the name head: the same on the name features (one-sided names, replaced pairs, the encoder's best counterpart),
  above what 2% reach.

Each of these three caps is graded: it is lower the further the model's logit is past its step, by up to 2%
(``spread``, :func:`_graded_cap`), so that the capped pairs are ordered by how sure the evidence is instead of all
tying at the cap. Four more caps are rules: a name replaced by another (``name_replaced``: a name left over on each
side, neither marked weak, not possibly one name spelled two ways, :func:`align.evidence.replaced_name`; or a name
left over on one side whose closest word on the other side by the encoder is a capitalised word unaccounted for
there, :func:`_match_replacements`), a rendering whose syntax is broken the way a word cut out of it leaves it
(``tgt_broken``, :func:`align.evidence.broken_syntax`: "during training in ."; a flag of type ``broken``), and a name
of a Cyrillic source spelled in Latin letters that the rendering lacks (``name_copied``: Honda, BMW; a name flag with
``copied``, not marked weak), and an English rendering's double negation the source lacks (``tgt_double_neg``: "are not
unsure" for "не уверены"; a negation flag with ``double``). All caps are 0.47. Where the omission or the addition
head is confident, fidelity is also lowered (``heads_step``: ``fidelity * (1 - c * sigmoid(4 * (logit - t)))``, the
larger of the two heads' penalties): each head by its own ``c_omission`` / ``c_addition`` above its own quantile of the
faithful fit pairs' logits, chosen by ``scripts/fit_scorer.py`` so that the worst-caught kind of damage is caught most
often on the fit half (omission 0.15 above 3%, addition 0.10 above 1%: omission and addition are the kinds the single
fidelity number catches least; the grid is flat there, every choice within 0.005 of the best). Older scorer.json files
have one ``c`` for both heads, or no tree detector but a ``step`` on the logistic detector; these are still applied
when present.
A rendering with words repeated in a loop beyond the source's own repetitions (a flag of type ``repetition``,
:func:`align.evidence.repetition_flags`, feature ``tgt_repeat``) has its fidelity scaled by the share of it that is no
loop. ``omission`` and ``addition`` are graded logistic heads (one clause, two clauses; on their own side's features),
each lifted by a model of machine translation's full degree (``full``: a detached rendering for both, a loop for
addition): ``1 - (1 - head) * (1 - full)``. Cyrillic acronyms left without a counterpart (ЗАГС, УДО) are shown,
marked weak, but not counted: they are mostly spelled out. Last, ``calibration`` maps fidelity monotonically onto the
expected human score / 100 of MLQE-PE train
(isotonic): rankings, and so every threshold's catch rate, stay as they were.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from . import evidence
from .io import norm_lang
from .trees import ensemble_logit

log = logging.getLogger("align")

VERDICTS = ("faithful", "paraphrase", "partial", "altered", "unrelated")
#: the scoring code's version in the signature (the fitted model has its own hash there): raised when a change of the
#: code alone changes scores or verdicts (2: session 9, the untranslated rule and the verdict for additions; 3: the
#: quality estimate reads an en -> ru pair the other way round, QUALITY_LANGS; 4: loops, the heads' full degree; 5: name
#: matching of session 13, name_copied, the encoder-match replacements, double negations; 6: "No. 1" no negation, names
#: after a title's abbreviation, weekdays and gazetteer prefixes no counterparts, words that negate nothing no excuse,
#: spans of years: "five centuries" / "500 лет"; 7: a dotted acronym is a gazetteer target, U.K. / Великобритания, and
#: each head's own penalty, ``heads_step`` ``c_omission`` / ``c_addition``; 8: negation idioms "не так давно", "не раз",
#: "не смотря на", "never more so than", and "не запрещено" / "не буду отрицать" as the source's own double negations;
#: 9: the words of a Cyrillic passage in capitals are no name candidates, "ЭТО НЕ ТАК-ТО ПРОСТО!"; a number inside a
#: Russian compound with a measure pairs up, "восемнадцатилетних" / "eighteen year old", and so does "both" / "оба" with
#: "two"; an ellipsis is no cut-out word, "an understanding of ... how"; negative by themselves: "бессмысленно", "do
#: you mind", "mind one's own business"; 10: a bound phrased with a negation on one side and without on the other is no
#: negation, "не меньше 100" / "at least 100", "не более 10" / "up to 10"; 11: a number's sign dropped or added,
#: "−5" / "5", "-2%" / "2%")
SCORER_VERSION = "11"

# --------------------------------------------------------------------------- features
FEATURES = (
    "cos",  # sentence cosine
    "src_cov_min",  # lowest coverage of a source unit by the rendering
    "src_cov_mean",
    "tgt_cov_min",  # lowest coverage of a rendering unit by the source
    "tgt_cov_mean",
    "src_gap",  # cos - src_cov_min (how much worse the worst source unit is than the whole)
    "tgt_gap",
    "len_ratio",  # log(len tgt / len src) - expected, signed
    "len_short",  # max(0, -len_ratio): rendering shorter than usual
    "len_long",  # max(0, len_ratio)
    "num_flags",
    "name_src_only",
    "name_tgt_only",
    "neg_flags",
    "num_src",  # how many numbers the source has (context for num_flags)
    "quality",  # linear quality estimate from the two embeddings (MLQE-PE fit)
    "num_pair",  # numbers changed (a flag with both a source and a rendering value)
    "name_pair",  # names on both sides without counterpart (a replaced name)
    "src_loo",  # max over source clauses: cos(source without the clause, rendering) - cos
    "tgt_loo",  # max over rendering clauses: cos(source, rendering without the clause) - cos
    "neg_delta",  # cos gain from deleting the unmatched negation marker (0 without a negation flag)
    "name_strong",  # name flags whose word has no close counterpart word on the other side (encoder, < NAME_WEAK_SIM)
    "name_sim_min",  # lowest best word cosine of a flagged name with the other side's words (1 without a name flag)
    "neg_clause",  # with a negation flag: clauses with a negation whose closest other-side clause has none
    "neg_clause_delta",  # clause-level neg_delta: cos gain of the flagged marker's clause, without the marker, with
    # the other side's closest clause (0 without a negation flag; less diluted than the sentence-level gain)
    "name_clause_delta",  # the same for flagged names: cos gain of the name's clause without the name (0 without a
    # name flag; negative when the other side renders the name in other words: Тихий / Pacific, венский / Vienna)
    "src_word_w3",  # word level: each source content word's best cosine with a rendering content word; the lowest
    # mean over three consecutive source words (a dropped clause leaves a run of words with no counterpart)
    "src_word_run",  # longest run of consecutive source content words whose best cosine is under WORD_MATCH_SIM
    "src_word_frac",  # share of source content words whose best cosine is under WORD_MATCH_SIM (how much is left out)
    "tgt_word_w3",  # the same for the rendering's words against the source's (added content)
    "tgt_word_run",
    "tgt_word_frac",
    "name_replaced",  # a name replaced: names left over on both sides, neither translated (encoder) nor an acronym
    # (min(source-side, rendering-side) of such names), plus one-sided names whose encoder match is a name left
    # unaccounted for on the other side (_match_replacements); at most 2
    "tgt_broken",  # places where the rendering's syntax is broken as by a word cut out (evidence.broken_syntax), <= 2
    "neg_undone_src",  # max over the source's negation markers: cos(source with the marker undone, rendering) - cos
    # (evidence.without_negations; 0 without a marker): a negation the rendering lacks brings them closer undone
    "neg_undone_tgt",  # the same for the rendering's markers (a "not" added where the counts still agree)
    "tgt_repeat",  # share of the rendering's words repeated in a loop beyond what the source repeats (a machine
    # translation stuck in a loop: "in the talks in the talks in the talks"; evidence.repetition_excess)
    "name_copied",  # source names spelled in the rendering's letters (Honda in a Russian source) that the rendering
    # lacks, not marked weak (a flag with ``copied``), at most 2
    "tgt_double_neg",  # double negations of the rendering beyond the source's ("are not unsure" for "не уверены";
    # negation flags with ``double``, evidence.double_negations), at most 2
    # negation polarity (:func:`negation_polarity`), used by the negation head only, not by the shared detector:
    "neg_marker_diff",  # negation markers of the source minus those of the rendering (signed)
    "neg_marker_absdiff",
    "neg_total_diff",  # the same counting words negative by themselves (неплохо, scarce, unrelated) too
    "neg_total_absdiff",
    "neg_total_absdiff2",  # min(2, neg_total_absdiff)
    "neg_marker_odd",  # the marker difference is odd (1 / 0): polarity flipped
    "neg_total_odd",
    "neg_clause_diff",  # sum over rendering clauses of |its negations - those of the source clauses matched to it|
    "neg_clause_odd",  # rendering clauses whose polarity (parity) differs from that of their matched source clauses
    "neg_clause_mutual",  # mutually closest clause pairs with a different polarity
    "neg_clause_diff2",  # min(2, neg_clause_diff)
)
#: features of the negation head only (the shared detector gives them no weight)
NEG_POLARITY_FEATURES = FEATURES[FEATURES.index("neg_marker_diff"):]
#: content words that the added span of a rendering must hold for the addition alone to make it "altered" (a higher
#: fidelity); with fewer it is a paraphrase (Kremlin transcript: 16 of the 49 pairs so called change, an interpreter's
#: filler, a gloss or a small addition; bench: 3 of 1,514 human references and 4 of 1,464 added clauses change)
ADDED_CONTENT_WORDS = 2
#: a rendering with at least this share of its lower-case words in the source's script (Cyrillic in an English
#: rendering of a Russian source) is still in the source language: flagged "untranslated", fidelity scaled by
#: 1 - share, verdict "unrelated" (:func:`align.evidence.untranslated_share`; also a rendering that is the source
#: itself, where the two languages share a script)
UNTRANSLATED_SHARE = 0.5
#: a content word whose best word cosine with the other side is under this has no counterpart there
WORD_MATCH_SIM = 0.4
#: features of the negation head: the negation evidence of the detector plus the polarity features
NEGATION_HEAD_FEATURES = ("cos", "neg_flags", "neg_delta", "neg_clause", "neg_clause_delta") + NEG_POLARITY_FEATURES
#: features of the name head: the name evidence of the detector
NAME_HEAD_FEATURES = ("cos", "name_src_only", "name_tgt_only", "name_pair", "name_strong", "name_sim_min",
                      "name_clause_delta")

#: (source, rendering) languages of the quality estimate's fit (MLQE-PE ru-en); a pair of the reverse direction is
#: estimated with its sides swapped
QUALITY_LANGS = ("ru", "en")

#: a name flag whose word has an encoder cosine of at least this with some word / capitalised word pair of the
#: other side is a translated name (Тихий / Pacific, Белоснежка / Snow White): kept in the output, marked weak
NAME_WEAK_SIM = 0.62
#: the same when that word is itself a name left over on the other side (a replaced name of the same kind is often
#: about as close as a translated one: Смирнова / Kuznetsova 0.66, Тихоокеанском / Pacific 0.71)
NAME_WEAK_SIM_PAIR = 0.75
#: below this the name has no counterpart at all (counted by the ``name_strong`` feature)
NAME_STRONG_SIM = 0.6
#: at most this many candidate counterparts of one flagged name are embedded
_MAX_NAME_CANDIDATES = 60

#: bounds that keep the sub-sentence features linear in the length of odd input (a 1 MB line): at most this many
#: clauses (more are merged into this many groups) and word windows (the stride grows) per text; a pair with a text
#: longer than LONG_TEXT characters gets no leave-one-out variants and at most LONG_FLAGS negation / name variants
#: (each variant is a copy of the text to embed). Sentences and paragraphs never reach them.
MAX_CLAUSES = 64
MAX_WINDOWS = 400
LONG_TEXT = 20_000
LONG_FLAGS = 8

#: expected log(len(rendering chars) / len(source chars)) for a language pair; others 0.
_DEFAULT_LEN = {("ru", "en"): -0.12, ("en", "ru"): 0.12}

_CLAUSE_SPLIT = re.compile(
    r"(?<=[,;:()—–])\s+|\s+(?=(?:and|but|or|which|who|that|because|while|although|when|where|whereas|и|а|но|или|"
    r"который|которая|которое|которые|которого|которой|которых|потому|поскольку|чтобы|если|когда|где|хотя)\s)",
)


def clauses(text: str) -> list[tuple[int, int]]:
    """Clause spans of ``text``: split at , ; : ( ) dashes and before conjunctions / relative pronouns.

    Returns (start, stop) spans with stripped edges; pieces under three words are merged with the previous one.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _CLAUSE_SPLIT.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        seg = text[s:e]
        if not seg.strip():
            continue
        s2 = s + len(seg) - len(seg.lstrip())
        e2 = e - (len(seg) - len(seg.rstrip()))
        if out and len(evidence.WORD_RE.findall(text[s2:e2])) < 3:
            out[-1] = (out[-1][0], e2)
        else:
            out.append((s2, e2))
    if len(out) > 1 and len(evidence.WORD_RE.findall(text[out[0][0]:out[0][1]])) < 3:
        out[1] = (out[0][0], out[1][1])
        out.pop(0)
    if len(out) > MAX_CLAUSES:  # odd input: consecutive clauses merged into MAX_CLAUSES groups
        g = -(-len(out) // MAX_CLAUSES)
        out = [(out[i][0], out[min(i + g, len(out)) - 1][1]) for i in range(0, len(out), g)]
    return out


def _clause_of(text: str, pos: int) -> tuple[int, int]:
    """The span of the clause of ``text`` (:func:`clauses`) that holds character ``pos``; the whole text if none."""
    for a, b in clauses(text) if text.strip() else []:
        if a <= pos < b:
            return a, b
    return 0, len(text)


def _cut(text: str, a: int, b: int) -> str:
    """``text`` without ``text[a:b]``, spaces and dangling punctuation tidied."""
    out = (text[:a].rstrip() + " " + text[b:].lstrip()).strip()
    out = re.sub(r"\s+([,.;:!?])", r"\1", out)
    out = re.sub(r"^[,;:\s]+|[,;:\s]+$", "", out)
    return out or " "


def windows(text: str, size: int = 5, stride: int = 2) -> list[tuple[int, int]]:
    """Sliding windows of ``size`` words (step ``stride``) as character spans; one span for short texts.

    At most about ``MAX_WINDOWS`` windows: on a text of more than some 800 words the stride grows."""
    toks = evidence.words(text)
    if len(toks) <= size:
        return [(toks[0][1], toks[-1][2])] if toks else []
    stride = max(stride, -(-(len(toks) - size) // (MAX_WINDOWS - 1)))
    out = []
    i = 0
    while True:
        j = min(i + size, len(toks))
        out.append((toks[i][1], toks[j - 1][2]))
        if j == len(toks):
            break
        i = min(i + stride, len(toks) - 1)  # (a grown stride must not step past the last word)
    return out


def units(text: str) -> list[tuple[int, int]]:
    """Clauses plus word windows of ``text`` (deduplicated spans)."""
    seen: dict[tuple[int, int], None] = {}
    for sp in clauses(text) + windows(text):
        seen.setdefault(sp, None)
    return list(seen)


def content_words(text: str) -> list[str]:
    """Words of ``text`` that carry content: not function words (English, Russian), not digits, two letters or more."""
    return [w for w, _, _ in evidence.words(text)
            if len(w) > 1 and not w.isdigit() and w.lower() not in evidence.STOP_WORDS]


def word_coverage(src_best: np.ndarray, tgt_best: np.ndarray) -> tuple[float, ...]:
    """Word-level coverage from each content word's best cosine with the other side's content words: ``src_best``
    (Ns,) for the source's words in order, ``tgt_best`` (Nt,) for the rendering's (:func:`best_word_sims`).

    Returns (source w3, source run, source frac, rendering w3, rendering run, rendering frac): per side, the lowest
    mean best-cosine over three consecutive words, the longest run of words whose best cosine is under
    ``WORD_MATCH_SIM`` (capped at 6), and the share of such words. A side without content words gives (1, 0, 0).
    """
    out: list[float] = []
    for best in (src_best, tgt_best):
        if not len(best):
            out.extend((1.0, 0.0, 0.0))
            continue
        w3 = float(np.convolve(best, np.ones(3) / 3, "valid").min()) if len(best) >= 3 else float(best.mean())
        run = longest = 0
        for low in best < WORD_MATCH_SIM:
            run = run + 1 if low else 0
            longest = max(longest, run)
        out.extend((w3, float(min(longest, 6)), float(np.mean(best < WORD_MATCH_SIM))))
    return tuple(out)


def best_word_sims(emb: np.ndarray, word_at: dict[str, int], src_words: list[str], tgt_words: list[str],
                   chunk: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """Each source content word's best cosine with a rendering content word (Ns,), and the reverse (Nt,).

    ``emb`` rows hold unit vectors, ``word_at`` gives each word's row. Computed over distinct words, ``chunk`` source
    words at a time: memory stays linear in the text length (a 100 KB line has some 15,000 words a side). Both empty
    when a side has no content word.
    """
    if not src_words or not tgt_words:
        return np.zeros(0), np.zeros(0)
    us, s_idx = np.unique([word_at[w] for w in src_words], return_inverse=True)
    ut, t_idx = np.unique([word_at[w] for w in tgt_words], return_inverse=True)
    et = emb[ut]
    best_s = np.empty(len(us))
    best_t = np.full(len(ut), -np.inf)
    for k in range(0, len(us), chunk):
        sim = emb[us[k : k + chunk]] @ et.T  # (chunk, Ut)
        best_s[k : k + chunk] = sim.max(axis=1)
        best_t = np.maximum(best_t, sim.max(axis=0))
    return best_s[s_idx], best_t[t_idx]


def name_counterparts(text: str) -> list[str]:
    """Words of ``text`` that could render a name of the other side: every word of three or more letters and
    each pair of adjacent words with a capital (``Snow White``), at most ``_MAX_NAME_CANDIDATES``."""
    toks = evidence.words(text)
    out: dict[str, None] = {}
    for i, (w, _, _) in enumerate(toks):
        if len(w) >= 3:
            out.setdefault(w, None)
        if i + 1 < len(toks) and (w[:1].isupper() or toks[i + 1][0][:1].isupper()):
            out.setdefault(f"{w} {toks[i + 1][0]}", None)
    return list(out)[:_MAX_NAME_CANDIDATES]


#: a Cyrillic acronym, maybe with a case ending (ЗАГСа, МВД, ВИЧ)
_CYR_ACRONYM = re.compile(r"[А-ЯЁ]{2,}[а-яё]{0,2}")


def _spelled_out_acronym(flag: dict[str, Any]) -> bool:
    """Whether a flag is a Cyrillic acronym of the source left without a counterpart (``ЗАГС``, ``УДО``, ``ИГ``):
    mostly spelled out or translated (registry office, parole, ISIS), so it is kept in the output, marked weak, and
    not counted as name evidence (0.8% of faithful dev references and 1.4% of good machine translations have only
    such a flag, no name damage does)."""
    src = flag.get("source")
    return (flag["type"] == "name" and not flag.get("rendering") and isinstance(src, str)
            and _CYR_ACRONYM.fullmatch(src) is not None)


def _name_flag_word(flag: dict[str, Any]) -> tuple[str, str] | None:
    """(side the name is on, the name) of a one-sided name flag, else None."""
    if flag["type"] != "name" or _spelled_out_acronym(flag):
        return None
    if flag.get("source") and not flag.get("rendering"):
        return "src", str(flag["source"])
    if flag.get("rendering") and not flag.get("source"):
        return "tgt", str(flag["rendering"])
    return None


def _negation_clause_mismatch(source: str, rendering: str, src_clauses: Sequence[tuple[int, int]],
                              tgt_clauses: Sequence[tuple[int, int]], sim: np.ndarray, src_lang: str,
                              tgt_lang: str) -> int:
    """Clauses carrying a negation whose most similar clause on the other side carries none.

    ``sim`` (len(src_clauses), len(tgt_clauses)): cosines of the clause embeddings. A negation is a marker or a
    word negative by itself (:func:`align.evidence.negation_count`). Counts both directions.
    """
    if not len(src_clauses) or not len(tgt_clauses) or sim.shape != (len(src_clauses), len(tgt_clauses)):
        return 0
    sn = [evidence.negation_count(source[a:b], src_lang) for a, b in src_clauses]
    tn = [evidence.negation_count(rendering[a:b], tgt_lang) for a, b in tgt_clauses]
    best_t = sim.argmax(axis=1)
    best_s = sim.argmax(axis=0)
    out = sum(1 for i, c in enumerate(sn) if c and not tn[int(best_t[i])])
    out += sum(1 for j, c in enumerate(tn) if c and not sn[int(best_s[j])])
    return out


def negation_polarity(source: str, rendering: str, src_clauses: Sequence[tuple[int, int]],
                      tgt_clauses: Sequence[tuple[int, int]], sim: np.ndarray, src_lang: str,
                      tgt_lang: str) -> list[float]:
    """The negation polarity features (``NEG_POLARITY_FEATURES``) of a pair.

    Whole sentence: negation markers and words negative by themselves on each side, compared by difference and by
    parity (an odd difference flips the polarity; ``не хватает`` / ``is scarce`` is even with ``not scarce`` one
    marker ahead). Clause level: each source clause is matched with its most similar rendering clause by encoder
    cosine (``sim`` (len(src_clauses), len(tgt_clauses))) and the negations of each rendering clause are compared
    with those of the source clauses matched to it, so that a negation moved to another clause or rendered by an
    antonym is not counted twice. Returns len(NEG_POLARITY_FEATURES) floats.
    """
    ms, ss = evidence.negation_counts(source, src_lang)
    mt, st = evidence.negation_counts(rendering, tgt_lang)
    md, td = ms - mt, (ms + ss) - (mt + st)
    diff = odd = mutual = 0
    if len(src_clauses) and len(tgt_clauses) and sim.shape == (len(src_clauses), len(tgt_clauses)):
        ps = np.array([evidence.negation_count(source[a:b], src_lang) for a, b in src_clauses])
        pt = np.array([evidence.negation_count(rendering[a:b], tgt_lang) for a, b in tgt_clauses])
        best_t = sim.argmax(axis=1)
        best_s = sim.argmax(axis=0)
        for j in range(len(tgt_clauses)):
            mine = best_t == j
            if mine.any():
                d = int(pt[j] - ps[mine].sum())
                diff += abs(d)
                odd += d % 2
        mutual = sum(1 for i in range(len(src_clauses))
                     if int(best_s[best_t[i]]) == i and ps[i] % 2 != pt[int(best_t[i])] % 2)
    return [float(md), float(abs(md)), float(td), float(abs(td)), float(min(2, abs(td))), float(md % 2),
            float(td % 2), float(diff), float(odd), float(mutual), float(min(2, diff))]


# --------------------------------------------------------------------------- calibration
#: rule caps (scorer.json key, feature): a name replaced by another (left over on both sides, neither a translation by
#: the encoder's word check nor an acronym), a rendering broken the way a word cut out of it leaves it ("during
#: training in ."), a name that a Cyrillic source spells in Latin letters left out of the rendering (Honda), and a
#: double negation the source does not have ("are not unsure")
_RULE_CAPS = (("replaced_name", "name_replaced"), ("broken", "tgt_broken"), ("copied_name", "name_copied"),
              ("double_negation", "tgt_double_neg"))


def _graded_cap(step: dict[str, Any], logit: np.ndarray) -> np.ndarray | float:
    """The cap of a step, lower the further ``logit`` (N,) is past the step's threshold ``t``:
    ``cap * (1 - spread * tanh(max(0, logit - t) / 2))``. With ``spread`` 0 (older scorer.json files) every capped pair
    gets the same score, and faithful and damaged pairs tie there."""
    spread = float(step.get("spread", 0.0))
    if spread <= 0.0:
        return float(step["cap"])
    return float(step["cap"]) * (1.0 - spread * np.tanh(np.maximum(0.0, logit - float(step["t"])) / 2.0))


def _pad(w: list[float]) -> list[float]:
    """Weights of the first len(w) features, zeros for the rest: len(FEATURES) floats."""
    return [float(v) for v in w] + [0.0] * (len(FEATURES) - len(w))


_DEFAULT_MODEL: dict[str, Any] = {
    "version": "default",
    "features": list(FEATURES),
    "mean": [0.0] * len(FEATURES),
    "std": [1.0] * len(FEATURES),
    # hand-set fallback used until scripts/fit_scorer.py has written scorer.json
    # (weights of the first FEATURES, in order; the later ones get 0)
    "fidelity": {"w": _pad([6, 2, 2, 2, 2, -2, -2, 0, -3, -3, -2, -1, -1, -2, 0, 0, -2, -2, -20, -20, -20, -1, 0, -1,
                            -10, -5]),
                 "b": -4.0},
    "omission": {"w": _pad([-3, -4, -2, 0, 0, 3, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 30]), "b": 2.0},
    "addition": {"w": _pad([-3, 0, 0, -4, -2, 0, 3, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 30]), "b": 2.0},
    "quality": None,
    "len_expected": {},
    "thresholds": {"faithful": 0.7, "flag": 0.5, "omission": 0.5, "addition": 0.5, "unrelated_cos": 0.25},
}


def expand_features(X: np.ndarray, knots: Sequence[Sequence[float]]) -> np.ndarray:
    """(N, F) features plus one hinge column ``max(0, x[:, i] - t)`` per knot ``(i, t)`` -> (N, F + K)."""
    if not len(knots):
        return X
    cols = [X] + [np.maximum(0.0, X[:, int(i)] - t)[:, None] for i, t in knots]
    return np.hstack(cols)


def _load_model() -> dict[str, Any]:
    try:
        text = (resources.files("align") / "resources" / "scorer.json").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        log.warning("align/resources/scorer.json missing: using uncalibrated default weights")
        return dict(_DEFAULT_MODEL)
    model = json.loads(text)
    if list(model.get("features", [])) != list(FEATURES):
        log.warning("scorer.json was fitted for other features: using uncalibrated default weights")
        return dict(_DEFAULT_MODEL)
    return model


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40, 40)))


# --------------------------------------------------------------------------- score objects
def score_fields(similarity: float, fidelity: float, omission: float, addition: float, verdict: str,
                 flags: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The JSON fields shared by pair scores and quotation checks (scores rounded to 4 places)."""
    return {
        "similarity": round(similarity, 4),
        "fidelity": round(fidelity, 4),
        "omission": round(omission, 4),
        "addition": round(addition, 4),
        "verdict": verdict,
        "flags": [dict(f) for f in flags],
    }


@dataclass(frozen=True)
class PairScore:
    """Scores and evidence for one (source, rendering) pair.

    ``similarity`` is the encoder cosine in [-1, 1]; ``fidelity``, ``omission``, ``addition`` are in
    [0, 1]; ``flags`` are dicts with at least ``type`` (number, name, negation, omission, addition) and
    ``source`` / ``rendering`` evidence; ``ref`` holds chrF++/BLEU/TER against a reference when given.
    """

    similarity: float
    fidelity: float
    omission: float
    addition: float
    flags: tuple[dict[str, Any], ...] = ()
    verdict: str = "faithful"
    ref: dict[str, Any] | None = None
    signature: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = score_fields(self.similarity, self.fidelity, self.omission, self.addition, self.verdict, self.flags)
        if self.ref is not None:
            d["ref"] = self.ref
        if self.signature:
            d["signature"] = self.signature
        return d

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def format(self, width: int = 2, score_only: bool = False, is_json: bool = False) -> str:
        """One line like sacrebleu's: ``fidelity|enc:use-m|... = 0.91 (faithful; sim 0.83 ...)`` or JSON."""
        if is_json:
            return self.to_json()
        if score_only:
            return f"{self.fidelity:.{width}f}"
        extra = f"sim {self.similarity:.{width}f} om {self.omission:.{width}f} add {self.addition:.{width}f}"
        if self.flags:
            extra += " flags " + ",".join(str(f["type"]) for f in self.flags)
        return f"{self.signature or 'fidelity'} = {self.fidelity:.{width}f} ({self.verdict}; {extra})"

    def __str__(self) -> str:
        return self.format()


@dataclass(frozen=True)
class CorpusScore:
    """Aggregate of many pairs: mean scores, verdict counts, corpus-level reference metrics."""

    n: int
    similarity: float
    fidelity: float
    omission: float
    addition: float
    verdicts: dict[str, int] = field(default_factory=dict)
    ref: dict[str, Any] | None = None
    signature: str = ""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "n": self.n, "similarity": round(self.similarity, 4), "fidelity": round(self.fidelity, 4),
            "omission": round(self.omission, 4), "addition": round(self.addition, 4), "verdicts": self.verdicts,
        }
        if self.ref is not None:
            d["ref"] = self.ref
        d["signature"] = self.signature
        return d

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def format(self, width: int = 2, is_json: bool = False) -> str:
        if is_json:
            return self.to_json()
        sim = f"{self.similarity:.{width}f}"
        return f"{self.signature} = {self.fidelity:.{width}f} (n={self.n}, sim {sim}, {self.verdicts})"

    def __str__(self) -> str:
        return self.format()


# --------------------------------------------------------------------------- reference metrics
def corpus_of(scores: Sequence[PairScore], renderings: Sequence[str], refs: Sequence[str] | None = None,
              tgt_lang: str = "", signature: str = "") -> CorpusScore:
    """The :class:`CorpusScore` of pairs already scored (``scores``, one per rendering): mean scores, verdict counts,
    and corpus chrF++ / BLEU / TER of ``renderings`` against ``refs`` when given."""
    counts: dict[str, int] = {}
    for s in scores:
        counts[s.verdict] = counts.get(s.verdict, 0) + 1

    def mean(attr: str) -> float:
        return float(np.mean([getattr(s, attr) for s in scores])) if scores else 0.0

    return CorpusScore(
        n=len(scores), similarity=mean("similarity"), fidelity=mean("fidelity"), omission=mean("omission"),
        addition=mean("addition"), verdicts=counts,
        ref=corpus_ref_metrics(renderings, refs, tgt_lang) if refs is not None else None, signature=signature,
    )


def _check_refs(n: int, refs: Sequence[str]) -> None:
    if len(refs) != n:
        raise ValueError(f"references: {len(refs)} given for {n} renderings; give one reference text per rendering")
    bad = next((k for k, r in enumerate(refs) if not isinstance(r, str)), None)
    if bad is not None:
        raise TypeError(f"reference {bad + 1} is {type(refs[bad]).__name__}, not a string")


#: sacrebleu tokenizers for target languages written without spaces between words (what sacrebleu's own CLI picks with
#: ``-l``): Chinese has its own; Japanese and Korean take MeCab when it is installed (``pip install sacrebleu[ja]`` /
#: ``[ko]``), else characters; Thai characters. TER splits Chinese, Japanese and Korean characters
#: (``asian_support``, with tercom's normalisation).
_BLEU_TOKENIZERS = {"zh": ("zh",), "ja": ("ja-mecab", "char"), "ko": ("ko-mecab", "char"), "th": ("char",)}
_TER_ASIAN = frozenset({"zh", "ja", "ko"})


@lru_cache(maxsize=32)
def _bleu_tokenizer(lang: str) -> str | None:
    """The sacrebleu BLEU tokenizer for target language ``lang`` (None: sacrebleu's default, 13a)."""
    from sacrebleu.metrics import BLEU

    for name in _BLEU_TOKENIZERS.get(norm_lang(lang) if lang else "", ()):
        try:
            BLEU(tokenize=name)
        except Exception:  # noqa: BLE001 - MeCab missing: sacrebleu raises its own errors
            continue
        return name
    return None


def _ref_scorers(lang: str, sentence: bool = True) -> tuple[Any, Any, Any]:
    """sacrebleu chrF++, BLEU (effective order for ``sentence`` scores) and TER set for target language ``lang``."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    tok = _bleu_tokenizer(lang)
    asian = (norm_lang(lang) if lang else "") in _TER_ASIAN  # tercom splits their characters only when normalising
    return (CHRF(word_order=2), BLEU(effective_order=sentence, tokenize=tok),
            TER(asian_support=asian, normalized=asian))


def ref_metrics(hyps: Sequence[str], refs: Sequence[str], lang: str = "") -> list[dict[str, Any]]:
    """Sentence chrF++, BLEU (effective order) and TER of each hyp against its ref, with signatures; ``lang`` (the
    renderings' language) chooses the tokenizers of languages written without spaces (:data:`_BLEU_TOKENIZERS`)."""
    chrf, bleu, ter = _ref_scorers(lang)
    out = []
    _check_refs(len(hyps), refs)
    for h, r in zip(hyps, refs, strict=True):
        out.append({
            "chrf": round(chrf.sentence_score(h, [r]).score, 2),
            "bleu": round(bleu.sentence_score(h, [r]).score, 2),
            "ter": round(ter.sentence_score(h, [r]).score, 2),
            "signatures": {"chrf": str(chrf.get_signature()), "bleu": str(bleu.get_signature()),
                           "ter": str(ter.get_signature())},
        })
    return out


def corpus_ref_metrics(hyps: Sequence[str], refs: Sequence[str], lang: str = "") -> dict[str, Any]:
    """Corpus chrF++, BLEU and TER with signatures (``lang`` as in :func:`ref_metrics`)."""
    _check_refs(len(hyps), refs)
    chrf, bleu, ter = _ref_scorers(lang, sentence=False)
    return {
        "chrf": round(chrf.corpus_score(list(hyps), [list(refs)]).score, 2),
        "bleu": round(bleu.corpus_score(list(hyps), [list(refs)]).score, 2),
        "ter": round(ter.corpus_score(list(hyps), [list(refs)]).score, 2),
        "signatures": {"chrf": str(chrf.get_signature()), "bleu": str(bleu.get_signature()),
                       "ter": str(ter.get_signature())},
    }


def _pair_names(flags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merge a source-only and a rendering-only name flag into one "replaced name" flag (in order)."""
    src = [f for f in flags if f["type"] == "name" and f.get("source") and not f.get("rendering") and not f.get("weak")]
    tgt = [f for f in flags if f["type"] == "name" and f.get("rendering") and not f.get("source") and not f.get("weak")]
    if not src or not tgt:
        return flags
    out = [f for f in flags if f["type"] != "name" or f.get("weak")]
    for a, b in zip(src, tgt, strict=False):
        out.append({"type": "name", "source": a["source"], "rendering": b["rendering"],
                    "source_span": a.get("source_span"), "rendering_span": b.get("rendering_span"),
                    **({"place": a["place"]} if a.get("place") else {})})
    out.extend(src[len(tgt):])
    out.extend(tgt[len(src):])
    return out


def _replaced_names(flags: list[dict[str, Any]]) -> int:
    """How many names were replaced (at most 2): name flags left over on each side, neither marked weak, paired
    greedily where :func:`align.evidence.replaced_name` says the two are not one name. ``flags``: the pair's name
    flags (no spelled-out acronyms)."""
    src = [str(f.get("place") or f["source"]) for f in flags if f["rendering"] is None and not f.get("weak")]
    tgt = [str(f["rendering"]) for f in flags if f["source"] is None and not f.get("weak")]
    # a leftover on each side that may be one name (Северьяно / Seve) pairs with nothing
    src2 = [a for a in src if all(evidence.replaced_name(a, b) for b in tgt)]
    tgt2 = [b for b in tgt if all(evidence.replaced_name(a, b) for a in src)]
    return min(len(src2), len(tgt2), 2)


#: characters that open a quotation: a quoted name is mostly a title, and titles are translated (Chequers / «Шашки»)
_QUOTE_OPEN = "«„“\"'‘"


def _match_replacements(flags: list[dict[str, Any]], source: str, rendering: str, src_lang: str = "ru",
                        tgt_lang: str = "en") -> int:
    """One-sided name flags, not marked weak, whose closest word on the other side by the encoder (``match``) is a
    name left there unaccounted for: one word that is a name candidate there (:func:`align.evidence.name_candidates`:
    not Soviet, which renders союзных), no function word, does not open a sentence, has no
    counterpart on the flag's side and is not possibly the same name (:func:`align.evidence.replaced_name`), neither
    it nor the flagged name is quoted, and the Cyrillic one of the two is no common word to the Russian dictionary
    (:func:`align.evidence.ru_name_kind`: Беспорядкам / Riots, Ведьмак / Witch are translated). A name replaced by
    one that the name rules do not list because it is also a dictionary word (Уллман / Freeman, Хьюсу / Howard,
    Климо / Crick) or because its own counterpart is marked weak (Нью-Йорке / New Manhattan). ``flags``: the pair's
    name flags (no spelled-out acronyms)."""
    n = 0
    candidates: dict[bool, set[str]] = {}  # the other side's name candidates, by the flag's side (found once)
    for f in flags:
        if f.get("weak") or not f.get("match") or (f["source"] is None) == (f["rendering"] is None):
            continue
        on_src = f["rendering"] is None
        name, here, other = (str(f["source"]), source, rendering) if on_src else (str(f["rendering"]), rendering,
                                                                                   source)
        other_lang = tgt_lang if on_src else src_lang
        m = str(f["match"])
        if " " in m or len(m) < 3 or not m[:1].isupper():
            continue
        word = evidence._strip_possessive(m)
        at = other.find(m)
        span = f.get("source_span" if on_src else "rendering_span")
        mine = int(span[0]) if span else here.find(name)
        if word.lower() in evidence.STOP_WORDS or at <= 0 or not re.search(r"[\w,;:]\s+$",
                                                                          other[max(0, at - 40) : at]):
            continue  # a function word, or a word opening the text or a sentence (or quoted: «Word)
        if mine > 0 and here[mine - 1] in _QUOTE_OPEN:
            continue
        if on_src not in candidates:
            candidates[on_src] = {w for w, _, _ in evidence.name_candidates(other, other_lang)}
        if word not in candidates[on_src] or evidence._rendered_in(word, here):
            continue
        a, b = (name, word) if on_src else (word, name)
        if evidence.ru_name_kind(a if evidence._CYR.search(a) else b) == "common":
            continue  # a word the Russian dictionary knows as no name is mostly translated (Снегурочку / Snow Maiden)
        if evidence.replaced_name(a, b):
            n += 1
    return n


# --------------------------------------------------------------------------- scorer
@dataclass(frozen=True)
class PairFeatures:
    """Raw features of one pair plus the evidence needed for flags."""

    x: np.ndarray  # (len(FEATURES),)
    flags: tuple[dict[str, Any], ...]
    worst_src: tuple[int, int] | None  # span of the least covered source clause
    worst_tgt: tuple[int, int] | None
    worst_src_cov: float
    worst_tgt_cov: float


class Scorer:
    """Scores (source, rendering) pairs; see the module docstring.

    ``encoder`` is a name for :func:`align.encoders.get_encoder` or an encoder object.
    """

    def __init__(self, encoder: Any = "use-m", device: str | None = None) -> None:
        self._encoder_arg = encoder
        self._device = device
        self._enc: Any = None
        self._model: dict[str, Any] | None = None
        self._model_hash: str | None = None  # the model's hash in the signature (asked per call), reset by set_model

    # lazy pieces
    @property
    def encoder(self) -> Any:
        if self._enc is None:
            if isinstance(self._encoder_arg, str):
                from .encoders import get_encoder

                self._enc = get_encoder(self._encoder_arg, device=self._device)
            else:
                self._enc = self._encoder_arg
        return self._enc

    @property
    def model(self) -> dict[str, Any]:
        if self._model is None:
            self._model = _load_model()
        return self._model

    def set_model(self, model: dict[str, Any]) -> None:
        """Use ``model`` (the scorer.json structure) instead of the shipped one (for fitting)."""
        self._model = model
        self._model_hash = None

    @property
    def signature(self) -> str:
        # the loaded encoder's name, or the name an encoder object passed in carries (the bench's cached encoder)
        arg = self._encoder_arg
        name = getattr(self.encoder, "name", arg) if isinstance(arg, str) else getattr(arg, "name", "custom")
        if not isinstance(name, str):
            name = "custom"
        if self._model_hash is None:
            self._model_hash = hashlib.sha1(json.dumps(self.model, sort_keys=True).encode()).hexdigest()[:8]
        cal = self._model_hash
        return f"fidelity|enc:{name}|cal:{self.model.get('version', '?')}-{cal}|v:{SCORER_VERSION}"

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, getattr(self.encoder, "dim", 512)), dtype=np.float32)
        uniq = list(dict.fromkeys(texts))
        emb = np.asarray(self.encoder.encode(uniq), dtype=np.float32)
        index = {t: i for i, t in enumerate(uniq)}
        return emb[[index[t] for t in texts]]

    # ------------------------------------------------------------------ features
    def features(self, pairs: Sequence[tuple[str, str]], src_lang: str = "ru", tgt_lang: str = "en",
                 ) -> tuple[list[PairFeatures], np.ndarray, np.ndarray]:
        """Features of every pair.

        Returns (per-pair features, source embeddings (N, D), rendering embeddings (N, D)).
        """
        src_lang, tgt_lang = norm_lang(src_lang), norm_lang(tgt_lang)
        n = len(pairs)
        texts: list[str] = []
        for s, t in pairs:
            texts.append(s or " ")
            texts.append(t or " ")
        unit_spans: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]] = []
        all_flags = []
        for s, t in pairs:
            su, tu = units(s), units(t)
            unit_spans.append((su, tu))
            texts.extend(s[a:b] for a, b in su)
            texts.extend(t[a:b] for a, b in tu)
            flags_k = evidence.all_flags(s, t, src_lang, tgt_lang)
            for f in flags_k:
                if _spelled_out_acronym(f):
                    f["weak"] = True
            all_flags.append(flags_k)
        # leave-one-out variants: each side without one of its clauses; without an unmatched negation
        variants: list[tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[str, int, int]]]] = []
        var_start = len(texts)
        name_cuts: list[list[tuple[str, int, int]]] = []
        long_pairs = [max(len(s), len(t)) > LONG_TEXT for s, t in pairs]
        for (s, t), flags, long_pair in zip(pairs, all_flags, long_pairs, strict=False):
            cs = clauses(s) if s.strip() else []
            ct = clauses(t) if t.strip() else []
            cs = cs if len(cs) > 1 and not long_pair else []
            ct = ct if len(ct) > 1 and not long_pair else []
            negs: list[tuple[str, int, int]] = []
            for f in flags:
                if f["type"] != "negation":
                    continue
                span: Any = f.get("source_span") or f.get("rendering_span")
                if span:
                    negs.append(("src" if f.get("source_span") else "tgt", int(span[0]), int(span[1])))
            names: list[tuple[str, int, int]] = []
            for f in flags:
                nspan: Any = f.get("source_span") or f.get("rendering_span")
                if f["type"] == "name" and nspan and not _spelled_out_acronym(f):
                    names.append(("src" if f.get("source_span") else "tgt", int(nspan[0]), int(nspan[1])))
            if long_pair:
                negs, names = negs[:LONG_FLAGS], names[:LONG_FLAGS]
            name_cuts.append(names)
            variants.append((cs, ct, negs))
            texts.extend(_cut(s, a, b) for a, b in cs)
            texts.extend(_cut(t, a, b) for a, b in ct)
            texts.extend(_cut(s if side == "src" else t, a, b) for side, a, b in negs)
            for side, a, b in negs + names:  # the marker's (name's) clause with and without it
                txt = s if side == "src" else t
                ca, cb = _clause_of(txt, a)
                texts.append(txt[ca:cb])
                texts.append(_cut(txt[ca:cb], a - ca, b - ca))
        # flagged names and the words of the other side that might translate them (Тихий / Pacific)
        name_jobs: list[list[tuple[dict[str, Any], int, list[str]]]] = []
        for (s, t), flags in zip(pairs, all_flags, strict=False):
            jobs = []
            for f in flags:
                nw = _name_flag_word(f)
                if nw is None:
                    continue
                cands = name_counterparts(t if nw[0] == "src" else s)
                if cands:
                    jobs.append((f, len(texts), cands))
                    texts.append(nw[1])
                    texts.extend(cands)
            name_jobs.append(jobs)
        # content words of each side, each distinct word embedded once
        word_at: dict[str, int] = {}
        pair_words: list[tuple[list[str], list[str]]] = []
        for s, t in pairs:
            cw = (content_words(s), content_words(t))
            pair_words.append(cw)
            for w in cw[0] + cw[1]:
                if w not in word_at:
                    word_at[w] = len(texts)
                    texts.append(w)
        # each negation marker undone, one at a time, on each side (not for a pair past LONG_TEXT)
        abl_at: list[tuple[int, int, int]] = []
        for (s, t), long_pair in zip(pairs, long_pairs, strict=True):
            un_s = [v[3] for v in evidence.without_negations(s, src_lang)] if not long_pair else []
            un_t = [v[3] for v in evidence.without_negations(t, tgt_lang)] if not long_pair else []
            abl_at.append((len(texts), len(un_s), len(un_t)))
            texts.extend(un_s)
            texts.extend(un_t)
        emb = self._encode(texts)
        name_sims: list[list[float]] = []
        left_over = [{str(f["source"] or f["rendering"]) for f in flags if f["type"] == "name"
                      and not _spelled_out_acronym(f)} for flags in all_flags]
        for nk, jobs in enumerate(name_jobs):
            sims = []
            for f, at, cands in jobs:
                c = emb[at + 1 : at + 1 + len(cands)] @ emb[at]
                j = int(np.argmax(c))
                f["match"], f["match_sim"] = cands[j], round(float(c[j]), 3)
                # the closest counterpart is itself a name left over on the other side: a replaced name of the same
                # kind (Смирнова / Kuznetsova, 0.66) unless the two are very close (Луна / Moon, Хорватии / Croatian)
                other_left = cands[j] in left_over[nk]
                if c[j] >= (NAME_WEAK_SIM_PAIR if other_left else NAME_WEAK_SIM):
                    f["weak"] = True
                sims.append(float(c[j]))
            name_sims.append(sims)
        vpos = var_start
        es, et = emb[0 : 2 * n : 2], emb[1 : 2 * n : 2]
        pos = 2 * n
        key = (src_lang, tgt_lang)
        len_exp = self.model.get("len_expected", {}).get(f"{src_lang}-{tgt_lang}", _DEFAULT_LEN.get(key, 0.0))
        quality = self.model.get("quality")
        # the quality estimate is fitted on ru -> en: for en -> ru it reads the pair the other way round
        swap_quality = (tgt_lang, src_lang) == QUALITY_LANGS
        out: list[PairFeatures] = []
        for k, (s, t) in enumerate(pairs):
            su, tu = unit_spans[k]
            us = emb[pos : pos + len(su)]
            pos += len(su)
            ut = emb[pos : pos + len(tu)]
            pos += len(tu)
            cos = float(es[k] @ et[k]) if s.strip() and t.strip() else 0.0
            # coverage: each unit's best match on the other side (its units or the whole text)
            if len(us) and len(ut):
                sim = us @ ut.T  # (Ns, Nt)
                src_cov = np.maximum(sim.max(axis=1), us @ et[k])
                tgt_cov = np.maximum(sim.max(axis=0), ut @ es[k])
            else:
                sim = np.zeros((len(us), len(ut)))
                src_cov = np.zeros(max(len(us), 1))
                tgt_cov = np.zeros(max(len(ut), 1))
            s_min, t_min = float(src_cov.min()), float(tgt_cov.min())
            lr = math.log((len(t) + 5) / (len(s) + 5)) - len_exp
            flags = all_flags[k]
            cs, ct, neg_spans = variants[k]
            vs = emb[vpos : vpos + len(cs)]
            vpos += len(cs)
            vt = emb[vpos : vpos + len(ct)]
            vpos += len(ct)
            vn = emb[vpos : vpos + len(neg_spans)]
            vpos += len(neg_spans)
            vc = emb[vpos : vpos + 2 * (len(neg_spans) + len(name_cuts[k]))]
            vpos += 2 * (len(neg_spans) + len(name_cuts[k]))
            src_gain = vs @ et[k] - cos if len(cs) else np.zeros(0)
            tgt_gain = vt @ es[k] - cos if len(ct) else np.zeros(0)
            neg_gain = [float(vn[i] @ (et[k] if side == "src" else es[k])) - cos
                        for i, (side, _, _) in enumerate(neg_spans)]
            # clause level: the other side's clauses and whole text; its unit closest to the marker's clause
            clause_gain = []
            for i, (side, _, _) in enumerate(neg_spans + name_cuts[k]):
                other = np.vstack([ut[: len(clauses(t)) if t.strip() else 0], et[k][None]]) if side == "src" else \
                    np.vstack([us[: len(clauses(s)) if s.strip() else 0], es[k][None]])
                with_m, without = vc[2 * i], vc[2 * i + 1]
                j = int(np.argmax(other @ with_m))
                clause_gain.append(float(other[j] @ without - other[j] @ with_m))
            gi = 0
            for fl in flags:  # the same order as neg_spans
                if fl["type"] == "negation" and (fl.get("source_span") or fl.get("rendering_span")) \
                        and gi < len(neg_gain):  # (a long pair checks its first LONG_FLAGS markers only)
                    fl["gain"] = round(neg_gain[gi], 4)
                    if neg_gain[gi] <= 0.0:
                        fl["weak"] = True
                    gi += 1
            nums = sum(1 for f in flags if f["type"] == "number")
            counted = [f for f in flags if f["type"] == "name" and not _spelled_out_acronym(f)]
            n_src_only = sum(1 for f in counted if f["rendering"] is None)
            n_tgt_only = sum(1 for f in counted if f["source"] is None)
            n_replaced = min(2, _replaced_names(counted) + _match_replacements(counted, s, t, src_lang, tgt_lang))
            n_negs = sum(1 for f in flags if f["type"] == "negation")
            num_src = sum(1 for x in evidence.extract_numbers(s, src_lang) if x.kind != "ru_ordinal")
            ns_cl = len(clauses(s)) if s.strip() else 0
            nt_cl = len(clauses(t)) if t.strip() else 0
            neg_cl = _negation_clause_mismatch(s, t, su[:ns_cl], tu[:nt_cl], sim[:ns_cl, :nt_cl], src_lang,
                                               tgt_lang) if n_negs and len(us) and len(ut) else 0
            a0, n_un_s, n_un_t = abl_at[k]
            un_gain_s = emb[a0 : a0 + n_un_s] @ et[k] - cos
            un_gain_t = emb[a0 + n_un_s : a0 + n_un_s + n_un_t] @ es[k] - cos
            q = 0.0
            if quality is not None:
                qs, qt = (et[k], es[k]) if swap_quality else (es[k], et[k])
                z = np.concatenate([qs * qt, np.abs(qs - qt), qt, qs])
                q = float(z @ np.asarray(quality["w"], dtype=np.float32) + quality["b"])
            x = np.array([
                cos, s_min, float(src_cov.mean()), t_min, float(tgt_cov.mean()), cos - s_min, cos - t_min,
                lr, max(0.0, -lr), max(0.0, lr), min(nums, 3), min(n_src_only, 3), min(n_tgt_only, 3), min(n_negs, 2),
                min(num_src, 5), q,
                min(3, sum(1 for f in flags if f["type"] == "number" and f["source"] and f["rendering"])),
                min(n_src_only, n_tgt_only, 2),
                float(src_gain.max()) if len(src_gain) else -0.1,
                float(tgt_gain.max()) if len(tgt_gain) else -0.1,
                max(neg_gain) if neg_gain else 0.0,
                min(3, sum(1 for v in name_sims[k] if v < NAME_STRONG_SIM)),
                min(name_sims[k]) if name_sims[k] else 1.0,
                min(neg_cl, 2),
                max(clause_gain[: len(neg_spans)]) if neg_spans else 0.0,
                max(clause_gain[len(neg_spans):]) if name_cuts[k] else 0.0,
                *word_coverage(*best_word_sims(emb, word_at, *pair_words[k])),
                n_replaced,
                min(2, sum(1 for f in flags if f["type"] == "broken")),
                float(un_gain_s.max()) if n_un_s else 0.0,
                float(un_gain_t.max()) if n_un_t else 0.0,
                max((float(str(f["share"])) for f in flags if f["type"] == "repetition"), default=0.0),
                min(2, sum(1 for f in counted if f.get("copied") and not f.get("weak"))),
                min(2, sum(1 for f in flags if f["type"] == "negation" and f.get("double"))),
                *negation_polarity(s, t, su[:ns_cl], tu[:nt_cl], sim[:ns_cl, :nt_cl], src_lang, tgt_lang),
            ], dtype=np.float64)
            # least covered clause on each side (clauses are the first spans in units())
            ws = wt = None
            wsc = wtc = 1.0
            if len(src_gain):  # the clause whose removal brings the source closest to the rendering
                i = int(np.argmax(src_gain))
                ws, wsc = cs[i], float(src_cov[su.index(cs[i])]) if cs[i] in su else 0.0
            elif ns_cl > 1 and len(src_cov) >= ns_cl:
                i = int(np.argmin(src_cov[:ns_cl]))
                ws, wsc = su[i], float(src_cov[i])
            if len(tgt_gain):
                j = int(np.argmax(tgt_gain))
                wt, wtc = ct[j], float(tgt_cov[tu.index(ct[j])]) if ct[j] in tu else 0.0
            elif nt_cl > 1 and len(tgt_cov) >= nt_cl:
                j = int(np.argmin(tgt_cov[:nt_cl]))
                wt, wtc = tu[j], float(tgt_cov[j])
            out.append(PairFeatures(x, tuple(flags), ws, wt, wsc, wtc))
        return out, es, et

    # ------------------------------------------------------------------ scoring
    def _heads(self, X: np.ndarray, damage_logit: np.ndarray | None = None,
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(N, F) raw features -> fidelity, omission, addition, each (N,) in [0, 1].

        ``damage_logit`` (N,): the tree detector's logits to use instead of its own (``scripts/fit_scorer.py`` passes
        out-of-fold logits for the pairs the trees were fitted on)."""
        m = self.model
        Z = (expand_features(X, m.get("knots", [])) - np.asarray(m["mean"])) / np.asarray(m["std"])
        out = {}
        head_logit = {}
        for head in ("omission", "addition"):
            w = np.asarray(m[head]["w"], dtype=np.float64)
            head_logit[head] = Z @ w + m[head]["b"]
            out[head] = _sigmoid(head_logit[head])
            full = m[head].get("full")
            if full:
                # the full degree (a detached rendering; for addition also a loop) lifts the graded score
                p_full = _sigmoid(Z @ np.asarray(full["w"], dtype=np.float64) + float(full["b"]))
                out[head] = 1.0 - (1.0 - out[head]) * (1.0 - p_full)
        if "detector" in m:
            # P(no damage) from the detector, times the quality estimate on the human 0-1 scale
            logit = Z @ np.asarray(m["detector"]["w"], dtype=np.float64) + m["detector"]["b"]
            q = np.clip(X[:, FEATURES.index("quality")], 0.05, 1.0)
            fid = q * _sigmoid(logit) ** float(m.get("alpha", 0.3))
            step = m.get("step")
            if step:
                # a step-like penalty where the detector is confident (logit under t): catches damage without
                # pulling down the many renderings the detector is unsure about (which cost Pearson with humans)
                ps = _sigmoid(float(step["s"]) * (float(step["t"]) - logit))
                if "cap" in step:  # brought down to at most cap (a poor rendering keeps its score)
                    fid = fid * (1.0 - ps) + ps * np.minimum(fid, float(step["cap"]))
                else:
                    fid = fid * (1.0 - float(step["c"]) * ps)
            heads_step = m.get("heads_step")
            if heads_step:
                # the omission / addition heads are sharper on their own kind than the shared detector: a penalty of
                # up to c where either is above its threshold (one c for both heads, or c_omission / c_addition)
                s_ = float(heads_step["s"])
                pen = np.maximum(
                    float(heads_step.get("c_omission", heads_step.get("c", 0.0)))
                    * _sigmoid(s_ * (head_logit["omission"] - float(heads_step["t_omission"]))),
                    float(heads_step.get("c_addition", heads_step.get("c", 0.0)))
                    * _sigmoid(s_ * (head_logit["addition"] - float(heads_step["t_addition"]))))
                fid = fid * (1.0 - pen)
            unrelated = m.get("unrelated")
            if unrelated:
                # the caps keep a poor rendering's score: one hardly related to the source (cosine under cos_full;
                # no faithful dev pair is) is scaled down with its cosine, whatever the quality estimate says
                fid = fid * np.clip(X[:, 0] / float(unrelated["cos_full"]), 0.0, 1.0)
            damage = m.get("damage")
            if damage:
                # the tree detector (gradient-boosted trees on the same features, :mod:`align.trees`): where its damage
                # logit is above what a small share of the faithful fit pairs reach, fidelity is capped like below
                dl = ensemble_logit(X, damage) if damage_logit is None else damage_logit
                st_ = damage["step"]
                p = _sigmoid(float(st_["s"]) * (dl - float(st_["t"])))
                fid = fid * (1.0 - p) + p * np.minimum(fid, _graded_cap(st_, dl))
            for head in ("negation", "name"):
                hm = m.get(head)
                if not hm or "step" not in hm:
                    continue
                # the negation head (negation evidence and polarity features) and the name head (name evidence):
                # where one is above what a small share of the faithful fit pairs reach, fidelity is brought down
                # to at most ``cap`` (a cap, not a factor: a rendering that is poor anyway keeps its score, which
                # keeps the correlation with human scores)
                nl = Z @ np.asarray(hm["w"], dtype=np.float64) + float(hm["b"])
                st_ = hm["step"]
                p = _sigmoid(float(st_["s"]) * (nl - float(st_["t"])))
                fid = fid * (1.0 - p) + p * np.minimum(fid, _graded_cap(st_, nl))
            for key, feature in _RULE_CAPS:
                rule = m.get(key)
                if rule:  # checkable evidence: capped wherever the feature is present
                    hit = X[:, FEATURES.index(feature)] >= 1
                    fid = np.where(hit, np.minimum(fid, float(rule["cap"])), fid)
            # words repeated in a loop render nothing: fidelity scaled by the share of the rendering that is not
            # such repetition (as for an untranslated share)
            fid = fid * (1.0 - np.clip(X[:, FEATURES.index("tgt_repeat")], 0.0, 1.0))
        else:
            fid = _sigmoid(Z @ np.asarray(m["fidelity"]["w"], dtype=np.float64) + m["fidelity"]["b"])
        cal_map = m.get("calibration")
        if cal_map:
            # a monotone map onto the expected human score / 100 (fitted on MLQE-PE train): changes no ranking
            fid = np.interp(fid, np.asarray(cal_map["x"], dtype=np.float64), np.asarray(cal_map["y"], dtype=np.float64))
        return fid, out["omission"], out["addition"]

    def score_pairs(self, pairs: Sequence[tuple[str, str]], src_lang: str = "ru", tgt_lang: str = "en",
                    refs: Sequence[str] | None = None, labels: Sequence[str] | None = None) -> list[PairScore]:
        """Score every (source, rendering) pair (batched). ``refs``: optional reference renderings, one per pair;
        ``labels``: optional names of the pairs for warnings (``"pairs.tsv line 12"``; default ``"pair 12"``)."""
        pairs = [(s or "", t or "") for s, t in pairs]
        if not all(isinstance(s, str) and isinstance(t, str) for s, t in pairs):
            raise TypeError("score_pairs: each pair must be two strings (source, rendering)")
        if refs is not None and len(refs) != len(pairs):
            raise ValueError(f"score_pairs: {len(refs)} references for {len(pairs)} pairs; give one per pair")
        src_lang, tgt_lang = norm_lang(src_lang), norm_lang(tgt_lang)
        if not pairs:
            return []
        for k, (s, t) in enumerate(pairs):
            if max(len(s), len(t)) > LONG_TEXT:
                log.warning("%s: %d / %d characters, far longer than a sentence or paragraph: scored with sampled "
                            "word windows and no leave-one-clause-out check",
                            labels[k] if labels is not None else f"pair {k + 1}", len(s), len(t))
        feats, _, _ = self.features(pairs, src_lang, tgt_lang)
        X = np.stack([f.x for f in feats])
        fid, om, add = self._heads(X)
        ref_rows = ref_metrics([t for _, t in pairs], refs, tgt_lang) if refs is not None else None
        th = self.model.get("thresholds", _DEFAULT_MODEL["thresholds"])
        sig = self.signature
        out = []
        for k, (s, t) in enumerate(pairs):
            f = feats[k]
            flags = _pair_names([dict(fl) for fl in f.flags])
            if not s.strip() or not t.strip():
                fidk, omk, addk = 0.0, 1.0 if s.strip() else 0.0, 1.0 if t.strip() else 0.0
            else:
                fidk, omk, addk = float(fid[k]), float(om[k]), float(add[k])
            untranslated = evidence.untranslated_share(s, t, src_lang, tgt_lang) if s.strip() and t.strip() else 0.0
            if untranslated >= UNTRANSLATED_SHARE:
                # still in the source language (a copy, a line left untranslated): the encoder finds it as close as a
                # good translation, or closer; it is no rendering
                fidk *= 1.0 - untranslated
                flags.append({"type": "untranslated", "source": None, "rendering": t.strip()[:80],
                              "share": round(untranslated, 3)})
            if omk >= th["omission"] and f.worst_src is not None:
                a, b = f.worst_src
                flags.append({"type": "omission", "source": s[a:b], "rendering": None, "source_span": [a, b],
                              "coverage": round(f.worst_src_cov, 3)})
            if addk >= th["addition"] and f.worst_tgt is not None and not any(
                    fl["type"] == "repetition" for fl in flags):  # a loop is the added content: its flag says so
                a, b = f.worst_tgt
                flags.append({"type": "addition", "source": None, "rendering": t[a:b], "rendering_span": [a, b],
                              "coverage": round(f.worst_tgt_cov, 3)})
            if not t.strip() and s.strip():
                verdict = "partial"
            elif not s.strip() and t.strip():
                verdict = "altered"
            elif untranslated >= UNTRANSLATED_SHARE:
                verdict = "unrelated"
            else:
                verdict = self._verdict(float(f.x[0]), fidk, omk, addk, flags, th)
            out.append(PairScore(
                similarity=float(f.x[0]), fidelity=fidk, omission=omk, addition=addk, flags=tuple(flags),
                verdict=verdict, ref=ref_rows[k] if ref_rows is not None else None, signature=sig,
            ))
        return out

    @staticmethod
    def _verdict(cos: float, fid: float, om: float, add: float, flags: list[dict[str, Any]],
                 th: dict[str, float]) -> str:
        """faithful / paraphrase / partial / altered / unrelated from the scores and the evidence."""
        if cos < th["unrelated_cos"]:
            return "unrelated"
        if any(f["type"] == "repetition" for f in flags):
            return "altered"  # words repeated in a loop: content with no source (a machine translation's loop)
        # a negation marker counts as evidence only when deleting it brings its side closer to the other
        # (the flag stays in the output, marked weak, otherwise)
        hard = [f for f in flags if f["type"] in ("number", "currency")
                or (f["type"] == "negation" and not f.get("weak"))]
        names = [f for f in flags if f["type"] == "name" and not f.get("weak")]
        if any(f["type"] in ("number", "currency") and f.get("source") and f.get("rendering") for f in hard):
            return "altered"  # a value changed: both sides are in the evidence
        replaced = any(f.get("source") and f.get("rendering")
                       and evidence.replaced_name(str(f.get("place") or f["source"]), str(f["rendering"]))
                       for f in names)
        broken = any(f["type"] == "broken" for f in flags)
        if fid < th["flag"]:
            if om >= th["omission"] and om >= add:
                return "partial"
            if broken and not hard and not names:
                return "partial"  # a word cut out: the syntax around it is broken
            if hard or names or add >= th["addition"]:
                return "altered"
            return "altered" if fid < th["flag"] / 2 else "paraphrase"
        if om >= th["omission"] and om >= add:
            return "partial"
        added = [f for f in flags if f["type"] == "addition"]
        if add >= th.get("addition_altered", th["addition"]) and (
                not added or len(content_words(str(added[0]["rendering"]))) >= ADDED_CONTENT_WORDS):
            return "altered"  # a lot added; a little added to a faithful rendering is a translator's expansion (an
            # interpreter's "by the way," / "Shall we end here" for "Закончим": one content word)
        if (hard and fid < (th["flag"] + th["faithful"]) / 2) or (replaced and fid < th["faithful"]):
            return "altered"  # a name replaced by another (both in the evidence) is as plain as a changed number
        return "faithful" if fid >= th["faithful"] and not hard and not names else "paraphrase"

    def sentence_score(self, source: str, rendering: str, src_lang: str = "ru", tgt_lang: str = "en",
                       ref: str | None = None) -> PairScore:
        """Score one pair (see :meth:`score_pairs`)."""
        return self.score_pairs([(source, rendering)], src_lang, tgt_lang, refs=[ref] if ref is not None else None)[0]

    def corpus_score(self, sources: Sequence[str], renderings: Sequence[str], src_lang: str = "ru",
                     tgt_lang: str = "en", refs: Sequence[str] | None = None) -> CorpusScore:
        """Mean scores and verdict counts over aligned lists; corpus chrF++/BLEU/TER when ``refs`` given."""
        if isinstance(sources, str) or isinstance(renderings, str):
            raise TypeError("corpus_score: sources and renderings are lists of strings (for one pair use "
                            "sentence_score)")
        if len(sources) != len(renderings):
            raise ValueError(f"corpus_score: {len(sources)} sources but {len(renderings)} renderings; the lists "
                             f"must be aligned, one rendering per source")
        if refs is not None and len(refs) != len(sources):
            raise ValueError(f"corpus_score: {len(refs)} references for {len(sources)} pairs; give one per pair")
        scores = self.score_pairs(list(zip(sources, renderings, strict=True)), src_lang, tgt_lang)
        return corpus_of(scores, renderings, refs, tgt_lang, self.signature)
