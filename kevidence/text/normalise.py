"""Text normalised for comparison: one home for the rules that compare words.

Two levels, the second built on the first:

:func:`typography` changes typography only, so that what remains can be compared exactly: curly
and straight quotes, dashes and minus signs, every kind of space and line break, "…" and
"...", composed and decomposed accents. Words, case, numbers and punctuation stay as they are.
Quotations are checked with it: a quotation agrees with its source when the two are equal
after :func:`typography`. :func:`typography_with_map` gives the same text and, with it, the map
from each of its offsets back to the original's (an article's findings point at what the
author wrote): both apply the one list of rules, :data:`_RULES`.

:func:`normalize_text` is :func:`typography` followed by dropping case, accents and
punctuation (for finding the same statement or title written twice).

Both run in C over a long text (regular expressions, ``str.split``), never one Python call
per character, so a statement of megabytes of accented or non-Latin text costs about a
second rather than several.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from kevidence.text.offsets import OffsetMap

__all__ = ["ELLIPSIS", "normalize_text", "split_ellipses", "typography", "typography_with_map"]

# Characters typography maps to one plain form (quotes, dashes, odd spaces), or drops (soft
# hyphen and zero-width characters, invisible in print).
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u02bc`\u00b4"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_PLAIN: dict[str, str] = {
    **dict.fromkeys(_SINGLE_QUOTES, "'"),
    **dict.fromkeys(_DOUBLE_QUOTES, '"'),
    **dict.fromkeys(_DASHES, "-"),
    **dict.fromkeys(_INVISIBLE, ""),
    "\u2026": " ... ",
}
ELLIPSIS = "..."

# --- the rules ---------------------------------------------------------------------------
#
# Applied in order to the text composed (NFC) and stripped of leading and trailing spaces. A
# rule is a pattern, a quick test of whether the text can hold a match at all, and what a
# match becomes (a string, or a function of the match). Every pattern is a class, a fixed
# string or a run without nested repetition: linear in the text.


def _plain(match: re.Match[str]) -> str:
    return _PLAIN[match.group()]


def _spaced_ellipsis(match: re.Match[str]) -> str:
    """'...' with one space on each side, none at either end of the text."""
    text, start, end = match.string, match.start(), match.end()
    before = "" if start == 0 or text[start - 1] == " " else " "
    after = "" if end == len(text) or text[end] == " " else " "
    return before + ELLIPSIS + after


_Rule = tuple[re.Pattern[str], Callable[[str], bool], "str | Callable[[re.Match[str]], str]", bool]
_ONE_FOR_ONE = {c: r for c, r in _PLAIN.items() if len(r) == 1}
_RULES: tuple[_Rule, ...] = (
    # Quotes straight (TeX's `` too), dashes and minus signs a hyphen ...
    (re.compile("[" + re.escape("".join(_ONE_FOR_ONE)) + "]"), lambda t: not t.isascii() or "`" in t, _plain, True),
    # ... invisible characters dropped, "…" an ellipsis between spaces.
    (re.compile("[" + re.escape("".join(sorted(set(_PLAIN) - set(_ONE_FOR_ONE)))) + "]"), lambda t: not t.isascii(), _plain,
     False),
    # Every run of spaces and line breaks one space (and none at either end: see _SPACES) ...
    (re.compile(r"\s{2,}"), lambda t: True, " ", False),
    # ... and a lone tab or line break one too.
    (re.compile(r"[^\S ]"), lambda t: True, " ", True),
    # Two single quotes (TeX's closing '') a double one.
    (re.compile("''"), lambda t: "''" in t, '"', False),
    # A dash without spaces around it, however many hyphens were typed.
    (re.compile(" ?-(?: ?-)* ?"), lambda t: "-" in t, "-", False),
    # "..." and ". . ." an ellipsis "..." between spaces.
    (re.compile(r"\.(?: ?\.){2,}"), lambda t: ".." in t or ". ." in t, _spaced_ellipsis, False),
)
# The rule after which the text is stripped of the one space it may have at either end.
_SPACES = 3


def typography(text: str) -> str:
    """Text with its typography made plain; words, case, numbers and punctuation untouched.

    Quotes become straight (TeX's two single quotes a double one), dashes and minus signs a
    hyphen without spaces around it, "…" and ". . ." an ellipsis "..." between spaces, every
    run of spaces and line breaks one space; accents are composed (NFC).

    >>> typography("“Relief\u00a0lasted 2–4 weeks…”") == typography('"Relief lasted 2 - 4 weeks..."')
    True
    >>> typography("relief lasted 2 weeks") == typography("relief lasted 12 weeks")
    False
    """
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    for number, (pattern, may_match, replacement, _) in enumerate(_RULES):
        if may_match(text):
            text = pattern.sub(replacement, text)
        if number == _SPACES:
            text = text.strip(" ")
    return text


def typography_with_map(text: str) -> tuple[str, OffsetMap]:
    """:func:`typography` of ``text`` (the very same text), and the map from its offsets back to
    ``text``'s: a character copied maps to where it stands, a made-up one (the spaces of
    " ... ", a composed accent) to where the characters it stands for begin."""
    current, offsets = _composed_with_map(text)
    for number, (pattern, may_match, replacement, keeps_length) in enumerate(_RULES):
        if keeps_length:
            if may_match(current):
                current = pattern.sub(replacement, current)
        elif may_match(current):
            current, offsets = _sub_with_map(pattern, replacement, current, offsets)
        if number == _SPACES:
            if current.startswith(" "):
                shifted = OffsetMap()
                offsets.copy_into(shifted, 0, 1, len(current))
                current, offsets = current[1:], shifted
            current = current.rstrip(" ")
    return current, offsets


def _composed_with_map(text: str) -> tuple[str, OffsetMap]:
    """NFC of ``text`` and its map. Composition never reaches across an ASCII character, so each
    run of non-ASCII characters (with the one character before it) is composed on its own."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text, OffsetMap.identity(0)
    offsets = OffsetMap()
    parts: list[str] = []
    length = cursor = 0
    for match in _COMPOSABLE.finditer(text):
        run = match.group()
        composed = unicodedata.normalize("NFC", run)
        if composed == run:
            continue
        same = 0  # the characters composition left as they were (an ASCII letter before the run)
        while same < len(composed) and composed[same] == run[same]:
            same += 1
        start = match.start() + same
        if start > cursor:
            offsets.add(length, cursor, True)
            parts.append(text[cursor:start])
            length += start - cursor
        offsets.add(length, start, False)
        parts.append(composed[same:])
        length += len(composed) - same
        cursor = match.end()
    if cursor < len(text) or not parts:
        offsets.add(length, cursor, True)
        parts.append(text[cursor:])
    return "".join(parts), offsets


_COMPOSABLE = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")


def _sub_with_map(pattern: re.Pattern[str], replacement: str | Callable[[re.Match[str]], str],
                  text: str, offsets: OffsetMap) -> tuple[str, OffsetMap]:
    """``pattern.sub(replacement, text)`` and the map of the result, through ``offsets``, back
    to the original. A match replaced by as many characters keeps the map as it was."""
    result = OffsetMap()
    parts: list[str] = []
    cursor = 0  # the text is copied up to here
    mapped = mapped_at = 0  # the map is copied up to here in the text, and in the result
    for match in pattern.finditer(text):
        new = replacement if isinstance(replacement, str) else replacement(match)
        start, end = match.span()
        parts.append(text[cursor:start])
        parts.append(new)
        cursor = end
        if len(new) != end - start:
            offsets.copy_into(result, mapped_at, mapped, start)
            at = mapped_at + start - mapped
            if new:
                result.add(at, offsets.source_offset(start), False)
            mapped, mapped_at = end, at + len(new)
    parts.append(text[cursor:])
    if not mapped:
        return "".join(parts), offsets
    offsets.copy_into(result, mapped_at, mapped, len(text))
    return "".join(parts), result


def split_ellipses(text: str) -> list[str]:
    """The parts of a typography-normalised quotation between its ellipses ("..." and "[...]"),
    empty parts dropped: each must appear in the source, in order."""
    return [part.strip() for part in _ELLIPSIS_MARK.split(text) if part.strip()]


# It starts at a bracket or the dots, never at a space: a long run of spaces is not tried at every
# position of the run (the parts are stripped anyway).
_ELLIPSIS_MARK = re.compile(r"(?:[\[(]\s*+)?\.\.\.(?:\s*+[\])])?")


# --- folding: case, accents and punctuation do not count -----------------------------------

_NOT_WORD = re.compile(r"[^\w]+")
# For ASCII text, the same reduction as _NOT_WORD plus lower case, as one byte table (a bytes
# translation is a plain table lookup in C, several times faster than a regex or a str table).
_ASCII_FOLD = bytes(
    ord(chr(c).lower()) if chr(c).isalnum() or chr(c) == "_" else ord(" ") for c in range(128)
) + bytes(128)


@lru_cache(maxsize=1)
def _combining_marks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns matching the combining marks (accents once decomposed) of the Basic
    Multilingual Plane, and of the planes above it.

    Built once per process on first use (a pass over the code points, about 0.1 s), so that
    removing marks is one regular-expression pass in C instead of a test per character. The
    planes above are a pattern of their own, tried only on text that has such characters: a
    class reaching past U+FFFF is matched range by range, several times slower.
    """
    return _marks_between(0x300, 0x10000), _marks_between(0x10000, sys.maxunicode + 1)


def _marks_between(low: int, high: int) -> re.Pattern[str]:
    ranges: list[str] = []
    start = previous = -2
    for code in range(low, high):
        if unicodedata.combining(chr(code)):
            if code != previous + 1:
                if start >= 0:
                    ranges.append(_range(start, previous))
                start = code
            previous = code
    if start >= 0:
        ranges.append(_range(start, previous))
    return re.compile("[" + "".join(ranges) + "]+")


def _range(first: int, last: int) -> str:
    return re.escape(chr(first)) if first == last else f"{re.escape(chr(first))}-{re.escape(chr(last))}"


_ABOVE_BMP = re.compile("[\U00010000-\U0010ffff]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# Below this length, marks are dropped run by run of non-ASCII characters (a test per
# character of those runs, cheap on a title or a statement); above it, by the patterns of
# :func:`_combining_marks`, whose one-off making (about 0.2 s) a long text repays.
_LONG_TEXT = 20_000


def _drop_marks(run: re.Match[str]) -> str:
    return "".join(ch for ch in run.group() if not unicodedata.combining(ch))


def normalize_text(text: str) -> str:
    """Text reduced for comparison: accents, case, punctuation and spacing do not count.

    >>> normalize_text("Ketamine  is USED, extensively.") == normalize_text("ketamine is used extensively")
    True
    >>> normalize_text("Kétamine “réduit” la douleur") == normalize_text("ketamine reduit la douleur")
    True
    """
    if not text.isascii():
        # Typography first (it drops invisible characters such as a soft hyphen, which would
        # otherwise split a word), then accents decomposed and their marks removed.
        text = unicodedata.normalize("NFKD", typography(text))
        if len(text) < _LONG_TEXT:
            text = _NON_ASCII_RUN.sub(_drop_marks, text)
        else:
            basic, above = _combining_marks()
            text = basic.sub("", text)
            if _ABOVE_BMP.search(text):
                text = above.sub("", text)
    if text.isascii():  # (often so once accents are gone) a translation table does it all
        return " ".join(text.encode("ascii").translate(_ASCII_FOLD).decode("ascii").split())
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


# The names this normaliser had as the article's typography (kevidence.article.typography,
# whose old module name leads here).
normalise_typography = typography
normalised_with_map = typography_with_map
