"""The facet check's term matcher finds exactly the terms a plain whole-word search finds."""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kevidence.audit.rules.evidence import TermMatcher, _related, _related_terms, _words
from kevidence.claims.vocabulary import Facet, Term, Vocabulary, VocabularyExtension

VOCABULARY = Vocabulary.builtin()
TERMS = tuple(VOCABULARY.terms(Facet.INTERVENTION).values()) + tuple(VOCABULARY.terms(Facet.CONDITION).values())
EXTRA = (
    Term(id="cafe-pain", label="Café pain"),  # a name that is not ASCII
    Term(id="plus", label="++"),  # a name with no word character
    Term(id="two-words", label="Nerve  Block", synonyms=("N.B.",)),
)
NAMES = [name for term in TERMS + EXTRA for name in term.names]


@cache
def _whole_words(name: str) -> re.Pattern[str]:
    # Compiled once per name: the vocabulary has more names than the re module's own cache holds.
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in name.split()) + r"(?!\w)", re.I)


def reference(text: str, terms: tuple[Term, ...]) -> set[str]:
    """Every name tried as a case-insensitive whole-word pattern (no shortcuts)."""
    found = set()
    for term in terms:
        for name in term.names:
            name = name.strip()
            if name and _whole_words(name).search(text):
                found.add(term.id)
    return found


# Texts made of vocabulary names (in any case), the characters that case-fold onto ASCII
# letters, accents, punctuation and spacing.
_piece = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from(NAMES).map(str.upper),
    st.sampled_from(NAMES).map(lambda n: n.replace("i", "\u0131").replace("s", "\u017f").replace("k", "\u212a")),
    st.text(alphabet=st.sampled_from("ab-_/.,é\u0301 \n\tİıſK"), max_size=6),
)
_texts = st.lists(_piece, max_size=8).map(" ".join) | st.lists(_piece, max_size=8).map("".join)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(_texts)
def test_matcher_finds_what_a_plain_search_finds(text: str) -> None:
    assert TermMatcher.of_terms(TERMS + EXTRA).find(text) == reference(text, TERMS + EXTRA)


def test_matcher_reads_names_as_whole_words() -> None:
    matcher = TermMatcher.of_terms(TERMS)
    assert "ketamine" in matcher.find("Intravenous KETAMINE for pain")
    assert "ketamine" not in matcher.find("esketamines and ketaminelike drugs")


def test_matcher_reads_the_words_it_is_given() -> None:
    # Words given with the text are the ones read: the search for names is not run again.
    matcher = TermMatcher.of_terms(TERMS)
    text = "Intravenous ketamine for pain"
    assert matcher.find(text, _words(text)) == matcher.find(text)
    assert "ketamine" not in matcher.find(text, set())


@pytest.mark.parametrize("facet", [Facet.INTERVENTION, Facet.CONDITION])
def test_related_terms_are_the_terms_the_pairwise_check_relates(facet: Facet) -> None:
    # The facet check reads a claim's words only for terms related to a source's; the set it
    # reads from the hierarchy must be exactly the terms the pairwise check would accept.
    ids = sorted(VOCABULARY.terms(facet))
    for term_id in ids:
        expected = {other for other in ids if _related(VOCABULARY, facet, other, term_id)}
        assert _related_terms(VOCABULARY, facet, [term_id]) == expected, term_id


def test_related_terms_of_a_user_hierarchy() -> None:
    # A group heading relates its members to itself, not to each other; a plain broader term
    # relates everything below it; a parent id that is no term still links nothing.
    terms = [
        Term(id="blocks", label="Blocks", group=True),
        Term(id="a", label="A block", parents=("blocks",)),
        Term(id="b", label="B block", parents=("blocks",)),
        Term(id="opioids", label="Opioids"),
        Term(id="c", label="C opioid", parents=("opioids",)),
        Term(id="d", label="D opioid", parents=("opioids", "ghost")),
        Term(id="e", label="E", parents=("ghost",)),
    ]
    vocab = VOCABULARY.extended(VocabularyExtension(interventions=tuple(terms)))
    facet = Facet.INTERVENTION
    assert {"a", "blocks"} <= _related_terms(vocab, facet, ["a"])
    assert "b" not in _related_terms(vocab, facet, ["a"])
    assert {"c", "d", "opioids"} <= _related_terms(vocab, facet, ["c"])
    assert "e" not in _related_terms(vocab, facet, ["d"])
    for term_id in ("a", "b", "blocks", "c", "d", "e", "opioids"):
        for other in vocab.terms(facet):
            assert (other in _related_terms(vocab, facet, [term_id])) == _related(vocab, facet, other, term_id)
