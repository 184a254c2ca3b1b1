"""What evidence a claim rests on: walk the graph from a claim to every source supporting it.

Support flows through ``derived_from`` edges (a claim drawn from another inherits its
support) and ``cites`` edges whose stance is ``supports`` (claim -> source), then through
source -> source citations (a review resting on the trials it cites). Cycles are cut by
visiting each node once. The trace walks the graph (:func:`claim_support`); the audit and the
query index walk the same edges straight from the models (:func:`support_from_models`), which
gives the same result without building the graph.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from kevidence.claims.model import Claim, Stance
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


def support_from_models(
    claims: Mapping[str, Claim], sources: Mapping[str, Source], claim_id: str
) -> Support:
    """The same as :func:`claim_support`, read from the claims and sources themselves.

    The walk visits the edges the graph would hold, in the graph's order (a claim's cited
    sources in order of first citation, then the claims it derives from; a source's ``cites``),
    so both functions agree exactly; the audit uses this one, which needs no graph.
    """
    keys: list[str] = []
    missing: list[str] = []
    start = claims.get(claim_id)
    if start is not None:
        seen_claims = {claim_id}
        seen_sources: set[str] = set()
        frontier: list[tuple[bool, str]] = [(True, claim_id)]  # (is a claim, id or key)
        while frontier:
            next_frontier: list[tuple[bool, str]] = []
            for is_claim, name in frontier:
                if is_claim:
                    claim = claims.get(name)
                    if claim is None:  # a missing claim: a dead end
                        continue
                    cited = _supporting_keys(claim)
                    parents = claim.derived_from
                else:
                    source = sources.get(name)
                    if source is None:
                        continue
                    cited, parents = source.cites, ()
                for key in cited:
                    if key not in seen_sources:
                        seen_sources.add(key)
                        (keys if key in sources else missing).append(key)
                        next_frontier.append((False, key))
                for parent in parents:
                    if parent not in seen_claims:
                        seen_claims.add(parent)
                        next_frontier.append((True, parent))
            frontier = next_frontier
    best = strongest(sources[k].supportable_level for k in keys)
    best_keys = tuple(k for k in keys if best is not None and sources[k].supportable_level == best)
    return Support(claim_id, tuple(keys), tuple(missing), best, best_keys)


def _supporting_keys(claim: Claim) -> list[str]:
    """Keys a claim cites with a ``supports`` stance, in order of each key's first citation."""
    citations = claim.citations
    if len(citations) == 1:
        return [citations[0].source] if citations[0].stance is Stance.SUPPORTS else []
    supporting = {c.source for c in citations if c.stance is Stance.SUPPORTS}
    return [key for key in dict.fromkeys(c.source for c in citations) if key in supporting]
