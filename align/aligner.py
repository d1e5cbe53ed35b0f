"""Sentence aligner: multilingual sentence embeddings + a two-pass banded dynamic program.

Pass 1 finds 1-1 anchors (with 1-0 / 0-1) over sentence embeddings in linear time
(:func:`align.dp.coarse_to_fine_path`, Vecalign-style recursive downsampling). Pass 2 searches all
links up to ``max_size`` sentences in total (1-1, 1-2 … 1-4, 2-3 …, 0-1, 1-0) in a narrow band
around the anchor path (Bertalign's second pass). Each candidate link is scored from:

* the cosine of its *span* embeddings (consecutive sentences joined and embedded once; only where a
  span holds a sentence without a confident pass-1 anchor, elsewhere the mean of its sentence
  embeddings: half the encoder work, same accuracy on dev);
* Bertalign's margin against the sentences just outside the link (weight 0.5) and its length penalty;
* a length model fitted per document (robust mean / spread of the log length ratio of the anchors);
* the gain of an n-m link over its best sub-link (one sentence fewer on a side);
* shared numbers and capitalised Latin-script words (hashed counts);
* a penalty for n-m links, and a skip score that grows with the sentence's best 1-1 similarity.

A second pass over the DP path (:meth:`Aligner.merge_pass`) then looks at each pair of adjacent links (a link
and a neighbouring sentence left without counterpart, or two links) and merges them where a logistic model
(:class:`MergeModel`, fitted by ``scripts/fit_aligner.py`` on Text+Berg dev and FLORES dev with simulated merges
and deletions, shipped in ``align/resources/aligner.json``) gives the merged link a probability above its
threshold. Features: cosines of the merged link and of its parts, cross cosines between the parts, the gain of the
merged cosine over the best part and over the length-weighted mean of the parts, the best 1-1 similarity of a
sentence left alone, length-model z^2 and lexical overlap of merged link and parts, the parts' calibrated scores,
the similarity of the two parts on each side, and the anchor tokens (numbers, capitalised Latin-script words) the
merged link shares between its sides only across the boundary of its parts (:func:`cross_tokens`: in one part's
source and the other part's target: "Evans" in ``Leiter Ch . | Evans , ...`` against ``Chef Ch.Evans ; | ...``;
tokens found in more than 5 sentences of a side do not count; Text+Berg dev: 7 of 8 path candidates with such a
token are gold merges, 10 of 358 without; its L2 penalty is a quarter of the others'. Strict F1 with the refitted
model 0.9255 -> 0.9362, cross-validated at the shipped threshold 0.922 -> 0.936, nested 0.9255 -> 0.940, NTREX
0.9916 / 0.9914 -> 0.9922 / 0.9919). Two links are never merged across a point where both sides start a
new paragraph (when the caller gives paragraph numbers), and a sentence left without counterpart that has no word
of two letters (OCR debris such as ``24 a !``, ``h * "``; :func:`is_junk`) is never merged into a neighbour: the
Text+Berg gold leaves such debris unaligned (15 of 18 cases), and the merge model took it in where its low best
similarity looked like a merged sentence (Text+Berg dev 0.9215 -> 0.9255 with the shipped model, cross-validated
0.918 -> 0.922, nested 0.9215 -> 0.9255; NTREX unchanged). The DP alone turns most gold merges into a 1-1 plus a
sentence without counterpart, because the same pattern is a real deletion in NTREX; the pass learns to tell them
apart.

The link score reported is a logistic calibration (:data:`CALIBRATION`) of the probability that the
link is exactly right (for a merged link: the merge model's probability); ``unsure`` marks links below
``unsure_below``. Measured on dev data (strict F1, ``scripts/bench_align.py``): Text+Berg dev 0.853
(Bertalign-like settings) -> 0.887 -> 0.897 with links of up to 6 sentences (``max_size`` 6: 1-5, 2-4, 3-3 gold
links exist) -> 0.918 with the merge pass (cross-validated over 8 parts of the document; 0.922 with the shipped
model, fitted on all of it), NTREX ru-en with simulated merges/deletions 0.972 -> 0.991 -> 0.992 per document,
0.982 -> 0.988 -> 0.991 as one document (NTREX is not used to fit the merge model).

Tried and measured without gain (Text+Berg dev, tuned on one half / checked on the other, and NTREX): real span
embeddings for every span in the band (identical links to ``real_spans="needed"``); Vecalign's cosine
normalisation by random pairs (in place of or mixed with the raw cosine: TB halves -0.008 / 0.000); Vecalign's
link cost scaled by the number of sentences (``size_weight``: large losses); detokenising the OCR text before
embedding (" ," -> ",", "d' " -> "d'": -0.008) or averaging tokenised and detokenised embeddings (-0.010);
cognate prefixes in the lexical feature; a bonus for n-m links that lose little cosine over their sub-links
(helps a few merges, breaks more links on both sets); grids over skip / skip_k / skip_c, multi_penalty,
type_penalty, gain, margin, lexical and length weights and the length-penalty exponent (the defaults are the
optimum on both halves; differences of 1-4 links are noise). ``max_size`` 7: 0.896. Around the merge pass
(cross-validated Text+Berg dev strict F1 against 0.918, NTREX per document / long against 0.992 / 0.991): a second
round of merges (0.918, no change); a split pass that cuts an n-m link where the merge model gives it a low
probability (0.914, NTREX +0.001); the DP's own move scores and margins as extra features (0.914, NTREX 0.991 /
0.990); separate weights for skip merges and link merges (0.905); quadratic feature terms (0.922 at best, NTREX
0.992 / 0.991: within noise, not worth the extra weights); weighting Text+Berg examples 3x (0.925, NTREX 0.985 /
0.987) or 10x; no gold-derived training examples (0.900-0.907); NTREX with other perturbations as extra training
data (0.91, and it would leak into the NTREX check).

Second round (Text+Berg dev strict F1 by nested cross-validation over 8 parts, the merge threshold also chosen
inside each fold: 0.9215 for the shipped features; NTREX per document / long at the shipped threshold 0.9916 /
0.9914), measured without gain:

* clause-level evidence for merges: each sentence cut into clause pieces (at , ; : . dashes and coordinating
  conjunctions of de/fr/en/ru, pieces under 15 characters joined), every cut of the merged link's source and
  target pieces into two links scored by the (character-weighted or plain) mean cosine of its two parts, and the
  best cut off the sentence boundary minus the sentence-boundary cut added as merge features: 0.919 (weighted),
  0.914 (plain), 0.913 (both), 0.918 (only for link + link candidates); NTREX unchanged within 0.001. The clause
  cosines are noisy: the best off-boundary cut beats the sentence boundary for 61% of the Text+Berg link pairs
  that must stay apart and 75% of those that must merge;
* a learned DP link scorer: a logistic model of "this candidate link is a gold link" over the band features
  (cosine, margin, length penalty, length z^2, gain over sub-links, lexical overlap, link group and group x
  cosine), fitted on the merge model's data (gold band cells of Text+Berg dev parts + FLORES synthetic), with a
  logistic skip model: as the DP score (p - lambda: 0.70-0.75; log p + mu: 0.71-0.77; NTREX 0.92-0.97) or added
  to the hand-tuned score (beta * (p - 0.5), DP alone 0.8969 -> 0.889 / 0.875 / 0.855 for beta 0.05 / 0.1 /
  0.2). A per-cell classifier saturates near 1 for a good 1-1 link and for the n-m links that contain it, so it
  cannot make the choice the DP has to make;
* Bertalign's recipe on our encoder and first pass (cosine of real span embeddings minus its neighbour margin
  (weight 1), times its length penalty, skip -0.1, links up to 5 sentences, band 5, no other features, no merge
  pass): Text+Berg dev 0.853 / lax 0.974, NTREX 0.972 per document, 0.982 long (our DP alone: 0.897 / 0.991 /
  0.988; with the merge pass 0.9215 / 0.9916 / 0.9914).

Third round: structured learning of the DP's link-score weights over whole paths, measured without gain. The
hand-tuned score is linear in 6 link features (cosine x length penalty, margin x length penalty, lexical overlap x
length penalty, gain over sub-links, length z^2 capped at 9, n-m indicator) and 2 skip features (1, best 1-1
cosine); 9 more were offered to the learner (one indicator per link group, raw cosine, raw length penalty, raw
lexical overlap, a per-link constant). Weights started from the hand-tuned ones (which the linear form reproduces
to 1e-7) and were learned over whole DP paths of Text+Berg dev parts (8 sub-documents, the gold path forced into
the band) + the FLORES synthetic documents of ``scripts/fit_aligner.py``; Text+Berg dev cross-validated by part
(each part's band cells scored by weights learned without it), NTREX never used for training. DP alone, against
0.8969 (NTREX 0.9911 per document / 0.9877 long):

* averaged structured perceptron (w += lr (phi(gold path) - phi(predicted path))), lr 0.001-0.01, 1-5 epochs:
  0.853-0.888; with cost-augmented decoding (max-margin, +0.1 per non-gold link): 0.853-0.878; Text+Berg parts
  only: 0.795-0.865 (NTREX 0.78-0.97); Text+Berg weighted 10x: 0.855 (NTREX 0.80); otherwise NTREX 0.967-0.990;
* the same as AdaGrad subgradient steps of the structured hinge (scale-free per feature): 0.883-0.885 (all 15
  features; 0.869 with Text+Berg weighted 5x), 0.887-0.892 (the 6 hand-tuned features only); with an L2 pull
  towards the hand-tuned weights (lambda 1 / 10): 0.886 / 0.8955 (lambda 10 leaves the weights within 0.01 of
  the start);
* hope/fear updates (towards the best path under score + 0.1 per gold link, away from the best under score +
  0.1 per non-gold link): 0.883 (15 features), 0.8965 (6 features), 0.894 (Text+Berg only);
* direct search of strict F1 (coordinate steps of +-0.01 / 0.03 on every weight, 2 rounds, Text+Berg parts):
  0.893 cross-validated (0.898 on its own training parts), NTREX 0.989 / 0.985;
* only the 5 link-group constants and the per-link constant learned: 0.882-0.8955;
* a new feature for links with 2+ sentences on both sides, the cosine minus the best mean cosine of a cut into
  two sub-links (plain and times the length penalty): learned weights within +-0.005, 0.8886-0.8955;
* FLORES only (no Text+Berg): FLORES 0.9863 -> 0.990-0.994, NTREX 0.990-0.992 / 0.990-0.9925, Text+Berg
  0.878-0.892: the two domains pull the weights apart.

Learning lowers the structured hinge on the training paths while its strict F1 there falls (Text+Berg parts
0.896 -> 0.872-0.885): on these features the path objective and strict F1 disagree (our reading, not measured
link by link: the updates chase gold n-m links that these features score below their split into two plausible
links, and break more 1-1 and skip decisions than they fix). With the shipped merge pass on top (same merge
model) the learned DP stays behind: 0.9165 / 0.9148 against 0.9215 (NTREX 0.990 / 0.987 per document). The
hand-tuned weights stay.

Fourth round (after the OCR-debris rule and the cross-boundary anchor feature ``lex_cross``; Text+Berg dev strict
F1 cross-validated at the threshold ``scripts/fit_aligner.py`` chooses, against 0.936, nested 0.940; NTREX per
document / long against 0.9922 / 0.9919), measured without gain:

* how weak the sentence boundary between the two links is (the previous sentence ends with ``:`` / ``;``, or the
  next opens with a lower-case letter, a digit or punctuation), as merge features per side, per side and kind, or
  as "weak on one side only" (before the debris rule): nested 0.896-0.918 against 0.9215 (French ``;``
  boundaries are inside a gold link 52 times of 65, but list items with ``:`` / ``;`` on both sides are separate
  links); in the DP as a bonus per weak boundary inside an n-m link (0.02 / 0.05 / 0.1: DP alone 0.8969 ->
  0.892 / 0.888 / 0.877) or a penalty for a link that ends at a weak boundary on one side only (0.05 / 0.15:
  0.8969 / 0.880);
* a higher DP skip score for sentences without a word (0.05-0.4: 0.8970-0.887): the merge-pass rule is enough;
* Vecalign's normalised cosine (minus the mean cosine with 64 random sentences of the other side) of the merged
  link and of its parts as merge features (before ``lex_cross``): nested 0.9255 -> 0.9185, NTREX long -0.002;
* real span embeddings for every span in the merge features (``real_spans="all"``): nested 0.936 against 0.940;
* brackets / guillemets left open by a part and closed by the merged link: 0.922 at the chosen threshold, NTREX
  0.991 / 0.990 (5 Text+Berg candidates have it);
* accent-folded 4-7 letter word prefixes (cognates: Geoid / géoïde) as extra anchor tokens of ``lex_cross``:
  +0.0014 (one link), NTREX -0.0006 / -0.0005;
* synthetic 2-2 training links (FLORES: a clause moved across a sentence boundary on one side, 5% / 15% of
  adjacent 1-1 pairs, before ``lex_cross``): Text+Berg 0.926 / 0.912 at best, NTREX at most 0.987 / 0.976;
* a second merge round: no link changes; merging three adjacent path links: only 2 Text+Berg gold links would
  need it (one with OCR debris inside);
* moving one sentence across the boundary of two adjacent links where the calibrated link probabilities gain
  (a local re-split in place of the DP's choice): of the 15 largest gains 2 fix two gold links, 12 break one or
  two;
* in the DP, a penalty per rare anchor token of a link's side found in a sentence just outside the link on the
  other side and not inside it (64-bit token masks; 0.02 / 0.05 / 0.1 per token, at most 3: DP alone 0.8969 /
  0.880 / 0.883, NTREX unchanged): half the band cells get some penalty, right links too;
* the two parts' length z-scores pointing opposite ways (source longer in one part, target in the other: content
  moved across the boundary) as a merge feature: nested 0.941, 0.936 at threshold 0.4 with NTREX 0.9905 / 0.9902;
* no gold-derived training examples (``--no-aug``): 0.926;
* Russian and Latin names as anchor tokens of ``lex_cross`` for Cyrillic-Latin pairs (transliterated consonant
  skeletons, ``Эрдоган`` / ``Erdogan`` -> ``ardg``): the FLORES ru-en candidates then carry noisier cross tokens
  and the feature's weight falls: Text+Berg 0.916 at threshold 0.4 (0.927 at 0.35), NTREX 0.9925 / 0.9919;
* L2 penalty 5 / 20 (0.927 / 0.924 at the chosen threshold against 10: 0.936); DP lexical weight 0.3 / 0.8 with
  a refitted model (0.936 with NTREX 0.9917 / 0.918 at best with NTREX under 0.99, against 0.5: 0.936).

Fifth round (session 6, DP settings with the shipped merge model; Text+Berg dev strict F1 against 0.9362): the
CSLS-like margin against each sentence's k nearest neighbours in the band (``knn_weight`` 0.1 / 0.25 / 0.5 with
``knn_k`` 2 / 4 / 8): 0.896-0.932, worse the larger the weight; band width 4 / 8 / 10: 0.9362 / 0.9362 / 0.9348;
coarse width 8 / 20, anchor cosine 0.6, spans of 5 sentences: 0.9362; anchor cosine 0.4: 0.9327.

Sixth round (session 9), measured without gain:

* posterior (minimum-Bayes-risk) decoding: forward-backward over the band with the DP scores as log-potentials at
  temperature T, then the path maximising the sum of link posteriors minus lambda per link. DP alone, Text+Berg dev
  against Viterbi's 0.8969 (NTREX, 60 documents: 0.9928): T 0.01-0.02 gives Viterbi's path; T 0.05 / 0.1 with
  lambda 0-0.5 gives 0.802-0.8969 (NTREX 0.975-0.9946). The scores are not calibrated log-probabilities, and the
  marginals add nothing the best path lacks;
* gradient-boosted trees (scikit-learn ``HistGradientBoostingClassifier``; 100-300 trees of 4-16 leaves) as the
  merge model, alone or averaged with the logistic model: nested 0.925-0.940 against 0.940, cross-validated at the
  threshold that keeps NTREX 0.921-0.934 against 0.936, NTREX never better;
* a lower merge threshold: 0.3 gives Text+Berg dev 0.9398 cross-validated (nested: every fold picks 0.25-0.3) but
  NTREX 0.9890 / 0.9870 against 0.9922 / 0.9919, about 6 NTREX links lost for 1.5 Text+Berg links won.
* the embeddings centred per document and side (minus alpha times the document's mean vector, re-normalised; a
  language-identity component removed): with mean span embeddings, DP alone 0.8231 -> 0.8198 / 0.8165 for alpha
  0.5 / 1 (NTREX 0.9846 -> 0.9821 / 0.9803);
* document size: Text+Berg dev cut at gold link boundaries into 2 / 3 / 4 / 6 documents aligned one by one (the test
  set has 7 documents of about 140 sentences) gives 0.9338 / 0.9338 / 0.9338 / 0.9373 against 0.9362 whole: no loss
  on small documents.

Seventh round (session 20), measured without gain: the source side's embeddings (sentences and real spans) mapped
onto the target side by a linear map fitted on the aligner's own confident 1-1 links (score >= 0.8 / 0.95 / 0.97 /
0.99), then aligned again. Orthogonal Procrustes shrunk towards the identity (lambda 0.1-1) or ridge towards the
identity (alpha 0.001-0.3), per document or one map for all: Text+Berg dev 0.9313-0.9387 against 0.9362 (the best, one
link more, breaks 4 NTREX long links: 0.9902), DP alone 0.8944-0.8969 against 0.8969, NTREX per document
0.9908-0.9922. The anchors' cosine rises from 0.67 to 0.82-0.92, yet at most 2-10 links change: a domain map makes
the embeddings no more discriminating.

What is left on Text+Berg dev (17 wrong regions): gold n-m links that the DP splits into two or three plausible
links without a rare anchor token across them (5 regions), a sentence moved across a link boundary (4, two of them
doubtful gold), gold links that are not contiguous, cross or leave a sentence out (5), OCR debris inside a gold
link (2) and a heading ("Literatur :") merged where the gold leaves it alone (1).
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import dp
from .io import clean_for_model, norm_lang
from .segmenter import segment
from .types import Alignment, Link, Sentence

log = logging.getLogger("align")

#: texts per encoder call (bounds the encoder's working memory on very long documents)
_EMBED_CHUNK = 8192


#: the largest ``max_size`` (sentences in one link): the DP keeps its moves' indices in int8 (fewer than 128 moves), and
#: a link of more than 12 sentences is no alignment a reader can check (Text+Berg dev: 7 did no better than 6)
MAX_LINK_SIZE = 12


@dataclass(frozen=True)
class AlignerOptions:
    """Tunable settings of the aligner (defaults measured on dev data, see scripts/bench_align.py)."""

    max_size: int = 6
    #: band half-width (rows and columns) of pass 2 around the pass-1 path
    width: int = 6
    #: band half-width of the coarse-to-fine refinement of pass 1
    coarse_width: int = 12
    #: pass 1 searches the full grid up to this many nodes
    max_cells: int = 4_000_000
    #: score of leaving a sentence without counterpart in pass 2
    skip: float = 0.0
    #: skip score of pass 1 (raw cosine scale)
    skip1: float = 0.0
    margin: bool = True
    #: weight of the neighbour margin subtracted from the cosine
    margin_weight: float = 0.5
    len_penalty: bool = True
    #: link score = ((a + b) / 2) ** size_weight * (adjusted similarity - tau) - penalty for non 1-1
    size_weight: float = 0.0
    tau: float = 0.0
    multi_penalty: float = 0.05
    #: sentence-dependent skip: skip - skip_k * max(0, best 1-1 similarity of the sentence - skip_c) (skip_c was
    #: documented as 0.3 but unused; hinge at 0.3-0.6 measured: no gain)
    skip_k: float = 0.2
    skip_c: float = 0.0
    gain_weight: float = 0.3
    #: extra penalty per link group ("1-2", "2-2", "1-3", "2-3", "1-4"; symmetric) on top of multi_penalty
    type_penalty: dict[str, float] = field(default_factory=dict)
    #: weight of the lexical anchor feature (shared numbers and capitalised Latin-script words)
    lex_weight: float = 0.5
    #: weight of an n-n link's gain over its diagonal chain of 1-1 links
    diag_weight: float = 0.0
    #: weight of the margin against each sentence's k nearest neighbours in the band (CSLS-like)
    knn_weight: float = 0.0
    knn_k: int = 4
    lenz_weight: float = 0.01
    #: "learned" (linear model over link features, weights fitted on dev data) or "bertalign"
    model: str = "bertalign"
    #: span embeddings: "all" (every span of 2..max_span sentences embedded, like Bertalign), "needed"
    #: (embedded only where a span contains a sentence without a confident pass-1 1-1 anchor; elsewhere the
    #: normalised mean of its sentence embeddings) or "none" (means only)
    real_spans: str = "needed"
    #: weight of the mean sentence embedding mixed into a real span embedding (0 = real only)
    mean_mix: float = 0.0
    #: pass-1 1-1 links with a cosine at least this are confident anchors (for real_spans="needed")
    anchor_sim: float = 0.5
    #: longest span (sentences) embedded for one side of a link
    max_span: int = 4
    #: the link score is the calibrated probability that the link is exactly right; links below this are
    #: flagged unsure (0.8 on dev: flagged links are 68-72% right, the others 86-99%)
    unsure_below: float = 0.8
    #: second pass over the DP path: merge two adjacent links (a link and a neighbouring sentence left
    #: without counterpart, or two links) when a classifier fitted on dev data (:data:`MERGE_MODEL_PATH`,
    #: ``scripts/fit_aligner.py``) gives the merged link a probability of being right above ``merge_threshold``
    merge_pass: bool = True
    #: None: the threshold stored with the fitted model
    merge_threshold: float | None = None
    #: the merge pass leaves a sentence without counterpart alone when it has no word (:func:`is_junk`)
    keep_junk_apart: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def _is_int(x: Any) -> bool:
    return isinstance(x, (int, np.integer)) and not isinstance(x, bool)


def _check_options(o: AlignerOptions) -> None:
    """ValueError naming the option for settings the algorithm cannot run with."""
    for name in ("width", "coarse_width", "max_cells", "max_span", "knn_k"):
        v = getattr(o, name)
        if not _is_int(v) or v < 1:
            raise ValueError(f"aligner option {name} must be a whole number >= 1, not {v!r}")
    if o.model not in ("bertalign", "learned"):
        raise ValueError(f"aligner option model must be 'bertalign' or 'learned', not {o.model!r}")
    if o.real_spans not in ("all", "needed", "none"):
        raise ValueError(f"aligner option real_spans must be 'all', 'needed' or 'none', not {o.real_spans!r}")


def presplit_sentences(text: str) -> list[Sentence]:
    """Each non-empty line of ``text`` is one sentence (stripped; offsets into ``text``).

    Lines end at ``\\n`` only (a ``\\r`` before it is stripped), as the line numbers of an alignment file count them;
    ``align.io.read_text`` has turned every other line end into ``\\n``."""
    out: list[Sentence] = []
    pos = 0
    para = 0
    blank = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            if blank and out:
                para += 1
            start = pos + (len(line) - len(line.lstrip()))
            out.append(Sentence(start, start + len(stripped), stripped, para))
            blank = False
        else:
            blank = True
        pos += len(line) + 1
    return out


def segment_text(text: str, lang: str) -> list[Sentence]:
    """Sentences of ``text`` via :func:`align.segmenter.segment`."""
    return list(segment(text, lang))


def mean_link_similarity(links: Sequence[Link], es: np.ndarray, et: np.ndarray) -> float:
    """Mean cosine over the links with both sides of the (normalised) mean embeddings of their sentences.

    ``es`` (n, d) and ``et`` (m, d) are the sentence embeddings; 0.0 when no link has both sides.
    """
    sims = []
    for ln in links:
        if ln.src and ln.tgt:
            x = es[list(ln.src)].sum(axis=0)
            y = et[list(ln.tgt)].sum(axis=0)
            sims.append(float(x @ y) / max(float(np.linalg.norm(x) * np.linalg.norm(y)), 1e-8))
    return sum(sims) / len(sims) if sims else 0.0


#: features of a candidate link: cosine of the span embeddings, neighbour margin, Bertalign's length
#: penalty, squared z-score of the log length ratio under the document's length model, gain over the
#: best sub-link, bias.
N_FEATURES = 6
FEATURE_NAMES = ("sim", "margin", "lenpen", "lenz2", "gain", "bias")
GROUPS = ("1-1", "1-2", "1-3", "1-4", "2-2", "2-3")


def move_group(a: int, b: int) -> str:
    """Weight group of an a-b link (symmetric; larger links share the weights of the largest group)."""
    lo, hi = min(a, b), max(a, b)
    key = f"{lo}-{hi}"
    if key in GROUPS:
        return key
    return "1-4" if lo == 1 else "2-3"


def _init_weights() -> dict[str, np.ndarray]:
    w = {g: np.array([1.0, -1.0, 0.0, 0.0, 0.0, 0.0], np.float32) for g in GROUPS}
    w["skip"] = np.array([0.0, 0.0], np.float32)
    return w


DEFAULT_WEIGHTS: dict[str, np.ndarray] = _init_weights()


#: logistic calibration of the link score (probability that the link is exactly right), fitted on
#: Text+Berg dev and NTREX dev with simulated merges/deletions (scripts/bench_align.py --fit-calibration).
#: "link": weights of [1, span cosine, neighbour margin, gain over sub-links, length z^2, n-m link];
#: "skip": weights of [1, best 1-1 cosine of the sentence left without counterpart].
#: ``Prepared.doc_sim`` (document similarity) was tried as a feature: it separates the two dev domains rather
#: than the links and extrapolates badly, so it is reported but not used.
CALIBRATION: dict[str, np.ndarray] = {
    "link": np.array([0.966, 4.244, 3.863, 8.147, -0.066, -3.206]),
    "skip": np.array([1.988, -0.848]),
}


#: a link with two sides whose cosine is under :data:`UNRELATED_LINK_COS`, in two documents whose median pass-1 1-1
#: cosine (``Prepared.doc_sim``) is under this, scores at most :data:`LOW_LINK_SCORE` (so it is unsure): the documents
#: are no translations of each other, and the calibration's features are relative to the document (normalised by random
#: pairs, margins), so the DP's best 1-1 links between two unrelated documents scored 0.85-0.95. Measured with
#: ``scripts/bench_align.py``'s data: 60 NTREX documents 0.505 and more (median 0.675), Text+Berg dev 0.643; 40 pairs of
#: unrelated NTREX documents 0.243 and less (median 0.133), where 102 of 242 links scored 0.8 or more. A cap on each
#: link's own cosine alone (under 0.3) was tried: in related documents such links are mostly right, forced by their
#: neighbours (2 of 2 in NTREX; in the Kremlin transcript "Пошло." / "Very well, that's the way it went.", 0.26)
UNRELATED_DOC_SIM = 0.35
#: ... and only the links under this cosine: a news report that quotes the source has a low median (most of its
#: sentences are the reporter's), but its links to the quoted sentences are right (cosine 0.5 and more: right links of
#: related documents have a median of 0.69, 2 of the 242 links of unrelated documents 0.4 and more). Capping them all
#: made the quotation bench's report speakers lose 5 of 30 (a quotation of an unsure link is held to a higher bar)
UNRELATED_LINK_COS = 0.5
#: the score cap of such a link: a little under a coin toss
LOW_LINK_SCORE = 0.3


@dataclass
class Prepared:
    """Pass-1 band and candidate-link features: ``feats[k]`` (band.size, N_FEATURES) for ``moves[k]``
    (NaN rows: not a valid link), ``sims[k]`` (band.size,) span cosines, ``skip_s`` (n, 2), ``skip_t`` (m, 2)."""

    band: dp.Band
    rows: np.ndarray
    cols: np.ndarray
    moves: list[tuple[int, int]]
    feats: list[np.ndarray]
    sims: list[np.ndarray]
    skip_s: np.ndarray
    skip_t: np.ndarray
    #: per move (band.size,): mean similarity of the link's sentences with their k nearest neighbours in the band
    knn: list[np.ndarray] = field(default_factory=list)
    #: median cosine of the pass-1 1-1 links: how alike the two documents are overall (calibration)
    doc_sim: float = 0.0
    #: move index -> (band.size,) gain of an n-n link over its diagonal chain of 1-1 links
    diag_gain: dict[int, np.ndarray] = field(default_factory=dict)
    #: move index -> (band.size,) overlap of numbers and Latin-script names between the two sides
    lex: dict[int, np.ndarray] = field(default_factory=dict)
    #: per-document length model: median / robust spread of log(source chars / target chars) of the anchors
    len_mu: float = 0.0
    len_sd: float = 0.35
    #: (n,) / (m,) bool: sentences whose spans get real span embeddings (None: every span is a mean)
    need_s: np.ndarray | None = None
    need_t: np.ndarray | None = None
    #: (n, _LEX_DIM) / (m, _LEX_DIM) anchor-token counts of each sentence (:func:`_lex_vectors`), kept for the
    #: merge pass; None when pass 2 did not need them
    lex_vs: np.ndarray | None = None
    lex_vt: np.ndarray | None = None


_WORD = re.compile(r"[^\W\d_]{2,}")


def is_junk(text: str) -> bool:
    """True when ``text`` has no word of two letters or more (OCR debris such as ``h * "`` or ``24 a !``)."""
    return _WORD.search(text) is None


def _skip_is_junk(link: Sequence[int], src: Sequence[str], tgt: Sequence[str]) -> bool:
    """Whether path row ``link`` (s0, s1, t0, t1) is one sentence without counterpart that :func:`is_junk`."""
    s0, s1, t0, t1 = link
    if s1 - s0 + t1 - t0 != 1:
        return False
    return is_junk(src[s0] if s1 > s0 else tgt[t0])


_LEX_DIM = 512
_LEX_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Z][A-Za-z]{3,}")


def _lex_tokens(text: str) -> set[str]:
    """Numbers (decimal comma as point, trailing decimal zeros dropped) and capitalised Latin-script words
    (lower-cased) of ``text``: the anchor tokens of :func:`_lex_vectors` as a set."""
    out: set[str] = set()
    for tok in _LEX_TOKEN.findall(text):
        if tok[0].isdigit():
            tok = tok.replace(",", ".")
            if "." in tok:
                tok = tok.rstrip("0").rstrip(".")
        else:
            tok = tok.lower()
        out.add(tok)
    return out


#: anchor tokens found in more sentences of a side than this are not counted by :func:`cross_tokens` ("Himalaya"
#: in a Himalaya chronicle). Text+Berg dev, cross-validated strict F1 at the chosen threshold: no cap 0.932, 2 or 3:
#: 0.930, 5: 0.936, 10: 0.936
_CROSS_MAX_DF = 5


def _rare_tokens(sets: Sequence[set[str]], max_df: int) -> list[set[str]]:
    """``sets`` without the tokens found in more than ``max_df`` of them (a name repeated through the document is
    no anchor)."""
    from collections import Counter

    df = Counter(t for x in sets for t in x)
    return [{t for t in x if df[t] <= max_df} for x in sets]


def cross_tokens(src: Sequence[set[str]], tgt: Sequence[set[str]], first: Sequence[int], second: Sequence[int]
                 ) -> int:
    """Anchor tokens that the link made of ``first`` and ``second`` (each (s0, s1, t0, t1)) shares between its two
    sides only across the boundary: in one part's source and the other part's target, in neither part alone."""
    def union(sets: Sequence[set[str]], a: int, b: int) -> set[str]:
        return set().union(*sets[a:b]) if b > a else set()

    s1, t1 = union(src, first[0], first[1]), union(tgt, first[2], first[3])
    s2, t2 = union(src, second[0], second[1]), union(tgt, second[2], second[3])
    return len(((s1 | s2) & (t1 | t2)) - (s1 & t1) - (s2 & t2))


def _lex_vectors(texts: Sequence[str]) -> np.ndarray:
    """(N, _LEX_DIM) float32 hashed counts of each text's numbers and capitalised Latin-script words."""
    import zlib

    out = np.zeros((len(texts), _LEX_DIM), np.float32)
    for k, t in enumerate(texts):
        for tok in _LEX_TOKEN.findall(t):
            tok = tok.replace(",", ".") if tok[0].isdigit() else tok.lower()
            out[k, zlib.crc32(tok.encode()) % _LEX_DIM] += 1.0
    return out


def _lex_similarity(vs: np.ndarray, vt: np.ndarray, rows: np.ndarray, cols: np.ndarray, a: int, b: int
                    ) -> np.ndarray:
    """(N,) overlap of the anchor-token counts of ``src[i-a:i]`` and ``tgt[j-b:j]`` at nodes (rows, cols):
    cosine of the counts minus 0.5 when both sides have anchor tokens, -0.25 when only one has, 0 otherwise."""
    cs = np.concatenate([np.zeros((1, vs.shape[1]), np.float32), np.cumsum(vs, axis=0)])
    ct = np.concatenate([np.zeros((1, vt.shape[1]), np.float32), np.cumsum(vt, axis=0)])
    xs = cs[a:] - cs[:-a]  # (n-a+1, D) counts of src[s:s+a]
    yt = ct[b:] - ct[:-b]
    nxs = np.linalg.norm(xs, axis=1)
    nyt = np.linalg.norm(yt, axis=1)
    dot = dp.span_similarity(xs, yt, rows, cols, a, b)  # raw dot products of the counts (NaN: invalid)
    out = np.zeros(rows.shape[0], np.float32)
    ok = np.flatnonzero(~np.isnan(dot))
    nx = nxs[rows[ok] - a]
    ny = nyt[cols[ok] - b]
    cos = dot[ok] / np.maximum(nx * ny, 1e-8)
    both = (nx > 0) & (ny > 0)
    one = (nx > 0) ^ (ny > 0)
    out[ok] = np.where(both, cos - 0.5, np.where(one, -0.25, 0.0))
    return out


def _mean_present(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Element-wise mean of the non-NaN values of two (N,) arrays; 0 where both are NaN."""
    cnt = (~np.isnan(x)).astype(np.float32) + (~np.isnan(y)).astype(np.float32)
    return ((np.nan_to_num(x) + np.nan_to_num(y)) / np.maximum(cnt, 1)).astype(np.float32)


def _row_topk_mean(values: np.ndarray, offsets: np.ndarray, k: int) -> np.ndarray:
    """Mean of the k largest non-NaN values of each ragged row (values[offsets[r]:offsets[r+1]]); 0 if none."""
    out = np.zeros(offsets.shape[0] - 1, np.float32)
    v = np.nan_to_num(values, nan=-np.inf)
    for r in range(out.shape[0]):
        seg = v[offsets[r]:offsets[r + 1]]
        seg = seg[np.isfinite(seg)]
        if seg.size:
            kk = min(k, seg.size)
            out[r] = float(np.partition(seg, seg.size - kk)[seg.size - kk:].mean())
    return out


def link_moves(max_size: int, max_span: int) -> list[tuple[int, int]]:
    """n-m moves (a >= 1, b >= 1, a + b <= max_size, a, b <= max_span), 1-1 first."""
    moves = [(a, b) for a in range(1, max_span + 1) for b in range(1, max_span + 1) if a + b <= max_size]
    moves.sort(key=lambda ab: (ab[0] + ab[1], ab))
    return moves


#: features of a merge candidate (two adjacent links L1, L2 of the DP path merged into M), see :func:`pair_features`
MERGE_FEATURES = ("bias", "sim_m", "sim1", "sim2", "skip1", "skip2", "best_skip", "cross12", "cross21", "gain_best",
                  "lenz_m", "lenz1", "lenz2", "lex_m", "lex1", "lex2", "p1", "p2", "big", "log_char_share",
                  "gain_wmean", "within_src", "within_tgt", "lex_cross")
MERGE_MODEL_PATH = Path(__file__).resolve().parent / "resources" / "aligner.json"


@dataclass(frozen=True)
class MergeModel:
    """Logistic model of P(merged link exactly right): ``sigmoid(((x - mean) / scale) @ weights)``, x (F,) features."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    threshold: float

    def predict(self, x: np.ndarray) -> np.ndarray:
        """(P, F) features -> (P,) probabilities (NaN rows -> 0)."""
        z = ((np.nan_to_num(x) - self.mean) / self.scale) @ self.weights
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        return np.where(np.isnan(x).any(axis=1), 0.0, p)

    def to_dict(self) -> dict[str, Any]:
        return {"features": list(self.features), "mean": [round(float(v), 6) for v in self.mean],
                "scale": [round(float(v), 6) for v in self.scale],
                "weights": [round(float(v), 6) for v in self.weights], "threshold": self.threshold}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> MergeModel:
        if tuple(d["features"]) != MERGE_FEATURES:
            raise ValueError("merge model: feature list does not match this version of the aligner")
        return cls(tuple(d["features"]), np.asarray(d["mean"], np.float64), np.asarray(d["scale"], np.float64),
                   np.asarray(d["weights"], np.float64), float(d["threshold"]))


@functools.lru_cache(maxsize=1)
def load_merge_model(path: str = str(MERGE_MODEL_PATH)) -> MergeModel | None:
    """The fitted merge model shipped in ``align/resources/aligner.json`` (None if absent)."""
    f = Path(path)
    if not f.exists():
        log.warning("aligner: no merge model at %s; merge pass off", f)
        return None
    return MergeModel.from_dict(json.loads(f.read_text(encoding="utf-8"))["merge"])


def paragraph_breaks(src_paragraphs: Sequence[int] | None, tgt_paragraphs: Sequence[int] | None
                     ) -> tuple[np.ndarray, np.ndarray] | None:
    """(n+1,) and (m+1,) bool: True at i where sentence i starts a new paragraph (never at 0 or the end);
    None unless both sides have paragraph numbers."""
    if src_paragraphs is None or tgt_paragraphs is None:
        return None
    out = []
    for par in (src_paragraphs, tgt_paragraphs):
        p = np.asarray(par, dtype=np.int64)
        brk = np.zeros(p.shape[0] + 1, dtype=bool)
        brk[1:-1] = p[1:] != p[:-1]
        out.append(brk)
    return out[0], out[1]


def greedy_merges(prob: np.ndarray, first: np.ndarray, threshold: float) -> np.ndarray:
    """Which candidates to merge: by decreasing probability, above ``threshold``, no link merged twice.

    ``prob`` (P,) probabilities of candidates merging path links ``first[k]`` and ``first[k] + 1`` ((P,) int).
    Returns (P,) bool.
    """
    take = np.zeros(prob.shape[0], dtype=bool)
    used: set[int] = set()
    for k in np.argsort(-prob, kind="stable").tolist():
        if prob[k] <= threshold:
            break
        a = int(first[k])
        if a in used or a + 1 in used:
            continue
        used.update((a, a + 1))
        take[k] = True
    return take


class Aligner:
    """Align two lists of sentences (or two texts) in linear time and memory.

    ``encoder``: an encoder name for :func:`align.encoders.get_encoder` or an object with
    ``encode(texts) -> (N, d)`` L2-normalised float32.
    """

    def __init__(self, encoder: Any = "use-m", max_size: int = 6, device: str | None = None, **opts: Any) -> None:
        if not _is_int(max_size) or not 2 <= max_size <= MAX_LINK_SIZE:
            raise ValueError(f"max_size must be a whole number of sentences, 2 to {MAX_LINK_SIZE} (1-1 links to "
                             f"{MAX_LINK_SIZE - 1}-1), not {max_size!r}")
        self._encoder_spec = encoder
        self._device = device
        self._encoder: Any = None if isinstance(encoder, str) else encoder
        known = set(AlignerOptions.__dataclass_fields__)
        extra = {k: v for k, v in opts.items() if k not in known}
        kw = {k: v for k, v in opts.items() if k in known}
        if extra:
            log.warning("aligner: unknown options ignored: %s", ", ".join(sorted(extra)))
        kw.setdefault("max_span", max(1, max_size - 1))
        self.options = AlignerOptions(max_size=max_size, extra=extra, **kw)
        _check_options(self.options)
        self.stats: dict[str, Any] = {}

    # ------------------------------------------------------------ embedding
    @property
    def encoder(self) -> Any:
        if self._encoder is None:
            from .encoders import get_encoder

            self._encoder = get_encoder(self._encoder_spec, device=self._device)
        return self._encoder

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        """(N,) texts -> (N, d) float32; each distinct text is embedded once."""
        uniq: dict[str, int] = {}
        idx = np.empty(len(texts), dtype=np.int64)
        for k, t in enumerate(texts):
            idx[k] = uniq.setdefault(t, len(uniq))
        self.stats["embedded"] = self.stats.get("embedded", 0) + len(uniq)
        if not uniq:
            return np.zeros((0, getattr(self.encoder, "dim", 512)), dtype=np.float32)
        texts_u = [clean_for_model(t) for t in uniq]
        vecs = np.concatenate([np.asarray(self.encoder.encode(texts_u[k:k + _EMBED_CHUNK]), dtype=np.float32)
                               for k in range(0, len(texts_u), _EMBED_CHUNK)])
        return vecs[idx]

    def _embed_spans(self, texts: Sequence[str], spans: Sequence[tuple[int, int]]) -> np.ndarray:
        """(len(spans), d) embeddings of ``" ".join(texts[a:b])`` for each (a, b) in ``spans``.

        Through :func:`align.encoders.encode_joined`: with USE-m each sentence runs through the network once
        and a span is composed from its sentences (cosine > 0.9999 to embedding the joined text); other
        encoders embed the joined texts.
        """
        from .encoders import encode_joined

        self.stats["embedded"] = self.stats.get("embedded", 0) + len(spans)
        if not spans:
            return np.zeros((0, getattr(self.encoder, "dim", 512)), dtype=np.float32)
        lo = min(a for a, _ in spans)
        hi = max(b for _, b in spans)
        clean = [clean_for_model(t) for t in texts[lo:hi]]
        out = [np.asarray(encode_joined(self.encoder, clean, [(a - lo, b - lo) for a, b in spans[k:k + _EMBED_CHUNK]]),
                          dtype=np.float32) for k in range(0, len(spans), _EMBED_CHUNK)]
        vecs = np.concatenate(out)
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-8)
        return vecs

    # ------------------------------------------------------------ public API
    def align(self, src_text: str, tgt_text: str, src_lang: str = "ru", tgt_lang: str = "en",
              presplit: bool = False) -> Alignment:
        """Segment (unless ``presplit``: one sentence per non-empty line) and align two texts."""
        for name, text in (("src_text", src_text), ("tgt_text", tgt_text)):
            if not isinstance(text, str):
                raise TypeError(f"Aligner.align: {name} must be a str, not {type(text).__name__}")
        src_lang, tgt_lang = norm_lang(src_lang), norm_lang(tgt_lang)
        if presplit:
            src, tgt = presplit_sentences(src_text), presplit_sentences(tgt_text)
        else:
            src, tgt = segment_text(src_text, src_lang), segment_text(tgt_text, tgt_lang)
        links = self.align_sentences([s.text for s in src], [t.text for t in tgt], [s.paragraph for s in src],
                                     [t.paragraph for t in tgt])
        meta: dict[str, object] = {"aligner": "align.aligner", "max_size": self.options.max_size,
                                   "encoder": getattr(self.encoder, "name", str(self._encoder_spec)),
                                   "mean_similarity": self.stats.get("mean_similarity", 0.0)}
        return Alignment(tuple(src), tuple(tgt), tuple(links), src_lang, tgt_lang, meta)

    def align_sentences(self, src: Sequence[str], tgt: Sequence[str], src_paragraphs: Sequence[int] | None = None,
                        tgt_paragraphs: Sequence[int] | None = None) -> list[Link]:
        """Links covering every sentence of both sides exactly once, in document order.

        ``src_paragraphs`` / ``tgt_paragraphs`` (optional, one paragraph number per sentence): the merge pass
        then never joins two links across a point where both sides start a new paragraph.
        """
        for side, sents, paras in (("src", src, src_paragraphs), ("tgt", tgt, tgt_paragraphs)):
            if isinstance(sents, str) or not all(isinstance(s, str) for s in sents):
                raise TypeError(f"align_sentences: {side} must be a list of sentence strings "
                                f"(for a whole text use Aligner.align)")
            if paras is not None and len(paras) != len(sents):
                raise ValueError(f"align_sentences: {side}_paragraphs has {len(paras)} numbers for {len(sents)} "
                                 f"sentences; give one paragraph number per sentence")
        n, m = len(src), len(tgt)
        self.stats = {"mean_similarity": 0.0}
        if n == 0 or m == 0:
            return [Link((i,), ()) for i in range(n)] + [Link((), (j,)) for j in range(m)]
        es = self._embed(src)
        et = self._embed(tgt)
        ls = np.array([max(len(s), 1) for s in src], dtype=np.float64)
        lt = np.array([max(len(t), 1) for t in tgt], dtype=np.float64)
        links = self.align_embedded(src, tgt, es, et, ls, lt, src_paragraphs, tgt_paragraphs)
        self.stats["mean_similarity"] = mean_link_similarity(links, es, et)
        return links

    # ------------------------------------------------------------ algorithm
    def _first_pass_scorer(self, src: np.ndarray, tgt: np.ndarray, band: dp.Band
                           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rows, cols = dp.band_cells(band)
        sim = dp.span_similarity(src, tgt, rows, cols, 1, 1)
        o = self.options
        return sim, np.full(src.shape[0], o.skip1, dtype=np.float32), np.full(tgt.shape[0], o.skip1, np.float32)

    def _spans(self, texts: Sequence[str], vecs: np.ndarray, size: int, need: np.ndarray | None = None
               ) -> np.ndarray:
        """(N-size+1, d) embeddings of texts[s:s+size].

        Real embeddings of the joined sentences where the span holds a sentence flagged in ``need``
        ((N,) bool; None = everywhere), else the normalised mean of the sentence embeddings.
        """
        if size == 1:
            return vecs
        count = len(texts) - size + 1
        if count <= 0:
            return np.zeros((0, vecs.shape[1]), dtype=np.float32)
        c = np.cumsum(np.concatenate([np.zeros((1, vecs.shape[1]), np.float64), vecs]), axis=0)
        y = (c[size:] - c[:-size]).astype(np.float32)
        y /= np.maximum(np.linalg.norm(y, axis=1, keepdims=True), 1e-8)
        if self.options.real_spans == "none":
            return y
        if need is None:
            sel = np.arange(count)
        else:
            cn = np.concatenate([[0], np.cumsum(need.astype(np.int64))])
            sel = np.flatnonzero(cn[size:] - cn[:-size] > 0)
        if sel.size:
            real = self._embed_spans(texts, [(s, s + size) for s in sel.tolist()])
            lam = self.options.mean_mix
            if lam:
                real = (1 - lam) * real + lam * y[sel]
                real /= np.maximum(np.linalg.norm(real, axis=1, keepdims=True), 1e-8)
            y[sel] = real
        return y

    def prepare(self, src: Sequence[str], tgt: Sequence[str], es: np.ndarray, et: np.ndarray,
                ls: np.ndarray, lt: np.ndarray, extra_path: Sequence[tuple[int, int]] | None = None) -> Prepared:
        """Pass 1, the band of pass 2 and the features of every candidate link in it.

        ``es`` (n, d) / ``et`` (m, d) sentence embeddings, ``ls`` (n,) / ``lt`` (m,) character lengths.
        ``extra_path``: nodes that the band must also cover (training: the gold path).
        """
        o = self.options
        n, m = len(src), len(tgt)
        first = dp.coarse_to_fine_path(es, et, self._first_pass_scorer, max_cells=o.max_cells,
                                       width=o.coarse_width)
        nodes = dp.path_nodes(first.links)
        band = dp.band_around_path(nodes, n, m, o.width)
        if extra_path is not None:
            b2 = dp.band_around_path(list(extra_path), n, m, 1)
            band = dp.make_band(np.minimum(band.lo, b2.lo), np.maximum(band.hi, b2.hi), m)
        self.stats["band_cells"] = band.size
        rows, cols = dp.band_cells(band)
        moves = link_moves(o.max_size, o.max_span)
        need_s: np.ndarray | None = None
        need_t: np.ndarray | None = None
        if o.real_spans == "needed":
            need_s = np.ones(n, dtype=bool)
            need_t = np.ones(m, dtype=bool)
            fl = first.links
            one = fl[(fl[:, 1] - fl[:, 0] == 1) & (fl[:, 3] - fl[:, 2] == 1)]
            conf = np.einsum("ij,ij->i", es[one[:, 0]], et[one[:, 2]]) >= o.anchor_sim
            need_s[one[conf, 0]] = False
            need_t[one[conf, 2]] = False
            self.stats["needy_sentences"] = int(need_s.sum() + need_t.sum())
        span_s = {a: self._spans(src, es, a, need_s) for a in sorted({a for a, _ in moves})}
        span_t = {b: self._spans(tgt, et, b, need_t) for b in sorted({b for _, b in moves})}
        cs = np.concatenate([[0.0], np.cumsum(ls)])
        ct = np.concatenate([[0.0], np.cumsum(lt)])
        # per-document length model: character ratio of the two documents (of the pass-1 1-1 links when
        # the totals differ much: one side has text the other lacks), robust mean / spread of the log
        # length ratio of the pass-1 1-1 links
        anchors = [(r[0], r[2]) for r in first.links.tolist() if r[1] - r[0] == 1 and r[3] - r[2] == 1]
        ratio = cs[-1] / max(ct[-1], 1.0)
        if anchors:
            ai = np.array(anchors)
            anchor_ratio = float(ls[ai[:, 0]].sum() / lt[ai[:, 1]].sum())
            if abs(math.log(anchor_ratio / ratio)) > math.log(1.5):
                ratio = anchor_ratio  # the documents are not of comparable length: trust the anchors
        if len(anchors) >= 10:
            lr = np.log(ls[ai[:, 0]] / lt[ai[:, 1]])
            mu, sd = float(np.median(lr)), float(np.median(np.abs(lr - np.median(lr)))) * 1.4826
            sd = min(max(sd, 0.1), 1.0)
        else:
            mu, sd = math.log(ratio), 0.35
        sims: list[np.ndarray] = []
        lex: dict[int, np.ndarray] = {}
        lex_s: np.ndarray | None = None
        lex_t: np.ndarray | None = None
        if o.lex_weight:
            lex_s, lex_t = _lex_vectors(src), _lex_vectors(tgt)
        feats: list[np.ndarray] = []
        for a, b in moves:
            sim = dp.span_similarity(span_s[a], span_t[b], rows, cols, a, b)
            sims.append(sim)
            f = np.full((rows.shape[0], N_FEATURES), np.nan, dtype=np.float32)
            valid = ~np.isnan(sim)
            r, c = rows[valid], cols[valid]
            f[valid, 0] = sim[valid]
            if (a, 1) not in moves or (1, b) not in moves:
                f[valid, 1] = self._neighbour_margin(span_s[a], span_t[b], es, et, r, c, a, b)
            l1 = cs[r] - cs[r - a]
            l2 = ct[c] - ct[c - b]
            f[valid, 2] = np.log2(1.0 + np.minimum(l1, l2 * ratio) / np.maximum(l1, l2 * ratio))
            z = (np.log(l1 / l2) - mu) / sd
            f[valid, 3] = np.minimum(z * z, 25.0)
            f[valid, 5] = 1.0
            feats.append(f)
            if lex_s is not None and lex_t is not None:
                lex[len(feats) - 1] = _lex_similarity(lex_s, lex_t, rows, cols, a, b)
        index = {ab: k for k, ab in enumerate(moves)}
        # Bertalign's neighbour margin by lookup: span vs the single sentences just outside the other span
        for k, (a, b) in enumerate(moves):
            if (a, 1) in index and (1, b) in index:
                f = feats[k]
                sa1, s1b = sims[index[(a, 1)]], sims[index[(1, b)]]
                parts = []
                for sim_arr, nr, nc in ((sa1, rows, cols - b), (sa1, rows, cols + 1),
                                        (s1b, rows - a, cols), (s1b, rows + 1, cols)):
                    idx = dp.node_index(band, nr, nc)
                    parts.append(np.where(idx >= 0, sim_arr[np.maximum(idx, 0)], np.nan))
                t_side = _mean_present(parts[0], parts[1])
                s_side = _mean_present(parts[2], parts[3])
                f[:, 1] = np.where(np.isnan(f[:, 0]), np.nan, (t_side + s_side) / 2)
        # gain of an n-m link over its best sub-link (one sentence fewer on one side)
        for k, (a, b) in enumerate(moves):
            f = feats[k]
            if a + b == 2:
                f[:, 4] = np.where(np.isnan(f[:, 0]), np.nan, 0.0)
                continue
            best = np.full(rows.shape[0], -np.inf, dtype=np.float32)
            for (da, db), shifts in (((0, 1), ((0, 0), (0, 1))), ((1, 0), ((0, 0), (1, 0)))):
                sub = (a - da, b - db)
                if sub not in index:
                    continue
                ssim = sims[index[sub]]
                for sr, sc in shifts:
                    idx = dp.node_index(band, rows - sr, cols - sc)
                    val = np.where(idx >= 0, ssim[np.maximum(idx, 0)], np.nan)
                    best = np.fmax(best, np.nan_to_num(val, nan=-np.inf))
            f[:, 4] = f[:, 0] - np.where(np.isfinite(best), best, f[:, 0])
        # n-n links (2-2, ...): gain over the diagonal chain of 1-1 links they could be split into
        diag_gain: dict[int, np.ndarray] = {}
        s11_all = sims[index[(1, 1)]]
        for k, (a, b) in enumerate(moves):
            if a == b and a >= 2:
                acc = np.zeros(rows.shape[0], np.float32)
                for t in range(a):
                    idx = dp.node_index(band, rows - t, cols - t)
                    acc += np.where(idx >= 0, np.nan_to_num(s11_all[np.maximum(idx, 0)], nan=0.0), 0.0)
                diag_gain[k] = feats[k][:, 0] - acc / a
        # skip features: [1, best 1-1 similarity of the sentence, 0...]
        s11 = sims[index[(1, 1)]]
        ok = ~np.isnan(s11)
        knn: list[np.ndarray] = []
        if o.knn_weight:
            ks = _row_topk_mean(s11, band.offsets, o.knn_k)[1:]  # (n,): src sentence i = row i+1
            order = np.lexsort((rows, cols))
            counts = np.bincount(cols, minlength=m + 1)
            col_off = np.concatenate([[0], np.cumsum(counts)])
            kt = _row_topk_mean(s11[order], col_off, o.knn_k)[1:]
            cks = np.concatenate([[0.0], np.cumsum(ks)])
            ckt = np.concatenate([[0.0], np.cumsum(kt)])
            for (a, b), f in zip(moves, feats, strict=True):
                valid = ~np.isnan(f[:, 0])
                r, c = rows[valid], cols[valid]
                v = np.full(rows.shape[0], np.nan, np.float32)
                v[valid] = ((cks[r] - cks[r - a]) / a + (ckt[c] - ckt[c - b]) / b) / 2
                knn.append(v)
        best_s = np.zeros(n, np.float32)
        best_t = np.zeros(m, np.float32)
        np.maximum.at(best_s, rows[ok] - 1, s11[ok])
        np.maximum.at(best_t, cols[ok] - 1, s11[ok])
        skip_s = np.stack([np.ones(n, np.float32), best_s], axis=1)
        skip_t = np.stack([np.ones(m, np.float32), best_t], axis=1)
        one = first.links[(first.links[:, 1] - first.links[:, 0] == 1) & (first.links[:, 3] - first.links[:, 2] == 1)]
        doc_sim = float(np.median(np.einsum("ij,ij->i", es[one[:, 0]], et[one[:, 2]]))) if len(one) else 0.0
        return Prepared(band, rows, cols, moves, feats, sims, skip_s, skip_t, knn, doc_sim, diag_gain, lex, mu, sd,
                        need_s, need_t, lex_s, lex_t)

    def move_scores(self, prep: Prepared, weights: dict[str, np.ndarray] | None = None
                    ) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
        """DP scores of every candidate link (per move, (band.size,)) and of skipping each sentence."""
        o = self.options
        out: list[np.ndarray] = []
        if o.model == "bertalign":
            for k, ((a, b), f) in enumerate(zip(prep.moves, prep.feats, strict=True)):
                sc = f[:, 0] - (o.margin_weight * f[:, 1] if o.margin else 0.0)
                if o.knn_weight:
                    sc = sc - o.knn_weight * prep.knn[k]
                if o.lex_weight and k in prep.lex:
                    sc = sc + o.lex_weight * prep.lex[k]
                if o.diag_weight and k in prep.diag_gain:
                    sc = sc + o.diag_weight * prep.diag_gain[k]
                if o.len_penalty:
                    sc = sc * f[:, 2]
                sc = (sc - o.tau) * ((a + b) / 2) ** o.size_weight
                sc = sc + o.gain_weight * f[:, 4] - o.lenz_weight * np.minimum(f[:, 3], 9.0)
                if a + b > 2:
                    sc = sc - o.multi_penalty - o.type_penalty.get(move_group(a, b), 0.0)
                out.append(sc.astype(np.float32))
            def skip_score(x: np.ndarray) -> np.ndarray:
                return (o.skip - o.skip_k * np.maximum(x[:, 1] - o.skip_c, 0.0)).astype(np.float32)

            return out, skip_score(prep.skip_s), skip_score(prep.skip_t)
        w = weights if weights is not None else DEFAULT_WEIGHTS
        for ab, f in zip(prep.moves, prep.feats, strict=True):
            out.append((f @ w[move_group(*ab)]).astype(np.float32))
        return out, prep.skip_s @ w["skip"], prep.skip_t @ w["skip"]

    def align_embedded(self, src: Sequence[str], tgt: Sequence[str], es: np.ndarray, et: np.ndarray,
                       ls: np.ndarray, lt: np.ndarray, src_paragraphs: Sequence[int] | None = None,
                       tgt_paragraphs: Sequence[int] | None = None) -> list[Link]:
        """Align given sentence embeddings (n, d)/(m, d) and character lengths (n,)/(m,) (paragraph numbers
        (n,)/(m,) optional: see :meth:`align_sentences`)."""
        prep = self.prepare(src, tgt, es, et, ls, lt)
        scores, skip_s, skip_t = self.move_scores(prep)
        res = dp.banded_dp(prep.band, prep.moves, scores, skip_s, skip_t)
        path, override = res.links, None
        model = load_merge_model() if self.options.merge_pass else None
        if model is not None and path.shape[0] > 1:
            path, override = self.merge_pass(src, tgt, es, et, ls, lt, prep, path, model,
                                             paragraph_breaks(src_paragraphs, tgt_paragraphs))
        return self._make_links(path, prep, override)

    def merge_candidates(self, path: np.ndarray, src: Sequence[str] | None = None,
                         tgt: Sequence[str] | None = None) -> np.ndarray:
        """Indices k (P,) of path links (L, 4) whose merge with link k+1 is a valid link (both sides, allowed size).

        With the texts (``src`` / ``tgt``), a sentence left without counterpart that has no word (:func:`is_junk`:
        OCR debris, a lone page number) is not a candidate: it stays on its own.
        """
        if path.shape[0] < 2:
            return np.zeros(0, dtype=np.int64)
        a = path[:-1, 1] - path[:-1, 0] + path[1:, 1] - path[1:, 0]
        b = path[:-1, 3] - path[:-1, 2] + path[1:, 3] - path[1:, 2]
        o = self.options
        ok = (a >= 1) & (b >= 1) & (a + b <= o.max_size) & (a <= o.max_span) & (b <= o.max_span)
        if src is not None and tgt is not None and o.keep_junk_apart:
            junk = np.array([_skip_is_junk(row, src, tgt) for row in path.tolist()], dtype=bool)
            ok &= ~junk[:-1] & ~junk[1:]
        return np.flatnonzero(ok)

    def merge_pass(self, src: Sequence[str], tgt: Sequence[str], es: np.ndarray, et: np.ndarray, ls: np.ndarray,
                   lt: np.ndarray, prep: Prepared, path: np.ndarray, model: MergeModel,
                   breaks: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, dict[int, float]]:
        """Merge adjacent links of ``path`` (L, 4) that the merge model prefers as one link.

        ``breaks``: (n+1,) / (m+1,) bool, True before a sentence that starts a new paragraph; two links are not
        merged where both sides break between them. Returns the new path (L', 4) and {index in the new path:
        probability} for the merged links.
        """
        cand = self.merge_candidates(path, src, tgt)
        if breaks is not None and cand.size:
            cand = cand[~(breaks[0][path[cand, 1]] & breaks[1][path[cand, 3]])]
        if cand.size == 0:
            return path, {}
        x = self.pair_features(src, tgt, es, et, ls, lt, prep, path[cand], path[cand + 1])
        prob = model.predict(x)
        thr = model.threshold if self.options.merge_threshold is None else self.options.merge_threshold
        take = greedy_merges(prob, cand, thr)
        self.stats["merged"] = int(take.sum())
        if not take.any():
            return path, {}
        merged_at = dict(zip(cand[take].tolist(), prob[take].tolist(), strict=True))
        rows: list[list[int]] = []
        override: dict[int, float] = {}
        k = 0
        while k < path.shape[0]:
            if k in merged_at:
                rows.append([int(path[k, 0]), int(path[k + 1, 1]), int(path[k, 2]), int(path[k + 1, 3])])
                override[len(rows) - 1] = merged_at[k]
                k += 2
            else:
                rows.append([int(v) for v in path[k]])
                k += 1
        return np.asarray(rows, dtype=np.int64).reshape(-1, 4), override

    def _span_vectors(self, texts: Sequence[str], vecs: np.ndarray, need: np.ndarray | None,
                      spans: np.ndarray) -> np.ndarray:
        """(P, d) embeddings of spans (P, 2) [start, stop) (empty spans: zeros), as pass 2 builds them.

        One sentence: its embedding; longer: the real span embedding where the span holds a sentence flagged
        in ``need`` (None: real everywhere unless ``real_spans`` is "none"), else the normalised mean.
        """
        out = np.zeros((spans.shape[0], vecs.shape[1]), np.float32)
        size = spans[:, 1] - spans[:, 0]
        for a in np.unique(size[size > 0]).tolist():
            sel = np.flatnonzero(size == a)
            acc = np.zeros((sel.shape[0], vecs.shape[1]), np.float32)
            for q in range(a):
                acc += vecs[spans[sel, 0] + q]
            out[sel] = acc / np.maximum(np.linalg.norm(acc, axis=1, keepdims=True), 1e-8)
        multi = size > 1
        if self.options.real_spans != "none":
            if need is not None:
                cn = np.concatenate([[0], np.cumsum(need.astype(np.int64))])
                multi &= (cn[np.minimum(spans[:, 1], need.shape[0])] - cn[spans[:, 0]]) > 0
            sel = np.flatnonzero(multi)
            if sel.size:
                uniq, inv = np.unique(spans[sel], axis=0, return_inverse=True)
                real = self._embed_spans(texts, [(int(p), int(q)) for p, q in uniq])
                out[sel] = real[inv.reshape(-1)]
        return out

    def link_probability(self, prep: Prepared, links: np.ndarray) -> np.ndarray:
        """(P,) calibrated probability (:data:`CALIBRATION`) of links (P, 4); NaN where the link is not a pass-2
        candidate (outside the band or not an allowed move)."""
        index = {ab: k for k, ab in enumerate(prep.moves)}
        out = np.full(links.shape[0], np.nan)
        for p, (s0, s1, t0, t1) in enumerate(links.tolist()):
            a, b = s1 - s0, t1 - t0
            if a == 0 or b == 0:
                if a + b != 1:
                    continue
                x = np.array([1.0, prep.skip_s[s0, 1] if a else prep.skip_t[t0, 1]])
                w = CALIBRATION["skip"]
            else:
                flat = int(dp.node_index(prep.band, np.array([s1]), np.array([t1]))[0])
                if (a, b) not in index or flat < 0 or np.isnan(prep.feats[index[(a, b)]][flat, 0]):
                    continue
                f = prep.feats[index[(a, b)]][flat].astype(np.float64)
                x = np.array([1.0, f[0], f[1], f[4], min(f[3], 9.0), float(a + b > 2)])
                w = CALIBRATION["link"]
            out[p] = 1.0 / (1.0 + math.exp(-float(np.clip(x @ w, -30, 30))))
        return out

    def pair_features(self, src: Sequence[str], tgt: Sequence[str], es: np.ndarray, et: np.ndarray,
                      ls: np.ndarray, lt: np.ndarray, prep: Prepared, first: np.ndarray, second: np.ndarray
                      ) -> np.ndarray:
        """(P, len(MERGE_FEATURES)) features of merging adjacent links ``first`` / ``second`` (each (P, 4) rows
        (src_start, src_stop, tgt_start, tgt_stop)) into one; NaN rows where a link has no calibrated probability.

        ``es`` (n, d) / ``et`` (m, d) sentence embeddings, ``ls`` (n,) / ``lt`` (m,) character lengths.
        """
        P = first.shape[0]
        merged = np.stack([first[:, 0], second[:, 1], first[:, 2], second[:, 3]], axis=1)
        # embeddings of every source / target span involved (first, second, merged), one batch per side
        src_spans = np.concatenate([first[:, 0:2], second[:, 0:2], merged[:, 0:2]])
        tgt_spans = np.concatenate([first[:, 2:4], second[:, 2:4], merged[:, 2:4]])
        vs = self._span_vectors(src, es, prep.need_s, src_spans).reshape(3, P, -1)
        vt = self._span_vectors(tgt, et, prep.need_t, tgt_spans).reshape(3, P, -1)
        has_s = (src_spans[:, 1] > src_spans[:, 0]).reshape(3, P)
        has_t = (tgt_spans[:, 1] > tgt_spans[:, 0]).reshape(3, P)

        def cos(u: np.ndarray, v: np.ndarray, ok: np.ndarray) -> np.ndarray:
            return np.where(ok, np.einsum("ij,ij->i", u, v), 0.0)

        sim1 = cos(vs[0], vt[0], has_s[0] & has_t[0])
        sim2 = cos(vs[1], vt[1], has_s[1] & has_t[1])
        sim_m = cos(vs[2], vt[2], np.ones(P, bool))
        skip1 = (~(has_s[0] & has_t[0])).astype(np.float64)
        skip2 = (~(has_s[1] & has_t[1])).astype(np.float64)
        best = np.zeros(P)
        for links, sk in ((first, skip1), (second, skip2)):
            on_src = (sk > 0) & (links[:, 1] > links[:, 0])
            on_tgt = (sk > 0) & ~on_src
            best += np.where(on_src, prep.skip_s[np.minimum(links[:, 0], len(src) - 1), 1], 0.0)
            best += np.where(on_tgt, prep.skip_t[np.minimum(links[:, 2], len(tgt) - 1), 1], 0.0)
        cross12 = cos(vs[0], vt[1], has_s[0] & has_t[1])
        cross21 = cos(vs[1], vt[0], has_s[1] & has_t[0])
        best_part = np.where(skip1 > 0, np.where(skip2 > 0, 0.0, sim2),
                             np.where(skip2 > 0, sim1, np.maximum(sim1, sim2)))
        cs = np.concatenate([[0.0], np.cumsum(ls)])
        ct = np.concatenate([[0.0], np.cumsum(lt)])

        def chars(links: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            return cs[links[:, 1]] - cs[links[:, 0]], ct[links[:, 3]] - ct[links[:, 2]]

        def lenz(links: np.ndarray) -> np.ndarray:
            c1, c2 = chars(links)
            ok = (c1 > 0) & (c2 > 0)
            z = (np.log(np.maximum(c1, 1) / np.maximum(c2, 1)) - prep.len_mu) / prep.len_sd
            return np.where(ok, np.minimum(z * z, 9.0), 0.0)

        lex_s = prep.lex_vs if prep.lex_vs is not None else _lex_vectors(src)
        lex_t = prep.lex_vt if prep.lex_vt is not None else _lex_vectors(tgt)
        cls_ = np.concatenate([np.zeros((1, _LEX_DIM), np.float32), np.cumsum(lex_s, axis=0)])
        clt = np.concatenate([np.zeros((1, _LEX_DIM), np.float32), np.cumsum(lex_t, axis=0)])

        def lexf(links: np.ndarray) -> np.ndarray:
            x = cls_[links[:, 1]] - cls_[links[:, 0]]
            y = clt[links[:, 3]] - clt[links[:, 2]]
            nx, ny = np.linalg.norm(x, axis=1), np.linalg.norm(y, axis=1)
            cosv = np.einsum("ij,ij->i", x, y) / np.maximum(nx * ny, 1e-8)
            both = (nx > 0) & (ny > 0)
            one = (nx > 0) ^ (ny > 0)
            out = np.where(both, cosv - 0.5, np.where(one, -0.25, 0.0))
            return np.where((links[:, 1] > links[:, 0]) & (links[:, 3] > links[:, 2]), out, 0.0)

        ch1 = np.add(*chars(first))
        ch2 = np.add(*chars(second))
        wmean = (ch1 * sim1 + ch2 * sim2) / np.maximum(ch1 * (1 - skip1) + ch2 * (1 - skip2), 1e-9)
        p1 = self.link_probability(prep, first)
        p2 = self.link_probability(prep, second)
        cols = [np.ones(P), sim_m, sim1, sim2, skip1, skip2, best, cross12, cross21, sim_m - best_part,
                lenz(merged), lenz(first), lenz(second), lexf(merged), lexf(first), lexf(second), p1, p2,
                ((merged[:, 1] - merged[:, 0] + merged[:, 3] - merged[:, 2]) > 3).astype(np.float64),
                np.log(np.minimum(ch1, ch2) / np.maximum(np.maximum(ch1, ch2), 1.0) + 1e-9), sim_m - wmean,
                cos(vs[0], vs[1], has_s[0] & has_s[1]), cos(vt[0], vt[1], has_t[0] & has_t[1])]
        tok_s = _rare_tokens([_lex_tokens(x) for x in src], _CROSS_MAX_DF)
        tok_t = _rare_tokens([_lex_tokens(x) for x in tgt], _CROSS_MAX_DF)
        cols.append(np.array([min(cross_tokens(tok_s, tok_t, f, g), 3) for f, g in
                              zip(first.tolist(), second.tolist(), strict=True)], np.float64))
        return np.stack(cols, axis=1).astype(np.float64)

    def _neighbour_margin(self, ss: np.ndarray, st: np.ndarray, es: np.ndarray, et: np.ndarray,
                          r: np.ndarray, c: np.ndarray, a: int, b: int, chunk: int = 32768) -> np.ndarray:
        """Bertalign's margin: mean similarity of each side's span with the sentences just outside the other's.

        ``r``/``c`` (N,) link end nodes; returns (N,) float32. Works in chunks: memory O(chunk * d).
        """
        n, m = es.shape[0], et.shape[0]
        out = np.empty(r.shape[0], dtype=np.float32)

        def side(v: np.ndarray, other: np.ndarray, left: np.ndarray, right: np.ndarray, size: int) -> np.ndarray:
            tot = np.zeros(v.shape[0], dtype=np.float32)
            cnt = np.zeros(v.shape[0], dtype=np.float32)
            ok = left >= 0
            tot[ok] += np.einsum("ij,ij->i", v[ok], other[left[ok]])
            cnt[ok] += 1
            ok = right < size
            tot[ok] += np.einsum("ij,ij->i", v[ok], other[right[ok]])
            cnt[ok] += 1
            return tot / np.maximum(cnt, 1)

        for k in range(0, r.shape[0], chunk):
            rr, cc = r[k:k + chunk], c[k:k + chunk]
            mt = side(ss[rr - a], et, cc - b - 1, cc, m)
            msrc = side(st[cc - b], es, rr - a - 1, rr, n)
            out[k:k + chunk] = (mt + msrc) / 2
        return out

    def link_features(self, prep: Prepared, path: np.ndarray) -> list[np.ndarray]:
        """Calibration features of each link of a DP path (L, 4): see :data:`CALIBRATION`."""
        index = {ab: k for k, ab in enumerate(prep.moves)}
        out: list[np.ndarray] = []
        for s0, s1, t0, t1 in path.tolist():
            a, b = s1 - s0, t1 - t0
            if a == 0 or b == 0:
                best = prep.skip_s[s0, 1] if a else prep.skip_t[t0, 1]
                out.append(np.array([1.0, best], np.float64))
            else:
                flat = int(prep.band.offsets[s1] + t1 - prep.band.lo[s1])
                f = prep.feats[index[(a, b)]][flat].astype(np.float64)
                out.append(np.array([1.0, f[0], f[1], f[4], min(f[3], 9.0), float(a + b > 2)]))
        return out

    @staticmethod
    def _link_cos(prep: Prepared, index: dict[tuple[int, int], int], s0: int, s1: int, t0: int, t1: int) -> float:
        """The cosine of a link's two sides from pass 1 (``index``: move -> its index in ``prep.moves``; a link size
        pass 1 did not score: 0.0)."""
        k = index.get((s1 - s0, t1 - t0))
        if k is None:
            return 0.0
        cos = float(prep.sims[k][int(prep.band.offsets[s1] + t1 - prep.band.lo[s1])])
        return 0.0 if math.isnan(cos) else cos

    def _make_links(self, path: np.ndarray, prep: Prepared, override: dict[int, float] | None = None) -> list[Link]:
        """Links of a path (L, 4) with calibrated scores (``override``: path index -> probability to use); in two
        unrelated documents (:data:`UNRELATED_DOC_SIM`) a link with two sides and a low cosine
        (:data:`UNRELATED_LINK_COS`) scores at most :data:`LOW_LINK_SCORE`."""
        o = self.options
        out: list[Link] = []
        unrelated = prep.doc_sim < UNRELATED_DOC_SIM
        index = {ab: k for k, ab in enumerate(prep.moves)} if unrelated else {}
        for k, ((s0, s1, t0, t1), x) in enumerate(zip(path.tolist(), self.link_features(prep, path), strict=True)):
            w = CALIBRATION["skip"] if x.shape[0] == 2 else CALIBRATION["link"]
            score = 1.0 / (1.0 + math.exp(-float(np.clip(x @ w, -30, 30))))
            if override and k in override:
                score = override[k]
            if unrelated and s1 > s0 and t1 > t0 and self._link_cos(prep, index, s0, s1, t0, t1) < UNRELATED_LINK_COS:
                score = min(score, LOW_LINK_SCORE)
            score = round(min(max(score, 0.0), 1.0), 4)
            out.append(Link(tuple(range(s0, s1)), tuple(range(t0, t1)), score, score < o.unsure_below))
        return out
