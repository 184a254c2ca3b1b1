"""Proposing what a sentence is (its claim kind) and which vocabulary terms it names."""

from __future__ import annotations

import re

from kevidence.audit.rules.evidence import mentioned_terms
from kevidence.claims.facets import FACETS
from kevidence.claims.model import ClaimKind
from kevidence.claims.vocabulary import Vocabulary


def _cue_words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Cue words and phrases of each kind, checked in this order: the first kind cued decides.
# Words are matched whole (one set lookup per sentence), phrases as lower-case substrings.
_KIND_CUES: tuple[tuple[ClaimKind, frozenset[str], tuple[str, ...]], ...] = (
    (ClaimKind.CONTRAINDICATION,
     _cue_words("contraindicated contraindication contraindications unsuitable"),
     ("not suitable", "not be suitable", "should not have", "should not receive", "should not be given",
      "excluded from treatment", "exclude me from treatment", "not normally a barrier")),
    (ClaimKind.SAFETY,
     _cue_words("adverse risk risks safe safely safety drive driving hallucination hallucinations toxicity "
                "dependence dependency addiction addictive"),
     ("side effect", "side-effect")),
    (ClaimKind.EFFICACY,
     _cue_words("relief relieve relieves relieved relieving effective effectiveness efficacy benefit benefits "
                "beneficial improve improves improved improvement reduce reduces reduced reduction analgesia "
                "analgesic evidence outcome outcomes response responded lasting"),
     ("dose-response", "dose response")),
    (ClaimKind.MECHANISM,
     _cue_words("receptor receptors pathway pathways mechanism mechanisms block blocks blocking antagonist "
                "nmda windup"),
     ("works by", "wind-up")),
    (ClaimKind.DEFINITION,
     _cue_words("describes means"),
     ("refers to", "is defined as", "is a condition", "is a term", "is a form", "is a type")),
)
_WORDS = re.compile(r"[a-z]+")
_SERVICE = re.compile(r"\b(our (clinic|team|specialists?|consultants?)|we (offer|provide|can)|book(ing)?|"
                      r"appointments?|contact us|call us|your (specialist|consultant|doctor))\b", re.IGNORECASE)


def propose_kind(sentence: str, publisher: str | None = None) -> ClaimKind:
    """The claim kind a sentence most likely states (the clinic's own service text first).

    >>> propose_kind("Relief can last for two weeks.").value
    'efficacy'
    """
    if _SERVICE.search(sentence) or (publisher and publisher.lower() in sentence.lower()):
        return ClaimKind.SERVICE
    lowered = sentence.lower()
    words = set(_WORDS.findall(lowered))
    for kind, cue_words, phrases in _KIND_CUES:
        if not words.isdisjoint(cue_words) or any(phrase in lowered for phrase in phrases):
            return kind
    return ClaimKind.BACKGROUND


def propose_facets(sentence: str, vocabulary: Vocabulary) -> dict[str, object]:
    """Vocabulary ids the sentence names, by label or synonym, as claim fields (narrowest wins)."""
    fields: dict[str, object] = {}
    for claim_facet in FACETS:
        facet = claim_facet.vocabulary
        found = mentioned_terms(sentence, vocabulary.terms(facet).values())
        # A broader term named only as part of a narrower one ("ketamine" in "ketamine infusion").
        narrowest = sorted(vocabulary.narrowest(facet, found))
        # A group heading ("nerve blocks") yields to a specific term named beside it.
        terms = vocabulary.terms(facet)
        narrowest = [t for t in narrowest if not terms[t].group] or narrowest
        if narrowest:  # a one-value facet takes the first
            fields[claim_facet.attribute] = narrowest if claim_facet.many else narrowest[0]
    return fields
