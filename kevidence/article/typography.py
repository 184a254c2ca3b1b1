"""Typography-blind comparison of quotations: the one normaliser an exact quotation check uses.

Only typography is normalised — curly and straight quotes, the dashes, runs of whitespace
(including no-break spaces) and the ellipsis character — so that words still compare exactly.
Fuzzy scores never verify a quotation ("12 weeks" and "2 weeks" score 98); they only point at
the nearest passage.
"""

from __future__ import annotations

# One character in, one (or, for the ellipsis, three) out.
_SINGLE = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00ad": "",  # a soft hyphen is invisible
}
_ELLIPSIS = "\u2026"


def normalised_with_map(text: str) -> tuple[str, list[int]]:
    """:func:`normalise_typography` of ``text``, and for each output character its index in ``text``."""
    out: list[str] = []
    where: list[int] = []
    space = True  # drop leading whitespace
    for index, char in enumerate(text):
        if char.isspace():
            if not space:
                out.append(" ")
                where.append(index)
                space = True
            continue
        space = False
        if char == _ELLIPSIS:
            out.append("...")
            where.extend((index, index, index))
            continue
        mapped = _SINGLE.get(char, char)
        if mapped:
            out.append(mapped)
            where.append(index)
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def normalise_typography(text: str) -> str:
    """``text`` with quotes straightened, dashes as '-', '…' as '...', whitespace runs as one space.

    >>> normalise_typography("it “was first”\\u00a0synthesized – 1960s…")
    'it "was first" synthesized - 1960s...'
    """
    return normalised_with_map(text)[0]
