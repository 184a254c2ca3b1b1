"""Claims: the model of a statement with its facets and citations, and claims.json I/O.

The public names load on first use: importing a light submodule (the facet table,
:mod:`kevidence.claims.facets`) does not build the pydantic models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kevidence.lazy import lazy_names

_MODEL = ("Attribution", "Citation", "Claim", "ClaimKind", "ClaimsFile", "Document", "EvidenceAssertion",
          "Setting", "Stance", "StatedIn", "Suppression")
lazy_names(__name__, {
    **dict.fromkeys(_MODEL, "kevidence.claims.model"),
    **dict.fromkeys(("Relief", "ReliefBounds", "duration_days", "parse_relief"), "kevidence.claims.relief"),
    **dict.fromkeys(("dump_claims", "load_claims", "parse_claims"), "kevidence.claims.store"),
    **dict.fromkeys(("Facet", "Term", "Vocabulary", "VocabularyExtension"), "kevidence.claims.vocabulary"),
})

__all__ = [
    "Attribution", "Citation", "Claim", "ClaimKind", "ClaimsFile", "Document", "EvidenceAssertion",
    "Facet", "Relief", "ReliefBounds", "Setting", "Stance", "StatedIn", "Suppression", "Term",
    "Vocabulary", "VocabularyExtension", "dump_claims", "duration_days", "load_claims",
    "parse_claims", "parse_relief",
]

if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
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
