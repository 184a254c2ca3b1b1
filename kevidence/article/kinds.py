"""Proposing what a sentence is (its claim kind) and which vocabulary terms it names."""

from __future__ import annotations

import re

from kevidence.audit.rules.evidence import mentioned_terms
from kevidence.claims.model import ClaimKind
from kevidence.claims.vocabulary import Facet, Vocabulary

# Checked in this order; the first that matches decides.
_KIND_CUES: tuple[tuple[ClaimKind, re.Pattern[str]], ...] = (
    (ClaimKind.CONTRAINDICATION, re.compile(
        r"\b(not (be )?suitable|contraindicat\w*|should not (have|receive|be given)|unsuitable|"
        r"excluded? from treatment|not normally a barrier)\b", re.IGNORECASE)),
    (ClaimKind.SAFETY, re.compile(
        r"\b(side[- ]effects?|adverse|risks?|safe(ly|ty)?|must not drive|drive|hallucinat\w*|toxicity|"
        r"dependen(ce|cy)|addict\w*)\b", re.IGNORECASE)),
    (ClaimKind.EFFICACY, re.compile(
        r"\b(relie(f|ve[sd]?)|effective\w*|efficacy|benefi\w*|improve\w*|reduc\w*|analgesi\w*|"
        r"evidence|dose[- ]response|outcomes?|respon(se|ded)|lasting)\b", re.IGNORECASE)),
    (ClaimKind.MECHANISM, re.compile(
        r"\b(receptors?|pathways?|mechanism\w*|works? by|blocks?|antagonist|NMDA|windup|wind-up)\b", re.IGNORECASE)),
    (ClaimKind.DEFINITION, re.compile(
        r"\b(refers to|is defined as|describes|is (a|the) (\w+ )?(condition|term|form|type|kind)|means)\b", re.IGNORECASE)),
)
# All cues in one pattern (one pass over a sentence); the group's name is its kind.
_ANY_CUE = re.compile("|".join(f"(?P<{kind.name}>{cue.pattern})" for kind, cue in _KIND_CUES), re.IGNORECASE)
_SERVICE = re.compile(r"\b(our (clinic|team|specialists?|consultants?)|we (offer|provide|can)|book(ing)?|"
                      r"appointments?|contact us|call us|your (specialist|consultant|doctor))\b", re.IGNORECASE)


def propose_kind(sentence: str, publisher: str | None = None) -> ClaimKind:
    """The claim kind a sentence most likely states (the clinic's own service text first).

    >>> propose_kind("Relief can last for two weeks.").value
    'efficacy'
    """
    if _SERVICE.search(sentence) or (publisher and publisher.lower() in sentence.lower()):
        return ClaimKind.SERVICE
    found = {match.lastgroup for match in _ANY_CUE.finditer(sentence)}
    for kind, _ in _KIND_CUES:
        if kind.name in found:
            return kind
    return ClaimKind.BACKGROUND


def propose_facets(sentence: str, vocabulary: Vocabulary) -> dict[str, object]:
    """Vocabulary ids the sentence names, by label or synonym, as claim fields (narrowest wins)."""
    fields: dict[str, object] = {}
    for facet in (Facet.CONDITION, Facet.PAIN_TYPE, Facet.INTERVENTION):
        found = mentioned_terms(sentence, vocabulary.terms(facet).values())
        # A broader term named only as part of a narrower one ("ketamine" in "ketamine infusion").
        narrowest = sorted(t for t in found if not any(t != o and t in vocabulary.broader(facet, o) for o in found))
        if not narrowest:
            continue
        if facet is Facet.INTERVENTION:
            fields["intervention"] = narrowest[0]
        else:
            fields[facet.value] = narrowest
    return fields
