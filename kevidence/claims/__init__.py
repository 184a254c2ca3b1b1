"""Claims: the model of a statement with its facets and citations, and claims.json I/O."""

from kevidence.claims.model import (
    Attribution,
    Citation,
    Claim,
    ClaimKind,
    ClaimsFile,
    Document,
    EvidenceAssertion,
    Setting,
    Stance,
    StatedIn,
    Suppression,
)
from kevidence.claims.relief import Relief, ReliefBounds, duration_days, parse_relief
from kevidence.claims.store import dump_claims, load_claims, parse_claims
from kevidence.claims.vocabulary import Facet, Term, Vocabulary, VocabularyExtension

__all__ = [
    "Attribution", "Citation", "Claim", "ClaimKind", "ClaimsFile", "Document", "EvidenceAssertion",
    "Facet", "Relief", "ReliefBounds", "Setting", "Stance", "StatedIn", "Suppression", "Term",
    "Vocabulary", "VocabularyExtension", "dump_claims", "duration_days", "load_claims",
    "parse_claims", "parse_relief",
]
