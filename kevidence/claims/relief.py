"""Durations of relief: the article's own words, plus bounds that can be compared.

``Relief(text="several weeks")`` keeps the words verbatim and derives approximate bounds from
them (3 to 7 weeks), so ``query(min_relief="P2W")`` can compare claims. Bounds may also be
written explicitly (ISO 8601 durations) when the words are not in the grammar below; words
that neither parse nor come with bounds are an error listing the accepted forms, never a
silent "unknown".

Conventions for vague words (documented so that they can be argued with; docs/query.md has the
table): ``a few`` = 2-4, ``several`` = 3-7, ``many`` = 5 or more, ``some`` = 2 or more,
``a couple of`` = 2 units; a bare plural (``weeks``) = 2-7 units, so ``weeks to months`` is
2 weeks to 7 months; ``short-term`` = at most 3 months; ``long``/``long-term``/``lasting``
= at least 3 months; ``up to``/``less than`` keep only the upper bound, ``at least``/``more
than``/``over``/``... or more`` only the lower; ``about`` makes bounds approximate. An onset
(``immediate``, ``within days``) says how soon relief comes: alone it leaves the duration
unbounded, before a duration (``immediate and long-lasting``) it is kept beside it. Hours
count 1/24 day, months 30 days and years 365, for comparison only.
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

from kevidence.bulk import shared
from kevidence.text import typography

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
    """Comparable bounds of a relief duration, in days (None: unbounded on that side).

    ``onset`` is how soon relief begins, in the phrase's words ("immediate", "within days"),
    and ``onset_max_days`` the latest it begins (0 for "immediate"), when the phrase says so.
    """

    min_days: float | None
    max_days: float | None
    approximate: bool
    onset: str | None = None
    onset_max_days: float | None = None


_NUMBERS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
# Vague counts: (fewest, most) units; None: no upper bound. A bare plural ("weeks") reads as
# "a few to several".
_VAGUE = {"a few": (2, 4), "few": (2, 4), "several": (3, 7), "many": (5, None), "some": (2, None),
          "a couple of": (2, 2), "a number of": (2, 7)}
_BARE_PLURAL = (2, 7)
DAYS_PER_UNIT = {"hour": 1 / 24, **DAYS_PER_UNIT}
_UNIT = r"(hour|day|week|month|year)s?"
_NUMBER = rf"(?:\d+(?:\.\d+)?|{'|'.join(sorted(_NUMBERS, key=len, reverse=True))})"
_RANGE = re.compile(rf"^(?:between )?({_NUMBER})(?: ?- ?| to | and | or )({_NUMBER}) {_UNIT}$")
_COUNT = re.compile(rf"^({_NUMBER}) {_UNIT}$")
_VAGUE_RE = re.compile(rf"^({'|'.join(sorted(_VAGUE, key=len, reverse=True))}) {_UNIT}$")
_PLURAL = re.compile(r"^(hour|day|week|month|year)s$")
_PLURAL_RANGE = re.compile(r"^(hour|day|week|month|year)s (?:to|or|-) ?(hour|day|week|month|year)s$")
# Words before a quantity: what they do to its bounds.
_UPPER_ONLY = ("up to ", "less than ", "under ", "no more than ", "not more than ")
_LOWER_ONLY = ("at least ", "more than ", "over ", "no less than ", "not less than ", "beyond ")
_ABOUT = ("about ", "around ", "approximately ", "roughly ", "nearly ", "almost ")
_LOWER_SUFFIXES = (" or more", " or longer", " and more", " and longer", " plus")
_QUALIFIER = re.compile(r"\s*\((?P<paren>[^)]*)\)\s*$|\s+(?P<tail>in (?:some|most|many|a few) (?:cases|patients))$")
_SHORT = {"short-term", "short term", "short-lived", "short lived", "brief", "temporary", "transient"}
_LONG = {"long-term", "long term", "long continued", "long-continued", "long-lasting", "long lasting",
         "lasting", "prolonged", "sustained", "durable"}
_IMMEDIATE = ("immediate", "immediately", "instant", "rapid", "quick")
_JOINERS = ("and then ", "and ", "then ", ", ", "followed by ")
_PREFIXES = ("relief lasting ", "relief of ", "relief for ", "lasting ", "that lasts ", "for ")
_SHORT_MAX = 90.0
_LONG_MIN = 90.0
# Longer text is no duration phrase (and would nest the prefix reading too deep).
_LONGEST_PHRASE = 200

ACCEPTED_FORMS = (
    "'two weeks', '10 days', '2-4 weeks', '2 to 4 weeks', 'between 2 and 4 weeks', "
    "'a few weeks', 'several months', 'many years', 'weeks', 'weeks to months', 'days to weeks', "
    "'up to 2 weeks', 'less than a month', 'at least 6 months', 'more than 3 days', '6 months or more', "
    "'about 10 days', 'short-term', 'long-term', 'long-lasting'; onsets 'immediate' and 'within days' "
    "(alone, or before a duration: 'immediate and long-lasting', 'within days, lasting several weeks'); "
    "a closing qualifier such as '(in some cases)' or 'in most patients'"
)


def _number(word: str) -> float:
    return float(word) if word[0].isdigit() else float(_NUMBERS[word])


Quantity = tuple[float | None, float | None, bool]


def _quantity(phrase: str, text: str) -> Quantity | None:
    """(fewest days, most days, approximate) of a duration phrase, None when it is not one."""
    if phrase in _SHORT:
        return None, _SHORT_MAX, True
    if phrase in _LONG:
        return _LONG_MIN, None, True
    for suffix in _LOWER_SUFFIXES:
        if phrase.endswith(suffix):
            inner = _quantity(phrase[: -len(suffix)].strip(), text)
            return (inner[0], None, inner[2]) if inner else None
    for words, keep in ((_UPPER_ONLY, "max"), (_LOWER_ONLY, "min"), (_ABOUT, "about")):
        for word in words:
            if phrase.startswith(word):
                inner = _quantity(phrase[len(word):].strip(), text)
                if inner is None:
                    return None
                low, high, approximate = inner
                if keep == "max":
                    return None, high if high is not None else low, approximate
                if keep == "min":
                    return low, None, approximate
                return low, high, True
    match = _COUNT.match(phrase)
    if match:
        days = _number(match.group(1)) * DAYS_PER_UNIT[match.group(2)]
        return days, days, False
    match = _RANGE.match(phrase)
    if match:
        unit = DAYS_PER_UNIT[match.group(3)]
        low, high = _number(match.group(1)) * unit, _number(match.group(2)) * unit
        if high < low:
            raise ValueError(f"the relief duration {text!r} has its range reversed; write the smaller number first")
        return low, high, False
    match = _VAGUE_RE.match(phrase)
    if match:
        fewest, most = _VAGUE[match.group(1)]
        unit = DAYS_PER_UNIT[match.group(2)]
        return fewest * unit, most * unit if most is not None else None, True
    match = _PLURAL.match(phrase)
    if match:
        unit = DAYS_PER_UNIT[match.group(1)]
        return _BARE_PLURAL[0] * unit, _BARE_PLURAL[1] * unit, True
    match = _PLURAL_RANGE.match(phrase)
    if match:
        low, high = DAYS_PER_UNIT[match.group(1)], DAYS_PER_UNIT[match.group(2)]
        if high < low:
            raise ValueError(f"the relief duration {text!r} has its range reversed; write the shorter unit first")
        return _BARE_PLURAL[0] * low, _BARE_PLURAL[1] * high, True
    return None


def _onset(phrase: str, text: str) -> tuple[str | None, float | None, str]:
    """(onset words, latest onset in days, the rest of the phrase) of a phrase that begins
    with an onset; (None, None, phrase) when it does not."""
    for word in _IMMEDIATE:
        if phrase == word or phrase.startswith(word + " "):
            return "immediate", 0.0, _after_joiner(phrase[len(word):])
    if phrase.startswith("within "):
        rest = phrase[len("within "):]
        for cut in [len(rest), *(i for i in range(len(rest)) if rest[i] in ", ")]:
            head = rest[:cut].strip(" ,")
            quantity = _quantity(head, text) if head else None
            if quantity is not None:
                latest = quantity[1] if quantity[1] is not None else quantity[0]
                return f"within {head}", latest, _after_joiner(rest[cut:])
    return None, None, phrase


def _after_joiner(rest: str) -> str:
    rest = rest.strip()
    for joiner in _JOINERS:
        if rest.startswith(joiner.strip()) and (rest == joiner.strip() or rest.startswith(joiner)):
            return rest[len(joiner):].strip() if rest.startswith(joiner) else ""
    if rest.startswith(","):
        return rest[1:].strip()
    return rest


def _unreadable(text: str) -> ValueError:
    return ValueError(
        f"cannot read the relief duration {text!r}; accepted forms: {ACCEPTED_FORMS}; "
        'or give explicit bounds, e.g. {"text": "...", "min": "P2W", "max": "P6W"}'
    )


@lru_cache(maxsize=4096)
def parse_relief(text: str) -> ReliefBounds:
    """Bounds for a relief phrase; ``ValueError`` naming the phrase and listing the accepted
    forms when it cannot be read.

    Cached by text: a large base repeats a few dozen phrases, and the bounds are immutable.

    >>> parse_relief("two weeks")
    ReliefBounds(min_days=14.0, max_days=14.0, approximate=False, onset=None, onset_max_days=None)
    >>> parse_relief("several months in some cases").min_days
    90.0
    >>> b = parse_relief("weeks to months"); (b.min_days, b.max_days)
    (14.0, 210.0)
    >>> parse_relief("within days").onset_max_days
    7.0
    """
    phrase = " ".join(typography(text).lower().replace("&", " and ").split())
    if len(phrase) > _LONGEST_PHRASE:
        raise _unreadable(text)
    approximate = False
    qualifier = _QUALIFIER.search(phrase)
    if qualifier:
        phrase = phrase[: qualifier.start()].strip()
        approximate = True
    onset, onset_max, phrase = _onset(phrase, text)
    for prefix in _PREFIXES:
        if phrase.startswith(prefix):
            phrase = phrase[len(prefix):].strip()
            break
    phrase = phrase.removesuffix(" relief").strip()
    if not phrase:
        if onset is None:
            raise _unreadable(text)
        # An onset alone says how soon relief comes, not how long it lasts.
        return ReliefBounds(None, None, True, onset, onset_max)
    quantity = _quantity(phrase, text)
    if quantity is None:
        raise _unreadable(text)
    low, high, fuzzy = quantity
    return ReliefBounds(low, high, approximate or fuzzy, onset, onset_max)


class Relief(BaseModel):
    """How long relief lasts: the source's words verbatim, and comparable bounds.

    In a claims file either a string (``"several weeks"``) or an object with ``text`` and,
    optionally, explicit ``min``/``max`` ISO 8601 bounds and ``approximate``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)  # built on first use, not at import

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
        self._bounds = ReliefBounds(low, high, approximate, parsed.onset, parsed.onset_max_days)
        # In a load, one object for all claims giving the same relief alike.
        return shared(self, (Relief, self.text, self.min, self.max, self.approximate,
                             frozenset(self.__pydantic_fields_set__)))

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
