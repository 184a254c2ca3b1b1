"""Reading a plain-text article: paragraphs between blank lines; short lines without closing
punctuation are headings."""

from __future__ import annotations

import re

from kevidence.article.model import Block, BlockKind
from kevidence.text.offsets import OffsetMap

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_SETEXT = re.compile(r"\n[=\-]{3,}[ \t]*$")
_ATX = re.compile(r"^#{1,6}[ \t]+")
MAX_HEADING_WORDS = 14


def is_heading_line(text: str) -> bool:
    """Whether a one-line paragraph reads as a heading: short, no closing stop, no marker, no quote."""
    from kevidence.article.markers import find_markers

    line = text.strip()
    if "\n" in line or not line or len(line.split()) > MAX_HEADING_WORDS:
        return False
    if line[-1] in ".!,;:\u201d\"'\u2019" or line[0] in "\u201c\"\u2018'([" or find_markers(line):
        return False
    return any(ch.isalpha() for ch in line)


def read_plain(text: str) -> list[Block]:
    """The blocks of a plain-text article."""
    blocks: list[Block] = []
    for chunk_start, chunk in _paragraphs(text):
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
