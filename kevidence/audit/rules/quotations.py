"""Rules about quotations: words a claim presents as a source's must be the source's words.

Comparison is exact after typography (:mod:`kevidence.text`); the closest passage and the
word-level difference shown with a finding are suggestions for the editor (see
:mod:`kevidence.text.quotations`), never a verification.
"""

from __future__ import annotations

from collections.abc import Iterable

from kevidence.audit.context import AuditContext
from kevidence.audit.model import Finding, Severity
from kevidence.audit.registry import Rule, rule
from kevidence.claims.model import Attribution, Claim, Stance
from kevidence.text.quotations import (
    Passage,
    WordChange,
    closest_passage,
    describe_changes,
    found_in,
    presented_passages,
    word_changes,
)

# A claim's whole quotation (printed without quotation marks) is taken for the source's words
# only when it is this much like a passage of the recorded quotation: below, it is the
# article's own paraphrase, which this rule does not judge.
SAME_PASSAGE = 0.75
# A closest passage less alike than this is not worth showing.
WORTH_SHOWING = 0.5
_MAX_SHOWN = 240


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def _severity(changes: list[WordChange]) -> Severity | None:
    """Error when a number or a negation changes; otherwise the rule's default."""
    return Severity.ERROR if any(c.touches_number or c.touches_negation for c in changes) else None


def difference(passage: str, closest: Passage | None) -> tuple[str, list[WordChange]]:
    """' (the words changed); the closest passage is ...' for a message about a quotation not
    found, and the changes; nothing when the closest passage is too unlike it to show."""
    if closest is None or closest.similarity < WORTH_SHOWING:
        return "", []
    changes = word_changes(passage, closest.text)
    what = describe_changes(changes) if changes else "only letter case or punctuation differs"
    return f" ({what}); the closest passage is {_short(closest.text)!r}", changes


@rule(
    "KE019",
    "altered-quotation",
    Severity.WARNING,
    summary="Words a claim presents as a source's (its quotation's passages in quotation marks, or "
    "the whole quotation when it is nearly the source's words) differ from the source's recorded "
    "words or stored text. An error when a number or a negation differs.",
    why=(
        "A quotation tells the reader 'these are the source's words'. An added 'Moreover', an '&' "
        "for 'and', a dropped 'not' or '12' for '2' puts words in the source's mouth. Only "
        "typography is forgiven (curly or straight quotes, dashes, spaces, '…' or '...'); an "
        "ellipsis may stand for words left out. Each cited source's words are its citation's "
        "recorded quotation or, when it has none, the text the base holds of the source "
        "(texts/KEY.txt, or the abstract). A passage in quotation marks unlike all of them is "
        "reported only when the base holds the words of every cited source."
    ),
    example='claim quote: "Moreover, it relieves pain for days & is well tolerated"; citation quote: '
    '"It relieves pain for days and is well tolerated"',
    fix=(
        "Quote the source's words exactly: mark words left out with an ellipsis and words added "
        "with square brackets, or print the passage as the article's own words without quotation "
        "marks. If the recorded quotation is what is wrong, correct it from the source."
    ),
)
def altered_quotation(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    for claim in ctx.claims.values():
        if not claim.quote or not claim.citations:
            continue
        explicit = presented_passages(claim.quote)
        originals, complete = _originals(ctx, claim, stored_texts=bool(explicit))
        if not originals:
            continue
        keys = tuple(dict.fromkeys(k for k, _, _ in originals))
        for passage in explicit or [claim.quote]:
            if any(found_in(passage, text) for _, _, text in originals):
                continue
            scored = [(closest_passage(passage, text), key, where) for key, where, text in originals]
            best, key, where = max(scored, key=lambda s: s[0].similarity if s[0] else -1.0)
            alike = best is not None and best.similarity >= SAME_PASSAGE
            # Unmarked words unlike any recorded passage are the article's own paraphrase; a
            # marked passage unlike them may come from a cited source whose words the base
            # does not hold. Neither is reported.
            if not alike and (not explicit or not complete):
                continue
            detail, changes = difference(passage, best)
            yield this.finding(
                claim.id,
                f"claim {claim.id!r} presents {_short(passage)!r} as the words of {key!r}, but they are "
                f"not in {where} {key!r}{detail}; quote the source's words exactly (an ellipsis for words "
                "left out, square brackets for words added) or drop the quotation marks",
                ctx.claim_location(claim.id),
                severity=_severity(changes),
                related=keys,
            )


def _originals(ctx: AuditContext, claim: Claim, stored_texts: bool) -> tuple[list[tuple[str, str, str]], bool]:
    """The source words a claim's quotation can be compared with, as (key, where, words): each
    citation's recorded quotation, else (with ``stored_texts``) the text the base holds of the
    source; and whether every cited source (not merely mentioned) has such words."""
    found: list[tuple[str, str, str]] = []
    complete = True
    for citation in claim.citations:
        if citation.stance is Stance.MENTIONS:
            continue
        if citation.quote:
            found.append((citation.source, "the quotation recorded for", citation.quote))
            continue
        stored = ctx.source_text(citation.source) if stored_texts else None
        if stored is None:
            complete = False
        else:
            found.append((citation.source, "the text the base holds of", stored.text))
    return found, complete


@rule(
    "KE020",
    "quotation-not-in-source",
    Severity.WARNING,
    summary="A citation's recorded quotation is not in the text the base holds of the source "
    "(texts/KEY.txt beside the .bib, or the entry's abstract). An error when the citation is "
    "marked 'verified' and the base holds the source's text in a file.",
    why=(
        "A recorded quotation is the evidence that the source says what the claim attributes to "
        "it. If the source's own text does not contain it, the quotation was mistyped, altered or "
        "taken from elsewhere, and a citation marked 'verified' was not verified against this "
        "text. The check is exact after typography, with an ellipsis splitting the quotation into "
        "parts that must appear in order; the closest passage shown is a suggestion only."
    ),
    example='"quote": "relief lasted 12 weeks" while texts/trial2020.txt says "relief lasted 2 weeks"',
    fix=(
        "Copy the quotation again from the source; if it comes from a part of the source the base "
        "does not hold (the abstract only), put the full text in texts/KEY.txt. Mark the citation "
        "'verified' only once the words are found."
    ),
)
def quotation_not_in_source(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    for claim in ctx.claims.values():
        for citation in claim.citations:
            if not citation.quote:
                continue
            stored = ctx.source_text(citation.source)
            if stored is None or found_in(citation.quote, stored.plain, plain=True):
                continue
            verified = citation.attribution is Attribution.VERIFIED
            detail, changes = difference(citation.quote, closest_passage(citation.quote, stored.plain))
            marked = " although the citation is marked verified" if verified else ""
            yield this.finding(
                claim.id,
                f"claim {claim.id!r}: the quotation recorded for {citation.source!r}, "
                f"{_short(citation.quote)!r}, is not in {stored.described}{marked}{detail}; "
                "copy the words again from the source"
                + ("" if stored.origin == "file" else ", or store its full text in texts/"
                   f"{citation.source}.txt if the words are outside the abstract"),
                ctx.claim_location(claim.id),
                severity=Severity.ERROR if verified and stored.origin == "file" else _severity(changes),
                related=(citation.source,),
            )
