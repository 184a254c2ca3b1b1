"""The evidence graph with plain, typed attributes: what the graph formats write.

:attr:`KnowledgeBase.graph` holds only the structure (node ids, relations, citation
fields, some of them ``None`` or enums). Graph files need each node and edge described by
values of one type per attribute: strings, integers, booleans, never ``None``. Here every
node gets ``type``, ``name``, ``label`` and ``missing``, plus what its model says (a claim's
statement and each facet of :data:`kevidence.claims.facets.FACETS`, a source's title, year, DOI, study design and CEBM level, a document's
title); every ``cites`` edge gets its ``stance`` and the ``level`` the cited source's design
supports. An attribute without a value is left out, never written as empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import networkx as nx

from kevidence.claims.facets import FACETS
from kevidence.graph.network import CITES, CLAIM, DOCUMENT, claim_node, node_name, node_type

if TYPE_CHECKING:
    from kevidence.kb import KnowledgeBase

Value = str | int | bool


def node_attributes(kb: KnowledgeBase, node: str, missing: bool) -> dict[str, Value]:
    """A node's plain attributes."""
    kind, name = node_type(node), node_name(node)
    data: dict[str, Value] = {"type": kind, "name": name, "label": name, "missing": missing}
    if kind == CLAIM:
        claim = kb.claims.get(name)
        if claim is None:
            return data
        data["label"] = claim.statement
        data["statement"] = claim.statement
        data["kind"] = claim.kind.value
        for facet in FACETS:  # the ids, comma-separated (ids hold no comma)
            values = facet.values(claim)
            if values:
                data[facet.attribute] = ",".join(values)
        if claim.setting is not None:
            data["setting"] = claim.setting.value
        if claim.relief is not None and claim.relief.text:
            data["relief"] = claim.relief.text
        if claim.evidence is not None:
            data["asserted_level"] = int(claim.evidence.level)
    elif kind == DOCUMENT:
        document = kb.documents.get(name)
        if document is None:
            return data
        data["label"] = data["title"] = document.title
        if document.publisher:
            data["publisher"] = document.publisher
        if document.url:
            data["url"] = document.url
    else:
        source = kb.sources.get(name)
        if source is None:
            return data
        data["entry_type"] = source.entry_type
        if source.title is not None:
            data["title"] = source.title
            data["label"] = f"{name}: {source.title}"
        if source.year is not None:
            data["year"] = source.year
        if source.doi:
            data["doi"] = source.doi
        if source.pmid:
            data["pmid"] = source.pmid
        if source.study_design is not None:
            data["study_design"] = source.study_design.value
        if source.supportable_level is not None:
            data["level"] = int(source.supportable_level)
    return data


def edge_attributes(kb: KnowledgeBase, target: str, data: dict[str, object]) -> dict[str, Value]:
    """An edge's plain attributes: relation, citation fields, the cited source's level."""
    plain: dict[str, Value] = {}
    for name, value in data.items():
        if value is None:
            continue
        plain[name] = value.value if hasattr(value, "value") else value  # type: ignore[assignment]
    if data.get("relation") == CITES:
        source = kb.sources.get(node_name(target))
        if source is not None and source.supportable_level is not None:
            plain["level"] = int(source.supportable_level)
    return plain


def evidence_nodes(kb: KnowledgeBase, claim_id: str) -> set[str]:
    """One claim's evidence graph: the claim, everything it is drawn from or cites (sources
    citing further sources included), and the documents stating any of those claims."""
    graph = kb.graph
    start = claim_node(claim_id)
    reached = {start} | nx.descendants(graph, start)
    documents = {origin for node in reached for origin in graph.predecessors(node)
                 if node_type(origin) == DOCUMENT}
    return reached | documents


def plain_graph(kb: KnowledgeBase, claim_id: str | None = None) -> nx.MultiDiGraph[str]:
    """The evidence graph (or one claim's) with plain attributes, node and edge order kept."""
    plain: nx.MultiDiGraph[str] = nx.MultiDiGraph(name=f"evidence of {claim_id}" if claim_id else "evidence")
    edges: list[tuple[str, str, int, dict[str, Value]]] = []
    for node, data, out in walk(kb, claim_id):
        plain.add_node(node, **data)
        edges.extend((node, target, key, attributes) for target, key, attributes in out)
    for node, target, key, attributes in edges:  # after every node, so that node order is kept
        plain.add_edge(node, target, key=key, **attributes)
    return plain


def walk(kb: KnowledgeBase, claim_id: str | None = None) -> Iterator[tuple[str, dict[str, Value], list[tuple[str, int, dict[str, Value]]]]]:
    """Each node of the graph (or of one claim's) with its plain attributes and its out-edges."""
    graph = kb.graph
    chosen = evidence_nodes(kb, claim_id) if claim_id is not None else None
    for node, data in graph.nodes(data=True):
        if chosen is not None and node not in chosen:
            continue
        edges = [(target, key, edge_attributes(kb, target, attributes))
                 for _, target, key, attributes in graph.out_edges(node, keys=True, data=True)
                 if chosen is None or target in chosen]
        yield node, node_attributes(kb, node, bool(data.get("missing", False))), edges
