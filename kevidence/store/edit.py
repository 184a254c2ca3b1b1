"""Checks and builders for edits to a knowledge base: each edit is validated before it is applied.

The functions here are pure: they take the current claims, sources and vocabulary and return
the new claim or source, or raise :class:`EditError` listing every problem, so that a refused
edit leaves the knowledge base as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kevidence.claims.facets import FACETS, Facet
from kevidence.claims.jsonpos import path_to_str
from kevidence.claims.model import Citation, Claim, Document
from kevidence.claims.store import ClaimsText, _check_claim
from kevidence.claims.vocabulary import Term, Vocabulary
from kevidence.claims.writer import claim_payload
from kevidence.errors import BibError, EditError, Location, Problem, unknown_source
from kevidence.sources.bibtex import BibFile, parse_bib
from kevidence.sources.entrytext import scan_entry
from kevidence.sources.model import Source
from kevidence.sources.writer import balanced, detect_style, encode_value

_FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_:.+\-]*")
_ENTRY_TYPE = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*")
_KEY = re.compile(r"[^\s,{}()=\"#%'~\\]+")
_M = TypeVar("_M", bound=BaseModel)


def jsonable(value: Any) -> Any:
    """Models, enums and tuples turned into the JSON data a claims file holds."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude_none=True)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {k: jsonable(v) for k, v in value.items()}
    return value


def claim_from(value: Claim | Mapping[str, Any], where: str = "$") -> Claim:
    """A claim from a model or a mapping; :class:`EditError` with JSON paths when invalid."""
    return _model_from(Claim, value, "claim", where)


def document_from(value: Document | Mapping[str, Any], where: str = "$") -> Document:
    """A document from a model or a mapping; :class:`EditError` with JSON paths when invalid."""
    return _model_from(Document, value, "document", where)


def term_from(value: Term | Mapping[str, Any], where: str = "$") -> Term:
    """A vocabulary term from a model or a mapping; :class:`EditError` with JSON paths when invalid."""
    return _model_from(Term, value, "term", where)


def facet_named(facet: Facet | str) -> Facet:
    """The vocabulary facet of a name as users write it ("intervention", "pain-type",
    "pain_types", "conditions"); :class:`EditError` naming the facets otherwise."""
    if isinstance(facet, Facet):
        return facet
    wanted = str(facet).strip().lower().replace("-", "_").replace(" ", "_")
    for entry in FACETS:
        if wanted in (entry.name, entry.vocabulary.value, entry.extension_field, entry.plural.replace(" ", "_")):
            return entry.vocabulary
    raise EditError("unknown vocabulary", [Problem(Location(None), f"no vocabulary {str(facet)!r}",
                                                   "vocabularies: " + ", ".join(f.slug for f in FACETS))])


def _model_from(model: type[_M], value: _M | Mapping[str, Any], what: str, where: str) -> _M:
    if isinstance(value, model):
        return value
    try:
        return model.model_validate(jsonable(value))
    except ValidationError as exc:
        problems = [
            Problem(Location(json_path=where + path_to_str(tuple(e["loc"]))[1:]), _pydantic_message(e))
            for e in exc.errors(include_url=False)
        ]
        raise EditError(f"the {what} is not valid", problems) from None


def changed_document(document: Document, changes: Mapping[str, Any]) -> Document:
    """The document with some fields replaced (``None`` clears a field); its id is stable."""
    if "id" in changes and changes["id"] != document.id:
        raise EditError(f"cannot change the id of document {document.id!r}", [Problem(
            Location(json_path="$.id"), "document ids are stable: claims refer to them",
            "add a document with the new id, move the claims to it, then remove the old one")])
    data = document.model_dump(mode="json", exclude_unset=True, exclude_none=True)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = jsonable(value)
    return document_from(data)


def _pydantic_message(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return f"unknown field {error['loc'][-1]!r}"
    if error["type"] == "missing":
        return f"required field {error['loc'][-1]!r} is missing"
    msg = str(error["msg"])
    return msg.removeprefix("Value error, ")


def changed_claim(claim: Claim, changes: Mapping[str, Any]) -> Claim:
    """The claim with some fields replaced (``None`` clears a field); validated like a new one."""
    if "id" in changes and changes["id"] != claim.id:
        raise EditError(
            f"cannot change the id of claim {claim.id!r}",
            [Problem(Location(json_path="$.id"), "claim ids are stable: other claims and articles refer to them",
                     "remove the claim and add one with the new id")],
        )
    data = claim_payload(claim)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = jsonable(value)
    return claim_from(data)


def check_claim(
    claim: Claim,
    claims: Mapping[str, Claim],
    documents: Iterable[str],
    vocabulary: Vocabulary,
    *,
    new: bool,
) -> None:
    """Raise :class:`EditError` if the claim cannot join (or stay in) the base as it is."""
    problems: list[Problem] = []
    if new and claim.id in claims:
        problems.append(Problem(Location(json_path="$.id"), f"a claim with id {claim.id!r} already exists",
                                "choose another id, or use update_claim to change it"))
    ids = {cid: i for i, cid in enumerate(claims)}
    ids.setdefault(claim.id, len(ids))
    docs = {d: i for i, d in enumerate(documents)}
    blank = ClaimsText(None, "")
    for problem in _check_claim(0, claim, vocabulary, ids, docs, blank):
        path = (problem.location.json_path or "$").replace("$.claims[0]", "$", 1)
        problems.append(Problem(Location(json_path=path), problem.message, problem.hint))
    if problems:
        raise EditError(f"claim {claim.id!r} was not changed" if not new else f"claim {claim.id!r} was not added",
                        problems)


def dependents(claim_id: str, claims: Mapping[str, Claim]) -> list[str]:
    """Ids of the claims derived from ``claim_id``."""
    return [c.id for c in claims.values() if claim_id in c.derived_from]


def linked_claim(
    claim: Claim,
    key: str,
    sources: Mapping[str, Source],
    citation_fields: Mapping[str, Any],
) -> Claim:
    """The claim with one more citation, to a source the base holds."""
    if key not in sources:
        raise unknown_source(key, sources, "add it with add_source first")
    if key in claim.sources:
        raise EditError(
            f"claim {claim.id!r} already cites {key!r}",
            [Problem(Location(json_path="$.citations"), "the citation exists",
                     "change it with update_citation ('kevidence citation'), or unlink it first")],
        )
    citation = _citation({"source": key, **citation_fields}, claim.id, key, len(claim.citations))
    return changed_claim(claim, {"citations": [*claim.citations, citation]})


def _citation(fields: Mapping[str, Any], claim_id: str, key: str, index: int) -> Citation:
    given = {k: v for k, v in fields.items() if v is not None}
    try:
        return Citation.model_validate(jsonable(given))
    except ValidationError as exc:
        problems = [Problem(Location(json_path=f"$.citations[{index}]" + path_to_str(tuple(e["loc"]))[1:]),
                            _pydantic_message(e)) for e in exc.errors(include_url=False)]
        raise EditError(f"cannot link {claim_id!r} to {key!r}", problems) from None


def citation_of(claim: Claim, key: str) -> Citation:
    """The claim's citation of ``key``; :class:`EditError` when it has none."""
    for citation in claim.citations:
        if citation.source == key:
            return citation
    raise EditError(
        f"claim {claim.id!r} does not cite {key!r}",
        [Problem(Location(json_path="$.citations"), f"cited keys: {', '.join(claim.sources) or 'none'}",
                 "link it first")],
    )


def recited_claim(claim: Claim, key: str, changes: Mapping[str, Any]) -> Claim:
    """The claim with its citation of ``key`` changed in place (``None`` clears a field)."""
    old = citation_of(claim, key)
    if "source" in changes and changes["source"] != key:
        raise EditError(f"cannot change the source of a citation of {claim.id!r}",
                        [Problem(Location(json_path="$.citations"), "a citation's source is what it is",
                                 "unlink it and link the other source")])
    data = old.model_dump(mode="json", exclude_unset=True, exclude_none=True)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    index = claim.citations.index(old)
    new = _citation(data, claim.id, key, index)
    citations = list(claim.citations)
    citations[index] = new
    return changed_claim(claim, {"citations": citations})


def unlinked_claim(claim: Claim, key: str) -> Claim:
    """The claim without its citations of ``key``."""
    if key not in claim.sources:
        raise EditError(
            f"claim {claim.id!r} does not cite {key!r}",
            [Problem(Location(json_path="$.citations"), f"cited keys: {', '.join(claim.sources) or 'none'}")],
        )
    kept = [c for c in claim.citations if c.source != key]
    return changed_claim(claim, {"citations": kept} if kept else {"citations": None})


def sources_from_bibtex(
    text: str, strings: str, existing: Mapping[str, Source], *, expect_one: bool = False
) -> list[tuple[Source, dict[str, str]]]:
    """Every entry of a BibTeX text, each with its fields' values as written (macros kept).

    All or none: :class:`EditError` lists every problem (a block that cannot be read, a key
    taken or given twice, a bad field). ``strings`` holds the file's ``@string`` definitions,
    so macros resolve as they will when the file is read again.
    """
    try:
        parsed = parse_bib(strings + "\n" + text if strings else text, None, strict=True)
    except BibError as exc:
        offset = strings.count("\n") + 1 if strings else 0  # lines as in the text given
        raise EditError("the BibTeX text could not be read", [
            Problem(Location(p.location.file, (p.location.line or 0) - offset or None), p.message, p.hint)
            for p in exc.problems]) from None
    library = parsed.library
    assert library is not None  # parse_bib keeps it; only a loaded file drops it
    entries = [b for b in library.entries if b.start_line is not None and b.raw is not None and b.raw in text]
    if not entries or (expect_one and len(entries) != 1):
        raise EditError(
            "add_source takes exactly one entry" if expect_one else "the BibTeX text holds no entry",
            [Problem(Location(), f"the text holds {len(entries)} entries",
                     "pass one @type{key, ...} entry" if expect_one else "pass @type{key, ...} entries")],
        )
    found: list[tuple[Source, dict[str, str]]] = []
    problems: list[Problem] = []
    for block in entries:
        source = parsed.sources[block.key]
        scanned = scan_entry(block.raw or "", 0)
        raw = {f.name.lower(): f.value for f in scanned[0].fields} if scanned else {}
        try:
            check_source(source, existing, new=True)
        except EditError as exc:
            where = Location(None, (block.start_line or 0) + 1 - (strings.count("\n") + 1 if strings else 0))
            problems.extend(Problem(where, f"entry {block.key!r}: {p.message}", p.hint) for p in exc.problems)
            continue
        found.append((source.model_copy(update={"line": None}), raw))
    if problems:
        raise EditError("no entry was added" if len(entries) > 1 else "the entry was not added", problems)
    return found


def bib_quotes(bib: BibFile) -> bool:
    """Whether the file writes its values in quotes rather than braces (new values follow it)."""
    return detect_style(bib.text, bib.spans or []).quotes


def source_from_fields(
    key: str, entry_type: str, fields: Mapping[str, str], existing: Mapping[str, Source], *, quotes: bool = False
) -> tuple[Source, dict[str, str]]:
    """A source built from its key, type and field values (values as written inside braces)."""
    source = Source.model_construct(
        key=key, entry_type=entry_type.lower(), fields={n.lower(): v for n, v in fields.items()}, line=None
    )
    check_source(source, existing, new=True, names=list(fields))
    return source, {n.lower(): encode_value(v, quotes) for n, v in fields.items()}


def changed_source(source: Source, fields: Mapping[str, str | None], entry_type: str | None) -> Source:
    """The source with fields set (a value) or removed (None), and maybe a new entry type."""
    merged = dict(source.fields)
    for name, value in fields.items():
        if value is None:
            merged.pop(name.lower(), None)
        else:
            merged[name.lower()] = value
    updated = Source.model_construct(
        key=source.key, entry_type=(entry_type or source.entry_type).lower(), fields=merged, line=source.line
    )
    check_source(updated, {}, new=False, names=[n for n, v in fields.items() if v is not None])
    return updated


def check_source(source: Source, existing: Mapping[str, Source], *, new: bool, names: Iterable[str] = ()) -> None:
    """Raise :class:`EditError` for a bad key, type, field name or value, or a taken key."""
    problems: list[Problem] = []
    where = Location(json_path=None)
    if not isinstance(source.key, str) or not _KEY.fullmatch(source.key):
        problems.append(Problem(where, f"invalid BibTeX key {source.key!r}",
                                "use letters, digits and -_:./ only, e.g. 'maher2017'"))
    elif new and source.key in existing:
        problems.append(Problem(where, f"a source with key {source.key!r} already exists", "choose another key"))
    if not _ENTRY_TYPE.fullmatch(source.entry_type or ""):
        problems.append(Problem(where, f"invalid entry type {source.entry_type!r}", "e.g. 'article', 'book', 'online'"))
    for name in names:
        if not _FIELD_NAME.fullmatch(name):
            problems.append(Problem(where, f"invalid field name {name!r}", "use letters, digits and -_:.+"))
    for name, value in source.fields.items():
        if not isinstance(value, str):
            problems.append(Problem(where, f"field {name!r} must be text, not {type(value).__name__}"))
        elif not balanced(value):
            problems.append(Problem(where, f"the braces in field {name!r} do not balance, or it ends in a backslash", "pair every brace; write a literal brace as \\{ with its partner \\}"))
    design = source.fields.get("studydesign")
    if isinstance(design, str) and source.study_design is None:
        from kevidence.sources.evidence import StudyDesign

        problems.append(Problem(where, f"unknown studydesign {design!r}",
                                "use one of: " + ", ".join(d.value for d in StudyDesign)))
    if problems:
        raise EditError(f"source {source.key!r} was not {'added' if new else 'changed'}", problems)


def citing_claims(key: str, claims: Mapping[str, Claim]) -> list[str]:
    """Ids of the claims that cite ``key``."""
    return [c.id for c in claims.values() if key in c.sources]

