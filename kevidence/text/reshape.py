"""Typography-blind comparison of quotations: the one normaliser an exact quotation check uses.

Only typography is normalised — curly and straight quotes, the dashes, runs of whitespace
(including no-break spaces) and the ellipsis character — so that words still compare exactly.
Fuzzy scores never verify a quotation ("12 weeks" and "2 weeks" score 98); they only point at
the nearest passage.
"""

from __future__ import annotations

import re

from kevidence.text.offsets import OffsetMap

# One character for one character (str.replace per character is many times faster than
# str.translate with a table on long non-ASCII text).
_SAME_LENGTH = tuple({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
}.items())
# What changes a text's length: whitespace other than one plain space, the ellipsis, the
# (invisible) soft hyphen. A text holds few of these, so the loop below runs rarely.
_RESHAPE = re.compile(r"(?=[\s\u2026\u00ad])(?:\s{2,}|[^\S ]|\u2026|\u00ad)")


def normalised_with_map(text: str) -> tuple[str, OffsetMap]:
    """:func:`normalise_typography` of ``text``, and the map from its offsets back to ``text``'s."""
    offsets = OffsetMap()
    lead = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    parts: list[str] = []
    length = 0
    cursor = lead
    for match in _RESHAPE.finditer(text, lead, end):
        chunk = text[cursor:match.start()]
        if chunk:
            offsets.add(length, cursor, True)
            parts.append(chunk)
            length += len(chunk)
        found = match.group()
        if found == "\u2026":
            offsets.add(length, match.start(), False)
            parts.append("...")
            length += 3
        elif found != "\u00ad":
            offsets.add(length, match.start(), True)
            parts.append(" ")
            length += 1
        cursor = match.end()
    if cursor < end:
        offsets.add(length, cursor, True)
        parts.append(text[cursor:end])
    result = "".join(parts)
    if not result.isascii():
        for old, new in _SAME_LENGTH:
            if old in result:
                result = result.replace(old, new)
    elif "`" in result:
        result = result.replace("`", "'")
    return result, offsets


def normalise_typography(text: str) -> str:
    """``text`` with quotes straightened, dashes as '-', '…' as '...', whitespace runs as one space.

    >>> normalise_typography("it “was first”\\u00a0synthesized – 1960s…")
    'it "was first" synthesized - 1960s...'
    """
    return normalised_with_map(text)[0]
