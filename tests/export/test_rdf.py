"""RDF exports: parsed by pyoxigraph; the documented SPARQL queries answer as kevidence does."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kevidence
from kevidence.audit import parse_retractions
from kevidence.claims.model import Citation, Claim, Stance
from kevidence.sources.evidence import level_is_stronger
from kevidence.export import DEFAULT_BASE_IRI, ExportError, export
from kevidence.export.queries import (
    CONTRADICTED_BY_STRONGER,
    RESTING_ON_RETRACTED,
    RESTS_ON_ALL,
    UNSOURCED,
    rests_on,
    sparql,
)
from kevidence.export.rdf import CITO, DCT, KEV, NP, OBO, Scheme
from kevidence.kb import KnowledgeBase
from kevidence.sources.model import Source
from kevidence.graph.support import SupportIndex
from tests.export.conftest import run_kevidence, tangled_base

ox = pytest.importorskip("pyoxigraph")  # in the test extra; listed here so the reason is plain

FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD,
           "turtle": ox.RdfFormat.TURTLE}
CREATED = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)  # the nanopublications' time, so that exports compare


def store_of(kb: KnowledgeBase, fmt: str = "nquads", **options: object) -> ox.Store:
    options.setdefault("created", CREATED)
    store = ox.Store()
    store.load(export(kb, fmt, **options), FORMATS[fmt])  # type: ignore[arg-type]
    return store


def select(store: ox.Store, query: str, base: str = DEFAULT_BASE_IRI) -> list[tuple[str, ...]]:
    result = store.query(sparql(query, base), use_default_graph_as_union=True)
    return [tuple(solution[v].value for v in result.variables) for solution in result]


def name_of(iri: str, kind: str, base: str = DEFAULT_BASE_IRI) -> str:
    prefix = f"{base}{kind}/"
    assert iri.startswith(prefix), iri
    return unquote(iri[len(prefix):])


def all_bases(generated_bases: list[Path]) -> list[KnowledgeBase]:
    return [kevidence.load(), *(kevidence.load(folder) for folder in generated_bases), tangled_base()]


def test_every_serialisation_holds_the_same_statements(generated_bases: list[Path]) -> None:
    for kb in [*all_bases(generated_bases)[:2], tangled_base()]:
        quads = set(store_of(kb, "nquads"))
        assert quads
        for fmt in ("trig", "jsonld"):
            assert set(store_of(kb, fmt)) == quads, fmt
        triples = {(q.subject, q.predicate, q.object) for q in quads}
        assert {(q.subject, q.predicate, q.object) for q in store_of(kb, "turtle")} == triples


def test_each_claim_is_a_nanopublication() -> None:
    kb = kevidence.load()
    store = store_of(kb)
    scheme = Scheme(DEFAULT_BASE_IRI)
    for claim_id in kb.claims:
        head = ox.NamedNode(scheme.nanopub(claim_id, "head"))
        publication = ox.NamedNode(scheme.nanopub(claim_id))
        found = {(q.predicate.value, q.object.value) for q in store.quads_for_pattern(publication, None, None, head)}
        assert found == {
            ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", NP + "Nanopublication"),
            (NP + "hasAssertion", scheme.nanopub(claim_id, "assertion")),
            (NP + "hasProvenance", scheme.nanopub(claim_id, "provenance")),
            (NP + "hasPublicationInfo", scheme.nanopub(claim_id, "pubinfo")),
        }
        assertion = ox.NamedNode(scheme.nanopub(claim_id, "assertion"))
        assert next(store.quads_for_pattern(ox.NamedNode(scheme.claim(claim_id)), None,
                                            ox.NamedNode(OBO + "SEPIO_0000001"), assertion), None)


def test_citations_are_cito_and_sepio_with_doi_iris() -> None:
    store = store_of(kevidence.load())
    claim = DEFAULT_BASE_IRI + "claim/ketamine-short-term-benefit-refractory-chronic-pain"
    rows = select(store, f"""SELECT ?doi ?level WHERE {{
      <{claim}> cito:citesAsEvidence ?source ; obo:SEPIO_0000007 ?line .
      ?line obo:SEPIO_0000084 ?source ; obo:SEPIO_0000146 ?level .
      ?source owl:sameAs ?doi ; obo:SEPIO_0000146 ?level }}""")
    assert rows == [("https://doi.org/10.1213/ANE.0000000000004185", KEV + "cebm-2011-level-1")]
    quoted = select(store, f"""SELECT ?document WHERE {{ GRAPH ?p {{ ?a prov:wasQuotedFrom ?document }}
      ?np np:hasProvenance ?p ; dct:subject <{claim}> }}""")
    assert quoted == [(DEFAULT_BASE_IRI + "document/lpc-ketamine-infusions",)]


def test_exports_are_stable_and_the_base_iri_is_used(tmp_path: Path) -> None:
    kb = kevidence.load()
    assert export(kb, "nquads", created=CREATED) == export(kevidence.load(), "nquads", created=CREATED)
    other = export(kb, "nquads", base_iri="https://clinic.example.org/kb/") or ""
    assert "https://clinic.example.org/kb/claim/" in other and DEFAULT_BASE_IRI not in other
    with pytest.raises(ExportError, match="not an absolute IRI"):
        export(kb, "nquads", base_iri="kb/")
    with pytest.raises(ExportError, match="must end with"):
        export(kb, "nquads", base_iri="https://clinic.example.org/kb")


def test_unsourced_claims_query_equals_the_audit(generated_bases: list[Path]) -> None:
    for kb in all_bases(generated_bases):
        answer = {name_of(row[0], "claim") for row in select(store_of(kb), UNSOURCED)}
        audit = {f.subject for f in kb.audit(select=["unsourced-claim"]).findings}
        assert answer == audit
        assert audit  # the comparison means something


def retraction_csv(kb: KnowledgeBase, every: int) -> bytes:
    lines = ["Record ID,OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature"]
    for n, source in enumerate(s for s in kb.sources.values() if s.doi):
        if n % every == 0:
            nature = "Reinstatement" if n % (every * 5) == every else "Retraction"
            lines.append(f"{n},{source.doi},,{nature}")
    return ("\n".join(lines) + "\n").encode()


def test_claims_resting_on_a_retracted_source_equal_the_audit(generated_bases: list[Path]) -> None:
    for kb in all_bases(generated_bases):
        retractions = parse_retractions(retraction_csv(kb, every=7), "rw.csv")
        store = store_of(kb, retractions=retractions)
        answer = {name_of(row[0], "claim") for row in select(store, RESTING_ON_RETRACTED)}
        report = kb.audit(select=["retracted-source"], settings={"retractions": retractions})
        audit = {f.subject for f in report.findings if f.subject in kb.claims}
        assert answer == audit
        assert audit


def contradicted_by_stronger(kb: KnowledgeBase) -> set[tuple[str, str]]:
    """The definition, from the base: a source cited with stance 'contradicts' whose design
    supports a stronger level than the best level of what the claim rests on."""
    index = SupportIndex(kb.claims, kb.sources)
    found = set()
    for claim in kb.claims.values():
        best = index.support(claim.id).best_level
        for citation in claim.citations:
            source = kb.sources.get(citation.source)
            if citation.stance is Stance.CONTRADICTS and source is not None and source.supportable_level is not None \
                    and level_is_stronger(source.supportable_level, best):
                found.add((claim.id, citation.source))
    return found


def small_contradicted_base() -> KnowledgeBase:
    sources = [Source(key=k, entry_type="article", fields={"title": k, "studydesign": d})
               for k, d in (("trial", "rct"), ("series", "case-series"), ("review", "narrative-review"),
                            ("meta", "meta-analysis-of-rcts"))]
    sources[2] = Source(key="review", entry_type="article", fields={"title": "r", "studydesign": "narrative-review",
                                                                    "cites": "meta"})
    claims = [
        Claim(id="weak", statement="a", kind="efficacy", citations=[
            Citation(source="series"), Citation(source="trial", stance=Stance.CONTRADICTS)]),
        Claim(id="strong", statement="b", kind="efficacy", citations=[
            Citation(source="review"), Citation(source="trial", stance=Stance.CONTRADICTS)]),
        Claim(id="drawn", statement="c", kind="efficacy", derived_from=("strong",), citations=[
            Citation(source="series", stance=Stance.CONTRADICTS)]),
        Claim(id="bare", statement="d", kind="efficacy", citations=[Citation(source="trial", stance=Stance.CONTRADICTS)]),
    ]
    return KnowledgeBase.from_models(claims, sources)


def test_contradicted_by_stronger_evidence_equals_the_definition(generated_bases: list[Path]) -> None:
    small = small_contradicted_base()
    assert contradicted_by_stronger(small) == {("weak", "trial"), ("bare", "trial")}
    for kb in [small, *all_bases(generated_bases)]:
        rows = select(store_of(kb), CONTRADICTED_BY_STRONGER)
        assert {(name_of(c, "claim"), name_of(s, "source")) for c, s in rows} == contradicted_by_stronger(kb)


def test_sources_a_claim_rests_on_equal_kevidence_support(generated_bases: list[Path]) -> None:
    for kb in all_bases(generated_bases):
        store = store_of(kb)
        index = SupportIndex(kb.claims, kb.sources)
        answer: dict[str, set[str]] = {c: set() for c in kb.claims}
        for claim, source in select(store, RESTS_ON_ALL):
            answer[name_of(claim, "claim")].add(name_of(source, "source"))
        expected = {c: set(index.support(c).sources) | set(index.support(c).missing) for c in kb.claims}
        assert answer == expected
        deepest = max(kb.claims, key=lambda c: len(expected[c]))
        one = {name_of(r[0], "source") for r in select(store, rests_on(Scheme(DEFAULT_BASE_IRI).claim(deepest)))}
        assert one == expected[deepest] and one


hostile = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
key_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
                                 blacklist_characters=',{}()="#%\'~\\'), min_size=1, max_size=12)


@settings(max_examples=80, deadline=None)
@given(statement=hostile, key=key_text, quote=hostile)
def test_any_text_and_key_survive_every_serialisation(statement: str, key: str, quote: str) -> None:
    claim = Claim(id="c", statement=statement, kind="efficacy", quote=quote,
                  citations=[Citation(source=key, quote=quote, locator=statement)])
    kb = KnowledgeBase.from_models([claim], [Source(key=key, entry_type="misc", fields={"title": statement})])
    for fmt in FORMATS:
        store = store_of(kb, fmt)
        rows = select(store, """SELECT ?text ?key WHERE { ?c dct:description ?text ; cito:citesAsEvidence ?s .
                                                          ?s dct:identifier ?key }""")
        assert rows == [(statement, key)], fmt
        assert {name_of(r[0], "source") for r in select(store, "SELECT ?s WHERE { ?c cito:citesAsEvidence ?s }")} == {key}


def test_command_writes_nquads_with_retractions(data_copy: Path, tmp_path: Path) -> None:
    csv = tmp_path / "rw.csv"
    csv.write_text("Record ID,OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature\n1,10.1016/j.pmn.2017.05.006,,Retraction\n",
                   encoding="utf-8")
    out = tmp_path / "kb.nq"
    done = run_kevidence("export", str(data_copy), "--format", "nquads", "-o", str(out), "--retractions", str(csv),
                         "--base-iri", "https://clinic.example.org/kb/")
    assert done.returncode == 0, done.stderr
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.N_QUADS)
    answer = {name_of(r[0], "claim", "https://clinic.example.org/kb/")
              for r in select(store, RESTING_ON_RETRACTED, "https://clinic.example.org/kb/")}
    report = kevidence.load(data_copy).audit(select=["KE014"], settings={"retractions": parse_retractions(csv.read_bytes(), "rw")})
    assert answer == {f.subject for f in report.findings} - {"allen2017"}
    assert answer


def test_jsonld_is_plain_json_of_named_graphs() -> None:
    data = json.loads(export(kevidence.load(), "jsonld") or "")
    graphs = [g["@id"] for g in data["@graph"]]
    assert graphs[0] == DEFAULT_BASE_IRI + "bibliography"
    assert all("@graph" in g for g in data["@graph"])
    assert DCT and CITO  # the namespaces the queries use are the module's own
