"""Facet queries over a knowledge base's claims, answered from indexes built once.

A :class:`ClaimIndex` maps each facet value (and each distinct relief bound and level) to the
positions, in file order, of the claims that carry it; a query starts from its most selective
facet and intersects the others with what survives.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar


from kevidence.claims.model import Claim, ClaimKind, Setting, Stance
from kevidence.claims.relief import duration_days
from kevidence.claims.vocabulary import Facet, Vocabulary
from kevidence.errors import QueryError, UnknownSourceError, VocabularyError, closest
from kevidence.evidence import CEBMLevel
from kevidence.sources.model import Source
from kevidence.support import Support, SupportIndex

Values = str | Iterable[str] | None
E = TypeVar("E", bound=Enum)
K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """A validated query: each facet holds the accepted ids (narrower terms already added).

    Within one facet the values are alternatives (any of them matches); facets combine with
    "and". ``None`` means "no condition on this facet".
    """

    conditions: frozenset[str] | None = None
    pain_types: frozenset[str] | None = None
    interventions: frozenset[str] | None = None
    kinds: frozenset[ClaimKind] | None = None
    settings: frozenset[Setting] | None = None
    cites: frozenset[str] | None = None
    stances: frozenset[Stance] | None = None
    min_relief_days: float | None = None
    max_relief_days: float | None = None
    evidence_level: int | None = None
    supportable_level: int | None = None
    contradicted: bool | None = None

    def matches(self, claim: Claim, supportable: CEBMLevel | None = None, contradicted: bool = False) -> bool:
        """Whether one claim passes the filter, checked directly (the definition the index follows).

        ``supportable`` is the claim's best supportable level, needed only when the filter
        has ``supportable_level``; ``contradicted`` whether evidence against it is recorded,
        needed only when the filter has ``contradicted``.
        """
        if self.conditions is not None and not self.conditions.intersection(claim.conditions):
            return False
        if self.pain_types is not None and not self.pain_types.intersection(claim.pain_types):
            return False
        if self.interventions is not None and claim.intervention not in self.interventions:
            return False
        if self.kinds is not None and claim.kind not in self.kinds:
            return False
        if self.settings is not None and claim.setting not in self.settings:
            return False
        if self.cites is not None or self.stances is not None:
            if not any(
                (self.cites is None or c.source in self.cites)
                and (self.stances is None or c.stance in self.stances)
                for c in claim.citations
            ):
                return False
        if self.min_relief_days is not None:
            low = claim.relief.min_days if claim.relief is not None else None
            if low is None or low < self.min_relief_days:
                return False
        if self.max_relief_days is not None:
            high = claim.relief.max_days if claim.relief is not None else None
            if high is None or high > self.max_relief_days:
                return False
        if self.evidence_level is not None:
            if claim.evidence is None or int(claim.evidence.level) > self.evidence_level:
                return False
        if self.supportable_level is not None:
            if supportable is None or int(supportable) > self.supportable_level:
                return False
        if self.contradicted is not None and contradicted != self.contradicted:
            return False
        return True


def make_filter(
    vocabulary: Vocabulary,
    known_sources: Iterable[str] = (),
    *,
    condition: Values = None,
    pain_type: Values = None,
    intervention: Values = None,
    kind: Values = None,
    setting: Values = None,
    cites: Values = None,
    stance: Values = None,
    min_relief: str | None = None,
    max_relief: str | None = None,
    evidence_level: int | None = None,
    supportable_level: int | None = None,
    contradicted: bool | None = None,
    include_narrower: bool = True,
) -> ClaimFilter:
    """Check query arguments and turn them into a :class:`ClaimFilter`.

    Raises :class:`VocabularyError` for a facet value that is not valid (listing the valid
    ones and the closest), :class:`UnknownSourceError` for an unknown BibTeX key and
    :class:`QueryError` for a malformed duration or level.
    """

    def terms(facet: Facet, values: Values) -> frozenset[str] | None:
        wanted = _as_list(values)
        if wanted is None:
            return None
        accepted: set[str] = set()
        for value in wanted:
            vocabulary.term(facet, value)
            accepted |= vocabulary.narrower(facet, value) if include_narrower else {value}
        return frozenset(accepted)

    cited = _as_list(cites)
    if cited is not None:
        keys = known_sources if isinstance(known_sources, (set, frozenset, Mapping)) else set(known_sources)
        for key in cited:
            if key not in keys:
                guess = closest(key, keys)
                hint = f" (did you mean {guess!r}?)" if guess else ""
                raise UnknownSourceError(f"no source with key {key!r} is cited or in the .bib{hint}")
    min_days = _duration("min_relief", min_relief)
    max_days = _duration("max_relief", max_relief)
    if min_days is not None and max_days is not None and min_days > max_days:
        raise QueryError(
            f"min_relief {min_relief!r} is longer than max_relief {max_relief!r}: no claim can match; "
            "swap them"
        )
    return ClaimFilter(
        conditions=terms(Facet.CONDITION, condition),
        pain_types=terms(Facet.PAIN_TYPE, pain_type),
        interventions=terms(Facet.INTERVENTION, intervention),
        kinds=_enum_values(ClaimKind, "kind", kind),
        settings=_enum_values(Setting, "setting", setting),
        cites=frozenset(cited) if cited is not None else None,
        stances=_enum_values(Stance, "stance", stance),
        min_relief_days=min_days,
        max_relief_days=max_days,
        evidence_level=_level("evidence_level", evidence_level),
        supportable_level=_level("supportable_level", supportable_level),
        contradicted=_flag("contradicted", contradicted),
    )


def _as_list(values: Values) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return [values]
    return list(values)


def _enum_values(enum: type[E], label: str, values: Values) -> frozenset[E] | None:
    wanted = _as_list(values)
    if wanted is None:
        return None
    found: set[E] = set()
    valid = [m.value for m in enum]  # type: ignore[attr-defined]
    for value in wanted:
        try:
            found.add(enum(value.value if isinstance(value, Enum) else value))
        except ValueError:
            guess = closest(str(value), valid)
            text = f"unknown {label} {value!r}"
            if guess:
                text += f" (did you mean {guess!r}?)"
            raise VocabularyError(f"{text}; valid values: {', '.join(valid)}") from None
    return frozenset(found)


def _duration(name: str, value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return duration_days(value)
    except (ValueError, TypeError):
        raise QueryError(
            f"{name} {value!r} is not an ISO 8601 duration; write e.g. 'P14D', 'P2W', 'P3M' or 'P1Y'"
        ) from None


def _flag(name: str, value: bool | None) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise QueryError(f"{name} {value!r} is not True, False or None")


def _level(name: str, value: int | None) -> int | None:
    if value is None:
        return None
    try:
        level = int(value)
    except (TypeError, ValueError):
        level = 0
    if isinstance(value, bool) or level not in range(1, 6) or level != value:
        raise QueryError(f"{name} {value!r} is not a CEBM 2011 level; use 1 (strongest) to 5")
    return level


class ClaimIndex:
    """Facet indexes over a fixed list of claims, built once.

    Positions are indexes into ``claims`` (file order), so sorting positions gives results
    in file order. The best supportable level of every claim is computed on first use only,
    because it reads every claim's support (:class:`kevidence.support.SupportIndex`).
    """

    def __init__(self, claims: Sequence[Claim], sources: Mapping[str, Source] | None = None) -> None:
        self.claims: tuple[Claim, ...] = tuple(claims)
        self._sources = sources or {}
        self.by_condition: dict[str, set[int]] = {}
        self.by_pain_type: dict[str, set[int]] = {}
        self.by_intervention: dict[str, set[int]] = {}
        self.by_kind: dict[ClaimKind, set[int]] = {}
        self.by_setting: dict[Setting, set[int]] = {}
        self.by_source: dict[str, set[int]] = {}
        self.by_stance: dict[Stance, set[int]] = {}
        self.by_source_stance: dict[tuple[str, Stance], set[int]] = {}
        # Claims by each distinct relief bound, with the distinct bounds sorted: a range is
        # the sets of the bounds inside it (few: bounds come from a handful of phrases).
        self._by_low: dict[float, set[int]] = {}
        self._by_high: dict[float, set[int]] = {}
        self._by_asserted: dict[int, set[int]] = {}
        for pos, claim in enumerate(self.claims):
            for value in claim.conditions:
                self.by_condition.setdefault(value, set()).add(pos)
            for value in claim.pain_types:
                self.by_pain_type.setdefault(value, set()).add(pos)
            if claim.intervention is not None:
                self.by_intervention.setdefault(claim.intervention, set()).add(pos)
            self.by_kind.setdefault(claim.kind, set()).add(pos)
            if claim.setting is not None:
                self.by_setting.setdefault(claim.setting, set()).add(pos)
            for citation in claim.citations:
                self.by_source.setdefault(citation.source, set()).add(pos)
                self.by_stance.setdefault(citation.stance, set()).add(pos)
                self.by_source_stance.setdefault((citation.source, citation.stance), set()).add(pos)
            if claim.relief is not None:
                if claim.relief.min_days is not None:
                    self._by_low.setdefault(claim.relief.min_days, set()).add(pos)
                if claim.relief.max_days is not None:
                    self._by_high.setdefault(claim.relief.max_days, set()).add(pos)
            if claim.evidence is not None:
                self._by_asserted.setdefault(int(claim.evidence.level), set()).add(pos)
        self._low_values = sorted(self._by_low)
        self._high_values = sorted(self._by_high)
        self._supports: list[Support] | None = None
        self._supportable: list[CEBMLevel | None] | None = None
        self._by_supportable: dict[int, set[int]] | None = None
        self._contradicted: dict[bool, set[int]] | None = None

    def supportable(self, pos: int) -> CEBMLevel | None:
        """The best supportable level of the claim at ``pos`` (see :mod:`kevidence.support`)."""
        return self._supportable_levels()[pos]

    def support(self, pos: int) -> Support:
        """The support of the claim at ``pos``, with the evidence against it."""
        self._supportable_levels()
        assert self._supports is not None
        return self._supports[pos]

    def _supportable_levels(self) -> list[CEBMLevel | None]:
        if self._supportable is None:
            index = SupportIndex({c.id: c for c in self.claims}, self._sources)
            self._supports = [index.support(c.id) for c in self.claims]
            self._supportable = [s.best_level for s in self._supports]
            self._by_supportable = {}
            self._contradicted = {True: set(), False: set()}
            for pos, support in enumerate(self._supports):
                if support.best_level is not None:
                    self._by_supportable.setdefault(int(support.best_level), set()).add(pos)
                self._contradicted[bool(support.contradicting)].add(pos)
        return self._supportable

    def positions(self, flt: ClaimFilter) -> list[int]:
        """Positions of the claims that pass ``flt``, in file order."""
        # Each facet is a list of sets (its values are alternatives). The facet with the
        # fewest claims drives; each other facet then keeps only the drivers it holds, which
        # costs in proportion to the survivors, not to the size of the base.
        facets: list[list[set[int]]] = []

        def parts(index: Mapping[K, set[int]], values: Iterable[K]) -> None:
            facets.append([index[v] for v in values if v in index])

        if flt.conditions is not None:
            parts(self.by_condition, flt.conditions)
        if flt.pain_types is not None:
            parts(self.by_pain_type, flt.pain_types)
        if flt.interventions is not None:
            parts(self.by_intervention, flt.interventions)
        if flt.kinds is not None:
            parts(self.by_kind, flt.kinds)
        if flt.settings is not None:
            parts(self.by_setting, flt.settings)
        if flt.cites is not None and flt.stances is not None:
            parts(self.by_source_stance, [(k, s) for k in flt.cites for s in flt.stances])
        elif flt.cites is not None:
            parts(self.by_source, flt.cites)
        elif flt.stances is not None:
            parts(self.by_stance, flt.stances)
        if flt.evidence_level is not None:
            parts(self._by_asserted, range(1, flt.evidence_level + 1))
        if flt.supportable_level is not None:
            self._supportable_levels()
            assert self._by_supportable is not None
            parts(self._by_supportable, range(1, flt.supportable_level + 1))
        if flt.contradicted is not None:
            self._supportable_levels()
            assert self._contradicted is not None
            facets.append([self._contradicted[flt.contradicted]])
        if flt.min_relief_days is not None:
            start = bisect.bisect_left(self._low_values, flt.min_relief_days)
            facets.append([self._by_low[v] for v in self._low_values[start:]])
        if flt.max_relief_days is not None:
            end = bisect.bisect_right(self._high_values, flt.max_relief_days)
            facets.append([self._by_high[v] for v in self._high_values[:end]])
        facets.sort(key=lambda sets: sum(len(x) for x in sets))
        if not facets:
            return list(range(len(self.claims)))
        first = facets[0]
        found: set[int] = set().union(*first) if len(first) != 1 else first[0]
        for sets in facets[1:]:
            if not found:
                break
            if len(sets) == 1:
                found = found & sets[0]
            else:
                found = set().union(*(found & x for x in sets))
        return sorted(found)

    def select(self, flt: ClaimFilter) -> list[Claim]:
        """The claims that pass ``flt``, in file order."""
        return [self.claims[p] for p in self.positions(flt)]


def query(
    index: ClaimIndex,
    vocabulary: Vocabulary,
    known_sources: Iterable[str] = (),
    **filters: object,
) -> list[Claim]:
    """Claims of an index that pass the given filters (see :meth:`KnowledgeBase.query`)."""
    flt = make_filter(vocabulary, known_sources, **filters)  # type: ignore[arg-type]
    return index.select(flt)

