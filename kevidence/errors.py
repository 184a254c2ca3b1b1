"""The exception family of kevidence: every error a user can cause carries where it happened.

An error lists *every* problem found (each a :class:`Problem` with a :class:`Location`), so a
person fixing a file sees all of them at once instead of one per run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, Protocol, runtime_checkable


class Location(NamedTuple):
    """Where something is: a file, and within it a 1-based line (and column) and/or a JSON path.

    An immutable record (a named tuple: an audit of a large base makes one per claim).
    """

    file: str | None = None
    line: int | None = None
    json_path: str | None = None
    column: int | None = None
    """1-based column (in characters) on ``line``, where known (e.g. in an article)."""

    def __str__(self) -> str:
        if self.file is None and self.line is None and not self.json_path:
            return ""  # nowhere in particular (a command's option, a Python argument)
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        text = ":".join(parts)
        if self.json_path:
            text += f" at {self.json_path}"
        return text

    def to_dict(self) -> dict[str, str | int | None]:
        """The location as a JSON-friendly mapping (``column`` only when known)."""
        data: dict[str, str | int | None] = {"file": self.file, "line": self.line, "json_path": self.json_path}
        if self.column is not None:
            data["column"] = self.column
        return data


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: where, what, and how to fix it."""

    location: Location
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        where = str(self.location)
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class KevidenceError(Exception):
    """Base of every error kevidence raises for input a user can fix.

    ``problems`` lists every problem found; ``location`` is the first one's location.
    """

    def __init__(self, summary: str, problems: Sequence[Problem] = ()) -> None:
        self.summary = summary
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._render())

    @property
    def location(self) -> Location | None:
        """Where the first problem is, if any problem carries a location."""
        return self.problems[0].location if self.problems else None

    def _render(self) -> str:
        if not self.problems:
            return self.summary
        if len(self.problems) == 1:
            return f"{self.summary}: {self.problems[0]}"
        lines = [f"{self.summary} ({len(self.problems)} problems):"]
        lines.extend(f"  {problem}" for problem in self.problems)
        return "\n".join(lines)


class DataFileError(KevidenceError):
    """A data file is missing, unreadable or not text."""


class BibError(KevidenceError):
    """A BibTeX file has blocks that could not be parsed, duplicate keys or lost fields."""


class ClaimsError(KevidenceError):
    """A claims file is not valid JSON or breaks the claims schema."""


class VocabularyError(KevidenceError, ValueError):
    """A facet value (condition, pain type, intervention, ...) is not in the vocabulary."""


class QueryError(KevidenceError, ValueError):
    """A query argument (a duration, a level) is malformed."""


class EditError(KevidenceError, ValueError):
    """An edit to a knowledge base was refused; the base is unchanged."""


class ConflictError(KevidenceError):
    """A data file changed on disk since it was loaded; nothing was written."""


class UnknownClaimError(KevidenceError, KeyError):
    """A claim id that the knowledge base does not hold."""

    def __str__(self) -> str:  # KeyError would quote the message otherwise
        return self.args[0] if self.args else self.summary


class UnknownSourceError(KevidenceError, KeyError):
    """A BibTeX key that the knowledge base does not hold."""

    def __str__(self) -> str:
        return self.args[0] if self.args else self.summary


def display_path(path: str | Path | None) -> str | None:
    """The path as a user typed it or as short as it can be: relative to the cwd when inside it."""
    if path is None:
        return None
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like ``word``, for "did you mean ...?" hints (None when nothing is close)."""
    import difflib

    options = list(choices)
    lowered = {c.lower(): c for c in options}
    if word.lower() in lowered:
        return lowered[word.lower()]
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


@runtime_checkable
class Suggests(Protocol):
    """Anything that names the choice closest to a word (a :class:`Suggester`, a vocabulary)."""

    def closest(self, word: str) -> str | None: ...


def did_you_mean(word: str, choices: Iterable[str] | Suggests, otherwise: str = "") -> str:
    """``did you mean 'crps'?`` for the choice closest to ``word``; ``otherwise`` when none is close.

    The one place "did you mean" hints are made; a :class:`Suggester` answers for large sets.

    >>> did_you_mean("cprs", ["crps", "fibromyalgia"])
    "did you mean 'crps'?"
    >>> did_you_mean("zzz", ["crps"], "run 'kevidence vocab'")
    "run 'kevidence vocab'"
    """
    guess = choices.closest(word) if isinstance(choices, Suggests) else closest(word, choices)
    return f"did you mean {guess!r}?" if guess is not None else otherwise


def unknown_name(
    what: str, word: str, choices: Iterable[str] | Suggests, *, valid: Sequence[str] | None = None,
    otherwise: str = "",
) -> str:
    """The message for a name nobody holds: ``unknown kind 'eficacy' (did you mean 'efficacy'?)``,
    followed by ``; valid values: ...`` when ``valid`` is given, or by ``; otherwise`` when
    nothing is close.

    >>> unknown_name("condition", "cprs", ["crps", "fibromyalgia"], valid=["crps", "fibromyalgia"])
    "unknown condition 'cprs' (did you mean 'crps'?); valid values: crps, fibromyalgia"
    """
    hint = did_you_mean(word, choices)
    text = f"unknown {what} {word!r}" + (f" ({hint})" if hint else "")
    if valid is not None:
        text += "; valid values: " + ", ".join(valid)
    elif not hint and otherwise:
        text += f"; {otherwise}"
    return text


def unknown_claim(claim_id: str, ids: Iterable[str] | Suggests) -> UnknownClaimError:
    """The error for a claim id the base does not hold, with the closest id as a hint."""
    hint = did_you_mean(claim_id, ids)
    return UnknownClaimError(f"no claim with id {claim_id!r}" + (f" ({hint})" if hint else ""))


def unknown_source(key: str, keys: Iterable[str] | Suggests, otherwise: str = "") -> UnknownSourceError:
    """The error for a BibTeX key the base does not hold, with the closest key as a hint
    (or ``otherwise``, e.g. how to add one, when none is close)."""
    hint = did_you_mean(key, keys)
    text = f"no source with key {key!r}" + (f" ({hint})" if hint else (f"; {otherwise}" if otherwise else ""))
    return UnknownSourceError(text)


class Suggester:
    """``closest`` over a large, fixed set of choices, without comparing against all of them.

    Hints like "did you mean 'maher2017'?" are cheap for a handful of keys, but an audit of a
    base with 20,000 sources that compares every unknown key with every key is quadratic.
    Small sets (up to ``exhaustive`` choices) get exactly :func:`closest`; large ones are
    indexed by the words left after deleting one character, which finds every choice within
    one deletion of the word or of one of its own deletions (typos, transpositions, a
    character too many or too few), and the best of those by :func:`closest`'s measure.

    >>> Suggester([f"key{n}" for n in range(5000)] + ["maher2017"]).closest("maher2071")
    'maher2017'
    """

    def __init__(self, choices: Iterable[str], exhaustive: int = 1000) -> None:
        self._choices = list(choices)
        self._lowered = {c.lower(): c for c in self._choices}
        # Large sets: choices by length, each length's deletion index built when first asked
        # (a word and a choice one deletion apart differ in length by at most one).
        self._by_length: dict[int, list[str]] | None = None
        self._index: dict[int, dict[str, list[str]]] = {}
        if len(self._choices) > exhaustive:
            self._by_length = {}
            for lowered in self._lowered:
                self._by_length.setdefault(len(lowered), []).append(lowered)

    def _variants_of_length(self, length: int) -> dict[str, list[str]]:
        index = self._index.get(length)
        if index is None:
            index = self._index[length] = {}
            for lowered in (self._by_length or {}).get(length, ()):
                for variant in _deletions(lowered):
                    index.setdefault(variant, []).append(lowered)
        return index

    def closest(self, word: str) -> str | None:
        """The choice most like ``word`` (None when nothing is close)."""
        if self._by_length is None:
            return closest(word, self._choices)
        wanted = word.lower()
        if wanted in self._lowered:
            return self._lowered[wanted]
        candidates: dict[str, None] = {}
        variants = _deletions(wanted)
        for length in (len(wanted) - 1, len(wanted), len(wanted) + 1):
            index = self._variants_of_length(length)
            for variant in variants:
                for found in index.get(variant, ()):
                    candidates[found] = None
        if not candidates:
            return None
        return closest(word, [self._lowered[c] for c in candidates])


def _deletions(word: str) -> set[str]:
    """The word and every word made by deleting one of its characters."""
    return {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}
