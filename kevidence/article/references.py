"""Matching the article's reference list to the ``.bib``: DOI or PMID exactly, else title (or an
organisation named as author),
authors and year, accepted only with a clear margin over the runner-up (never a guess)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from kevidence.article.model import ReferenceEntry
from kevidence.sources.model import FieldStatus, Source
from kevidence.text.normalise import typography

DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+", re.IGNORECASE)
PMID = re.compile(r"PMID:?\s*(\d{1,8})\b", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_NON_WORD = re.compile(r"[^\w]+")
_QUOTED_TITLE = re.compile(r"[\u201c\"]([^\u201d\"]{8,})[\u201d\"]")
#: A title match needs this score (0-100) ...
TITLE_SCORE = 85
#: ... and this lead over the next-best entry; less is ambiguous.
MARGIN = 8
#: Titles of fewer words than this match only with the author or the year agreeing too.
SHORT_TITLE_WORDS = 4
MATCHES = ("doi", "pmid", "title", "author", "none", "ambiguous")


@dataclass(frozen=True)
class ReferenceMatch:
    """How one reference-list entry maps to a ``.bib`` key."""

    entry: ReferenceEntry
    key: str | None
    match: str
    """One of :data:`MATCHES`."""
    score: float = 0.0
    candidates: tuple[str, ...] = ()
    """For 'ambiguous': the keys that scored alike; for 'none': the nearest key, if any."""
    disagreements: tuple[str, ...] = field(default=())
    """Verified fields of the matched entry that the list entry contradicts."""


def clean_doi(text: str) -> str:
    """A DOI as found in prose, without trailing punctuation, lower-cased."""
    return text.rstrip(".,;:)]}>'\u201d\"").lower()


def match_reference(entry: ReferenceEntry, sources: Mapping[str, Source]) -> ReferenceMatch:
    """The ``.bib`` key of one entry, with how it was matched."""
    if entry.key is not None and entry.key in sources:
        return _checked(entry, sources[entry.key], "doi" if sources[entry.key].doi else "title", 100.0)
    found_doi = DOI.search(entry.text)
    if found_doi:
        wanted = clean_doi(found_doi.group())
        for source in sources.values():
            if source.doi and source.doi.lower() == wanted:
                return _checked(entry, source, "doi", 100.0)
    found_pmid = PMID.search(entry.text)
    if found_pmid:
        for source in sources.values():
            if source.pmid and source.pmid.lstrip("0") == found_pmid.group(1).lstrip("0"):
                return _checked(entry, source, "pmid", 100.0)
    found = _by_title(entry, sources)
    if found.match == "none":
        return _by_organisation(entry, sources) or found
    return found


def _by_organisation(entry: ReferenceEntry, sources: Mapping[str, Source]) -> ReferenceMatch | None:
    """The one entry whose author is an organisation ('{Stanford Health Care}') the list entry
    names as a whole, the year agreeing when several do; None unless exactly one fits."""
    text = f" {' '.join(_NON_WORD.sub(' ', typography(entry.text).lower()).split())} "
    named = []
    for key, source in sources.items():
        first = next((p for p in source.authors if not p.is_others), None)
        if first is None or not first.literal:
            continue
        name = " ".join(_NON_WORD.sub(" ", typography(first.family).lower()).split())
        if name and f" {name} " in text:
            named.append(key)
    if len(named) > 1:
        years = {int(y) for y in YEAR.findall(entry.text)}
        named = [k for k in named if sources[k].year in years]
    return _checked(entry, sources[named[0]], "author", 100.0) if len(named) == 1 else None


def _by_title(entry: ReferenceEntry, sources: Mapping[str, Source]) -> ReferenceMatch:
    text = typography(entry.text)
    quoted = _QUOTED_TITLE.search(text)
    years = {int(y) for y in YEAR.findall(text)}
    scored: list[tuple[float, str]] = []
    for key, source in sources.items():
        title = typography(source.title or "")
        if not title:
            continue
        if quoted:
            score = fuzz.ratio(title, quoted.group(1), processor=default_process)
        else:
            score = fuzz.token_set_ratio(title, text, processor=default_process)
            # Length guard: a short title scores 100 inside any entry holding its words.
            words = len(default_process(title).split())
            if words and len(default_process(text).split()) > 3 * words + 12:
                score = min(score, fuzz.partial_ratio(title, text, processor=default_process))
        agree = int(_author_agrees(source, text)) + int(source.year in years)
        if len(title.split()) < SHORT_TITLE_WORDS and agree == 0:
            score = min(score, TITLE_SCORE - 1)
        scored.append((score + 2 * agree, key))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < TITLE_SCORE:
        nearest = (scored[0][1],) if scored and scored[0][0] >= 60 else ()
        return ReferenceMatch(entry, None, "none", min(scored[0][0], 100.0) if scored else 0.0, nearest)
    best_score, best_key = scored[0]
    rivals = tuple(k for s, k in scored[1:] if best_score - s < MARGIN)
    if rivals:
        return ReferenceMatch(entry, None, "ambiguous", min(best_score, 100.0), (best_key, *rivals))
    return _checked(entry, sources[best_key], "title", min(best_score, 100.0))


def _author_agrees(source: Source, text: str) -> bool:
    authors = [p for p in source.authors if not p.is_others]
    if not authors:
        return False
    family = typography(authors[0].family).lower()
    return bool(family) and family in text.lower()


def _checked(entry: ReferenceEntry, source: Source, how: str, score: float) -> ReferenceMatch:
    """The match, with the verified fields that the entry's text contradicts."""
    text = typography(entry.text)
    verified = {name for name, status in source.verification.items() if status is FieldStatus.VERIFIED}
    disagreements: list[str] = []
    years = {int(y) for y in YEAR.findall(text)}
    if "year" in verified and source.year is not None and years and source.year not in years:
        disagreements.append(f"year: the list has {', '.join(map(str, sorted(years)))}, the verified year is {source.year}")
    if "author" in verified and source.authors and not _author_agrees(source, text):
        first = source.authors[0].family
        disagreements.append(f"author: the list does not name {first}, the verified first author")
    listed_doi = DOI.search(text)
    if "doi" in verified and source.doi and listed_doi and clean_doi(listed_doi.group()) != source.doi.lower():
        disagreements.append(f"doi: the list has {clean_doi(listed_doi.group())}, the verified DOI is {source.doi}")
    if "title" in verified and source.title:
        title = typography(source.title)
        quoted = _QUOTED_TITLE.search(text)
        found = quoted.group(1) if quoted else text
        scorer = fuzz.ratio if quoted else fuzz.partial_ratio
        similarity = scorer(title, found, processor=default_process)
        if similarity < TITLE_SCORE:
            disagreements.append(f"title: the verified title is {source.title!r}")
    return ReferenceMatch(entry, source.key, how, score, disagreements=tuple(disagreements))


def match_references(entries: list[ReferenceEntry], sources: Mapping[str, Source]) -> list[ReferenceMatch]:
    """Each entry's match, in list order."""
    return [match_reference(entry, sources) for entry in entries]


def linked_key(key: str, sources: Mapping[str, Source]) -> str:
    """The ``.bib`` key a link marker's key ('doi:10.1/x', 'pmid:123') names, else ``key`` itself."""
    kind, _, value = key.partition(":")
    if kind == "doi" and value:
        wanted = clean_doi(value)
        return next((k for k, s in sources.items() if s.doi and s.doi.lower() == wanted), key)
    if kind == "pmid" and value:
        return next((k for k, s in sources.items() if s.pmid and s.pmid.lstrip("0") == value.lstrip("0")), key)
    return key
