"""kevidence: an evidence and citation knowledge base for clinic content.

Each claim of an article is a node with its facets (pain type, condition, relief, evidence
level, intervention), linked to its BibTeX sources in one networkx graph; trace a claim to
its evidence and audit the whole base.

``__all__`` is the public contract: every task has its names here (load, ``kb.query``,
``trace``, ``kb.audit``, ``check_article``, ``draft_claims``, ``build_report``, ``export_as``,
``import_csl_json``, ``LookupSession``, ``verify``); everything else stays importable from its own
module (``kevidence.graph.query``, ``kevidence.graph.support``, ...). Names are imported on first
use, so that ``import kevidence`` (and a command such as ``kevidence rules``) does not pay for the
graph library or the parsers it does not need; type checkers read them from the
``TYPE_CHECKING`` block at the end, which names the same set.

>>> import kevidence
>>> kb = kevidence.load()
>>> report = kb.audit(select=["unsourced-claim"])
>>> all(f.name == "unsourced-claim" for f in report.findings)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kevidence.lazy import lazy_names, moved_modules

__version__ = "0.3.0"

# Public name -> the module that defines it ("module:attribute" where the public name differs).
_HOMES: dict[str, str] = {
    # the knowledge base
    "load": "kevidence.kb", "KnowledgeBase": "kevidence.kb", "bundled_data_dir": "kevidence.kb",
    "create": "kevidence.kb", "ProgressBar": "kevidence.progress",
    # the models
    "Claim": "kevidence.claims.model", "Citation": "kevidence.claims.model", "ClaimKind": "kevidence.claims.model",
    "Stance": "kevidence.claims.model", "Attribution": "kevidence.claims.model",
    "Setting": "kevidence.claims.model", "EvidenceAssertion": "kevidence.claims.model",
    "StatedIn": "kevidence.claims.model", "Suppression": "kevidence.claims.model",
    "Document": "kevidence.claims.model", "ClaimsFile": "kevidence.claims.model",
    "Relief": "kevidence.claims.relief", "ReliefBounds": "kevidence.claims.relief",
    "parse_relief": "kevidence.claims.relief", "duration_days": "kevidence.claims.relief",
    "Facet": "kevidence.claims.vocabulary", "Term": "kevidence.claims.vocabulary",
    "Vocabulary": "kevidence.claims.vocabulary", "Source": "kevidence.sources.model",
    "Person": "kevidence.sources.names", "CEBMLevel": "kevidence.sources.evidence",
    "GradeCertainty": "kevidence.sources.evidence", "StudyDesign": "kevidence.sources.evidence",
    # the audit: findings, report, rules, settings
    "Finding": "kevidence.audit.model", "AuditReport": "kevidence.audit.model", "Severity": "kevidence.audit.model",
    "Rule": "kevidence.audit.registry", "AuditConfig": "kevidence.audit.config",
    "audit_arguments": "kevidence.audit.config", "Retractions": "kevidence.audit.retractions",
    "load_retractions": "kevidence.audit.retractions",
    # errors
    "KevidenceError": "kevidence.errors", "DataFileError": "kevidence.errors", "BibError": "kevidence.errors",
    "ClaimsError": "kevidence.errors", "VocabularyError": "kevidence.errors", "QueryError": "kevidence.errors",
    "EditError": "kevidence.errors", "ConflictError": "kevidence.errors", "UnknownClaimError": "kevidence.errors",
    "UnknownSourceError": "kevidence.errors", "Location": "kevidence.errors", "Problem": "kevidence.errors",
    # trace, evidence table and the neighbourhood functions (keys and ids, over kb.graph)
    "trace": "kevidence.graph.trace", "Trace": "kevidence.graph.trace", "TraceNode": "kevidence.graph.trace",
    "DeadEnd": "kevidence.graph.trace", "evidence_table": "kevidence.graph.table",
    "EvidenceTable": "kevidence.graph.table", "EvidenceRow": "kevidence.graph.table",
    "source_keys": "kevidence.graph.neighbourhood", "citing_claim_ids": "kevidence.graph.neighbourhood",
    "citing_sources": "kevidence.graph.neighbourhood", "cited_sources": "kevidence.graph.neighbourhood",
    "derived_claim_ids": "kevidence.graph.neighbourhood", "derived_from": "kevidence.graph.neighbourhood",
    # articles: check one against the base, draft its claims
    "check_article": "kevidence.article.check", "ArticleReport": "kevidence.article.check",
    "draft_claims": "kevidence.article.draft", "write_drafts": "kevidence.article.draft",
    "DraftedClaim": "kevidence.article.draft", "ArticleError": "kevidence.article.reading",
    # the HTML report
    "build_report": "kevidence.report.model", "Report": "kevidence.report.model",
    "render_report": "kevidence.report.render", "write_report": "kevidence.report.render",
    # exports and the CSL-JSON import (kevidence.export is the package, so its export() is export_as here)
    "export_as": "kevidence.export:export", "ExportError": "kevidence.export",
    "import_csl_json": "kevidence.export.cslimport", "ImportResult": "kevidence.export.cslimport",
    # looking references up and verifying a base (lookup_reference is kevidence.lookup.lookup)
    "lookup_reference": "kevidence.lookup:lookup", "LookupSession": "kevidence.lookup.session",
    "Reference": "kevidence.lookup.session", "LookupSettings": "kevidence.lookup.settings",
    "lookup_settings": "kevidence.lookup.settings", "entry_text": "kevidence.lookup.entry",
    "verify": "kevidence.lookup.verify", "Verification": "kevidence.lookup.verify",
    "record_verified": "kevidence.lookup.verify",
}

# Names that were renamed: old -> new; the old ones warn until kevidence 0.4.
_RENAMED: dict[str, str] = {"sources_of": "source_keys", "citing_claims": "citing_claim_ids",
                            "derived_claims": "derived_claim_ids"}

# The public contract, spelled out so that type checkers read it (tests keep it in step with _HOMES).
__all__ = [
    "__version__",
    # the knowledge base
    "load", "KnowledgeBase", "bundled_data_dir", "create", "ProgressBar",
    # the models
    "Claim", "Citation", "ClaimKind", "Stance", "Attribution", "Setting", "EvidenceAssertion", "StatedIn",
    "Suppression", "Document", "ClaimsFile", "Relief", "ReliefBounds", "parse_relief", "duration_days", "Facet",
    "Term", "Vocabulary", "Source", "Person", "CEBMLevel", "GradeCertainty", "StudyDesign",
    # the audit: findings, report, rules, settings
    "Finding", "AuditReport", "Severity", "Rule", "AuditConfig", "audit_arguments", "Retractions",
    "load_retractions",
    # errors
    "KevidenceError", "DataFileError", "BibError", "ClaimsError", "VocabularyError", "QueryError", "EditError",
    "ConflictError", "UnknownClaimError", "UnknownSourceError", "Location", "Problem",
    # trace, evidence table and the neighbourhood functions (keys and ids, over kb.graph)
    "trace", "Trace", "TraceNode", "DeadEnd", "evidence_table", "EvidenceTable", "EvidenceRow", "source_keys",
    "citing_claim_ids", "citing_sources", "cited_sources", "derived_claim_ids", "derived_from",
    # articles: check one against the base, draft its claims
    "check_article", "ArticleReport", "draft_claims", "write_drafts", "DraftedClaim", "ArticleError",
    # the HTML report
    "build_report", "Report", "render_report", "write_report",
    # exports and the CSL-JSON import (kevidence.export is the package, so its export() is export_as here)
    "export_as", "ExportError", "import_csl_json", "ImportResult",
    # looking references up and verifying a base (lookup_reference is kevidence.lookup.lookup)
    "lookup_reference", "LookupSession", "Reference", "LookupSettings", "lookup_settings", "entry_text", "verify",
    "Verification", "record_verified",
]

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

lazy_names(__name__, _HOMES, renamed=_RENAMED, removal="0.4")
moved_modules(_MOVED_MODULES, removal="0.4")

if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
    from kevidence.article.check import ArticleReport, check_article
    from kevidence.article.draft import DraftedClaim, draft_claims, write_drafts
    from kevidence.article.reading import ArticleError
    from kevidence.audit.config import AuditConfig, audit_arguments
    from kevidence.audit.model import AuditReport, Finding, Severity
    from kevidence.audit.registry import Rule
    from kevidence.audit.retractions import Retractions, load_retractions
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
    from kevidence.export import ExportError
    from kevidence.export import export as export_as
    from kevidence.export.cslimport import ImportResult, import_csl_json
    from kevidence.graph.neighbourhood import (
        cited_sources,
        citing_claim_ids,
        citing_sources,
        derived_claim_ids,
        derived_from,
        source_keys,
    )
    from kevidence.graph.neighbourhood import citing_claim_ids as citing_claims  # renamed: not exported
    from kevidence.graph.neighbourhood import derived_claim_ids as derived_claims  # renamed: not exported
    from kevidence.graph.neighbourhood import source_keys as sources_of  # renamed: not exported
    from kevidence.graph.table import EvidenceRow, EvidenceTable, evidence_table
    from kevidence.graph.trace import DeadEnd, Trace, TraceNode, trace
    from kevidence.kb import KnowledgeBase, bundled_data_dir, create, load
    from kevidence.lookup import lookup as lookup_reference
    from kevidence.lookup.entry import entry_text
    from kevidence.lookup.session import LookupSession, Reference
    from kevidence.lookup.settings import LookupSettings, lookup_settings
    from kevidence.lookup.verify import Verification, record_verified, verify
    from kevidence.progress import ProgressBar
    from kevidence.report.model import Report, build_report
    from kevidence.report.render import render_report, write_report
    from kevidence.sources.evidence import CEBMLevel, GradeCertainty, StudyDesign
    from kevidence.sources.model import Source
    from kevidence.sources.names import Person
