"""Comparing a BibTeX entry with the registries' records of its DOI and PMID. Pure: no I/O.

Fields are compared after a fixed normalisation, never by similarity: title and journal
(Unicode, case folded, accents, punctuation and dashes dropped, ``&`` read as ``and``), year
(any year the record dates the paper by: print, online), first author's family name, volume,
issue, pages (``661--674`` = ``661-674`` = ``661-74``), and the DOI and PMID linking the two
registries. What the registries say is gathered in :class:`SourceLookup` records (one per
entry) that the audit's lookup rules read from the ``lookups`` setting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from kevidence.sources.model import Source
from kevidence.sources.registry import Notice, Record

#: Fields whose disagreement suggests the identifier names another paper.
IDENTITY_FIELDS = frozenset({"title", "author", "doi", "pmid"})
COMPARED_FIELDS = ("title", "author", "journal", "year", "volume", "number", "pages", "doi", "pmid")


@dataclass(frozen=True)
class SourceLookup:
    """What the registries answered about one entry's identifiers."""

    key: str
    records: tuple[Record, ...] = ()
    not_found: tuple[tuple[str, str], ...] = ()  # (registry, identifier) the registry does not know
    linked_pmid: str | None = None  # the PMID whose PubMed record lists the entry's DOI
    link_searched: bool = False  # whether PubMed was searched for the entry's DOI


@dataclass(frozen=True)
class Lookups:
    """The lookups of a verification run, by BibTeX key (the audit's ``lookups`` setting)."""

    by_key: Mapping[str, SourceLookup] = field(default_factory=dict)
    day: str = ""  # the day the records were read (ISO date)

    def __len__(self) -> int:
        return len(self.by_key)


@dataclass(frozen=True)
class FieldCheck:
    """One field of an entry compared with one record."""

    field: str
    ours: str
    theirs: str
    record: Record
    agrees: bool


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normal_title(text: str) -> str:
    """A title for comparison: case, accents, punctuation, dashes and spacing dropped.

    >>> normal_title("Ketamine for Pain Management—Side Effects & Potential Adverse Events.")
    'ketamine for pain management side effects and potential adverse events'
    """
    folded = _fold(text).replace("&", " and ")
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


def normal_journal(text: str) -> str:
    """A journal name for comparison: as a title, without a leading "the" or a MEDLINE subtitle.

    >>> normal_journal("Pain management nursing : official journal of the American Society of Pain Management Nurses")
    'pain management nursing'
    """
    main = text.split(" : ", 1)[0]
    name = normal_title(main)
    return name.removeprefix("the ")


def normal_pages(text: str) -> str:
    """Pages for comparison, the end page written out in full.

    >>> normal_pages("661--674"), normal_pages("661-74"), normal_pages("e123")
    ('661-674', '661-674', 'e123')
    """
    parts = [p.strip() for p in re.split(r"\s*(?:-+|[\u2010-\u2015])\s*", text.strip().casefold()) if p.strip()]
    if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit() and len(parts[1]) < len(parts[0]):
        parts[1] = parts[0][: len(parts[0]) - len(parts[1])] + parts[1]
    return "-".join(parts)


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


def compare_source(source: Source, lookup: SourceLookup) -> list[FieldCheck]:
    """Every comparison of the entry's fields with the records about it."""
    checks: list[FieldCheck] = []
    for record in lookup.records:
        own = list(_compare_record(source, record))
        identity = _identity(source, record, own)
        checks.extend(own if identity is None else [*own, identity])
    if source.pmid and lookup.link_searched and lookup.linked_pmid:
        pubmed = next((r for r in lookup.records if r.pmid == lookup.linked_pmid), None)
        if pubmed is not None:
            checks.append(FieldCheck("pmid", source.pmid, lookup.linked_pmid, pubmed,
                                     source.pmid == lookup.linked_pmid))
    return checks


def _compare_record(source: Source, record: Record) -> Iterator[FieldCheck]:
    def check(name: str, ours: str | None, theirs: str | None, same: Callable[[str, str], bool]) -> Iterator[FieldCheck]:
        if ours and theirs:
            yield FieldCheck(name, ours, theirs, record, same(ours, theirs))

    def equal_by(normal: Callable[[str], str]) -> Callable[[str, str], bool]:
        return lambda a, b: normal(a) == normal(b)

    yield from check("title", source.title, record.title, equal_by(normal_title))
    if source.journal and record.journal_names:
        ours = normal_journal(source.journal)
        names = {normal_journal(n) for n in record.journal_names}
        yield FieldCheck("journal", source.journal, record.journal or record.journal_names[0], record, ours in names)
    years = record.years or ((record.year,) if record.year else ())
    if source.year is not None and years:
        shown = " or ".join(str(y) for y in years)
        yield FieldCheck("year", str(source.year), shown, record, source.year in years)
    first = next((p for p in source.authors if not p.is_others), None)
    if first is not None and record.authors:
        ours_name = " ".join(part for part in (first.von, first.family) if part)
        theirs_name = record.authors[0].family
        yield FieldCheck("author", ours_name, theirs_name, record, _fold(ours_name) == _fold(theirs_name))
    yield from check("volume", source.field("volume"), record.volume, equal_by(_plain))
    yield from check("number", source.field("number") or source.field("issue"), record.issue, equal_by(_plain))
    yield from check("pages", source.field("pages"), record.pages, equal_by(normal_pages))
    if record.registry == "PubMed" and source.doi and record.doi:
        # PubMed lists the paper's DOI: the link between the two identifiers is checked.
        yield FieldCheck("doi", source.doi, record.doi, record, source.doi == record.doi)


def _identity(source: Source, record: Record, checks: list[FieldCheck]) -> FieldCheck | None:
    """The identifier the record was asked by, verified when the record is that paper: its
    title and first author agree (and, for PubMed, the DOI it lists is the entry's)."""
    same_paper = [c.agrees for c in checks if c.field in ("title", "author", "doi")]
    if not same_paper or not all(same_paper):
        return None  # a disagreement is reported field by field; the identifier stays unverified
    if record.registry == "PubMed" and source.pmid and record.identifier == source.pmid:
        return FieldCheck("pmid", source.pmid, record.pmid or record.identifier, record, True)
    if record.registry != "PubMed" and source.doi and record.identifier == source.doi:
        return FieldCheck("doi", source.doi, record.doi or record.identifier, record, True)
    return None


def agreeing_fields(checks: list[FieldCheck]) -> list[str]:
    """Fields compared at least once and agreeing every time, in :data:`COMPARED_FIELDS` order."""
    seen: dict[str, bool] = {}
    for item in checks:
        seen[item.field] = seen.get(item.field, True) and item.agrees
    return [name for name in COMPARED_FIELDS if seen.get(name)]


def notices(lookup: SourceLookup) -> list[Notice]:
    """The notices of every record about the entry, each once."""
    found: dict[tuple[str, str | None, str], Notice] = {}
    for record in lookup.records:
        for notice in record.notices:
            found.setdefault((notice.kind.value, notice.notice_doi, notice.registry), notice)
    return list(found.values())


def abstract_of(lookup: SourceLookup) -> str | None:
    """The abstract the records give (PubMed's first: it is plain text as published)."""
    ordered = sorted(lookup.records, key=lambda r: r.registry != "PubMed")
    return next((r.abstract for r in ordered if r.abstract), None)
