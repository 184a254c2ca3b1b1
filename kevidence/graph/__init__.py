"""The graph and its questions: indexes, what supports a claim (one definition), query,
trace, evidence table, neighbourhood, and the networkx graph built on first use.

The names of the graph itself (``build_graph``, ``claim_node``, ...) stay importable from
``kevidence.graph`` as before; they load :mod:`networkx` only when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kevidence.lazy import lazy_names

_NETWORK = ("claim_node", "source_node", "document_node", "node_name", "node_type", "build_graph",
            "put_claim", "drop_claim", "put_source", "drop_source")
lazy_names(__name__, dict.fromkeys(_NETWORK, "kevidence.graph.network"))

if TYPE_CHECKING:
    from kevidence.graph.network import (
        build_graph as build_graph,
    )
    from kevidence.graph.network import (
        claim_node as claim_node,
    )
    from kevidence.graph.network import (
        document_node as document_node,
    )
    from kevidence.graph.network import (
        drop_claim as drop_claim,
    )
    from kevidence.graph.network import (
        drop_source as drop_source,
    )
    from kevidence.graph.network import (
        node_name as node_name,
    )
    from kevidence.graph.network import (
        node_type as node_type,
    )
    from kevidence.graph.network import (
        put_claim as put_claim,
    )
    from kevidence.graph.network import (
        put_source as put_source,
    )
