"""RIS, the tagged format every reference manager reads and writes (Zotero, EndNote, Mendeley, JabRef).

Export: each source one record, ``TY`` first and ``ER`` last. The tags are those Zotero,
EndNote and Mendeley all read back to the same field: ``AU`` ("Family, Given, Suffix", in
order), ``TI``, ``T2`` (the journal or book; Zotero reads ``JO`` as the journal's
*abbreviation*, so the full name goes in ``T2`` and the abbreviation in ``J2``), ``PY`` and
``DA`` (``2017/02//``), ``VL``, ``IS``, ``SP``/``EP``, ``DO``, ``UR``, ``Y2`` (access date),
``AB``, ``PB``, ``SN`` and ``ID`` (the BibTeX key). RIS has no PubMed tag: the PMID goes in
``AN`` (accession number) with ``DB  - PubMed``, as EndNote records a PubMed import; Zotero
keeps the two as "Loc. in Archive" and "Archive" and writes them back the same way, and the
import here reads them back as the PMID. kevidence's own fields (study design, verification,
the editorial note) have no RIS tag and are left out.

Import: records are read with their line numbers, each becomes a CSL item, and the items go
through :func:`kevidence.export.cslimport.import_csl_json`, the one place where an item
becomes a BibTeX entry (keys, duplicates, entry types). Tags kevidence has no field for
(``L1`` attachments, ``N1`` notes, ``C1``...) are not imported.

>>> import kevidence
>>> from kevidence.export import export
>>> print(export(kevidence.load(), "ris").split("\\n\\n")[1])  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
TY  - JOUR
AU  - Maher, D. P.
AU  - Chen, L.
AU  - Mao, J.
TI  - Intravenous Ketamine Infusions for Neuropathic Pain Management: ...
T2  - Anesthesia & Analgesia
PY  - 2017
DA  - 2017/02//
VL  - 124
IS  - 2
SP  - 661
EP  - 674
DO  - 10.1213/ANE.0000000000001787
ID  - maher2017
ER  -
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kevidence.errors import Location, Problem, display_path
from kevidence.export import ExportError
from kevidence.export.csljson import csl_date, written_doi
from kevidence.sources.latex import decode_latex
from kevidence.sources.model import Source
from kevidence.sources.names import Person

if TYPE_CHECKING:
    from kevidence.export import ExportOptions
    from kevidence.export.cslimport import ImportResult
    from kevidence.kb import KnowledgeBase

# BibTeX (and biblatex) entry types -> RIS reference types; anything else is GEN.
RIS_TYPES: Mapping[str, str] = {
    "article": "JOUR",
    "book": "BOOK",
    "mvbook": "BOOK",
    "proceedings": "BOOK",
    "inbook": "CHAP",
    "incollection": "CHAP",
    "inproceedings": "CONF",
    "conference": "CONF",
    "techreport": "RPRT",
    "report": "RPRT",
    "manual": "RPRT",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "thesis": "THES",
    "online": "ELEC",
    "www": "ELEC",
    "electronic": "ELEC",
    "unpublished": "UNPB",
    "booklet": "PAMP",
    "dataset": "DATA",
    "software": "COMP",
    "patent": "PAT",
    "standard": "STAND",
    "periodical": "JFULL",
}

# RIS reference types -> CSL item types (those of the RIS specification and the ones Zotero,
# EndNote and Mendeley write); anything else is a CSL "document".
CSL_FROM_RIS: Mapping[str, str] = {
    "JOUR": "article-journal", "EJOUR": "article-journal", "JFULL": "article-journal",
    "ABST": "article-journal", "INPR": "article-journal", "MGZN": "article-magazine",
    "NEWS": "article-newspaper", "BOOK": "book", "EBOOK": "book", "EDBOOK": "book",
    "CHAP": "chapter", "ECHAP": "chapter", "CONF": "paper-conference", "CPAPER": "paper-conference",
    "RPRT": "report", "GOVDOC": "report", "THES": "thesis", "ELEC": "webpage", "WEB": "webpage",
    "BLOG": "post-weblog", "UNPB": "manuscript", "MANSCPT": "manuscript", "DATA": "dataset",
    "COMP": "software", "PAT": "patent", "STAND": "standard", "PAMP": "pamphlet",
    "ENCYC": "entry-encyclopedia", "DICT": "entry-dictionary", "CASE": "legal_case",
    "BILL": "bill", "STAT": "legislation", "HEAR": "hearing", "MAP": "map", "PCOMM": "personal_communication",
    "GEN": "document",
}
_JOURNAL_TYPES = frozenset({"JOUR", "EJOUR", "JFULL", "ABST", "INPR", "MGZN", "NEWS"})
# Tags read as one CSL variable each, whatever the record's type.
_SIMPLE_TAGS: Mapping[str, str] = {"VL": "volume", "IS": "issue", "ET": "edition", "PB": "publisher",
                                   "CY": "publisher-place", "LA": "language", "ST": "title-short",
                                   "T3": "collection-title", "DO": "DOI"}
_PUBMED = frozenset({"pubmed", "medline", "nlm", "pubmed central"})

# A tag line: two characters, one or two spaces, a hyphen, then the value (Zotero and EndNote
# also write "ER  -" with nothing after it). Anchored and without nested repetition: linear.
_TAG_LINE = re.compile(r"([A-Z][A-Z0-9]) {1,2}-(?: (.*))?")
_DATE = re.compile(r"\s*(\d{4})(?:[/-](\d{0,2})(?:[/-](\d{0,2}))?)?")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


# --- export --------------------------------------------------------------------------------

def _one_line(text: str) -> str:
    """A value on one line: RIS ends a value at the line break."""
    return " ".join(text.split())


def ris_name(person: Person) -> str:
    """A name as RIS writes it: "Family, Given" or "Family, Given, Suffix" (a corporate name whole)."""
    if person.literal:
        return person.family
    family = f"{person.von} {person.family}" if person.von else person.family
    parts = [family, person.given or ""]
    if person.suffix:
        parts.append(person.suffix)
    return ", ".join(parts).rstrip(", ")


def ris_date(parts: list[int]) -> str:
    """Date parts as RIS writes a date: ``YYYY/MM/DD/``, unknown parts empty (``2017/02//``)."""
    shown = [f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:3])]
    return "/".join(shown + [""] * (4 - len(shown)))


def ris_record(source: Source) -> list[tuple[str, str]]:
    """One source as RIS (tag, value) pairs, ``TY`` first and ``ER`` last."""
    fields = source.fields
    kind = RIS_TYPES.get(source.entry_type, "GEN")
    record: list[tuple[str, str]] = [("TY", kind)]

    def text(tag: str, *names: str) -> None:
        value = next((fields[n] for n in names if (fields.get(n) or "").strip()), None)
        if value is not None:
            record.append((tag, decode_latex(value)))

    record.extend(("AU", ris_name(p)) for p in source.authors if not p.is_others)
    editor_tag = "A3" if kind == "BOOK" else "A2"
    record.extend((editor_tag, ris_name(p)) for p in source.editors if not p.is_others)
    if source.title:
        record.append(("TI", source.title))
    text("T2", "journal", "journaltitle", "booktitle")
    text("J2", "shortjournal")
    text("ST", "shorttitle")
    text("T3", "series")
    issued = csl_date(source)
    if issued is not None:
        parts = issued["date-parts"][0]
        record.append(("PY", str(parts[0])))
        if len(parts) > 1:
            record.append(("DA", ris_date(parts)))
    text("VL", "volume")
    if kind == "RPRT":
        text("SN", "number")
    else:
        text("IS", "number", "issue")
    pages = fields.get("pages")
    if pages and pages.strip():
        dashed = decode_latex(pages).replace("\u2013", "-").replace("\u2014", "-")
        first, _, last = dashed.partition("-")
        first, last = first.strip(), last.strip("- ")
        record.append(("SP", first))
        if last:
            record.append(("EP", last))
    if kind in ("RPRT", "THES"):
        text("M3", "type")
    text("ET", "edition")
    text("PB", "publisher", "institution", "school", "organization")
    text("CY", "address", "location")
    if kind != "RPRT":
        text("SN", "issn", "isbn")
    doi = written_doi(source)
    if doi:
        record.append(("DO", doi))
    if source.url:
        record.append(("UR", source.url))
    urldate = _DATE.match(fields.get("urldate") or "")
    if urldate:
        record.append(("Y2", ris_date([int(p) for p in urldate.groups() if p])))
    if source.pmid:
        record.extend((("AN", source.pmid), ("DB", "PubMed")))
    text("LA", "language")
    record.extend(("KW", k) for k in source.keywords)
    text("AB", "abstract")
    record.append(("ID", source.key))
    return [(tag, _one_line(value)) for tag, value in record if value.strip()] + [("ER", "")]


def write_ris(kb: KnowledgeBase, stream: IO[str], options: ExportOptions) -> None:
    """Write every source of the base as a RIS record, records separated by a blank line."""
    first = True
    for source in kb.sources.values():
        if not first:
            stream.write("\n")
        first = False
        stream.write("".join(f"{tag}  - {value}\n" for tag, value in ris_record(source)))


# --- import --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RisRecord:
    """One record as read: the line of its ``TY`` and its (tag, value, line) triples in order."""

    line: int
    tags: tuple[tuple[str, str, int], ...]

    def values(self, *tags: str) -> list[str]:
        """The non-empty values of these tags, in file order."""
        return [value for tag, value, _ in self.tags if tag in tags and value]

    def first(self, *tags: str) -> str | None:
        """The first non-empty value of the first of these tags the record has."""
        for wanted in tags:
            for tag, value, _ in self.tags:
                if tag == wanted and value:
                    return value
        return None

    def line_of(self, tag: str) -> int:
        return next((line for t, _, line in self.tags if t == tag), self.line)


def read_ris(text: str, shown: str | None = None) -> list[RisRecord]:
    """The records of a RIS text. Lines outside records that are not tags are skipped (some
    sites put a header before the first record); a line inside a record that is not a tag
    continues the value before it. Raises :class:`ExportError` naming the line of a tag
    outside a record, a record never ended, or a text with no record."""
    records: list[RisRecord] = []
    tags: list[tuple[str, str, int]] = []
    start: int | None = None
    problems: list[Problem] = []
    for number, line in enumerate(_lines(text), start=1):
        match = _TAG_LINE.fullmatch(line)
        if start is None:
            if match is None:
                continue
            if match.group(1) != "TY":
                problems.append(Problem(Location(shown, number), f"tag {match.group(1)} outside a record",
                                        "each record starts with a 'TY  - ' line and ends with 'ER  - '"))
                continue
            start, tags = number, [("TY", (match.group(2) or "").strip(), number)]
        elif match is None:
            if line.strip() and tags:
                tag, value, at = tags[-1]
                tags[-1] = (tag, f"{value} {line.strip()}".strip(), at)
        elif match.group(1) == "ER":
            records.append(RisRecord(start, tuple(tags)))
            start = None
        elif match.group(1) == "TY":
            problems.append(Problem(Location(shown, number), f"a record starts before the one at line {start} ends",
                                    "end each record with an 'ER  - ' line"))
            start, tags = number, [("TY", (match.group(2) or "").strip(), number)]
        else:
            tags.append((match.group(1), (match.group(2) or "").strip(), number))
    if start is not None:
        problems.append(Problem(Location(shown, start), "the record starting here has no 'ER  - ' line",
                                "the file may be cut short: export it again"))
    if not records and not problems:
        problems.append(Problem(Location(shown), "no RIS record found",
                                "a RIS file holds records that start with 'TY  - ' and end with 'ER  - '"))
    if problems:
        raise ExportError("the RIS file was not read", problems)
    return records


def _lines(text: str) -> Iterator[str]:
    """The lines of a text, whatever its line ends (EndNote writes CR LF, old Macs CR)."""
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        yield line.rstrip()


def ris_name_to_csl(value: str) -> dict[str, str]:
    """A RIS name ("Family, Given[, Suffix]") as a CSL name; without a comma, one literal name."""
    parts = [part.strip() for part in value.split(",")]
    if len(parts) == 1 or not parts[0]:
        return {"literal": value.strip()}
    name = {"family": parts[0]}
    if parts[1]:
        name["given"] = parts[1]
    if len(parts) > 2 and ", ".join(parts[2:]).strip():
        name["suffix"] = ", ".join(parts[2:]).strip()
    return name


def _date_parts(value: str) -> list[int] | None:
    """RIS date parts ``YYYY/MM/DD/other`` (or ISO ``YYYY-MM-DD``); None without a year."""
    match = _DATE.match(value)
    if match is None:
        return None
    year, month, day = match.groups()
    parts = [int(year)]
    if month and 1 <= int(month) <= 12:
        parts.append(int(month))
        if day and 1 <= int(day) <= 31:
            parts.append(int(day))
    return parts


def ris_item(record: RisRecord, shown: str | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """A record as a CSL item, and the problems that stop it being imported."""
    problems: list[Problem] = []
    kind = record.first("TY") or "GEN"
    csl_type = CSL_FROM_RIS.get(kind.upper(), "document")
    key = record.first("ID")
    item: dict[str, Any] = {"id": key or f"record at line {record.line}", "type": csl_type}
    if key:
        item["citation-key"] = key
    authors = record.values("AU", "A1")
    if authors:
        item["author"] = [ris_name_to_csl(a) for a in authors]
    editors = record.values("ED", "A3" if kind == "BOOK" else "A2")
    if editors:
        item["editor"] = [ris_name_to_csl(e) for e in editors]
    title = record.first("TI", "T1", "CT", "BT" if kind == "BOOK" else "TI")
    if title:
        item["title"] = title
    container = record.first("T2", "JF", "JO", "BT" if kind in ("CHAP", "ECHAP") else "T2")
    if container:
        item["container-title"] = container
    short = record.first("J2", "JA")
    journal_only = record.first("JO")
    if short is None and journal_only and journal_only != container:
        short = journal_only
    if short:
        item["container-title-short"] = short
    _issued(record, item, shown, problems)
    accessed = record.first("Y2")
    parts = _date_parts(accessed) if accessed else None
    if parts:
        item["accessed"] = {"date-parts": [parts]}
    for tag, variable in _SIMPLE_TAGS.items():
        value = record.first(tag)
        if value:
            item[variable] = value
    kind_of_work = record.first("M3")  # the report's or thesis's type; other programs put a DOI here
    if kind_of_work and kind in ("RPRT", "THES"):
        item["genre"] = kind_of_work
    serial = record.first("SN")
    if serial:
        item["number" if kind == "RPRT" else "ISSN" if kind in _JOURNAL_TYPES else "ISBN"] = serial
    abstract = " ".join(record.values("AB", "N2"))
    if abstract:
        item["abstract"] = abstract
    first_page, last_page = record.first("SP"), record.first("EP")
    if first_page:
        item["page"] = first_page if last_page is None or "-" in first_page else f"{first_page}-{last_page}"
    url = next((u for u in record.values("UR") if u.lower().startswith(("http://", "https://"))), None)
    if url:
        item["URL"] = url
    database = (record.first("DB") or "").strip().lower()
    accession = (record.first("AN") or "").strip()
    if accession.isdigit() and (not database or database in _PUBMED):
        item["PMID"] = accession
    keywords = record.values("KW")
    if keywords:
        item["keyword"] = ", ".join(keywords)
    return item, problems


def _issued(record: RisRecord, item: dict[str, Any], shown: str | None, problems: list[Problem]) -> None:
    """The date of issue from ``DA`` (Zotero's full date), else ``PY`` or ``Y1``."""
    year_text = record.first("PY", "Y1")
    parts = _date_parts(year_text) if year_text else None
    if year_text and parts is None:
        found = _YEAR.search(year_text)
        if found is None:
            tag = "PY" if record.first("PY") else "Y1"
            problems.append(Problem(Location(shown, record.line_of(tag)), f"{tag} {year_text!r} has no year",
                                    "write the year as four digits, e.g. 'PY  - 2017'"))
            return
        parts = [int(found.group())]
    full = record.first("DA")
    full_parts = _date_parts(full) if full else None
    if full_parts and (parts is None or full_parts[0] == parts[0]):
        parts = full_parts
    if parts:
        item["issued"] = {"date-parts": [parts]}


def ris_items(text: str, shown: str | None = None) -> list[dict[str, Any]]:
    """The records of a RIS text as CSL items; :class:`ExportError` listing every problem by line."""
    items: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for record in read_ris(text, shown):
        item, found = ris_item(record, shown)
        items.append(item)
        problems.extend(found)
    if problems:
        raise ExportError("the RIS records were not imported", problems)
    return items


def import_ris(kb: KnowledgeBase, path: str | Path | None = None, *, text: str | None = None) -> ImportResult:
    """Add the records of a RIS file (or ``text``) to the base as BibTeX entries, as
    :func:`~kevidence.export.cslimport.import_csl_json` adds CSL items; the caller saves.

    Raises :class:`ExportError` naming the file and line of every problem, before anything is added.
    """
    from kevidence.export.cslimport import import_csl_json

    shown = display_path(path) if path is not None else "<input>"
    if text is None:
        if path is None:
            raise ExportError("nothing to import", [Problem(Location(None), "no file or text given")])
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise ExportError("not UTF-8", [Problem(
                Location(shown), f"byte {error.start} cannot be read as UTF-8",
                "export the RIS file again as UTF-8 (EndNote: Output style RefMan (RIS), Unicode (UTF-8))")]) from None
    return import_csl_json(kb, items=ris_items(text.lstrip("\ufeff"), shown), shown=shown)
