"""Controlled vocabularies for claim facets: conditions, pain types, interventions and populations.

Facet values are ids (``crps``), never free spelling, so that queries and audits do not drift.
Each term has a label, synonyms (used to recognise it in source titles) and parents, which
form a hierarchy: asking for ``chronic-neuropathic-pain`` includes ``crps``. The built-in terms
are in ``vocabulary.toml`` beside this module (codes only where verified); a claims file may add
terms of its own in the same shape (:class:`VocabularyExtension`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib.resources import files
from types import MappingProxyType
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kevidence.claims.facets import Facet
from kevidence.errors import VocabularyError, closest, unknown_name

TermId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=80),
]


class Term(BaseModel):
    """One vocabulary entry."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: TermId = Field(description="Stable id used in claims, e.g. 'crps'.")
    label: str = Field(min_length=1, description="Human-readable name, e.g. 'Complex regional pain syndrome'.")
    synonyms: tuple[str, ...] = Field(
        default=(), description="Other names and abbreviations, used to recognise the term in text."
    )
    parents: tuple[TermId, ...] = Field(
        default=(), description="Broader terms of the same facet; a query for a parent includes this term."
    )
    group: bool = Field(
        default=False,
        description="A heading over distinct treatments or conditions (nerve blocks, headache): two terms "
        "that meet only at group terms are not taken to be about the same thing.",
    )
    codes: Mapping[str, str] = Field(
        default_factory=dict,
        description="Verified codes by system, e.g. {'MeSH': '...'}; leave out what is not verified.",
    )

    @property
    def names(self) -> tuple[str, ...]:
        """Label and synonyms: every way the term may be written."""
        return (self.label, *self.synonyms)


class VocabularyExtension(BaseModel):
    """Terms a claims file adds to the built-in vocabularies."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    conditions: tuple[Term, ...] = Field(default=(), description="Extra condition terms.")
    pain_types: tuple[Term, ...] = Field(default=(), description="Extra pain-type terms.")
    interventions: tuple[Term, ...] = Field(default=(), description="Extra intervention terms.")
    populations: tuple[Term, ...] = Field(default=(), description="Extra population terms.")


# The built-in terms live in a data file beside this module, read once when first asked for.
BUILTIN_FILE = "vocabulary.toml"


def builtin_problems(extension: VocabularyExtension) -> list[str]:
    """What is wrong with a set of terms meant to stand alone (the built-in file): an id given
    twice in a facet, a parent that is not a term of the facet, a cycle of parents, a name
    (label or synonym, any case) that two terms of a facet share. Empty when all is well."""
    problems: list[str] = []
    for facet in Facet:
        terms: tuple[Term, ...] = getattr(extension, facet.extension_field)
        where = facet.extension_field
        ids: dict[str, Term] = {}
        for term in terms:
            if term.id in ids:
                problems.append(f"{where}: id {term.id!r} is given twice")
            ids[term.id] = term
        owner: dict[str, str] = {}
        for term in terms:
            for parent in term.parents:
                if parent not in ids:
                    problems.append(f"{where}: {term.id!r} has parent {parent!r}, which is not a term of the facet")
            for name in dict.fromkeys(n.strip().lower() for n in term.names):
                other = owner.setdefault(name, term.id)
                if other != term.id:
                    problems.append(f"{where}: the name {name!r} belongs to both {other!r} and {term.id!r}")
        vocabulary = Vocabulary({facet: terms})
        for term in terms:
            if any(term.id in vocabulary.broader(facet, parent) for parent in term.parents):
                problems.append(f"{where}: {term.id!r} is its own broader term (a cycle of parents)")
    return problems


@lru_cache(maxsize=1)
def _builtin_terms() -> VocabularyExtension:
    """The shipped terms, read and checked once: a broken file is an error naming it."""
    resource = files(__package__).joinpath(BUILTIN_FILE)
    try:
        extension = VocabularyExtension.model_validate(tomllib.loads(resource.read_text(encoding="utf-8")))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise VocabularyError(f"{resource}: not a valid vocabulary: {exc}") from None
    problems = builtin_problems(extension)
    if problems:
        raise VocabularyError(f"{resource}: " + "; ".join(problems))
    return extension


def __getattr__(name: str) -> tuple[Term, ...]:
    # BUILTIN_CONDITIONS and the like: the built-in terms of one facet, read from the data file.
    facet = _BUILTIN_NAMES.get(name)
    if facet is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    terms: tuple[Term, ...] = getattr(_builtin_terms(), facet.extension_field)
    return terms


_BUILTIN_NAMES: Mapping[str, Facet] = MappingProxyType({
    "BUILTIN_CONDITIONS": Facet.CONDITION,
    "BUILTIN_PAIN_TYPES": Facet.PAIN_TYPE,
    "BUILTIN_INTERVENTIONS": Facet.INTERVENTION,
    "BUILTIN_POPULATIONS": Facet.POPULATION,
})


class Vocabulary:
    """The terms of each facet, with their hierarchy; immutable once built.

    >>> vocab = Vocabulary.builtin()
    >>> {"crps", "trigeminal-neuralgia"} <= vocab.narrower(Facet.CONDITION, "chronic-neuropathic-pain")
    True
    >>> sorted(vocab.narrower(Facet.INTERVENTION, "nerve-block"))[:3]
    ['coeliac-plexus-block', 'genicular-nerve-block', 'lumbar-sympathetic-block']
    """

    def __init__(self, terms: Mapping[Facet, Iterable[Term]]) -> None:
        self._terms: dict[Facet, Mapping[str, Term]] = {}
        for facet in Facet:
            by_id: dict[str, Term] = {}
            for term in terms.get(facet, ()):
                by_id[term.id] = term
            self._terms[facet] = MappingProxyType(by_id)
        self._children: dict[Facet, dict[str, list[str]]] = {f: {} for f in Facet}
        for facet, facet_terms in self._terms.items():
            for term in facet_terms.values():
                for parent in term.parents:
                    self._children[facet].setdefault(parent, []).append(term.id)
        self._narrower_cache: dict[tuple[Facet, str], frozenset[str]] = {}
        self._broader_cache: dict[tuple[Facet, str], frozenset[str]] = {}

    @classmethod
    def builtin(cls) -> Vocabulary:
        """The vocabularies kevidence ships with (kevidence/claims/vocabulary.toml)."""
        terms = _builtin_terms()
        return cls({facet: getattr(terms, facet.extension_field) for facet in Facet})

    def extended(self, extension: VocabularyExtension) -> Vocabulary:
        """A new vocabulary with the extension's terms added (a term with a known id replaces it)."""
        merged: dict[Facet, list[Term]] = {f: list(self._terms[f].values()) for f in Facet}
        for facet in Facet:
            merged[facet].extend(getattr(extension, facet.extension_field))
        return Vocabulary(merged)

    def terms(self, facet: Facet) -> Mapping[str, Term]:
        """Id -> term for one facet."""
        return self._terms[facet]

    def term(self, facet: Facet, term_id: str) -> Term:
        """The term with this id; a :class:`VocabularyError` with a suggestion if unknown."""
        try:
            return self._terms[facet][term_id]
        except KeyError:
            raise self.unknown(facet, term_id) from None

    def __contains__(self, item: tuple[Facet, str]) -> bool:
        facet, term_id = item
        return term_id in self._terms[facet]

    def unknown(self, facet: Facet, value: str) -> VocabularyError:
        """The error for a value that is not in a facet's vocabulary, listing valid values."""
        return VocabularyError(self.unknown_message(facet, value))

    def unknown_message(self, facet: Facet, value: str) -> str:
        """'unknown condition "cprs" (did you mean "crps"?); valid values: ...'."""
        ids = sorted(self._terms[facet])
        return unknown_name(facet.label, value, _TermSuggester(self, facet, ids), valid=ids)

    def by_name(self, facet: Facet, value: str) -> str | None:
        """The id of the term whose id, label or synonym is ``value`` (any case), if any."""
        wanted = value.strip().lower()
        for term in self._terms[facet].values():
            if any(name.lower() == wanted for name in term.names):
                return term.id
        return None

    def narrower(self, facet: Facet, term_id: str) -> frozenset[str]:
        """The term and every term below it in the hierarchy (cycles in user terms are cut)."""
        key = (facet, term_id)
        cached = self._narrower_cache.get(key)
        if cached is not None:
            return cached
        seen = {term_id}
        stack = [term_id]
        children = self._children[facet]
        while stack:
            for child in children.get(stack.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        result = frozenset(seen)
        self._narrower_cache[key] = result
        return result

    def narrowest(self, facet: Facet, term_ids: Iterable[str]) -> frozenset[str]:
        """The ids among ``term_ids`` that are not broader than another of them: a text naming
        "genicular nerve block" names "nerve block" only as part of it.

        >>> sorted(Vocabulary.builtin().narrowest(Facet.INTERVENTION, ["nerve-block", "genicular-nerve-block"]))
        ['genicular-nerve-block']
        """
        ids = frozenset(term_ids)
        if len(ids) < 2:
            return ids
        above = set().union(*((self.broader(facet, t) - {t}) for t in ids))
        return ids - above

    def broader(self, facet: Facet, term_id: str) -> frozenset[str]:
        """The term and every term above it."""
        key = (facet, term_id)
        cached = self._broader_cache.get(key)
        if cached is not None:
            return cached
        seen = {term_id}
        stack = [term_id]
        terms = self._terms[facet]
        while stack:
            term = terms.get(stack.pop())
            for parent in term.parents if term else ():
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        result = frozenset(seen)
        self._broader_cache[key] = result
        return result


class _TermSuggester:
    """The closest id of a facet, or the id whose label or synonym is the word given."""

    def __init__(self, vocabulary: Vocabulary, facet: Facet, ids: list[str]) -> None:
        self._vocabulary, self._facet, self._ids = vocabulary, facet, ids

    def closest(self, word: str) -> str | None:
        return closest(word, self._ids) or self._vocabulary.by_name(self._facet, word)
