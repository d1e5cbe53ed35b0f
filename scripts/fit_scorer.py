#!/usr/bin/env python
"""Fit the scorer's calibration on dev data and write align/resources/scorer.json.

Run from the repository root: ``python scripts/fit_scorer.py [--data ../shared/data] [--cache DIR]``.

Data (dev only; every source is split in two halves by document / sentence id, and only the "fit" half
is used here; ``scripts/bench_score.py`` measures on the other half and on MLQE-PE dev):

* MLQE-PE ru-en train: a ridge regression from the two sentence embeddings to the human mean
  (the ``quality`` feature), and the final mapping of the fidelity logit onto the 0-1 human scale;
* NTREX-128 and FLORES dev pairs (faithful) and damage made from them (number, name, negation, omission,
  addition; :mod:`align.calibration`);
* DEMETR ru: reference and MT as faithful, the damaged renderings by kind;
* MLQE-PE train machine translations with a human mean >= 85: faithful renderings by another "translator"
  (looser than the reference), on the faithful side of the detector;
* the NTREX-128 / FLORES pairs swapped, en -> ru, with damage to the Russian rendering
  (:func:`align.calibration.make_damage_reverse`): they train the tree detector only; the heads and every threshold are
  fitted on ru -> en.
* the full degree of machine translation's pathologies made from the NTREX-128 / FLORES pairs
  (:func:`align.calibration.make_pathologies`: a detached rendering, a loop, a rendering cut short): they train the
  full-degree models of the omission and addition heads only.

Logistic heads are fitted: the detector (faithful vs any damage, all features but the negation polarity ones),
``omission`` (omitted clause vs faithful, source-coverage and length features only), ``addition`` (added clause
vs faithful, rendering-coverage and length features only) and ``negation`` (negation damage vs faithful, the
negation flags and the polarity features of :func:`align.scoring.negation_polarity` only).

Round 13 (session 13), names. What may stand in for a name's counterpart, read from the missed name damage of the
held-out halves: function words no longer (``evidence.STOP_WORDS``: "and" had the key of Индия); a dotted acronym is no
run of initials ("U." of "U.S." matched every name opening with a vowel: Айова / Kyoto), but a dotted acronym renders a
Cyrillic one (ФБР / F.B.I.); a lower-case Cyrillic word must also be spelled like the name (время had passed for
Freeman, тысячи for Taizicheng; бельгиец / Belgian, пингвины / Penguins stay); Eu- read as Ев- (Europa / Европы) and
Greek th- as Ф- (Theodosius / Феодосий); one source word is no longer the counterpart of two rendering names where one
of them spells it better (Танзании / Tanzania and Tennessean; ``evidence._rendered_twice``, not across a hyphenated
compound, not for the two words of one name: Genghis Khan / Чингисхан); a spelling that only starts like the name needs
a demonym, case or transliteration ending (Куба / Cuban, Дэн / Deng, not Мара / Marlow). Two rule caps: a name a
Cyrillic source spells in Latin letters that the rendering lacks (Honda, BMW; feature ``name_copied``, 1 of 1,514
references), and a left-over name whose encoder match is a name candidate left unaccounted for on the other side
(``scoring._match_replacements``, in ``name_replaced``: Уллман / Freeman, Нью-Йорке / New Manhattan). Then negation: an
English rendering with more double negations than the source (``evidence.double_negations``: "are not unsure" for "не
уверены", "did not show no", "not barely"; the marker counts agree, the polarity flipped) gets a negation flag with
``double`` and a rule cap (feature ``tgt_double_neg``): 1 of 1,514 references ("won't disagree" for "не буду отрицать"),
24 of 1,271 negation damages, half of them missed before. On the held-out halves, AUC / caught at 5% of the references,
session start -> now: number 0.974 / 0.96 -> 0.974 / 0.96, names 0.930 / 0.81 -> 0.934 / 0.83 (replaced 0.954 / 0.87 ->
0.955 / 0.89, removed 0.880 / 0.67 -> 0.889 / 0.71), name_alike 0.895 / 0.74 -> 0.905 / 0.78, negation 0.934 / 0.82 ->
0.936 / 0.84, omission 0.941 / 0.81 -> 0.941 / 0.81, addition 0.963 / 0.85 -> 0.961 / 0.85, DEMETR names 0.882 / 0.70 ->
0.881 / 0.72, pooled 0.935 -> 0.936; Pearson 0.659 -> 0.661; Kremlin pairs called altered 6.8% -> 6.6%; en -> ru pooled
0.939 -> 0.939. The catches sit on the edge of the caps' band (the 5% threshold of the references falls just above it)
and move by 0.01-0.02 from fit to fit of nearly the same code: the fit before the negation rule gave names 0.81,
name_alike 0.78, negation 0.81; one before that (the match rule without the name-candidate condition) names 0.83,
name_alike 0.79, negation 0.82.

Round 16 (session 16). A refit after a small change of the negation evidence (SCORER_VERSION 8: four idioms that
negate nothing, "не запрещено" / "не буду отрицать" as the source's own double negations: 7 fit references lose a
false negation flag, the negation damage gains 2). The heads' grid chose addition 0.10 above q 0.99 instead of 0.15
above q 0.97: on the fit half every one of its 64 pairs has a worst catch within 0.005 of the best (0.758-0.763), so
the choice is a coin toss that a handful of changed features decides. Held-out halves, the session-15 model -> this
refit: goal-shaped AUC 0.943 -> 0.940 (addition 0.932 -> 0.915), caught at 5% of the references number 0.94 -> 0.94,
names 0.83 -> 0.84, name_alike 0.78 -> 0.79, negation 0.82 -> 0.83, omission 0.75 -> 0.76, addition 0.69 -> 0.69;
Pearson 0.660 -> 0.658. Tried, not kept: breaking ties (worst catches within 0.005) by the fit half's goal-shaped
AUC. It chose 0.20 above q 0.97 for both heads: held-out AUC 0.943, but the 5% threshold fell into the caps' band
(0.456) and names / name_alike / negation / omission were caught 0.80 / 0.72 / 0.81 / 0.74. Also not kept: an IBM-1
dictionary (lemmas; 9,000 sentence pairs of MLQE-PE train, WMT24 and the Kremlin transcript) as word-level evidence
of additions and omissions: alone AUC 0.79 / 0.76 held out against the heads' 0.985 / 0.967, and in a logistic model
with the head no gain at any false-alarm rate (addition caught at 1% of the references 0.73 -> 0.69, at 5% 0.92 ->
0.92).

Round 15 (session 15). The damage generators left tells that the scorer had learnt instead of the damage, and made the
commonest addition the easiest. (1) Dropping a sentence's last clause took its full stop with it: 415 of the 1,092
held-out omission renderings ended without final punctuation (6 of 1,514 human references do); given their full stop
back, the session-14 scorer caught 0.76 of them instead of 0.81. (2) "did not" + a blindly cut stem misspelt the verb
in 56 of 1,270 negation renderings ("did not describ"), caught 0.93 against 0.83. (3) An added clause came from any
sentence of the corpus, mostly off the topic; one from the same document is caught 0.66 instead of 0.84 by the scorer
refitted without tells (1, 2), and an addition a person or a model writes is mostly on topic. (4) An added clause could
end in a dangling "and" or land inside a closing quote. Now ``calibration.damage_omission`` keeps the text's final
punctuation (and a closing quote it still opens), ``calibration._base_of_past`` spells the verb's base form (a web2
word; of several the most frequent piece of the encoder's vocabulary: rated -> rate, not rat) or takes another verb, a
name removed at a sentence's start leaves no leading space, ``damage_addition`` glues the clause after a closing quote
and without a dangling connective, and the added clause comes from the same document (``same_document_pools``): for
every bench pair, for half of the fit pairs (``ON_TOPIC``; all of them: Kremlin pairs called altered 8.1%, half: 7.4%,
the catches within 0.02). One evidence fix: a dotted acronym is a gazetteer target (U.K. / Великобританию: 1 held-out
reference a direction had a false flag). The heads' penalties (``heads_step``) are now each head's own, ``c_omission``
/ ``c_addition`` above quantile q of the faithful fit pairs' logits, chosen on the fit half over c 0.1-0.25 x q 0.97 /
0.99 for each (:func:`choose_heads_step`) as the pair under which the worst-caught kind (number, name, name_alike,
negation, omission, addition) is caught most often there: 0.15 above q 0.97 for both. Each head alone catches its kind
far better than fidelity (held out at 5% of the references: omission 0.86, addition 0.92), but the kinds share the 5%:
the same grid without name_alike in the minimum chose 0.25 for both (addition 0.71, omission 0.76, names 0.80,
name_alike 0.71).
Held-out halves, AUC / caught at 5% of the references, on the session-14 sample -> on the sample without tells (1, 2)
with the session-14 scorer -> the same refitted with an omission penalty of its own -> on the sample with on-topic
additions (3, 4) with that scorer -> refitted (shipped): number 0.970 / 0.94 -> 0.969 / 0.94 -> 0.966 / 0.94 -> 0.966 /
0.94 -> 0.966 / 0.94; names 0.948 / 0.85 -> 0.948 / 0.86 -> 0.947 / 0.84 -> 0.947 / 0.84 -> 0.947 / 0.83; name_alike
0.909 / 0.79 -> 0.909 / 0.80 -> 0.907 / 0.79 -> 0.907 / 0.79 -> 0.908 / 0.78; negation 0.935 / 0.83 -> 0.934 / 0.84 ->
0.932 / 0.83 -> 0.932 / 0.83 -> 0.933 / 0.82; omission 0.938 / 0.81 -> 0.924 / 0.78 -> 0.946 / 0.78 -> 0.946 / 0.78 ->
0.935 / 0.75; addition 0.960 / 0.85 -> 0.960 / 0.85 -> 0.956 / 0.84 -> 0.902 / 0.66 -> 0.932 / 0.69; DEMETR names 0.881
/ 0.68 -> 0.881 / 0.73 -> 0.878 / 0.68 -> 0.878 / 0.68 -> 0.881 / 0.67; goal-shaped 0.950 -> 0.947 -> 0.949 -> 0.938 ->
0.943 (with name_alike 0.942 -> 0.939 -> 0.941 -> 0.930 -> 0.935); Pearson 0.660 -> 0.660 -> 0.659 -> 0.659 -> 0.660;
Kremlin pairs called altered 6.3% -> 6.3% -> 6.3% -> 6.3% -> 7.4%. The session-14 scorer on the final sample: number
0.969 / 0.94, names 0.948 / 0.86, name_alike 0.909 / 0.80, negation 0.934 / 0.84, omission 0.924 / 0.78, addition 0.906
/ 0.68, goal-shaped 0.936, en -> ru pooled 0.918 (shipped: 0.929); one refit without the heads' grid (one c 0.1 at q
0.99): 0.970 / 0.94, 0.948 / 0.85, 0.911 / 0.79, 0.935 / 0.83, 0.925 / 0.76, 0.918 / 0.69, goal-shaped 0.939. So the
session-14 figures were optimistic: by about 0.04 caught for omission and 0.15-0.19 for an on-topic addition; on damage
without these tells the goals (AUC 0.95, every kind 0.80) are further away than they looked: goal-shaped 0.943,
omission 0.75, addition 0.69.
Tried and not kept: a second model that orders the capped pairs inside the caps' band (faithful references with false
flags against damage; logistic on all features and the fidelity, trained on the fit half's capped pairs): inside the
band AUC 0.642 -> 0.663 held out, catches at 3-5% of the references within +-0.02 either way (the fit half's capped
references, 52, are too few and its trees in-sample). The figures sit on a cliff: 3.8% of the held-out references are
in the caps' band (fidelity 0.43-0.45), so at 5% the threshold lies just above it and catches every capped damage, at
4% it lies inside (names 0.85 -> 0.75, negation 0.84 -> 0.77, omission 0.82 -> 0.76 with the session-14 scorer) and at
3% below it (0.68 / 0.63 / 0.69). A held-out set whose second translations carry more false flags than ours lands lower
on that curve.

Round 14 (session 14). The damage of the fit and bench pairs is drawn per item (``calibration.item_rng``: a random
source seeded by the item and the kind) instead of from one stream for all items, and a replacement name is drawn from
the pool by rendezvous hashing (``calibration.stable_choice``), so a change to what the evidence finds redraws only the
damage it touches (a new name candidate had redrawn a third of the held-out name damage and about half of the rest, and
the bench then compared two samples: about +-0.005 AUC, +-0.02 caught; now the session-13 -> 14 evidence leaves 98% of
the name damage and all other damage as it was). This is a new sample: the session-13 scorer scores goal-shaped 0.951
(0.942 with name_alike) on it. Evidence: "No. 1" / "No.1" is the number sign, not a negation (2 held-out references a
direction had a false flag); a capitalised word after a title's abbreviation is a name candidate even if it is a
dictionary word (Ms. Tipper, Rep. Maxwell, г-на ... / Mr Trump); a weekday is no name's counterpart (Saturday had the
key of Старридж); a gazetteer target matches by prefix only with a demonym or case ending (Christmas had passed for
Иисус through "christ"); words that negate nothing no longer make up for a missing marker (nevertheless, nonetheless,
regardless, independent / независимый, disease, disorder, disarm: on the fit halves +19 negation damages flagged, no
reference); a number before a span of years also reads as years, as a converted reading ("five centuries" / "500 лет" in
the Kremlin transcript; "два десятилетия" is still no "twenty decades"). Held-out halves, the session-13 scorer -> this
one on the same sample (AUC / caught at 5% of the references): number 0.970 / 0.94 -> 0.970 / 0.94, names 0.948 / 0.85
-> 0.948 / 0.85, name_alike 0.905 / 0.78 -> 0.909 / 0.79, negation 0.935 / 0.84 -> 0.935 / 0.83, omission 0.938 / 0.81
-> 0.938 / 0.81, addition 0.961 / 0.86 -> 0.960 / 0.85, DEMETR names 0.881 / 0.72 -> 0.881 / 0.68, goal-shaped 0.951 ->
0.950 (0.942 -> 0.942 with name_alike); en -> ru negation 0.900 / 0.65 -> 0.903 / 0.69, name 0.894 / 0.65 -> 0.897 /
0.69, references called altered 7.4% -> 7.2%; Pearson 0.661 -> 0.660; Kremlin pairs called altered 6.6% -> 6.3%. Fits of
nearly the same code (before the span rule; before the stable name draw) gave DEMETR names 0.73 / 0.72, Pearson 0.661 /
0.659, goal-shaped 0.950 / 0.951: the refit noise, as the 5% threshold of the references moves by 0.02. The bench now
prints 90% bootstrap intervals: goal-shaped AUC 0.946-0.954, the catches about +-0.04 (names +-0.07): the goal's 0.95
and 0.80 lie inside them.
Tried and not kept (measured on the held-out dump, no refit): a leave-one-out over sliding 2-4 word windows (each window
cut from one side, the sentence re-embedded): it separates the omissions / additions the scorer misses from references
at AUC 0.78 / 0.84, but a logistic model on it and the omission / addition head is no better than the head alone
(0.904 / 0.977 against 0.901 / 0.977), at 80 ms a pair; the encoder's per-token vectors (the n-gram CNN's outputs
before the sum) matched across the two sides as a word alignment (BERTScore-like): 0.916 -> 0.923 for omission misses
over the head, nothing for addition, and nothing over the ridge quality estimate for MLQE-PE (0.668); a small network
(or two stages) for the quality estimate: 0.665-0.667 against the ridge's 0.668; per-side mean-centring of the
aligner's embeddings (DP alone, Text+Berg dev 0.8969 -> 0.8944 / 0.8906 for half / full centring).

Round 12 (session 12), tried and not kept: negation scope by word. A negation marker's next content words (at most
two of the next four words, not across punctuation) matched with their most similar content word of the other side
by the word embeddings (cosine >= 0.5); a marker counted when no negation is near its matched words (three words
before to four after a marker, or a word negative by itself). On the held-out halves it fired on 74% of the negation
damage the scorer missed ("bags are not a target" / "без присмотра багаж ... мишень": counts agree), but also on 9%
of the human references (isolated-word matches are noisy: "не проходящий" / "since"; a mutual best match and cosine
0.7 still left 4%). As two features in the negation head and the trees: negation AUC 0.934 -> 0.934, caught 0.82 ->
0.82; en -> ru negation 0.894 / 0.64 -> 0.899 / 0.65; the rest within noise.

Round 11 (session 11), the full degree. The held-out omission / hallucination goal grades real machine translations
none / small / partial / full, and machine translation's full degree is unlike a clause added or dropped: a rendering
detached from its source, one stuck in a loop ("in Geneva in Geneva in Geneva"), one cut short. The heads had never
seen it: on the bench's new pathologies (held-out halves) a loop scored addition 0.06 ("paraphrase", fidelity 0.40,
a quarter of them above the 5% flag threshold) and a detached rendering 0.48, below a clause added (0.78), so the
4-level ordering none < one clause < two clauses < full fell to 0.63 for addition (cosine 0.86) and 0.79 for omission.
Now a loop is evidence (:func:`align.evidence.repetition_flags`; feature ``tgt_repeat``, in the addition head;
fidelity scaled by the share of the rendering that is no loop; verdict "altered"), and each head has a full-degree
model (``full``: a logistic model on the head's features, detached or looped renderings for addition, detached ones
for omission, against every other fit pair) that lifts its score, ``1 - (1 - head) * (1 - full)``. 4-level ordering
ru -> en / en -> ru on the same pairs: addition 0.631 / 0.632 -> 0.961 / 0.962, omission 0.787 / 0.798 -> 0.920 /
0.922 (the full degree of omission is a detached rendering or one cut short; the bench, with DEMETR's references among
the faithful, prints 0.964 / 0.923 ru -> en); 3-level orderings ru -> en 0.930 / 0.944 -> 0.928 / 0.944 (noise);
loops caught at 5% of the references 0.75 -> 1.00; the other figures within the refit noise (pooled AUC 0.934, Pearson
0.660, Kremlin pairs called altered 72 -> 71, partial 15 -> 18: two short idioms rendered freely, "Вот интересное кино!"
/ "Oh, come on!" at cosine 0.18, now look detached). Of the 8,000 MLQE-PE pairs 15 have a loop (human means 7-45, one
line pasted twice on both sides is excused by the source's own repetition); of 1,514 human references none.
Not kept: the full degree in the heads' own graded targets (one clause 0.75, two 0.9, full 1: 3-level ordering 0.928
-> 0.914 / 0.944 -> 0.907, and a rendering cut short read as an addition; with the other head's damage as negatives
0.897 / 0.907); renderings cut short in the omission head's full-degree model (4-level 0.913 but 3-level 0.926 ->
0.920: a rendering cut short and two clauses dropped are one continuum); a word twice or two words twice as a loop
(interpreters repeat so: "That's right, that's right", "told him, told him": 7 Kremlin pairs called altered); a short
prepositional phrase dropped / added (:func:`align.calibration.make_phrase_damage`, the bench's small degree) in the
heads' graded targets at 0.4: phrase vs none AUC addition 0.725 -> 0.782, omission 0.731 -> 0.736, but the addition
head's 3-level ordering 0.944 -> 0.931 (two clauses vs one 0.841 -> 0.802) and Kremlin pairs called altered 71 -> 85.
Then a relabelling: the name damage that removes a name (one time in three) removed one word of a multi-word name
("Joko Widodo" -> "Widodo", "Kanye West" -> "West"), a shortening the name evidence excuses on purpose because
translators make it. It now removes the whole name (the capitalised words next to it, not a sentence's first word).
With the same scorer, names caught at 5% of the references 0.75 -> 0.81 (removed 0.49 -> 0.66, AUC 0.811 -> 0.879);
refitted on the relabelled damage, the same within noise (0.81, removed 0.67; Kremlin pairs called altered 72).
Not kept: the negation head fitted on the swapped en -> ru pairs too (the other heads and the thresholds ru -> en):
negation caught en -> ru 0.64 -> 0.66 (AUC 0.894 -> 0.896), ru -> en 0.82 -> 0.83, within the refit noise.

Round 10 (session 10), the other direction. The scorer was fitted on ru -> en only; scored en -> ru (English source,
Russian rendering; the bench's new part) it caught damage less well. The swapped pairs, with their own damage to the
Russian side (number, negation by :func:`align.calibration.damage_negation_ru`, name, omission, addition), now train the
tree detector (the logistic heads and every threshold stay ru -> en), and the quality estimate reads an en -> ru pair
the other way round (``scoring.QUALITY_LANGS``). Held-out halves, before -> after: en -> ru AUC number 0.956 -> 0.958,
negation 0.884 -> 0.896, name 0.872 -> 0.875, omission 0.893 -> 0.905, addition 0.961 -> 0.958, pooled 0.934 -> 0.938,
references called altered 7.9% -> 7.2%; ru -> en negation 0.930 -> 0.934, omission 0.940 -> 0.942, addition 0.964 ->
0.963, pooled 0.933 -> 0.933, MLQE-PE dev Pearson 0.654 -> 0.659, catches within the refit noise; Kremlin pairs called
altered 73 -> 72 of 1,061.
Not kept: the swapped pairs in the heads too (omission ordering ru -> en 0.930 -> 0.933, en -> ru 0.920 -> 0.928, but
the addition head's 2% threshold fell from 0.40 to 0.34 and Kremlin pairs called altered rose to 78: interpreters'
expansions); thresholds on the faithful fit pairs of both directions (ru -> en references called partial 5.5% ->
6.7%); swapped pairs with number / omission / addition damage only (ru -> en addition 0.960, pooled 0.932). A word
negative by itself excusing a missing marker only within 30% of the text's length of it ("prevent" in the English
source excused any "не" added to the Russian): negation damages flagged ru -> en 90.8% -> 92.2%, en -> ru 85.7% ->
88.8%, references 3.8% -> 4.0%, but after a refit negation AUC ru -> en 0.934 -> 0.934, en -> ru 0.896 -> 0.900,
Pearson 0.659 -> 0.657 (the polarity features saw these already). A capitalised common word right after a name as a
surname (Maxine Waters, Jack Jarvis; not Street, City, Club ...): ru -> en references with a name flag 231 -> 256 of
2,994.

Round 9 (session 8). Sentence-initial names: an English word of four letters or more that web2 does not list in lower
case (Svitavy, Singapore) and a whole Cyrillic word that the Russian dictionary does not know (Флейшер, Розенштейн) are
name candidates at the start of a sentence too; the bench's name damage now replaces such names as well (of 41 held-out
same-kind ones, 23 were missed with the English rule alone, 14 with both). Key variants Hs- / С, Ph- / П, -ier / -ье;
broken syntax "of, " / "of and" / ", ." / "of announced". Caps graded by the logit past the step (``--cap-spread`` 0.02:
capped pairs no longer tie). Each negation marker undone and re-embedded (``neg_undone_src`` / ``neg_undone_tgt``, in
the detector and the trees). On one fixed damage set made with this code, session start -> end: AUC name 0.903 -> 0.912,
name_alike 0.894 -> 0.899, DEMETR names 0.849 -> 0.879, negation 0.930 -> 0.932, number 0.965 -> 0.974, pooled 0.929 ->
0.933; caught at 5% of human references: DEMETR names 0.65 -> 0.70, name 0.75 -> 0.73, name_alike 0.75 -> 0.77, negation
0.82 -> 0.81, omission 0.81 -> 0.81, addition 0.87 -> 0.86; Pearson 0.655. Not kept: the undone-negation features in the
negation head (negation 0.82 but names -0.03: the head capped more references); a cap spread of 0.1 / 0.25 (pooled AUC
0.934 / 0.937, Pearson 0.650 / 0.645); two damage rounds per fit pair (within noise); the quality estimate as the mean
of three small networks (MLQE-PE dev Pearson of the estimate 0.668 -> 0.680, of fidelity 0.655 -> 0.668, but it rates
more human references low: at 5% of them names 0.73 -> 0.67, negation 0.81 -> 0.78; with the caps at 0.44: Pearson
0.663, names 0.70, negation 0.80); RBF kernel ridge for quality (0.673 at best); a sentence-initial word that web2 lists
in lower case but also capitalised as a candidate too (Rogers, Maxwell: +5% of sentence-initial replacements flagged,
but "Foster care" in two DEMETR references flagged). Refit noise: the catches at 5% move by 0.02-0.05 when a few fit
pairs change. "бессмысленно" as negative by itself (features of 3 dev pairs change): AUCs the same, names / name_alike /
negation / DEMETR names caught 0.73 / 0.77 / 0.81 / 0.70 -> 0.71 / 0.72 / 0.80 / 0.63; five bagged tree detectors
(bootstrap weights, mean logit; scorer.json 1.2 MB): 0.71 / 0.71 / 0.80 / 0.62, AUCs the same. The shipped fit's catches
are at the lucky end of that spread.

Round 8, fewer false name flags (session 7). Most of the faithful references capped below the flag threshold had a false
name flag; each fixed one lets the 5% threshold catch more damage. The Russian dictionary of pymorphy3 now tells names
from common words (a sentence-initial Путин / Дэвид is a candidate, Деборой is no adjective, a surname cut after a
rendered first name is no shortening), a title-case English headline's dictionary words are no names (web2 via
``english-words``), phonetic key variants (wh / У, -ssion / шн, th / ф, Шт / St, Роем / Рой, J / Я in short names, Sea-
/ Ш) and loose keys for two left-over names (Korean Чен / Jong, Сечжона / Sejong), exonyms in the gazetteer (Освенцим,
Прага, тихоокеанский ...), a dash inside a sentence no sentence start, a place adjective or a word for a people whose
place the rendering does not name beside a one-sided rendering name as a replaced place (гарлемских / Jakarta), and
numbers (сорока восьми = 48, forty-eight, fourballs, vague десятки). Faithful dev references with a name flag 8.95% ->
7.75%, with a number flag 2.4% -> 2.0%. On the session-6 damaged pairs (fixed), caught at 5% of human references:
name_alike 0.73 -> 0.79, names 0.71 -> 0.74 (removed 0.28 -> 0.35), DEMETR names 0.55 -> 0.63, number 0.95 -> 0.94,
negation 0.83 -> 0.82, omission 0.80 -> 0.81, addition 0.89, pooled AUC 0.925 -> 0.929, Pearson 0.657. Then the omission
/ addition heads' factor again (``--heads-c`` 0.1, off since the trees came): pooled AUC 0.929 -> 0.932, addition AUC
0.954 -> 0.963, omission 0.933 -> 0.940, catches within 0.01. And the name head's threshold at 2% of the faithful fit
pairs, not 1% (``--name-q`` 0.98): names caught 0.73 -> 0.77, name_alike 0.79 -> 0.82, DEMETR names 0.62 -> 0.65,
negation 0.82 -> 0.81, Pearson 0.657 -> 0.655. Not kept: reading known Russian common words (Ассамблеи, Луна) as
non-names (faithful flags 8.6% -> 7.4% but DEMETR name items flagged 84% -> 75%); a sentence-initial non-common word
before a capitalised word as a name without the dictionary (Ураган, Голкипер: negation 0.83 -> 0.81); dropping a pair of
left-over names whenever ``replaced_name`` says they may be one name (same-kind replacements flagged 94% -> 84%: Кавано
/ Kavadarkov share three letters); J as Ч or Я in every English name's key (Чен matched June, Jaguar a lower-case word);
a second-stage quality model (gradient-boosted trees on the ridge estimate plus every feature and the lengths, MLQE-PE
train): MLQE-PE dev Pearson 0.669 against the ridge's 0.668.

Round 7, replaced names. The name evidence matched too loosely: a name took a Russian common word with a two-letter
phonetic key for its counterpart (Ohio / его, Worrall / время, Putin / подходы: a lower-case Cyrillic word now needs the
first three key letters to agree, or the name's key inside its own: Zealand / новозеландском), a three-letter prefix of
a case-stripped form (Палу / Palawan: at most three more letters), a spelling ratio with another first sound (Саймон /
Raymond) or one of 0.6-0.7 (Кавано / Kavadarkov: the pair of left-over names is now taken for one name from 0.7), and
the first word of a three-word name run was dropped as a shortened first name (Мичигана Тиффани Нг / Tiffany Ng of
Ohio). Some true matches were missed (Хьюсу / Hughes: silent gh before s; Джоном / Jon, Роузом / Rose: a short name's
case ending). Faithful dev pairs with a name flag 8.6% -> 8.9%, same-kind replacements flagged 87% -> 93%. With those
flags, a name left over on each side, neither weak, is a replaced name (feature ``name_replaced``, not where
:func:`align.evidence.replaced_name` says the two may be one name or the source word is an adjective in -ский), and
fidelity is capped at 0.47 there (``--replaced-name-cap``): 0.7% of the held-out human references have one (translated
names the encoder check misses: Прилив / Tide, Славы / Famer; other spellings: Кэйга / Craig, Сечжона / Sejong), 69% of
the same-kind replacements. Held-out halves on the same damaged pairs as before, caught at 5% of human references:
name_alike 0.63 -> 0.73, names replaced at random 0.90, names removed 0.33 -> 0.28, DEMETR names 0.60 -> 0.55 (3 of 60,
all within 0.02 of the threshold, which falls 0.487 -> 0.475 as the cap takes in more faithful pairs), number 0.94 ->
0.95, negation 0.83, omission 0.82 -> 0.80, addition 0.89, pooled AUC 0.923 -> 0.925, Pearson 0.658 -> 0.657. The new
evidence without the cap: name_alike 0.64; the cap with the simple count (any two strong left-over names): name_alike
0.75, omission 0.80; ``name_replaced`` in the trees as well: within 0.01 (left out, ``--trees-exclude``). Then a rule
for a rendering broken the way a word cut out of it leaves it (feature ``tgt_broken``,
:func:`align.evidence.broken_syntax`: a preposition or article before punctuation or a verb, "during training in .",
"severed by, Saudi Arabia"; 0.3% of the faithful references, 14% of DEMETR's renderings with a name cut out), capped at
0.47 too (``--broken-cap``): DEMETR names 0.55 -> 0.58, DEMETR's one-word omissions 0.05 -> 0.09, the rest unchanged,
Pearson 0.658. Last, a phonetic key of three letters matched one of four whose first two letters it shares only if the
rest is one consonant more (Майкл / Michael) or the same length (Греции / Greek), not a consonant changed and one added
(Гленна / Halkett), with gazetteer entries for the names that lost their match (Олимпиаде / Olympics, Мюнхене / Munich,
Ямайки / Jamaican, Эгейским / Aegean): DEMETR names 0.58 -> 0.62, names 0.70 -> 0.71, name_alike 0.73 -> 0.74, negation
0.83 -> 0.82, pooled AUC 0.925 -> 0.926, Pearson 0.657.

Round 6, a tree detector: gradient-boosted trees (scikit-learn, fit time only; :func:`fit_damage_trees`) on every
feature but ``quality``, damaged vs faithful, cap fidelity at 0.47 where their damage logit is above what 5% of the
faithful fit pairs reach, taken out of fold (``--damage-q``; the trees fit their own training pairs closely, so an
in-sample threshold flagged 10% of new human references instead of 5%). The logistic detector's step and the
omission / addition heads' factor are dropped (``--step-cap 0 --heads-c 0``); the negation and name caps move from
0.4 to 0.47 (``--cap``). New word-level coverage features (:func:`align.scoring.word_coverage`) feed the trees and
the omission / addition heads. On the held-out halves, caught at 5% of human references (number / names / negation /
omission / addition; DEMETR's names) from 0.94 / 0.69 / 0.81 / 0.79 / 0.84; 0.52 to 0.94 / 0.74 / 0.83 / 0.82 /
0.89; 0.63, MLQE-PE dev Pearson 0.654 -> 0.658. ``--damage-q`` 0.93 / 0.96 / 0.97 / 0.98: Pearson 0.653 / 0.660 /
0.661 / 0.661, omission 0.82 / 0.81 / 0.80 / 0.77, names 0.73 / 0.74 / 0.72 / 0.69; ``--cap`` 0.42 / 0.52: Pearson
0.651 / 0.661, negation 0.82 / 0.80, names 0.74 / 0.69. The word features alone, without trees, moved nothing at the
5% threshold (omission head AUC 0.972 -> 0.973). Also lowering fidelity everywhere by the trees' P(no damage) **
beta ranks better but catches less: beta 0.05 / 0.15: AUC over all kinds 0.922 -> 0.927 / 0.934,
caught 0.01-0.02 / up to 0.05 lower, Pearson 0.655 / 0.646; left at 0. Same-kind name damage (``name_alike``) now
trains the trees too, as part of the name kind (``--alike all``): caught 0.53 -> 0.63; as a kind of its own it reached
0.64 but cost omission 0.82 -> 0.79. Tree shape (``--leaves`` / ``--trees``) 7 / 400 and 31 / 200 instead of 15 / 300:
every kind within 0.02, Pearson 0.659 / 0.657. A graded cap (lowered by up to 0.1 / 0.2 the surer the trees are):
AUC over all kinds 0.923 -> 0.927 / 0.929, catches unchanged, Pearson 0.658 -> 0.654 / 0.650; not kept (Pearson is
the goal closer to its edge). A cap proportional to fidelity (cap * (1 - c + c * fidelity), c 0.5 / 1: capped pairs
keep their order) caught the same, pooled AUC 0.928 / 0.929, but Pearson 0.650 / 0.641. Beside the trees, the name
head still adds names 0.69 -> 0.72, name_alike 0.58 -> 0.63 for Pearson 0.661 -> 0.658 (``--name-cap 0``), the
negation head negation 0.81 -> 0.83 at the same Pearson (``--neg-cap 0``). A rule cap where a name is replaced in
the evidence (a source and a rendering name left over, neither weak; 0.9% of faithful references, 62% of name_alike):
name_alike 0.63 -> 0.67 but names 0.72 -> 0.70, omission 0.82 -> 0.81, negation 0.83 -> 0.82, DEMETR names 0.60 ->
0.58 (as a tree feature too: omission 0.80); not kept.

Round 5, names: a name head (logistic on the name features, fitted on name damage vs the faithful side; fidelity capped
at 0.4 above what 1% of the faithful fit pairs reach, ``--name-cap`` / ``--name-q``) and a second kind of name damage,
``name_alike``: a name replaced by the nearest other name by the encoder (Smirnova -> Kuznetsova, Chelsea -> Juventus),
as an editor would, where the first kind takes any name (Dewar -> Somerset). ``name_alike`` trains the name head only
(``--alike head``); also in the detector (``--alike all``) it caught 0.60 instead of 0.45 of it, but negation fell 0.79
-> 0.76, omission 0.79 -> 0.77 and MLQE-PE dev Pearson 0.650 -> 0.646. Without the name head: names replaced 0.80,
name_alike 0.34, Pearson 0.657; with it at 0.7% (``--name-q 0.993``): 0.84 / 0.40 / 0.651.

Measured on dev without gain (round 4, negation): a negation-density feature (most negations in any six-word window,
for a "not" inserted into an already negative clause) in the negation head (the same negation catch at the same
Pearson); the negation head on raw features without hinges (0.70 instead of 0.76 at the same Pearson); counting
Russian "а не" as a negation (it is rendered ", not": 6 of 12 faithful fit pairs with it lose a false flag, but the
refit lowered names / negation / addition by 0.006-0.008); the omission / addition heads' step as a cap instead of a
factor (flags many faithful renderings: numbers, names, negation fall by 0.05-0.4); a lower omission step threshold or
a larger heads c (omission 0.79 -> 0.80 at most, names and negation -0.01).

Round 4, omission: word-level coverage from the source's 5-word windows (stride 2) already embedded, as the share of
windows whose best cosine with the rendering is under 0.4 and the longest run under 0.45, in the omission head
(omission caught 0.785 / 0.788 -> 0.785 / 0.790 on the two dev halves) or also in the shared detector (names and
negation fall 0.015-0.02): the minimum window coverage (``src_cov_min``) already carries that signal. 3-word windows
might add about 0.02 (0.775 -> 0.802 on 400 + 400 pairs, within noise) but need about 20 more encodes per pair.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import pickle
import sys
import time
from typing import Any

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from align import calibration as cal  # noqa: E402
from align.scoring import (  # noqa: E402
    _DEFAULT_MODEL,
    _RULE_CAPS,
    FEATURES,
    NAME_HEAD_FEATURES,
    NEG_POLARITY_FEATURES,
    NEGATION_HEAD_FEATURES,
    Scorer,
    expand_features,
)
from align.trees import ensemble_logit  # noqa: E402

log = logging.getLogger("align")

OMISSION_FEATURES = ("cos", "src_cov_min", "src_cov_mean", "src_gap", "len_ratio", "len_short", "src_loo",
                     "src_word_w3", "src_word_run", "src_word_frac")
ADDITION_FEATURES = ("cos", "tgt_cov_min", "tgt_cov_mean", "tgt_gap", "len_ratio", "len_long", "tgt_loo",
                     "tgt_word_w3", "tgt_word_run", "tgt_word_frac", "tgt_repeat")


class CachedEncoder:
    """Wraps an encoder with an on-disk text -> vector cache (for repeated fitting runs)."""

    def __init__(self, enc: Any, path: str | None) -> None:
        self.enc, self.path = enc, path
        self.name, self.dim = enc.name, enc.dim
        self.cache: dict[str, np.ndarray] = {}
        if path and os.path.exists(path):
            with open(path, "rb") as fh:
                self.cache = pickle.load(fh)

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        todo = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if todo:
            for k in range(0, len(todo), 20000):
                chunk = todo[k : k + 20000]
                emb = self.enc.encode(chunk)
                for t, v in zip(chunk, emb, strict=False):
                    self.cache[t] = v.astype(np.float32)
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def save(self) -> None:
        if self.path:
            tmp = self.path + ".tmp"
            with open(tmp, "wb") as fh:
                pickle.dump(self.cache, fh, protocol=4)
            os.replace(tmp, self.path)


#: the share of the fit pairs whose added clause comes from their own document (the rest: from any sentence). The
#: bench draws all of them from the document (on topic, the harder kind and the likelier in a person's or a model's
#: addition); the fit sees both kinds
ON_TOPIC = 0.5


def load_items(data: str, enc: Any) -> list[cal.Item]:
    par = cal.read_parallel(data)
    dmg = cal.make_damage(par, degree2=True, neighbours=cal.name_neighbours(par, enc.encode), on_topic=ON_TOPIC)
    rev = cal.make_damage_reverse(par, on_topic=ON_TOPIC)
    return par + dmg + cal.read_demetr(data) + cal.read_mlqe(data) + rev + cal.make_pathologies(par)


def compute_features(scorer: Scorer, items: list[cal.Item], batch: int = 2000) -> np.ndarray:
    X = np.zeros((len(items), len(FEATURES)))
    t0 = time.time()
    done = 0
    for langs in sorted({it.langs for it in items}):
        rows = [i for i, it in enumerate(items) if it.langs == langs]
        for k in range(0, len(rows), batch):
            chunk = rows[k : k + batch]
            feats, _, _ = scorer.features([(items[i].source, items[i].rendering) for i in chunk], *langs)
            X[chunk] = np.stack([f.x for f in feats])
            done += len(chunk)
            log.info("features %d/%d (%.0fs)", done, len(items), time.time() - t0)
    return X


def fit_quality(enc: CachedEncoder, items: list[cal.Item], l2: float = 30.0) -> dict[str, Any]:
    """Ridge regression human mean/100 ~ [es*et, |es-et|, et, es] on MLQE-PE train."""
    tr = [it for it in items if it.kind == "mlqe" and it.split == "fit"]
    es = enc.encode([it.source for it in tr])
    et = enc.encode([it.rendering for it in tr])
    X = np.concatenate([es * et, np.abs(es - et), et, es], 1).astype(np.float64)
    y = np.array([it.human for it in tr], float) / 100.0
    mu = X.mean(0)
    A = X - mu
    w = np.linalg.solve(A.T @ A + l2 * np.eye(A.shape[1]), A.T @ (y - y.mean()))
    b = float(y.mean() - mu @ w)
    return {"w": [round(float(v), 6) for v in w], "b": round(b, 6), "inputs": "es*et|abs(es-et)|et|es", "l2": l2}


#: the rule caps of scoring._RULE_CAPS (scorer.json key: where it applies); each has a --KEY-cap option
_RULE_CAP_HELP = {
    "replaced_name": "a name is replaced (the name_replaced feature: a name left over on each side, neither marked "
                     "weak, or a left-over name whose encoder match is an unaccounted name)",
    "broken": "the rendering's syntax is broken as by a word cut out (the tgt_broken feature)",
    "copied_name": "a name a Cyrillic source spells in Latin letters is not in the rendering (the name_copied feature)",
    "double_negation": "an English rendering has a double negation the source lacks (the tgt_double_neg feature)",
}


def fit_heads(X: np.ndarray, items: list[cal.Item], alpha: float = 0.13, l2: float = 1.0,
              mlqe_good: float | None = 85.0, mlqe_weight: float = 1.0, alike: str = "head") -> dict[str, Any]:
    """Fit the detector and the omission / addition heads on the fit split (see the module docstring).

    Features are expanded with hinges at the 5/25/50/75/95% quantiles of the faithful fit pairs (a
    piecewise-linear, additive model); the detector is a logistic regression faithful vs damaged with each
    damage kind weighted equally; ``fidelity = clip(quality) * P(no damage) ** alpha`` (times the step penalty that
    ``main`` adds, see ``--step-cap``). MLQE-PE train machine
    translations with a human mean of at least ``mlqe_good`` join the faithful side of the detector (weight
    ``mlqe_weight`` each): loose but faithful renderings by another translator, so that the detector does not
    learn "worded like the reference" as "faithful".
    """
    kinds = np.array([it.kind for it in items])
    fit = np.array([it.split == "fit" for it in items])
    good = np.isin(kinds, ["good", "good_mt"])
    is_mlqe = kinds == "mlqe"
    qi = FEATURES.index("quality")
    knots: list[list[float]] = []
    for i, _f in enumerate(FEATURES):
        if i == qi:
            continue
        gv = X[fit & good, i]
        if len(np.unique(gv)) < 5:
            continue
        qs = np.unique(np.round(np.quantile(gv, (0.05, 0.25, 0.5, 0.75, 0.95)), 6))
        if len(qs) < 3:
            # sparse evidence feature (neg_delta, name_sim_min: one value unless a flag fires): hinges at the
            # quantiles of its other values over all fit pairs, so that the detector can tell a strong flag
            # from a weak one
            vals, counts = np.unique(X[fit, i], return_counts=True)
            av = X[fit, i][X[fit, i] != vals[int(np.argmax(counts))]]
            if len(av) >= 50:
                qs = np.unique(np.round(np.quantile(av, (0.1, 0.3, 0.5, 0.7, 0.9)), 6))
        for q in qs:
            knots.append([i, float(q)])
    B = expand_features(X, knots)
    mean = B[fit & ~is_mlqe].mean(0)
    std = B[fit & ~is_mlqe].std(0) + 1e-6
    Z = (B - mean) / std
    col_feature = list(range(len(FEATURES))) + [int(i) for i, _ in knots]
    model: dict[str, Any] = {"features": list(FEATURES), "knots": knots, "mean": mean.round(6).tolist(),
                             "std": std.round(6).tolist(), "alpha": alpha}
    kinds_all = list(cal.DAMAGE_KINDS) + (["name_alike"] if alike == "all" else [])
    human = np.array([it.human if it.human is not None else -1.0 for it in items])
    mq = is_mlqe & (human >= mlqe_good) if mlqe_good is not None else np.zeros(len(items), bool)
    sel = fit & (good | mq | np.isin(kinds, kinds_all + ["demetr_" + k for k in kinds_all]))
    y = (good | mq)[sel].astype(float)
    wts = np.where(mq[sel], mlqe_weight, 1.0)
    ks = kinds[sel]
    for k in kinds_all:
        m = np.isin(ks, [k, "demetr_" + k])
        wts[m] = wts[y == 1].sum() / len(kinds_all) / max(1, m.sum())
    mask = np.array([c != qi and FEATURES[c] not in NEG_POLARITY_FEATURES for c in col_feature])
    w, b = cal.fit_logistic(Z[sel], y, wts, l2=l2, mask=mask)
    model["detector"] = {"w": w.round(6).tolist(), "b": round(b, 6)}
    faithful = fit & (good | mq)

    def damage_head(head_features: tuple[str, ...], positive_kinds: list[str]) -> dict[str, Any]:
        """A logistic head: damage of ``positive_kinds`` vs the faithful side, on ``head_features`` and their hinges
        (piecewise linear: raw columns only catch 0.70 of negation damage instead of 0.76 at the same Pearson); the
        two classes weighted equally."""
        hmask = np.array([FEATURES[c] in head_features for c in col_feature])
        pos = fit & np.isin(kinds, positive_kinds)
        hsel = faithful | pos
        hy = pos[hsel].astype(float)
        hw = np.where(hy == 1, (hy == 0).sum() / max(1.0, hy.sum()), 1.0)
        w_, b_ = cal.fit_logistic(Z[hsel], hy, hw, l2=l2, mask=hmask)
        return {"w": w_.round(6).tolist(), "b": round(b_, 6)}

    # negation head: negation damage (ours and DEMETR's); name head: name damage (ours, same-kind, DEMETR's)
    model["negation"] = damage_head(NEGATION_HEAD_FEATURES, ["negation", "demetr_negation"])
    model["name"] = damage_head(NAME_HEAD_FEATURES,
                                ["name", "demetr_name"] + (["name_alike"] if alike in ("all", "head") else []))
    for head, names in (("omission", OMISSION_FEATURES), ("addition", ADDITION_FEATURES)):
        # graded targets: faithful 0, one word removed / added (DEMETR) 0.3, one clause 0.75, two clauses 1
        grade = {f"demetr_{head}": 0.3, head: 0.75, f"{head}2": 1.0}
        hmask = np.array([FEATURES[c] in names for c in col_feature])
        pos = np.isin(kinds, list(grade))
        hsel = fit & (good | pos)
        yy = np.array([grade.get(k, 0.0) for k in kinds[hsel]])
        ww = np.where(yy > 0, (yy == 0).sum() / max(1, (yy > 0).sum()), 1.0)
        hw, hb = cal.fit_logistic(Z[hsel], yy, ww, l2=l2, mask=hmask)
        # soften so that degrees stay apart after rounding: the 99th percentile of positives maps to ~0.99
        logit = Z[hsel][yy >= 0.75] @ hw + hb
        temp = max(1.0, float(np.quantile(logit, 0.99)) / 4.6)
        model[head] = {"w": (hw / temp).round(6).tolist(), "b": round(hb / temp, 6), "temperature": round(temp, 3)}
        # the full degree (a detached rendering; for addition also a loop) against the faithful pairs and every damage
        # kind, on the head's features: lifts the head's score, 1 - (1 - head) * (1 - full) (a rendering cut short is
        # left to the omission head: it and two clauses dropped are one continuum)
        full = ("detached", "oscillation") if head == "addition" else ("detached",)
        fpos = np.isin(kinds, full)
        fsel = fit & ~is_mlqe & (good | pos | fpos | np.isin(kinds, list(cal.DAMAGE_KINDS) + ["omission2",
                                                                                         "addition2"]))
        fy = fpos[fsel].astype(float)
        fw, fb = cal.fit_logistic(Z[fsel], fy, None, l2=l2, mask=hmask)
        model[head]["full"] = {"w": fw.round(6).tolist(), "b": round(fb, 6)}
    return model


def fit_damage_trees(X: np.ndarray, items: list[cal.Item], iters: int = 300, lr: float = 0.05, leaves: int = 15,
                     mlqe_good: float | None = 85.0, folds: int = 5, extra_kinds: tuple[str, ...] = (),
                     exclude: tuple[str, ...] = ()) -> tuple[dict[str, Any], np.ndarray]:
    """The tree detector: gradient-boosted trees (scikit-learn's ``HistGradientBoostingClassifier``) on every feature
    but ``quality``, damaged (any kind of :data:`align.calibration.DAMAGE_KINDS`, ours and DEMETR's) vs faithful (the
    references, DEMETR's MT, MLQE-PE train MT with a human mean of at least ``mlqe_good``), each damage kind weighted
    equally, fit half only.

    Returns (the JSON form of :mod:`align.trees`, whose logit is the damage log-odds; the logit of every item (N,),
    out of fold for the fit half). Trees fit their own training pairs closely: a faithful fit pair scores lower than
    an unseen one, so thresholds taken on the fit half must use out-of-fold logits (``folds`` folds by document or
    sentence group) or they would flag far more than their share of new faithful pairs.

    Trees see what a sum of hinges cannot: a name flag counts when the encoder finds no counterpart *and* the clause
    is closer without it, a coverage gap counts less in a long loose rendering. At 5% of the held-out human references
    the detector alone caught number / names / negation / omission / addition 0.96 / 0.68 / 0.74 / 0.80 / 0.82 as a
    logistic model and 0.96 / 0.74 / 0.83 / 0.84 / 0.91 as trees.
    """
    try:
        from sklearn.ensemble import HistGradientBoostingClassifier
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SystemExit(f"fit_scorer.py: the tree detector needs scikit-learn (pip install -e '.[dev]'): {exc}"
                         ) from None
    from align.trees import from_sklearn

    kinds = np.array([it.kind for it in items])
    fit = np.array([it.split == "fit" for it in items])
    good = np.isin(kinds, ["good", "good_mt"])
    human = np.array([it.human if it.human is not None else -1.0 for it in items])
    mq = (kinds == "mlqe") & (human >= mlqe_good) if mlqe_good is not None else np.zeros(len(items), bool)
    # each damage kind weighs the same; extra kinds join the kind they are a variant of (name_alike -> name)
    groups = {k: [k, "demetr_" + k] + [e for e in extra_kinds if e.startswith(k)] for k in cal.DAMAGE_KINDS}
    damaged = np.isin(kinds, [k for g in groups.values() for k in g])
    columns = [i for i, f in enumerate(FEATURES) if f != "quality" and f not in exclude]

    def train(rows: np.ndarray) -> Any:
        sel = rows & (good | mq | damaged)
        y = damaged[sel].astype(int)
        w = np.ones(int(sel.sum()))
        ks = kinds[sel]
        for g in groups.values():
            m = np.isin(ks, g)
            w[m] = (y == 0).sum() / len(groups) / max(1, m.sum())
        gb = HistGradientBoostingClassifier(learning_rate=lr, max_iter=iters, max_leaf_nodes=leaves,
                                            l2_regularization=1.0, early_stopping=False, random_state=0)
        gb.fit(X[sel][:, columns], y, sample_weight=w)
        return gb

    gb = train(fit)
    ens = from_sklearn(gb, columns)
    check = X[: min(len(X), 2000)]
    if not np.allclose(ensemble_logit(check, ens), gb.decision_function(check[:, columns]), atol=1e-5):
        raise SystemExit("fit_scorer.py: the exported trees disagree with scikit-learn's")
    logit = ensemble_logit(X, ens)
    fold = np.array([int(hashlib.md5(it.group.encode()).hexdigest(), 16) % folds for it in items])
    for f in range(folds):
        held = fit & (fold == f)
        logit[held] = train(fit & (fold != f)).decision_function(X[held][:, columns])
    return ens, logit


#: the penalties of the omission and addition heads (scorer.json ``heads_step``: ``c_omission`` / ``c_addition`` and
#: their thresholds at quantile q of the faithful fit pairs' logits), chosen by :func:`choose_heads_step`
HEADS_GRID = tuple((c, q) for c in (0.1, 0.15, 0.2, 0.25) for q in (0.97, 0.99))


def choose_heads_step(scorer: Scorer, model: dict[str, Any], base: dict[str, Any], X: np.ndarray,
                      damage_logit: np.ndarray | None, items: list[cal.Item],
                      faithful: dict[str, np.ndarray]) -> None:
    """Set ``model["heads_step"]``'s penalties of the omission and the addition head (``c_*``, ``t_*``) to the pairs of
    :data:`HEADS_GRID` under which the worst goal kind (number, name, name replaced by one of its kind, negation,
    omission, addition) is caught most often at the threshold that flags 5% of the faithful ru -> en fit references
    (kind "good"); ties go to the higher mean catch. ``faithful``: each head's logits on the faithful fit pairs.
    The fit half only. Each head alone catches its kind far better than fidelity does (held out: omission 0.86,
    addition 0.92 at 5% of the references), but the five kinds share that 5%: a head given more weight catches its
    kind and flags references the other kinds then cannot use (round 15)."""
    # (a name replaced by one of its kind too: a person changing a name picks a plausible one)
    goal = ("number", "name", "name_alike", "negation", "omission", "addition")
    # only the ru -> en fit pairs of these kinds and the references are scored, once per trial
    rows = np.array([it.split == "fit" and it.langs == ("ru", "en") and it.kind in ("good", *goal) for it in items])
    kinds = np.array([it.kind for it in items])[rows]
    X, damage_logit = X[rows], (None if damage_logit is None else damage_logit[rows])
    best: tuple[float, float] | None = None
    chosen = dict(model["heads_step"])
    for (c_om, q_om), (c_ad, q_ad) in ((x, y) for x in HEADS_GRID for y in HEADS_GRID):
        trial = {**model["heads_step"], "c_omission": c_om, "c_addition": c_ad,
                 "t_omission": round(float(np.quantile(faithful["omission"], q_om)), 4),
                 "t_addition": round(float(np.quantile(faithful["addition"], q_ad)), 4)}
        scorer.set_model({**base, **model, "heads_step": trial, "thresholds": _DEFAULT_MODEL["thresholds"]})
        fid = scorer._heads(X, damage_logit)[0]
        thr = cal.threshold_at_fpr(fid[kinds == "good"], 0.05)
        caught = [float(np.mean(fid[kinds == k] < thr)) for k in goal]
        log.info("heads step omission c %.2f q %.2f, addition c %.2f q %.2f: caught %s", c_om, q_om, c_ad, q_ad,
                 " ".join(f"{k} {v:.3f}" for k, v in zip(goal, caught, strict=True)))
        score = (round(min(caught), 3), round(float(np.mean(caught)), 3))
        if best is None or score > best:
            best, chosen = score, trial
    model["heads_step"] = chosen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=cal.DATA)
    ap.add_argument("--cache", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "align-fit-cache"),
                    help="directory for cached embeddings and features ('' to disable)")
    ap.add_argument("--out", default=os.path.join("align", "resources", "scorer.json"))
    ap.add_argument("--damage-q", type=float, default=0.95,
                    help="the tree detector (fit_damage_trees) brings fidelity down to at most --cap where its damage "
                         "logit is above what 1 - q of the faithful fit pairs reach (0: no tree detector)")
    ap.add_argument("--cap", type=float, default=0.47,
                    help="the cap of the tree detector; also the default of --neg-cap and --name-cap")
    ap.add_argument("--cap-spread", type=float, default=0.02,
                    help="the caps of the tree detector and the negation / name heads go down by up to this share "
                         "the further the logit is past the step (scoring._graded_cap); 0: one cap value for all. "
                         "Fixed damage set, pooled AUC / Pearson: 0: 0.930 / 0.655; 0.02: 0.932 / 0.655; 0.05: "
                         "0.932 / 0.653; 0.1: 0.934 / 0.650; 0.25: 0.937 / 0.645 (catches within 0.01-0.04)")
    ap.add_argument("--trees", type=int, default=300, help="boosting iterations of the tree detector")
    ap.add_argument("--trees-exclude", default=",".join(feature for _, feature in _RULE_CAPS),
                    help="features the tree detector leaves out (comma-separated; name_replaced has its own cap, "
                         "--replaced-name-cap; in the trees as well: within 0.01 on every kind)")
    ap.add_argument("--leaves", type=int, default=15, help="most leaves per tree of the tree detector")
    ap.add_argument("--step-cap", type=float, default=0.0,
                    help="with p = sigmoid(s * (t - detector logit)), fidelity = (1 - p) * fidelity + p * "
                         "min(fidelity, cap): brought down to at most cap where the detector is confident (0: use "
                         "--step-c instead). Cap 0.37 instead of the factor c 0.4, with --neg-q 0.993 instead of "
                         "0.995, on dev: negation caught 0.79 -> 0.81 (held-out halves 0.77 / 0.79 -> 0.79 / 0.82), "
                         "names 0.66 / 0.63 -> 0.67 / 0.63 by half, omission and addition within 0.005, MLQE-PE dev "
                         "Pearson 0.653 -> 0.656; cap 0.35: Pearson 0.656, negation 0.78; cap 0.4: Pearson 0.658, "
                         "names 0.64")
    ap.add_argument("--step-c", type=float, default=0.0,
                    help="with --step-cap 0: fidelity is further multiplied by 1 - c * sigmoid(s * (t - detector "
                         "logit)): a penalty of up to c where the detector is confident (0 to disable)")
    ap.add_argument("--step-t", type=float, default=-2.0, help="detector logit at the middle of the step")
    ap.add_argument("--step-s", type=float, default=4.0, help="steepness of the step")
    ap.add_argument("--heads-c", type=float, default=0.1,
                    help="fidelity is also multiplied by 1 - c * sigmoid(4 * (head logit - t)) for the omission and "
                         "addition heads, t where 1%% of the faithful fit pairs are above (0 to disable). Session 7, "
                         "with the tree detector, on fixed damaged pairs: c 0.1: pooled AUC 0.929 -> 0.932, addition "
                         "0.954 -> 0.963, omission 0.933 -> 0.940, every catch at 5%% within 0.01, Pearson 0.657; c "
                         "0.2: pooled 0.934 but names caught 0.74 -> 0.71; c 0.35: pooled 0.934, names 0.63")
    ap.add_argument("--no-heads-grid", dest="heads_grid", action="store_false",
                    help="one penalty c (--heads-c) at the 1%% quantile for both heads, instead of each head's own "
                         "penalty chosen on the fit half (choose_heads_step)")
    ap.add_argument("--neg-cap", type=float, default=None,
                    help="where the negation head's logit is above t (what 1 - q of the faithful fit pairs reach), "
                         "fidelity is brought down to at most this: fidelity = (1 - p) * fidelity + p * min(fidelity, "
                         "cap), p = sigmoid(s * (logit - t)) (0 to disable). Cap 0.4, q 0.995, s 4 on dev: negation "
                         "caught 0.65 -> 0.78 at 5%% false alarms (held-out halves 0.66 / 0.66 -> 0.78 / 0.79), DEMETR "
                         "negation 0.68 -> 0.84, the other kinds unchanged, MLQE-PE dev Pearson 0.654 -> 0.653; s 16: "
                         "negation 0.80, names of one half 0.69 -> 0.67; q 0.993: negation 0.83, names 0.66 -> 0.65, "
                         "Pearson 0.652. A factor instead of a cap (fidelity * (1 - 0.3 p)) cost more Pearson for "
                         "less: negation 0.76 at Pearson 0.650")
    ap.add_argument("--neg-q", type=float, default=0.993, help="quantile of the faithful fit pairs' negation logit")
    ap.add_argument("--name-cap", type=float, default=None,
                    help="fidelity cap where the name head is confident (0: no name head)")
    ap.add_argument("--name-q", type=float, default=0.98,
                    help="quantile of the faithful fit pairs' name logit (session 7, fixed damaged pairs, names / "
                         "name_alike / negation caught and Pearson: 0.99: 0.73 / 0.79 / 0.82, 0.657; 0.985: 0.75 / "
                         "0.80 / 0.81, 0.656; 0.98: 0.77 / 0.82 / 0.81, 0.655; 0.975: 0.77 / 0.82 / 0.80, 0.654)")
    for key, what in _RULE_CAP_HELP.items():  # one option per rule cap of scoring._RULE_CAPS
        ap.add_argument(f"--{key.replace('_', '-')}-cap", dest=f"{key}_cap", type=float, default=None,
                        help=f"fidelity cap where {what} (default --cap, 0: none)")
    ap.add_argument("--alike", choices=("all", "head", "none"), default="all",
                    help="where names replaced by one of the same kind (name_alike) are damage: the detectors (in the "
                         "trees as part of the name kind, which keeps its weight) and the name head, the name head "
                         "only, nowhere. With the trees, all instead of head: name_alike caught 0.53 -> 0.63, DEMETR "
                         "names 0.62 -> 0.60, names removed at random lower by 0.02, the rest within 0.01")
    ap.add_argument("--no-calibrate", dest="calibrate", action="store_false",
                    help="leave fidelity unmapped (no isotonic map onto the MLQE-PE train human scores)")
    ap.add_argument("--neg-s", type=float, default=4.0, help="steepness of the negation step")
    ap.add_argument("--alpha", type=float, default=0.05,
                    help="fidelity = quality * P(no damage) ** alpha * step (0.05 with the default step c 0.4, t -2, "
                         "s 4: MLQE-PE dev Pearson 0.656, name / negation caught 0.64 / 0.66 at 5%% false alarms on "
                         "human references; c 0.3: 0.659, 0.62 / 0.63; c 0.5: 0.652, 0.65 / 0.69; the held-out halves "
                         "agree within 0.02 on name; dev Pearson is about 0.005 optimistic (evidence rules were fixed "
                         "on MLQE-PE dev false flags; MLQE-PE train moved 0.001); a larger alpha or c catches more and "
                         "lowers Pearson)")
    args = ap.parse_args(argv)
    args.neg_cap = args.cap if args.neg_cap is None else args.neg_cap
    args.name_cap = args.cap if args.name_cap is None else args.name_cap
    assert tuple(_RULE_CAP_HELP) == tuple(key for key, _ in _RULE_CAPS), "a rule cap without its option"
    for key in _RULE_CAP_HELP:
        if getattr(args, f"{key}_cap") is None:
            setattr(args, f"{key}_cap", args.cap)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.cache:
        os.makedirs(args.cache, exist_ok=True)
    from align.encoders import get_encoder

    enc = CachedEncoder(get_encoder(), os.path.join(args.cache, "emb.pkl") if args.cache else None)
    items = load_items(args.data, enc)
    log.info("items: %d", len(items))
    quality = fit_quality(enc, items)
    scorer = Scorer(encoder=enc)
    base = dict(_DEFAULT_MODEL)
    base["quality"] = quality
    scorer.set_model(base)
    code = "".join(open(os.path.join("align", f), encoding="utf-8").read() for f in ("evidence.py", "scoring.py"))
    key = hashlib.sha1(json.dumps([quality["b"], len(items), [it.rendering for it in items[::97]], code]).encode()
                       ).hexdigest()[:12]
    fpath = os.path.join(args.cache, f"features-{key}.npy") if args.cache else None
    if fpath and os.path.exists(fpath):
        X = np.load(fpath)
    else:
        X = compute_features(scorer, items)
        enc.save()
        if fpath:
            np.save(fpath, X)
    fwd = np.array([it.langs == ("ru", "en") for it in items])  # the heads: ru -> en only (see round 10)
    model = fit_heads(X[fwd], [it for it, f in zip(items, fwd, strict=True) if f], args.alpha, alike=args.alike)
    kinds = np.array([it.kind for it in items])
    fit = np.array([it.split == "fit" for it in items])
    # the faithful ru -> en fit pairs: every step and verdict threshold is taken on them (the en -> ru pairs of
    # make_damage_reverse only train the tree detector)
    g_fit = fit & np.isin(kinds, ["good", "good_mt"]) & fwd
    if args.damage_q > 0:
        ens, damage_logit = fit_damage_trees(X, items, iters=args.trees, leaves=args.leaves,
                                             extra_kinds=("name_alike",) if args.alike == "all" else (),
                                             exclude=tuple(f for f in args.trees_exclude.split(",") if f))
        ens["step"] = {"cap": args.cap, "s": 4.0, "t": round(float(np.quantile(damage_logit[g_fit], args.damage_q)), 4),
                       "spread": args.cap_spread}
        model["damage"] = ens
    else:
        damage_logit = None
    if args.step_cap > 0:
        model["step"] = {"cap": args.step_cap, "t": args.step_t, "s": args.step_s}
    elif args.step_c > 0:
        model["step"] = {"c": args.step_c, "t": args.step_t, "s": args.step_s}
    # head logits of the faithful fit pairs, for the step thresholds
    Z0 = (expand_features(X, model["knots"]) - np.asarray(model["mean"])) / np.asarray(model["std"])

    def faithful_logits(head: str) -> np.ndarray:
        return np.asarray(Z0[g_fit] @ np.asarray(model[head]["w"]) + model[head]["b"])

    if args.heads_c > 0:
        ht = {f"t_{head}": round(float(np.quantile(faithful_logits(head), 0.99)), 4)
              for head in ("omission", "addition")}
        model["heads_step"] = {"c": args.heads_c, "s": 4.0, **ht}
    for head, cap, q in (("negation", args.neg_cap, args.neg_q), ("name", args.name_cap, args.name_q)):
        if cap > 0:
            model[head]["step"] = {"cap": cap, "s": args.neg_s,
                                   "t": round(float(np.quantile(faithful_logits(head), q)), 4),
                                   "spread": args.cap_spread}
        elif head == "name":
            model.pop("name", None)
    for key in _RULE_CAP_HELP:
        cap = getattr(args, f"{key}_cap")
        if cap > 0:
            model[key] = {"cap": cap}
    # a rendering hardly related to the source: fidelity scaled by cosine / 0.25 (no faithful fit or dev pair has a
    # cosine under 0.25; 2 of the 1000 MLQE-PE dev pairs do, human means 9 and 19)
    model["unrelated"] = {"cos_full": 0.25}
    model["quality"] = quality
    model["len_expected"] = {"ru-en": _DEFAULT_MODEL.get("len_expected", {}).get("ru-en", -0.12)}
    scorer.set_model({**base, **model, "thresholds": _DEFAULT_MODEL["thresholds"]})
    if args.heads_c > 0 and args.heads_grid:
        choose_heads_step(scorer, model, base, X, damage_logit, items,
                          {head: faithful_logits(head) for head in ("omission", "addition")})
        scorer.set_model({**base, **model, "thresholds": _DEFAULT_MODEL["thresholds"]})
    if args.calibrate:
        model["calibration"] = cal.fit_monotone_map(scorer._heads(X, damage_logit)[0][fit & (kinds == "mlqe")],
                                               np.array([it.human or 0.0 for it in items])[fit & (kinds == "mlqe")])
        scorer.set_model({**base, **model, "thresholds": _DEFAULT_MODEL["thresholds"]})
    # thresholds: "flag" = fidelity under which 5% of the faithful fit pairs fall
    fid, om, ad = scorer._heads(X, damage_logit)
    flag = cal.threshold_at_fpr(fid[g_fit], 0.05)
    faithful = cal.threshold_at_fpr(fid[g_fit], 0.30)
    # omission / addition verdicts at 5% of the faithful fit pairs
    om_t = float(np.quantile(om[g_fit], 0.95))
    ad_t = float(np.quantile(ad[g_fit], 0.95))
    # "altered" for an addition alone (fidelity above "flag"): at 2% of the faithful fit pairs
    ad_alt = float(np.quantile(ad[g_fit], 0.98))
    model["thresholds"] = {"faithful": round(faithful, 4), "flag": round(flag, 4), "omission": round(om_t, 4),
                           "addition": round(ad_t, 4), "addition_altered": round(ad_alt, 4), "unrelated_cos": 0.15}
    model["version"] = time.strftime("%Y%m%d")
    model["fitted_on"] = ("MLQE-PE ru-en train (quality; mean >= 85 as faithful for the detector); NTREX-128 + FLORES"
                          " dev (fit half by document) and damage made from them, also swapped en -> ru (tree "
                          "detector) with damage to the Russian side; DEMETR ru (even ids)")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(model, fh, ensure_ascii=False, separators=(",", ":"))
        fh.write("\n")
    log.info("wrote %s (%d bytes); thresholds %s", args.out, os.path.getsize(args.out), model["thresholds"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
