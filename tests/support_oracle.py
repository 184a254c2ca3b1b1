"""The definition of support, written with networkx's own primitives: the oracle the fast
:class:`kevidence.graph.support.SupportIndex` is tested against."""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from kevidence import Stance
from kevidence.sources.evidence import CEBMLevel
from kevidence.graph.network import CITES, DERIVED_FROM, SOURCE, claim_node, node_name, node_type
from kevidence.sources.model import Source


def supporting_nodes(graph: nx.MultiDiGraph, claim_id: str) -> set[str]:
    """Every node reachable from a claim along derived_from and supporting cites edges."""
    start = claim_node(claim_id)
    if start not in graph:
        return set()
    followed = nx.DiGraph()
    followed.add_node(start)
    followed.add_edges_from(
        (u, v) for u, v, d in graph.edges(data=True)
        if d["relation"] == DERIVED_FROM or (d["relation"] == CITES and d.get("stance") in (None, Stance.SUPPORTS))
    )
    return {start} | nx.descendants(followed, start)


def best_level(graph: nx.MultiDiGraph, sources: Mapping[str, Source], claim_id: str) -> CEBMLevel | None:
    """The strongest level any supporting source's design reaches."""
    levels = [sources[node_name(n)].supportable_level for n in supporting_nodes(graph, claim_id)
              if node_type(n) == SOURCE and node_name(n) in sources]
    found = [level for level in levels if level is not None]
    return min(found) if found else None
