"""The text normaliser: typography only for quotations, folding for duplicates, one home."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from kevidence.text import normalize_text, split_ellipses, typography


def test_typography_makes_quotes_dashes_spaces_and_ellipses_plain() -> None:
    printed = "\u201cKetamine\u2019s relief\u00a0lasted 2\u20134 weeks\u2026 in\n  most\u201d"
    plain = "\"Ketamine's relief lasted 2-4 weeks ... in most\""
    assert typography(printed) == typography(plain) == plain
    assert typography("pain \u2014 and") == typography("pain--and") == "pain-and"
    assert typography("``quoted''") == '"quoted"'
    assert typography("a . . . b") == typography("a...b") == "a ... b"
    assert typography("ke\u00adtamine") == "ketamine"  # a soft hyphen is invisible in print
    assert typography("Ke\u0301tamine") == typography("K\u00e9tamine")  # decomposed accents compose


def test_typography_keeps_words_case_and_numbers() -> None:
    assert typography("relief lasted 2 weeks") != typography("relief lasted 12 weeks")
    assert typography("did not relieve") != typography("did relieve")
    assert typography("Ketamine") != typography("ketamine")
    assert typography("and") != typography("&")


def test_split_ellipses() -> None:
    assert split_ellipses(typography("first part\u2026 second [...] third (...) ")) == ["first part", "second", "third"]
    assert split_ellipses("... only") == ["only"]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii")) | st.text())
def test_typography_is_idempotent_and_leaves_letters_and_digits_alone(text: str) -> None:
    once = typography(text)
    assert typography(once) == once
    composed = unicodedata.normalize("NFC", text)
    assert [c for c in once if c.isalnum()] == [c for c in composed if c.isalnum()]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_folding_is_built_on_typography(text: str) -> None:
    assert normalize_text(typography(text)) == normalize_text(text)


def test_folding_of_long_accented_text_is_linear() -> None:
    # Not a timing: the result of a long text is the result of its pieces (the fast paths for
    # long runs of marks and for characters above U+FFFF give the same answer as short ones).
    piece = "K\u00e9tamine \u1f00\u0301 r\u00e9duit \U0001d15e\U0001d165 la douleur\u2014vite. "
    assert normalize_text(piece * 2000) == " ".join([normalize_text(piece)] * 2000)
