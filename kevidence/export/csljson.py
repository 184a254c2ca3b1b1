"""CSL-JSON: every source as an item of the Citation Style Language's data schema.

Reference managers (Zotero), pandoc (``--citeproc``) and every citeproc read it. Names,
dates, identifiers and titles come from the decoded views of :class:`kevidence.Source`
(LaTeX decoded); kevidence's own fields (study design, the level it supports, what is
verified, what a source cites, what it is about for the facet-mismatch rule, the editorial
note) go under ``custom``, where the schema
keeps data of other programs. The BibTeX note is not CSL's ``note``: styles print that one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any

from kevidence.claims.facets import FACETS
from kevidence.sources.latex import decode_latex
from kevidence.sources.model import STATUS_FIELDS, Source, split_list
from kevidence.sources.names import Person

if TYPE_CHECKING:
    from kevidence.export import ExportOptions
    from kevidence.kb import KnowledgeBase

# BibTeX (and biblatex) entry types -> CSL item types. Anything else is a "document" (a
# ``"type": ""`` is not valid CSL).
CSL_TYPES: Mapping[str, str] = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "manual": "report",
    "report": "report",
    "techreport": "report",
    "thesis": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "unpublished": "manuscript",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "dataset": "dataset",
    "software": "software",
    "patent": "patent",
    "standard": "standard",
    "periodical": "periodical",
    "misc": "document",
}

MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for name in names}

# Fields copied as decoded text: BibTeX name -> CSL variable.
TEXT_FIELDS: Mapping[str, str] = {
    "volume": "volume",
    "number": "issue",
    "edition": "edition",
    "abstract": "abstract",
    "isbn": "ISBN",
    "issn": "ISSN",
    "pmcid": "PMCID",
    "language": "language",
    "series": "collection-title",
    "address": "publisher-place",
    "location": "publisher-place",
    "school": "publisher",
    "institution": "publisher",
    "publisher": "publisher",
    "organization": "publisher",
    "type": "genre",
    "chapter": "chapter-number",
    "howpublished": "medium",
    "eventtitle": "event-title",
    "version": "version",
    "shorttitle": "title-short",
    "shortjournal": "container-title-short",
}
CONTAINER_FIELDS = ("journal", "journaltitle", "booktitle")
_ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_RANGE_DASH = re.compile(r"\s*(?:--+|[\u2013\u2014])\s*")


def written_doi(source: Source) -> str | None:
    """The DOI as the entry writes it, without a resolver prefix (None if absent or malformed).

    DOIs are case-insensitive; the written case is kept because it is what the publisher shows.
    """
    if source.doi is None:
        return None
    written = (source.doi_raw or "").strip()
    start = written.lower().rfind(source.doi)
    return written[start:start + len(source.doi)] if start >= 0 else source.doi


def csl_name(person: Person) -> dict[str, str]:
    """A decoded name as a CSL name: family, given, particle and suffix, or a literal name."""
    if person.literal:
        return {"literal": person.family}
    name = {"family": person.family}
    if person.given:
        name["given"] = person.given
    if person.von:
        name["non-dropping-particle"] = person.von
    if person.suffix:
        name["suffix"] = person.suffix
    return name


def csl_date(source: Source) -> dict[str, Any] | None:
    """The date of issue as CSL date parts, from ``date`` (ISO) or ``year`` and ``month``."""
    date = source.fields.get("date")
    if date:
        match = _ISO_DATE.match(date)
        if match:
            return {"date-parts": [[int(part) for part in match.groups() if part]]}
    if source.year is None:
        return None
    parts = [source.year]
    month = (source.fields.get("month") or "").strip().lower().rstrip(".")
    number = MONTHS.get(month) or (int(month) if month.isdigit() and 1 <= int(month) <= 12 else None)
    if number:
        parts.append(number)
    return {"date-parts": [parts]}


def csl_item(source: Source) -> dict[str, Any]:
    """One source as a CSL-JSON item (valid against the CSL data schema)."""
    fields = source.fields
    item: dict[str, Any] = {"id": source.key, "citation-key": source.key,
                            "type": CSL_TYPES.get(source.entry_type, "document")}
    authors = [p for p in source.authors if not p.is_others]
    if authors:
        item["author"] = [csl_name(p) for p in authors]
    editors = [p for p in source.editors if not p.is_others]
    if editors:
        item["editor"] = [csl_name(p) for p in editors]
    if source.title is not None:
        item["title"] = source.title
    container = next((fields[n] for n in CONTAINER_FIELDS if n in fields), None)
    if container is not None:
        item["container-title"] = decode_latex(container)
    for name, variable in TEXT_FIELDS.items():
        value = fields.get(name)
        if value is not None and variable not in item:
            item[variable] = decode_latex(value)
    pages = fields.get("pages")
    if pages is not None:
        item["page"] = _RANGE_DASH.sub("-", decode_latex(pages.replace("--", "-")))
    issued = csl_date(source)
    if issued is not None:
        item["issued"] = issued
    doi = written_doi(source)
    if doi:
        item["DOI"] = doi
    if source.pmid:
        item["PMID"] = source.pmid
    if source.url:
        item["URL"] = source.url
    accessed = _ISO_DATE.match(fields.get("urldate") or "")
    if accessed:
        item["accessed"] = {"date-parts": [[int(p) for p in accessed.groups() if p]]}
    if source.keywords:
        item["keyword"] = ", ".join(source.keywords)
    custom = kevidence_fields(source)
    if custom:
        item["custom"] = custom
    return item


#: The BibTeX fields that say what a source is about, one per facet that has one (see
#: :attr:`kevidence.claims.facets.ClaimFacet.source_field`): kept under ``custom``.
SOURCE_FACET_FIELDS: tuple[str, ...] = tuple(f.source_field for f in FACETS if f.source_field)


def kevidence_fields(source: Source) -> dict[str, Any]:
    """kevidence's own data about a source, for the item's ``custom`` object."""
    custom: dict[str, Any] = {"bibtex-type": source.entry_type}
    design = source.study_design
    if design is not None:
        custom["study-design"] = design.value
        if design.supportable_level is not None:
            custom["supportable-level"] = int(design.supportable_level)
    for name in STATUS_FIELDS:
        listed = split_list(source.fields.get(name))
        if listed:
            custom[name] = list(listed)
    if source.cites:
        custom["cites"] = list(source.cites)
    for name in SOURCE_FACET_FIELDS:  # what the source is about (the facet-mismatch rule reads it)
        listed = split_list(source.fields.get(name))
        if listed:
            custom[name] = [decode_latex(item) for item in listed]
    note = source.fields.get("note")
    if note is not None:
        custom["note"] = decode_latex(note)
    return custom


def write_csl_json(kb: KnowledgeBase, stream: IO[str], options: ExportOptions) -> None:
    """Write every source of the base as a CSL-JSON array, one item at a time."""
    stream.write("[")
    first = True
    for source in kb.sources.values():
        stream.write("\n  " if first else ",\n  ")
        stream.write(json.dumps(csl_item(source), ensure_ascii=False))
        first = False
    stream.write("\n]\n" if not first else "]\n")
