"""The RDF speaks a vocabulary other tools understand: kevidence's own terms in one namespace
declared by the shipped ontology, the facet terms as SKOS (a SPARQL question with
``skos:broader*`` finds what ``kb.query`` finds), CEBM levels and study designs described,
authors in order, and each nanopublication's publication info."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kevidence
from kevidence.audit import parse_retractions
from kevidence.claims.facets import FACETS
from kevidence.claims.model import Citation, Claim, Document, StatedIn, Suppression
from kevidence.claims.vocabulary import Term, Vocabulary, VocabularyExtension
from kevidence.export import DEFAULT_BASE_IRI, DEFAULT_LICENSE, ExportError, export
from kevidence.export.queries import about
from kevidence.export.rdf import DCT, KEV, PAV, SKOS, XSD, Scheme
from kevidence.kb import KnowledgeBase
from kevidence.sources.evidence import DESIGNS, CEBMLevel
from kevidence.sources.model import Source
from tests.export.conftest import run_kevidence, tangled_base
from tests.export.test_rdf import CREATED, FORMATS, retraction_csv, select, store_of

ox = pytest.importorskip("pyoxigraph")
rdflib = pytest.importorskip("rdflib")
# rdflib's own TriG and N-Quads readers use its deprecated ConjunctiveGraph inside
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib.*")

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL = "http://www.w3.org/2002/07/owl#"
OTHER_BASE = "https://clinic.example.org/kb/"


def coded_base() -> KnowledgeBase:
    """A base whose claims file adds terms: one with a MeSH-shaped code (written as an
    exactMatch), one with a code of a system kevidence knows no IRI for, one below a built-in
    term. Codes and terms are made up for the test; every kind of pubinfo statement is there."""
    extension = VocabularyExtension(conditions=(
        Term(id="test-pain", label="Test pain", synonyms=("tp",), parents=("chronic-neuropathic-pain",),
             codes={"MeSH": "D999999", "Local": "TP-1"}),
        Term(id="test-pain-subtype", label="Test pain subtype", parents=("test-pain",), group=True),
    ))
    vocabulary = Vocabulary.builtin().extended(extension)
    sources = [Source(key="s1", entry_type="article",
                      fields={"title": "One", "author": "Zed, Anna and Alpha, Bo and {Clinic Group}",
                              "studydesign": "rct", "pmid": "123", "journal": "J"})]
    claims = [
        Claim(id="c1", statement="One.", kind="efficacy", conditions=("test-pain-subtype",), setting="home",
              relief="weeks", evidence={"level": 2}, stated_in=(StatedIn(document="d", section="Intro"),),
              citations=(Citation(source="s1", locator="p. 1", quote="q"), Citation(source="ghost")),
              suppressions=(Suppression(rule="KE001", reason="known to all"),)),
        Claim(id="c2", statement="Two.", kind="efficacy", conditions=("chronic-pain",)),
    ]
    return KnowledgeBase.from_models(claims, sources, [Document(id="d", title="D")], vocabulary=vocabulary)


def every_base(generated_bases: list[Path]) -> list[KnowledgeBase]:
    return [kevidence.load(), *(kevidence.load(folder) for folder in generated_bases), tangled_base(),
            coded_base()]


def iris(store: ox.Store) -> Iterator[str]:
    for quad in store:
        for term in (quad.subject, quad.predicate, quad.object):
            if isinstance(term, ox.NamedNode):
                yield term.value


def ontology_store() -> ox.Store:
    store = ox.Store()
    store.load(export(kevidence.load(), "ontology"), ox.RdfFormat.TURTLE)
    return store


def objects(store: ox.Store, subject: str, predicate: str) -> list[ox.NamedNode | ox.Literal]:
    return [q.object for q in store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None)]


# -- one namespace, declared by the shipped ontology ----------------------------------------------


def test_kevidence_terms_are_the_same_whatever_the_base() -> None:
    kb = kevidence.load()
    used = [{i for i in iris(store_of(kb, base_iri=base)) if i.startswith(KEV)} for base in (DEFAULT_BASE_IRI, OTHER_BASE)]
    assert used[0] == used[1]
    assert {KEV + "studyDesign", KEV + "condition", KEV + "cebm-2011-level-1", KEV + "design-rct"} <= used[0]
    predicates = {q.predicate.value for q in store_of(kb, base_iri=OTHER_BASE)}
    assert not {p for p in predicates if p.startswith(OTHER_BASE)}  # no property under the base


def test_every_kevidence_term_an_export_uses_is_declared_in_the_ontology(generated_bases: list[Path]) -> None:
    ontology = ontology_store()
    declared = {q.subject.value for q in ontology if isinstance(q.subject, ox.NamedNode)}
    kinds = {q.subject.value: q.object.value for q in ontology.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None)
             if q.object.value in (OWL + "DatatypeProperty", OWL + "ObjectProperty")}
    used: set[str] = set()
    for kb in every_base(generated_bases):
        retractions = parse_retractions(retraction_csv(kb, every=3), "rw.csv") if kb.sources else None
        store = store_of(kb, retractions=retractions)
        used |= {i for i in iris(store) if i.startswith(KEV)}
        for quad in store:  # a datatype property holds literals, an object property IRIs
            kind = kinds.get(quad.predicate.value)
            if kind is not None:
                assert isinstance(quad.object, ox.Literal) == (kind == OWL + "DatatypeProperty"), quad
    assert used - declared == set()
    # and the other way: every property the ontology declares is one the exports use
    assert set(kinds) - used == set()
    assert {KEV + f.rdf_name for f in FACETS} <= set(kinds)


def test_the_ontology_labels_every_property_and_class_and_two_readers_agree() -> None:
    text = export(kevidence.load(), "ontology") or ""
    store = ontology_store()
    declared = [q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None)
                if q.object.value in (OWL + "DatatypeProperty", OWL + "ObjectProperty", OWL + "Class")]
    assert len(declared) > 25
    for term in declared:
        assert objects(store, term, "http://www.w3.org/2000/01/rdf-schema#label"), term
        assert objects(store, term, "http://www.w3.org/2000/01/rdf-schema#comment"), term
        assert [o.value for o in objects(store, term, "http://www.w3.org/2000/01/rdf-schema#isDefinedBy")] == [KEV]
    assert [o.value for o in objects(store, KEV, OWL + "versionInfo")] == [kevidence.__version__]
    graph = rdflib.Graph().parse(data=text, format="turtle")
    assert len(graph) == len(store)
    assert export(kevidence.load(), "ontology", base_iri=OTHER_BASE) == text  # the same for every base


def test_the_ontology_is_written_by_the_command(tmp_path: Path) -> None:
    out = tmp_path / "kevidence.ttl"
    done = run_kevidence("export", "--format", "ontology", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == export(kevidence.load(), "ontology")


# -- SKOS: the facet terms, the levels, the designs -----------------------------------------------


def test_every_vocabulary_term_is_a_skos_concept_as_the_vocabulary_has_it() -> None:
    kb = coded_base()
    graph = rdflib.Dataset(default_union=True)
    graph.parse(data=export(kb, "trig", created=CREATED), format="trig")
    skos = rdflib.Namespace(SKOS)
    scheme = Scheme(DEFAULT_BASE_IRI)
    for facet in FACETS:
        terms = kb.vocabulary.terms(facet.vocabulary)
        assert terms
        concepts = set(graph.subjects(skos.inScheme, rdflib.URIRef(scheme.concept_scheme(facet.slug))))
        assert concepts == {rdflib.URIRef(scheme.term(facet.slug, t)) for t in terms}
        for term in terms.values():
            iri = rdflib.URIRef(scheme.term(facet.slug, term.id))
            assert (iri, rdflib.RDF.type, skos.Concept) in graph
            assert [str(x) for x in graph.objects(iri, skos.prefLabel)] == [term.label]
            assert sorted(str(x) for x in graph.objects(iri, skos.altLabel)) == sorted(term.synonyms)
            assert {str(x) for x in graph.objects(iri, skos.broader)} == {scheme.term(facet.slug, p) for p in term.parents}
            assert [str(x) for x in graph.objects(iri, skos.notation)] == [term.id]
            if not term.codes:
                assert not list(graph.objects(iri, skos.exactMatch))
    coded = rdflib.URIRef(scheme.term("condition", "test-pain"))
    assert [str(x) for x in graph.objects(coded, skos.exactMatch)] == ["http://id.nlm.nih.gov/mesh/D999999"]
    assert [str(x) for x in graph.objects(coded, rdflib.URIRef(KEV + "code"))] == ["Local TP-1"]
    group = rdflib.URIRef(scheme.term("condition", "test-pain-subtype"))
    assert graph.value(group, rdflib.URIRef(KEV + "groupTerm")).toPython() is True


def test_the_builtin_vocabulary_records_no_code_so_no_exact_match_is_written() -> None:
    store = store_of(kevidence.load())
    assert not list(store.quads_for_pattern(None, ox.NamedNode(SKOS + "exactMatch"), None))


def test_cebm_levels_and_study_designs_are_described() -> None:
    kb = kevidence.load()
    store = store_of(kb)
    for level in CEBMLevel:
        iri = Scheme.level(int(level))
        assert [o.value for o in objects(store, iri, SKOS + "definition")] == [level.description]
        assert [o.value for o in objects(store, iri, KEV + "rank")] == [str(int(level))]
        assert [o.value for o in objects(store, iri, SKOS + "prefLabel")] == [f"CEBM 2011 level {int(level)}"]
    for design, info in DESIGNS.items():
        iri = Scheme.design(design)
        assert [o.value for o in objects(store, iri, SKOS + "prefLabel")] == [info.label]
        assert [o.value for o in objects(store, iri, SKOS + "notation")] == [design.value]
        supports = [o.value for o in objects(store, iri, KEV + "supportsLevel")]
        assert supports == ([Scheme.level(int(info.level))] if info.level is not None else [])
    scheme = Scheme(DEFAULT_BASE_IRI)
    for source in kb.sources.values():  # a source names its design both ways, and they agree
        design = [o.value for o in objects(store, scheme.source(source.key), KEV + "design")]
        code = [o.value for o in objects(store, scheme.source(source.key), KEV + "studyDesign")]
        assert design == ([Scheme.design(source.study_design)] if source.study_design else [])
        assert code == ([source.study_design.value] if source.study_design else [])
    rows = select(store, """SELECT ?key ?label WHERE { ?s dct:identifier ?key ; kev:design/skos:prefLabel ?label }""")
    assert ("orhurhu2019", "systematic review and meta-analysis of randomized trials") in rows


# -- a question about a broader term: skos:broader* finds what kb.query finds ---------------------


def claim_ids(store: ox.Store, facet: str, term_id: str, base: str = DEFAULT_BASE_IRI) -> set[str]:
    prefix = base + "claim/"
    return {unquote(row[0][len(prefix):]) for row in select(store, about(facet, term_id), base)}


def test_chronic_neuropathic_pain_finds_what_the_query_finds() -> None:
    kb = kevidence.load()
    store = store_of(kb)
    expected = {c.id for c in kb.query(condition="chronic-neuropathic-pain")}
    assert len(expected) == 9  # the count: the export found 4 before
    assert claim_ids(store, "condition", "chronic-neuropathic-pain") == expected


def test_every_term_of_every_facet_finds_what_the_query_finds(generated_bases: list[Path]) -> None:
    for kb in (kevidence.load(), kevidence.load(generated_bases[0]), coded_base()):
        store = store_of(kb)
        nonempty = 0
        for facet in FACETS:
            for term_id in kb.vocabulary.terms(facet.vocabulary):
                expected = {c.id for c in kb.query(**{facet.name: term_id})}
                assert claim_ids(store, facet.name, term_id) == expected, (facet.name, term_id)
                nonempty += bool(expected)
        assert nonempty >= min(5, len(kb.claims))  # the comparison means something
    coded = coded_base()
    assert claim_ids(store_of(coded), "condition", "chronic-neuropathic-pain") == {"c1"}  # through added terms


@pytest.fixture(scope="module")
def generated_store(generated_bases: list[Path]) -> tuple[KnowledgeBase, ox.Store]:
    kb = kevidence.load(generated_bases[1])
    return kb, store_of(kb, base_iri=OTHER_BASE)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_broader_term_finds_what_the_query_finds(generated_store: tuple[KnowledgeBase, ox.Store],
                                                   data: st.DataObject) -> None:
    kb, store = generated_store
    facet = data.draw(st.sampled_from([f for f in FACETS if kb.vocabulary.terms(f.vocabulary)]))
    term_id = data.draw(st.sampled_from(sorted(kb.vocabulary.terms(facet.vocabulary))))
    expected = {c.id for c in kb.query(**{facet.name: term_id})}
    assert claim_ids(store, facet.name, term_id, OTHER_BASE) == expected


def test_about_names_the_facet_in_any_spelling_and_refuses_an_unknown_one() -> None:
    assert about("pain_type", "neuropathic") == about("painType", "neuropathic") == about("pain-type", "neuropathic")
    assert "kev:painType/skos:broader*" in about("pain_type", "neuropathic")
    with pytest.raises(ValueError, match="no facet 'colour'; facets: condition"):
        about("colour", "red")


# -- authors in order -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["turtle", "trig", "jsonld", "nquads"])
def test_authors_keep_their_order_when_read_back(fmt: str, generated_bases: list[Path]) -> None:
    bibo = rdflib.URIRef("http://purl.org/ontology/bibo/authorList")
    scheme = Scheme(DEFAULT_BASE_IRI)
    checked = 0
    for kb in (kevidence.load(), kevidence.load(generated_bases[0])):
        text = export(kb, fmt, created=CREATED) or ""
        graph = rdflib.Dataset(default_union=True)
        graph.parse(data=text, format={"turtle": "turtle", "trig": "trig", "jsonld": "json-ld", "nquads": "nquads"}[fmt])
        for source in kb.sources.values():
            head = graph.value(rdflib.URIRef(scheme.source(source.key)), bibo)
            names = [str(n) for n in rdflib.collection.Collection(graph, head)] if head is not None else []
            assert names == [p.display for p in source.authors], source.key
            checked += len(names) > 1
    assert checked > 10


def test_author_order_survives_an_order_that_sorting_would_change() -> None:
    graph = rdflib.Dataset(default_union=True)
    graph.parse(data=export(coded_base(), "trig", created=CREATED), format="trig")
    head = graph.value(rdflib.URIRef(Scheme(DEFAULT_BASE_IRI).source("s1")),
                       rdflib.URIRef("http://purl.org/ontology/bibo/authorList"))
    assert [str(n) for n in rdflib.collection.Collection(graph, head)] == ["Anna Zed", "Bo Alpha", "Clinic Group"]


# -- each nanopublication's publication info ------------------------------------------------------


def pubinfo(store: ox.Store, claim_id: str, predicate: str, base: str = DEFAULT_BASE_IRI) -> list[str]:
    scheme = Scheme(base)
    graph = ox.NamedNode(scheme.nanopub(claim_id, "pubinfo"))
    return [q.object.value for q in store.quads_for_pattern(ox.NamedNode(scheme.nanopub(claim_id)),
                                                            ox.NamedNode(predicate), None, graph)]


def test_pubinfo_says_when_with_what_in_which_base_and_under_which_licence() -> None:
    kb = kevidence.load()
    store = store_of(kb, base_iri=OTHER_BASE)
    tool = KEV + f"kevidence-{kevidence.__version__}"
    for claim_id in kb.claims:
        assert pubinfo(store, claim_id, DCT + "created", OTHER_BASE) == ["2026-01-01T12:00:00Z"]
        assert pubinfo(store, claim_id, PAV + "createdWith", OTHER_BASE) == [tool]
        assert pubinfo(store, claim_id, DCT + "isPartOf", OTHER_BASE) == [OTHER_BASE]
        assert pubinfo(store, claim_id, DCT + "license", OTHER_BASE) == [DEFAULT_LICENSE]
    created = next(store.quads_for_pattern(None, ox.NamedNode(DCT + "created"), None)).object
    assert created.datatype.value == XSD + "dateTime"
    assert [o.value for o in objects(store, tool, PAV + "version")] == [kevidence.__version__]


def test_the_licence_is_the_one_asked_for_or_none() -> None:
    kb = tangled_base()
    zero = "https://creativecommons.org/publicdomain/zero/1.0/"
    assert pubinfo(store_of(kb, license=zero), "a", DCT + "license") == [zero]
    for none in (None, "none"):
        assert not list(store_of(kb, license=none).quads_for_pattern(None, ox.NamedNode(DCT + "license"), None))
    with pytest.raises(ExportError, match="bad licence IRI"):
        export(kb, "nquads", license="CC BY 4.0")


def test_the_time_comes_from_source_date_epoch_else_now(monkeypatch: pytest.MonkeyPatch) -> None:
    kb = tangled_base()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = export(kb, "nquads")
    assert '"2026-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>' in (first or "")
    assert export(kb, "nquads") == first  # reproducible
    given = datetime(2025, 6, 1, 8, 30, tzinfo=UTC)
    assert pubinfo(store_of(kb, created=given), "a", DCT + "created") == ["2025-06-01T08:30:00Z"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(ExportError, match="SOURCE_DATE_EPOCH") as caught:
        export(kb, "trig")
    assert "whole number" in str(caught.value)
    assert export(kb, "csl-json") is not None  # formats that state no time do not read it
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = datetime.now(UTC).replace(microsecond=0)
    made = datetime.fromisoformat(pubinfo(store_of(kb, created=None), "a", DCT + "created")[0])
    assert before <= made <= datetime.now(UTC)


def test_the_command_states_the_licence_and_a_reproducible_time(data_copy: Path, tmp_path: Path) -> None:
    env_before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
    try:
        outs = []
        for name in ("one.nq", "two.nq"):
            done = run_kevidence("export", str(data_copy), "-o", str(tmp_path / name), "--license", "none")
            assert done.returncode == 0, done.stderr
            outs.append((tmp_path / name).read_text(encoding="utf-8"))
    finally:
        if env_before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = env_before
    assert outs[0] == outs[1] and "2026-01-01T00:00:00Z" in outs[0] and DCT + "license" not in outs[0]
    bad = run_kevidence("export", str(data_copy), "-f", "nquads", "--license", "my licence")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "bad licence IRI" in bad.stderr and "'my licence'" in bad.stderr


def every_format_reads_the_same(kb: KnowledgeBase) -> Iterable[set[object]]:
    for fmt in FORMATS:
        yield {(q.subject, q.predicate, q.object) for q in store_of(kb, fmt)}


def test_the_new_statements_read_the_same_in_every_serialisation() -> None:
    triples = list(every_format_reads_the_same(coded_base()))
    assert all(t == triples[0] for t in triples)
