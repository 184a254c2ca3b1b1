"""Reading a plain-text article: paragraphs between blank lines; short lines without closing
punctuation are headings, also inside a paragraph when a line follows them; bulleted lines are
list items; a line ending with a colon (a list's lead-in) ends its paragraph."""

from __future__ import annotations

import re

from kevidence.article.model import Block, BlockKind
from kevidence.text.offsets import OffsetMap

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_SETEXT = re.compile(r"\n[=\-]{3,}[ \t]*$")
_ATX = re.compile(r"^#{1,6}[ \t]+")
MAX_HEADING_WORDS = 14
# A bullet at a line's start: "- ", "* ", "• ", "– " (numbered lines are left alone: they may be references).
_BULLET = re.compile(r"[-*\u2022\u00b7\u2013\u25aa\u25cf][ \t]+")
# A stop followed by more words: the line holds a sentence ("...literature. Although").
_INNER_STOP = re.compile(r"[.!?][\u201d\"')\]]?[ \t]+\S")
# A label and a figure after it: the line states something ("Success rate: 50-70% get meaningful relief").
_LABELLED_FIGURE = re.compile(r":[ \t]+[^:]*?\d[ \t]?%")


def is_heading_line(text: str) -> bool:
    """Whether a one-line paragraph reads as a heading: short, no closing stop, no marker, no quote."""
    from kevidence.article.markers import find_markers

    line = text.strip()
    if "\n" in line or not line or len(line.split()) > MAX_HEADING_WORDS:
        return False
    # A closing quotation mark ends a sentence only after a stop ("... relief.\u201d"); "... 'Tennis Elbow'" is a title.
    if line.rstrip("\u201d\"'\u2019")[-1:] in ".!,;:" or line[0] in "\u201c\"\u2018'([" or find_markers(line):
        return False
    if _INNER_STOP.search(line) or _LABELLED_FIGURE.search(line):
        return False
    return any(ch.isalpha() for ch in line)


def read_plain(text: str) -> list[Block]:
    """The blocks of a plain-text article."""
    blocks: list[Block] = []
    for chunk_start, chunk in _runs(text):
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if not body:
            continue
        start = chunk_start + lead
        atx = _ATX.match(body)
        setext = _SETEXT.search(body)
        if atx and "\n" not in body:
            blocks.append(Block(BlockKind.HEADING, body[atx.end():], OffsetMap.identity(start + atx.end()),
                                level=len(atx.group().strip())))
        elif setext and "\n" not in body[:setext.start()]:
            blocks.append(Block(BlockKind.HEADING, body[:setext.start()], OffsetMap.identity(start),
                                level=1 if "=" in setext.group() else 2))
        elif bullet := _BULLET.match(body):
            blocks.append(Block(BlockKind.ITEM, body[bullet.end():], OffsetMap.identity(start + bullet.end())))
        elif is_heading_line(body):
            blocks.append(Block(BlockKind.HEADING, body, OffsetMap.identity(start)))
        else:
            blocks.append(Block(BlockKind.PARAGRAPH, body, OffsetMap.identity(start)))
    return blocks


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, text) of the runs of lines between blank lines."""
    found: list[tuple[int, str]] = []
    cursor = 0
    for blank in _BLANK_LINE.finditer(text):
        found.append((cursor, text[cursor:blank.start()]))
        cursor = blank.end() - 1  # the second newline starts the next run
    found.append((cursor, text[cursor:]))
    return found


def _runs(text: str) -> list[tuple[int, str]]:
    """The paragraphs, each cut before a heading line, a bulleted line, and after a lead-in
    line (one ending with a colon) or a bulleted line. A heading line inside a paragraph starts
    it or follows a line that ends a sentence, and a line follows it that does not go on in lower
    case (a hard-wrapped sentence does)."""
    runs: list[tuple[int, str]] = []
    for start, paragraph in _paragraphs(text):
        lines = paragraph.split("\n")
        cut = 0  # offset in the paragraph where the current run starts
        offset = 0
        previous, was_heading = "", False
        for number, line in enumerate(lines):
            stripped = line.strip()
            after = lines[number + 1].strip() if number + 1 < len(lines) else ""
            bullet = _BULLET.match(stripped) is not None
            # (A quotation mark in it: a quotation broken over lines, not a heading.)
            heading = (bool(after) and not after[0].islower() and not bullet and is_heading_line(stripped)
                       and not any(mark in stripped for mark in "\u201c\u201d\"")
                       and (not previous or previous[-1] in ".!?:" or _BULLET.match(previous) is not None
                            or was_heading))
            if (bullet or heading) and offset > cut:
                runs.append((start + cut, paragraph[cut:offset]))
                cut = offset
            end = offset + len(line) + 1
            if (bullet or heading or stripped.endswith(":")) and after and end < len(paragraph):
                runs.append((start + cut, paragraph[cut:end]))
                cut = end
            if stripped:
                previous, was_heading = stripped, heading
            offset = end
        if cut < len(paragraph):
            runs.append((start + cut, paragraph[cut:]))
    return runs
