"""The text normaliser: typography only for quotations, folding for duplicates, one home."""

from __future__ import annotations

import importlib
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kevidence.article
from kevidence.text import normalize_text, split_ellipses, typography
from kevidence.text.normalise import typography_with_map


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


# The article once had a normaliser of its own that disagreed with typography() on these; the
# one normaliser gives typography()'s answer, with or without the map back to the original.
@pytest.mark.parametrize(("printed", "plain"), [
    ("Relief lasted 2\u20134 weeks\u2026", "Relief lasted 2-4 weeks ..."),  # an ellipsis between spaces
    ("pain \u2014 and", "pain-and"),  # a dash without spaces around it
    ("pa\u200bin and re\u200dlief\ufeff", "pain and relief"),  # zero-width characters dropped
    ("''relief'' lasted", '"relief" lasted'),  # two single quotes a double one
    ("\u201crelief\u201d \u2013 it\u2019s  two\u00a0weeks\u2026", '"relief"-it\'s two weeks ...'),
])
def test_old_disagreements_have_one_answer(printed: str, plain: str) -> None:
    assert typography(printed) == plain
    assert typography_with_map(printed)[0] == plain
    assert kevidence.article.normalise_typography(printed) == plain  # the article's old name


def test_the_article_normaliser_old_module_names_lead_here() -> None:
    for old in ("kevidence.article.typography",):
        sys.modules.pop(old, None)
        with pytest.warns(DeprecationWarning, match="kevidence.text.normalise"):
            module = importlib.import_module(old)
        assert module.normalise_typography is typography
        assert module.normalised_with_map is typography_with_map


_TYPOGRAPHIC = st.sampled_from(list("ab1 .-'`\n\t\u00a0\u2026\u2014\u2013\u201c\u201d\u2019\u00ad\u200b\u0301\u1100\u1161"
                                    "\u11a8\u1fef\u2000\u00e9"))


@settings(max_examples=500, deadline=None)
@given(st.text(_TYPOGRAPHIC) | st.text())
def test_the_mapped_normaliser_gives_the_same_text_and_a_map_back(text: str) -> None:
    mapped, offsets = typography_with_map(text)
    assert mapped == typography(text)
    where = [offsets.source_offset(i) for i in range(len(mapped))]
    assert where == sorted(where) and all(0 <= i < len(text) for i in where)
    if unicodedata.is_normalized("NFC", text):
        # Every letter and digit comes from the same character of the input.
        assert all(text[i] == ch for ch, i in zip(mapped, where, strict=True) if ch.isalnum())
    else:  # a letter of a composed word maps into the characters it was composed from
        assert all(ch in unicodedata.normalize("NFC", text[i:]) for ch, i in zip(mapped, where, strict=True)
                   if ch.isalnum())


def test_the_map_points_at_what_the_author_wrote() -> None:
    text = "  \u201cRelief\u201d\n\nlasted 2 \u2014 4 weeks\u2026 in most"
    mapped, offsets = typography_with_map(text)
    assert mapped == '"Relief" lasted 2-4 weeks ... in most'
    for word in ("Relief", "lasted", "4", "most"):
        assert text[offsets.source_offset(mapped.index(word)):].startswith(word)
    assert text[offsets.source_offset(mapped.index("..."))] == "\u2026"
