"""The claim model: one statement of clinic content with its facets and its citations.

Models are frozen and forbid unknown keys, so a typo in ``claims.json`` is an error with a
JSON path instead of a silently ignored field. Vocabulary ids are checked when a whole file
is validated (see :mod:`kevidence.claims.store`), because a file may extend the vocabulary.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from kevidence.bulk import share_fields_set, shared
from kevidence.claims.facets import FACETS
from kevidence.claims.relief import Relief
from kevidence.claims.vocabulary import TermId, VocabularyExtension
from kevidence.sources.evidence import CEBMLevel, GradeCertainty

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", min_length=1, max_length=120),
]
BibKey = Annotated[str, StringConstraints(pattern=r"^[^\s,{}()=\"#%'~\\]+$", min_length=1)]

SCHEMA_FILE = "claims.schema.json"


class _Model(BaseModel):
    # The validators are built on first use, not at import: a command that never reads a
    # claims file (kevidence rules, --help) does not pay for them.
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False, defer_build=True)

    @model_validator(mode="after")
    def _share_fields_set(self) -> Self:
        share_fields_set(self)
        return self


class ClaimKind(str, Enum):
    """What sort of statement a claim is; it decides how strictly the audit treats it."""

    EFFICACY = "efficacy"
    MECHANISM = "mechanism"
    SAFETY = "safety"
    CONTRAINDICATION = "contraindication"
    DEFINITION = "definition"
    BACKGROUND = "background"
    SERVICE = "service"


#: Kinds of claim that tell a patient what a treatment does or risks: stated without a source,
#: the audit and the article check report them as errors.
CLINICAL_KINDS = frozenset({ClaimKind.EFFICACY, ClaimKind.SAFETY, ClaimKind.CONTRAINDICATION, ClaimKind.MECHANISM})


class Setting(str, Enum):
    """Where a treatment is given."""

    INPATIENT = "inpatient"
    OUTPATIENT = "outpatient"
    HOME = "home"


class Stance(str, Enum):
    """How a cited source bears on a claim."""

    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    MENTIONS = "mentions"


class Attribution(str, Enum):
    """Whether someone checked that the source really says what the claim attributes to it."""

    VERIFIED = "verified"
    UNVERIFIED = "unverified"
    UNCHECKED = "unchecked"


class Citation(_Model):
    """The edge from a claim to a BibTeX entry."""

    source: BibKey = Field(description="BibTeX key of the cited entry in references.bib.")
    stance: Stance = Field(default=Stance.SUPPORTS, description="How the source bears on the claim.")
    locator: str | None = Field(default=None, description="Where in the source: page, section, table.")
    quote: str | None = Field(
        default=None, description="The words in the source, verbatim, when known."
    )
    attribution: Attribution = Field(
        default=Attribution.UNCHECKED,
        description=(
            "'verified': checked in the source; 'unverified': looked for and not confirmed; "
            "'unchecked': nobody has looked yet."
        ),
    )
    note: str | None = Field(default=None, description="Why the citation is as it is, for editors.")


class EvidenceAssertion(_Model):
    """The level of evidence a claim asserts (data, not derived)."""

    scale: Literal["cebm-2011"] = Field(default="cebm-2011", description="The levels scheme (Oxford CEBM 2011).")
    level: CEBMLevel = Field(description="Asserted CEBM 2011 level for treatment benefit, 1 (strongest) to 5.")
    grade: GradeCertainty | None = Field(default=None, description="Asserted GRADE certainty, if any.")
    asserted_by: str | None = Field(
        default=None, description="Who asserts the level: a document id or a person."
    )
    quote: str | None = Field(default=None, description="The words that assert it, verbatim.")


class StatedIn(_Model):
    """Where a claim is stated: a document and a section of it."""

    document: Slug = Field(description="Id of a document in the claims file's 'documents'.")
    section: str | None = Field(default=None, description="The heading under which the claim stands.")
    markers: tuple[str, ...] = Field(
        default=(), description="The reference markers printed at the claim, verbatim, e.g. '[2,3]'."
    )

    @model_validator(mode="after")
    def _shared(self) -> Self:
        # In a load, one object for all claims stated at the same place, given alike.
        share_fields_set(self)
        return shared(self, (StatedIn, self.document, self.section, self.markers, id(self.__pydantic_fields_set__)))


class Suppression(_Model):
    """An audit rule switched off for one claim, with the reason an editor accepted it."""

    rule: Annotated[str, StringConstraints(min_length=1)] = Field(
        description="Rule code (e.g. 'KE001') or slug (e.g. 'unsourced-claim')."
    )
    reason: Annotated[str, StringConstraints(min_length=3, strip_whitespace=True)] = Field(
        description="Why the finding does not apply; required."
    )


class Claim(_Model):
    """One statement of clinic content, with its facets and the sources it rests on."""

    id: Slug = Field(description="Readable unique slug, e.g. 'ketamine-crps-relief-weeks'.")
    statement: Annotated[str, StringConstraints(min_length=1)] = Field(
        description="The claim in plain words."
    )
    quote: str | None = Field(default=None, description="The text as the article prints it, verbatim.")
    kind: ClaimKind = Field(description="What sort of statement this is.")
    intervention: TermId | None = Field(default=None, description="Intervention id from the vocabulary.")
    pain_types: tuple[TermId, ...] = Field(default=(), description="Pain-type ids from the vocabulary.")
    conditions: tuple[TermId, ...] = Field(default=(), description="Condition ids from the vocabulary.")
    populations: tuple[TermId, ...] = Field(
        default=(), description="Population ids from the vocabulary: whom the claim is about, e.g. 'children'."
    )
    relief: Relief | None = Field(default=None, description="How long relief lasts, as stated.")
    evidence: EvidenceAssertion | None = Field(default=None, description="The evidence level the claim asserts.")
    setting: Setting | None = Field(default=None, description="Where the treatment is given.")
    citations: tuple[Citation, ...] = Field(default=(), description="The sources the claim cites.")
    derived_from: tuple[Slug, ...] = Field(
        default=(), description="Ids of claims this one is drawn from."
    )
    stated_in: tuple[StatedIn, ...] = Field(default=(), description="Where the claim is stated.")
    note: str | None = Field(default=None, description="Editorial note: decisions taken in recording the claim.")
    suppressions: tuple[Suppression, ...] = Field(
        default=(), description="Audit rules switched off for this claim, each with a reason."
    )
    review: Literal["proposed"] | None = Field(
        default=None,
        description=(
            "'proposed': drafted from an article by 'kevidence article draft' and not yet confirmed "
            "by an editor (the audit reports it); remove the field to confirm the claim."
        ),
    )

    @field_validator(*(f.attribute for f in FACETS if f.many), "derived_from")
    @classmethod
    def _no_repeats(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            raise ValueError(f"listed more than once: {', '.join(repeated)}")
        return shared(values)  # in a load, one tuple for all claims naming the same ids

    @property
    def sources(self) -> tuple[str, ...]:
        """The BibTeX keys this claim cites, in citation order, without repeats."""
        return tuple(dict.fromkeys(c.source for c in self.citations))


class Document(_Model):
    """A document that states claims (an article, a leaflet, a web page of the clinic)."""

    id: Slug = Field(description="Readable unique slug of the document.")
    title: str = Field(min_length=1, description="The document's title, verbatim.")
    publisher: str | None = Field(default=None, description="Who publishes it.")
    url: str | None = Field(default=None, description="Where it is published.")
    path: str | None = Field(
        default=None,
        description="The document's text kept with the data, a path relative to the claims file, "
        "e.g. 'articles/ketamine-infusions-article.txt' (read by 'kevidence article check').",
    )
    note: str | None = Field(default=None, description="What is known about the document.")


class ClaimsFile(_Model):
    """The whole of ``claims.json``."""

    schema_: str | None = Field(
        default=None, alias="$schema", description="The JSON Schema this file follows."
    )
    documents: tuple[Document, ...] = Field(default=(), description="Documents that state the claims.")
    vocabulary: VocabularyExtension | None = Field(
        default=None, description="Terms this file adds to the built-in vocabularies."
    )
    claims: tuple[Claim, ...] = Field(default=(), description="The claims.")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)
