"""One step around a node of the evidence graph: a claim's sources, a source's citing claims.

Plain functions over the ``networkx`` graph, as networkx writes its algorithms; results keep
the order the edges were added in, which is file order. They give keys and ids, and their names
say so: ``kb.sources_of`` gives the :class:`~kevidence.Source` objects, :func:`source_keys` their keys.

>>> import kevidence
>>> kb = kevidence.load()
>>> source_keys(kb.graph, "ketamine-different-from-conventional-analgesics")
['maher2017', 'allen2017']
>>> derived_claim_ids(kb.graph, "crps-six-ketamine-studies")
['ketamine-crps-inpatient-relief-several-weeks', 'ketamine-crps-outpatient-relief-several-months']
"""

from __future__ import annotations

import warnings
from typing import Any

import networkx as nx

from kevidence.claims.model import Stance
from kevidence.errors import unknown_claim, unknown_source
from kevidence.graph.network import CITES, CLAIM, DERIVED_FROM, SOURCE, claim_node, node_name, node_type, source_node


def _claim(graph: nx.MultiDiGraph[str], claim_id: str) -> str:
    node = claim_node(claim_id)
    if node not in graph or graph.nodes[node].get("missing"):
        raise unknown_claim(claim_id, [node_name(n) for n in graph.nodes if node_type(n) == CLAIM])
    return node


def _source(graph: nx.MultiDiGraph[str], key: str) -> str:
    node = source_node(key)
    if node not in graph:
        raise unknown_source(key, [node_name(n) for n in graph.nodes if node_type(n) == SOURCE])
    return node


def source_keys(graph: nx.MultiDiGraph[str], claim_id: str, stance: Stance | str | None = None) -> list[str]:
    """BibTeX keys a claim cites directly, in citation order, without repeats.

    Parameters
    ----------
    graph : the evidence graph (``kb.graph``)
    claim_id : the claim's id
    stance : keep only citations with this stance (``"supports"``, ...); all when None

    Raises :class:`UnknownClaimError` (with a suggestion) for an id the graph lacks.
    """
    node = _claim(graph, claim_id)
    wanted = Stance(stance) if stance is not None else None
    keys: dict[str, None] = {}
    for _, target, data in graph.out_edges(node, data=True):
        if data.get("relation") != CITES:
            continue
        if wanted is not None and data.get("stance") != wanted:
            continue
        keys[node_name(target)] = None
    return list(keys)


def citing_claim_ids(graph: nx.MultiDiGraph[str], key: str) -> list[str]:
    """Ids of the claims that cite a source directly, in file order.

    >>> import kevidence
    >>> citing_claim_ids(kevidence.load().graph, "orhurhu2019")
    ['ketamine-short-term-benefit-refractory-chronic-pain', 'ketamine-dose-response']
    """
    return _citing(graph, key, CLAIM)


def citing_sources(graph: nx.MultiDiGraph[str], key: str) -> list[str]:
    """Keys of the sources whose ``cites`` field names this source."""
    return _citing(graph, key, SOURCE)


def _citing(graph: nx.MultiDiGraph[str], key: str, kind: str) -> list[str]:
    # The names of the nodes of one kind that cite the source, each once, in edge order.
    node = _source(graph, key)
    names = (node_name(origin) for origin, _, relation in graph.in_edges(node, data="relation")
             if relation == CITES and node_type(origin) == kind)
    return list(dict.fromkeys(names))


def cited_sources(graph: nx.MultiDiGraph[str], key: str) -> list[str]:
    """Keys of the sources this source cites (its ``cites`` field), in field order."""
    node = _source(graph, key)
    return list(dict.fromkeys(node_name(t) for _, t, r in graph.out_edges(node, data="relation") if r == CITES))


def derived_claim_ids(graph: nx.MultiDiGraph[str], claim_id: str, transitive: bool = False) -> list[str]:
    """Ids of the claims drawn from this one (``derived_from`` pointing at it).

    With ``transitive`` also the claims drawn from those, breadth first, each once (cycles
    among ``derived_from`` claims are cut; the claim itself is never listed).
    """
    start = _claim(graph, claim_id)
    seen = {start}
    order: list[str] = []
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for origin, _, relation in graph.in_edges(node, data="relation"):
                if relation == DERIVED_FROM and origin not in seen:
                    seen.add(origin)
                    order.append(node_name(origin))
                    following.append(origin)
        frontier = following if transitive else []
    return order


def derived_from(graph: nx.MultiDiGraph[str], claim_id: str) -> list[str]:
    """Ids of the claims this one is drawn from, in the order the claim lists them."""
    node = _claim(graph, claim_id)
    return [node_name(t) for _, t, r in graph.out_edges(node, data="relation") if r == DERIVED_FROM]


# The names these functions had, the same as the knowledge base's methods that give objects.
RENAMED = {"sources_of": "source_keys", "citing_claims": "citing_claim_ids", "derived_claims": "derived_claim_ids"}
RENAMED_REMOVAL = "0.4"


def __getattr__(name: str) -> Any:
    """The old names keep working, with a :class:`DeprecationWarning` naming the new one."""
    new = RENAMED.get(name)
    if new is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(f"{__name__}.{name} is renamed {new} (it gives keys or ids; kb.{name} gives objects): "
                  f"use that name ({name} will be removed in kevidence {RENAMED_REMOVAL})",
                  DeprecationWarning, stacklevel=2)
    return globals()[new]
