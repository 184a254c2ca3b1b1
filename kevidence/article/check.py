"""Checking an article against the knowledge base: the article rules' findings, and the base
audit's findings for the claims the article states, located at their sentences."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kevidence.article.analysis import (
    ArticleAnalysis,
    analyse,
    as_json_references,
    as_json_sentences,
    choose_document,
)
from kevidence.article.reading import read_article
from kevidence.audit.engine import run_audit
from kevidence.audit.model import AuditReport, Finding, Severity, report_order
from kevidence.audit.render import render
from kevidence.audit.rules.article import ARTICLE_RULES
from kevidence.bulk import paused_gc
from kevidence.errors import display_path

if TYPE_CHECKING:
    from kevidence.kb import KnowledgeBase


@dataclass(frozen=True)
class ArticleReport:
    """What ``kevidence article check`` reports: findings, the references and the sentences."""

    audit: AuditReport
    analysis: ArticleAnalysis = field(repr=False)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.audit.findings

    @property
    def summary(self) -> dict[str, Any]:
        """The audit summary, with the article's file, format, document and counts."""
        summary = dict(self.audit.summary)
        analysis = self.analysis
        summary["article"] = {
            "file": analysis.article.file, "format": analysis.article.format,
            "document": analysis.document.id if analysis.document else None,
            "sentences": len(analysis.sentences), "references": len(analysis.references),
            "matched_references": sum(1 for m in analysis.references if m.key),
            "claims_located": sum(1 for s in analysis.quotes.values() if s is not None and s.exact),
            "claims_recorded": len(analysis.claims),
        }
        return summary

    def by_rule(self, name_or_code: str) -> list[Finding]:
        return self.audit.by_rule(name_or_code)

    def at_or_above(self, severity: Severity) -> list[Finding]:
        return self.audit.at_or_above(severity)

    def to_json(self) -> dict[str, Any]:
        """``{"findings", "references", "sentences", "summary"}``."""
        return {
            "findings": [f.to_dict() for f in self.findings],
            "references": as_json_references(self.analysis),
            "sentences": as_json_sentences(self.analysis),
            "summary": self.summary,
        }

    def render(self, format: str = "text", colour: bool = False) -> str:
        """The report as text, json, markdown, github or sarif."""
        if format == "json":
            return json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n"
        text = render(self.audit, format, colour=colour)
        if format == "text":
            return _article_lines(self) + text
        return text


def _article_lines(report: ArticleReport) -> str:
    info = report.summary["article"]
    document = info["document"] or "none (pass --document ID to compare with recorded claims)"
    lines = [(f"Article {info['file']} ({info['format']}): {info['sentences']} sentences, "
             f"{info['matched_references']} of {info['references']} references matched; document: {document}")]
    for match in report.analysis.references:
        lines.append(f"  [{match.entry.label}] -> {match.key or '-'} ({match.match})")
    return "\n".join(lines) + "\n\n"


def check_article(
    kb: KnowledgeBase,
    article: str | Path,
    document: str | None = None,
    *,
    format: str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    severities: Mapping[str, Severity | str] | None = None,
    settings: Mapping[str, Any] | None = None,
) -> ArticleReport:
    """Check an article file against ``kb``; see :class:`ArticleReport`.

    ``document`` names the claims file's document the article is (default: the document whose
    ``path`` is this file, else whose title is the article's title). Selectors, severities and
    settings are the audit's.
    """
    read = read_article(article, format)
    chosen = choose_document(read, kb.documents, kb.claims_path, document)
    locations = {c: kb.claim_location(c) for c in kb.claims
                 if chosen is not None and any(s.document == chosen.id for s in kb.claims[c].stated_in)}
    analysis = analyse(read, kb.claims, kb.sources, chosen, locations,
                       display_path(kb.claims_path) if kb.claims_path else None)
    with paused_gc():
        base = run_audit(kb, select=select, ignore=ignore, severities=severities, settings=settings,
                         article=analysis)
    findings = [f for f in (_placed(f, analysis) for f in base.findings) if f is not None]
    findings.sort(key=_order)
    return ArticleReport(AuditReport(tuple(findings), base.inputs), analysis)


def _order(finding: Finding) -> tuple[object, ...]:
    """File, line, column, rule, subject, message."""
    order = report_order(finding)
    column = finding.location.column if finding.location is not None else None
    return (*order[:2], column or 0, *order[2:])


def _placed(finding: Finding, analysis: ArticleAnalysis) -> Finding | None:
    """An article finding as it is; a base finding about a claim the article states, moved to its
    sentence; about a source of the reference list, moved to its entry; any other dropped."""
    if finding.rule in ARTICLE_RULES:
        return finding
    if finding.subject in analysis.claims:
        span = analysis.quotes.get(finding.subject)
        if span is None:
            return finding  # the claim's quotation is not in the article: it stays in the claims file
        return finding._replace(location=analysis.location(span.start))
    for match in analysis.references:
        if match.key == finding.subject:
            return finding._replace(location=analysis.location(match.entry.offset))
    return None
