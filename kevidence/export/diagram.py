"""What the diagram formats (Mermaid, DOT) show of each node and edge: shape, text, style.

Both draw the same picture of the evidence graph: claims as boxes, sources as notes or
cylinders, documents as folders; a ``cites`` edge labelled with its stance and the level the
cited source's design supports, dashed when it contradicts; a missing node dashed.
"""

from __future__ import annotations

from collections.abc import Mapping

from kevidence.export.evidencegraph import Value


def edge_label(data: Mapping[str, Value]) -> str:
    """The text on an edge: ``supports, level 1``; ``derived from``; ``states (section)``."""
    relation = str(data.get("relation", ""))
    if relation == "cites":
        parts = [str(data.get("stance", "cites"))]
        if "level" in data:
            parts.append(f"level {data['level']}")
        return ", ".join(parts)
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
