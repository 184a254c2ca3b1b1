"""The one facet table (kevidence.claims.facets.FACETS) and everything that reads it.

Each test iterates over the table, so a facet added to it is checked in every reader: the
claim model, the query, the claims-file check, the evidence table, the draft, every export
and the report. The last test adds a facet to the table and finds it in the query and exports.
"""

from __future__ import annotations

import json
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import kevidence
from kevidence.audit.model import Severity
from kevidence.claims.facets import FACETS, ClaimFacet, Facet, facet_of
from kevidence.claims.model import Citation, Claim
from kevidence.claims.vocabulary import Vocabulary, VocabularyExtension
from kevidence.export import export
from kevidence.kb import KnowledgeBase
from kevidence.sources.model import Source

CLAIM_ID = "every-facet"
VOCAB = Vocabulary.builtin()


def facet_values(facet: ClaimFacet) -> tuple[str, ...]:
    """Ids the test claim holds for a facet: two for a listed facet, one otherwise."""
    ids = sorted(VOCAB.terms(facet.vocabulary))
    return tuple(ids[:2]) if facet.many else tuple(ids[:1])


def base_with_every_facet() -> KnowledgeBase:
    """One claim holding ids of every facet of the table, citing one source."""
    fields: dict[str, Any] = {f.attribute: (facet_values(f) if f.many else facet_values(f)[0]) for f in FACETS}
    claim = Claim(id=CLAIM_ID, statement="Every facet.", kind="efficacy", citations=(Citation(source="s1"),), **fields)
    source = Source(key="s1", entry_type="article", fields={"title": "A trial", "studydesign": "rct"})
    return KnowledgeBase.from_models([claim], [source])


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return base_with_every_facet()


# -- the table and the models ------------------------------------------------------------------


def test_every_vocabulary_facet_has_an_entry_and_the_claim_model_a_field() -> None:
    assert {f.vocabulary for f in FACETS} == set(Facet)
    hints = typing.get_type_hints(Claim, include_extras=True)
    for facet in FACETS:
        assert facet.attribute in Claim.model_fields, f"Claim has no field {facet.attribute!r}"
        listed = typing.get_origin(hints[facet.attribute]) is tuple
        assert listed == facet.many, f"{facet.attribute}: many={facet.many} but the field is {hints[facet.attribute]}"
        assert facet.extension_field in VocabularyExtension.model_fields
        assert VOCAB.terms(facet.vocabulary), f"no built-in terms for {facet.name}"
        assert facet_of(facet.vocabulary) is facet
        assert facet.vocabulary.label == facet.label
    names = [f.name for f in FACETS]
    attributes = [f.attribute for f in FACETS]
    assert len(set(names)) == len(names) and len(set(attributes)) == len(attributes)


def test_the_rdf_name_and_slug_follow_the_name() -> None:
    pain = facet_of(Facet.PAIN_TYPE)
    assert (pain.rdf_name, pain.slug, pain.attribute) == ("painType", "pain-type", "pain_types")


def test_the_claims_schema_lists_every_facet() -> None:
    from kevidence.claims.schema import claims_schema

    text = json.dumps(claims_schema())
    for facet in FACETS:
        assert f'"{facet.attribute}"' in text


# -- the query, the claims-file check, the evidence table, the draft ------------------------------


def test_the_query_asks_every_facet(kb: KnowledgeBase) -> None:
    from kevidence.graph.query import FACETS_BY_NAME, QueryFilters

    for facet in FACETS:
        assert FACETS_BY_NAME[facet.name].compare == ("many" if facet.many else "one")
        assert facet.name in QueryFilters.__annotations__
        assert [c.id for c in kb.query(**{facet.name: facet_values(facet)[0]})] == [CLAIM_ID]
        others = sorted(set(VOCAB.terms(facet.vocabulary)) - set(facet_values(facet)))
        unrelated = [t for t in others if not VOCAB.narrower(facet.vocabulary, t) & set(facet_values(facet))]
        assert kb.query(**{facet.name: unrelated[0]}, include_narrower=False) == []


def test_the_claims_file_check_points_at_an_unknown_id_of_every_facet(tmp_path: Path) -> None:
    for facet in FACETS:
        value: Any = ["not-a-term"] if facet.many else "not-a-term"
        claims = {"claims": [{"id": "x", "statement": "X.", "kind": "efficacy", facet.attribute: value}]}
        (tmp_path / "claims.json").write_text(json.dumps(claims), encoding="utf-8")
        (tmp_path / "references.bib").write_text("", encoding="utf-8")
        with pytest.raises(kevidence.ClaimsError) as caught:
            kevidence.load(tmp_path)
        path = f"$.claims[0].{facet.attribute}" + ("[0]" if facet.many else "")
        assert [p.location.json_path for p in caught.value.problems] == [path]
        assert facet.label in caught.value.problems[0].message


def test_the_evidence_table_has_every_facet(kb: KnowledgeBase) -> None:
    table = kb.evidence_table(kb.query())
    row = table.to_dict()["claims"][0]
    text = table.to_text()
    for facet in FACETS:
        expected = list(facet_values(facet)) if facet.many else facet_values(facet)[0]
        assert row[facet.attribute] == expected
        assert getattr(table.rows[0], facet.attribute) == (facet_values(facet) if facet.many else expected)
        if facet.many:
            assert facet.plural in text.splitlines()[0] and ", ".join(facet_values(facet)) in text


def test_the_draft_proposes_every_facet() -> None:
    from kevidence.audit.kinds import propose_facets

    terms = {f: VOCAB.term(f.vocabulary, facet_values(f)[0]) for f in FACETS}
    sentence = "Patients: " + "; ".join(t.label for t in terms.values()) + "."
    proposed = propose_facets(sentence, VOCAB)
    for facet, term in terms.items():
        value = proposed[facet.attribute]
        assert (term.id in value) if facet.many else (value == term.id), (facet.name, value)


# -- every export ---------------------------------------------------------------------------------


def joined(facet: ClaimFacet) -> str:
    return ",".join(facet_values(facet))


def test_parquet_has_a_column_per_facet(kb: KnowledgeBase, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    export(kb, "parquet", tmp_path / "t")
    row = pq.read_table(tmp_path / "t" / "claims.parquet").to_pylist()[0]
    for facet in FACETS:
        assert row[facet.attribute] == (list(facet_values(facet)) if facet.many else facet_values(facet)[0])


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_graph_formats_carry_every_facet(kb: KnowledgeBase, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"g.{fmt}"
    export(kb, fmt, path)
    if fmt == "graphml":
        node = nx.read_graphml(path, force_multigraph=True).nodes[f"claim:{CLAIM_ID}"]
    elif fmt == "gexf":
        node = nx.read_gexf(path).nodes[f"claim:{CLAIM_ID}"]
    else:
        import jsonschema

        from kevidence.export.nodelink import node_link_schema

        data = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(data, node_link_schema())
        node = next(n for n in data["nodes"] if n["id"] == f"claim:{CLAIM_ID}")
    for facet in FACETS:
        assert node[facet.attribute] == joined(facet)


def test_the_node_link_schema_refuses_a_facet_written_wrongly() -> None:
    import jsonschema

    from kevidence.export.nodelink import node_link_schema

    node_schema = node_link_schema()["$defs"]["node"]
    for facet in FACETS:
        assert node_schema["properties"][facet.attribute] == {"type": "string", "description": node_schema[
            "properties"][facet.attribute]["description"]}
    node = {"id": "claim:a", "type": "claim", "name": "a", "label": "A", "missing": False, FACETS[0].attribute: ["x"]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(node, {**node_link_schema(), "$ref": "#/$defs/node"})


def test_rdf_has_a_triple_per_facet_id(kb: KnowledgeBase) -> None:
    ox = pytest.importorskip("pyoxigraph")
    from kevidence.export import DEFAULT_BASE_IRI as base
    from kevidence.export.rdf import KEV

    store = ox.Store()
    store.load(export(kb, "nquads"), ox.RdfFormat.N_QUADS)
    for facet in FACETS:
        query = f"SELECT ?t WHERE {{ GRAPH ?g {{ <{base}claim/{CLAIM_ID}> <{KEV}{facet.rdf_name}> ?t }} }}"
        found = sorted(solution["t"].value for solution in store.query(query))
        assert found == sorted(f"{base}term/{facet.slug}/{v}" for v in facet_values(facet)), facet.name


def test_csl_json_keeps_what_a_source_is_about_and_the_import_restores_it() -> None:
    from kevidence.export.cslimport import _entry
    from kevidence.export.csljson import csl_item

    about = {f.source_field: ", ".join(facet_values(f)) for f in FACETS if f.source_field}
    assert about, "no facet names a BibTeX field"
    source = Source(key="s1", entry_type="article", fields={"title": "A trial", **about})
    item = csl_item(source)
    for name, value in about.items():
        assert item["custom"][name] == value.split(", ")
    back = _entry(item, 0, None)
    assert not isinstance(back, list), back
    for name, value in about.items():
        assert back.fields[name] == value


# -- the report -------------------------------------------------------------------------------------


def test_the_report_data_carry_every_facet_and_the_severity_order(kb: KnowledgeBase) -> None:
    from kevidence.report import build_report
    from kevidence.report.render import render_report, wire_data

    report = build_report(kb)
    row = report.data["claims"][CLAIM_ID]
    for facet in FACETS:
        assert row[facet.attribute] == (list(facet_values(facet)) if facet.many else facet_values(facet)[0])
    assert [f[0] for f in report.data["facets"]] == [f.attribute for f in FACETS]
    assert report.data["severities"] == [s.value for s in Severity]
    wired = wire_data(report.data)
    assert wired["claims"][CLAIM_ID][FACETS[-1].attribute]
    page = render_report(report)
    assert '"severities":["error","warning","info"]' in page.replace(" ", "")
    script = (Path(kevidence.__file__).parent / "report" / "templates" / "report.js").read_text(encoding="utf-8")
    assert '"error", "warning"' not in script and '"pt"' not in script  # read from the data


def test_severity_rank_follows_the_enum_order() -> None:
    ranks = [s.rank for s in Severity]
    assert ranks == sorted(ranks, reverse=True) and ranks[-1] == 0 and len(set(ranks)) == len(ranks)


# -- a facet added to the table ---------------------------------------------------------------------

ADDED = """
import json, sys
from pathlib import Path
import kevidence.claims.facets as table
from kevidence.claims.facets import ClaimFacet, Facet
from kevidence.claims.model import Claim

# A facet 'group': whom a claim is about, read from a claim attribute of its own.
table.FACETS = (*table.FACETS, ClaimFacet(Facet.POPULATION, "group", "group", "groups", True, "children",
                                           "populations", field="groups"))
Claim.groups = property(lambda claim: claim.populations)

import kevidence
from kevidence.export import export
from kevidence.export.rdf import KEV
from kevidence.graph.query import FACETS_BY_NAME

kb = kevidence.load()
out = Path(sys.argv[1])
export(kb, "parquet", out / "t")
import pyarrow.parquet as pq
export(kb, "graphml", out / "g.graphml")
print(json.dumps({
    "query": [c.id for c in kb.query(group="pregnancy")],
    "population": [c.id for c in kb.query(population="pregnancy")],
    "doc": FACETS_BY_NAME["group"].doc,
    "columns": pq.read_table(out / "t" / "claims.parquet").column_names,
    "graphml": "attr.name=\\"groups\\"" in (out / "g.graphml").read_text(encoding="utf-8"),
    "rdf": f"<{KEV}group>" in export(kb, "nquads"),
}))
"""


def test_a_facet_added_to_the_table_is_queried_and_exported(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    result = subprocess.run([sys.executable, "-c", ADDED, str(tmp_path)], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["query"] == found["population"] and found["query"]
    assert found["doc"].startswith("group id, e.g. children")
    assert "groups" in found["columns"]
    assert found["graphml"] and found["rdf"]
