"""Import of CSL-JSON (a Zotero or pandoc export): each item becomes a BibTeX entry.

This is the one place where a reference manager's item becomes an entry: the RIS import
(:mod:`kevidence.export.ris`) reads its records as CSL items and passes them through here.
An item's ``citation-key``, or its id when that is a plain key, is its BibTeX key; otherwise
(a Zotero export's ids are item URIs) the key is made from the first author's family name, the
year and the first content word of the title (``maher2017intravenous``), with ``b``, ``c``...
added when the base or the file already has it, and a Zotero item URI is kept in the
``zoteroitem`` field. Each CSL type becomes an entry type whose required fields (those the
audit's missing-field rule asks for) the item's variables fill: a report's publisher is the
``institution``, a thesis's the ``school``.

Items go through the knowledge base's editing API (:meth:`KnowledgeBase.add_source`), so the
``.bib`` file keeps every byte it had and gains entries in its own style. An item already in
the base — the same DOI, PMID or key — is reported and not added twice. Text is written as
BibTeX source that decodes back to the item's text (:func:`bibtex_text`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kevidence.errors import Location, Problem, display_path
from kevidence.export import ExportError
from kevidence.export.csljson import CSL_TYPES, MONTHS, SOURCE_FACET_FIELDS
from kevidence.sources.identifiers import normalize_doi, normalize_pmid
from kevidence.text import normalize_text

if TYPE_CHECKING:
    from kevidence.kb import KnowledgeBase

# CSL item types -> BibTeX entry types; the inverse of the export's map where it is one to one.
BIBTEX_TYPES: Mapping[str, str] = {
    "article": "article",  # a preprint without a journal becomes misc (see _entry_type)
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "report": "techreport",
    "thesis": "phdthesis",
    "manuscript": "unpublished",
    "webpage": "online",
    "post": "online",
    "post-weblog": "online",
    "dataset": "dataset",
    "software": "software",
    "pamphlet": "booklet",
    "patent": "patent",
    "standard": "standard",
    "periodical": "periodical",
    "review": "article",
    "review-book": "article",
}
# Every other CSL type (bill, broadcast, entry-encyclopedia, interview, legal_case, map, ...)
# becomes a misc entry, which needs only a title.

# Where a CSL publisher goes, by entry type: the field the type requires.
PUBLISHER_FIELDS: Mapping[str, str] = {
    "techreport": "institution",
    "phdthesis": "school",
    "mastersthesis": "school",
}

# CSL variables -> BibTeX fields, for text copied as it is (LaTeX-escaped).
IMPORTED_TEXT: Mapping[str, str] = {
    "volume": "volume",
    "issue": "number",
    "edition": "edition",
    "abstract": "abstract",
    "ISBN": "isbn",
    "ISSN": "issn",
    "PMCID": "pmcid",
    "language": "language",
    "collection-title": "series",
    "publisher": "publisher",
    "publisher-place": "address",
    "genre": "type",
    "chapter-number": "chapter",
    "medium": "howpublished",
    "event-title": "eventtitle",
    "version": "version",
    "title-short": "shorttitle",
    "container-title-short": "shortjournal",
    "journalAbbreviation": "shortjournal",  # what older Zotero versions write
}

_KEY = re.compile(r"^[^\s,{}()=\"#%'~\\]+$")
# An id taken as the key as it is: a plain key, not a URI or path (Zotero's ids are item URIs).
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:+-]*$")
_ZOTERO_ITEM = re.compile(r"^https?://zotero\.org/(?:users|groups)/(?:local/)?[^/\s]+/items/[A-Z0-9]+$")
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset((
    "a", "an", "the", "of", "on", "in", "for", "and", "or", "to", "with", "at", "by", "from", "as", "is",
    "are", "be", "into", "about", "can", "does", "do", "how", "what", "why", "when", "which", "who", "its",
    "it", "this", "that", "these", "those", "than", "versus", "vs"))
# Letters that do not decompose into an ASCII letter and a mark.
_LETTERS = str.maketrans({"Œ": "OE", "œ": "oe", "Æ": "AE", "æ": "ae", "ß": "ss", "Ø": "O", "ø": "o",
                          "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Þ": "Th", "þ": "th", "ı": "i"})
_SPECIAL = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": "{^}",
            **{c: "\\" + c for c in "{}&%$#_"}}
_LIGATURE_START = set("-`'!?<>,")
_LIGATURE_NEXT = set("-`'<>,")
_WHITESPACE = re.compile(r"\s+")


def bibtex_text(text: str) -> str:
    """Unicode text as a BibTeX value that decodes back to it (runs of whitespace become one
    space, as BibTeX reads them).

    >>> print(bibtex_text("Pain & {care} -- 100%"))
    Pain \\& \\{care\\} -{}- 100\\%
    """
    text = _WHITESPACE.sub(" ", text)
    out: list[str] = []
    for index, char in enumerate(text):
        out.append(_SPECIAL.get(char, char))
        following = text[index + 1:index + 2]
        if char in _LIGATURE_START and following in _LIGATURE_NEXT and following:
            out.append("{}")
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An item not added: its id in the file and why (the entry of the base it duplicates)."""

    item_id: str
    key: str
    reason: str


@dataclass(slots=True)
class ImportResult:
    """What an import did: keys added, items skipped as already present."""

    added: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def import_csl_json(kb: KnowledgeBase, path: str | Path | None = None, *, text: str | None = None,
                    items: Sequence[Any] | None = None, shown: str | None = None) -> ImportResult:
    """Add the items of a CSL-JSON file (or ``text``, or parsed ``items``) to the base as BibTeX
    entries; the caller saves (``kb.save()``).

    An item whose DOI, PMID or key the base already holds is skipped and reported. Raises
    :class:`ExportError` naming the file and the JSON path of every malformed item, before
    anything is added. ``shown`` names the input in messages (default: the path).
    """
    shown = shown or (display_path(path) if path is not None else "<input>")
    if items is None:
        if text is None:
            if path is None:
                raise ExportError("nothing to import", [Problem(Location(None), "no file, text or items given")])
            try:
                text = Path(path).read_text(encoding="utf-8-sig")
            except UnicodeDecodeError as error:
                raise ExportError("not UTF-8", [Problem(
                    Location(shown), f"byte {error.start} cannot be read as UTF-8",
                    "CSL-JSON is UTF-8: export it again, or convert the file")]) from None
        items = _parse(text, shown)
    entries = [_entry(item, index, shown) for index, item in enumerate(items)]
    problems = [p for entry in entries if isinstance(entry, list) for p in entry]
    if problems:
        raise ExportError("the CSL-JSON items were not imported", problems)
    return add_entries(kb, [e for e in entries if isinstance(e, _Entry)])


def add_entries(kb: KnowledgeBase, entries: Sequence[_Entry]) -> ImportResult:
    """Add converted items to the base, skipping those it already holds (same DOI, PMID or
    given key); a made-up key taken by the base or an earlier item gets a letter."""
    result = ImportResult()
    by_doi = {s.doi: k for k, s in kb.sources.items() if s.doi}
    by_pmid = {s.pmid: k for k, s in kb.sources.items() if s.pmid}
    for entry in entries:
        duplicate = _duplicate(entry, kb.sources, by_doi, by_pmid)
        if duplicate is not None:
            result.skipped.append(Skipped(entry.item_id, duplicate[0], duplicate[1]))
            continue
        key = _free_key(entry.key, kb.sources)
        kb.add_source(key=key, entry_type=entry.entry_type, fields=entry.fields)
        result.added.append(key)
        doi = normalize_doi(entry.fields.get("doi", ""))
        if doi:
            by_doi[doi] = key
        pmid = normalize_pmid(entry.fields.get("pmid", ""))
        if pmid:
            by_pmid[pmid] = key
    return result


def _parse(text: str, shown: str | None) -> list[Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportError("not JSON", [Problem(Location(shown, error.lineno), error.msg,
                                              "export CSL-JSON again from the reference manager")]) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ExportError("not CSL-JSON", [Problem(Location(shown, json_path="$"), "expected an array of items",
                                                  "CSL-JSON is a JSON array of objects")])
    return data


@dataclass(frozen=True, slots=True)
class _Entry:
    item_id: str
    key: str
    entry_type: str
    fields: dict[str, str]
    made_key: bool = False
    """Whether the key was made from author, year and title (the item gave none usable)."""


def _duplicate(entry: _Entry, sources: Mapping[str, Any], by_doi: Mapping[str, str],
               by_pmid: Mapping[str, str]) -> tuple[str, str] | None:
    doi = normalize_doi(entry.fields.get("doi", ""))
    if doi and doi in by_doi:
        return by_doi[doi], f"same DOI as {by_doi[doi]!r}"
    pmid = normalize_pmid(entry.fields.get("pmid", ""))
    if pmid and pmid in by_pmid:
        return by_pmid[pmid], f"same PMID as {by_pmid[pmid]!r}"
    if not entry.made_key and entry.key in sources:
        return entry.key, f"key {entry.key!r} is already in the base"
    return None


def _free_key(key: str, sources: Mapping[str, Any]) -> str:
    """The key, or the key with the first free letter b, c, ... z (then -2, -3, ...)."""
    if key not in sources:
        return key
    for suffix in "bcdefghijklmnopqrstuvwxyz":
        if key + suffix not in sources:
            return key + suffix
    number = 2
    while f"{key}-{number}" in sources:
        number += 1
    return f"{key}-{number}"


def _entry(item: Any, index: int, shown: str | None) -> _Entry | list[Problem]:
    where = f"$[{index}]"
    if not isinstance(item, dict):
        return [Problem(Location(shown, json_path=where), "an item must be an object", "remove or fix it")]
    problems: list[Problem] = []
    item_type = item.get("type")
    if not isinstance(item_type, str):
        problems.append(Problem(Location(shown, json_path=f"{where}.type"), "no item type",
                                "CSL items need a type, e.g. \"article-journal\""))
    item_id = item.get("id")
    if not isinstance(item_id, (str, int)) or isinstance(item_id, bool):
        problems.append(Problem(Location(shown, json_path=f"{where}.id"), "no item id", "CSL items need an id"))
    fields: dict[str, str] = {}
    for role in ("author", "editor"):
        names = item.get(role)
        if names is None:
            continue
        written = _names(names, f"{where}.{role}", shown, problems)
        if written:
            fields[role] = written
    _text_field(item, "title", "title", fields, where, shown, problems)
    container = "journal" if BIBTEX_TYPES.get(str(item_type)) == "article" else "booktitle"
    _text_field(item, "container-title", container, fields, where, shown, problems)
    for variable, name in IMPORTED_TEXT.items():
        _text_field(item, variable, name, fields, where, shown, problems)
    page = item.get("page")
    if page is not None:
        fields["pages"] = bibtex_text(str(page)).replace("-{}-", "-").replace("-", "--")
    _date(item.get("issued"), fields, f"{where}.issued", shown, problems)
    for variable, name in (("DOI", "doi"), ("PMID", "pmid"), ("URL", "url")):
        value = item.get(variable)
        if isinstance(value, (str, int)) and str(value).strip():
            fields[name] = str(value).strip()
    number = item.get("number")
    if isinstance(number, (str, int)) and not isinstance(number, bool) and str(number).strip():
        fields.setdefault("number", bibtex_text(str(number).strip()))
    accessed = _iso_date(item.get("accessed"))
    if accessed:
        fields["urldate"] = accessed
    keywords = item.get("keyword")
    if isinstance(keywords, str) and keywords.strip():
        fields["keywords"] = bibtex_text(keywords)
    custom = item.get("custom")
    if isinstance(custom, dict):
        _custom(custom, fields)
    if problems:
        return problems
    entry_type = _entry_type(str(item_type), custom, fields)
    publisher = PUBLISHER_FIELDS.get(entry_type)
    if publisher and "publisher" in fields and publisher not in fields:
        fields[publisher] = fields.pop("publisher")
    given_key = _given_key(item)
    if isinstance(item_id, str) and _ZOTERO_ITEM.match(item_id.strip()):
        fields["zoteroitem"] = item_id.strip()
    key = given_key or made_key(item, fields)
    return _Entry(str(item_id), key, entry_type, fields, made_key=given_key is None)


def _entry_type(item_type: str, custom: object, fields: Mapping[str, str]) -> str:
    """The BibTeX type: the one a kevidence export recorded, if it maps to this CSL type; else
    the usual BibTeX type of the CSL type (``misc`` when there is none). A type is not chosen
    when its required field is one the item cannot have: a preprint (CSL ``article``) without a
    journal, or a manuscript without a note, becomes misc."""
    recorded = custom.get("bibtex-type") if isinstance(custom, dict) else None
    if isinstance(recorded, str) and CSL_TYPES.get(recorded, "document") == item_type:
        return recorded
    chosen = BIBTEX_TYPES.get(item_type, "misc")
    if (item_type == "article" and "journal" not in fields) or (chosen == "unpublished" and "note" not in fields):
        return "misc"
    return chosen


def _custom(custom: Mapping[str, Any], fields: dict[str, str]) -> None:
    """kevidence's own fields, when the item came from a kevidence export."""
    design = custom.get("study-design")
    if isinstance(design, str):
        fields["studydesign"] = design
    for name in ("verified", "ascited", "unverified", "cites"):
        listed = custom.get(name)
        if isinstance(listed, list) and all(isinstance(v, str) for v in listed) and listed:
            fields[name] = ", ".join(listed)
    for name in SOURCE_FACET_FIELDS:
        listed = custom.get(name)
        if isinstance(listed, list) and all(isinstance(v, str) for v in listed) and listed:
            fields[name] = bibtex_text(", ".join(listed))
    note = custom.get("note")
    if isinstance(note, str):
        fields["note"] = bibtex_text(note)


def _text_field(item: Mapping[str, Any], variable: str, name: str, fields: dict[str, str], where: str,
                shown: str | None, problems: list[Problem]) -> None:
    value = item.get(variable)
    if value is None:
        return
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        problems.append(Problem(Location(shown, json_path=f"{where}.{variable}"), f"{variable} must be text",
                                "write it as a JSON string"))
        return
    if value.strip():
        fields[name] = bibtex_text(value)


def _names(names: Any, where: str, shown: str | None, problems: list[Problem]) -> str:
    if not isinstance(names, list):
        problems.append(Problem(Location(shown, json_path=where), "names must be an array of name objects",
                                'e.g. [{"family": "Maher", "given": "D. P."}]'))
        return ""
    written: list[str] = []
    for index, name in enumerate(names):
        if not isinstance(name, dict):
            problems.append(Problem(Location(shown, json_path=f"{where}[{index}]"), "a name must be an object",
                                    'e.g. {"family": "Maher", "given": "D. P."}'))
            continue
        literal, family = name.get("literal"), name.get("family")
        if isinstance(literal, str) and literal.strip():
            written.append("{" + bibtex_text(literal.strip()) + "}")
            continue
        if not isinstance(family, str) or not family.strip():
            problems.append(Problem(Location(shown, json_path=f"{where}[{index}]"), "a name needs a family name or a literal",
                                    'add "family" (or "literal" for an organisation)'))
            continue
        particle = name.get("non-dropping-particle") or name.get("dropping-particle")
        last = _name_part(family)
        if isinstance(particle, str) and particle.strip():
            last = _name_part(particle) + " " + last
        parts = [last]
        suffix, given = name.get("suffix"), name.get("given")
        if isinstance(suffix, str) and suffix.strip():
            parts.append(_name_part(suffix))
        if isinstance(given, str) and given.strip():
            parts.append(_name_part(given))
        elif len(parts) == 2:
            parts.append("")
        written.append(", ".join(parts).rstrip(", ") if len(parts) < 3 else ", ".join(parts))
    return " and ".join(written)


def _name_part(text: str) -> str:
    """A part of a name; braced when it holds a comma or the word 'and', which split BibTeX names."""
    encoded = bibtex_text(text.strip())
    if "," in encoded or re.search(r"(?i)\band\b", encoded):
        return "{" + encoded + "}"
    return encoded


def _iso_date(value: Any) -> str | None:
    """A CSL date (date-parts or raw ISO text) as ISO 8601 text, e.g. ``2023-01-05``; None if unreadable."""
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    first = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else None
    if first and all(isinstance(p, (int, str)) and str(p).isdigit() for p in first[:3]):
        numbers = [int(p) for p in first[:3]]
        return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])
    raw = value.get("raw")
    if isinstance(raw, str):
        match = re.match(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", raw)
        if match:
            return "-".join(p for p in match.groups() if p)
    return None


def _date(issued: Any, fields: dict[str, str], where: str, shown: str | None, problems: list[Problem]) -> None:
    if issued is None:
        return
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    first = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else None
    if first:
        try:
            numbers = [int(p) for p in first]
        except (TypeError, ValueError):
            numbers = []
        if numbers:
            fields["year"] = str(numbers[0])
            if len(numbers) > 1 and 1 <= numbers[1] <= 12:
                fields["month"] = next(m for m, n in MONTHS.items() if n == numbers[1] and len(m) == 3)
            return
    raw = issued.get("raw") or issued.get("literal") if isinstance(issued, dict) else issued
    if isinstance(raw, str):
        match = re.search(r"(?<!\d)\d{4}(?!\d)", raw)
        if match:
            fields["year"] = match.group()
            return
    problems.append(Problem(Location(shown, json_path=where), "a date kevidence cannot read",
                            'write it as {"date-parts": [[2019, 7]]}'))


def _given_key(item: Mapping[str, Any]) -> str | None:
    """The item's citation key when it is a valid BibTeX key, or its id when that is a plain
    key (not a URI); None when the item gives neither."""
    key = item.get("citation-key")
    if isinstance(key, str) and _KEY.match(key.strip()):
        return key.strip()
    item_id = item.get("id")
    if isinstance(item_id, (str, int)) and not isinstance(item_id, bool) and _PLAIN_KEY.match(str(item_id)):
        return str(item_id)
    return None


def ascii_words(text: str) -> list[str]:
    """The words of a text in lower-case ASCII, accents dropped (for making keys).

    >>> ascii_words("Müller-Lyer's Œuvre, Łódź")
    ['muller', 'lyer', 's', 'oeuvre', 'lodz']
    """
    folded = normalize_text(text.translate(_LETTERS)).encode("ascii", "ignore").decode("ascii")
    return _WORD.findall(folded)


def made_key(item: Mapping[str, Any], fields: Mapping[str, str]) -> str:
    """A readable key: first author's (or editor's) family name, year, first content word of
    the title, in lower-case ASCII (``maher2017intravenous``); ``item`` when there is nothing."""
    family = ""
    for role in ("author", "editor"):
        names = item.get(role)
        if isinstance(names, list) and names and isinstance(names[0], dict):
            first = names[0]
            family = str(first.get("family") or first.get("literal") or "")
            if family:
                break
    name = "".join(ascii_words(family))[:20]
    title = item.get("title")
    words = [w for w in ascii_words(title) if w not in _STOPWORDS] if isinstance(title, str) else []
    word = words[0][:20] if words else ""
    key = name + fields.get("year", "") + word
    return key if name or word else "item" + key
