"""'Did you mean' hints over large sets of keys: the indexed suggester."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kevidence.errors import Suggester, closest

_word = st.from_regex(r"[a-z]{2,6}[0-9]{0,4}", fullmatch=True)


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(st.lists(_word, max_size=30), _word)
def test_small_sets_give_exactly_closest(choices: list[str], word: str) -> None:
    assert Suggester(choices).closest(word) == closest(word, choices)


MANY = [f"author{n}y{n % 97}" for n in range(3000)] + ["maher2017", "Allen2017", "orhurhu2019"]
LARGE = Suggester(MANY)


def test_large_sets_find_typos() -> None:
    suggester = LARGE
    assert suggester.closest("maher2071") == "maher2017"  # transposition
    assert suggester.closest("maher017") == "maher2017"  # a character missing
    assert suggester.closest("orhurhuu2019") == "orhurhu2019"  # a character too many
    assert suggester.closest("allen2017") == "Allen2017"  # case only


def test_large_sets_say_nothing_when_nothing_is_close() -> None:
    assert LARGE.closest("zzzzqqqq") is None


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(MANY), st.integers(min_value=0, max_value=20))
def test_large_sets_suggest_a_choice_for_a_one_letter_deletion(choice: str, at: int) -> None:
    at %= len(choice)
    typo = choice[:at] + choice[at + 1:]
    suggestion = LARGE.closest(typo)
    assert suggestion is not None and suggestion in MANY
    assert closest(typo, [suggestion]) == suggestion
