"""kevidence: an evidence and citation knowledge base for clinic content.

Each claim of an article is a node with its facets (pain type, condition, relief, evidence
level, intervention), linked to its BibTeX sources in one networkx graph; trace a claim to
its evidence and audit the whole base.

``__all__`` is the public contract, the names the README documents; everything else stays
importable from its own module (``kevidence.query``, ``kevidence.support``, ...). Names are
imported on first use, so that ``import kevidence`` (and a command such as ``kevidence
rules``) does not pay for the graph library or the parsers it does not need.

>>> import kevidence
>>> kb = kevidence.load()
>>> report = kb.audit(select=["unsourced-claim"])
>>> all(f.name == "unsourced-claim" for f in report.findings)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kevidence.lazy import lazy_names

__version__ = "0.1.0"

# Public name -> the module that defines it.
_HOMES: dict[str, str] = {
    # the knowledge base
    "load": "kevidence.kb", "KnowledgeBase": "kevidence.kb", "bundled_data_dir": "kevidence.kb",
    "ProgressBar": "kevidence.progress",
    # the models
    "Claim": "kevidence.claims.model", "Citation": "kevidence.claims.model",
    "ClaimKind": "kevidence.claims.model", "Stance": "kevidence.claims.model",
    "Attribution": "kevidence.claims.model", "Setting": "kevidence.claims.model",
    "EvidenceAssertion": "kevidence.claims.model", "StatedIn": "kevidence.claims.model",
    "Suppression": "kevidence.claims.model", "Document": "kevidence.claims.model",
    "ClaimsFile": "kevidence.claims.model",
    "Relief": "kevidence.claims.relief", "ReliefBounds": "kevidence.claims.relief",
    "parse_relief": "kevidence.claims.relief", "duration_days": "kevidence.claims.relief",
    "Facet": "kevidence.claims.vocabulary", "Term": "kevidence.claims.vocabulary",
    "Vocabulary": "kevidence.claims.vocabulary",
    "Source": "kevidence.sources.model", "Person": "kevidence.sources.names",
    "CEBMLevel": "kevidence.evidence", "GradeCertainty": "kevidence.evidence", "StudyDesign": "kevidence.evidence",
    # findings and report
    "Finding": "kevidence.audit.model", "AuditReport": "kevidence.audit.model", "Severity": "kevidence.audit.model",
    "Rule": "kevidence.audit.registry",
    # errors
    "KevidenceError": "kevidence.errors", "DataFileError": "kevidence.errors", "BibError": "kevidence.errors",
    "ClaimsError": "kevidence.errors", "VocabularyError": "kevidence.errors", "QueryError": "kevidence.errors",
    "EditError": "kevidence.errors", "ConflictError": "kevidence.errors", "UnknownClaimError": "kevidence.errors",
    "UnknownSourceError": "kevidence.errors", "Location": "kevidence.errors", "Problem": "kevidence.errors",
    # trace, evidence table and the neighbourhood functions
    "trace": "kevidence.trace", "Trace": "kevidence.trace", "TraceNode": "kevidence.trace",
    "DeadEnd": "kevidence.trace",
    "evidence_table": "kevidence.table", "EvidenceTable": "kevidence.table", "EvidenceRow": "kevidence.table",
    "sources_of": "kevidence.neighbourhood", "citing_claims": "kevidence.neighbourhood",
    "citing_sources": "kevidence.neighbourhood", "cited_sources": "kevidence.neighbourhood",
    "derived_claims": "kevidence.neighbourhood", "derived_from": "kevidence.neighbourhood",
}

__all__ = ["__version__", *_HOMES]


lazy_names(__name__, _HOMES)

if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from kevidence.audit.model import AuditReport, Finding, Severity
    from kevidence.audit.registry import Rule
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
    from kevidence.claims.vocabulary import Facet, Term, Vocabulary
    from kevidence.errors import (
        BibError,
        ClaimsError,
        ConflictError,
        DataFileError,
        EditError,
        KevidenceError,
        Location,
        Problem,
        QueryError,
        UnknownClaimError,
        UnknownSourceError,
        VocabularyError,
    )
    from kevidence.evidence import CEBMLevel, GradeCertainty, StudyDesign
    from kevidence.kb import KnowledgeBase, bundled_data_dir, load
    from kevidence.neighbourhood import (
        cited_sources,
        citing_claims,
        citing_sources,
        derived_claims,
        derived_from,
        sources_of,
    )
    from kevidence.progress import ProgressBar
    from kevidence.sources.model import Source
    from kevidence.sources.names import Person
    from kevidence.table import EvidenceRow, EvidenceTable, evidence_table
    from kevidence.trace import DeadEnd, Trace, TraceNode, trace
