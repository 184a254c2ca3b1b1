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


@pytest.mark.parametrize(
    ("text", "low", "high", "onset", "onset_max"),
    [
        ("weeks to months", 14, 210, None, None),
        ("days to weeks", 2, 49, None, None),
        ("immediate", None, None, "immediate", 0),
        ("within days", None, None, "within days", 7),
        ("within days, lasting several weeks", 21, 49, "within days", 7),
        ("immediate and long-lasting", 90, None, "immediate", 0),
        ("up to 2 weeks", None, 14, None, None),
        ("2\u20134 weeks", 14, 28, None, None),
        ("between 2 and 4 weeks", 14, 28, None, None),
        ("at least 6 months", 180, None, None, None),
        ("6 months or more", 180, None, None, None),
        ("less than a month", None, 30, None, None),
    ],
)
def test_ranges_and_onsets(text: str, low: float | None, high: float | None, onset: str | None,
                           onset_max: float | None) -> None:
    bounds = parse_relief(text)
    assert (bounds.min_days, bounds.max_days, bounds.onset, bounds.onset_max_days) == (low, high, onset, onset_max)


def test_unreadable_phrase_error_lists_the_accepted_forms() -> None:
    with pytest.raises(ValueError, match="cannot read the relief duration 'most of the summer'") as info:
        parse_relief("most of the summer")
    for form in ("'weeks to months'", "'immediate'", "'within days'", "'up to 2 weeks'", "'at least 6 months'"):
        assert form in str(info.value)


def test_unreadable_relief_in_a_claims_file_names_file_path_and_forms(tmp_path) -> None:
    import json

    import kevidence

    (tmp_path / "claims.json").write_text(json.dumps({"claims": [
        {"id": "a", "statement": "A", "kind": "efficacy", "relief": "most of the summer"}]}), encoding="utf-8")
    (tmp_path / "references.bib").write_text("", encoding="utf-8")
    with pytest.raises(kevidence.KevidenceError) as info:
        kevidence.load(tmp_path)
    text = str(info.value)
    assert "claims.json" in text and "relief" in text and "'weeks to months'" in text


# Phrases built from the grammar: every one reads, with ordered bounds.
_units = st.sampled_from(["hour", "day", "week", "month", "year"])
_counts = st.integers(1, 60)


@st.composite
def grammar_phrases(draw: st.DrawFn) -> str:
    unit = draw(_units)
    n, m = sorted((draw(_counts), draw(_counts)))
    duration = draw(st.sampled_from([
        f"{n} {unit}s", f"{n}-{m} {unit}s", f"{n} to {m} {unit}s", f"between {n} and {m} {unit}s",
        f"several {unit}s", f"a few {unit}s", f"many {unit}s", f"{unit}s", f"up to {n} {unit}s",
        f"at least {n} {unit}s", f"more than {n} {unit}s", f"about {n} {unit}s", f"{n} {unit}s or more",
        "weeks to months", "days to weeks", "short-term", "long-term",
    ]))
    onset = draw(st.sampled_from(["", "immediate and ", "within days, ", "within 2 weeks and "]))
    qualifier = draw(st.sampled_from(["", " (in some cases)", " in most patients"]))
    return f"{onset}{duration}{qualifier}"


@given(grammar_phrases())
def test_every_phrase_of_the_grammar_reads_with_ordered_bounds(text: str) -> None:
    bounds = parse_relief(text)
    assert bounds.min_days is not None or bounds.max_days is not None
    if bounds.min_days is not None and bounds.max_days is not None:
        assert 0 <= bounds.min_days <= bounds.max_days
    if bounds.onset is not None:
        assert bounds.onset_max_days is not None and bounds.onset_max_days >= 0


@given(st.text(alphabet=st.sampled_from(list("abcdefghilmnorstuwy0123456789 -\u2013,()&")), max_size=50)
       | st.text(max_size=60))
def test_parse_relief_never_crashes_and_keeps_bounds_ordered(text: str) -> None:
    try:
        bounds = parse_relief(text)
    except ValueError as error:
        assert repr(text) in str(error)
    else:
        for days in (bounds.min_days, bounds.max_days, bounds.onset_max_days):
            assert days is None or days >= 0
        if bounds.min_days is not None and bounds.max_days is not None:
            assert bounds.min_days <= bounds.max_days


def test_a_very_long_phrase_is_an_error_not_a_crash() -> None:
    with pytest.raises(ValueError, match="cannot read"):
        parse_relief("up to " * 2000 + "2 weeks")
