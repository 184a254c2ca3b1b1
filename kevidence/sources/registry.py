"""What a registry says about a paper: one :class:`Record` per registry answer.

Crossref and PubMed describe the same paper in different shapes; both are read into this one
model (title, journal, authors, dates, volume, pages, identifiers, abstract, publication
types, and the retraction or correction notices attached to the record).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class NoticeKind(str, Enum):
    """What a notice attached to a record says about the paper."""

    RETRACTION = "retraction"
    WITHDRAWAL = "withdrawal"
    EXPRESSION_OF_CONCERN = "expression of concern"
    CORRECTION = "correction"
    IS_NOTICE = "is a notice"  # the record is itself a retraction or correction notice

    @property
    def serious(self) -> bool:
        return self in (NoticeKind.RETRACTION, NoticeKind.WITHDRAWAL, NoticeKind.IS_NOTICE)


@dataclass(frozen=True)
class Notice:
    """A retraction, correction or concern attached to a record, as the registry states it."""

    kind: NoticeKind
    label: str  # the registry's own words, e.g. 'retraction' or 'Retracted Publication'
    registry: str
    notice_doi: str | None = None
    date: str | None = None

    def describe(self) -> str:
        parts = [f"'{self.label}' in {self.registry}"]
        if self.notice_doi:
            parts.append(f"notice {self.notice_doi}")
        if self.date:
            parts.append(self.date)
        return ", ".join(parts)


@dataclass(frozen=True)
class Author:
    """An author as the registry names them: family name and given names or initials."""

    family: str
    given: str = ""
    suffix: str = ""
    literal: bool = False  # an organisation: ``family`` is its whole name


@dataclass(frozen=True)
class Record:
    """One registry's metadata about one paper."""

    registry: str  # 'Crossref' or 'PubMed'
    identifier: str  # the DOI or PMID asked for
    doi: str | None = None  # bare and lower case, for comparison
    doi_text: str | None = None  # as the registry writes it
    pmid: str | None = None
    entry_type: str = "article"
    title: str | None = None
    journal: str | None = None
    journal_names: tuple[str, ...] = ()  # every name of the journal the record gives (full, abbreviated)
    authors: tuple[Author, ...] = ()
    year: int | None = None
    years: tuple[int, ...] = ()  # every year the record dates the paper by (print, online, issue)
    month: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    abstract: str | None = None
    publication_types: tuple[str, ...] = ()
    notices: tuple[Notice, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        """``Crossref 10.1213/...`` or ``PubMed 31082965``: which record, in messages."""
        return f"{self.registry} {self.identifier}"
