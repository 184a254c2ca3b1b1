"""What the HTML report shows, assembled from a base (and an article) as plain data.

:func:`build_report` gathers the findings, each claim's facets, levels, evidence for and
against, trace and picture, and (with an article) each sentence's status; the renderer
(:mod:`kevidence.report.render`) turns it into one HTML page. Nothing here makes markup.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from kevidence.audit.model import Finding, Severity
from kevidence.claims.facets import FACETS
from kevidence.claims.model import Claim
from kevidence.report.picture import Picture, document_picture, trace_picture

if TYPE_CHECKING:
    from kevidence.article.analysis import ArticleAnalysis
    from kevidence.kb import KnowledgeBase

#: Claims past this count get no precomputed trace tree or picture (the page stays small).
DETAIL_LIMIT = 2000
#: Claims past this count in a document get no document picture.
PICTURE_LIMIT = 150
#: Claims without sources listed by name in the summary.
UNSOURCED_LISTED = 200

#: Severities from the most serious, as the enum orders them (the page gets them in its data).
SEVERITIES: tuple[str, ...] = tuple(s.value for s in Severity)
#: A sentence's status: flagged at a severity, or how its claims stand.
STATUSES: tuple[str, ...] = (*SEVERITIES, "sourced", "unsourced", "absent")
STATUS_LABELS: dict[str, str] = {
    **{s: f"flagged: {s}" for s in SEVERITIES},
    "sourced": "sourced", "unsourced": "unsourced", "absent": "not in the base",
}


@dataclass(frozen=True)
class SentenceView:
    """One sentence as the page shows it."""

    index: int
    text: str
    status: str
    claims: tuple[str, ...]
    markers: tuple[str, ...]
    keys: tuple[str, ...]
    findings: tuple[int, ...]
    line: int


@dataclass(frozen=True)
class BlockView:
    """A heading, or a paragraph with its sentences."""

    kind: str
    text: str
    sentences: tuple[SentenceView, ...] = ()


@dataclass(frozen=True)
class ReferenceView:
    """An entry of the article's reference list and the key it was matched to."""

    index: int
    label: str
    text: str
    key: str | None
    match: str
    findings: tuple[int, ...]


@dataclass(frozen=True)
class LevelCount:
    """How many claims assert, and how many can be supported at, one CEBM level."""

    label: str
    asserted: int
    supportable: int


@dataclass
class Report:
    """Everything the page shows; ``data`` is what its script reads (JSON-ready)."""

    title: str
    subtitle: str
    mode: str  # "article" or "base"
    data: dict[str, Any]
    by_severity: dict[str, int]
    by_rule: list[tuple[str, str, str, int]]  # code, slug, severity, count
    levels: list[LevelCount]
    unsourced: list[str]
    unsourced_total: int
    claims_in_scope: int
    blocks: list[BlockView] = field(default_factory=list)
    references: list[ReferenceView] = field(default_factory=list)
    status_counts: dict[str, int] = field(default_factory=dict)
    pictures: dict[str, Picture] = field(default_factory=dict)
    document_pictures: list[tuple[str, str, Picture | None, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) address a link may point to, else None (never ``javascript:``)."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in url for c in "\"'<>\\ \t\n"):
        return None
    return url


def doi_url(doi: str | None) -> str | None:
    """The resolver address of a DOI."""
    return "https://doi.org/" + quote(doi, safe="/:;()._-") if doi else None


def build_report(
    kb: KnowledgeBase,
    article: str | Path | None = None,
    document: str | None = None,
    *,
    format: str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    severities: Mapping[str, Severity | str] | None = None,
    settings: Mapping[str, Any] | None = None,
) -> Report:
    """The report of ``kb``: with ``article``, that article annotated with its evidence (see
    :func:`kevidence.article.check_article`); without, every claim grouped by document and
    section. Selectors, severities and settings are the audit's."""
    from kevidence.audit.registry import find_rule

    analysis: ArticleAnalysis | None = None
    if article is not None:
        from kevidence.article.check import check_article

        checked = check_article(kb, article, document, format=format, select=select, ignore=ignore,
                                severities=severities, settings=settings)
        findings = list(checked.findings)
        analysis = checked.analysis
        scope = list(analysis.claims)
        title = analysis.article.title or str(article)
        subtitle = f"{analysis.article.file} checked against {_base_name(kb)}"
        mode = "article"
    else:
        findings = list(kb.audit(select=select, ignore=ignore, severities=severities, settings=settings).findings)
        scope = list(kb.claims)
        title = "Evidence report"
        subtitle = f"{_base_name(kb)}: {len(kb.claims):,} claims, {len(kb.sources):,} sources"
        mode = "base"

    claims = kb.claims
    sources = kb.sources
    index = kb.index
    positions = {c.id: p for p, c in enumerate(index.claims)}
    by_subject: dict[str, list[int]] = {}
    for number, finding in enumerate(findings):
        by_subject.setdefault(finding.subject, []).append(number)

    # Which sources the page needs: those the claims in scope reach or cite, and what they cite.
    claim_rows: dict[str, dict[str, Any]] = {}
    wanted_sources: set[str] = set()
    for claim_id in scope:
        claim = claims[claim_id]
        support = index.support(positions[claim_id])
        row = _claim_row(claim, support.sources, support.best_level, support.best_sources)
        row["f"] = by_subject.get(claim_id, [])
        claim_rows[claim_id] = row
        wanted_sources.update(support.sources)
        wanted_sources.update(c.source for c in claim.citations)
    for claim_id in scope:  # claims the scope derives from, for the details
        for parent in claims[claim_id].derived_from:
            if parent in claims and parent not in claim_rows:
                support = index.support(positions[parent])
                claim_rows[parent] = _claim_row(claims[parent], support.sources, support.best_level,
                                                support.best_sources)
                claim_rows[parent]["f"] = by_subject.get(parent, [])
                wanted_sources.update(c.source for c in claims[parent].citations)
    for key in list(wanted_sources):
        source = sources.get(key)
        if source is not None:
            wanted_sources.update(source.cites)
    source_rows = {key: _source_row(kb, key, by_subject.get(key, [])) for key in sorted(wanted_sources)}

    notes: list[str] = []
    pictures: dict[str, Picture] = {}
    if len(scope) <= DETAIL_LIMIT:
        for claim_id in scope:
            traced = kb.trace(claim_id)
            claim_rows[claim_id]["tr"] = traced.to_dict()["tree"]
            pictures[claim_id] = trace_picture(traced.root)
    else:
        notes.append(f"The base has {len(scope):,} claims: trace trees and pictures are drawn for up to "
                     f"{DETAIL_LIMIT:,}; 'kevidence trace ID' prints any claim's.")

    rules_used = sorted({f.rule for f in findings})
    rule_rows: dict[str, dict[str, Any]] = {}
    for code in rules_used:
        rule = find_rule(code)
        rule_rows[code] = {"name": rule.name if rule else code, "summary": rule.summary if rule else "",
                           "why": rule.why if rule else "", "fix": rule.fix if rule else ""}
    counts = Counter((f.rule, f.name, f.severity.value) for f in findings)
    by_rule = sorted(((code, name, sev, n) for (code, name, sev), n in counts.items()),
                     key=lambda row: (SEVERITIES.index(row[2]), -row[3], row[0]))
    by_severity = {s: sum(1 for f in findings if f.severity.value == s) for s in SEVERITIES}

    asserted = Counter(claim_rows[c]["ev"] or 0 for c in scope)
    supportable = Counter(claim_rows[c]["best"] or 0 for c in scope)
    levels = [LevelCount(f"level {n}" if n else "none", asserted.get(n, 0), supportable.get(n, 0))
              for n in (1, 2, 3, 4, 5, 0)]
    unsourced_all = [c for c in scope if not claim_rows[c]["sup"]]

    report = Report(
        title=title, subtitle=subtitle, mode=mode, data={}, by_severity=by_severity, by_rule=by_rule,
        levels=levels, unsourced=unsourced_all[:UNSOURCED_LISTED], unsourced_total=len(unsourced_all),
        claims_in_scope=len(scope), pictures=pictures, notes=notes,
    )
    finding_rows = [_finding_row(f) for f in findings]
    data: dict[str, Any] = {
        "mode": mode, "claims": claim_rows, "sources": source_rows, "rules": rule_rows,
        "findings": finding_rows, "documents": {d.id: d.title for d in kb.documents.values()},
        "severities": list(SEVERITIES), "statuses": STATUS_LABELS, "facets": facet_columns(),
    }
    if analysis is not None:
        _annotate(report, analysis, findings, finding_rows, claim_rows)
        data["sentences"] = [[s.status, list(s.claims), list(s.keys), list(s.markers), list(s.findings), s.line]
                             for b in report.blocks for s in b.sentences]
        data["references"] = [[r.label, r.key, r.match, list(r.findings)] for r in report.references]
        if analysis.document is None:
            report.notes.append("No document of the claims file is this article, so no recorded claim is compared "
                                "with it: give the document a 'path' to the article, or pass --document ID.")
        else:
            picture = document_picture(scope, claims, sources, PICTURE_LIMIT, _worst(claim_rows, findings))
            report.document_pictures.append((analysis.document.id, analysis.document.title, picture, len(scope)))
    else:
        data["groups"] = _groups(kb, scope)
        flags = _worst(claim_rows, findings)
        for document_id, title_, ids in _documents(kb, scope):
            picture = document_picture(ids, claims, sources, PICTURE_LIMIT, flags)
            report.document_pictures.append((document_id, title_, picture, len(ids)))
    report.data = data
    return report


def _worst(claim_rows: Mapping[str, Mapping[str, Any]], findings: Sequence[Finding]) -> dict[str, str]:
    """Claim id -> the severity of its worst finding, for claims with findings."""
    worst: dict[str, str] = {}
    for claim_id, row in claim_rows.items():
        if row["f"]:
            worst[claim_id] = SEVERITIES[min(SEVERITIES.index(findings[n].severity.value) for n in row["f"])]
    return worst


def _base_name(kb: KnowledgeBase) -> str:
    if kb.claims_path is None:
        return "a base held in memory"
    return f"{kb.claims_path} and {kb.bib_path}" if kb.bib_path is not None else str(kb.claims_path)


def facet_columns() -> list[list[Any]]:
    """The claim facets as the page lists them (from :data:`kevidence.claims.facets.FACETS`):
    ``[key of a claim row, label, many]``, in the table's order."""
    return [[f.attribute, f.plural if f.many else f.label, f.many] for f in FACETS]


def _claim_row(claim: Claim, reached: Sequence[str], best: Any, best_sources: Sequence[str]) -> dict[str, Any]:
    return {
        "s": claim.statement, "q": claim.quote, "k": claim.kind.value,
        **{f.attribute: list(f.values(claim)) if f.many else getattr(claim, f.attribute) for f in FACETS},
        "r": claim.relief.text if claim.relief is not None else None,
        "ev": int(claim.evidence.level) if claim.evidence is not None else None,
        "set": claim.setting.value if claim.setting is not None else None,
        "cit": [[c.source, c.stance.value, c.locator, c.quote, c.attribution.value, c.note] for c in claim.citations],
        "df": list(claim.derived_from), "doc": [[s.document, s.section] for s in claim.stated_in],
        "note": claim.note, "sup": list(reached), "best": int(best) if best is not None else None,
        "bs": list(best_sources), "rev": claim.review,
    }


def _source_row(kb: KnowledgeBase, key: str, findings: list[int]) -> dict[str, Any]:
    source = kb.sources.get(key)
    if source is None:
        return {"missing": True, "f": findings}
    design = source.study_design
    level = source.supportable_level
    authors = source.authors
    author = (authors[0].family + (" et al." if len(authors) > 1 else "")) if authors else None
    return {
        "t": source.title, "type": source.entry_type, "y": source.year, "a": author, "j": source.journal,
        "d": design.label if design is not None else None, "l": int(level) if level is not None else None,
        "doi": source.doi, "doiurl": doi_url(source.doi), "pmid": source.pmid,
        "url": source.field("url"), "link": safe_url(source.field("url")), "cites": list(source.cites), "f": findings,
    }


def _finding_row(finding: Finding) -> list[Any]:
    location = finding.location
    return [finding.severity.value, finding.rule, finding.name, finding.subject, finding.message,
            location.file if location else None, location.line if location else None,
            location.column if location else None, None, None]


def _annotate(report: Report, analysis: ArticleAnalysis, findings: list[Finding],
              rows: list[list[Any]], claim_rows: Mapping[str, Mapping[str, Any]]) -> None:
    """Each sentence's claims, findings and status; each reference entry's findings."""
    article = analysis.article
    source = article.source
    sentences = analysis.sentences
    starts = [s.start for s in sentences]
    entries = article.references
    entry_starts = [e.offset for e in entries]
    at_sentence: dict[int, list[int]] = {}
    at_reference: dict[int, list[int]] = {}
    for number, finding in enumerate(findings):
        location = finding.location
        if location is None or location.line is None or location.file != article.file:
            continue
        line = min(max(location.line, 1), len(source.line_starts))
        offset = source.line_starts[line - 1] + (location.column or 1) - 1
        if entries and offset >= entry_starts[0]:
            where = bisect_right(entry_starts, offset) - 1
            at_reference.setdefault(where, []).append(number)
            rows[number][9] = where
            continue
        where = bisect_right(starts, offset) - 1
        if where >= 0 and offset < sentences[where].end:
            at_sentence.setdefault(where, []).append(number)
            rows[number][8] = where
    views: dict[int, list[SentenceView]] = {}
    counts: Counter[str] = Counter()
    for sentence in sentences:
        ids = tuple(analysis.sentence_claims.get(sentence.index, ()))
        keys = tuple(analysis.keys_of(sentence))
        own = at_sentence.get(sentence.index, [])
        # Findings about its claims that were placed elsewhere count too.
        extra = [n for c in ids for n in claim_rows[c]["f"] if n not in own] if ids else []
        numbers = tuple(sorted(own + extra, key=lambda n: (SEVERITIES.index(findings[n].severity.value), n)))
        worst = min((SEVERITIES.index(findings[n].severity.value) for n in numbers), default=None)
        if worst is not None:
            status = SEVERITIES[worst]
        elif keys or any(claim_rows[c]["sup"] or claim_rows[c]["cit"] for c in ids):
            status = "sourced"
        elif ids:
            status = "unsourced"
        else:
            status = "absent"
        counts[status] += 1
        views.setdefault(sentence.block, []).append(SentenceView(
            sentence.index, sentence.text, status, ids, tuple(m.text for m in sentence.all_markers), keys,
            numbers, source.line_column(sentence.start)[0]))
    for number, block in enumerate(article.blocks):
        if block.kind.value == "heading":
            report.blocks.append(BlockView("heading", block.text.strip()))
        elif number in views:
            report.blocks.append(BlockView(block.kind.value, block.text, tuple(views[number])))
    by_entry = {id(m.entry): m for m in analysis.references}
    for number, entry in enumerate(entries):
        match = by_entry.get(id(entry))
        report.references.append(ReferenceView(number, entry.label, entry.text, match.key if match else None,
                                               match.match if match else "none",
                                               tuple(at_reference.get(number, ()))))
    report.status_counts = {s: counts.get(s, 0) for s in STATUSES}


def _groups(kb: KnowledgeBase, scope: Sequence[str]) -> list[list[Any]]:
    """[document id, section, claim ids] in file order of first appearance."""
    groups: dict[tuple[str, str], list[str]] = {}
    for claim_id in scope:
        stated = kb.claims[claim_id].stated_in
        places = [(s.document, s.section or "") for s in stated] or [("", "")]
        for place in dict.fromkeys(places):
            groups.setdefault(place, []).append(claim_id)
    return [[document, section, ids] for (document, section), ids in groups.items()]


def _documents(kb: KnowledgeBase, scope: Sequence[str]) -> list[tuple[str, str, list[str]]]:
    found: dict[str, list[str]] = {}
    for claim_id in scope:
        for document in dict.fromkeys(s.document for s in kb.claims[claim_id].stated_in):
            found.setdefault(document, []).append(claim_id)
    return [(d, kb.documents[d].title if d in kb.documents else d, ids) for d, ids in found.items()]
