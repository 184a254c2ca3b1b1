"""The fast graph build gives the same graph as adding nodes and edges through networkx."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from bench.generate import generate
from kevidence import load
from kevidence.graph import CITES, CLAIM, DOCUMENT, SOURCE, add_claim_edges, build_graph, claim_node, document_node, source_node


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
        add_claim_edges(graph, claim)
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
