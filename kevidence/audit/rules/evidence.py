"""Rules about what a claim's evidence can bear: the level it asserts, how many and what kind
of sources hold it up, and whether those sources are about the same thing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache, partial

from kevidence.audit.context import AuditContext
from kevidence.audit.model import Finding, Severity
from kevidence.audit.registry import Rule, rule
from kevidence.claims.model import Claim, ClaimKind, Stance
from kevidence.claims.vocabulary import Facet, Term, Vocabulary
from kevidence.evidence import CEBMLevel, level_is_stronger
from kevidence.sources.model import Source


def _design_label(source: Source) -> str:
    design = source.study_design
    return design.label if design is not None else "no study design recorded"


@rule(
    "KE009",
    "overstated-evidence",
    Severity.ERROR,
    summary="A claim asserts a stronger evidence level than its sources can support.",
    why=(
        "A patient reads 'level 2 evidence' as 'trials showed it'. If the claim rests on a "
        "narrative review, a web page or weaker studies, the article promises more certainty "
        "than exists. The supportable level is the best level of any source reached from the "
        "claim through 'derived_from' and supporting citations, including the studies a cited "
        "source cites."
    ),
    example='"evidence": {"level": 2} on a claim whose only source has studydesign = {narrative-review}',
    fix=(
        "Lower the asserted level to what the sources support, or cite the trial or systematic "
        "review that supports it (and record its studydesign)."
    ),
)
def overstated_evidence(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    for claim in ctx.claims.values():
        if claim.evidence is None:
            continue
        asserted = claim.evidence.level
        support = ctx.support(claim.id)
        if not level_is_stronger(asserted, support.best_level):
            continue
        if support.best_level is None:
            if support.sources:
                designs = "; ".join(f"{k}: {_design_label(ctx.sources[k])}" for k in support.sources)
                reason = f"none of its sources has a design that supports a level ({designs})"
            else:
                reason = "it rests on no source in the .bib"
        else:
            reason = (
                f"its best source supports level {int(support.best_level)} "
                f"({', '.join(support.best_sources)}: {_design_label(ctx.sources[support.best_sources[0]])})"
            )
        yield this.finding(
            claim.id,
            f"claim {claim.id!r} asserts CEBM level {int(asserted)} "
            f"({CEBMLevel(asserted).description}) but {reason}; lower the level or cite evidence that supports it",
            ctx.claim_location(claim.id),
            related=support.sources,
        )


@rule(
    "KE010",
    "weak-support",
    Severity.WARNING,
    summary="An efficacy claim rests only on non-research sources (web pages, leaflets, narrative "
    "reviews, expert opinion).",
    why=(
        "Whether a treatment works is a question for studies. Web pages, leaflets and narrative "
        "reviews repeat what others found; a claim resting only on them has no evidence an "
        "editor can weigh. Sources without a recorded design are not judged."
    ),
    example='an efficacy claim citing only @online{hospital2020, studydesign = {web-page}}',
    fix="Cite the trials or systematic review behind the statement (a review's own 'cites' field counts), or soften the claim.",
)
def weak_support(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    for claim in ctx.claims.values():
        if claim.kind is not ClaimKind.EFFICACY:
            continue
        support = ctx.support(claim.id)
        if not support.sources:
            continue
        designs = [ctx.sources[k].study_design for k in support.sources]
        if any(d is None or d.info.research for d in designs):
            continue
        shown = "; ".join(f"{k}: {_design_label(ctx.sources[k])}" for k in support.sources)
        yield this.finding(
            claim.id,
            f"efficacy claim {claim.id!r} rests only on non-research sources ({shown}); "
            "cite the studies behind it or soften the claim",
            ctx.claim_location(claim.id),
            related=support.sources,
        )


@rule(
    "KE011",
    "single-source",
    Severity.INFO,
    summary="An efficacy claim rests on one source. A systematic review or meta-analysis of "
    "randomized trials (CEBM level 1) already pools many studies and is not reported.",
    why=(
        "One study can be wrong, and one review can misread its studies; a second independent "
        "source tells the editor the finding holds."
    ),
    example="an efficacy claim whose only support is one randomized trial",
    fix="Add a second independent source, or cite a systematic review that covers the question.",
)
def single_source(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    for claim in ctx.claims.values():
        if claim.kind is not ClaimKind.EFFICACY:
            continue
        support = ctx.support(claim.id)
        if len(support.sources) != 1:
            continue
        (key,) = support.sources
        if ctx.sources[key].supportable_level == CEBMLevel.SYSTEMATIC_REVIEW_OF_RCTS:
            continue
        yield this.finding(
            claim.id,
            f"efficacy claim {claim.id!r} rests on one source, {key!r} "
            f"({_design_label(ctx.sources[key])}); add an independent source",
            ctx.claim_location(claim.id),
            related=(key,),
        )


@lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in name.split()) + r"(?!\w)", re.I)


def mentioned_terms(text: str, terms: Iterable[Term]) -> set[str]:
    """Ids of the terms whose label or a synonym appears in ``text`` as whole words."""
    folded = text.casefold()
    # A plain substring test (fast, in C) rules out almost every name before the
    # whole-word regex runs.
    return {
        t.id
        for t in terms
        if any(
            n.strip() and n.split()[0].casefold() in folded and _name_pattern(n.strip()).search(text)
            for n in t.names
        )
    }


def source_text(source: Source) -> str:
    """What a source says it is about: its decoded title, keywords and design label."""
    parts = [source.title or "", *source.keywords]
    if source.study_design is not None:
        parts.append(source.study_design.label)
    return " \n ".join(parts)


def _related(vocab: Vocabulary, facet: Facet, a: str, b: str) -> bool:
    # Terms that share any ancestor (or one is the other's ancestor) may well overlap:
    # the check stays silent rather than call them a mismatch.
    return bool(vocab.broader(facet, a) & vocab.broader(facet, b))


def _claim_terms(claim: Claim, facet: Facet) -> tuple[str, ...]:
    if facet is Facet.INTERVENTION:
        return (claim.intervention,) if claim.intervention else ()
    return claim.conditions if facet is Facet.CONDITION else claim.pain_types


@rule(
    "KE012",
    "facet-mismatch",
    Severity.WARNING,
    summary="A cited source is about a different intervention or condition than the claim.",
    why=(
        "A source about lidocaine cited under a ketamine claim does not support it, however "
        "good the source. The check reads the source's title, keywords and design through the "
        "vocabularies' labels and synonyms. It is conservative: a source that names none of the "
        "facet's terms is not a mismatch (silence is not disagreement), nor is one that names "
        "the claim's term, a broader or narrower one, or a term sharing a broader term with it."
    ),
    example='claim "intervention": "ketamine-iv" citing @online{stanford2020, title = {Intravenous Lidocaine Infusion}}',
    fix="Cite a source about the claim's intervention and condition, or correct the claim's facets.",
)
def facet_mismatch(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    vocab = ctx.vocabulary
    # Many claims cite the same source: read each source's text once per facet, not per citation.
    named_by_source: dict[tuple[str, Facet], set[str]] = {}
    related = lru_cache(maxsize=None)(partial(_related, vocab))  # few distinct term pairs
    for claim in ctx.claims.values():
        for citation in claim.citations:
            if citation.stance is Stance.MENTIONS:
                continue
            source = ctx.sources.get(citation.source)
            if source is None:
                continue
            for facet in (Facet.INTERVENTION, Facet.CONDITION):
                wanted = _claim_terms(claim, facet)
                if not wanted:
                    continue
                cache_key = (source.key, facet)
                named = named_by_source.get(cache_key)
                if named is None:
                    named = mentioned_terms(source_text(source), vocab.terms(facet).values())
                    named_by_source[cache_key] = named
                if not named or any(related(facet, w, n) for w in wanted for n in named):
                    continue
                labels = ", ".join(sorted(vocab.term(facet, n).label for n in named))
                yield this.finding(
                    claim.id,
                    f"claim {claim.id!r} is about {facet.label} {', '.join(wanted)} but cites "
                    f"{source.key!r}, which is about {labels}; cite a source on "
                    f"{', '.join(wanted)} or correct the claim's {facet.label}",
                    ctx.claim_location(claim.id),
                    related=(source.key,),
                )
