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
``B document/{id}``                   a document stating claims
``B term/{facet}/{id}``               a vocabulary term (facet: condition, pain-type, intervention...)
``B rule/{code}``                     an audit rule, e.g. ``B rule/KE001``
``B level/cebm-2011/{n}``             a CEBM 2011 level of evidence
``B bibliography``                    the named graph of the sources and documents
``B vocab#``                          kevidence's own properties (``kev:`` below)
====================================  ==========================================================

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

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote, urlsplit

from kevidence.claims.facets import FACETS
from kevidence.claims.model import Claim, Stance
from kevidence.errors import Location, Problem
from kevidence.export.csljson import written_doi

if TYPE_CHECKING:
    from kevidence.audit.retractions import Retractions
    from kevidence.claims.model import Document
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
    "np": NP, "obo": OBO,
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
RDFS_SEE_ALSO = IRI(RDFS + "seeAlso")



class Literal(NamedTuple):
    """A literal: its text and a datatype IRI (None: a plain string)."""

    value: str
    datatype: str | None = None


Term = IRI | Literal


Quad = tuple[IRI, IRI, Term, IRI]
"""One statement: (subject, predicate, object, the named graph holding it). A plain tuple:
an export of a large base makes millions."""


_FORBIDDEN_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def check_base_iri(base: str) -> str:
    """The base IRI if it can prefix kevidence's IRIs; :class:`ExportError` saying why not."""
    from kevidence.export import ExportError

    parts = urlsplit(base)
    problem = None
    if not parts.scheme or not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme):
        problem = "it is not an absolute IRI (no scheme such as https:)"
    elif _FORBIDDEN_IN_IRI.search(base):
        problem = "it holds a space or a character IRIs forbid (<>\"{}|^`\\)"
    elif not base.endswith(("/", "#", ":")):
        problem = "it must end with '/', '#' or ':' so that names can follow it"
    if problem:
        raise ExportError("bad base IRI", [Problem(Location(None), f"{base!r}: {problem}",
                                                   "e.g. https://clinic.example.org/kb/")])
    return base


_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")


def segment(name: str) -> str:
    """A claim id, key or term id as one IRI path segment (percent-encoded, UTF-8)."""
    if _PLAIN_SEGMENT.fullmatch(name):  # slugs and most keys: nothing to encode
        return name
    return quote(name, safe="-._~!$&'()*+,;=:@")


class Scheme:
    """The IRIs of one export, under one base (see the module's table)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.vocab = base + "vocab#"
        self.bibliography = IRI(base + "bibliography")
        # Terms and properties recur on every claim: each IRI is made once (a bounded set).
        self._terms: dict[tuple[str, str], IRI] = {}
        self._kev: dict[str, IRI] = {}

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

    def rule(self, code: str) -> IRI:
        return IRI(f"{self.base}rule/{segment(code)}")

    def level(self, level: int) -> IRI:
        return IRI(f"{self.base}level/cebm-2011/{level}")

    def kev(self, name: str) -> IRI:
        found = self._kev.get(name)
        if found is None:
            found = self._kev[name] = IRI(self.vocab + name)
        return found

    def prefixes(self) -> dict[str, str]:
        """Prefix -> namespace for the readable serialisations (standard ones, then the base's)."""
        return {**PREFIXES, "kev": self.vocab, "claim": self.base + "claim/", "src": self.base + "source/",
                "doc": self.base + "document/", "rule": self.base + "rule/", "kb": self.base}


def _text(value: str) -> Literal:
    return Literal(value)


def _integer(value: int) -> Literal:
    return Literal(str(value), XSD + "integer")


def _boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", XSD + "boolean")


def quads(kb: KnowledgeBase, base: str, retractions: Retractions | None = None) -> Iterator[Quad]:
    """Every quad of the export: the bibliography graph, then one nanopublication per claim."""
    scheme = Scheme(base)
    yield from bibliography(kb, scheme, retractions)
    rules = _rule_codes()
    levels = {key: int(s.supportable_level) for key, s in kb.sources.items() if s.supportable_level is not None}
    for claim in kb.claims.values():
        yield from nanopublication(claim, scheme, rules, levels)


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
    for person in source.authors:
        yield (iri, DCT_CREATOR, _text(person.display), graph)
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


def nanopublication(claim: Claim, scheme: Scheme, rules: dict[str, str], levels: dict[str, int]) -> Iterator[Quad]:
    """The four graphs of one claim's nanopublication (``rules``: rule code or slug -> code;
    ``levels``: BibTeX key -> the CEBM level its design supports)."""
    np_iri = scheme.nanopub(claim.id)
    head, assertion = scheme.nanopub(claim.id, "head"), scheme.nanopub(claim.id, "assertion")
    provenance, pubinfo = scheme.nanopub(claim.id, "provenance"), scheme.nanopub(claim.id, "pubinfo")
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
        line = scheme.nanopub(claim.id, f"line-{number}")
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
