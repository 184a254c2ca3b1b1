"""The one table of claim facets: what each facet is called, where a claim holds it, how many values.

A facet is a claim field that takes vocabulary ids (``conditions``, ``intervention``...).
:data:`FACETS` describes each one once; the query (its keywords, checks and docs), the
claims-file check, the evidence table, the article draft, every export (Parquet columns,
GraphML/GEXF/node-link attributes, RDF triples, CSL-JSON's record of what a source is about)
and the HTML report read it. Adding a facet is adding its :class:`Facet` member and its entry
here, its vocabulary (built-in terms, a :class:`~kevidence.claims.vocabulary.VocabularyExtension`
field), the :class:`~kevidence.claims.model.Claim` field holding it and, for type checkers, its
keyword in :class:`~kevidence.graph.query.QueryFilters`; tests fail until these agree.

Nothing here needs pydantic: the table is cheap to import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType


class Facet(str, Enum):
    """The vocabularies of claim facets; the value is the claims-file field name."""

    CONDITION = "conditions"
    PAIN_TYPE = "pain_types"
    INTERVENTION = "intervention"
    POPULATION = "populations"

    @property
    def label(self) -> str:
        """The facet in words, as messages name it: 'pain type'."""
        return facet_of(self).label

    @property
    def extension_field(self) -> str:
        """The field of a claims file's ``vocabulary`` that adds terms to this facet."""
        return facet_of(self).extension_field


@dataclass(frozen=True, slots=True)
class ClaimFacet:
    """One facet of a claim, as every reader of claims names and reads it."""

    vocabulary: Facet  # whose terms the values are
    name: str  # singular keyword: kb.query(condition=...), RDF kev:condition, term/condition/...
    label: str  # in words, singular: 'pain type'
    plural: str  # in words, plural: 'pain types' (column headings, the report)
    many: bool  # the claim lists ids (a tuple) rather than holding one id or None
    example: str  # a term id, for help texts
    extension_field: str  # the field of a claims file's 'vocabulary' adding terms to it
    about: str = ""  # what the facet says, when its name does not: 'whom the claim is about'
    source_field: str | None = None  # BibTeX field saying what a source is about for it
    field: str = ""  # claim attribute, claims-file field and export column ("": the vocabulary's value)

    @property
    def attribute(self) -> str:
        """The claim attribute holding the facet; also its claims-file field and export column."""
        return self.field or self.vocabulary.value

    @property
    def rdf_name(self) -> str:
        """The local name of its RDF property: ``painType``."""
        head, *rest = self.name.split("_")
        return head + "".join(word.capitalize() for word in rest)

    @property
    def slug(self) -> str:
        """The name with hyphens, as IRIs and command-line options write it: ``pain-type``."""
        return self.name.replace("_", "-")

    def values(self, claim: object) -> tuple[str, ...]:
        """The claim's ids for this facet, as a tuple whether the facet holds one or many."""
        value = getattr(claim, self.attribute)
        if self.many:
            return tuple(value)
        return () if value is None else (value,)


#: Every claim facet, in the order queries, tables and exports list them.
FACETS: tuple[ClaimFacet, ...] = (
    ClaimFacet(Facet.CONDITION, "condition", "condition", "conditions", True, "crps", "conditions",
               source_field="conditions"),
    ClaimFacet(Facet.PAIN_TYPE, "pain_type", "pain type", "pain types", True, "neuropathic", "pain_types"),
    ClaimFacet(Facet.INTERVENTION, "intervention", "intervention", "interventions", False, "ketamine-iv",
               "interventions", source_field="interventions"),
    ClaimFacet(Facet.POPULATION, "population", "population", "populations", True, "children", "populations",
               about="whom the claim is about", source_field="population"),
)

_BY_VOCABULARY: Mapping[Facet, ClaimFacet] = MappingProxyType({f.vocabulary: f for f in reversed(FACETS)})


def facet_of(vocabulary: Facet) -> ClaimFacet:
    """The table entry of a vocabulary facet (the first, should two read the same vocabulary)."""
    return _BY_VOCABULARY[vocabulary]
