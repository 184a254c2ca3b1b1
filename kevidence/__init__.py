"""kevidence: an evidence and citation knowledge base for clinic content.

Each claim of an article is a node with its facets (pain type, condition, relief, evidence
level, intervention), linked to its BibTeX sources in one networkx graph; trace a claim to
its evidence and audit the whole base.

>>> import kevidence
>>> kb = kevidence.load()
>>> report = kb.audit(select=["unsourced-claim"])
>>> all(f.name == "unsourced-claim" for f in report.findings)
True
"""

from kevidence.audit import (
    AuditConfig,
    AuditReport,
    Finding,
    Rule,
    Severity,
    find_rule,
    iter_rules,
    load_retractions,
    render,
    run_audit,
)
from kevidence.claims import (
    Attribution,
    Citation,
    Claim,
    ClaimKind,
    ClaimsFile,
    Document,
    EvidenceAssertion,
    Facet,
    Relief,
    ReliefBounds,
    Setting,
    Stance,
    StatedIn,
    Suppression,
    Term,
    Vocabulary,
    duration_days,
    parse_relief,
)
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
from kevidence.graph import build_graph, claim_node, document_node, source_node
from kevidence.atomic import FileStamp, write_atomic
from kevidence.kb import KnowledgeBase, bundled_data_dir, load
from kevidence.progress import Progress, ProgressBar
from kevidence.neighbourhood import (
    cited_sources,
    citing_claims,
    citing_sources,
    derived_claims,
    derived_from,
    sources_of,
)
from kevidence.query import ClaimFilter, ClaimIndex, make_filter
from kevidence.table import EvidenceRow, EvidenceTable, evidence_table
from kevidence.trace import DeadEnd, Trace, TraceNode, trace
from kevidence.sources import FieldStatus, Person, Source, load_bib, parse_bib

__version__ = "0.1.0"

__all__ = [
    "ClaimFilter", "ClaimIndex", "DeadEnd", "EvidenceRow", "EvidenceTable", "QueryError",
    "Trace", "TraceNode", "cited_sources", "citing_claims", "citing_sources", "derived_claims",
    "derived_from", "evidence_table", "make_filter", "sources_of", "trace",
    "Attribution", "AuditConfig", "AuditReport", "BibError", "CEBMLevel", "Citation", "Claim", "ClaimKind",
    "ClaimsError", "ClaimsFile", "ConflictError", "DataFileError", "Document", "EditError",
    "EvidenceAssertion", "Facet", "FieldStatus", "FileStamp", "Finding", "GradeCertainty", "KevidenceError",
    "KnowledgeBase", "Location", "Person", "Problem", "Progress", "ProgressBar", "Relief", "ReliefBounds", "Rule",
    "Setting", "Severity", "Source", "Stance", "StatedIn", "StudyDesign", "Suppression", "Term",
    "UnknownClaimError", "UnknownSourceError", "Vocabulary", "VocabularyError", "__version__",
    "build_graph", "bundled_data_dir", "claim_node", "document_node", "duration_days",
    "find_rule", "iter_rules", "load", "load_bib", "load_retractions", "parse_bib", "parse_relief",
    "render", "run_audit", "source_node", "write_atomic",
]
