"""Loading ``references.bib`` with bibtexparser 2.x into :class:`Source` models.

bibtexparser never raises on bad input: failed blocks come back as data with their line.
kevidence collects every such block as a :class:`Problem`; strict loading raises them all at
once in a :class:`BibError`, lenient loading hands them on (the audit shows them as
``bib-parse-error`` findings) together with the entries that did parse.

Where bibtexparser takes a block BibTeX reads for a comment (``@BOOK`` and its brace on two
lines, ``@ABNT-options{``, ``@COMMENTED{``), the block is read here by BibTeX's rules, so that
no entry is dropped in silence. A file in another encoding is read in the encoding named by
the caller or by JabRef's ``% Encoding:`` line, and written back in it.
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

from kevidence.bulk import share_fields_set
from kevidence.errors import (
    BibError,
    DataFileError,
    EditError,
    Location,
    Problem,
    display_path,
)
from kevidence.sources.entrytext import field_text, scan_entry
from kevidence.sources.evidence import StudyDesign
from kevidence.sources.model import Source
from kevidence.sources.writer import BlockMark, Span, block_spans, marked
from kevidence.text.encoding import (
    BOM,
    FileStamp,
    decode_text,
    describe_encoding,
    encode_text,
    encoding_name,
    read_bytes,
    unicode_family,
)

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
    encoding: str = "utf-8"  # the encoding the file was read in, and is written back in

    def encode(self, text: str) -> bytes:
        """The bytes of the file's new ``text`` in its own encoding (and BOM).

        Raises :class:`EditError` naming the entry and line of a character the file's
        encoding cannot hold.
        """
        try:
            return encode_text(text, self.encoding, self.bom)
        except UnicodeEncodeError as exc:
            char = text[exc.start]
            line = text.count("\n", 0, exc.start) + 1
            starts = [m.start() for m in _ENTRY_START.finditer(text, 0, exc.start)]
            key = _key_of(text, starts[-1]) if starts else None  # the entry the character is in
            where = f"entry {key!r}" if key else "the file"
            raise EditError(f"the .bib file is {describe_encoding(self.encoding)} and cannot hold {char!r}", [Problem(
                Location(display_path(self.path), line),
                f"{where}: {char!r} (U+{ord(char):04X}) cannot be written in {describe_encoding(self.encoding)}",
                "write the character as a LaTeX command (e.g. {\\'e}), or convert the file to UTF-8 and load it again")
            ]) from None


def parse_bib(text: str, path: Path | None = None, strict: bool = True) -> BibFile:
    """Parse BibTeX text; with ``strict`` raise :class:`BibError` listing every bad block."""
    # bibtexparser's default parse stack (resolve @string macros, then remove the enclosing
    # braces or quotes) walks every field twice more and records metadata kevidence does not
    # use; the same two steps are done here, in the one pass that builds the sources.
    library = bibtexparser.parse_string(text, parse_stack=[])
    shown = display_path(path)
    spans = block_spans(text, library.blocks)
    if spans is not None and "\\\n" in text:
        _correct_lines(text, spans)
    problems = list(_failed_blocks(library.failed_blocks, shown))
    damaged = {p_key: p for p_key, p in _lost_fields(text, spans or (), shown)}
    entries: Sequence[bib.Entry] = library.entries
    strings: list[bib.String] = library.strings
    if any(_may_hide_blocks(block) for block in library.blocks):
        # Blocks BibTeX reads that bibtexparser takes for comments ("@BOOK\n{", "@ABNT-options{").
        spans, found, hidden_problems = _hidden_blocks(text, spans, library.blocks, shown)
        problems.extend(hidden_problems)
        entries = _merged_entries(entries, found, problems, shown)
        # The library then holds what was read (kevidence.store.edit looks up added entries there).
        known = {id(e) for e in library.entries}
        library.add([e for e in entries if id(e) not in known], fail_on_duplicate_key=False)
        strings = [*(s for s in strings if not _may_hide_blocks(s)), *(b for b in found if isinstance(b, bib.String))]
    macros = {string.key.lower(): string.value for string in strings}
    problems.extend(damaged.values())
    sources: dict[str, Source] = {}
    for entry in entries:
        fields = entry.fields
        source = Source.model_construct(
            key=entry.key,
            entry_type=entry.entry_type.lower(),
            fields={sys.intern(f.key.lower()): field_value(f.value, macros) for f in fields},
            line=entry.start_line + 1 if entry.start_line is not None else None,
        )
        share_fields_set(source)
        problems.extend(_check_entry(entry, source, shown))
        raw = entry.raw
        if raw is not None and raw.count("=") > len(fields):  # cheap: only then can a value hold one
            swallowed = _swallowed_field(entry, shown)
            if swallowed is not None:
                problems.append(swallowed)
                damaged.setdefault(entry.key, swallowed)
        sources[entry.key] = source
    problems.sort(key=lambda p: p.location.line or 0)
    if strict and problems:
        raise BibError(f"{shown or 'BibTeX input'} has blocks that could not be read", problems)
    written = "\n".join(s.raw or "" for s in strings)
    return BibFile(path, text, library, sources, problems, spans, frozenset(damaged), strings=written)


def load_bib(path: str | Path, strict: bool = True, encoding: str | None = None,
             raw_read: tuple[bytes, FileStamp] | None = None) -> BibFile:
    """Read and parse a ``.bib`` file (``raw_read``: its bytes and fingerprint, when read already).

    ``encoding`` names the file's encoding; without it a JabRef ``% Encoding: NAME`` line at
    the top names it, else the file must be UTF-8 (a BOM is accepted). The encoding is kept
    on the result, so that a save writes the file back in it.
    """
    path = Path(path)
    raw, stamp = raw_read if raw_read is not None else read_bytes(path, "BibTeX file")
    named = encoding if encoding is not None else declared_encoding(raw, path)
    decoded = decode_text(raw, path, "BibTeX file", named, naming=_NAMING, header=_HEADER)
    parsed = parse_bib(decoded.text, path, strict)
    # bibtexparser's blocks copy every entry's text and fields: not kept once loaded.
    parsed.library = None
    if parsed.spans is not None:
        parsed.spans = marked(parsed.spans)
    parsed.bom, parsed.stamp, parsed.encoding = decoded.bom, stamp, decoded.encoding
    return parsed


_NAMING = "encoding='{name}' to kevidence.load (--encoding {name} on the command line)"
_HEADER = "or begin the file with the line '% Encoding: {name}' (as JabRef does)"
# JabRef's header, among the comment lines that open a file: "% Encoding: UTF-8".
_DECLARED = re.compile(rb"\A(?:[ \t]*(?:%[^\r\n]*)?\r?\n)*?[ \t]*%[ \t]*Encoding[ \t]*:[ \t]*([^\s]+)", re.IGNORECASE)


def declared_encoding(raw: bytes, path: Path | None = None) -> str | None:
    r"""The encoding a JabRef ``% Encoding: NAME`` line among the file's opening comment lines
    names (None when there is none). An unknown name is a :class:`DataFileError` at that line.

    >>> declared_encoding(b"% This file was created with JabRef 2.10.\n% Encoding: ISO8859_1\n\n@misc{a}")
    'iso8859-1'
    >>> declared_encoding(b"@misc{a, note = {% Encoding: cp1251}}") is None
    True
    """
    head = raw[:4096]
    if raw.startswith(BOM) or unicode_family(head) is not None:
        return None  # a byte-order mark or UTF-16/32 says more than a header
    found = _DECLARED.match(head)
    if found is None:
        return None
    name = found.group(1).decode("ascii", errors="replace")
    known = encoding_name(name)
    if known is None:
        raise DataFileError("BibTeX file names an unknown encoding", [Problem(
            Location(display_path(path), head[: found.start(1)].count(b"\n") + 1),
            f"'% Encoding: {name}' names no encoding Python knows",
            "correct the name (e.g. UTF-8, ISO-8859-1, windows-1252, windows-1251), or pass encoding= / --encoding")])
    return known


# Where BibTeX starts a block: '@', the type (any characters but these; spaces and newlines
# may stand around it), then '{' or '('. bibtexparser wants a type of letters, digits and '_'
# directly before the brace, and takes every type beginning with "comment" for a comment.
_ENTRY_START = re.compile(r"@\s*([^\s\"#%'(),={}0-9][^\s\"#%'(),={}]*)\s*([{(])")


_COMMANDS: dict[type, str] = {bib.ExplicitComment: "comment", bib.Preamble: "preamble", bib.String: "string"}


def _correct_lines(text: str, spans: Sequence[Span]) -> None:
    """Set each block's line from its place in the text.

    bibtexparser 2.1 does not count a newline that follows a backslash (a line ending in
    ``\\\\``, common in long notes), so every block after one is placed too early.
    """
    line, at = 0, 0
    for start, _end, block in spans:
        if isinstance(block, bib.Block):
            line += text.count("\n", at, start)
            at = start
            block._start_line_in_file = line  # bibtexparser's own attribute: it has no setter


def _may_hide_blocks(block: bib.Block) -> bool:
    """Whether a block bibtexparser took for a comment may hold blocks BibTeX reads."""
    # bibtexparser takes "@COMMENTED{", "@preambles{", "@stringent{" for what they begin with.
    word = _COMMANDS.get(type(block))
    if word is not None:
        start = _ENTRY_START.match(block.raw or "")
        return start is not None and start.group(1).lower() != word
    if isinstance(block, bib.ImplicitComment):
        raw = block.raw or ""
        return "@" in raw and _ENTRY_START.search(raw) is not None
    return False


def _key_of(text: str, start: int) -> str | None:
    """The key of the entry whose ``@`` is at ``start`` (None when it cannot be found)."""
    head = _ENTRY_START.match(text, start)
    if head is None:
        return None
    closer = "}" if head.group(2) == "{" else ")"
    key = re.match(r"\s*([^,\s" + re.escape(closer) + r"]*)", text[head.end():head.end() + 1000])
    return key.group(1) if key and key.group(1) else None


def _hidden_blocks(
    text: str, spans: list[Span] | None, blocks: Sequence[bib.Block], shown: str | None
) -> tuple[list[Span] | None, list[bib.Block], list[Problem]]:
    """Read, by BibTeX's rules, the blocks inside what bibtexparser returned as comments.

    Returns the spans with each such comment cut into its blocks and the text around them,
    the blocks found (entries, @string and @preamble), and a problem for each block that
    could not be read.
    """
    if spans is None:  # the text could not be cut: say where the unread blocks are
        return None, [], list(_unread_hidden(blocks, shown))
    out: list[Span] = []
    found: list[bib.Block] = []
    problems: list[Problem] = []
    for start, end, block in spans:
        if block is None or not isinstance(block, bib.Block) or not _may_hide_blocks(block):
            out.append((start, end, block))
            continue
        first_line = block.start_line or 0
        cursor = start
        at = start
        while True:
            head = _ENTRY_START.search(text, at, end)
            if head is None:
                break
            kind = head.group(1).lower()
            if kind == "comment":  # "@comment": BibTeX skips the word and reads on
                at = head.end()
                continue
            line = first_line + text.count("\n", start, head.start())
            read = _read_block(text, head, end, line, shown)
            if isinstance(read, Problem):
                problems.append(read)
                at = head.end()
                continue
            if head.start() > cursor:
                out.append(_comment_span(text, cursor, head.start(), first_line + text.count("\n", start, cursor)))
            block_end = head.start() + len(read.raw or "")
            out.append((head.start(), block_end, read))
            found.append(read)
            cursor = at = block_end
        if cursor < end:
            out.append(_comment_span(text, cursor, end, first_line + text.count("\n", start, cursor)))
    return out, found, problems


def _unread_hidden(blocks: Sequence[bib.Block], shown: str | None) -> Iterable[Problem]:
    """A problem for each block BibTeX would read inside what bibtexparser took for comments,
    when the parser's blocks overlap so that the text cannot be cut into them."""
    for block in blocks:
        if not _may_hide_blocks(block):
            continue
        raw = block.raw or ""
        for head in _ENTRY_START.finditer(raw):
            if head.group(1).lower() == "comment":
                continue
            key = _key_of(raw, head.start())
            line = (block.start_line or 0) + raw.count("\n", 0, head.start()) + 1
            what = f"entry {key!r}" if key else f"@{head.group(1)} block"
            yield Problem(Location(shown, line), f"{what} could not be read: the parser's blocks overlap around it",
                          "check the braces and quotes of the blocks near it")


def _comment_span(text: str, start: int, end: int, line: int) -> Span:
    piece = text[start:end]
    if not piece.strip():
        return (start, end, None)
    return (start, end, bib.ImplicitComment(comment=piece.strip(), start_line=line, raw=piece))


def _read_block(text: str, head: re.Match[str], end: int, line: int, shown: str | None) -> bib.Block | Problem:
    """The entry, @string or @preamble starting at ``head``, read by BibTeX's rules, or the
    problem that stops it being read (it must close before ``end``)."""
    where = Location(shown, line + 1)
    kind = head.group(1)
    scanned = scan_entry(text, head.start())
    if scanned is None or scanned[1] > end:
        key = _key_of(text, head.start())
        what = f"entry {key!r}" if key and kind.lower() not in ("string", "preamble") else f"@{kind} block"
        return Problem(where, f"{what} is not closed where BibTeX expects it",
                       "check the braces, quotes and commas of this block")
    entry, close = scanned
    raw = text[head.start():close]
    inner = raw[head.end() - head.start():-1]
    if kind.lower() == "preamble":
        return bib.Preamble(value=inner, start_line=line, raw=raw)
    if kind.lower() == "string":
        pair = field_text(inner)
        if pair is None:
            return Problem(where, "@string block could not be read: expected NAME = value",
                           "write it as @string{name = {value}}")
        return bib.String(key=pair.name, value=pair.value, start_line=line, raw=raw)
    key = entry.head[head.end() - head.start():].rstrip(",").strip()
    if not key or any(c.isspace() for c in key):
        shown_key = " ".join(key.split())
        return Problem(where, f"@{kind} entry has no valid key" + (f" ({shown_key!r})" if key else ""),
                       "write the key, with no spaces, right after the opening brace: @type{key, ...}")
    fields: list[bib.Field] = []
    names: set[str] = set()
    offset = head.start() + len(entry.head)
    for part in entry.parts:
        field = field_text(part)
        if field is None and part.strip():
            return Problem(where, f"entry {key!r}: {' '.join(part.split())[:60]!r} is not a field",
                           "write each field as name = value, with a comma between fields")
        if field is not None:
            if field.name.lower() in names:
                return Problem(where, f"entry {key!r}: field given twice: {field.name}", "keep one value per field")
            names.add(field.name.lower())
            field_line = line + text.count("\n", head.start(), offset + len(field.lead) + len(field.name))
            fields.append(bib.Field(key=field.name, value=field.value, start_line=field_line))
        offset += len(part) + 1
    return bib.Entry(entry_type=kind, key=key, fields=fields, start_line=line, raw=raw)


def _merged_entries(
    entries: Sequence[bib.Entry], found: Sequence[bib.Block], problems: list[Problem], shown: str | None
) -> list[bib.Entry]:
    """The entries bibtexparser read and those found in its comments, in file order; a
    found entry whose key is taken is reported as a duplicate."""
    merged = list(entries)
    keys = {e.key: e for e in entries}
    for block in found:
        if not isinstance(block, bib.Entry):
            continue
        first = keys.get(block.key)
        if first is not None:
            at = f" (first defined at line {_line(first)})" if _line(first) else ""
            problems.append(Problem(Location(shown, _line(block)), f"duplicate key {block.key!r}{at}",
                                    "rename one of the entries or delete the copy"))
            continue
        keys[block.key] = block
        merged.append(block)
    merged.sort(key=lambda e: e.start_line or 0)
    return merged


_VALUE_MARK = re.compile(r'(?<!\\)[{}"=]')


def _swallowed_field(entry: bib.Entry, shown: str | None) -> Problem | None:
    """The problem of a value that runs on into the next field.

    ``title = "A".  institution = "B",`` has no comma after ``"A"``: bibtexparser reads one
    value up to the next comma, ``"A".  institution = "B"``. An ``=`` outside braces and
    quotes is never part of a BibTeX value.
    """
    for f in entry.fields:
        value = f.value if isinstance(f.value, str) else ""
        if "=" not in value:
            continue
        depth, quoted = 0, False
        for mark in _VALUE_MARK.finditer(value):
            char = mark.group()
            if char == "{":
                depth += 1
            elif char == "}":
                depth = max(depth - 1, 0)
            elif depth:
                continue
            elif char == '"':
                quoted = not quoted
            elif not quoted:
                before = value[: mark.start()].rstrip()
                name = re.search(r"[^\s\"#%'(),={}]+$", before)
                taken = name.group() if name else "?"
                raw = entry.raw or ""
                first = (entry.start_line or 0) + 1 + raw.count("\n", 0, max(raw.find(value), 0))
                line = first + before.count("\n")
                return Problem(
                    Location(shown, first),
                    f"entry {entry.key!r}: the value of {f.key!r} runs on into the next field {taken!r} "
                    f"(line {line}): a comma is missing after the value of {f.key!r}",
                    f"end the value of {f.key!r} with a comma, before {taken!r}")
    return None


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
            entry = block.ignore_error_block
            key = f"entry {entry.key!r}: " if isinstance(entry, bib.Entry) else ""
            yield Problem(where, f"{key}field given twice in one entry: {names}", "keep one value per field")
        else:
            reason = " ".join(str(block.error).split()) if block.error else ""
            reason = reason or "syntax error"
            named = _key_of(block.raw or "", 0)
            what = f"entry {named!r}" if named else "block"
            yield Problem(where, f"{what} could not be parsed: {reason}", "check braces, quotes and commas of this entry")


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
