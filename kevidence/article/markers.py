"""Reference markers in prose: ``[2]``, ``[2,3]``, ``[1-3]``, ``[1–3]``, ``^2^``, ``²``, pandoc's
``[@key]``; finding them, reading the numbers or keys they point to, and stripping them for the
sentence segmenter while keeping the way back to the original offsets."""

from __future__ import annotations

import re

from kevidence.article.model import Marker
from kevidence.text.offsets import OffsetMap

# A range longer than this is not a citation ("[1-2000]"); it is read as its two ends.
MAX_RANGE = 50
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
_NUMBER_LIST = rf"\^?\d{{1,3}}+(?:\s*+[,;{_DASHES}]\s*+\^?\d{{1,3}}+)*+"
_SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_SUPER_SEPARATORS = "\u207b,\u02d2"  # superscript minus, comma
MARKER = re.compile(
    # Every marker starts with one of these: the engine skips other characters fast.
    rf"(?=[\[\^{_SUPERSCRIPTS}])(?:"
    rf"\[(?P<numbers>{_NUMBER_LIST})\]"
    rf"|\[(?P<keys>-?@[^\[\]]+)\]"
    rf"|\^(?P<caret>{_NUMBER_LIST})\^"
    # A superscript after a word, not after a unit ("mg/m²" is a dose, not reference 2).
    rf"|(?<=[^\s\d{_SUPERSCRIPTS}])(?<!\bm)(?<![cmkd]m)(?P<super>[{_SUPERSCRIPTS}]++(?:[{_SUPER_SEPARATORS}][{_SUPERSCRIPTS}]++)*+))"
)
_KEY = re.compile(r"@([\w][\w:.#$%&+?<>~/-]*[\w])|@(\w)")
_SUPER_DIGITS = str.maketrans(_SUPERSCRIPTS + "\u207b\u02d2", "0123456789-,")


def parse_numbers(text: str) -> tuple[int, ...]:
    """The reference numbers a list like '2,3' or '1–3' names, ranges expanded, in order.

    >>> parse_numbers("1\\u20133, 5")
    (1, 2, 3, 5)
    """
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", text.replace("^", "")):
        # Decimal digits only ("²" is a digit to str.isdigit, not to int), and few of them.
        ends = [int(n) for n in re.split(rf"\s*[{_DASHES}]\s*", part) if n.isdecimal() and len(n) <= 9]
        if len(ends) == 2 and 0 < ends[1] - ends[0] <= MAX_RANGE:
            numbers.extend(range(ends[0], ends[1] + 1))
        else:
            numbers.extend(ends)
    return tuple(dict.fromkeys(numbers))


def find_markers(text: str) -> list[Marker]:
    """Every marker in ``text``, in order.

    >>> [(m.text, m.numbers) for m in find_markers("relief [2,3]. Doses[1-2] and pain^4^.")]
    [('[2,3]', (2, 3)), ('[1-2]', (1, 2)), ('^4^', (4,))]
    """
    found: list[Marker] = []
    for match in MARKER.finditer(text):
        if match.group("keys") is not None:
            keys = tuple(a or b for a, b in _KEY.findall(match.group("keys")))
            if not keys:
                continue
            found.append(Marker(match.group(), match.start(), match.end(), keys=keys))
            continue
        digits = match.group("numbers") or match.group("caret")
        if digits is None:
            digits = match.group("super").translate(_SUPER_DIGITS)
        numbers = parse_numbers(digits)
        if numbers:
            found.append(Marker(match.group(), match.start(), match.end(), numbers=numbers))
    return found


def strip_markers(text: str, markers: list[Marker], with_space: bool = False) -> tuple[str, OffsetMap]:
    """``text`` without its markers (and, with ``with_space``, the spaces just before each), and
    the map from the stripped text's offsets back to ``text``'s."""
    pieces: list[str] = []
    offsets = OffsetMap()
    cursor = length = 0
    for marker in markers:
        start = marker.start
        if with_space:
            while start > cursor and text[start - 1].isspace():
                start -= 1
        if start > cursor:
            offsets.add(length, cursor, True)
            pieces.append(text[cursor:start])
            length += start - cursor
        cursor = marker.end
    offsets.add(length, cursor, True)
    pieces.append(text[cursor:])
    return "".join(pieces), offsets


# Markers that only the article's own reference list makes markers of, each found by a pattern of
# its own (no pattern below can backtrack more than a bounded few characters: linear on any text).
# A reference number printed flat against a word, as copying a web page's superscript leaves it:
# "Integrative Health1, about" (three letters before it; not a decimal, not a unit, not a word going on).
_GLUED = re.compile(r"(?<=[a-z]{3})\d{1,3}(?:,\d{1,3}){0,5}(?![\w%\u00b0]|[.,]\d)")
# A range or list of reference numbers printed flat after a sentence's full stop ("inflammation.3-6."):
# two numbers at least, so that a numbered list run into the text ("the joint.2. Apply ice") is not one.
_AFTER_STOP = re.compile(rf"(?<=[a-z]{{4}}\.)\d{{1,3}}(?:[,{_DASHES}]\d{{1,3}}){{1,5}}(?=\.?(?:\s|$))")
# "(2)", "(2, 3)", "(1-3)".
_PARENTHESISED = re.compile(rf"\(\d{{1,3}}(?:[,;{_DASHES}] ?\d{{1,3}}){{0,5}}\)")
# What may follow a citation that closes its sentence: the full stop, then a space or the end.
_CLOSING = re.compile(r"[.!?](?:\s|$)|[ \t]*(?:\n|$)")
# "(Smith et al., 2019)", "(NHS, 2020; Jones 2021a)": a capitalised name and a year, per part.
_PARENTHESES = re.compile(r"\([A-Z][^()]{0,150}\)")
# "Cheung et al. (2003)", "Best and Hunter (2000)": authors named in the sentence, the year in parentheses.
_NARRATIVE = re.compile(r"\b[A-Z][\w'\u2019-]+(?: et al\.?| (?:and|&) [A-Z][\w'\u2019-]+) \((?:1[89]|20)\d\d[a-z]?\)")
_AUTHOR_YEAR = re.compile(r"(?P<name>[A-Z][\w'\u2019.&\- ]{0,80}?),? (?P<year>(?:1[89]|20)\d\d)[a-z]?")


def author_year(text: str) -> list[tuple[str, int]]:
    """(first name word, year) of each part of an author-year citation's text, or [] when a part is
    not one.

    >>> author_year("(Smith et al., 2019; NHS 2020)")
    [('Smith', 2019), ('NHS', 2020)]
    """
    cited: list[tuple[str, int]] = []
    for part in text.strip("()").split(";"):
        match = _AUTHOR_YEAR.fullmatch(" ".join(part.replace("(", " ").split()))
        if match is None:
            return []
        cited.append((match.group("name").split()[0].rstrip(",."), int(match.group("year"))))
    return cited


def find_printed_markers(text: str, listed: set[int], found: list[Marker]) -> list[Marker]:
    """The markers of ``text`` that only the reference list's numbers (``listed``; empty: no
    list) make markers of, beside the ``found`` ones: a number glued to a word's end (always,
    when there is no list: it reads as part of the word either way), "(n)" and author-year
    citations, in parentheses or narrative ("Cheung et al. (2003)"). Author-year markers get no
    numbers here (see the reader)."""
    taken = [(m.start, m.end) for m in found]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    extra: list[Marker] = []
    for match in (*_GLUED.finditer(text), *_AFTER_STOP.finditer(text)):
        numbers = parse_numbers(match.group())
        if numbers and free(match.start(), match.end()) and (not listed or set(numbers) <= listed):
            extra.append(Marker(match.group(), match.start(), match.end(), numbers=numbers))
    for match in _PARENTHESISED.finditer(text):
        numbers = parse_numbers(match.group()[1:-1])
        # Without a list, "(5)" counts only where a citation stands: after a word, closing the sentence
        # ("... improvement in pain (5)."), as a page whose list lies beyond what was kept prints it.
        closing = (_CLOSING.match(text, match.end()) is not None and match.start() > 1
                   and text[match.start() - 1] == " " and text[match.start() - 2].isalpha())
        placed = set(numbers) <= listed if listed else closing
        if numbers and min(numbers) > 0 and placed and free(match.start(), match.end()):
            extra.append(Marker(match.group(), match.start(), match.end(), numbers=numbers))
    for match in (*_PARENTHESES.finditer(text), *_NARRATIVE.finditer(text)):
        if author_year(match.group()) and free(match.start(), match.end()):
            extra.append(Marker(match.group(), match.start(), match.end()))
            taken.append((match.start(), match.end()))
    return sorted([*found, *extra], key=lambda m: m.start)

