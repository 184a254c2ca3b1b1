"""Quotation matching: exact after typography, ellipses in order, suggestions never verify."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kevidence.text.quotations import (
    closest_passage,
    found_in,
    presented_passages,
    word_changes,
)

WORDS = ["pain", "relief", "lasted", "two", "weeks", "not", "ketamine", "and", "the", "patients", "12", "most"]
texts = st.lists(st.sampled_from(WORDS), min_size=3, max_size=40)


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_a_run_of_the_text_is_found_and_with_its_typography_changed_too(words: list[str], data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    quotation = " ".join(words[start:end])
    text = " ".join(words)
    assert found_in(quotation, text)
    assert found_in("\u201c" + quotation.replace(" ", "\u00a0\n") + "\u201d", text)
    assert word_changes(quotation, quotation) == []


def test_parts_stand_as_whole_words() -> None:
    assert not found_in("2 weeks", "relief lasted 12 weeks")
    assert not found_in("relief lasted 1", "relief lasted 12 weeks")
    assert found_in("lasted 12", "relief lasted 12 weeks")
    assert found_in("12 weeks", "relief lasted 12 weeks, then 2 weeks")


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_an_added_word_is_never_found_and_is_named(words: list[str], data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(words) - 1))
    end = data.draw(st.integers(start + 1, len(words)))
    at = data.draw(st.integers(start, end))
    quoted = [*words[start:at], "Moreover", *words[at:end]]
    assert not found_in(" ".join(quoted), " ".join(words))
    changes = word_changes(" ".join(quoted), " ".join(words[start:end]))
    assert [(c.kind, c.quoted) for c in changes] == [("added", "Moreover")]


@settings(max_examples=200, deadline=None)
@given(st.integers(3, 30), st.data())
def test_parts_around_an_ellipsis_must_come_in_order(n: int, data: st.DataObject) -> None:
    words = [f"w{k}x" for k in range(n)]  # distinct words, none inside another
    i = data.draw(st.integers(0, n - 2))
    j = data.draw(st.integers(i + 1, n - 1))
    text = " ".join(words)
    assert found_in(f"{words[i]} \u2026 {words[j]}", text)
    assert found_in(f"{words[i]} [...] {words[j]}", text)
    assert not found_in(f"{words[j]} ... {words[i]}", text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.text(max_size=400))
def test_suggestions_never_crash(quotation: str, text: str) -> None:
    found = found_in(quotation, text)
    closest = closest_passage(quotation, text)
    if closest is not None:
        assert 0 <= closest.similarity <= 1
        word_changes(quotation, closest.text)
    presented_passages(quotation)
    assert isinstance(found, bool)


def test_a_changed_number_or_negation_is_flagged() -> None:
    [number] = word_changes("relief lasted 12 weeks", "relief lasted 2 weeks")
    assert number.touches_number and not number.touches_negation
    [negation] = word_changes("it did not relieve pain", "it did relieve pain")
    assert negation.touches_negation and str(negation) == "added 'not'"
    [wording] = word_changes("pain & relief", "pain and relief")
    assert not (wording.touches_number or wording.touches_negation)
