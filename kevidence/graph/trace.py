"""Follow one claim to its evidence: the tree of claims and sources it rests on.

:func:`trace` walks from a claim through the claims it is drawn from, to the sources they
cite and through source-to-source citations down to primary studies. Each node carries its
study design and the CEBM 2011 level that design can support; dead ends and cycles are
marked, and each node is expanded once, so the walk touches only what the claim reaches.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kevidence.claims.model import Attribution, Claim, Stance
from kevidence.errors import unknown_claim
from kevidence.graph.network import CITES, CLAIM, DERIVED_FROM, claim_node, node_name, node_type, source_node
from kevidence.graph.support import SupportIndex
from kevidence.sources.evidence import CEBMLevel, StudyDesign
from kevidence.sources.model import Source

# Designs that are not research at all: a trace ending on one has nothing to stand on.
_NOT_RESEARCH = {StudyDesign.WEB_PAGE, StudyDesign.PATIENT_INFORMATION, StudyDesign.EXPERT_OPINION}


@dataclass(frozen=True)
class TraceNode:
    """One claim or source in a trace, with how it was reached from its parent.

    ``cycle`` marks a node already on the path from the root (shown, not followed again);
    ``repeat`` marks a node expanded elsewhere in the tree (shown, not expanded twice).
    """

    kind: str
    id: str
    label: str
    relation: str | None = None
    stance: Stance | None = None
    attribution: Attribution | None = None
    locator: str | None = None
    design: StudyDesign | None = None
    level: CEBMLevel | None = None
    asserted_level: CEBMLevel | None = None
    dead_ends: tuple[str, ...] = ()
    cycle: bool = False
    repeat: bool = False
    missing: bool = False
    children: tuple[TraceNode, ...] = ()

    def walk(self) -> Iterator[tuple[tuple[TraceNode, ...], TraceNode]]:
        """Every node below and including this one, depth first, with its ancestors."""
        stack: list[tuple[tuple[TraceNode, ...], TraceNode]] = [((), self)]
        while stack:
            path, node = stack.pop()
            yield path, node
            for child in reversed(node.children):
                stack.append(((*path, node), child))

    def to_dict(self) -> dict[str, Any]:
        """The node and its subtree as JSON-ready data."""
        # Children before parents (reverse pre-order), so deep trees need no recursion.
        order = [node for _, node in self.walk()]
        done: dict[int, dict[str, Any]] = {}
        for node in reversed(order):
            data = node._own_dict()
            data["children"] = [done.pop(id(c)) for c in node.children]
            done[id(node)] = data
        return done[id(self)]

    def _own_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.kind, "id": self.id, "label": self.label}
        if self.relation is not None:
            data["relation"] = self.relation
        if self.stance is not None:
            data["stance"] = self.stance.value
        if self.attribution is not None:
            data["attribution"] = self.attribution.value
        if self.locator is not None:
            data["locator"] = self.locator
        if self.kind == "source":
            data["design"] = self.design.value if self.design else None
            data["supportable_level"] = int(self.level) if self.level else None
        if self.asserted_level is not None:
            data["asserted_level"] = int(self.asserted_level)
        data["dead_ends"] = list(self.dead_ends)
        data["cycle"] = self.cycle
        data["repeat"] = self.repeat
        data["missing"] = self.missing
        return data


@dataclass(frozen=True)
class DeadEnd:
    """Where a line of evidence stops short: the path of ids from the claim, and why."""

    path: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": list(self.path), "reason": self.reason}


@dataclass(frozen=True)
class Trace:
    """The evidence tree of one claim: a value that renders as text, JSON and Markdown.

    ``best_level`` is the strongest CEBM level any supporting source reaches (the same walk
    as the audit's, :class:`kevidence.graph.support.SupportIndex`); ``best_sources`` reach it.
    ``best_unverified`` names those of them reached only through a citation whose attribution
    is unverified: they count, as in the audit, and every rendering says so beside the level.
    """

    claim_id: str
    root: TraceNode
    best_level: CEBMLevel | None
    best_sources: tuple[str, ...]
    asserted_level: CEBMLevel | None
    dead_ends: tuple[DeadEnd, ...] = ()
    cycles: tuple[tuple[str, ...], ...] = field(default=())
    # Evidence against the claim, apart from its support: the sources reached through
    # contradicting citations, the best level they reach and the sources reaching it.
    contradicting: tuple[str, ...] = ()
    contradicting_level: CEBMLevel | None = None
    contradicting_best: tuple[str, ...] = ()
    best_unverified: tuple[str, ...] = ()

    @property
    def nodes(self) -> list[TraceNode]:
        """Every node of the tree, depth first."""
        return [node for _, node in self.root.walk()]

    def to_dict(self) -> dict[str, Any]:
        """The trace as JSON-ready data."""
        return {
            "claim": self.claim_id,
            "asserted_level": int(self.asserted_level) if self.asserted_level else None,
            "best_level": int(self.best_level) if self.best_level else None,
            "best_sources": list(self.best_sources),
            "best_unverified": list(self.best_unverified),
            "against": {
                "sources": list(self.contradicting),
                "best_level": int(self.contradicting_level) if self.contradicting_level else None,
                "best_sources": list(self.contradicting_best),
            },
            "dead_ends": [d.to_dict() for d in self.dead_ends],
            "cycles": [list(c) for c in self.cycles],
            "tree": self.root.to_dict(),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The trace as a JSON document."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_text(self) -> str:
        """The trace as an indented tree, then its summary."""
        lines = [_describe(self.root)]
        _text_children(self.root, "", lines)
        lines.append("")
        lines.extend(self._summary_lines(bullet="  "))
        return "\n".join(lines) + "\n"

    def to_markdown(self) -> str:
        """The trace as Markdown: a heading, a nested list, and the summary."""
        lines = [f"## Trace of `{self.claim_id}`", ""]
        for path, node in self.root.walk():
            lines.append(f"{'  ' * len(path)}- {_describe(node, markdown=True)}")
        lines.append("")
        lines.extend(self._summary_lines(bullet="- ", markdown=True))
        return "\n".join(lines) + "\n"

    def __str__(self) -> str:
        return self.to_text()

    def _summary_lines(self, bullet: str, markdown: bool = False) -> list[str]:
        code = (lambda s: f"`{s}`") if markdown else (lambda s: s)
        best = _level_text(self.best_level)
        if self.best_sources:
            best += " via " + ", ".join(
                code(k) + (" (attribution unverified)" if k in self.best_unverified else "")
                for k in self.best_sources)
        lines = [f"Best level reached: {best}"]
        if self.asserted_level is not None:
            lines.append(f"Asserted level: {_level_text(self.asserted_level)}")
        if self.contradicting:
            against = _level_text(self.contradicting_level)
            if self.contradicting_best:
                against += " via " + ", ".join(code(k) for k in self.contradicting_best)
            lines.append(f"Evidence against: {against} "
                         f"(sources: {', '.join(code(k) for k in self.contradicting)})")
        if self.dead_ends:
            lines.append("Dead ends:")
            for dead in self.dead_ends:
                lines.append(f"{bullet}{' > '.join(code(p) for p in dead.path)}: {dead.reason}")
        else:
            lines.append("Dead ends: none")
        if self.cycles:
            lines.append("Cycles:")
            for cycle in self.cycles:
                lines.append(f"{bullet}{' > '.join(code(p) for p in cycle)}")
        return lines


def _level_text(level: CEBMLevel | None) -> str:
    return f"CEBM level {int(level)}" if level is not None else "none"


def _describe(node: TraceNode, markdown: bool = False) -> str:
    name = f"`{node.id}`" if markdown else node.id
    parts: list[str] = []
    if node.relation == DERIVED_FROM:
        parts.append("derived from")
    elif node.relation == CITES and node.stance is not None:
        parts.append(f"cites ({node.stance.value})")
    elif node.relation == CITES:
        parts.append("cites")
    parts.append(f"{node.kind} {name}")
    text = " ".join(parts)
    if node.label:
        text += f": {node.label}"
    details: list[str] = []
    if node.kind == "source" and not node.missing:
        details.append(node.design.label if node.design else "no study design")
        details.append(f"supports {_level_text(node.level)}" if node.level else "supports no level by itself")
    if node.asserted_level is not None:
        details.append(f"asserts {_level_text(node.asserted_level)}")
    if node.attribution is not None and node.attribution is not Attribution.UNCHECKED:
        details.append(f"attribution {node.attribution.value}")
    if details:
        text += f" [{'; '.join(details)}]"
    if node.cycle:
        text += " ↺ cycle: already on this path, not followed again"
    elif node.repeat:
        text += " (expanded above)"
    for reason in node.dead_ends:
        text += f" ✗ dead end: {reason}"
    return text


def _text_children(node: TraceNode, prefix: str, lines: list[str]) -> None:
    stack = [(child, prefix, i == len(node.children) - 1) for i, child in enumerate(node.children)][::-1]
    while stack:
        child, indent, last = stack.pop()
        lines.append(f"{indent}{'└── ' if last else '├── '}{_describe(child)}")
        below = indent + ("    " if last else "│   ")
        count = len(child.children)
        stack.extend((c, below, i == count - 1) for i, c in reversed(list(enumerate(child.children))))


def _short(text: str | None, limit: int = 90) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _source_label(source: Source) -> str:
    first = source.authors[0].family if source.authors else None
    head = f"{first} {source.year}" if first and source.year else (first or str(source.year or ""))
    title = _short(source.title, 70)
    return f"{head}, {title}" if head and title else head or title


def _edge_fields(edge: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "relation": edge.get("relation"),
        "stance": edge.get("stance"),
        "attribution": edge.get("attribution"),
        "locator": edge.get("locator"),
    }


def _edge_reasons(edge: Mapping[str, Any]) -> list[str]:
    if edge.get("attribution") is Attribution.UNVERIFIED:
        return ["attribution unverified: nobody confirmed the source says this"]
    return []


@dataclass
class _Frame:
    """A node being expanded: its path of ids, what its edge says, and the children so far."""

    node: str
    ids: tuple[str, ...]
    common: dict[str, Any]
    reasons: list[str]
    edges: Iterator[tuple[str, str, dict[str, Any]]]
    children: list[TraceNode] = field(default_factory=list)


class _Walker:
    def __init__(self, graph: nx.MultiDiGraph[str], claims: Mapping[str, Claim], sources: Mapping[str, Source]) -> None:
        self.graph = graph
        self.claims = claims
        self.sources = sources
        self.expanded: set[str] = set()
        self.dead_ends: list[DeadEnd] = []
        self.cycles: list[tuple[str, ...]] = []
        # The nodes on the path from the root to the node being expanded: a way back is a cycle.
        self._path_nodes: set[str] = set()

    def visit(self, root: str) -> TraceNode:
        """Depth first from ``root`` with an explicit stack, so long chains cannot overflow it."""
        opened = self._open(root, {}, ())
        if isinstance(opened, TraceNode):
            return opened
        stack = [opened]
        while True:
            frame = stack[-1]
            edge = next(frame.edges, None)
            if edge is None:
                stack.pop()
                self._path_nodes.discard(frame.node)
                built = self._close(frame)
                if not stack:
                    return built
                stack[-1].children.append(built)
                continue
            _, target, data = edge
            if data.get("relation") not in (CITES, DERIVED_FROM):
                continue
            if target in self._path_nodes:
                frame.children.append(self._marker(target, data, frame.ids, cycle=True))
                self.cycles.append((*frame.ids, node_name(target)))
            elif target in self.expanded:
                frame.children.append(self._marker(target, data, frame.ids, repeat=True))
            elif data.get("stance") not in (None, Stance.SUPPORTS):
                # Not support: shown so editors see it, not followed.
                frame.children.append(self._marker(target, data, frame.ids))
            else:
                child = self._open(target, data, frame.ids)
                if isinstance(child, TraceNode):
                    frame.children.append(child)
                else:
                    stack.append(child)

    def _open(self, node: str, edge: Mapping[str, Any], path: tuple[str, ...]) -> _Frame | TraceNode:
        ids = (*path, node_name(node))
        self.expanded.add(node)
        common = _edge_fields(edge)
        reasons = _edge_reasons(edge)
        name = node_name(node)
        if node_type(node) == CLAIM and name not in self.claims:
            reasons.append("claim is not in the base")
            built = TraceNode("claim", name, "", missing=True, dead_ends=tuple(reasons), **common)
        elif node_type(node) != CLAIM and name not in self.sources:
            reasons.append("source is cited but not in the .bib")
            built = TraceNode("source", name, "", missing=True, dead_ends=tuple(reasons), **common)
        else:
            self._path_nodes.add(node)
            return _Frame(node, ids, common, reasons, iter(self.graph.out_edges(node, data=True)))
        self._record(ids, built)
        return built

    def _close(self, frame: _Frame) -> TraceNode:
        name = node_name(frame.node)
        reasons = frame.reasons
        children = tuple(frame.children)
        if node_type(frame.node) == CLAIM:
            claim = self.claims[name]
            if not claim.citations and not claim.derived_from:
                reasons.append("claim cites no source and is drawn from no claim")
            asserted = claim.evidence.level if claim.evidence else None
            built = TraceNode("claim", name, _short(claim.statement), asserted_level=asserted,
                              dead_ends=tuple(reasons), children=children, **frame.common)
        else:
            source = self.sources[name]
            design = source.study_design
            level = source.supportable_level
            if design is None:
                raw = source.field("studydesign")
                reasons.append(f"unknown study design {raw!r}" if raw else "no study design recorded")
            elif design in _NOT_RESEARCH:
                reasons.append(f"{design.label}: not research")
            elif source.design_unverified:
                reasons.append(f"study design ({design.label}) is marked unverified: it counts towards no level")
            elif level is None and not children:
                reasons.append(f"{design.label} that cites no study recorded in the base")
            built = TraceNode("source", name, _source_label(source), design=design, level=level,
                              dead_ends=tuple(reasons), children=children, **frame.common)
        self._record(frame.ids, built)
        return built

    def _record(self, ids: tuple[str, ...], built: TraceNode) -> None:
        for reason in built.dead_ends:
            self.dead_ends.append(DeadEnd(ids, reason))

    def _marker(self, target: str, data: Mapping[str, Any], ids: tuple[str, ...],
                cycle: bool = False, repeat: bool = False) -> TraceNode:
        """A node shown but not expanded; only the reasons its own edge gives are recorded."""
        name = node_name(target)
        reasons = tuple(_edge_reasons(data))
        common = _edge_fields(data)
        if node_type(target) == CLAIM:
            claim = self.claims.get(name)
            built = TraceNode("claim", name, _short(claim.statement) if claim else "",
                              cycle=cycle, repeat=repeat, missing=claim is None,
                              dead_ends=reasons, **common)
        else:
            source = self.sources.get(name)
            built = TraceNode(
                "source", name, _source_label(source) if source else "",
                design=source.study_design if source else None,
                level=source.supportable_level if source else None,
                cycle=cycle, repeat=repeat, missing=source is None, dead_ends=reasons, **common,
            )
        self._record((*ids, name), built)
        return built


def trace(
    graph: nx.MultiDiGraph[str],
    claims: Mapping[str, Claim],
    sources: Mapping[str, Source],
    claim_id: str,
) -> Trace:
    """The evidence tree of one claim.

    Parameters
    ----------
    graph : the evidence graph (``kb.graph``)
    claims, sources : the knowledge base's claims by id and sources by BibTeX key
    claim_id : the claim to trace

    Raises :class:`UnknownClaimError` (with a suggestion) for an unknown id.

    >>> import kevidence
    >>> kb = kevidence.load()
    >>> t = trace(kb.graph, kb.claims, kb.sources, "ketamine-short-term-benefit-refractory-chronic-pain")
    >>> int(t.best_level), t.best_sources
    (1, ('orhurhu2019',))
    """
    if claim_id not in claims:
        raise unknown_claim(claim_id, claims)
    walker = _Walker(graph, claims, sources)
    root = walker.visit(claim_node(claim_id))
    support = SupportIndex(claims, sources).support(claim_id)
    claim = claims[claim_id]
    return Trace(
        claim_id=claim_id,
        root=root,
        best_level=support.best_level,
        best_sources=support.best_sources,
        asserted_level=claim.evidence.level if claim.evidence else None,
        dead_ends=tuple(walker.dead_ends),
        cycles=tuple(walker.cycles),
        contradicting=support.contradicting,
        contradicting_level=support.contradicting_level,
        contradicting_best=support.contradicting_best,
        best_unverified=_only_unverified(graph, claim_id, support.best_sources),
    )


def _only_unverified(graph: nx.MultiDiGraph, claim_id: str, keys: tuple[str, ...]) -> tuple[str, ...]:
    """Those of ``keys`` that support reaches only through an unverified attribution: the
    sources the walk of support cannot reach when such citations are left out."""
    if not keys:
        return ()
    start = claim_node(claim_id)
    seen, stack = {start}, [start]
    while stack:
        for _, target, data in graph.out_edges(stack.pop(), data=True):
            if (target not in seen and data.get("relation") in (CITES, DERIVED_FROM)
                    and data.get("stance") in (None, Stance.SUPPORTS)
                    and data.get("attribution") is not Attribution.UNVERIFIED):
                seen.add(target)
                stack.append(target)
    return tuple(k for k in keys if source_node(k) not in seen)
