"""Loading ``references.bib`` with bibtexparser 2.x into :class:`Source` models.

bibtexparser never raises on bad input: failed blocks come back as data with their line.
kevidence collects every such block as a :class:`Problem`; strict loading raises them all at
once in a :class:`BibError`, lenient loading hands them on (the audit shows them as
``bib-parse-error`` findings) together with the entries that did parse.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import bibtexparser
from bibtexparser import model as bib

from kevidence.atomic import FileStamp
from kevidence.bulk import share_fields_set
from kevidence.claims.store import read_data
from kevidence.errors import BibError, Location, Problem, display_path
from kevidence.evidence import StudyDesign
from kevidence.sources.entrytext import scan_entry
from kevidence.sources.model import Source
from kevidence.sources.writer import BlockMark, Span, block_spans, marked

# bibtexparser logs every failed block as a warning; kevidence reports them itself, with hints.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


@dataclass
class BibFile:
    """A parsed BibTeX file: its text, bibtexparser's library, the sources and the problems."""

    path: Path | None
    text: str
    library: bibtexparser.Library | None  # None once loaded: sources and spans hold what is needed
    sources: dict[str, Source]
    problems: list[Problem] = field(default_factory=list)
    spans: list[Span] | None = None  # the text cut into blocks and gaps (None: cannot be cut)
    damaged: frozenset[str] = frozenset()  # keys of entries the parser read only in part
    bom: bool = False
    stamp: FileStamp | None = None
    strings: str = ""  # the file's @string definitions, as written (for entries added later)


def parse_bib(text: str, path: Path | None = None, strict: bool = True) -> BibFile:
    """Parse BibTeX text; with ``strict`` raise :class:`BibError` listing every bad block."""
    # bibtexparser's default parse stack (resolve @string macros, then remove the enclosing
    # braces or quotes) walks every field twice more and records metadata kevidence does not
    # use; the same two steps are done here, in the one pass that builds the sources.
    library = bibtexparser.parse_string(text, parse_stack=[])
    macros = {key.lower(): string.value for key, string in library.strings_dict.items()}
    shown = display_path(path)
    problems = list(_failed_blocks(library.failed_blocks, shown))
    spans = block_spans(text, library.blocks)
    damaged = {p_key: p for p_key, p in _lost_fields(text, spans or (), shown)}
    problems.extend(damaged.values())
    sources: dict[str, Source] = {}
    for entry in library.entries:
        source = Source.model_construct(
            key=entry.key,
            entry_type=entry.entry_type.lower(),
            fields={sys.intern(f.key.lower()): field_value(f.value, macros) for f in entry.fields},
            line=entry.start_line + 1 if entry.start_line is not None else None,
        )
        share_fields_set(source)
        problems.extend(_check_entry(entry, source, shown))
        sources[entry.key] = source
    problems.sort(key=lambda p: p.location.line or 0)
    if strict and problems:
        raise BibError(f"{shown or 'BibTeX input'} has blocks that could not be read", problems)
    strings = "\n".join(s.raw or "" for s in library.strings)
    return BibFile(path, text, library, sources, problems, spans, frozenset(damaged), strings=strings)


def load_bib(path: str | Path, strict: bool = True) -> BibFile:
    """Read and parse a ``.bib`` file (UTF-8; a BOM is accepted)."""
    path = Path(path)
    text, bom, stamp = read_data(path, "BibTeX file")
    parsed = parse_bib(text, path, strict)
    # bibtexparser's blocks copy every entry's text and fields: not kept once loaded.
    parsed.library = None
    if parsed.spans is not None:
        parsed.spans = marked(parsed.spans)
    parsed.bom, parsed.stamp = bom, stamp
    return parsed


def _lost_fields(text: str, spans: Sequence[Span], shown: str | None) -> Iterable[tuple[str, Problem]]:
    """Entries whose text holds fields that bibtexparser did not return.

    bibtexparser 2.1 ends a double-quoted value at a ``"`` even inside braces, turns the rest
    of the entry into a comment and reports nothing. A cheap test picks the suspects (braces
    that do not balance in the entry's raw text, or a comment right after it that holds an
    '='); only those are re-read by BibTeX's own rules.
    """
    for index, (start, end, block) in enumerate(spans):
        if not isinstance(block, bib.Entry):
            continue
        raw = block.raw if block.raw is not None else ""
        suspect = raw.count("{") != raw.count("}")
        if not suspect:
            following = _next_block(spans, index)
            suspect = isinstance(following, bib.ImplicitComment) and "=" in (following.raw or "")
        if not suspect:
            continue
        scanned = scan_entry(text, start)
        where = Location(shown, _line(block))
        if scanned is None:
            yield block.key, Problem(
                where, f"entry {block.key!r} is not closed", "check the braces and quotes of this entry"
            )
            continue
        entry, true_end = scanned
        returned = {f.key.lower() for f in block.fields}
        names = [f.name for f in entry.fields]
        lost = [n for n in names if n.lower() not in returned]
        if not lost and true_end == end:
            continue
        culprit = next((f.name for f in entry.fields if f.value.startswith('"') and '"' in f.value[1:-1]), None)
        hint = (f"the quoted value of {culprit!r} holds a '\"' inside braces, which the parser takes as "
                f"its end: enclose that value in braces instead, {culprit} = {{...}}" if culprit
                else "check the braces and quotes of this entry")
        listed = ", ".join(lost) if lost else "the end of the entry"
        yield block.key, Problem(where, f"entry {block.key!r} was read only in part: {listed} not read", hint)


def _next_block(spans: Sequence[Span], index: int) -> bib.Block | BlockMark | None:
    # Walk forward without slicing: a slice per entry would make the check quadratic.
    for later in range(index + 1, len(spans)):
        block = spans[later][2]
        if block is not None:
            return block
    return None


_BRACE = re.compile(r"(?<!\\)[{}]")  # a brace the parser counts (one after a backslash it skips)
_BRACE_OR_QUOTE = re.compile(r'(?<!\\)[{}"]')


def field_value(raw: object, macros: Mapping[str, str] = MappingProxyType({})) -> str:
    r"""A field's value as written in the file, reduced as bibtexparser's default parse stack
    reduces it: a bare macro name becomes its ``@string`` value (``macros``: lower-case name ->
    value as written), then one pair of braces or quotes enclosing the whole value is removed.

    >>> field_value("{Ketamine for {CRPS}}"), field_value('"a {"} b"'), field_value("jan", {"jan": '"January"'})
    ('Ketamine for {CRPS}', 'a {"} b', 'January')
    >>> field_value("{a} # {b}"), field_value("2020")
    ('{a} # {b}', '2020')
    """
    value = raw if isinstance(raw, str) else str(raw)
    head, tail = value[:1], value[-1:]
    if head == "{" and tail == "}":  # the usual value: braced, and nothing else inside
        inner = value[1:-1]
        if "{" not in inner and "}" not in inner and inner[-1:] != "\\":
            return inner
    elif not (head == '"' and tail == '"'):
        value = macros.get(value.lower(), value)
    value = value.strip()
    if len(value) < 2:
        return value
    head, tail = value[0], value[-1]
    if head == "{" and tail == "}":
        return value[1:-1] if _braces_enclose(value) else value
    if head == '"' and tail == '"':
        return value[1:-1] if _quotes_enclose(value) else value
    return value


def _braces_enclose(value: str) -> bool:
    # The brace opened first must be the one closed last (not so in "{a} # {b}").
    depth, last = 0, len(value) - 1
    for brace in _BRACE.finditer(value):
        depth += 1 if brace.group() == "{" else -1
        if depth < 0 or (depth == 0 and brace.start() != last):
            return False
    return depth == 0


def _quotes_enclose(value: str) -> bool:
    # No quote between the first and the last one, outside braces (not so in '"a" # "b"').
    last = len(value) - 1
    if value.find('"', 1, last) < 0:
        return True
    depth = 0
    for mark in _BRACE_OR_QUOTE.finditer(value, 1, last):
        char = mark.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            return False
    return True


def _line(block: bib.Block) -> int | None:
    return block.start_line + 1 if block.start_line is not None else None


def _failed_blocks(blocks: Iterable[bib.ParsingFailedBlock], shown: str | None) -> Iterable[Problem]:
    for block in blocks:
        where = Location(shown, _line(block))
        if isinstance(block, bib.DuplicateBlockKeyBlock):
            previous = block.previous_block
            first = _line(previous) if previous is not None else None
            yield Problem(
                where,
                f"duplicate key {block.key!r}" + (f" (first defined at line {first})" if first else ""),
                "rename one of the entries or delete the copy",
            )
        elif isinstance(block, bib.DuplicateFieldKeyBlock):
            names = ", ".join(sorted(block.duplicate_keys))
            yield Problem(where, f"field given twice in one entry: {names}", "keep one value per field")
        else:
            reason = " ".join(str(block.error).split()) if block.error else ""
            reason = reason or "syntax error"
            yield Problem(where, f"block could not be parsed: {reason}", "check braces, quotes and commas of this entry")


def _check_entry(entry: bib.Entry, source: Source, shown: str | None) -> Iterable[Problem]:
    design = source.fields.get("studydesign")
    if design is not None:
        try:
            StudyDesign(design.strip().lower())
        except ValueError:
            valid = ", ".join(d.value for d in StudyDesign)
            yield Problem(
                Location(shown, source.line),
                f"entry {source.key!r}: unknown studydesign {design!r}",
                f"use one of: {valid}",
            )
