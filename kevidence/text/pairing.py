"""Quotation marks in prose: the quotations they enclose, and the marks left unbalanced.

The one place where quotation marks are paired: the article's unbalanced-mark rule, the
sentence splitter and the passages a claim presents as a source's words all ask it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN, CLOSE, STRAIGHT = "\u201c", "\u201d", '"'
# A low-9 opening mark („) closes with “ or ” in German usage; counted as opening.
OPENERS = (OPEN, "\u201e")
SINGLE_OPEN, SINGLE_CLOSE = "\u2018", "\u2019"
GUILLEMETS = ("\u00ab", "\u00bb")
_MARKS = re.compile('[\u201c\u201d\u201e"]')
_ALL_MARKS = re.compile('[\u201c\u201d\u201e"\u00ab\u00bb\u2018\u2019]')


@dataclass(frozen=True)
class Quotations:
    """The closed quotations of a text (start and end offsets of their marks) and stray marks."""

    closed: tuple[tuple[int, int], ...]
    unmatched: tuple[int, ...]


def find_quotations(text: str, *, all_marks: bool = False) -> Quotations:
    """Pair the double quotation marks of ``text``; curly ones by direction, straight ones in turn.

    With ``all_marks``, guillemets (« ») pair as curly double marks do, and curly single marks
    (‘ ’, British style) pair too: a ’ followed by a letter or digit is an apostrophe, and a
    single mark left without its partner is not reported (a ’ ending a word is as likely a
    possessive's apostrophe as a closing mark).

    >>> find_quotations('He said “relief” and ”weeks').unmatched
    (21,)
    >>> find_quotations("the patients’ ‘relief lasted weeks’", all_marks=True).closed
    ((14, 34),)
    """
    closed: list[tuple[int, int]] = []
    unmatched: list[int] = []
    curly_open: int | None = None
    straight_open: int | None = None
    single_open: int | None = None
    for found in (_ALL_MARKS if all_marks else _MARKS).finditer(text):
        index, char = found.start(), found.group()
        if char in OPENERS or char == GUILLEMETS[0]:
            if curly_open is not None:
                unmatched.append(curly_open)
            curly_open = index
        elif char == CLOSE or char == GUILLEMETS[1]:
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
        elif char == SINGLE_OPEN:
            if single_open is None:
                single_open = index
        elif single_open is not None and not _word_follows(text, index):
            closed.append((single_open, index))
            single_open = None
    unmatched.extend(i for i in (curly_open, straight_open) if i is not None)
    return Quotations(tuple(sorted(closed)), tuple(sorted(unmatched)))


def _word_follows(text: str, index: int) -> bool:
    after = index + 1
    return after < len(text) and (text[after].isalnum() or text[after] == "_")
