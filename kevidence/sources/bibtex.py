"""Loading ``references.bib`` with bibtexparser 2.x into :class:`Source` models.

bibtexparser never raises on bad input: failed blocks come back as data with their line.
kevidence collects every such block as a :class:`Problem`; strict loading raises them all at
once in a :class:`BibError`, lenient loading hands them on (the audit shows them as
``bib-parse-error`` findings) together with the entries that did parse.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
from bibtexparser import model as bib

from kevidence.bulk import paused_gc
from kevidence.claims.store import read_text
from kevidence.errors import BibError, Location, Problem, display_path
from kevidence.evidence import StudyDesign
from kevidence.sources.model import Source


@dataclass
class BibFile:
    """A parsed BibTeX file: its text, bibtexparser's library, the sources and the problems."""

    path: Path | None
    text: str
    library: bibtexparser.Library
    sources: dict[str, Source]
    problems: list[Problem] = field(default_factory=list)


def parse_bib(text: str, path: Path | None = None, strict: bool = True) -> BibFile:
    """Parse BibTeX text; with ``strict`` raise :class:`BibError` listing every bad block."""
    library = bibtexparser.parse_string(text)
    shown = display_path(path)
    problems = list(_failed_blocks(library.failed_blocks, shown))
    sources: dict[str, Source] = {}
    for entry in library.entries:
        source = Source.model_construct(
            key=entry.key,
            entry_type=entry.entry_type.lower(),
            fields={f.key.lower(): _as_text(f.value) for f in entry.fields},
            line=entry.start_line + 1 if entry.start_line is not None else None,
        )
        problems.extend(_check_entry(entry, source, shown))
        sources[entry.key] = source
    problems.sort(key=lambda p: p.location.line or 0)
    if strict and problems:
        raise BibError(f"{shown or 'BibTeX input'} has blocks that could not be read", problems)
    return BibFile(path, text, library, sources, problems)


def load_bib(path: str | Path, strict: bool = True) -> BibFile:
    """Read and parse a ``.bib`` file (UTF-8; a BOM is accepted)."""
    path = Path(path)
    text = read_text(path, "BibTeX file")
    with paused_gc():
        return parse_bib(text, path, strict)


def _as_text(value: object) -> str:
    return value if isinstance(value, str) else str(value)


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
            reason = " ".join(str(block.error).split()) if block.error else "syntax error"
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
