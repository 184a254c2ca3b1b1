"""Finding the reference list at the end of an article, and reading its entries' labels."""

from __future__ import annotations

import re

from kevidence.article.model import Block, BlockKind, ReferenceEntry

REFERENCE_HEADING = re.compile(
    r"^\W*(references?|bibliography|sources|works cited|literature cited|citations|notes|footnotes)\W*$",
    re.IGNORECASE,
)
# "[2]. Maher", "[2] Maher", "2. Maher", "2) Maher", "(2) Maher", "[^2]: Maher", "^2^ Maher"
LABEL = re.compile(r"^\s*(?:\[\^?(\d{1,3})\][.:]?|\((\d{1,3})\)|\^?(\d{1,3})[.):\]]|\^(\d{1,3})\^)\s*")
_KEY_ANCHOR = re.compile(r"^(?:ref-|cite-|bib-)(.+)$")
_NUMBER_ANCHOR = re.compile(r"^(?:ref|cite|bib|fn|note|r|reference)[-_:]?(\d{1,3})$", re.IGNORECASE)
# What a reference has: a year, a DOI, a PMID, or a web address.
_LOOKS_CITED = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)|10\.\d{4,9}/|PMID|https?://", re.IGNORECASE)


def _is_reference_heading(block: Block) -> bool:
    return REFERENCE_HEADING.match(block.text.strip()) is not None and (
        block.kind is BlockKind.HEADING or len(block.text.split()) <= 3
    )


def split_reference_list(blocks: list[Block]) -> tuple[list[Block], list[ReferenceEntry], int | None]:
    """The prose blocks, the reference-list entries, and the source offset of the list's heading.

    The list is what follows the last 'References' heading (up to the next heading of the same
    or a higher level), else a trailing run of labelled blocks that each look like a reference.
    """
    for index in range(len(blocks) - 1, -1, -1):
        if _is_reference_heading(blocks[index]):
            heading = blocks[index]
            end = index + 1
            while end < len(blocks) and not (
                blocks[end].kind is BlockKind.HEADING and (heading.level == 0 or blocks[end].level <= heading.level)
            ):
                end += 1
            entries = _entries(blocks[index + 1:end])
            return blocks[:index] + blocks[end:], entries, heading.offsets.source_offset(0)
    start = len(blocks)
    while start > 0 and _labelled(blocks[start - 1]):
        start -= 1
    if start < len(blocks):
        return blocks[:start], _entries(blocks[start:]), None
    return blocks, [], None


def _labelled(block: Block) -> bool:
    if block.kind is BlockKind.HEADING or not _LOOKS_CITED.search(block.text) or _numbered_heading(block.text):
        return False
    return (LABEL.match(_without_stray_lines(block.text)) is not None or block.number is not None
            or (block.anchor is not None and _anchor_label(block.anchor) is not None))


def _without_stray_lines(text: str) -> str:
    """The text from its first line that holds a letter or a digit (a page's separators, lines of ".", dropped)."""
    lines = text.splitlines(keepends=True)
    first = next((i for i, line in enumerate(lines) if any(c.isalnum() for c in line)), len(lines))
    return "".join(lines[first:])


def _numbered_heading(text: str) -> bool:
    """Whether a block opens with a numbered heading over prose ("1. Reduced Muscle Soreness", then the
    section's sentences, which may cite "Cheung et al. (2003)"): a few words on their own line, with
    none of a reference's punctuation, year or address, and more text below."""
    first, newline, rest = text.strip().partition("\n")
    label = LABEL.match(first)
    if label is None or not newline or not rest.strip():
        return False
    title = first[label.end():]
    return len(title.split()) <= _HEADING_WORDS and not _LOOKS_CITED.search(title) and not any(c in title for c in ".,;")


_HEADING_WORDS = 8
"""At most this many words on the numbered line of a section heading."""


def _anchor_label(anchor: str) -> tuple[int | None, str | None] | None:
    number = _NUMBER_ANCHOR.match(anchor)
    if number:
        return int(number.group(1)), None
    key = _KEY_ANCHOR.match(anchor)
    if key:
        return None, key.group(1)
    return None


def _entries(blocks: list[Block]) -> list[ReferenceEntry]:
    entries: list[ReferenceEntry] = []
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            continue
        for start, end in _entry_spans(block.text):
            entry = _entry(block, start, end, len(entries) + 1)
            if entry is not None:
                entries.append(entry)
    return entries


def _entry_spans(text: str) -> list[tuple[int, int]]:
    """One block may hold several entries: one per labelled line, or, when no line is labelled
    and every line looks like a reference, one per line."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    offset = 0
    for line in lines:
        if offset and LABEL.match(line):
            starts.append(offset)
        offset += len(line)
    if len(starts) == 1 and len(lines) > 1 and all(_LOOKS_CITED.search(line) for line in lines if line.strip()):
        starts, offset = [], 0
        for line in lines:
            if line.strip():
                starts.append(offset)
            offset += len(line)
    return list(zip(starts, starts[1:] + [len(text)]))


def _entry(block: Block, start: int, end: int, position: int) -> ReferenceEntry | None:
    raw = block.text[start:end]
    lead = len(raw) - len(raw.lstrip())
    label = LABEL.match(raw)
    number: int | None = None
    key: str | None = None
    body_start = start + lead
    if label:
        number = int(next(g for g in label.groups() if g))
        body_start = start + label.end()
    elif block.number is not None and start == 0:
        number = block.number
    elif block.anchor is not None and _anchor_label(block.anchor) is not None:
        number, key = _anchor_label(block.anchor) or (None, None)
    else:
        number = position
    # A web page's back-link before the entry ("^", "↑") is not part of it.
    text = " ".join(block.text[body_start:end].split()).lstrip("^\u2191\u21a9 ")
    if not any(c.isalnum() for c in text):  # nothing but a separator ("." lines before the list)
        return None
    return ReferenceEntry(
        label=str(number) if number is not None else str(key),
        text=text,
        offset=block.offsets.source_offset(start + lead),
        number=number,
        key=key,
    )
