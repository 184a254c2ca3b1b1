"""The audit rules. Each is one decorated function: metadata, documentation and check together."""

from __future__ import annotations

from collections.abc import Iterable

from kevidence.audit.context import AuditContext
from kevidence.audit.model import Finding, Severity
from kevidence.audit.registry import Rule, rule
from kevidence.claims.model import ClaimKind

# Kinds of claim that tell a patient what a treatment does or risks: unsourced, they are errors.
CLINICAL_KINDS = frozenset(
    {ClaimKind.EFFICACY, ClaimKind.SAFETY, ClaimKind.CONTRAINDICATION, ClaimKind.MECHANISM}
)


@rule(
    "KE001",
    "unsourced-claim",
    Severity.ERROR,
    summary="A claim cites no source.",
    why=(
        "A patient reading a clinical statement with no source cannot check it, and an editor "
        "cannot tell whether it rests on evidence or on habit. Efficacy, safety, mechanism and "
        "contraindication claims are errors; definitions, background and service text warnings."
    ),
    example='{"id": "ketamine-not-conventional", "kind": "efficacy", "citations": []}',
    fix="Add a citation to a source that says it, or reword the text so that it claims nothing.",
)
def unsourced_claim(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    for claim in ctx.claims.values():
        if claim.citations:
            continue
        clinical = claim.kind in CLINICAL_KINDS
        yield this.finding(
            claim.id,
            f"{claim.kind.value} claim {claim.id!r} cites no source"
            + ("; add a citation to a source that supports it" if clinical
               else "; add a source, or suppress this finding with a reason if none is needed"),
            ctx.claim_location(claim.id),
            severity=Severity.ERROR if clinical else Severity.WARNING,
        )


@rule(
    "KE002",
    "dangling-citation",
    Severity.ERROR,
    summary="A claim cites a BibTeX key that is not in the .bib file.",
    why=(
        "The reader is pointed at a reference that does not exist in the bibliography, so the "
        "claim is effectively unsourced and the published reference list is wrong."
    ),
    example='"citations": [{"source": "maher2071"}] while references.bib holds maher2017',
    fix="Correct the key, or add the missing entry to references.bib.",
)
def dangling_citation(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    for claim in ctx.claims.values():
        for key in claim.sources:
            if key in ctx.sources:
                continue
            guess = ctx.closest_source(key)
            hint = f" (did you mean {guess!r}?)" if guess else "; add the entry to the .bib or fix the key"
            yield this.finding(
                claim.id,
                f"claim {claim.id!r} cites {key!r}, which is not in the .bib{hint}",
                ctx.claim_location(claim.id),
                related=(key,),
            )
