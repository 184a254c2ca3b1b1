"""What evidence a claim rests on: the one definition of support, used by trace, evidence
table, audit and query.

Support flows through ``derived_from`` (a claim drawn from another inherits its support) and
citations whose stance is ``supports`` (claim -> source), then through source -> source
citations (a review resting on the trials it cites). A claim's supporting sources are listed
by key, in sorted order, with the best CEBM level they reach.

Evidence *against* a claim is found the same way: the sources that the claim, or a claim it
is drawn from, cites with stance ``contradicts``, with the studies those sources cite. It is
kept apart from the support and judged the same way (its best CEBM level).

:class:`SupportIndex` reads these links straight from the models (no graph needed) and
computes what each claim and each source reaches only once, so claims drawn from the same
claims or citing the same reviews share the work; asking for one claim computes only what
that claim reaches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from kevidence.claims.model import Claim, Stance
from kevidence.sources.evidence import CEBMLevel, strongest
from kevidence.sources.model import Source


@dataclass(frozen=True, slots=True)
class Support:
    """The sources reachable as support from one claim, and the best level they reach."""

    claim_id: str
    sources: tuple[str, ...]
    missing: tuple[str, ...]
    best_level: CEBMLevel | None
    best_sources: tuple[str, ...]
    # The evidence against the claim: sources reached through contradicting citations (of the
    # claim or of a claim it is drawn from), the best level they reach and the keys reaching it.
    contradicting: tuple[str, ...] = ()
    contradicting_level: CEBMLevel | None = None
    contradicting_best: tuple[str, ...] = ()


Judged = tuple[tuple[str, ...], tuple[str, ...], CEBMLevel | None, tuple[str, ...]]


def _judge(reached: AbstractSet[str], sources: Mapping[str, Source], levels: dict[str, CEBMLevel | None]) -> Judged:
    """A reached set as (keys in the .bib, keys missing from it, best level, keys reaching it),
    keys sorted; ``levels`` caches each source's supportable level between calls."""
    keys = sorted(reached)
    missing: list[str] = []
    if not sources.keys() >= reached:  # (a set comparison, in C: usually every key is known)
        missing = [k for k in keys if k not in sources]
        keys = [k for k in keys if k in sources]
    if len(keys) == 1:  # the common case, without the lists
        (key,) = keys
        level = levels.get(key, _UNKNOWN)
        if level is _UNKNOWN:
            level = levels[key] = sources[key].supportable_level
        best = level if level is None or type(level) is CEBMLevel else CEBMLevel(level)
        return (key,), tuple(missing), best, (key,) if best is not None else ()
    found = list(map(levels.get, keys, repeat(_UNKNOWN)))
    if _UNKNOWN in found:
        found = [levels.setdefault(k, sources[k].supportable_level) if level is _UNKNOWN else level
                 for k, level in zip(keys, found)]
    best = strongest(found)
    best_keys = tuple(k for k, level in zip(keys, found) if level == best) if best is not None else ()
    return tuple(keys), tuple(missing), best, best_keys


_UNKNOWN: Any = object()


class SupportIndex:
    """The support of any claim of a base, each claim's and source's reach computed once.

    What a node reaches is the union of what its successors reach, so it is computed once per
    node, bottom-up, with the strongly connected components (Tarjan's algorithm, iterative)
    standing for cycles: every member of a cycle reaches the same sources. Equal reaches are
    shared, not copied, so a chain of claims drawn from each other costs little.
    """

    def __init__(self, claims: Mapping[str, Claim], sources: Mapping[str, Source]) -> None:
        self._claims = claims
        self._sources = sources
        self._source_reach: dict[str, frozenset[str]] = {}
        self._claim_reach: dict[str, frozenset[str]] = {}
        self._claim_against: dict[str, frozenset[str]] = {}
        self._contradicted_claims: frozenset[str] | None = None
        self._asked_against = 0
        self._levels: dict[str, CEBMLevel | None] = {}
        self._judged: dict[frozenset[str], Judged] = {}

    def support(self, claim_id: str) -> Support:
        """The support of one claim (:class:`Support`; empty for an unknown id)."""
        reached = self._claim_reach.get(claim_id)
        if reached is None:
            if claim_id not in self._claims:
                return Support(claim_id, (), (), None, ())
            reached = self.reach(claim_id)
        judged = self._judged.get(reached)
        if judged is None:
            judged = self._judged[reached] = _judge(reached, self._sources, self._levels)
        contradicted = self._contradicted_claims
        if contradicted is not None and claim_id not in contradicted:  # the usual case
            return Support(claim_id, *judged)
        against = self.against(claim_id)
        if not against:
            return Support(claim_id, *judged)
        keys, _, level, best = self._judge(against)
        return Support(claim_id, *judged, keys, level, best)

    def supports(self) -> dict[str, Support]:
        """Every claim's support, by id, in one pass over the claims (what a query over them all reads).

        The same values as :meth:`support` for each claim, without a walk per claim: a claim
        drawn from no other (the common case) unites what its supporting sources reach right
        here, and claims reaching the same set of sources share its judgement."""
        claims = self._claims
        contradicted = self.contradicted_claims()
        claim_reach = self._claim_reach
        source_reach = self._source_reach
        source_closure = self._source_closure
        judged_of = self._judged
        sources, levels = self._sources, self._levels
        supports = Stance.SUPPORTS
        found: dict[str, Support] = {}
        for claim_id, claim in claims.items():
            reached = claim_reach.get(claim_id)
            if reached is None:
                if claim.derived_from:
                    reached = self.reach(claim_id)
                else:  # as _claim_own and _claim_closure compute it
                    parts = [source_reach.get(c.source) or source_closure(c.source)
                             for c in claim.citations if c.stance is supports]
                    reached = claim_reach[claim_id] = (parts[0] if len(parts) == 1 else _union(parts)) or _EMPTY
            if claim_id in contradicted:  # rare: judged with the evidence against it
                found[claim_id] = self.support(claim_id)
                continue
            judged = judged_of.get(reached)
            if judged is None:
                judged = judged_of[reached] = _judge(reached, sources, levels)
            found[claim_id] = Support(claim_id, *judged)
        return found

    def _judge(self, reached: frozenset[str]) -> Judged:
        # Claims citing the same sources reach the very same set: judge each set once.
        judged = self._judged.get(reached)
        if judged is None:
            judged = self._judged[reached] = _judge(reached, self._sources, self._levels)
        return judged

    def reach(self, claim_id: str) -> frozenset[str]:
        """The keys (in the .bib or not) a claim reaches as support."""
        return self._claim_closure(claim_id, self._claim_reach, self._claim_own)

    def against(self, claim_id: str) -> frozenset[str]:
        """The keys (in the .bib or not) a claim reaches as evidence against it: what it, or a
        claim it is drawn from, cites as contradicting, and the sources those cite."""
        contradicted = self._contradicted_claims
        if contradicted is None:
            # Asked for a few claims (a trace), walk just them; asked for many (an audit, a
            # query), one pass first marks the few claims any evidence can be against.
            self._asked_against += 1
            if self._asked_against <= _FEW:
                return self._claim_closure(claim_id, self._claim_against, self._claim_own_against)
            contradicted = self._contradicted_claims = self._find_contradicted()
        if claim_id not in contradicted:
            return _EMPTY
        return self._claim_closure(claim_id, self._claim_against, self._claim_own_against)

    def contradicted_claims(self) -> frozenset[str]:
        """Ids of the claims some evidence may be against (a superset of those it is: a key
        cited as contradicting may be missing from the .bib); found in one pass, once."""
        if self._contradicted_claims is None:
            self._contradicted_claims = self._find_contradicted()
        return self._contradicted_claims

    def _find_contradicted(self) -> frozenset[str]:
        """The claims some evidence may be against: those citing a source as contradicting, and
        the claims drawn from them, directly or not (one pass; usually none or few)."""
        claims = self._claims
        contradicts = Stance.CONTRADICTS
        # (one comprehension over every citation: no generator made per claim)
        found = {c.id for c in claims.values() for x in c.citations if x.stance is contradicts}
        if not found:
            return frozenset()
        children: dict[str, list[str]] = {}
        for claim in claims.values():
            for parent in claim.derived_from:
                children.setdefault(parent, []).append(claim.id)
        frontier = list(found)
        while frontier:
            for child in children.get(frontier.pop(), ()):
                if child not in found:
                    found.add(child)
                    frontier.append(child)
        return frozenset(found)

    def _claim_closure(self, claim_id: str, done: dict[str, frozenset[str]],
                       own: Callable[[str], frozenset[str]]) -> frozenset[str]:
        found = done.get(claim_id)
        if found is not None:
            return found
        claim = self._claims.get(claim_id)
        if claim is not None and not claim.derived_from:  # the common case: no parents
            found = done[claim_id] = own(claim_id) or _EMPTY
            return found
        return _reach(claim_id, done, self._claim_parents, own)

    def _claim_parents(self, claim_id: str) -> tuple[str, ...]:
        claim = self._claims.get(claim_id)
        return tuple(p for p in claim.derived_from if p in self._claims) if claim is not None else ()

    def _claim_own(self, claim_id: str) -> frozenset[str]:
        claim = self._claims.get(claim_id)
        if claim is None:
            return _EMPTY
        # What each supporting citation's source reaches, united (a key cited twice counts once).
        source_reach = self._source_reach
        supports = Stance.SUPPORTS
        parts = [source_reach.get(c.source) or self._source_closure(c.source)
                 for c in claim.citations if c.stance is supports]
        if len(parts) == 1:
            return parts[0]
        return _union(parts)

    def _claim_own_against(self, claim_id: str) -> frozenset[str]:
        claim = self._claims.get(claim_id)
        if claim is None or not claim.citations:
            return _EMPTY
        return self._sources_closure(_cited_keys(claim, Stance.CONTRADICTS))

    def _sources_closure(self, keys: Sequence[str]) -> frozenset[str]:
        if not keys:
            return _EMPTY
        if len(keys) == 1:
            return self._source_closure(keys[0])
        return frozenset().union(*(self._source_closure(k) for k in keys))

    def _source_closure(self, key: str) -> frozenset[str]:
        found = self._source_reach.get(key)
        if found is None:
            source = self._sources.get(key)
            if source is None or not source.cites:
                found = self._source_reach[key] = frozenset((key,))
                return found
            found = _reach(key, self._source_reach, self._cited, _itself)
        return found

    def _cited(self, key: str) -> tuple[str, ...]:
        source = self._sources.get(key)
        return source.cites if source is not None else ()


_EMPTY: frozenset[str] = frozenset()
_FEW = 64  # claims asked for one by one before the whole base is looked at once
_SHORT_CHAIN = 32  # successors walked one by one before the strongly connected walk takes over


def _itself(key: str) -> frozenset[str]:
    return frozenset((key,))


def _reach(
    node: str,
    done: dict[str, frozenset[str]],
    successors: Callable[[str], tuple[str, ...]],
    own: Callable[[str], frozenset[str]],
    walking: set[str] | None = None,
) -> frozenset[str]:
    """``done[node]``: ``own`` united over everything ``node`` reaches, filled in for what it
    reaches too. Successors not yet known are walked one by one (``walking`` holds the path),
    as they usually form short chains; a cycle, or a path longer than :data:`_SHORT_CHAIN`,
    is left to the strongly connected walk of :func:`_closures`. Each node is computed once."""
    found = done.get(node)
    if found is not None:
        return found
    following = successors(node)
    parts = [done.get(n) for n in following]
    if None in parts:
        if walking is None:
            walking = set()
        if len(walking) < _SHORT_CHAIN:
            walking.add(node)
            for n in following:
                if n not in walking and n not in done:
                    _reach(n, done, successors, own, walking)
            walking.discard(node)
            found = done.get(node)  # (filled in if a walk below met a cycle through this node)
            if found is not None:
                return found
            parts = [done.get(n) for n in following]
        if None in parts:
            _closures(node, done, successors, own)
            return done[node]
    found = done[node] = _union([own(node), *parts])
    return found


def _closures(
    root: str,
    done: dict[str, frozenset[str]],
    successors: Callable[[str], tuple[str, ...]],
    own: Callable[[str], frozenset[str]],
) -> None:
    """Fill ``done[node]`` (own values united over everything reachable) for ``root`` and all
    it reaches, by Tarjan's strongly connected components without recursion."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    work: list[tuple[str, Iterator[str]]] = [(root, iter(successors(root)))]
    index[root] = low[root] = 0
    stack.append(root)
    on_stack.add(root)
    while work:
        node, pending = work[-1]
        advanced = False
        for succ in pending:
            if succ in done:
                continue
            if succ not in index:
                index[succ] = low[succ] = len(index)
                stack.append(succ)
                on_stack.add(succ)
                work.append((succ, iter(successors(succ))))
                advanced = True
                break
            if succ in on_stack:
                low[node] = min(low[node], index[succ])
        if advanced:
            continue
        work.pop()
        if work:
            parent = work[-1][0]
            low[parent] = min(low[parent], low[node])
        if low[node] != index[node]:
            continue
        members = []
        while True:
            member = stack.pop()
            on_stack.discard(member)
            members.append(member)
            if member == node:
                break
        inside = set(members)
        parts = [own(m) for m in members]
        parts += [done[s] for m in members for s in successors(m) if s not in inside]
        reach = _union(parts)
        for member in members:
            done[member] = reach


def _union(parts: Sequence[frozenset[str] | None]) -> frozenset[str]:
    """The union of some reaches, sharing the one object when they are all the same."""
    present = list(filter(None, parts))
    if not present:
        return _EMPTY
    first = present[0]
    if present.count(first) == len(present):  # (an identical part is not compared item by item)
        return first
    return frozenset().union(*present)


def _cited_keys(claim: Claim, stance: Stance) -> list[str]:
    """Keys a claim cites with one stance, in order of first citation, without repeats."""
    return list(dict.fromkeys(c.source for c in claim.citations if c.stance is stance))
