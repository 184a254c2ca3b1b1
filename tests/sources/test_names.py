"""Tests of BibTeX name-list parsing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kevidence.sources.names import (
    Person,
    _parse_names_general,
    parse_names,
)


def test_first_last() -> None:
    assert parse_names("John R. Ivester") == (Person(family="Ivester", given="John R."),)


def test_last_first() -> None:
    assert parse_names("Ivester, John R.") == (Person(family="Ivester", given="John R."),)


def test_last_jr_first() -> None:
    (person,) = parse_names("Ivester, Jr., J. R.")
    assert person == Person(family="Ivester", given="J. R.", suffix="Jr.")
    assert person.display == "J. R. Ivester Jr."
    assert str(person) == "J. R. Ivester Jr."


@pytest.mark.parametrize(("value", "expected"), [
    ("Ludwig van Beethoven", Person(family="Beethoven", given="Ludwig", von="van")),
    ("van Beethoven, Ludwig", Person(family="Beethoven", given="Ludwig", von="van")),
    ("Jean de la Fontaine", Person(family="Fontaine", given="Jean", von="de la")),
    ("de la Fontaine, Jean", Person(family="Fontaine", given="Jean", von="de la")),
    ("van der Waals, Jr., Johannes", Person(family="Waals", given="Johannes", von="van der",
                                            suffix="Jr.")),
    # Braces protect a word from being read as a von particle.
    ("{van} Berg, J.", Person(family="van Berg", given="J.")),
    ("Charles Louis Xavier Joseph {de la Vall{\\'e}e Poussin}",
     Person(family="de la Vallée Poussin", given="Charles Louis Xavier Joseph")),
])
def test_von_parts(value: str, expected: Person) -> None:
    assert parse_names(value) == (expected,)


def test_display_with_von() -> None:
    assert parse_names("de la Fontaine, Jean")[0].display == "Jean de la Fontaine"


def test_corporate_names_in_braces() -> None:
    assert parse_names("{Stanford Health Care} and {NHS UK}") == (
        Person(family="Stanford Health Care", literal=True),
        Person(family="NHS UK", literal=True),
    )
    assert parse_names("{NHS UK}")[0].display == "NHS UK"


def test_latex_decoded_after_splitting() -> None:
    value = "Abdollahi, Amir and {V{\\'a}squez-Sancho}, Fabi{\\'a}n and Catalan, Gustau"
    assert parse_names(value) == (
        Person(family="Abdollahi", given="Amir"),
        Person(family="Vásquez-Sancho", given="Fabián"),
        Person(family="Catalan", given="Gustau"),
    )
    assert parse_names('{\\"O}zt{\\"u}rk, Ay{\\c{s}}e') == (Person(family="Öztürk", given="Ayşe"),)
    assert parse_names("Wysmo{\\l}ek, Andrzej") == (Person(family="Wysmołek", given="Andrzej"),)


def test_special_character_decides_von_case() -> None:
    # {\'E} counts as an upper-case E, so it is a family name, not a particle.
    assert parse_names("Jos{\\'e} {\\'E}mile") == (Person(family="Émile", given="José"),)


def test_and_inside_braces_does_not_split() -> None:
    assert parse_names("{Barnes and Noble}") == (Person(family="Barnes and Noble", literal=True),)


def test_and_is_case_insensitive_and_whole_word() -> None:
    assert parse_names("Smith, J. AND Doe, Jane aNd Anderson, Al") == (
        Person(family="Smith", given="J."),
        Person(family="Doe", given="Jane"),
        Person(family="Anderson", given="Al"),
    )
    assert parse_names("Alexander Sandberg") == (Person(family="Sandberg", given="Alexander"),)


def test_and_others() -> None:
    people = parse_names("Smith, J. and others")
    assert people == (Person(family="Smith", given="J."), Person(family="others", literal=True))
    assert people[1].is_others
    assert people[1].display == "et al."
    assert not people[0].is_others


def test_empty_and_malformed() -> None:
    assert parse_names("") == ()
    assert parse_names("   \n ") == ()
    assert parse_names("and") == ()
    assert parse_names("Smith, J. and ") == (Person(family="Smith", given="J."),)
    assert parse_names(", John") == (Person(family="John"),)
    assert parse_names("{") == ()
    assert parse_names("Smith}, J.") == (Person(family="Smith", given="J."),)


def test_first_last_does_not_guess_suffixes() -> None:
    # "Ivester JR Jr" is not one of BibTeX's forms for a suffix; the last word is the family.
    assert parse_names("Ivester JR Jr") == (Person(family="Jr", given="Ivester JR"),)


def test_person_is_frozen_and_strict() -> None:
    person = Person(family="Smith")
    with pytest.raises(AttributeError):
        person.family = "Jones"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Person(family="Smith", middle="X")  # type: ignore[call-arg]


def test_memoised() -> None:
    value = "Abbasi, Mazhar Ali and Ibupoto, Zafar Hussain"
    assert parse_names(value) is parse_names(value)


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_never_raises(value: str) -> None:
    people = parse_names(value)
    assert isinstance(people, tuple)
    assert all(isinstance(p, Person) and p.family for p in people)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab {}\\',~-AND and,") + ["and", " and ", "{\\'e}"]),
                max_size=40).map("".join))
def test_never_raises_on_bibtex_like_text(value: str) -> None:
    assert isinstance(parse_names(value), tuple)


_capitalised = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZÄÉÖ"),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzäéöß", max_size=10),
).filter(lambda word: word.lower() != "and")  # "and" separates names, in any case
_simple_name = st.tuples(_capitalised, st.lists(_capitalised, min_size=1, max_size=3).map(" ".join))


@given(st.lists(_simple_name, min_size=1, max_size=8))
def test_family_given_lists_round_trip(names: list[tuple[str, str]]) -> None:
    value = " and ".join(f"{family}, {given}" for family, given in names)
    people = parse_names(value)
    assert [(p.family, p.given) for p in people] == names


# Name lists mixing every form the fast path has to agree on: plain ASCII names in both
# orders, von particles, suffixes, initials, braces (corporate names, protected words, and
# "and" inside braces), LaTeX accents and special letters, "and others", odd spacing and
# stray commas or braces.
_word = st.sampled_from([
    "Smith", "Anna-Lena", "O'Brien", "J.", "J.-P.", "R. J.", "Xu", "DJ", "C.M.S.", "Andersen",
    "Sandberg", "McDonald", "Jr.", "III", "Ó", "Émile", "ß", "1st", "-",
])
_particle = st.sampled_from(["van", "der", "de", "la", "von", "di", "a.", "du", "dos", "d'"])
_braced = st.sampled_from([
    "{van} Berg", "{Stanford Health Care}", "{Barnes and Noble}", "{V{\\'a}squez-Sancho}",
    "Jos{\\'e}", "{\\'E}mile", "Erd{\\H{o}}s", "{\\L}ukasz", "Gro{\\ss}", "Fran{\\c c}oise",
    "{\\'e}tienne", "{de la Vall{\\'e}e Poussin}", "Nu{\\~n}ez", "Smith}", "{", "$x$",
])
_token = st.one_of(_word, _word, _particle, _braced, st.just(","), st.just("others"),
                   st.just("and"))
_space = st.sampled_from([" ", " ", " ", "  ", "\n", "\t"])


@st.composite
def _name(draw: st.DrawFn) -> str:
    form = draw(st.sampled_from(["first-last", "last-first", "last-jr-first", "tokens"]))
    given = " ".join(draw(st.lists(_word, max_size=3)))
    von = " ".join(draw(st.lists(_particle, max_size=2)))
    family = draw(st.one_of(_word, _braced))
    if form == "first-last":
        return " ".join(p for p in (given, von, family) if p)
    if form == "last-first":
        return f"{von} {family}, {given}".strip()
    if form == "last-jr-first":
        return f"{von} {family}, {draw(st.sampled_from(['Jr.', 'III', 'Sr']))}, {given}".strip()
    return "".join(t + draw(_space) for t in draw(st.lists(_token, max_size=6)))


_separator = st.sampled_from([" and ", " AND ", " and\n", "  and  ", " and and ", "and "])


@st.composite
def _name_list(draw: st.DrawFn) -> str:
    names = draw(st.lists(_name(), min_size=1, max_size=5))
    value = names[0]
    for name in names[1:]:
        value += draw(_separator) + name
    return value + draw(st.sampled_from(["", "", " and others", " and ", " "]))


@pytest.mark.slow
@settings(max_examples=1000, deadline=None)
@given(_name_list())
def test_fast_path_matches_general_path(value: str) -> None:
    parse_names.cache_clear()
    fast = parse_names(value)
    general = _parse_names_general(value)
    assert fast == general
    # Equal models can still differ in what dumps and prints; compare that too.
    assert [p._asdict() for p in fast] == [p._asdict() for p in general]
    assert [repr(p) for p in fast] == [repr(p) for p in general]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aAnNdD oOtThHrRsS,.{}\\'-~$\n")), max_size=40))
def test_fast_path_matches_general_path_on_noise(value: str) -> None:
    parse_names.cache_clear()
    assert parse_names(value) == _parse_names_general(value)
