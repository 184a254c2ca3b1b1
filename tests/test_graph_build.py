"""The fast graph build gives the same graph as adding nodes and edges through networkx."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from bench.generate import generate
from kevidence import load
from kevidence.graph.network import CITES, CLAIM, DOCUMENT, SOURCE, build_graph, claim_node, document_node, put_claim, source_node


def _edge_by_edge(kb) -> nx.MultiDiGraph:  # type: ignore[no-untyped-def]
    graph = nx.MultiDiGraph()
    for document in kb.documents:
        graph.add_node(document_node(document), type=DOCUMENT)
    for key in kb.sources:
        graph.add_node(source_node(key), type=SOURCE)
    for key, source in kb.sources.items():
        for cited in source.cites:
            if source_node(cited) not in graph:
                graph.add_node(source_node(cited), type=SOURCE, missing=True)
            graph.add_edge(source_node(key), source_node(cited), relation=CITES)
    for claim_id in kb.claims:
        graph.add_node(claim_node(claim_id), type=CLAIM)
    for claim in kb.claims.values():
        put_claim(graph, claim)  # the claim node exists: only its edges are added
    return graph


def _same(built: nx.MultiDiGraph, expected: nx.MultiDiGraph) -> None:
    assert list(built.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(built.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
    assert list(built.in_edges(keys=True, data=True)) == list(expected.in_edges(keys=True, data=True))
    # The built graph stays a normal networkx graph: it can be edited and copied.
    copy = built.copy()
    copy.add_edge("claim:x", "source:y", relation=CITES)
    assert copy.number_of_edges() == built.number_of_edges() + 1


def test_bundled_graph_matches_edge_by_edge() -> None:
    kb = load()
    _same(kb.graph, _edge_by_edge(kb))


def test_generated_graph_matches_edge_by_edge(tmp_path: Path) -> None:
    kb = load(generate(tmp_path, sources=80, claims=400, seed=3).folder)
    _same(kb.graph, _edge_by_edge(kb))


def test_repeated_edges_get_new_keys() -> None:
    from kevidence.claims.model import Citation, Claim

    claim = Claim(id="a", statement="x", kind="efficacy",
                  citations=[Citation(source="k"), Citation(source="k", locator="p. 2")])
    graph = build_graph([claim], {})
    assert sorted(k for _, _, k in graph.edges(keys=True)) == [0, 1]
    assert [d["locator"] for _, _, d in graph.edges(data=True)] == [None, "p. 2"]


def test_graph_is_built_on_first_use_only(tmp_path: Path) -> None:
    kb = load(generate(tmp_path, sources=40, claims=200, seed=5).folder)
    kb.audit()
    kb.query(kind="efficacy", supportable_level=5)
    assert kb._graph is None  # neither the audit nor a query needs the graph
    first = kb.graph
    assert kb.graph is first  # built once, then kept


def test_edits_before_the_graph_is_built_show_in_it(tmp_path: Path) -> None:
    from kevidence.claims.model import Citation, Claim

    folder = generate(tmp_path, sources=40, claims=200, seed=6).folder
    kb = load(folder)
    claim_id = next(iter(kb.claims))
    key = next(iter(kb.sources))
    kb.add_claim(Claim(id="new-claim", statement="New.", kind="efficacy", citations=[Citation(source=key)]))
    kb.remove_claim("new-claim")
    kb.link(claim_id, key, locator="p. 9")
    assert kb._graph is None
    _same(kb.graph, _edge_by_edge(kb))
    assert any(d.get("locator") == "p. 9" for _, _, d in kb.graph.out_edges(claim_node(claim_id), data=True))
