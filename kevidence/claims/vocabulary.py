"""Controlled vocabularies for claim facets: conditions, pain types, interventions and populations.

Facet values are ids (``crps``), never free spelling, so that queries and audits do not drift.
Each term has a label, synonyms (used to recognise it in source titles) and parents, which
form a small hierarchy: asking for ``chronic-neuropathic-pain`` includes ``crps``. A claims
file may add terms of its own; the built-in ones below carry codes only where verified.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kevidence.claims.facets import Facet
from kevidence.errors import VocabularyError, closest, unknown_name

TermId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=80),
]


class Term(BaseModel):
    """One vocabulary entry."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: TermId = Field(description="Stable id used in claims, e.g. 'crps'.")
    label: str = Field(min_length=1, description="Human-readable name, e.g. 'Complex regional pain syndrome'.")
    synonyms: tuple[str, ...] = Field(
        default=(), description="Other names and abbreviations, used to recognise the term in text."
    )
    parents: tuple[TermId, ...] = Field(
        default=(), description="Broader terms of the same facet; a query for a parent includes this term."
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

    model_config = ConfigDict(frozen=True, extra="forbid")

    conditions: tuple[Term, ...] = Field(default=(), description="Extra condition terms.")
    pain_types: tuple[Term, ...] = Field(default=(), description="Extra pain-type terms.")
    interventions: tuple[Term, ...] = Field(default=(), description="Extra intervention terms.")
    populations: tuple[Term, ...] = Field(default=(), description="Extra population terms.")


def _t(id: str, label: str, *synonyms: str, parents: tuple[str, ...] = ()) -> Term:
    return Term(id=id, label=label, synonyms=synonyms, parents=parents)


BUILTIN_CONDITIONS: tuple[Term, ...] = (
    _t("chronic-pain", "Chronic pain", "persistent pain", "long-term pain"),
    _t("refractory-chronic-pain", "Refractory chronic pain", "treatment-resistant chronic pain",
       parents=("chronic-pain",)),
    _t("chronic-neuropathic-pain", "Chronic neuropathic pain", "neuropathic pain",
       parents=("chronic-pain",)),
    _t("crps", "Complex regional pain syndrome", "CRPS", "reflex sympathetic dystrophy", "causalgia",
       parents=("chronic-neuropathic-pain",)),
    _t("spinal-cord-injury-pain", "Traumatic spinal cord injury pain", "spinal cord injury",
       "SCI pain", parents=("chronic-neuropathic-pain",)),
    _t("postherpetic-neuralgia", "Postherpetic neuralgia", "post-herpetic neuralgia", "PHN",
       parents=("chronic-neuropathic-pain",)),
    _t("diabetic-neuropathy", "Painful diabetic neuropathy", "diabetic peripheral neuropathy",
       parents=("chronic-neuropathic-pain",)),
    _t("phantom-limb-pain", "Phantom limb pain", parents=("chronic-neuropathic-pain",)),
    _t("central-post-stroke-pain", "Central post-stroke pain", parents=("chronic-neuropathic-pain",)),
    _t("fibromyalgia", "Fibromyalgia", parents=("chronic-pain",)),
    _t("chronic-low-back-pain", "Chronic low back pain", parents=("chronic-pain",)),
    _t("migraine", "Migraine", parents=("chronic-pain",)),
    _t("cancer-pain", "Cancer pain", parents=("chronic-pain",)),
    # Conditions that bear on whether a treatment is suitable (contraindications).
    _t("pregnancy", "Pregnancy or intending pregnancy", "pregnant"),
    _t("epilepsy", "Epilepsy", "seizures"),
    _t("thyroid-dysfunction", "Unstable or untreated thyroid function", "thyroid"),
    _t("psychosis", "Unstable mental health (e.g. schizophrenia, psychoses)", "schizophrenia",
       "psychoses"),
    _t("depression", "Depression"),
    _t("uncontrolled-asthma-bronchitis", "Uncontrolled bronchitis or asthma", "asthma", "bronchitis"),
    _t("chest-infection", "Chest infection"),
    _t("arrhythmia", "Arrhythmic heartbeat", "arrhythmia"),
    _t("angina", "Angina"),
    _t("unstable-heart-disease", "Unstable heart disease", "heart disease"),
    _t("uncontrolled-hypertension", "Uncontrolled or untreated high blood pressure", "hypertension",
       "high blood pressure"),
)

BUILTIN_PAIN_TYPES: tuple[Term, ...] = (
    _t("neuropathic", "Neuropathic pain", "neuropathic"),
    _t("central", "Central pain", "central pain states", parents=("neuropathic",)),
    _t("nociceptive", "Nociceptive pain", "nociceptive"),
    _t("nociplastic", "Nociplastic pain", "nociplastic"),
    _t("mixed", "Mixed pain"),
)

BUILTIN_INTERVENTIONS: tuple[Term, ...] = (
    _t("ketamine", "Ketamine", "ketamine"),
    _t("ketamine-iv", "Intravenous ketamine infusion", "IV ketamine", "intravenous ketamine",
       "ketamine infusion", "ketamine infusions", parents=("ketamine",)),
    _t("lidocaine", "Lidocaine", "lignocaine"),
    _t("lidocaine-iv", "Intravenous lidocaine infusion", "IV lidocaine", "intravenous lidocaine",
       "lidocaine infusion", parents=("lidocaine",)),
    _t("conventional-analgesics", "Conventional pain killers", "analgesics", "pain killers"),
)


# Whom a claim is about. Terms for a state a treatment must avoid also stand in the conditions
# (a contraindication in pregnancy); here they name the people a claim or a study concerns.
BUILTIN_POPULATIONS: tuple[Term, ...] = (
    _t("adults", "Adults", "adult", "adult patients"),
    _t("older-adults", "Older adults", "older people", "older patients", "elderly", "elderly patients",
       parents=("adults",)),
    _t("children", "Children", "child", "paediatric patients", "pediatric patients", "paediatric",
       "pediatric"),  # paediatric care reaches to 18: adolescents stand below it
    _t("adolescents", "Adolescents", "adolescent", "teenagers", parents=("children",)),
    _t("women", "Women", "female patients"),
    _t("pregnancy", "Pregnant or intending to become pregnant", "pregnant", "pregnant women",
       "pregnant patients", "intending to become pregnant", parents=("women",)),
    _t("breastfeeding", "Breastfeeding", "breast-feeding", "lactating", "nursing mothers",
       parents=("women",)),
    _t("opioid-dependent-patients", "Opioid-dependent patients", "opioid-dependent", "opioid dependent",
       "opioid-tolerant", "opioid tolerant", "patients on long-term opioids", "opioid-dependent adults"),
    _t("patients-with-cancer", "Patients with cancer", "cancer patients", "people with cancer"),
    _t("patients-with-substance-use-disorder", "Patients with a substance use disorder",
       "substance use disorder", "substance misuse", "drug misuse"),
    _t("surgical-patients", "Surgical patients", "patients undergoing surgery", "postoperative patients"),
)


class Vocabulary:
    """The terms of each facet, with their hierarchy; immutable once built.

    >>> vocab = Vocabulary.builtin()
    >>> sorted(vocab.narrower(Facet.CONDITION, "chronic-neuropathic-pain"))[:3]
    ['central-post-stroke-pain', 'chronic-neuropathic-pain', 'crps']
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

    @classmethod
    def builtin(cls) -> Vocabulary:
        """The vocabularies kevidence ships with."""
        return cls(
            {
                Facet.CONDITION: BUILTIN_CONDITIONS,
                Facet.PAIN_TYPE: BUILTIN_PAIN_TYPES,
                Facet.INTERVENTION: BUILTIN_INTERVENTIONS,
                Facet.POPULATION: BUILTIN_POPULATIONS,
            }
        )

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

    def broader(self, facet: Facet, term_id: str) -> frozenset[str]:
        """The term and every term above it."""
        seen = {term_id}
        stack = [term_id]
        terms = self._terms[facet]
        while stack:
            term = terms.get(stack.pop())
            for parent in term.parents if term else ():
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        return frozenset(seen)


class _TermSuggester:
    """The closest id of a facet, or the id whose label or synonym is the word given."""

    def __init__(self, vocabulary: Vocabulary, facet: Facet, ids: list[str]) -> None:
        self._vocabulary, self._facet, self._ids = vocabulary, facet, ids

    def closest(self, word: str) -> str | None:
        return closest(word, self._ids) or self._vocabulary.by_name(self._facet, word)
