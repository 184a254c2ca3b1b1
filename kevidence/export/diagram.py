"""What the diagram formats (Mermaid, DOT) show of each node and edge: shape, text, style.

Both draw the same picture of the evidence graph: claims as boxes, sources as notes or
cylinders, documents as folders. Arrows run from the evidence to what it bears on: a source
points to the claim citing it (labelled with the stance and the level the source's design
supports, dashed when it contradicts), a claim to the claims drawn from it, a cited source to
the source citing it, a document to the claims it states. A missing node is dashed; a claim
with audit findings is marked by its worst finding's severity. Long labels are wrapped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from kevidence.audit.model import Severity
from kevidence.export.evidencegraph import Value, walk
from kevidence.graph.network import CITES, DERIVED_FROM, claim_node

if TYPE_CHECKING:
    from kevidence.kb import KnowledgeBase

WRAP_WIDTH = 40
"""About how many characters a line of a node label holds before it is wrapped."""

REVERSED = frozenset({CITES, DERIVED_FROM})
"""Relations the graph stores from the claim (or citing source) to its evidence, drawn the other way."""


def edge_label(data: Mapping[str, Value]) -> str:
    """The text on a drawn edge: ``supports, level 1``; ``basis for``; ``cited by``; ``states (section)``."""
    relation = str(data.get("relation", ""))
    if relation == CITES:
        if "stance" not in data:  # a source citing another source
            return "cited by"
        parts = [str(data["stance"])]
        if "level" in data:
            parts.append(f"level {data['level']}")
        return ", ".join(parts)
    if relation == DERIVED_FROM:
        return "basis for"
    if relation == "states":
        return f"states ({data['section']})" if "section" in data else "states"
    return relation.replace("_", " ")


def node_label(data: Mapping[str, Value]) -> str:
    """The text in a node: its label, and its design and level for a source."""
    label = str(data["label"])
    if data.get("missing"):
        return f"{label} (not in the base)"
    if data.get("type") == "source" and "study_design" in data:
        level = f", level {data['level']}" if "level" in data else ""
        return f"{label} [{data['study_design']}{level}]"
    return label


def wrap(text: str, width: int = WRAP_WIDTH) -> list[str]:
    """``text`` cut into lines of about ``width`` characters at spaces; joining the lines with
    one space gives ``text`` back exactly. A word longer than ``width`` keeps a line of its own.

    >>> wrap("Ketamine infusions relieve chronic pain for weeks", 20)
    ['Ketamine infusions', 'relieve chronic pain', 'for weeks']
    """
    lines: list[str] = []
    current: str | None = None
    for word in text.split(" "):
        if current is None:
            current = word
        elif current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}"
    lines.append(current or "")
    return lines


def drawn_edges(out: list[tuple[str, int, dict[str, Value]]], node: str) -> Iterator[tuple[str, str, dict[str, Value]]]:
    """A node's out-edges as drawn: ``(from, to, attributes)``, evidence first."""
    for target, _key, attributes in out:
        if attributes.get("relation") in REVERSED:
            yield target, node, attributes
        else:
            yield node, target, attributes


def diagram(kb: KnowledgeBase, claim_id: str | None) -> tuple[list[tuple[str, dict[str, Value]]], list[tuple[str, str, dict[str, Value]]]]:
    """The nodes (with attributes) and drawn edges of the evidence graph (or one claim's)."""
    nodes: list[tuple[str, dict[str, Value]]] = []
    edges: list[tuple[str, str, dict[str, Value]]] = []
    for node, data, out in walk(kb, claim_id):
        nodes.append((node, data))
        edges.extend(drawn_edges(out, node))
    return nodes, edges


def claim_severities(kb: KnowledgeBase) -> dict[str, Severity]:
    """The graph node of each claim with audit findings, and its worst finding's severity.

    The audit runs as ``kevidence audit`` does by default: with the base's config file
    (``kevidence.toml`` or ``[tool.kevidence]``) if it has one.
    """
    config = kb.audit_config()
    report = kb.audit(select=list(config.select) if config.select is not None else None,
                      ignore=list(config.ignore), severities=config.severities, settings=config.settings())
    worst: dict[str, Severity] = {}
    for finding in report.findings:
        if finding.subject not in kb.claims:
            continue
        node = claim_node(finding.subject)
        if node not in worst or finding.severity.rank > worst[node].rank:
            worst[node] = finding.severity
    return worst


SEVERITY_MARKS: dict[Severity, tuple[str, str, int]] = {
    Severity.ERROR: ("#cc0000", "red", 3),
    Severity.WARNING: ("#dd8800", "orange", 2),
    Severity.INFO: ("#0066cc", "blue", 2),
}
"""How a claim is marked by its worst audit finding: outline colour, its name, line width."""


def legend() -> str:
    """What the marks mean, in the order of :class:`Severity`.

    >>> legend()
    'a claim outlined by its worst audit finding: error red (width 3), warning orange (width 2), info blue (width 2); a dashed node is not in the base'
    """
    marks = ", ".join(f"{s.value} {SEVERITY_MARKS[s][1]} (width {SEVERITY_MARKS[s][2]})" for s in Severity)
    return f"a claim outlined by its worst audit finding: {marks}; a dashed node is not in the base"
