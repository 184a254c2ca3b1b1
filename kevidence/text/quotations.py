"""Quotations: whether words presented as a source's are the source's words.

A quotation agrees with a text when, after :func:`kevidence.text.typography` (quotes, dashes,
spaces, ellipses), it appears in the text exactly; an ellipsis ("...", "…", "[...]") splits it
into parts that must appear in that order. Only the first letter of a part may differ in case
(a quotation is often begun mid-sentence), and punctuation at the very ends of a part does not
count (a comma or full stop placed inside the quotation marks).

A part must stand as whole words: "2 weeks" is not found in "12 weeks".

This is the one "is this passage in that text" of kevidence: the quotation rules (a claim's
quotation against its source's words, a recorded quotation against the source's text), the
article's check (where a recorded quotation stands in the article, an article's quotation
against the recorded words) and the draft all call :func:`found_in` or :func:`locate`.

When a quotation is not found, :func:`closest_passage` finds the passage of the text most
like it and :func:`word_changes` lists the words added, dropped or changed. That is a
suggestion for the editor, never a verification: fuzzy likeness decides nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from kevidence.text.normalise import split_ellipses, typography
from kevidence.text.pairing import find_quotations

__all__ = ["Passage", "WordChange", "closest_passage", "describe_changes", "found_in", "locate",
           "presented_passages", "word_changes"]

# Quoted passages of fewer words are emphasis or a term ("so-called 'windup'"), not a quotation.
MIN_QUOTED_WORDS = 3
_EDGE_PUNCTUATION = ".,;:!?"
_NEGATIONS = frozenset({
    "not", "no", "never", "none", "nor", "neither", "nothing", "without", "cannot", "can't",
    "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "won't", "shouldn't",
    "wouldn't", "couldn't", "mustn't", "hasn't", "haven't", "hadn't", "unlikely", "non",
})
_NUMBER_WORDS = frozenset({
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million",
    "half", "once", "twice", "single", "double", "first", "second", "third",
})


def presented_passages(printed: str) -> list[str]:
    """The passages a text prints in quotation marks as someone's words: double quotes
    (straight or curly), guillemets or curly single quotes, as :func:`find_quotations` pairs
    them, typography-normalised; passages of fewer than three words (a term, an emphasis) are
    left out."""
    passages = [typography(printed[start + 1:end]) for start, end in find_quotations(printed, all_marks=True).closed]
    return [p for p in passages if len(p.split()) >= MIN_QUOTED_WORDS]


def _variants(part: str) -> list[str]:
    """A part as quoted, and with its first letter in the other case."""
    part = part.strip(_EDGE_PUNCTUATION + '" ')
    if not part:
        return []
    first = part[0]
    other = first.lower() if first.isupper() else first.upper()
    return [part] if other == first else [part, other + part[1:]]


def found_in(quotation: str, text: str, *, plain: bool = False) -> bool:
    """Whether a quotation's parts (split at its ellipses) appear in ``text`` in order, as whole
    words, after typography on both; exact apart from the first letter's case and end
    punctuation.

    ``plain=True`` says ``text`` has been through :func:`typography` already (a long source
    text checked against many quotations is normalised once).

    >>> found_in("2 weeks of relief", "12 weeks of relief")
    False
    """
    return locate(quotation, text, plain=plain) is not None


def locate(quotation: str, text: str, *, plain: bool = False) -> tuple[int, int] | None:
    """Where :func:`found_in` finds the quotation: the start of its first part and the end of
    its last in ``typography(text)`` (``text`` itself with ``plain=True``), or None.

    A quotation with no words (empty, or only ellipses and punctuation) is found nowhere.
    """
    plain_text = text if plain else typography(text)
    position = 0
    first: int | None = None
    for part in split_ellipses(typography(quotation)):
        variants = _variants(part)
        if not variants:
            continue
        hits = [hit for v in variants if (hit := _find_words(plain_text, v, position)) is not None]
        if not hits:
            return None
        start, position = min(hits)
        first = start if first is None else first
    return None if first is None else (first, position)


def _find_words(text: str, part: str, start: int) -> tuple[int, int] | None:
    """The first place from ``start`` where ``part`` stands in ``text`` as whole words: "2 weeks"
    is not found in "12 weeks", nor "ain" in "pain"."""
    at = text.find(part, start)
    while at >= 0:
        end = at + len(part)
        starts_clean = at == 0 or not (part[0].isalnum() and text[at - 1].isalnum())
        ends_clean = end == len(text) or not (part[-1].isalnum() and text[end].isalnum())
        if starts_clean and ends_clean:
            return at, end
        at = text.find(part, at + 1)
    return None


@dataclass(frozen=True, slots=True)
class Passage:
    """The passage of a text most like a quotation, and how alike they are (0 to 1)."""

    text: str
    similarity: float


def _key(word: str) -> str:
    return word.strip(_EDGE_PUNCTUATION + "\"'()[]").lower()


def closest_passage(quotation: str, text: str) -> Passage | None:
    """The run of words of ``text`` most like ``quotation`` (None when they share no word).

    Candidate runs are found by letting each shared word vote for where the quotation would
    start; the few best-voted runs are compared word by word. Linear in the text.
    """
    wanted = [w for w in typography(quotation).split() if w != "..."]
    words = typography(text).split()
    if not wanted or not words:
        return None
    keys = [_key(w) for w in words]
    wanted_keys = [_key(w) for w in wanted]
    where: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        where.setdefault(key, []).append(i)
    votes: Counter[int] = Counter()
    for offset, key in enumerate(wanted_keys):
        for i in where.get(key, ()):
            votes[i - offset] += 1
    if not votes:
        return None
    best: Passage | None = None
    span = len(wanted)
    for start, _ in votes.most_common(8):
        low = max(0, start - 2)
        window = words[low:max(0, start) + span + 2]
        matcher = SequenceMatcher(None, wanted_keys, [_key(w) for w in window], autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        if not blocks:
            continue
        # The window from the first to the last word aligned with the quotation: words the
        # quotation has beyond them show as added, not as changed from the text's neighbours.
        trimmed = window[blocks[0].b:blocks[-1].b + blocks[-1].size]
        score = SequenceMatcher(None, wanted_keys, [_key(w) for w in trimmed], autojunk=False).ratio()
        if best is None or score > best.similarity:
            best = Passage(" ".join(trimmed), score)
    return best


@dataclass(frozen=True, slots=True)
class WordChange:
    """One difference between a quotation and its source: words added, dropped or changed."""

    kind: str  # "added", "dropped" or "changed"
    quoted: str  # the quotation's words ("" when dropped)
    source: str  # the source's words ("" when added)

    @property
    def touches_number(self) -> bool:
        """Whether a number (digits or a number word) is added, dropped or changed."""
        return any(_is_number(w) for w in (self.quoted + " " + self.source).split())

    @property
    def touches_negation(self) -> bool:
        """Whether a negation ("not", "no", "never", "without", ...) is added, dropped or changed."""
        return any(_key(w) in _NEGATIONS or _key(w).endswith("n't") for w in (self.quoted + " " + self.source).split())

    def __str__(self) -> str:
        if self.kind == "added":
            return f"added {self.quoted!r}"
        if self.kind == "dropped":
            return f"dropped {self.source!r}"
        return f"{self.source!r} changed to {self.quoted!r}"


def _is_number(word: str) -> bool:
    key = _key(word)
    return any(c.isdigit() for c in key) or key in _NUMBER_WORDS


def word_changes(quotation: str, source: str) -> list[WordChange]:
    """The words a quotation adds, drops or changes against the source passage it stands for,
    after typography (ellipses in the quotation are not words).

    Words are aligned ignoring letter case and the punctuation at their ends, so that a
    quotation begun mid-sentence ("it" for "It") or ending on a comma shows no change there;
    every other word is compared exactly. An empty list for a quotation :func:`found_in`
    rejects means it differs only in letter case or end punctuation.
    """
    quoted = [w for w in typography(quotation).split() if w != "..."]
    original = [w for w in typography(source).split() if w != "..."]
    changes: list[WordChange] = []
    for tag, i1, i2, j1, j2 in _word_opcodes([_key(w) for w in original], [_key(w) for w in quoted]):
        if tag == "equal":
            continue
        said, printed = " ".join(original[i1:i2]), " ".join(quoted[j1:j2])
        kind = {"insert": "added", "delete": "dropped"}.get(tag, "changed")
        changes.append(WordChange(kind, printed, said))
    return changes


_EXACT_LIMIT = 250_000  # word pairs up to which the fewest changes are searched for exactly


def _word_opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Opcodes (as difflib's) turning ``a`` into ``b`` with the fewest words added, dropped or
    changed. difflib matches the longest common run first, which with repeated words can show
    "pain Moreover" added and "pain" dropped where one word was added; quotations are short,
    so the minimal script is found exactly (difflib's answer only for very long passages)."""
    n, m = len(a), len(b)
    if n * m > _EXACT_LIMIT:
        return [(str(t), i1, i2, j1, j2) for t, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
    # cost[i][j]: fewest edits turning a[i:] into b[j:]
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n, -1, -1):
        row, below = cost[i], cost[i + 1] if i < n else None
        for j in range(m, -1, -1):
            if i == n:
                row[j] = m - j
            elif j == m:
                row[j] = n - i
            elif a[i] == b[j]:
                row[j] = below[j + 1]  # type: ignore[index]
            else:
                row[j] = 1 + min(below[j + 1], below[j], row[j + 1])  # type: ignore[index]
    steps: list[tuple[str, int, int]] = []  # (tag, i, j) one word at a time
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and a[i] == b[j] and cost[i][j] == cost[i + 1][j + 1]:
            steps.append(("equal", i, j))
            i, j = i + 1, j + 1
        elif i < n and j < m and cost[i][j] == 1 + cost[i + 1][j + 1]:
            steps.append(("replace", i, j))
            i, j = i + 1, j + 1
        elif j < m and cost[i][j] == 1 + cost[i][j + 1]:
            steps.append(("insert", i, j))
            j += 1
        else:
            steps.append(("delete", i, j))
            i += 1
    opcodes: list[tuple[str, int, int, int, int]] = []
    for tag, i, j in steps:
        di, dj = (0, 1) if tag == "insert" else (1, 0) if tag == "delete" else (1, 1)
        if opcodes and (opcodes[-1][0] == tag or {opcodes[-1][0], tag} <= {"replace", "insert", "delete"}):
            last = opcodes[-1]
            merged = tag if last[0] == tag else "replace"
            opcodes[-1] = (merged, last[1], i + di, last[3], j + dj)
        else:
            opcodes.append((tag, i, i + di, j, j + dj))
    return opcodes


def describe_changes(changes: list[WordChange], limit: int = 6) -> str:
    """The changes as a short list for a message."""
    shown = "; ".join(str(c) for c in changes[:limit])
    more = len(changes) - limit
    return shown + (f"; and {more} more" if more > 0 else "")
