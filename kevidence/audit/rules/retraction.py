"""The retraction rule: sources listed in the user's retraction file, and every claim resting on them."""

from __future__ import annotations

from collections.abc import Iterable

from kevidence.audit.context import AuditContext
from kevidence.audit.model import Finding, Severity
from kevidence.audit.registry import Rule, rule
from kevidence.audit.retractions import RetractionNotice, Retractions


def _severity(notice: RetractionNotice) -> Severity:
    nature = notice.nature.lower()
    if "concern" in nature:
        return Severity.WARNING
    if "correction" in nature:
        return Severity.INFO
    return Severity.ERROR


@rule(
    "KE014",
    "retracted-source",
    Severity.ERROR,
    summary="A source appears in the retraction file you supply ('--retractions FILE.csv' or the "
    "'retractions' setting, Retraction Watch columns); the claims citing it, and every claim "
    "derived from those, are flagged too.",
    why=(
        "A retracted paper no longer counts as evidence, and a patient may be reading a claim "
        "built on it. Expressions of concern are warnings and corrections notes; a reinstated "
        "paper is not reported. Each finding names the retraction file and its sha256, so the "
        "result can be reproduced."
    ),
    example="doi = {10.1000/xyz123} in references.bib and OriginalPaperDOI 10.1000/XYZ123 in the CSV",
    fix="Remove the citation and find current evidence for the claim, or withdraw the claim.",
)
def retracted_source(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    retractions = ctx.setting("retractions")
    if not isinstance(retractions, Retractions):
        return
    where = retractions.describe()
    flagged: dict[str, tuple[str, RetractionNotice]] = {}
    for key, source in ctx.sources.items():
        notice = retractions.lookup(source.doi, source.pmid)
        if notice is None or notice.is_reinstatement:
            continue
        yield this.finding(
            key,
            f"entry {key!r} is listed as '{notice.nature}'{_when(notice)} in {where} (line {notice.line}); "
            "stop citing it as evidence",
            ctx.source_location(key),
            severity=_severity(notice),
        )
        # An index of citing claims (built once), not a pass over every claim per entry.
        for claim_id in ctx.citing_claims(key):
            flagged.setdefault(claim_id, (key, notice))
    yield from _claim_findings(ctx, this, flagged, where)


def _when(notice: RetractionNotice) -> str:
    return f" ({notice.date})" if notice.date else ""


def _claim_findings(
    ctx: AuditContext, this: Rule, direct: dict[str, tuple[str, RetractionNotice]], where: str
) -> Iterable[Finding]:
    for claim_id, (key, notice) in direct.items():
        yield this.finding(
            claim_id,
            f"claim {claim_id!r} cites {key!r}, listed as '{notice.nature}' in {where}; "
            "find current evidence or withdraw the claim",
            ctx.claim_location(claim_id),
            severity=_severity(notice),
            related=(key,),
        )
    # Claims drawn from an affected claim inherit the problem, however many steps away.
    children: dict[str, list[str]] = {}
    for claim in ctx.claims.values():
        for parent in claim.derived_from:
            children.setdefault(parent, []).append(claim.id)
    reached: dict[str, str] = {}
    frontier = list(direct)
    while frontier:
        parent = frontier.pop(0)
        for child in children.get(parent, ()):
            if child in direct or child in reached:
                continue
            reached[child] = parent
            frontier.append(child)
    for claim_id, parent in reached.items():
        root = parent
        while root in reached:
            root = reached[root]
        key, notice = direct[root]
        yield this.finding(
            claim_id,
            f"claim {claim_id!r} is derived from {parent!r}, which rests on {key!r}, listed as "
            f"'{notice.nature}' in {where}; review the claim",
            ctx.claim_location(claim_id),
            severity=_severity(notice),
            related=(parent, key),
        )
