"""A typed clinic tool built on kevidence's public names alone: ``mypy --strict`` and pyright
check it (tests/typed/test_client.py), and the tests run it.

It loads a base, queries a condition, traces each claim, lists the unsourced ones, audits the
base, checks an article, writes its HTML report and exports the evidence graph.
"""

# pyright: strict

from __future__ import annotations

from pathlib import Path

import kevidence
from kevidence import (
    ArticleReport,
    AuditReport,
    Claim,
    Finding,
    KnowledgeBase,
    Report,
    Severity,
    Trace,
    build_report,
    check_article,
    export_as,
    load,
    source_keys,
    write_report,
)


def unsourced(kb: KnowledgeBase, condition: str) -> list[str]:
    """Ids of the claims about ``condition`` that cite no source at all."""
    claims: list[Claim] = kb.query(condition=condition)
    traces: dict[str, Trace] = {c.id: kevidence.trace(kb.graph, kb.claims, kb.sources, c.id) for c in claims}
    return [claim_id for claim_id, t in traces.items() if not source_keys(kb.graph, t.claim_id)]


def errors(report: AuditReport | ArticleReport) -> list[str]:
    """One line per error finding: where, which rule, what."""
    found: list[Finding] = report.at_or_above(Severity.ERROR)
    return [f"{f.location}: {f.rule} {f.message}" for f in found]


def run(data: Path | None, article: Path, out: Path) -> dict[str, object]:
    """Everything the tool does, on ``data`` (the bundled base when None); files go to ``out``."""
    kb = load(data)
    audit: AuditReport = kb.audit(select=["unsourced-claim", "KE1"])
    checked: ArticleReport = check_article(kb, article)
    report: Report = build_report(kb, article)
    page: Path = write_report(report, out / "report.html")
    claim = next(iter(kb.claims))
    text: str | None = export_as(kb, "mermaid", claim=claim)
    export_as(kb, "csl-json", out / "references.json")
    return {
        "unsourced": unsourced(kb, "crps"),
        "audit_errors": errors(audit),
        "article_errors": errors(checked),
        "report": page,
        "mermaid": text,
        "version": kevidence.__version__,
    }
