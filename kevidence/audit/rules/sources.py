"""Rules about the bibliography: entries used, unique, complete, well-identified, confirmed,
current and parseable."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from kevidence.audit.context import AuditContext
from kevidence.audit.model import Finding, Severity
from kevidence.audit.registry import Rule, rule
from kevidence.claims.model import Attribution
from kevidence.errors import Location
from kevidence.sources.evidence import StudyDesign
from kevidence.sources.identifiers import normalize_doi, normalize_pmid, normalize_url
from kevidence.sources.model import Source
from kevidence.text import normalize_text

DEFAULT_STALE_YEARS = 10

# Each required field is a tuple of alternatives (BibTeX or biblatex spelling).
_AUTHOR = ("author",)
_TITLE = ("title",)
_YEAR = ("year", "date")
REQUIRED_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "article": (_AUTHOR, _TITLE, ("journal", "journaltitle"), _YEAR),
    "book": (("author", "editor"), _TITLE, ("publisher",), _YEAR),
    "inbook": (("author", "editor"), _TITLE, ("chapter", "pages"), ("publisher",), _YEAR),
    "incollection": (_AUTHOR, _TITLE, ("booktitle",), ("publisher",), _YEAR),
    "inproceedings": (_AUTHOR, _TITLE, ("booktitle",), _YEAR),
    "conference": (_AUTHOR, _TITLE, ("booktitle",), _YEAR),
    "phdthesis": (_AUTHOR, _TITLE, ("school", "institution"), _YEAR),
    "mastersthesis": (_AUTHOR, _TITLE, ("school", "institution"), _YEAR),
    "thesis": (_AUTHOR, _TITLE, ("school", "institution"), _YEAR),
    "techreport": (_AUTHOR, _TITLE, ("institution",), _YEAR),
    "report": (_AUTHOR, _TITLE, ("institution",), _YEAR),
    "online": (_TITLE, ("url",)),
    "electronic": (_TITLE, ("url",)),
    "www": (_TITLE, ("url",)),
    "manual": (_TITLE,),
    "unpublished": (_AUTHOR, _TITLE, ("note",)),
    "misc": (_TITLE,),
}
# A @misc entry that is a web page needs a URL like an @online one.
_WEB_DESIGNS = frozenset({StudyDesign.WEB_PAGE, StudyDesign.PATIENT_INFORMATION})


def _used_keys(ctx: AuditContext) -> set[str]:
    """Keys cited by a claim, or cited by a source that is itself used (reviews' studies)."""
    sources = ctx.sources
    used = set(ctx.cited_keys())
    frontier = [key for key in used if key in sources and sources[key].cites]
    while frontier:
        for cited in sources[frontier.pop()].cites:
            if cited not in used:
                used.add(cited)
                if cited in sources and sources[cited].cites:
                    frontier.append(cited)
    return used


@rule(
    "KE003",
    "unused-source",
    Severity.WARNING,
    summary="A .bib entry that no claim cites (directly, or through a source that cites it).",
    why=(
        "An entry nobody cites is either a reference the article lost (a claim lacks its "
        "source) or dead weight that misleads whoever counts the evidence."
    ),
    example="references.bib holds smith2015, and no claim's citations name it",
    fix="Cite it from the claim it supports, or delete the entry.",
)
def unused_source(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    used = _used_keys(ctx)
    for key in ctx.sources:
        if key not in used:
            yield this.finding(
                key,
                f"entry {key!r} is cited by no claim; cite it where it supports a claim, or delete it",
                ctx.source_location(key),
            )


@rule(
    "KE004",
    "duplicate-source",
    Severity.WARNING,
    summary="Two .bib entries for one work: same DOI, same PMID, or same title and year.",
    why=(
        "Two keys for one study make it count twice: a claim looks better supported than it "
        "is, and corrections made to one entry miss the other."
    ),
    example="maher2017 and maher2017b both have doi = {10.1213/ANE.0000000000001787}",
    fix="Keep one entry, point every citation at its key, and delete the other.",
)
def duplicate_source(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    seen: dict[tuple[str, str], str] = {}
    reported: set[tuple[str, str]] = set()
    for key, source in ctx.sources.items():
        for kind, value in _identity(source):
            first = seen.setdefault((kind, value), key)
            if first == key or (first, key) in reported:
                continue
            reported.add((first, key))
            yield this.finding(
                key,
                f"entry {key!r} is the same work as {first!r} ({kind}); keep one entry and cite its key",
                ctx.source_location(key),
                related=(first,),
            )


def _identity(source: Source) -> Iterable[tuple[str, str]]:
    if source.doi:
        yield "same DOI", source.doi
    if source.pmid:
        yield "same PMID", source.pmid
    if source.title and source.year:
        title = normalize_text(source.title)
        if title:
            yield "same title and year", f"{title}|{source.year}"


def _is_web_page(source: Source) -> bool:
    return (
        source.study_design in _WEB_DESIGNS
        or "url" in source.fields
        or "urldate" in source.fields
        or "url" in source.verification
    )


def required_fields(source: Source) -> tuple[tuple[str, ...], ...]:
    """The fields an entry of this type needs, each as its accepted spellings."""
    required = REQUIRED_FIELDS.get(source.entry_type, (_TITLE,))
    if source.entry_type == "misc" and _is_web_page(source):
        required = (*required, ("url",))
    return required


@rule(
    "KE006",
    "missing-field",
    Severity.WARNING,
    summary="An entry lacks a field its type requires (article: author, title, journal, year; "
    "online and web-page misc: title and url; book, thesis, report, proceedings likewise).",
    why=(
        "A reference a patient or editor cannot find is no reference: without its journal, year "
        "or URL nobody can check the claim against it."
    ),
    example="@article{smith2015, author = {Smith, J.}, title = {...}, year = {2015}} has no journal",
    fix=(
        "Add the field from the publisher's page and list it in 'verified'. If it is recorded "
        "as unverified, find and confirm it first."
    ),
)
def missing_field(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    for key, source in ctx.sources.items():
        for spellings in required_fields(source):
            if any((source.fields.get(name) or "").strip() for name in spellings):
                continue
            name = spellings[0]
            unverified = any(n in source.unverified_fields for n in spellings)
            note = (
                f"; it is recorded as unverified: find the {name}, confirm it and add it"
                if unverified else f"; add the {name}"
            )
            yield this.finding(
                key,
                f"@{source.entry_type} entry {key!r} has no {' or '.join(spellings)}{note}",
                ctx.source_location(key),
            )


@rule(
    "KE007",
    "invalid-identifier",
    Severity.ERROR,
    summary="A DOI, PMID or URL that is not well-formed.",
    why="A malformed identifier sends the reader nowhere, or to the wrong paper.",
    example="doi = {10.1213/ANE 0000000000001787} (a space), pmid = {PMID 2874x507}, url = {www.example.org}",
    fix="Copy the identifier again from the publisher or PubMed page: DOIs start '10.', PMIDs are digits, URLs start 'https://'.",
)
def invalid_identifier(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    checks = (
        ("doi", normalize_doi, "a DOI looks like 10.1213/ANE.0000000000001787"),
        ("pmid", normalize_pmid, "a PMID is digits only, e.g. 28743507"),
        ("url", normalize_url, "a URL is absolute, e.g. https://example.org/page"),
    )
    for key, source in ctx.sources.items():
        for name, check, shape in checks:
            value = source.fields.get(name)
            if value is None or check(value) is not None:
                continue
            yield this.finding(
                key,
                f"entry {key!r} has a malformed {name.upper()} {value!r}; {shape}",
                ctx.source_location(key),
            )


@rule(
    "KE008",
    "unverified-metadata",
    Severity.WARNING,
    summary="An entry has fields marked unverified, or a citation's attribution is 'unverified' "
    "(someone looked in the source and could not confirm what the claim attributes to it).",
    why=(
        "Unconfirmed metadata may point at the wrong work, and a passage nobody could find in "
        "the source means the claim may misrepresent it. Citations nobody has checked yet "
        "('unchecked') are not reported: that is work not yet done, not a doubt."
    ),
    example='unverified = {url} on an entry; "attribution": "unverified" on a citation',
    fix=(
        "Confirm the fields against the publisher or index page and move them to 'verified'; "
        "find the passage in the source (then mark the citation 'verified') or cite a source that says it."
    ),
)
def unverified_metadata(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    for key, source in ctx.sources.items():
        fields = source.unverified_fields
        if fields:
            yield this.finding(
                key,
                f"entry {key!r} has unverified fields: {', '.join(fields)}; "
                "confirm them against the publisher or index page",
                ctx.source_location(key),
            )
    for claim in ctx.claims.values():
        for citation in claim.citations:
            if citation.attribution is Attribution.UNVERIFIED:
                why = f" ({citation.note.rstrip('.')})" if citation.note else ""
                yield this.finding(
                    claim.id,
                    f"claim {claim.id!r}: what it attributes to {citation.source!r} is not confirmed "
                    f"in the source{why}; find the passage or cite a source that says it",
                    ctx.claim_location(claim.id),
                    related=(citation.source,),
                )


@rule(
    "KE013",
    "stale-source",
    Severity.WARNING,
    summary="A cited source is older than the configured number of years (setting 'stale-years', default 10).",
    why=(
        "Clinical evidence moves: an old review may have been superseded by trials that change "
        "the answer a patient reads."
    ),
    example="stale-years = 10 and a claim cites a 2009 review in 2025",
    fix="Look for newer evidence and cite it; if the old source is still the best, raise 'stale-years' or suppress with a reason.",
)
def stale_source(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    years = int(ctx.setting("stale-years", DEFAULT_STALE_YEARS))
    today = ctx.setting("today") or date.today()
    this_year = today.year if isinstance(today, date) else int(today)
    for key, source in ctx.sources.items():
        if source.year is None:
            continue
        age = this_year - source.year
        if age > years:
            yield this.finding(
                key,
                f"entry {key!r} is from {source.year}, {age} years old (more than {years}); "
                "look for newer evidence",
                ctx.source_location(key),
            )


_KEY_IN_MESSAGE = re.compile(r"(?:key|entry) '([^']+)'")


@rule(
    "KE016",
    "bib-parse-error",
    Severity.ERROR,
    summary="A .bib block could not be read (shown when loading leniently, 'kevidence audit --lenient').",
    why=(
        "An entry that does not parse is invisible to every other check: its claims look "
        "unsourced or dangling, and the published reference may be broken too."
    ),
    example="@article{smith2015, title = {Unclosed brace, year = 2015}",
    fix="Fix the braces, quotes and commas of the block at the line shown.",
)
def bib_parse_error(ctx: AuditContext, this: Rule) -> Iterable[Finding]:
    for problem in ctx.load_problems:
        match = _KEY_IN_MESSAGE.search(problem.message)
        where = problem.location
        subject = match.group(1) if match else f"{where.file or 'bib'}:{where.line or '?'}"
        message = problem.message + (f"; {problem.hint}" if problem.hint else "")
        yield this.finding(subject, message, Location(where.file, where.line))
