"""kevidence: an evidence and citation knowledge base for clinic content.

Each claim of an article is a node with its facets (pain type, condition, relief, evidence
level, intervention), linked to its BibTeX sources in one networkx graph; trace a claim to
its evidence and audit the whole base.

``__all__`` is the public contract, the names the README documents; everything else stays
importable from its own module (``kevidence.graph.query``, ``kevidence.graph.support``, ...). Names are
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

from kevidence.lazy import lazy_names, moved_modules

__version__ = "0.2.0"

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
    "CEBMLevel": "kevidence.sources.evidence", "GradeCertainty": "kevidence.sources.evidence", "StudyDesign": "kevidence.sources.evidence",
    # findings and report
    "Finding": "kevidence.audit.model", "AuditReport": "kevidence.audit.model", "Severity": "kevidence.audit.model",
    "Rule": "kevidence.audit.registry",
    # errors
    "KevidenceError": "kevidence.errors", "DataFileError": "kevidence.errors", "BibError": "kevidence.errors",
    "ClaimsError": "kevidence.errors", "VocabularyError": "kevidence.errors", "QueryError": "kevidence.errors",
    "EditError": "kevidence.errors", "ConflictError": "kevidence.errors", "UnknownClaimError": "kevidence.errors",
    "UnknownSourceError": "kevidence.errors", "Location": "kevidence.errors", "Problem": "kevidence.errors",
    # trace, evidence table and the neighbourhood functions
    "trace": "kevidence.graph.trace", "Trace": "kevidence.graph.trace", "TraceNode": "kevidence.graph.trace",
    "DeadEnd": "kevidence.graph.trace",
    "evidence_table": "kevidence.graph.table", "EvidenceTable": "kevidence.graph.table", "EvidenceRow": "kevidence.graph.table",
    "sources_of": "kevidence.graph.neighbourhood", "citing_claims": "kevidence.graph.neighbourhood",
    "citing_sources": "kevidence.graph.neighbourhood", "cited_sources": "kevidence.graph.neighbourhood",
    "derived_claims": "kevidence.graph.neighbourhood", "derived_from": "kevidence.graph.neighbourhood",
}

__all__ = ["__version__", *_HOMES]


# Modules that moved when the package took its layers; the old names keep working (with a
# DeprecationWarning) until the version named.
_MOVED_MODULES: dict[str, str] = {
    "kevidence.article.cli": "kevidence.cli.article",
    "kevidence.article.kinds": "kevidence.audit.kinds",
    "kevidence.article.quotations": "kevidence.text.pairing",
    "kevidence.article.quoting": "kevidence.audit.rules.article",
    "kevidence.article.rules": "kevidence.audit.rules.article",
    "kevidence.article.source": "kevidence.text.offsets",
    "kevidence.article.typography": "kevidence.text.normalise",
    "kevidence.atomic": "kevidence.store.atomic",
    "kevidence.command": "kevidence.cli.command",
    "kevidence.edit": "kevidence.store.edit",
    "kevidence.evidence": "kevidence.sources.evidence",
    "kevidence.export.cli": "kevidence.cli.export",
    "kevidence.files": "kevidence.store.files",
    "kevidence.lookup.cli": "kevidence.cli.lookup",
    "kevidence.lookup.compare": "kevidence.sources.compare",
    "kevidence.lookup.record": "kevidence.sources.registry",
    "kevidence.neighbourhood": "kevidence.graph.neighbourhood",
    "kevidence.query": "kevidence.graph.query",
    "kevidence.quotations": "kevidence.text.quotations",
    "kevidence.report.cli": "kevidence.cli.report",
    "kevidence.save": "kevidence.store.save",
    "kevidence.schema": "kevidence.claims.schema",
    "kevidence.support": "kevidence.graph.support",
    "kevidence.table": "kevidence.graph.table",
    "kevidence.terms": "kevidence.claims.terms",
    "kevidence.trace": "kevidence.graph.trace",
    "kevidence.transaction": "kevidence.store.transaction",
}

lazy_names(__name__, _HOMES)
moved_modules(_MOVED_MODULES, removal="0.3")

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
    from kevidence.graph.neighbourhood import (
        cited_sources,
        citing_claims,
        citing_sources,
        derived_claims,
        derived_from,
        sources_of,
    )
    from kevidence.graph.table import EvidenceRow, EvidenceTable, evidence_table
    from kevidence.graph.trace import DeadEnd, Trace, TraceNode, trace
    from kevidence.kb import KnowledgeBase, bundled_data_dir, load
    from kevidence.progress import ProgressBar
    from kevidence.sources.evidence import CEBMLevel, GradeCertainty, StudyDesign
    from kevidence.sources.model import Source
    from kevidence.sources.names import Person
