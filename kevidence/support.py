"""What evidence a claim rests on: walk the graph from a claim to every source supporting it.

Support flows through ``derived_from`` edges (a claim drawn from another inherits its
support) and ``cites`` edges whose stance is ``supports`` (claim -> source), then through
source -> source citations (a review resting on the trials it cites). Cycles are cut by
visiting each node once. The audit's ``overstated-evidence`` and the trace use this one walk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from kevidence.claims.model import Stance
from kevidence.evidence import CEBMLevel, strongest
from kevidence.graph import CITES, DERIVED_FROM, SOURCE, claim_node, node_name, node_type
from kevidence.sources.model import Source


@dataclass(frozen=True, slots=True)
class Support:
    """The sources reachable as support from one claim, and the best level they reach."""

    claim_id: str
    sources: tuple[str, ...]
    missing: tuple[str, ...]
    best_level: CEBMLevel | None
    best_sources: tuple[str, ...]


def supporting_nodes(graph: nx.MultiDiGraph, claim_id: str) -> list[str]:
    """Every node reachable as support from a claim, in breadth-first order (no repeats)."""
    start = claim_node(claim_id)
    if start not in graph:
        return []
    seen = {start}
    order = [start]
    frontier = [start]
    while frontier:
        next_frontier: list[str] = []
        for node in frontier:
            for _, target, data in graph.out_edges(node, data=True):
                relation = data.get("relation")
                if relation == DERIVED_FROM:
                    pass
                elif relation == CITES:
                    stance = data.get("stance")
                    if stance is not None and stance != Stance.SUPPORTS:
                        continue
                else:
                    continue
                if target not in seen:
                    seen.add(target)
                    order.append(target)
                    next_frontier.append(target)
        frontier = next_frontier
    return order


def claim_support(graph: nx.MultiDiGraph, sources: Mapping[str, Source], claim_id: str) -> Support:
    """The support of a claim: reachable sources, missing keys and the best CEBM level.

    The best level is the strongest level any reachable source's design supports; None when
    no reachable source has a design with a level of its own.
    """
    keys: list[str] = []
    missing: list[str] = []
    for node in supporting_nodes(graph, claim_id):
        if node_type(node) != SOURCE:
            continue
        key = node_name(node)
        if key in sources:
            keys.append(key)
        else:
            missing.append(key)
    best = strongest(sources[k].supportable_level for k in keys)
    best_keys = tuple(k for k in keys if best is not None and sources[k].supportable_level == best)
    return Support(claim_id, tuple(keys), tuple(missing), best, best_keys)
