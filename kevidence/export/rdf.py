"""The RDF model of a knowledge base: each claim a nanopublication, written as quads.

The serialisations (:mod:`~kevidence.export.nquads`, :mod:`~kevidence.export.trig`,
:mod:`~kevidence.export.turtle`, :mod:`~kevidence.export.jsonld`) all write what
:func:`quads` yields, one claim at a time, so an export of any size runs in bounded memory.

IRI scheme, under a base ``B`` (``--base-iri``; default ``https://example.org/kevidence/``,
a placeholder to replace with your own). Ids and keys are percent-encoded; the same base
always gives the same IRIs.

====================================  ==========================================================
``B claim/{id}``                      the claim (a SEPIO assertion)
``B np/{id}``                         its nanopublication
``B np/{id}#head`` ``#assertion``     the nanopublication's four named graphs
``#provenance`` ``#pubinfo``
``B np/{id}#line-{n}``                the evidence line of the claim's n-th citation (from 1)
``B source/{key}``                    a BibTeX entry; ``owl:sameAs <https://doi.org/{doi}>``
``B source/{key}#author-{n}``         the n-th node of its author list (``bibo:authorList``)
``B document/{id}``                   a document stating claims
``B term/{facet}/{id}``               a vocabulary term (facet: condition, pain-type, intervention...)
``B scheme/{facet}``                  the SKOS concept scheme of a facet's terms
``B rule/{code}``                     an audit rule, e.g. ``B rule/KE001``
``B bibliography``                    the named graph of the sources and documents
``B vocabulary``                      the named graph of the terms, levels, designs and the tool
====================================  ==========================================================

kevidence's own classes, properties and fixed concepts (``kev:`` below) are in one namespace,
:data:`KEV`, the same for every base: ``kev:studyDesign``, ``kev:cebm-2011-level-1``,
``kev:design-rct``. The IRI is an identifier, not an address to fetch: the ontology describing
it ships in the package (``kevidence.ttl`` beside this module) and ``kevidence export --format
ontology`` (``export_as(kb, "ontology")``) writes it.

In a nanopublication, the *assertion* graph holds the claim: its statement, facets (one
property per entry of :data:`kevidence.claims.facets.FACETS`, named in camel case:
``kev:condition``, ``kev:painType``, ``kev:intervention``, ``kev:population``),
``prov:wasDerivedFrom`` the claims it is drawn from, a CiTO citation of each source (``cito:citesAsEvidence`` for supports, ``cito:disagreesWith`` for contradicts,
``cito:citesForInformation`` for mentions) and a SEPIO evidence line per supporting or
contradicting citation: its direction (supporting or disputing), its evidence item (the
source) and the level the source's design supports. The *provenance* graph says where the
assertion comes from (``prov:wasDerivedFrom`` each cited source, ``prov:wasQuotedFrom`` the
document whose words it quotes). The *pubinfo* graph names the claim the nanopublication is
about (``dct:subject``), the documents stating it (``dct:source``) and the audit rules the
editors switched off for it (``kev:suppresses``). Sources, with their study design, CEBM
level, DOI and what they cite (``cito:cites``), are in ``B bibliography``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from importlib.resources import files
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote, urlsplit

from kevidence.claims.facets import FACETS
from kevidence.claims.model import Claim, Stance
from kevidence.errors import Location, Problem
from kevidence.export.csljson import written_doi
from kevidence.sources.evidence import DESIGNS, CEBMLevel, StudyDesign

if TYPE_CHECKING:
    from kevidence.audit.retractions import Retractions
    from kevidence.claims.model import Document
    from kevidence.claims.vocabulary import Vocabulary
    from kevidence.export import ExportOptions
    from kevidence.kb import KnowledgeBase
    from kevidence.sources.model import Source

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
CITO = "http://purl.org/spar/cito/"
NP = "http://www.nanopub.org/nschema#"
OBO = "http://purl.obolibrary.org/obo/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
BIBO = "http://purl.org/ontology/bibo/"
PAV = "http://purl.org/pav/"

KEV = "https://w3id.org/kevidence/ns#"
"""kevidence's own namespace (``kev:``): its classes, properties, CEBM levels and study designs,
the same in every export whatever the base. An identifier, not an address to fetch (kevidence
serves nothing there); the ontology describing it ships in the package (:data:`ONTOLOGY_FILE`, the ``ontology`` export)."""

ONTOLOGY_FILE = "kevidence.ttl"
"""The ontology of :data:`KEV`, beside this module: each class and property, labelled."""

class IRI(str):
    """An IRI (an absolute one; written ``<...>``)."""

    __slots__ = ()


SEPIO_ASSERTION = IRI(OBO + "SEPIO_0000001")
SEPIO_EVIDENCE_LINE = IRI(OBO + "SEPIO_0000002")
SEPIO_SUPPORTING_LINE = IRI(OBO + "SEPIO_0000007")   # has_supporting_evidence_line
SEPIO_DISPUTING_LINE = IRI(OBO + "SEPIO_0000008")    # has_disputing_evidence_line
SEPIO_EVIDENCE_ITEM = IRI(OBO + "SEPIO_0000084")     # has_evidence_item
SEPIO_EVIDENCE_LEVEL = IRI(OBO + "SEPIO_0000146")    # has_evidence_level

PREFIXES = {
    "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL, "prov": PROV, "dct": DCT, "cito": CITO,
    "np": NP, "obo": OBO, "skos": SKOS, "bibo": BIBO, "pav": PAV, "kev": KEV,
}

CITO_BY_STANCE = {
    Stance.SUPPORTS: IRI(CITO + "citesAsEvidence"),
    Stance.CONTRADICTS: IRI(CITO + "disagreesWith"),
    Stance.MENTIONS: IRI(CITO + "citesForInformation"),
}

CITO_CITES = IRI(CITO + "cites")
DCT_BIBLIOGRAPHIC_RESOURCE = IRI(DCT + "BibliographicResource")
DCT_CREATOR = IRI(DCT + "creator")
DCT_DESCRIPTION = IRI(DCT + "description")
DCT_IDENTIFIER = IRI(DCT + "identifier")
DCT_ISSUED = IRI(DCT + "issued")
DCT_PUBLISHER = IRI(DCT + "publisher")
DCT_SOURCE = IRI(DCT + "source")
DCT_SUBJECT = IRI(DCT + "subject")
DCT_TITLE = IRI(DCT + "title")
NP_NANOPUBLICATION = IRI(NP + "Nanopublication")
NP_HAS_ASSERTION = IRI(NP + "hasAssertion")
NP_HAS_PROVENANCE = IRI(NP + "hasProvenance")
NP_HAS_PUBLICATION_INFO = IRI(NP + "hasPublicationInfo")
OWL_SAME_AS = IRI(OWL + "sameAs")
PROV_ENTITY = IRI(PROV + "Entity")
PROV_VALUE = IRI(PROV + "value")
PROV_WAS_DERIVED_FROM = IRI(PROV + "wasDerivedFrom")
PROV_WAS_QUOTED_FROM = IRI(PROV + "wasQuotedFrom")
RDF_TYPE = IRI(RDF + "type")
RDF_FIRST = IRI(RDF + "first")
RDF_REST = IRI(RDF + "rest")
RDF_NIL = IRI(RDF + "nil")
RDFS_LABEL = IRI(RDFS + "label")
RDFS_SEE_ALSO = IRI(RDFS + "seeAlso")
BIBO_AUTHOR_LIST = IRI(BIBO + "authorList")
DCT_CREATED = IRI(DCT + "created")
DCT_IS_PART_OF = IRI(DCT + "isPartOf")
DCT_LICENSE = IRI(DCT + "license")
OWL_VERSION_INFO = IRI(OWL + "versionInfo")
PAV_CREATED_WITH = IRI(PAV + "createdWith")
PAV_VERSION = IRI(PAV + "version")
PROV_SOFTWARE_AGENT = IRI(PROV + "SoftwareAgent")
SKOS_CONCEPT = IRI(SKOS + "Concept")
SKOS_CONCEPT_SCHEME = IRI(SKOS + "ConceptScheme")
SKOS_IN_SCHEME = IRI(SKOS + "inScheme")
SKOS_TOP_CONCEPT_OF = IRI(SKOS + "topConceptOf")
SKOS_PREF_LABEL = IRI(SKOS + "prefLabel")
SKOS_ALT_LABEL = IRI(SKOS + "altLabel")
SKOS_BROADER = IRI(SKOS + "broader")
SKOS_NOTATION = IRI(SKOS + "notation")
SKOS_DEFINITION = IRI(SKOS + "definition")
SKOS_EXACT_MATCH = IRI(SKOS + "exactMatch")



class Literal(NamedTuple):
    """A literal: its text and a datatype IRI (None: a plain string)."""

    value: str
    datatype: str | None = None


Term = IRI | Literal


Quad = tuple[IRI, IRI, Term, IRI]
"""One statement: (subject, predicate, object, the named graph holding it). A plain tuple:
an export of a large base makes millions."""


_FORBIDDEN_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _iri_problem(value: str) -> str | None:
    """Why ``value`` is not an absolute IRI kevidence can write, or None."""
    parts = urlsplit(value)
    if not parts.scheme or not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme):
        return "it is not an absolute IRI (no scheme such as https:)"
    if _FORBIDDEN_IN_IRI.search(value):
        return "it holds a space or a character IRIs forbid (<>\"{}|^`\\)"
    return None


def check_base_iri(base: str) -> str:
    """The base IRI if it can prefix kevidence's IRIs; :class:`ExportError` saying why not."""
    from kevidence.export import ExportError

    problem = _iri_problem(base)
    if problem is None and not base.endswith(("/", "#", ":")):
        problem = "it must end with '/', '#' or ':' so that names can follow it"
    if problem:
        raise ExportError("bad base IRI", [Problem(Location(None), f"{base!r}: {problem}",
                                                   "e.g. https://clinic.example.org/kb/")])
    return base


def check_license(license: str | None) -> str | None:
    """The licence IRI if it is one (None, or ``"none"``, for no licence); :class:`ExportError`
    saying why not."""
    from kevidence.export import ExportError

    if license is None or license == "none":
        return None
    problem = _iri_problem(license)
    if problem:
        raise ExportError("bad licence IRI", [Problem(Location(None), f"{license!r}: {problem}",
                                                      "give the licence's IRI, e.g. "
                                                      "https://creativecommons.org/publicdomain/zero/1.0/, or none")])
    return license


_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")


def segment(name: str) -> str:
    """A claim id, key or term id as one IRI path segment (percent-encoded, UTF-8)."""
    if _PLAIN_SEGMENT.fullmatch(name):  # slugs and most keys: nothing to encode
        return name
    return quote(name, safe="-._~!$&'()*+,;=:@")


class Scheme:
    """The IRIs of one export, under one base (see the module's table); kevidence's own terms
    are under :data:`KEV` whatever the base."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.vocab = KEV
        self.bibliography = IRI(base + "bibliography")
        self.vocabulary = IRI(base + "vocabulary")
        # Terms and properties recur on every claim: each IRI is made once (a bounded set).
        self._terms: dict[tuple[str, str], IRI] = {}

    def claim(self, claim_id: str) -> IRI:
        return IRI(f"{self.base}claim/{segment(claim_id)}")

    def nanopub(self, claim_id: str, part: str = "") -> IRI:
        return IRI(f"{self.base}np/{segment(claim_id)}" + (f"#{part}" if part else ""))

    def source(self, key: str) -> IRI:
        return IRI(f"{self.base}source/{segment(key)}")

    def document(self, document_id: str) -> IRI:
        return IRI(f"{self.base}document/{segment(document_id)}")

    def term(self, facet: str, term_id: str) -> IRI:
        found = self._terms.get((facet, term_id))
        if found is None:
            found = self._terms[facet, term_id] = IRI(f"{self.base}term/{facet}/{segment(term_id)}")
        return found

    def concept_scheme(self, facet: str) -> IRI:
        """The SKOS concept scheme of one facet's terms (facet as in :meth:`term`)."""
        return IRI(f"{self.base}scheme/{facet}")

    def rule(self, code: str) -> IRI:
        return IRI(f"{self.base}rule/{segment(code)}")

    @staticmethod
    def level(level: int) -> IRI:
        """A CEBM 2011 level: ``kev:cebm-2011-level-{n}``, the same in every export."""
        return _LEVELS[level]

    @staticmethod
    def design(design: StudyDesign) -> IRI:
        """A study design: ``kev:design-{value}``, e.g. ``kev:design-rct``."""
        return _DESIGNS[design]

    @staticmethod
    def kev(name: str) -> IRI:
        """One of kevidence's own terms (``kev:name``)."""
        found = _KEV_TERMS.get(name)
        if found is None:
            found = _KEV_TERMS[name] = IRI(KEV + name)
        return found

    def prefixes(self) -> dict[str, str]:
        """Prefix -> namespace for the readable serialisations (standard ones, then the base's)."""
        return {**PREFIXES, "claim": self.base + "claim/", "src": self.base + "source/",
                "doc": self.base + "document/", "rule": self.base + "rule/", "kb": self.base}


_KEV_TERMS: dict[str, IRI] = {}
_LEVELS = {int(level): IRI(f"{KEV}cebm-2011-level-{int(level)}") for level in CEBMLevel}
_DESIGNS = {design: IRI(f"{KEV}design-{design.value}") for design in StudyDesign}
CEBM_2011 = IRI(KEV + "cebm-2011")
"""The concept scheme of the CEBM 2011 levels."""
STUDY_DESIGNS = IRI(KEV + "study-designs")
"""The concept scheme of the study designs."""


def _text(value: str) -> Literal:
    return Literal(value)


def _integer(value: int) -> Literal:
    return Literal(str(value), XSD + "integer")


def _boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", XSD + "boolean")


def _datetime(value: datetime) -> Literal:
    return Literal(value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), XSD + "dateTime")


class Publication(NamedTuple):
    """What each nanopublication's pubinfo says of its making: when, with which kevidence,
    in which base (the base IRI) and under which licence (None: none said)."""

    created: Literal
    tool: IRI
    base: IRI
    license: IRI | None


def publication_time(created: datetime | None = None) -> datetime:
    """When an export's nanopublications are made: ``created`` if given, else the time in
    ``SOURCE_DATE_EPOCH`` (seconds since 1970, as reproducible builds set it), else now.
    Raises :class:`ExportError` for a ``SOURCE_DATE_EPOCH`` that is not a whole number."""
    if created is not None:
        return created if created.tzinfo is not None else created.replace(tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or not epoch.strip():
        return datetime.now(UTC).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError, OSError):
        from kevidence.export import ExportError

        raise ExportError("bad SOURCE_DATE_EPOCH", [Problem(
            Location("SOURCE_DATE_EPOCH"), f"{epoch[:40]!r} is not a number of seconds since 1970-01-01",
            "set it to a whole number, e.g. SOURCE_DATE_EPOCH=1767225600, or unset it")]) from None


def tool_iri() -> IRI:
    """This kevidence, as the software that made an export: ``kev:kevidence-{version}``."""
    from kevidence import __version__

    return IRI(f"{KEV}kevidence-{__version__}")


def tool_quads(graph: IRI) -> Iterator[Quad]:
    """The description of :func:`tool_iri`: a software agent, its name and version."""
    from kevidence import __version__

    tool = tool_iri()
    yield (tool, RDF_TYPE, PROV_SOFTWARE_AGENT, graph)
    yield (tool, RDFS_LABEL, _text(f"kevidence {__version__}"), graph)
    yield (tool, PAV_VERSION, _text(__version__), graph)


def quads(kb: KnowledgeBase, base: str, retractions: Retractions | None = None, *,
          created: datetime | None = None, license: str | None = None) -> Iterator[Quad]:
    """Every quad of the export: the bibliography graph, the vocabulary graph, then one
    nanopublication per claim (made at ``created``, see :func:`publication_time`, under the
    ``license`` IRI if one is given)."""
    scheme = Scheme(base)
    publication = Publication(_datetime(publication_time(created)), tool_iri(), IRI(base),
                              IRI(license) if license else None)
    yield from bibliography(kb, scheme, retractions)
    yield from vocabulary_quads(kb.vocabulary, scheme)
    rules = _rule_codes()
    levels = {key: int(s.supportable_level) for key, s in kb.sources.items() if s.supportable_level is not None}
    for claim in kb.claims.values():
        yield from nanopublication(claim, scheme, rules, levels, publication)


def export_quads(kb: KnowledgeBase, options: ExportOptions) -> Iterator[Quad]:
    """The quads of an export made with these options (what every RDF writer writes)."""
    return quads(kb, options.base_iri, options.retractions, created=options.created, license=options.license)


def _rule_codes() -> dict[str, str]:
    """Rule code or slug -> code, for suppressions written either way."""
    from kevidence.audit import iter_rules

    codes: dict[str, str] = {}
    for rule in iter_rules():
        codes[rule.code] = codes[rule.name] = rule.code
    return codes


def bibliography(kb: KnowledgeBase, scheme: Scheme, retractions: Retractions | None) -> Iterator[Quad]:
    """The sources and documents, in the ``B bibliography`` graph."""
    graph = scheme.bibliography
    kev = scheme.kev
    known = kb.sources
    for source in known.values():
        yield from source_quads(source, scheme, graph, retractions)
    # Keys cited but not in the .bib: named, typed, marked missing (as the graph does).
    missing: dict[str, None] = {}
    for claim in kb.claims.values():
        for citation in claim.citations:
            if citation.source not in known:
                missing[citation.source] = None
    for source in known.values():
        for cited in source.cites:
            if cited not in known:
                missing[cited] = None
    for key in missing:
        iri = scheme.source(key)
        yield (iri, RDF_TYPE, DCT_BIBLIOGRAPHIC_RESOURCE, graph)
        yield (iri, DCT_IDENTIFIER, _text(key), graph)
        yield (iri, kev("missing"), _boolean(True), graph)
    for document in kb.documents.values():
        yield from document_quads(document, scheme, graph)


def source_quads(source: Source, scheme: Scheme, graph: IRI, retractions: Retractions | None) -> Iterator[Quad]:
    """One source's description."""
    iri = scheme.source(source.key)
    kev = scheme.kev
    yield (iri, RDF_TYPE, DCT_BIBLIOGRAPHIC_RESOURCE, graph)
    yield (iri, DCT_IDENTIFIER, _text(source.key), graph)
    yield (iri, kev("entryType"), _text(source.entry_type), graph)
    if source.title is not None:
        yield (iri, DCT_TITLE, _text(source.title), graph)
    authors = source.authors
    for person in authors:
        yield (iri, DCT_CREATOR, _text(person.display), graph)
    if authors:  # dct:creator says who; the list (its nodes written last) says in which order
        yield (iri, BIBO_AUTHOR_LIST, IRI(f"{iri}#author-1"), graph)
    if source.journal is not None:
        yield (iri, kev("container"), _text(source.journal), graph)
    if source.year is not None:
        yield (iri, DCT_ISSUED, Literal(f"{source.year:04d}", XSD + "gYear"), graph)
    doi = written_doi(source)
    if doi:
        yield (iri, OWL_SAME_AS, IRI("https://doi.org/" + segment_doi(doi)), graph)
    if source.pmid:
        yield (iri, kev("pmid"), _text(source.pmid), graph)
        yield (iri, RDFS_SEE_ALSO, IRI(f"https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/"), graph)
    if source.url:
        yield (iri, RDFS_SEE_ALSO, IRI(_safe_iri(source.url)), graph)
    design = source.study_design
    if design is not None:
        yield (iri, kev("studyDesign"), _text(design.value), graph)
        yield (iri, kev("design"), scheme.design(design), graph)
        if design.supportable_level is not None:
            yield (iri, kev("cebmLevel"), _integer(int(design.supportable_level)), graph)
            yield (iri, SEPIO_EVIDENCE_LEVEL, scheme.level(int(design.supportable_level)), graph)
    for cited in source.cites:
        yield (iri, CITO_CITES, scheme.source(cited), graph)
    if retractions is not None:
        notice = retractions.lookup(source.doi, source.pmid)
        if notice is not None and not notice.is_reinstatement:
            yield (iri, kev("retracted"), _boolean(True), graph)
            yield (iri, kev("retractionNature"), _text(notice.nature), graph)
    for number, person in enumerate(authors, start=1):
        node = IRI(f"{iri}#author-{number}")
        yield (node, RDF_FIRST, _text(person.display), graph)
        yield (node, RDF_REST, IRI(f"{iri}#author-{number + 1}") if number < len(authors) else RDF_NIL, graph)


def segment_doi(doi: str) -> str:
    """A bare DOI as the path of its https://doi.org/ IRI (characters IRIs forbid encoded)."""
    return quote(doi, safe="/;:@&=+$,-_.!~*'()")


def _safe_iri(url: str) -> str:
    """A URL with the characters an IRI forbids percent-encoded."""
    return _FORBIDDEN_IN_IRI.sub(lambda m: "%" + m.group().encode().hex().upper(), url)


def document_quads(document: Document, scheme: Scheme, graph: IRI) -> Iterator[Quad]:
    iri = scheme.document(document.id)
    yield (iri, RDF_TYPE, PROV_ENTITY, graph)
    yield (iri, DCT_IDENTIFIER, _text(document.id), graph)
    yield (iri, DCT_TITLE, _text(document.title), graph)
    if document.publisher:
        yield (iri, DCT_PUBLISHER, _text(document.publisher), graph)
    if document.url:
        yield (iri, RDFS_SEE_ALSO, IRI(_safe_iri(document.url)), graph)


def nanopublication(claim: Claim, scheme: Scheme, rules: dict[str, str], levels: dict[str, int],
                    publication: Publication | None = None) -> Iterator[Quad]:
    """The four graphs of one claim's nanopublication (``rules``: rule code or slug -> code;
    ``levels``: BibTeX key -> the CEBM level its design supports; ``publication``: what the
    pubinfo says of its making)."""
    np_iri = scheme.nanopub(claim.id)  # its parts are fragments of it (the id encoded once)
    head, assertion = IRI(np_iri + "#head"), IRI(np_iri + "#assertion")
    provenance, pubinfo = IRI(np_iri + "#provenance"), IRI(np_iri + "#pubinfo")
    kev = scheme.kev
    a = RDF_TYPE
    yield (np_iri, a, NP_NANOPUBLICATION, head)
    yield (np_iri, NP_HAS_ASSERTION, assertion, head)
    yield (np_iri, NP_HAS_PROVENANCE, provenance, head)
    yield (np_iri, NP_HAS_PUBLICATION_INFO, pubinfo, head)

    iri = scheme.claim(claim.id)
    yield (iri, a, SEPIO_ASSERTION, assertion)
    yield (iri, DCT_IDENTIFIER, _text(claim.id), assertion)
    yield (iri, DCT_DESCRIPTION, _text(claim.statement), assertion)
    yield (iri, kev("kind"), _text(claim.kind.value), assertion)
    for facet in FACETS:  # kev:condition <B term/condition/crps>, kev:painType <B term/pain-type/...>
        for term_id in facet.values(claim):
            yield (iri, kev(facet.rdf_name), scheme.term(facet.slug, term_id), assertion)
    if claim.setting is not None:
        yield (iri, kev("setting"), _text(claim.setting.value), assertion)
    if claim.relief is not None and claim.relief.text:
        yield (iri, kev("relief"), _text(claim.relief.text), assertion)
    if claim.evidence is not None:
        yield (iri, kev("assertedLevel"), _integer(int(claim.evidence.level)), assertion)
    for parent in claim.derived_from:
        yield (iri, PROV_WAS_DERIVED_FROM, scheme.claim(parent), assertion)
    for number, citation in enumerate(claim.citations, start=1):
        source = scheme.source(citation.source)
        line = IRI(f"{np_iri}#line-{number}")
        yield (iri, CITO_BY_STANCE[citation.stance], source, assertion)
        if citation.stance is Stance.MENTIONS:
            continue
        direction = SEPIO_SUPPORTING_LINE if citation.stance is Stance.SUPPORTS else SEPIO_DISPUTING_LINE
        yield (iri, direction, line, assertion)
        yield (line, a, SEPIO_EVIDENCE_LINE, assertion)
        yield (line, SEPIO_EVIDENCE_ITEM, source, assertion)
        level = levels.get(citation.source)
        if level is not None:
            yield (line, SEPIO_EVIDENCE_LEVEL, scheme.level(level), assertion)
        yield (line, kev("attribution"), _text(citation.attribution.value), assertion)
        if citation.locator:
            yield (line, kev("locator"), _text(citation.locator), assertion)
        if citation.quote:
            yield (line, kev("quote"), _text(citation.quote), assertion)

    for key in claim.sources:
        yield (assertion, PROV_WAS_DERIVED_FROM, scheme.source(key), provenance)
    for stated in claim.stated_in:
        document = scheme.document(stated.document)
        if claim.quote:
            yield (assertion, PROV_WAS_QUOTED_FROM, document, provenance)
            yield (assertion, PROV_VALUE, _text(claim.quote), provenance)
        yield (np_iri, DCT_SOURCE, document, pubinfo)
        if stated.section:
            yield (np_iri, kev("section"), _text(stated.section), pubinfo)
    yield (np_iri, DCT_SUBJECT, iri, pubinfo)
    for suppression in claim.suppressions:
        code = rules.get(suppression.rule)
        if code is not None:
            yield (np_iri, kev("suppresses"), scheme.rule(code), pubinfo)
    if publication is not None:
        yield (np_iri, DCT_CREATED, publication.created, pubinfo)
        yield (np_iri, PAV_CREATED_WITH, publication.tool, pubinfo)
        yield (np_iri, DCT_IS_PART_OF, publication.base, pubinfo)
        if publication.license is not None:
            yield (np_iri, DCT_LICENSE, publication.license, pubinfo)


# -- the vocabulary graph: SKOS concept schemes of the terms, the levels and the designs --------

#: Published terminologies whose codes have an IRI form: system name (lower case, letters and
#: digits only) -> (IRI prefix, what a code looks like). A code of another system, or one not
#: in the expected form, is written as a ``kev:code`` literal, not guessed into an IRI.
PUBLISHED_CODES: Mapping[str, tuple[str, re.Pattern[str]]] = {
    "mesh": ("http://id.nlm.nih.gov/mesh/", re.compile(r"[A-Z][0-9]{6,12}")),
    "snomedct": ("http://snomed.info/id/", re.compile(r"[0-9]{6,18}")),
}


def code_term(system: str, code: str) -> tuple[IRI, Term]:
    """A term's code as a statement about the term: ``skos:exactMatch <iri>`` for a system of
    :data:`PUBLISHED_CODES`, else ``kev:code "system code"``."""
    known = PUBLISHED_CODES.get(re.sub(r"[^a-z0-9]", "", system.lower()))
    if known is not None and known[1].fullmatch(code.strip()):
        return SKOS_EXACT_MATCH, IRI(known[0] + code.strip())
    return Scheme.kev("code"), _text(f"{system} {code}")


def vocabulary_quads(vocabulary: Vocabulary, scheme: Scheme) -> Iterator[Quad]:
    """The ``B vocabulary`` graph: the tool that made the export, a SKOS concept scheme per
    facet with every term of the base's vocabulary, then the CEBM levels and study designs."""
    graph = scheme.vocabulary
    yield from tool_quads(graph)
    for facet in FACETS:
        concept_scheme = scheme.concept_scheme(facet.slug)
        yield (concept_scheme, RDF_TYPE, SKOS_CONCEPT_SCHEME, graph)
        yield (concept_scheme, SKOS_PREF_LABEL, _text(facet.plural), graph)
        for term in vocabulary.terms(facet.vocabulary).values():
            iri = scheme.term(facet.slug, term.id)
            yield (iri, RDF_TYPE, SKOS_CONCEPT, graph)
            yield (iri, SKOS_IN_SCHEME, concept_scheme, graph)
            yield (iri, SKOS_NOTATION, _text(term.id), graph)
            yield (iri, SKOS_PREF_LABEL, _text(term.label), graph)
            for synonym in term.synonyms:
                yield (iri, SKOS_ALT_LABEL, _text(synonym), graph)
            for parent in term.parents:
                yield (iri, SKOS_BROADER, scheme.term(facet.slug, parent), graph)
            if not term.parents:
                yield (iri, SKOS_TOP_CONCEPT_OF, concept_scheme, graph)
            if term.group:
                yield (iri, Scheme.kev("groupTerm"), _boolean(True), graph)
            for system, code in sorted(term.codes.items()):
                predicate, obj = code_term(system, code)
                yield (iri, predicate, obj, graph)
    yield from fixed_concepts(graph)


def fixed_concepts(graph: IRI) -> Iterator[Quad]:
    """The CEBM 2011 levels and the study designs as SKOS concepts in kevidence's namespace,
    from :mod:`kevidence.sources.evidence` (the one table of them)."""
    kev = Scheme.kev
    yield (CEBM_2011, RDF_TYPE, SKOS_CONCEPT_SCHEME, graph)
    yield (CEBM_2011, SKOS_PREF_LABEL, _text("Oxford CEBM 2011 levels of evidence (does this intervention help?)"),
           graph)
    for level in CEBMLevel:
        iri = Scheme.level(int(level))
        yield (iri, RDF_TYPE, kev("CebmLevel"), graph)
        yield (iri, RDF_TYPE, SKOS_CONCEPT, graph)
        yield (iri, SKOS_IN_SCHEME, CEBM_2011, graph)
        yield (iri, SKOS_TOP_CONCEPT_OF, CEBM_2011, graph)
        yield (iri, SKOS_NOTATION, _text(str(int(level))), graph)
        yield (iri, SKOS_PREF_LABEL, _text(f"CEBM 2011 level {int(level)}"), graph)
        yield (iri, SKOS_DEFINITION, _text(level.description), graph)
        yield (iri, kev("rank"), _integer(int(level)), graph)
    yield (STUDY_DESIGNS, RDF_TYPE, SKOS_CONCEPT_SCHEME, graph)
    yield (STUDY_DESIGNS, SKOS_PREF_LABEL, _text("Study designs"), graph)
    for design, info in DESIGNS.items():
        iri = Scheme.design(design)
        yield (iri, RDF_TYPE, kev("StudyDesign"), graph)
        yield (iri, RDF_TYPE, SKOS_CONCEPT, graph)
        yield (iri, SKOS_IN_SCHEME, STUDY_DESIGNS, graph)
        yield (iri, SKOS_TOP_CONCEPT_OF, STUDY_DESIGNS, graph)
        yield (iri, SKOS_NOTATION, _text(design.value), graph)
        yield (iri, SKOS_PREF_LABEL, _text(info.label), graph)
        if info.level is not None:
            yield (iri, kev("supportsLevel"), Scheme.level(int(info.level)), graph)
            yield (iri, kev("cebmLevel"), _integer(int(info.level)), graph)
        yield (iri, kev("research"), _boolean(info.research), graph)
        yield (iri, kev("primary"), _boolean(info.primary), graph)


def ontology_text() -> str:
    """The shipped ontology file (:data:`ONTOLOGY_FILE`): kevidence's classes and properties."""
    return files(__package__).joinpath(ONTOLOGY_FILE).read_text(encoding="utf-8")


def ontology_quads() -> Iterator[Quad]:
    """What the ontology adds to the file's text: its version, this kevidence as a tool, the
    CEBM levels and the designs (written from the code's tables, so that they cannot drift)."""
    from kevidence import __version__

    graph = IRI(KEV)
    yield (IRI(KEV), OWL_VERSION_INFO, _text(__version__), graph)
    yield from tool_quads(graph)
    yield from fixed_concepts(graph)
