"""Word-for-word comparison of a quotation with a source in the same language (align.verbatim)."""

from __future__ import annotations

import pytest

from align.verbatim import SourceIndex, best_match, differences, verdict


def changes(source, quotation):
    return [(d.change, d.source, d.rendering) for d in differences(source, quotation)]


@pytest.mark.parametrize("source, quotation, want, judged", [
    # kremlin-2024-02-09-interview en.txt / ru.txt wording, changed by hand
    ("We were ready to sign this document", "We were ready to sign this document,", [], "faithful"),
    ("We are not against it.", "We are against it.", [("dropped", "not", "")], "altered"),
    ("We have 72 billion dollars", "We have 82 billion dollars", [("replaced", "72", "82")], "altered"),
    ("ready to sign, but Mr. Johnson came and talked us out of it", "ready to sign … talked us out of it", [],
     "faithful"),  # words left out, marked by an ellipsis
    ("ready to sign, but Mr. Johnson came and talked us out of it", "ready to sign, but talked us out of it",
     [("dropped", "Mr. Johnson came and", "")], "partial"),  # left out without a mark
    ("they were ready to sign", "[the Ukrainians] were ready to sign", [], "faithful"),  # the editor's brackets
    ("we, uh, agreed to it", "we agreed to it", [], "faithful"),  # a filler
    ("a strategic defeat on Russia", "the strategic defeat on Russia", [], "faithful"),  # an article
    ("take back its land", "take its land back", [("moved", "back", "back")], "paraphrase"),
    ("34 percent of our transactions, 1,000 times", "34% of our transactions, 1000 times", [], "faithful"),  # style
    ("около 34 процентов, 1 000 раз", "около 34%, 1000 раз", [], "faithful"),
    ("34 per cent of them", "35% of them", [("replaced", "34", "35")], "altered"),
    ("Мы были готовы подписать", "Мы были не готовы подписать", [("added", "", "не")], "altered"),
    # a contraction is its two words: written out it is no change, its negation dropped is
    ("we haven't achieved our aims yet", "we have not achieved our aims yet", [], "faithful"),
    ("It's not that we can’t", "It is not that we cannot", [], "faithful"),
    ("we haven't achieved our aims", "we have achieved our aims", [("dropped", "n't", "")], "altered"),
    ("haven't achieved our aims yet", "not achieved our aims yet", [], "faithful"),  # starts inside "haven't"
    ("Putin's aims", "Putin aims", [("replaced", "Putin's", "Putin")], "altered"),  # a possessive is one word
    # another form of the same word: a paraphrase (a Russian partial quotation fitted to the reporter's sentence)
    ("пока не достигли своих целей", "пока не достигла своих целей", [("inflected", "достигли", "достигла")],
     "paraphrase"),
    ("we achieve our aims", "we achieved our aims", [("inflected", "achieve", "achieved")], "paraphrase"),
    ("мы пока не достигли своих целей", "мы пока не изменили своих целей", [("replaced", "достигли", "изменили")],
     "altered"),
    ("два года назад", "три года назад", [("replaced", "два", "три")], "altered"),
    ("Мы были готовы подписать этот документ", "Мы были готовы подписать другой документ",
     [("replaced", "этот", "другой")], "altered"),
])
def test_what_a_quotation_changed_word_for_word(source, quotation, want, judged):
    assert changes(source, quotation) == want
    assert verdict(differences(source, quotation)) == judged


SPEECH = ("Tucker Carlson: Do you believe Hungary has a right to take back its land from Ukraine?\n"
          "Vladimir Putin: I don't know. I never talked to him about it. We were ready to sign this document, "
          "but Mr. Johnson came and talked us out of it. Yes. That's it.")


def test_the_source_words_that_hold_a_quotation_are_found_by_its_rarer_words():
    index = SourceIndex(SPEECH)
    m = best_match(index, "We were ready to sign the document.")
    assert m is not None and SPEECH[m.start : m.stop] == "We were ready to sign this document"
    m = best_match(index, "Hungary has a right to take its land back")
    assert m is not None and SPEECH[m.start : m.stop] == "Hungary has a right to take back its land"


def test_a_word_moved_to_the_other_edge_of_a_quotation_is_found_there():
    # kremlin-2024-02-09-interview ru.txt line 47: "Украина в известном смысле – искусственное государство, созданное
    # по воле Сталина"; a report wrote Украина – «государство искусственное»
    src = "Украина в известном смысле – искусственное государство, созданное по воле Сталина. Мы готовы."
    m = best_match(SourceIndex(src), "государство искусственное", (0, len(src)))
    assert m is not None and src[m.start : m.stop] == "искусственное государство"
    assert changes(src[m.start : m.stop], "государство искусственное") == [("moved", "государство", "государство")]
    src = "Это было искусственное. Государство распалось."  # not across a sentence end
    m = best_match(SourceIndex(src), "государство искусственное", (0, len(src)))
    assert m is not None and src[m.start : m.stop] == "было искусственное"


def test_a_quotation_whose_content_words_are_not_in_the_source_has_no_word_for_word_match():
    index = SourceIndex(SPEECH)
    # "I don't know ... to" hold the function words, not what it is about
    assert best_match(index, "I don't know how to win the war on the battlefield") is None
    assert best_match(index, "The price of bread will fall by half next year.") is None


def test_a_short_quotation_is_compared_only_where_the_embeddings_put_it():
    index = SourceIndex(SPEECH)
    assert best_match(index, "Yes.") is None  # no rarer word to place it
    at = SPEECH.index("Yes.")
    m = best_match(index, "Yes.", around=(at, at + 4))
    assert m is not None and SPEECH[m.start : m.stop] == "Yes"


@pytest.mark.parametrize("quotation, wording", [
    ("He [Musk] will do as he sees fit.", "he will do as he sees fit"),  # not "Musk, he …" with "He" added
    ("[The Ukrainians] were ready to sign it", "They were ready to sign it"),  # the bracket stands for "They"
    ("were ready to sign [the agreement]", "were ready to sign it"),
])
def test_an_editors_brackets_neither_place_nor_change_the_quotation(quotation, wording):
    src = "Elon Musk is a smart person. Musk, he will do as he sees fit. They were ready to sign it. Fine."
    m = best_match(SourceIndex(src), quotation)
    assert m is not None and src[m.start : m.stop] == wording
    assert verdict(differences(wording, quotation)) == "faithful"
