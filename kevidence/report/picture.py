"""Pictures of the evidence graph as geometry: boxes, labels and curves the template draws as
SVG. Laid out in Python (a tree for a claim's trace, layers for a document), so no system
program is needed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kevidence.claims.model import Claim, Stance
from kevidence.sources.model import Source

if TYPE_CHECKING:
    from kevidence.graph.trace import TraceNode

BOX_W = 250
BOX_H = 38
GAP_X = 60
GAP_Y = 10
MARGIN = 8
LABEL = 31  # characters of a label shown (bold 12 px within BOX_W)
MAX_TREE_NODES = 80


@dataclass(frozen=True)
class Box:
    """A node: a claim or a source, with the CSS class that colours it."""

    x: float
    y: float
    label: str
    detail: str
    css: str
    kind: str
    ref: str
    title: str


@dataclass(frozen=True)
class Curve:
    """An edge, as the numbers of a cubic curve from (x1, y1) to (x2, y2)."""

    x1: float
    y1: float
    x2: float
    y2: float
    css: str = ""

    @property
    def path(self) -> str:
        middle = (self.x1 + self.x2) / 2
        return f"M{self.x1:.0f} {self.y1:.0f} C{middle:.0f} {self.y1:.0f} {middle:.0f} {self.y2:.0f} {self.x2:.0f} {self.y2:.0f}"


@dataclass
class Picture:
    """Boxes and curves within a width and height; ``more`` counts nodes left out."""

    width: float = 0
    height: float = 0
    boxes: list[Box] = field(default_factory=list)
    curves: list[Curve] = field(default_factory=list)
    more: int = 0
    box_w: int = BOX_W
    box_h: int = BOX_H


def _short(text: str, limit: int = LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _level(level: object) -> str:
    return f"level {int(level)}" if level is not None else "no level"  # type: ignore[call-overload]


def trace_picture(root: TraceNode) -> Picture:
    """A claim's trace as a tree from left to right: each depth a column, each leaf a row."""
    picture = Picture()
    row = 0
    shown = 0

    def place(node: TraceNode, depth: int) -> float:
        nonlocal row, shown
        shown += 1
        children = []
        for child in node.children:
            if shown >= MAX_TREE_NODES:
                picture.more += sum(1 for _ in child.walk())
                continue
            children.append(child)
        x = MARGIN + depth * (BOX_W + GAP_X)
        ys = [place(child, depth + 1) for child in children]
        if children:
            y = (ys[0] + ys[-1]) / 2
        else:
            y = MARGIN + row * (BOX_H + GAP_Y)
            row += 1
        for child, child_y in zip(children, ys):
            picture.curves.append(Curve(x + BOX_W, y + BOX_H / 2, x + BOX_W + GAP_X, child_y + BOX_H / 2,
                                        "against" if child.stance is Stance.CONTRADICTS else ""))
        css = [node.kind]
        if node.dead_ends:
            css.append("dead")
        if node.missing:
            css.append("missing")
        if node.cycle or node.repeat:
            css.append("repeat")
        if node.kind == "source":
            detail = (node.design.label if node.design else "no study design") + ", " + _level(node.level)
        else:
            detail = "asserts " + _level(node.asserted_level) if node.asserted_level else "claim"
        if node.cycle:
            detail = "cycle: " + detail
        elif node.repeat:
            detail = "shown above: " + detail
        picture.boxes.append(Box(x, y, _short(node.id), _short(detail, 40), " ".join(css), node.kind, node.id,
                                 node.label))
        picture.width = max(picture.width, x + BOX_W + MARGIN)
        return y

    place(root, 0)
    picture.height = MARGIN * 2 + max(row, 1) * (BOX_H + GAP_Y)
    return picture


def document_picture(claim_ids: Sequence[str], claims: Mapping[str, Claim], sources: Mapping[str, Source],
                     limit: int, flags: Mapping[str, str] | None = None) -> Picture | None:
    """A document's claims, the sources they cite, and the sources those cite, in three layers;
    each source placed level with the claims citing it; ``flags`` gives a claim's worst
    finding's severity. None past ``limit`` claims."""
    if len(claim_ids) > limit or not claim_ids:
        return None
    picture = Picture()
    layers: list[list[str]] = [list(claim_ids), [], []]
    parents: dict[str, list[tuple[str, str]]] = {}
    for claim_id in claim_ids:
        for citation in claims[claim_id].citations:
            if citation.source not in parents:
                layers[1].append(citation.source)
            parents.setdefault(citation.source, []).append((claim_id, citation.stance.value))
    for key in list(layers[1]):
        source = sources.get(key)
        for cited in source.cites if source is not None else ():
            if cited not in parents:
                layers[2].append(cited)
                parents[cited] = []
            parents[cited].append((key, "cites"))
    ys: dict[str, float] = {}
    for number, layer in enumerate(layers):
        wanted: list[tuple[float, str]] = []
        for node in layer:
            if number == 0:
                wanted.append((float(len(wanted) * (BOX_H + GAP_Y)), node))
            else:
                placed = [ys[p] for p, _ in parents.get(node, ()) if p in ys]
                wanted.append((sum(placed) / len(placed) if placed else 0.0, node))
        wanted.sort(key=lambda pair: pair[0])
        bottom = -float("inf")
        for wanted_y, node in wanted:
            placed_y = max(wanted_y, bottom + BOX_H + GAP_Y)
            ys[node] = placed_y
            bottom = placed_y
    top = min(ys.values())
    for number, layer in enumerate(layers):
        x = MARGIN + number * (BOX_W + GAP_X)
        for node in layer:
            box_y = ys[node] - top + MARGIN
            if number == 0:
                claim = claims[node]
                detail = claim.kind.value + (", asserts " + _level(claim.evidence.level) if claim.evidence else "")
                css = "claim" + ("" if claim.citations or claim.derived_from else " unsourced")
                if flags and node in flags:
                    css += " sev-" + flags[node]
                picture.boxes.append(Box(x, box_y, _short(node), _short(detail, 40), css, "claim", node, claim.statement))
            else:
                source = sources.get(node)
                if source is None:
                    picture.boxes.append(Box(x, box_y, _short(node), "not in the .bib", "source missing", "source", node, node))
                else:
                    design = source.study_design
                    detail = (design.label if design else "no study design") + ", " + _level(source.supportable_level)
                    picture.boxes.append(Box(x, box_y, _short(node), _short(detail, 40), "source", "source", node,
                                             source.title or node))
            picture.width = max(picture.width, x + BOX_W + MARGIN)
            picture.height = max(picture.height, box_y + BOX_H + MARGIN)
    for number in (1, 2):
        x = MARGIN + number * (BOX_W + GAP_X)
        for node in layers[number]:
            for parent, relation in parents.get(node, ()):
                parent_layer = 0 if parent in claims and parent in claim_ids else 1
                if parent_layer != number - 1:
                    continue
                px = MARGIN + parent_layer * (BOX_W + GAP_X) + BOX_W
                picture.curves.append(Curve(px, ys[parent] - top + MARGIN + BOX_H / 2, x,
                                            ys[node] - top + MARGIN + BOX_H / 2,
                                            "against" if relation == Stance.CONTRADICTS.value else
                                            ("mentions" if relation == Stance.MENTIONS.value else "")))
    return picture
