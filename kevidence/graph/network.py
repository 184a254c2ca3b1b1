"""The evidence graph: claims, sources and documents in one ``networkx.MultiDiGraph``.

Node ids are readable and stable: ``claim:<id>``, ``source:<bibtex key>``,
``document:<id>``. Edges carry a ``relation``:

- ``cites``: claim -> source (with ``stance``, ``locator``, ``quote``, ``attribution``), and
  source -> source (from a source's ``cites`` field);
- ``derived_from``: claim -> claim it is drawn from;
- ``states``: document -> claim.

A citation whose key is not in the ``.bib`` still gets an edge, to a node marked
``missing=True``, so that a trace shows the dead end. Facets are not nodes: queries use the
knowledge base's indexes, which keeps the graph small for large bases. Nodes hold no copies
of the models: look a claim up in ``kb.claims`` by the id in the node name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

from kevidence.claims.model import Claim, Document
from kevidence.sources.model import Source

CLAIM = "claim"
SOURCE = "source"
DOCUMENT = "document"

CITES = "cites"
DERIVED_FROM = "derived_from"
STATES = "states"


def claim_node(claim_id: str) -> str:
    """The graph node id of a claim."""
    return f"claim:{claim_id}"


def source_node(key: str) -> str:
    """The graph node id of a source (BibTeX key)."""
    return f"source:{key}"


def document_node(document_id: str) -> str:
    """The graph node id of a document."""
    return f"document:{document_id}"


def node_name(node: str) -> str:
    """The claim id, BibTeX key or document id inside a node id."""
    return node.split(":", 1)[1]


def node_type(node: str) -> str:
    """``claim``, ``source`` or ``document``."""
    return node.split(":", 1)[0]


def build_graph(
    claims: Iterable[Claim],
    sources: Mapping[str, Source],
    documents: Iterable[Document] = (),
) -> nx.MultiDiGraph[str]:
    """Build the evidence graph from validated claims, sources and documents.

    >>> from kevidence.claims.model import Claim, Citation
    >>> g = build_graph([Claim(id="a", statement="x", kind="efficacy",
    ...                       citations=[Citation(source="k")])], {})
    >>> sorted(g.nodes)
    ['claim:a', 'source:k']
    >>> g.nodes["source:k"]["missing"]
    True
    """
    graph = nx.MultiDiGraph()
    _Builder(graph).build(claims, sources, documents)
    return graph


class _Builder:
    """Fills a new, empty graph's adjacency dicts directly.

    ``add_edge`` checks and normalises every call; on 100,000 claims that is most of the
    build. The structures written here are exactly networkx's own for a ``MultiDiGraph``
    (node -> attributes; successor -> key -> edge attributes, the key dict shared with the
    predecessor side; keys counted as ``new_edge_key`` does), so the graph behaves as if built
    edge by edge. Only a graph nobody has read yet is built this way.
    """

    def __init__(self, graph: nx.MultiDiGraph[str]) -> None:
        self.nodes = graph._node
        self.succ = graph._succ
        self.pred = graph._pred

    def node(self, node: str, kind: str, missing: bool = False) -> None:
        if node in self.nodes:
            return
        self.nodes[node] = {"type": kind, "missing": True} if missing else {"type": kind}
        self.succ[node] = {}
        self.pred[node] = {}

    def edge(self, origin: str, target: str, data: dict[str, object]) -> None:
        out = self.succ[origin]
        keys = out.get(target)
        if keys is None:
            keys = out[target] = {0: data}
            self.pred[target][origin] = keys
        else:
            key = len(keys)
            while key in keys:
                key += 1
            keys[key] = data

    def build(self, claims: Iterable[Claim], sources: Mapping[str, Source], documents: Iterable[Document]) -> None:
        # One tight loop per kind of edge: on 100,000 claims every call and lookup counts.
        nodes, succ, pred = self.nodes, self.succ, self.pred
        for document in documents:
            self.node(document_node(document.id), DOCUMENT)
        source_nodes = {key: source_node(key) for key in sources}
        for node in source_nodes.values():
            nodes[node] = {"type": SOURCE}
            succ[node] = {}
            pred[node] = {}

        def target_of(key: str) -> str:
            node = source_nodes.get(key)
            if node is None:
                node = source_nodes[key] = source_node(key)
                self.node(node, SOURCE, missing=True)
            return node

        for key, source in sources.items():
            origin = source_nodes[key]
            for cited in source.cites:
                self.edge(origin, target_of(cited), {"relation": CITES})
        claim_list = claims if isinstance(claims, (list, tuple)) else list(claims)
        claim_nodes = [claim_node(claim.id) for claim in claim_list]
        for node in claim_nodes:
            nodes[node] = {"type": CLAIM}
            succ[node] = {}
            pred[node] = {}
        document_nodes: dict[str, str] = {}
        for claim, node in zip(claim_list, claim_nodes):
            out = succ[node]
            for citation in claim.citations:
                target = target_of(citation.source)
                data = {
                    "relation": CITES,
                    "stance": citation.stance,
                    "locator": citation.locator,
                    "quote": citation.quote,
                    "attribution": citation.attribution,
                }
                keys = out.get(target)
                if keys is None:
                    out[target] = pred[target][node] = {0: data}
                else:
                    self.edge(node, target, data)
            for parent in claim.derived_from:
                target = claim_node(parent)
                if target not in nodes:
                    self.node(target, CLAIM, missing=True)
                self.edge(node, target, {"relation": DERIVED_FROM})
            for stated in claim.stated_in:
                doc = document_nodes.get(stated.document)
                if doc is None:
                    doc = document_nodes[stated.document] = document_node(stated.document)
                    if doc not in nodes:
                        self.node(doc, DOCUMENT, missing=True)
                self.edge(doc, node, {"relation": STATES, "section": stated.section})


# -- keeping a built graph in step with edits (one function per kind of edit) -------------------


def put_claim(graph: nx.MultiDiGraph[str], claim: Claim) -> None:
    """Add a claim, or replace an existing claim's edges with those of its new version."""
    node = claim_node(claim.id)
    if node in graph:
        _remove_claim_edges(graph, claim.id)
        graph.nodes[node].pop("missing", None)
    else:
        graph.add_node(node, type=CLAIM)
    _add_claim_edges(graph, claim)


def drop_claim(graph: nx.MultiDiGraph[str], claim_id: str) -> None:
    """Remove a claim's node and edges (no other claim may derive from it)."""
    _remove_claim_edges(graph, claim_id)
    graph.remove_node(claim_node(claim_id))


def put_source(graph: nx.MultiDiGraph[str], source: Source) -> None:
    """Add a source, or replace an existing source's ``cites`` edges with its new ones."""
    node = source_node(source.key)
    if node in graph:
        for _, target, key, relation in list(graph.out_edges(node, keys=True, data="relation")):
            if relation == CITES:
                graph.remove_edge(node, target, key)
        graph.nodes[node].pop("missing", None)
    else:
        graph.add_node(node, type=SOURCE)
    for cited in source.cites:
        target = source_node(cited)
        if target not in graph:
            graph.add_node(target, type=SOURCE, missing=True)
        graph.add_edge(node, target, relation=CITES)


def drop_source(graph: nx.MultiDiGraph[str], key: str) -> None:
    """Remove a source (no claim may cite it); a source other sources cite stays, marked missing."""
    node = source_node(key)
    cited_by_sources = any(r == CITES for _, _, r in graph.in_edges(node, data="relation"))
    if cited_by_sources:
        for _, target, k in list(graph.out_edges(node, keys=True)):
            graph.remove_edge(node, target, k)
        graph.nodes[node]["missing"] = True
    else:
        graph.remove_node(node)


def _add_claim_edges(graph: nx.MultiDiGraph[str], claim: Claim) -> None:
    """Add the edges that leave (and the statement edges that reach) one claim's node."""
    node = claim_node(claim.id)
    for citation in claim.citations:
        target = source_node(citation.source)
        if target not in graph:
            graph.add_node(target, type=SOURCE, missing=True)
        graph.add_edge(
            node,
            target,
            relation=CITES,
            stance=citation.stance,
            locator=citation.locator,
            quote=citation.quote,
            attribution=citation.attribution,
        )
    for parent in claim.derived_from:
        target = claim_node(parent)
        if target not in graph:
            graph.add_node(target, type=CLAIM, missing=True)
        graph.add_edge(node, target, relation=DERIVED_FROM)
    for stated in claim.stated_in:
        doc = document_node(stated.document)
        if doc not in graph:
            graph.add_node(doc, type=DOCUMENT, missing=True)
        graph.add_edge(doc, node, relation=STATES, section=stated.section)


def _remove_claim_edges(graph: nx.MultiDiGraph[str], claim_id: str) -> None:
    """Remove a claim's outgoing edges and its statement edges (its node stays)."""
    node = claim_node(claim_id)
    for _, target, key in list(graph.out_edges(node, keys=True)):
        graph.remove_edge(node, target, key)
    for origin, _, key, relation in list(graph.in_edges(node, keys=True, data="relation")):
        if relation == STATES:
            graph.remove_edge(origin, node, key)
