"""Rules on what Crossref and PubMed say about the entries (``kevidence verify``).

They read the records fetched beforehand (the ``lookups`` setting, a
:class:`kevidence.sources.compare.Lookups`); without it they find nothing, so a plain audit
stays offline. Codes KE201 onwards.
"""

from __future__ import annotations

from collections.abc import Iterable

from kevidence.audit.context import AuditContext
from kevidence.audit.model import Finding, Severity
from kevidence.audit.registry import Rule, rule
from kevidence.sources.compare import IDENTITY_FIELDS, Lookups, compare_source, notices
from kevidence.sources.registry import Notice, NoticeKind


def _lookups(ctx: AuditContext) -> Lookups | None:
    found = ctx.setting("lookups")
    return found if isinstance(found, Lookups) else None


@rule(
    "KE201",
    "registry-mismatch",
    Severity.ERROR,
    summary="A field of an entry disagrees with the Crossref or PubMed record of its DOI or PMID: "
    "title, first author, journal, year, volume, issue, pages, or the DOI that PubMed lists for the PMID.",
    why=(
        "A title or first author that differs from the record usually means the identifier "
        "points at another paper (an error); a differing year, journal, volume or pages "
        "(a warning) sends readers to the wrong place. Values are compared after a fixed "
        "normalisation (case, accents, punctuation, '&' and 'and', abbreviated end pages), "
        "never by similarity."
    ),
    example="year = {2018} in references.bib, 2017 in Crossref 10.1213/ane.0000000000001787",
    fix="Correct the entry from the publisher's page, or correct its DOI or PMID; then run 'kevidence verify --write'.",
)
def registry_mismatch(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    lookups = _lookups(ctx)
    if lookups is None:
        return
    for key, lookup in lookups.by_key.items():
        source = ctx.sources.get(key)
        if source is None:
            continue
        for check in compare_source(source, lookup):
            if check.agrees:
                continue
            yield this.finding(
                key,
                f"entry {key!r}: {check.field} {check.ours!r} in the .bib, {check.theirs!r} in "
                f"{check.record.label}; correct the entry or its identifier",
                ctx.source_location(key),
                severity=this.severity if check.field in IDENTITY_FIELDS else Severity.WARNING,
            )


@rule(
    "KE202",
    "identifier-not-found",
    Severity.ERROR,
    summary="An entry's DOI is unknown to Crossref, or its PMID to PubMed.",
    why=(
        "An identifier that resolves nowhere is mistyped, or was never real; either way a "
        "reader cannot find the paper, and the entry cannot be verified."
    ),
    example="doi = {10.1213/ANE.000000000000178} (a digit missing): Crossref answers 404",
    fix="Copy the DOI or PMID from the publisher's or PubMed's page; remove it if none exists.",
)
def identifier_not_found(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    lookups = _lookups(ctx)
    if lookups is None:
        return
    for key, lookup in lookups.by_key.items():
        for registry, identifier in lookup.not_found:
            kind = "PMID" if registry == "PubMed" else "DOI"
            yield this.finding(
                key,
                f"entry {key!r}: {registry} has no record of {kind} {identifier}; check it for typos",
                ctx.source_location(key),
            )


def _severity(notice: Notice) -> Severity:
    if notice.kind is NoticeKind.IS_NOTICE:
        return Severity.ERROR if notice.label.startswith(("retraction", "withdrawal", "removal")) else Severity.WARNING
    if notice.kind.serious:
        return Severity.ERROR
    return Severity.WARNING if notice.kind is NoticeKind.EXPRESSION_OF_CONCERN else Severity.INFO


@rule(
    "KE203",
    "retraction-notice",
    Severity.ERROR,
    summary="Crossref or PubMed records a retraction, withdrawal, expression of concern or correction "
    "of an entry (or the entry is itself such a notice); every claim resting on the entry is flagged too.",
    why=(
        "A retracted paper no longer counts as evidence, and a patient may be reading a claim "
        "built on it. Claims rest on an entry when they cite it in support, cite a source that "
        "cites it, or are derived from such claims. Expressions of concern are warnings, "
        "corrections notes."
    ),
    example="Crossref's record of the DOI has updated-by: [{type: retraction, DOI: ...}]",
    fix="Stop citing a retracted paper as evidence: find current evidence or withdraw the claim. "
    "For a correction, check that the cited passage still stands.",
)
def retraction_notice(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    lookups = _lookups(ctx)
    if lookups is None:
        return
    affected: dict[str, list[Notice]] = {}
    for key, lookup in lookups.by_key.items():
        found = notices(lookup)
        if not found or key not in ctx.sources:
            continue
        affected[key] = found
        for notice in found:
            yield this.finding(
                key,
                f"entry {key!r} is marked {notice.describe()}; stop citing it as evidence"
                if notice.kind.serious else f"entry {key!r} is marked {notice.describe()}; check what the claims cite",
                ctx.source_location(key),
                severity=_severity(notice),
            )
    if not affected:
        return
    for claim_id in ctx.claims:
        reached = ctx.support(claim_id).sources
        for key in reached:
            for notice in affected.get(key, ()):
                yield this.finding(
                    claim_id,
                    f"claim {claim_id!r} rests on {key!r}, marked {notice.describe()}; "
                    "find current evidence or withdraw the claim",
                    ctx.claim_location(claim_id),
                    severity=_severity(notice),
                    related=(key,),
                )
