"""Quotation marks in prose: the quotations they enclose, and the marks left unbalanced."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN, CLOSE, STRAIGHT = "\u201c", "\u201d", '"'
# A low-9 opening mark („) closes with “ or ” in German usage; counted as opening.
OPENERS = (OPEN, "\u201e")
_MARKS = re.compile('[\u201c\u201d\u201e"]')


@dataclass(frozen=True)
class Quotations:
    """The closed quotations of a text (start and end offsets of their marks) and stray marks."""

    closed: tuple[tuple[int, int], ...]
    unmatched: tuple[int, ...]


def find_quotations(text: str) -> Quotations:
    """Pair the double quotation marks of ``text``; curly ones by direction, straight ones in turn.

    >>> find_quotations('He said “relief” and ”weeks').unmatched
    (21,)
    """
    closed: list[tuple[int, int]] = []
    unmatched: list[int] = []
    curly_open: int | None = None
    straight_open: int | None = None
    for found in _MARKS.finditer(text):
        index, char = found.start(), found.group()
        if char in OPENERS:
            if curly_open is not None:
                unmatched.append(curly_open)
            curly_open = index
        elif char == CLOSE:
            if curly_open is None:
                unmatched.append(index)
            else:
                closed.append((curly_open, index))
                curly_open = None
        elif char == STRAIGHT:
            if straight_open is None:
                straight_open = index
            else:
                closed.append((straight_open, index))
                straight_open = None
    unmatched.extend(i for i in (curly_open, straight_open) if i is not None)
    return Quotations(tuple(sorted(closed)), tuple(sorted(unmatched)))
