"""Rules about the claims file itself: citations present and resolvable, no repeats, no cycles,
and suppressions that still suppress something."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from kevidence.audit.context import AuditContext
from kevidence.audit.model import Finding, Severity
from kevidence.audit.registry import Rule, find_rule, rule, rule_names
from kevidence.audit.rules.article import ARTICLE_RULES, judge_article_sentence
from kevidence.claims.model import CLINICAL_KINDS
from kevidence.errors import did_you_mean
from kevidence.text import normalize_text

if TYPE_CHECKING:
    import networkx as nx

    from kevidence.article.model import Sentence
    from kevidence.audit.kinds import Judgement
    from kevidence.claims.model import Claim


@rule(
    "KE001",
    "unsourced-claim",
    Severity.ERROR,
    summary="A claim cites no source.",
    why=(
        "A patient reading a clinical statement with no source cannot check it, and an editor "
        "cannot tell whether it rests on evidence or on habit. Efficacy, safety, mechanism and "
        "contraindication claims are errors; definitions, background and service text warnings. A claim "
        "drafted from an article and awaiting review is judged as the article check judges its sentence "
        "(unsourced-sentence, KE106: a definition is not reported, a reassurance is a warning), so that "
        "drafting never changes a sentence's severity. "
        "This rule alone reports a claim without a source: the article's unsourced-sentence (KE106) "
        "and proposed-claim (KE111) leave such a claim's sentence to it."
    ),
    example='{"id": "ketamine-not-conventional", "kind": "efficacy", "citations": []}',
    fix=(
        "Add a citation to a source that says it, or reword the text so that it claims nothing. "
        "Text the clinic vouches for itself (its own services) may carry a suppression with a reason."
    ),
)
def unsourced_claim(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    drafted_from = drafted_sentences(ctx)
    for claim in ctx.claims.values():
        if claim.citations:
            continue
        if claim.review == "proposed" and claim.quote:
            judgement = drafted_judgement(ctx, claim, drafted_from)
            if judgement is None or judgement.severity is None:
                continue  # the article check passes its sentence: drafting it changes nothing
            yield this.finding(
                claim.id,
                f"{claim.kind.value} claim {claim.id!r} (drafted from an article, awaiting review) cites no "
                f"source: {judgement.reason}; "
                + ("add a citation to a source that supports it" if judgement.severity is not Severity.INFO
                   else "add a source, or suppress this finding with a reason if none is needed"),
                ctx.claim_location(claim.id),
                severity=judgement.severity,
            )
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


def drafted_sentences(ctx: AuditContext) -> dict[str, Sentence]:
    """The article's sentence each claim of the checked article states, by claim id (empty without one)."""
    analysis = ctx.article
    if analysis is None:
        return {}
    return {claim_id: analysis.sentences[index]
            for index, ids in analysis.sentence_claims.items() for claim_id in ids}


def drafted_judgement(ctx: AuditContext, claim: Claim, sentences: Mapping[str, Sentence]) -> Judgement | None:
    """How the article check judges the sentence a drafted (proposed) claim was read from: the
    sentence itself when the article is being checked, else the claim's quote, as the article's
    publisher words it."""
    sentence = sentences.get(claim.id)
    if sentence is not None and ctx.article is not None:
        return judge_article_sentence(ctx.article, sentence)
    documents = getattr(ctx.kb, "documents", None) or {}
    publisher = next((documents[s.document].publisher for s in claim.stated_in if s.document in documents), None)
    from kevidence.audit.kinds import judge_sentence  # (the sentence judgement's patterns compile on first use)

    return judge_sentence(claim.quote or claim.statement, publisher)


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
    sources = ctx.sources
    missing = {key for key in ctx.cited_keys() if key not in sources}
    if not missing:  # the usual case: one pass over the citations, no per-claim work
        return
    hints: dict[str, str] = {}  # one did-you-mean per missing key, however many claims cite it
    for claim in ctx.claims.values():
        for citation in claim.citations:
            if citation.source in missing:
                break
        else:
            continue
        for key in claim.sources:
            if key not in missing:
                continue
            hint = hints.get(key)
            if hint is None:
                guess = did_you_mean(key, ctx.source_suggester)
                hint = hints[key] = f" ({guess})" if guess else "; add the entry to the .bib or fix the key"
            yield this.finding(
                claim.id,
                f"claim {claim.id!r} cites {key!r}, which is not in the .bib{hint}",
                ctx.claim_location(claim.id),
                related=(key,),
            )


@rule(
    "KE005",
    "duplicate-claim",
    Severity.WARNING,
    summary="Two claims have the same statement (ignoring case, accents, punctuation and spacing).",
    why=(
        "The same statement recorded twice drifts apart: one copy gets a better source or a "
        "corrected evidence level and the other does not, and counts and queries double up."
    ),
    example='"ketamine-used-neuropathic" and "ketamine-neuropathic-use" both state '
    '"Ketamine is used to treat neuropathic pain."',
    fix=(
        "Keep one claim, move the other's citations and 'stated_in' onto it, and point any "
        "'derived_from' at the claim you keep."
    ),
)
def duplicate_claim(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    first: dict[str, str] = {}
    normalised: dict[str, str] = {}  # claims often repeat a statement word for word
    for claim in ctx.claims.values():
        statement = claim.statement
        norm = normalised.get(statement)
        if norm is None:
            norm = normalised[statement] = normalize_text(statement)
        if not norm:
            continue
        if norm in first:
            original = first[norm]
            yield this.finding(
                claim.id,
                f"claim {claim.id!r} has the same statement as {original!r}; merge them into one claim",
                ctx.claim_location(claim.id),
                related=(original,),
            )
        else:
            first[norm] = claim.id


@rule(
    "KE015",
    "circular-derivation",
    Severity.ERROR,
    summary="Claims are derived from each other in a cycle ('derived_from').",
    why=(
        "A claim drawn from another must end, somewhere, in a claim that rests on sources. In a "
        "cycle each claim leans on the next and the chain proves nothing; the trace and the "
        "evidence checks cannot reach the ground."
    ),
    example='"a" has "derived_from": ["b"] and "b" has "derived_from": ["a"]',
    fix="Remove the 'derived_from' link that points back, and cite the sources on the claim that states the finding.",
)
def circular_derivation(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    claims = ctx.claims
    parents = {c.id: [p for p in c.derived_from if p in claims] for c in claims.values() if c.derived_from}
    # Peel off claims that lead to no cycle (no parents left, repeatedly): what remains is the
    # few claims on a cycle or leading into one, and only those go into the cycle search.
    children: dict[str, list[str]] = {}
    remaining = {claim_id: len(ps) for claim_id, ps in parents.items()}
    for claim_id, ps in parents.items():
        for parent in ps:
            children.setdefault(parent, []).append(claim_id)
    done = [claim_id for claim_id, count in remaining.items() if count == 0]
    done += [parent for parent in children if parent not in remaining]  # drawn from nothing
    while done:
        for child in children.get(done.pop(), ()):
            remaining[child] -= 1
            if remaining[child] == 0:
                done.append(child)
    if not any(remaining.values()):
        return  # every claim peeled off: no cycle, and no graph needed
    import networkx as nx

    derivation = nx.DiGraph()
    for claim_id, count in remaining.items():
        if count:
            derivation.add_edges_from((claim_id, p) for p in parents[claim_id] if remaining.get(p))
    order: dict[str, int] = {}  # file positions, for the claims on a cycle (made when one is found)
    for component in nx.strongly_connected_components(derivation):
        if len(component) == 1 and not any(derivation.has_edge(c, c) for c in component):
            continue
        if not order:
            order = {claim_id: i for i, claim_id in enumerate(ctx.claims)}
        members = sorted(component, key=order.__getitem__)
        cycle = _one_cycle(derivation.subgraph(members), members[0])
        shown = " -> ".join([*cycle, cycle[0]])
        yield this.finding(
            members[0],
            f"claims are derived from each other in a cycle: {shown}; "
            "remove the link that points back and cite sources directly",
            ctx.claim_location(members[0]),
            related=members[1:],
        )


def _one_cycle(graph: nx.DiGraph, start: str) -> list[str]:
    import networkx as nx

    try:
        edges = nx.find_cycle(graph, start)
    except nx.NetworkXNoCycle:  # pragma: no cover - a strongly connected component has one
        return [start]
    return [u for u, _ in edges]


@rule(
    "KE017",
    "unused-suppression",
    Severity.WARNING,
    summary="A claim's suppression switches off a rule that finds nothing on that claim.",
    why=(
        "A stale suppression hides the next real problem of that kind on the claim; one naming "
        "no rule is a typo that suppresses nothing. Both make the audit say less than an editor "
        "thinks it says."
    ),
    example='"suppressions": [{"rule": "unsourced-claim", "reason": "..."}] on a claim that now cites a source',
    fix="Delete the suppression, or correct the rule code or slug it names ('kevidence rules' lists them).",
    late=True,
)
def unused_suppression(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    # Rules that did not run in this audit are run here, quietly, to see what they would find.
    quiet: dict[str, set[str]] = {}

    def would_fire(target: Rule, claim_id: str) -> bool:
        if target.code in ARTICLE_RULES and ctx.article is None:
            return True  # an article rule can judge a suppression only when an article is checked
        if target.code in ctx.ran:
            return (claim_id, target.code) in ctx.suppressed
        if target.code not in quiet:
            quiet[target.code] = {f.subject for f in target.check(ctx, target)}
        return claim_id in quiet[target.code]

    for claim in ctx.claims.values():
        for suppression in claim.suppressions:
            target = find_rule(suppression.rule)
            if target is None:
                hint = did_you_mean(suppression.rule, rule_names(), "see 'kevidence rules'")
                yield this.finding(
                    claim.id,
                    f"claim {claim.id!r} suppresses {suppression.rule!r}, which is no audit rule ({hint})",
                    ctx.claim_location(claim.id),
                )
            elif target is not this and not would_fire(target, claim.id):
                yield this.finding(
                    claim.id,
                    f"claim {claim.id!r} suppresses {target.code} {target.name}, which finds nothing "
                    "on it; delete the suppression",
                    ctx.claim_location(claim.id),
                )
