"""The facet check's term matcher finds exactly the terms a plain whole-word search finds."""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kevidence.audit.rules.evidence import TermMatcher
from kevidence.claims.vocabulary import Facet, Term, Vocabulary

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
