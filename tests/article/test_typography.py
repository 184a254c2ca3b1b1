"""The typography normaliser that exact quotation checks rely on."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kevidence.text.normalise import normalise_typography, normalised_with_map


def test_typography_only_is_normalised():
    assert normalise_typography("\u201crelief\u201d \u2013 it\u2019s  two\u00a0weeks\u2026") == '"relief" - it\'s two weeks...'
    assert normalise_typography("pain\u2014relief") == normalise_typography("pain-relief")


def test_words_still_differ():
    assert normalise_typography("relief can last for 12 weeks") != normalise_typography("relief can last for 2 weeks")
    assert normalise_typography("Relief") != normalise_typography("relief")


@given(st.text())
def test_idempotent_and_mapped(text):
    once, offsets = normalised_with_map(text)
    assert normalise_typography(once) == once
    where = [offsets.source_offset(i) for i in range(len(once))]
    assert where == sorted(where) and all(0 <= i < len(text) for i in where)
    # Every letter and digit comes from the same character of the input.
    assert all(text[i] == ch for ch, i in zip(once, where) if ch.isalnum())
