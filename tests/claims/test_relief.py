"""Relief durations: the article's words parse to comparable bounds; junk is an error."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from kevidence.claims.relief import Relief, days_to_iso, duration_days, parse_relief


@pytest.mark.parametrize(
    ("text", "low", "high", "approximate"),
    [
        ("two weeks", 14, 14, False),
        ("several weeks", 21, 49, True),
        ("several months in some cases", 90, 210, True),
        ("short-term", None, 90, True),
        ("up to 2 weeks", None, 14, False),
        ("2-4 weeks", 14, 28, False),
        ("at least 3 months", 90, None, False),
        ("about 10 days", 10, 10, True),
        ("a few weeks", 14, 28, True),
    ],
)
def test_article_phrases_parse_to_bounds(text: str, low: float | None, high: float | None, approximate: bool) -> None:
    bounds = parse_relief(text)
    assert (bounds.min_days, bounds.max_days, bounds.approximate) == (low, high, approximate)


def test_immediate_is_an_onset_and_long_continued_a_lower_bound() -> None:
    bounds = parse_relief("immediate & long continued")
    assert bounds.onset == "immediate"
    assert bounds.min_days == 90 and bounds.max_days is None and bounds.approximate


@pytest.mark.parametrize("text", ["forever-ish", "", "weeks of bliss", "two", "several fortnights", "4-2 weeks"])
def test_unreadable_phrase_is_an_error_not_none(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        Relief.model_validate(text)
    assert "relief" in str(info.value) or "at least 1 character" in str(info.value)


def test_explicit_bounds_rescue_an_unparsed_phrase_and_override_words() -> None:
    relief = Relief.model_validate({"text": "most of the summer", "min": "P6W", "max": "P3M"})
    assert (relief.min_days, relief.max_days) == (42, 90)
    words = Relief.model_validate({"text": "two weeks", "max": "P3W"})
    assert (words.min_days, words.max_days) == (None, 21)


def test_reversed_or_malformed_bounds_are_errors() -> None:
    with pytest.raises(ValidationError, match="reversed"):
        Relief.model_validate({"text": "x", "min": "P3M", "max": "P1W"})
    with pytest.raises(ValidationError):
        Relief.model_validate({"text": "two weeks", "min": "2 weeks"})
    with pytest.raises(ValidationError):
        Relief.model_validate({"text": "two weeks", "min": "P1W2M"})  # units out of order


def test_string_shorthand_round_trips_as_string_and_object_as_object() -> None:
    assert Relief.model_validate("several weeks").model_dump(mode="json") == "several weeks"
    data = {"text": "a while", "min": "P2W"}
    assert Relief.model_validate(data).model_dump(mode="json", exclude_none=True) == data


@given(st.integers(min_value=1, max_value=500), st.sampled_from(["day", "week", "month", "year"]))
def test_counted_durations_are_exact(count: int, unit: str) -> None:
    bounds = parse_relief(f"{count} {unit}{'s' if count > 1 else ''}")
    per = {"day": 1, "week": 7, "month": 30, "year": 365}[unit]
    assert bounds.min_days == bounds.max_days == count * per
    assert not bounds.approximate


@given(st.integers(min_value=0, max_value=10_000))
def test_days_to_iso_round_trips(days: int) -> None:
    assert duration_days(days_to_iso(days)) == days


@given(st.text(max_size=60))
def test_parse_relief_only_ever_raises_value_error(text: str) -> None:
    try:
        bounds = parse_relief(text)
    except ValueError as error:
        assert repr(text) in str(error)
    else:
        if bounds.min_days is not None and bounds.max_days is not None:
            assert bounds.min_days <= bounds.max_days
