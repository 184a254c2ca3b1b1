"""The source model: one BibTeX entry, its fields as written, and typed, decoded views.

Fields keep their text exactly as the file has it (after ``@string`` macros resolve); the
views (Unicode title, authors as names, DOI, PMID, year, study design, verification) are
computed on first use and cached, so loading a large file does not pay for them up front.

kevidence reads these custom fields:

``studydesign``   one id of :class:`kevidence.sources.evidence.StudyDesign` (e.g. ``narrative-review``)
``verified``      comma-separated field names checked against a publisher or index page
``ascited``       field names taken only from the citing article's reference list
``unverified``    field names nobody has confirmed
``cites``         comma-separated BibTeX keys of sources this one cites
``verifieddate``  the day the ``verified`` fields were last checked (ISO date)

``note`` is kevidence's editorial note about the source, not text for a printed reference.
:data:`KEVIDENCE_FIELDS` names them all (the plain BibTeX and CSL-JSON exports leave them out
of what a style prints).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, Generic, TypeVar, overload

from pydantic import BaseModel, ConfigDict, Field

from kevidence.sources.evidence import CEBMLevel, StudyDesign
from kevidence.sources.identifiers import normalize_doi, normalize_pmid, normalize_url
from kevidence.sources.latex import decode_latex
from kevidence.sources.names import Person, parse_names

T = TypeVar("T")


class cached_property(Generic[T]):
    """A view computed on first read and then stored on the instance, like
    :class:`functools.cached_property` but without its per-read lock (Python 3.11 takes a lock
    on every first read; an audit of a large base reads tens of thousands of views)."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> T | cached_property[T]:
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value
        return value


class FieldStatus(str, Enum):
    """How far a field of an entry has been confirmed."""

    VERIFIED = "verified"
    AS_CITED = "as-cited"
    UNVERIFIED = "unverified"


STATUS_FIELDS: dict[str, FieldStatus] = {
    "verified": FieldStatus.VERIFIED,
    "ascited": FieldStatus.AS_CITED,
    "unverified": FieldStatus.UNVERIFIED,
}

KEVIDENCE_FIELDS: frozenset[str] = frozenset({"studydesign", *STATUS_FIELDS, "cites", "verifieddate", "note"})
"""The fields kevidence keeps about a source for itself rather than for a printed reference."""

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_LIST_SPLIT = re.compile(r"[,;]")


def split_list(value: str | None) -> tuple[str, ...]:
    """Items of a comma- or semicolon-separated field value, stripped, empty ones dropped."""
    if not value:
        return ()
    return tuple(item.strip() for item in _LIST_SPLIT.split(value) if item.strip())


class Source(BaseModel):
    """One BibTeX entry with typed, decoded views of its fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached_property,), defer_build=True)

    key: str = Field(description="The BibTeX key.")
    entry_type: str = Field(description="The entry type in lower case, e.g. 'article', 'online'.")
    fields: Mapping[str, str] = Field(
        description="Field values as written (macros resolved, no LaTeX decoding), by lower-case name."
    )
    line: int | None = Field(default=None, description="1-based line of the entry in its file.")

    def field(self, name: str) -> str | None:
        """A field's value as written, or None."""
        return self.fields.get(name.lower())

    @cached_property
    def title(self) -> str | None:
        """The title as Unicode text."""
        value = self.fields.get("title")
        return decode_latex(value) if value is not None else None

    @cached_property
    def journal(self) -> str | None:
        """The journal (or container) title as Unicode text."""
        for name in ("journal", "journaltitle", "booktitle", "publisher", "organization", "institution"):
            value = self.fields.get(name)
            if value is not None:
                return decode_latex(value)
        return None

    @cached_property
    def authors(self) -> tuple[Person, ...]:
        """The authors as names (a corporate author is one literal name)."""
        value = self.fields.get("author")
        return parse_names(value) if value else ()

    @cached_property
    def editors(self) -> tuple[Person, ...]:
        value = self.fields.get("editor")
        return parse_names(value) if value else ()

    @cached_property
    def year(self) -> int | None:
        """The year of publication from ``year`` or ``date``."""
        for name in ("year", "date"):
            value = self.fields.get(name)
            if value:
                match = _YEAR.search(value)
                if match:
                    return int(match.group(1))
        return None

    @cached_property
    def doi(self) -> str | None:
        """The DOI in bare lower-case form (None if absent or malformed; see ``doi_raw``)."""
        value = self.fields.get("doi")
        return normalize_doi(value) if value else None

    @property
    def doi_raw(self) -> str | None:
        return self.fields.get("doi")

    @cached_property
    def pmid(self) -> str | None:
        """The PubMed id (None if absent or malformed)."""
        value = self.fields.get("pmid")
        return normalize_pmid(value) if value else None

    @cached_property
    def url(self) -> str | None:
        """The URL (None if absent or not an absolute http(s) URL)."""
        value = self.fields.get("url")
        return normalize_url(value) if value else None

    @cached_property
    def keywords(self) -> tuple[str, ...]:
        return tuple(decode_latex(k) for k in split_list(self.fields.get("keywords")))

    @cached_property
    def study_design(self) -> StudyDesign | None:
        """The study design from the ``studydesign`` field (None if absent or not a known id)."""
        value = self.fields.get("studydesign")
        if not value:
            return None
        try:
            return StudyDesign(value.strip().lower())
        except ValueError:
            return None

    @property
    def design_unverified(self) -> bool:
        """Whether the ``studydesign`` field is listed in ``unverified``."""
        return self.verification.get("studydesign") is FieldStatus.UNVERIFIED

    @property
    def supportable_level(self) -> CEBMLevel | None:
        """The CEBM 2011 level this source can support by its own design (None: none).

        A design marked unverified supports no level: nobody has confirmed the source is what
        the field says, so it cannot lend a claim that design's strength.
        """
        design = self.study_design
        if design is None or self.design_unverified:
            return None
        return design.supportable_level

    @cached_property
    def cites(self) -> tuple[str, ...]:
        """Keys of the sources this one cites (the ``cites`` field)."""
        return split_list(self.fields.get("cites"))

    @cached_property
    def verification(self) -> Mapping[str, FieldStatus]:
        """Field name -> how far it is confirmed, from ``verified``/``ascited``/``unverified``."""
        statuses: dict[str, FieldStatus] = {}
        for list_field, status in STATUS_FIELDS.items():
            for name in split_list(self.fields.get(list_field)):
                statuses[name.lower()] = status
        return statuses

    @property
    def unverified_fields(self) -> tuple[str, ...]:
        """Names of fields marked unverified."""
        return tuple(n for n, s in self.verification.items() if s is FieldStatus.UNVERIFIED)

    def __str__(self) -> str:
        first = self.authors[0].family if self.authors else "?"
        return f"{self.key}: {first} ({self.year or 'n.d.'}) {self.title or ''}".rstrip()


