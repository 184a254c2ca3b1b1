"""BibTeX name lists (``author``, ``editor``) parsed into structured, Unicode names.

Follows BibTeX's own rules: names are separated by ``and`` outside braces, and each name is
"First von Last", "von Last, First" or "von Last, Jr, First"; LaTeX is decoded per part.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final, NamedTuple

from kevidence.sources.latex import decode_latex, needs_decoding

__all__ = ["Person", "parse_names"]

# BibTeX's "et al." marker: a name that is exactly this word (case-sensitive, as in BibTeX).
OTHERS: Final = "others"

_TOKEN: Final = re.compile(r"[{}]|,|\s+|[^{}\s,]+")
_AND_OR_BRACE: Final = re.compile(r"[{}]|(?:^|(?<=\s))and(?=\s|$)", re.IGNORECASE)
# The same cut as a whitespace character plus "and": the value is given a leading space, so a
# first-word "and" is found too.  A literal first character lets the regex engine skip ahead
# instead of trying lookbehinds at every position, about twice as fast.
_AND_CUT: Final = re.compile(r"\sand(?!\S)", re.IGNORECASE)
# An innermost brace group; deleting these until none is left empties a balanced string.
_GROUP: Final = re.compile(r"\{[^{}]*\}")
_PLAIN_TOKEN: Final = re.compile(r"[^\s,]+|,")
_COMMA: Final = ","


class Person(NamedTuple):
    """One name from a BibTeX name list, decoded to Unicode.

    A corporate name written in braces (``{Stanford Health Care}``) is one ``literal`` name
    kept whole in ``family``.  BibTeX's ``and others`` becomes
    ``Person(family="others", literal=True)``: literal because it is a marker, not a name to
    split, and ``is_others`` tells it apart from a real family name.

    An immutable record (a named tuple): a large bibliography has one per author.
    """

    family: str
    """Family (last) name, or the whole name if literal."""
    given: str | None = None
    """Given (first) names or initials."""
    von: str | None = None
    """Lower-case particle(s), e.g. 'van der'."""
    suffix: str | None = None
    """Generational suffix, e.g. 'Jr.'."""
    literal: bool = False
    """True for a name written whole in braces (corporate author) or 'others'."""

    @property
    def is_others(self) -> bool:
        """Whether this is BibTeX's ``others`` ("et al.") marker."""
        return self.literal and self.family == OTHERS

    @property
    def display(self) -> str:
        """The name in reading order: "Given von Family Suffix" (e.g. "John R. Ivester Jr.").

        The suffix follows without a comma (current Chicago/APA practice); a literal name is
        shown as written and the ``others`` marker as "et al.".
        """
        if self.literal:
            return "et al." if self.family == OTHERS else self.family
        return " ".join(p for p in (self.given, self.von, self.family, self.suffix) if p)

    def __str__(self) -> str:
        return self.display


def _split_names(value: str) -> list[str]:
    """The raw names: ``value`` cut at each whole-word ``and`` outside braces.

    Cuts at every ``and`` first (one C-level split); that is only wrong if some ``and`` lies
    inside braces, and then a piece's braces do not balance, so the exact scan takes over.
    """
    pieces = _AND_CUT.split(" " + value)
    if ("{" in value or "}" in value) and not all(map(_balanced, pieces)):
        return _split_names_general(value)
    return pieces


@lru_cache(maxsize=65536)
def _balanced(piece: str) -> bool:
    """Whether every brace in ``piece`` is matched and none closes before it opens."""
    while "{" in piece:
        piece, found = _GROUP.subn("", piece)
        if not found:
            return False
    return "}" not in piece


def _split_names_general(value: str) -> list[str]:
    """The cut by a scan that tracks brace depth, for values the fast cut cannot settle."""
    names: list[str] = []
    depth = 0
    start = 0
    for match in _AND_OR_BRACE.finditer(value):
        tok = match.group()
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth = max(depth - 1, 0)  # an unmatched "}" must not hide later separators
        elif depth == 0:
            names.append(value[start:match.start()])
            start = match.end()
    names.append(value[start:])
    return names


def _words(name: str) -> list[str]:
    """Words and comma tokens of one name; whitespace and commas inside braces are kept."""
    if "{" not in name and "}" not in name:
        return _PLAIN_TOKEN.findall(name)
    tokens: list[str] = []
    word: list[str] = []
    depth = 0
    for match in _TOKEN.finditer(name):
        tok = match.group()
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and (tok == _COMMA or tok.isspace()):
            if word:
                tokens.append("".join(word))
                word.clear()
            if tok == _COMMA:
                tokens.append(_COMMA)
            continue
        word.append(tok)
    if word:
        tokens.append("".join(word))
    return tokens


def _is_lower(word: str) -> bool:
    """BibTeX's von test: the case of the word's first letter outside plain brace groups.

    A brace group that starts with a backslash is a special character and counts by the
    letter it renders; any other brace group is case-protected and skipped.
    """
    depth = 0
    i, n = 0, len(word)
    while i < n:
        ch = word[i]
        if ch == "{":
            if depth == 0 and word.startswith("{\\", i):
                close = _group_end(word, i)
                return _first_letter_is_lower(decode_latex(word[i:close]))
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            if ch == "\\":
                return _first_letter_is_lower(decode_latex(word[i:]))
            if ch.isalpha():
                return ch.islower()
        i += 1
    return False


def _group_end(word: str, start: int) -> int:
    depth = 0
    for k in range(start, len(word)):
        if word[k] == "{":
            depth += 1
        elif word[k] == "}":
            depth -= 1
            if depth == 0:
                return k + 1
    return len(word)


def _first_letter_is_lower(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.islower()
    return False


def _is_fully_braced(word: str) -> bool:
    return word.startswith("{") and word.endswith("}") and _group_end(word, 0) == len(word)


def _text(words: list[str]) -> str | None:
    text = decode_latex(" ".join(words).replace(" ,", ",")).strip() if words else ""
    return text or None


def _person(tokens: list[str]) -> Person | None:
    parts: list[list[str]] = [[]]
    for tok in tokens:
        if tok == _COMMA:
            parts.append([])
        else:
            parts[-1].append(tok)

    if len(parts) == 1:
        words = parts[0]
        if len(words) == 1 and (words[0] == OTHERS or _is_fully_braced(words[0])):
            literal_family = words[0] if words[0] == OTHERS else decode_latex(words[0][1:-1]).strip()
            return _make(literal_family, None, None, None, literal=True) if literal_family else None
        # First von Last: von runs from the first to the last lower-case word before the
        # final word, which always belongs to Last.
        lower = [k for k in range(len(words) - 1) if _is_lower(words[k])]
        if lower:
            given, von, family = words[:lower[0]], words[lower[0]:lower[-1] + 1], words[lower[-1] + 1:]
        else:
            given, von, family = words[:-1], [], words[-1:]
        suffix: list[str] = []
    else:
        # von Last, [Jr,] First: von is the longest prefix of the first part ending in a
        # lower-case word, leaving Last at least one word.
        head = parts[0]
        end = 0
        for k in range(len(head) - 1, 0, -1):
            if _is_lower(head[k - 1]):
                end = k
                break
        von, family = head[:end], head[end:]
        if len(parts) == 2:
            suffix, given = [], parts[1]
        else:
            # BibTeX allows two commas; any further ones are kept inside the given names.
            suffix = parts[1]
            given = [w for part in parts[2:] for w in part + [_COMMA]][:-1]

    family_text, given_text, von_text = _text(family), _text(given), _text(von)
    if family_text is None:
        # A malformed name ("van, J." or ", J."): promote what there is rather than fail.
        family_text, von_text = von_text, None
        if family_text is None:
            family_text, given_text = given_text, None
        if family_text is None:
            return None
    return _make(family_text, given_text, von_text, _text(suffix), literal=False)


def _make(family: str, given: str | None, von: str | None, suffix: str | None,
          literal: bool) -> Person:
    return Person(family, given, von, suffix, literal)


def _parse_general(name: str) -> Person | None:
    """One name by the full rules: brace-aware words, LaTeX-aware case, decoded parts."""
    return _person(_words(name))


def _starts_lower(word: str) -> bool:
    """``_is_lower`` for a word without braces or backslashes: its first letter's case."""
    for ch in word:
        if ch.isalpha():
            return ch.islower()
    return False


def _parse_plain(name: str) -> Person | None:
    """One name without LaTeX (``needs_decoding(name)`` is false), by the same rules.

    Nothing is decoded or brace-protected, so words are whitespace runs, parts are comma
    cuts, and the case test is the first letter's.  Malformed names (an empty family part)
    and names with more than two commas are rare and go to ``_parse_general``.
    """
    if _COMMA not in name:
        words = name.split()
        count = len(words)
        if count <= 1:
            if not words:
                return None
            word = words[0]
            return _make(word, None, None, None, literal=word == OTHERS)
        # First von Last: von spans the first to the last lower-case word before the last.
        lower = [k for k in range(count - 1) if _starts_lower(words[k])]
        if not lower:
            return _make(words[-1], " ".join(words[:-1]), None, None, literal=False)
        first, last = lower[0], lower[-1] + 1
        return _make(" ".join(words[last:]), " ".join(words[:first]) or None,
                     " ".join(words[first:last]), None, literal=False)
    parts = name.split(_COMMA)
    head = parts[0].split()
    if not head or len(parts) > 3:
        return _parse_general(name)
    # von Last, [Jr,] First: von is the longest prefix ending in a lower-case word.
    end = 0
    for k in range(len(head) - 1, 0, -1):
        if _starts_lower(head[k - 1]):
            end = k
            break
    family, von = " ".join(head[end:]), " ".join(head[:end]) or None
    if len(parts) == 2:
        return _make(family, " ".join(parts[1].split()) or None, von, None, literal=False)
    return _make(family, " ".join(parts[2].split()) or None, von,
                 " ".join(parts[1].split()) or None, literal=False)


@lru_cache(maxsize=65536)
def _parse_one(name: str) -> Person | None:
    # The same people recur across the entries of a file, in differently composed lists;
    # most names carry no LaTeX at all and take the plain path.
    return _parse_general(name) if needs_decoding(name) else _parse_plain(name)


def _parse_names_general(value: str) -> tuple[Person, ...]:
    """``parse_names`` by the general path only, uncached: the reference for the fast one."""
    people = (_parse_general(name) for name in _split_names_general(value))
    return tuple(p for p in people if p is not None)


@lru_cache(maxsize=65536)
def parse_names(value: str) -> tuple[Person, ...]:
    """The names in a raw BibTeX ``author``/``editor`` value, in order; never raises.

    >>> [p.display for p in parse_names(r"Ivester, Jr., J. R. and {V{\\'a}squez-Sancho}, Fabi{\\'a}n")]
    ['J. R. Ivester Jr.', 'Fabián Vásquez-Sancho']
    """
    people = map(_parse_one, _split_names(value))
    return tuple([p for p in people if p is not None])
