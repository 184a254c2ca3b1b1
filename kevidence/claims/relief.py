"""Durations of relief: the article's own words, plus bounds that can be compared.

``Relief(text="several weeks")`` keeps the words verbatim and derives approximate bounds from
them (3 to 7 weeks), so ``query(min_relief="P2W")`` can compare claims. Bounds may also be
written explicitly (ISO 8601 durations) when the words are not in the grammar below; words
that neither parse nor come with bounds are an error, never a silent "unknown".

Conventions for vague words (documented so that they can be argued with):
``a few`` = 2-4, ``several`` = 3-7, ``many`` = 5 or more units; ``short-term`` = at most
3 months; ``long``/``long-term``/``long continued`` = at least 3 months; ``immediate`` is an
onset, not a duration. Months count 30 days and years 365 for comparison only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
    model_validator,
)

_ISO = re.compile(r"^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?$")

def _check_iso(value: str) -> str:
    duration_days(value)
    return value


# The schema pattern is the loose shape editors see; the validator enforces the unit order.
IsoDuration = Annotated[
    str,
    StringConstraints(pattern=r"^P(\d+(\.\d+)?[YMWD])+$"),
    AfterValidator(_check_iso),
]

DAYS_PER_UNIT = {"day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0}


def duration_days(iso: str) -> float:
    """Days in an ISO 8601 duration of years, months, weeks and days (``P2W`` -> 14.0).

    >>> duration_days("P1M2W")
    44.0
    """
    match = _ISO.match(iso.strip().upper()) if isinstance(iso, str) else None
    if not match:
        raise ValueError(
            f"{iso!r} is not an ISO 8601 duration; write e.g. 'P14D', 'P2W', 'P3M' or 'P1Y'"
        )
    years, months, weeks, days = (float(g) if g else 0.0 for g in match.groups())
    return years * 365 + months * 30 + weeks * 7 + days


def days_to_iso(days: float) -> str:
    """A readable ISO 8601 duration for a number of days (whole weeks/months/years if exact)."""
    whole = round(days)
    if whole and whole % 365 == 0:
        return f"P{whole // 365}Y"
    if whole and whole % 30 == 0:
        return f"P{whole // 30}M"
    if whole and whole % 7 == 0:
        return f"P{whole // 7}W"
    return f"P{whole}D"


@dataclass(frozen=True, slots=True)
class ReliefBounds:
    """Comparable bounds of a relief duration, in days (None: unbounded on that side)."""

    min_days: float | None
    max_days: float | None
    approximate: bool
    onset: str | None = None


_NUMBERS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_VAGUE = {"a few": (2, 4), "few": (2, 4), "several": (3, 7), "many": (5, None), "some": (2, None)}
_UNIT = r"(day|week|month|year)s?"
_COUNT = re.compile(
    rf"^(?:up to |at least |about |around |approximately |over |more than |less than )?"
    rf"(\d+(?:\.\d+)?|{'|'.join(sorted(_NUMBERS, key=len, reverse=True))})"
    rf"(?:\s*(?:-|to|–)\s*(\d+(?:\.\d+)?|{'|'.join(_NUMBERS)}))?\s+{_UNIT}$"
)
_VAGUE_RE = re.compile(rf"^({'|'.join(sorted(_VAGUE, key=len, reverse=True))})\s+{_UNIT}$")
_QUALIFIER = re.compile(r"\s*\((?P<paren>[^)]*)\)\s*$|\s+(?P<tail>in (?:some|most|many|a few) (?:cases|patients))$")
_SHORT = {"short-term", "short term", "short-lived", "brief", "temporary"}
_LONG = {"long-term", "long term", "long continued", "long-continued", "long-lasting", "long lasting", "lasting", "prolonged", "sustained"}
_SHORT_MAX = 90.0
_LONG_MIN = 90.0


def _number(word: str) -> float:
    return float(word) if word[0].isdigit() else float(_NUMBERS[word])


@lru_cache(maxsize=4096)
def parse_relief(text: str) -> ReliefBounds:
    """Bounds for a relief phrase; ``ValueError`` naming the phrase when it cannot be read.

    Cached by text: a large base repeats a few dozen phrases, and the bounds are immutable.

    >>> parse_relief("two weeks")
    ReliefBounds(min_days=14.0, max_days=14.0, approximate=False, onset=None)
    >>> parse_relief("several months in some cases").min_days
    90.0
    """
    phrase = " ".join(text.strip().lower().replace("&", "and").split())
    approximate = False
    qualifier = _QUALIFIER.search(phrase)
    if qualifier:
        phrase = phrase[: qualifier.start()].strip()
        approximate = True
    onset = None
    for word in ("immediate and ", "immediate "):
        if phrase.startswith(word):
            onset, phrase = "immediate", phrase[len(word):].strip()
    if phrase.startswith("relief of ") or phrase.startswith("relief lasting "):
        phrase = phrase.split(" ", 2)[2] if phrase.startswith("relief lasting ") else phrase[10:]
    phrase = phrase.removesuffix(" relief").strip()

    if phrase in _SHORT:
        return ReliefBounds(None, _SHORT_MAX, True, onset)
    if phrase in _LONG:
        return ReliefBounds(_LONG_MIN, None, True, onset)
    if not phrase and onset:
        return ReliefBounds(0.0, None, True, onset)
    match = _VAGUE_RE.match(phrase)
    if match:
        low, high = _VAGUE[match.group(1)]
        unit = DAYS_PER_UNIT[match.group(2)]
        return ReliefBounds(low * unit, high * unit if high else None, True, onset)
    match = _COUNT.match(phrase)
    if match:
        unit = DAYS_PER_UNIT[match.group(3)]
        min_days = _number(match.group(1)) * unit
        max_days = _number(match.group(2)) * unit if match.group(2) else min_days
        if max_days < min_days:
            raise ValueError(f"the relief duration {text!r} has its range reversed; write the smaller number first")
        prefix = phrase.split(" ", 1)[0]
        if phrase.startswith("up to") or prefix in ("less",):
            return ReliefBounds(None, max_days, approximate, onset)
        if phrase.startswith("at least") or prefix in ("over", "more"):
            return ReliefBounds(min_days, None, approximate, onset)
        fuzzy = prefix in ("about", "around", "approximately")
        return ReliefBounds(min_days, max_days, approximate or fuzzy, onset)
    raise ValueError(
        f"cannot read the relief duration {text!r}: use words like 'two weeks', 'several months', "
        "'short-term', 'up to 2 weeks', or give explicit bounds, e.g. "
        '{"text": "...", "min": "P2W", "max": "P6W"}'
    )


class Relief(BaseModel):
    """How long relief lasts: the source's words verbatim, and comparable bounds.

    In a claims file either a string (``"several weeks"``) or an object with ``text`` and,
    optionally, explicit ``min``/``max`` ISO 8601 bounds and ``approximate``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(min_length=1, description="The words used for the duration, verbatim (e.g. 'several weeks').")
    min: IsoDuration | None = Field(default=None, description="Explicit lower bound (ISO 8601), overriding the words.")
    max: IsoDuration | None = Field(default=None, description="Explicit upper bound (ISO 8601), overriding the words.")
    approximate: bool | None = Field(default=None, description="Whether the bounds are approximate (default: from the words).")

    _bounds: ReliefBounds = PrivateAttr()

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"text": data}
        return data

    @model_validator(mode="after")
    def _derive_bounds(self) -> Relief:
        explicit = self.min is not None or self.max is not None
        try:
            parsed = parse_relief(self.text)
        except ValueError:
            if not explicit:
                raise
            parsed = ReliefBounds(None, None, True)
        low = duration_days(self.min) if self.min is not None else (None if explicit else parsed.min_days)
        high = duration_days(self.max) if self.max is not None else (None if explicit else parsed.max_days)
        if low is not None and high is not None and low > high:
            raise ValueError(f"relief bounds are reversed: min {self.min or low} exceeds max {self.max or high}")
        approximate = parsed.approximate if self.approximate is None else self.approximate
        self._bounds = ReliefBounds(low, high, approximate, parsed.onset)
        return self

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: GetJsonSchemaHandler) -> Any:
        # The string shorthand is valid input too; tell editors' schema-aware tools so.
        object_schema = handler(core_schema)
        return {
            "anyOf": [
                {"type": "string", "minLength": 1, "description": "The words alone, e.g. 'several weeks'."},
                object_schema,
            ]
        }

    @model_serializer(mode="wrap")
    def _to_json(self, handler: SerializerFunctionWrapHandler) -> Any:
        # Written back as the plain string when only the words were given, as editors write it.
        if self.min is None and self.max is None and self.approximate is None:
            return self.text
        return handler(self)

    @property
    def bounds(self) -> ReliefBounds:
        """The comparable bounds, derived once at validation."""
        return self._bounds

    @property
    def min_days(self) -> float | None:
        return self._bounds.min_days

    @property
    def max_days(self) -> float | None:
        return self._bounds.max_days

    def __str__(self) -> str:
        return self.text
