"""Lossless writing of ``.bib`` files: unchanged blocks keep their bytes, edits touch one entry.

bibtexparser's own writer re-formats every value and expands ``@string`` macros, so it cannot
save a file that people keep under version control. Here the original text is cut into spans
(each parsed block's raw text and the text between blocks); an unchanged span is copied
byte for byte, an edited entry changes only the fields that changed, and a new entry is
written in the style most of the file's entries already use.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bibtexparser import model as bib

from kevidence.sources.entrytext import EntryText, FieldText, field_text, scan_entry
from kevidence.sources.model import Source


@dataclass(frozen=True, slots=True)
class BlockMark:
    """What a block of a file is, without the parser's copy of it: an entry's key, or None
    for any other block (@string, @preamble, @comment). A loaded file keeps these only."""

    key: str | None


# (start, end, block): a block as parsed, its mark, or None for the text between blocks.
Span = tuple[int, int, "bib.Block | BlockMark | None"]


def entry_key(block: bib.Block | BlockMark | None) -> str | None:
    """The key of the entry a span holds; None when it holds no entry."""
    if isinstance(block, BlockMark):
        return block.key
    return block.key if isinstance(block, bib.Entry) else None


def marked(spans: Sequence[Span]) -> list[Span]:
    """The spans with each parsed block replaced by its :class:`BlockMark`."""
    return [(a, b, None if block is None else BlockMark(entry_key(block))) for a, b, block in spans]


@dataclass(frozen=True, slots=True)
class BibStyle:
    """How a file writes its entries; new entries copy it."""

    indent: str = "  "
    align: bool = False  # pad field names so that the '=' signs line up
    equals: str = " = "
    quotes: bool = False  # enclose values in "..." rather than {...}
    trailing_comma: bool = False
    newline: str = "\n"
    upper_type: bool = False  # @ARTICLE rather than @article
    separator: str = "\n\n"  # the text between two entries


def block_spans(text: str, blocks: Sequence[bib.Block]) -> list[Span] | None:
    """Cut ``text`` into the spans of its blocks and the text between them.

    Joining the spans gives ``text`` back; None when a block's raw text cannot be found in
    order (the file then cannot be edited losslessly).
    """
    spans: list[Span] = []
    cursor = 0
    for block in blocks:
        raw = block.raw
        if not raw:
            continue
        # Blocks usually follow one another directly: test that before searching.
        at = cursor if text.startswith(raw, cursor) else text.find(raw, cursor)
        if at < 0:
            return None
        if at > cursor:
            spans.append((cursor, at, None))
        spans.append((at, at + len(raw), block))
        cursor = at + len(raw)
    if cursor < len(text):
        spans.append((cursor, len(text), None))
    if "".join(text[a:b] for a, b, _ in spans) != text:
        return None
    return spans


def detect_style(text: str, spans: Sequence[Span]) -> BibStyle:
    """The prevailing style of a file's entries (defaults for a file with none)."""
    indents: Counter[str] = Counter()
    equals: Counter[str] = Counter()
    quotes = braces = aligned = ragged = trailing = bare_end = upper = lower = 0
    separators: Counter[str] = Counter()
    previous_entry = False
    for start, end, block in spans:
        if block is None:
            if previous_entry and not text[start:end].strip():
                separators[text[start:end]] += 1
            continue
        previous_entry = entry_key(block) is not None
        if not previous_entry:
            continue
        scanned = scan_entry(text, start)
        if scanned is None:
            continue
        entry = scanned[0]
        fields = entry.fields
        if not fields:
            continue
        kind = entry.head[1:].lstrip()[:1]
        upper += kind.isupper()
        lower += kind.islower()
        for f in fields:
            indents[f.lead.rsplit("\n", 1)[-1] if "\n" in f.lead else f.lead] += 1
            equals[f.equals.strip(" \t") and (" = " if " " in f.equals else "=")] += 1
            quotes += f.value.startswith('"')
            braces += f.value.startswith("{")
        if len(fields) > 1:
            columns = {len(f.name) + len(f.equals.split("=")[0]) for f in fields}
            if len(columns) == 1 and len({len(f.name) for f in fields}) > 1:
                aligned += 1
            else:
                ragged += 1
        trailing += entry.trailing_comma
        bare_end += not entry.trailing_comma
    crlf = text.count("\r\n")
    return BibStyle(
        indent=indents.most_common(1)[0][0] if indents else "  ",
        align=aligned > ragged,
        equals=equals.most_common(1)[0][0] if equals else " = ",
        quotes=quotes > braces,
        trailing_comma=trailing > bare_end,
        newline="\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n",
        upper_type=upper > lower,
        separator=(separators.most_common(1)[0][0] if separators else "\n\n"),
    )


def encode_value(value: str, quotes: bool = False) -> str:
    """A field value as BibTeX text: in braces, or in quotes when the style asks and it is safe.

    >>> encode_value("Pain")
    '{Pain}'
    >>> encode_value('say "no"', quotes=True)
    '{say "no"}'
    """
    if quotes and not _has_bare_quote(value):
        return f'"{value}"'
    return "{" + value + "}"


def _has_bare_quote(value: str) -> bool:
    depth = 0
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            return True
    return False


def balanced(value: str) -> bool:
    r"""Whether a value's braces balance both for BibTeX and for bibtexparser.

    BibTeX counts every brace; bibtexparser skips a brace after a backslash. A value is safe
    to write only when both agree that it closes, and when it does not end in a backslash.

    >>> balanced("{Ca} {II}"), balanced("a}{b"), balanced("{\\}")
    (True, False, False)
    """
    if value.endswith("\\"):
        return False
    for skip_escaped in (False, True):
        depth = 0
        for index, char in enumerate(value):
            if skip_escaped and index and value[index - 1] == "\\":
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth < 0:
                    return False
        if depth:
            return False
    return True


def render_entry(entry_type: str, key: str, values: Sequence[tuple[str, str]], style: BibStyle) -> str:
    """A new entry in the file's style; ``values`` are (name, value as BibTeX text) pairs.

    >>> print(render_entry("article", "k", [("title", "{T}"), ("year", "{2020}")], BibStyle()))
    @article{k,
      title = {T},
      year = {2020}
    }
    """
    nl = style.newline
    width = max((len(name) for name, _ in values), default=0)
    lines = []
    for name, raw in values:
        padded = name.ljust(width) if style.align else name
        lines.append(f"{style.indent}{padded}{style.equals}{raw}")
    kind = entry_type.upper() if style.upper_type else entry_type
    body = ("," + nl).join(lines)
    if not values:
        return f"@{kind}{{{key}}}"
    return f"@{kind}{{{key},{nl}{body}{',' if style.trailing_comma else ''}{nl}}}"


def edit_entry(entry: EntryText, changes: Mapping[str, str | None], entry_type: str | None, style: BibStyle) -> str:
    """The entry's text with only the changed fields rewritten.

    ``changes`` maps a lower-case field name to its new value as BibTeX text, or to None to
    drop it. Untouched fields keep their bytes, macros included; new fields are added after
    the last one, spaced and aligned like their neighbours.
    """
    parts = list(entry.parts)
    closing = parts.pop() if entry.trailing_comma else None
    items: list[FieldText | str] = [field_text(p) or p for p in parts]
    fields = [i for i in items if isinstance(i, FieldText)]
    template = fields[-1] if fields else None
    inner_trail = fields[0].trail if len(fields) > 1 else ""
    final_trail = fields[-1].trail if fields and closing is None else (style.newline if closing is None else "")
    pending = dict(changes)
    kept: list[FieldText | str] = []
    for item in items:
        if isinstance(item, FieldText) and item.name.lower() in pending:
            raw = pending.pop(item.name.lower())
            if raw is not None:
                kept.append(FieldText(item.lead, item.name, item.equals, raw, item.trail))
            continue
        kept.append(item)
    for name, raw in pending.items():
        if raw is not None:
            kept.append(_new_field(name, raw, template, fields, style))
    last_field = max((i for i, item in enumerate(kept) if isinstance(item, FieldText)), default=-1)
    texts: list[str] = []
    for i, item in enumerate(kept):
        if isinstance(item, FieldText):
            trail = final_trail if (i == last_field and closing is None) else (
                inner_trail if item.trail == final_trail and closing is None else item.trail)
            item = FieldText(item.lead, item.name, item.equals, item.value, trail)
            texts.append(item.text)
        else:
            texts.append(item)
    if closing is not None:
        texts.append(closing)
    head = entry.head
    if entry_type is not None:
        head = re.sub(r"(@[ \t]*)[^\s{(]+", lambda m: m.group(1) + entry_type, head, count=1)
    if not texts or all(not t.strip() for t in texts):
        return head.rstrip(",") + entry.tail
    if not head.endswith(","):
        head += ","  # "@misc{key}" gains its first field
    return EntryText(head, tuple(texts), entry.tail).text


def _new_field(name: str, raw: str, template: FieldText | None, fields: Sequence[FieldText], style: BibStyle) -> FieldText:
    if template is None:
        return FieldText(style.newline + style.indent, name, style.equals, raw, "")
    equals = template.equals
    columns = {len(f.name) + len(f.equals.split("=", 1)[0]) for f in fields}
    if len(fields) > 1 and len(columns) == 1 and len({len(f.name) for f in fields}) > 1:
        column = columns.pop()
        equals = " " * max(1, column - len(name)) + "=" + template.equals.split("=", 1)[1]
    return FieldText(template.lead, name, equals, raw, template.trail)


def render_bib(
    text: str,
    spans: Sequence[Span],
    old: Mapping[str, Source],
    new: Mapping[str, Source],
    raw_values: Mapping[str, Mapping[str, str]],
) -> tuple[str, list[Span]]:
    """The file's new text after its sources changed from ``old`` to ``new``, and its spans.

    Unchanged blocks and the text between blocks are copied byte for byte (a source is
    unchanged when it is the object that was loaded, or has the same type and fields).
    ``raw_values`` gives, per key, the BibTeX text of values that must not be re-encoded
    (macros). The spans returned cut the new text as ``spans`` cut the old one, each block
    as its :class:`BlockMark`, so the next save needs no new parse.
    """
    style = detect_style(text, spans)
    out: list[tuple[str, BlockMark | None]] = []
    skip_gap = False
    mark: BlockMark | None
    for start, end, block in spans:
        piece = text[start:end]
        if block is None:
            if skip_gap and not piece.strip():
                skip_gap = False
                continue  # the blank lines after a removed first entry go with it
            skip_gap = False
            out.append((piece, None))
            continue
        skip_gap = False
        key = entry_key(block)
        mark = block if isinstance(block, BlockMark) else BlockMark(key)
        if key is None or key not in old:
            out.append((piece, mark))
            continue
        if key not in new:
            # a removed entry takes the blank lines before it along (or after it, when first)
            if out and out[-1][1] is None and not out[-1][0].strip():
                out.pop()
            elif not out:
                skip_gap = True
            continue
        before, after = old[key], new[key]
        if after is before or (before.fields == after.fields and before.entry_type == after.entry_type):
            out.append((piece, mark))
            continue
        scanned = scan_entry(text, start)
        if scanned is None or scanned[1] != end:
            raise ValueError(f"entry {key!r} cannot be edited in place")
        changes = _changes(before, after, raw_values.get(key, {}), style)
        entry_type = after.entry_type if after.entry_type != before.entry_type else None
        out.append((edit_entry(scanned[0], changes, entry_type, style), mark))
    added = [key for key in new if key not in old]
    if added:
        # New entries follow the last block, one separator apart, the file ending in a newline.
        while out and out[-1][1] is None and not out[-1][0].strip("\r\n"):
            out.pop()
        if out:
            last, mark = out.pop()
            stripped = last.rstrip("\r\n")
            if stripped:
                out.append((stripped, mark))
        for key in added:
            source = new[key]
            raws = raw_values.get(key, {})
            values = [(name, raws.get(name) or encode_value(value, style.quotes)) for name, value in source.fields.items()]
            if out:
                out.append((style.separator, None))
            out.append((render_entry(source.entry_type, key, values, style), BlockMark(key)))
        out.append((style.newline, None))
    result: list[Span] = []
    cursor = 0
    for piece, mark in out:
        if piece:
            result.append((cursor, cursor + len(piece), mark))
            cursor += len(piece)
    return "".join(piece for piece, _ in out), result


def _changes(before: Source, after: Source, raws: Mapping[str, str], style: BibStyle) -> dict[str, str | None]:
    changes: dict[str, str | None] = {}
    for name, value in after.fields.items():
        if before.fields.get(name) != value:
            changes[name] = raws.get(name) or encode_value(value, style.quotes)
    for name in before.fields:
        if name not in after.fields:
            changes[name] = None
    return changes
