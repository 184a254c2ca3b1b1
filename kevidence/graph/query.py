"""Facet queries over a knowledge base's claims, made from one table of facets.

:data:`FACETS` is the one definition of what a query can ask (its vocabulary facets made from
the claim facet table, :data:`kevidence.claims.facets.FACETS`). Each :class:`QueryFacet` says
how its argument is checked, which value a claim holds for it and how the command line spells
it; :func:`make_filter`, :class:`ClaimIndex`, :meth:`kevidence.KnowledgeBase.query` (its
signature and docstring) and the options of ``kevidence query`` are all made from the table,
so adding a facet is adding one entry (and a line to :class:`QueryFilters` for type checkers);
a claim facet is an entry of :data:`kevidence.claims.facets.FACETS`.

A facet's first query reads its column of values straight from the claims, at C speed
(``operator`` getters and ``itertools.compress``); from its second query on, the facet is
answered from an index of value -> claim positions, built once.
"""

from __future__ import annotations

import bisect
import inspect
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from itertools import compress
from operator import attrgetter, not_
from typing import Any, Literal, TypedDict

from kevidence.claims.facets import FACETS as CLAIM_FACETS
from kevidence.claims.facets import ClaimFacet
from kevidence.claims.model import Claim, ClaimKind, Setting, Stance
from kevidence.claims.relief import duration_days
from kevidence.claims.vocabulary import Facet, Vocabulary
from kevidence.errors import QueryError, UnknownSourceError, VocabularyError, unknown_name
from kevidence.graph.support import Support, SupportIndex
from kevidence.sources.evidence import CEBMLevel
from kevidence.sources.model import Source

Values = str | Iterable[str] | None


class QueryFilters(TypedDict, total=False):
    """The keyword arguments of a query, typed (one line per entry of :data:`FACETS`)."""

    condition: Values
    pain_type: Values
    intervention: Values
    population: Values
    kind: Values
    setting: Values
    cites: Values
    stance: Values
    min_relief: str | None
    max_relief: str | None
    evidence_level: int | None
    supportable_level: int | None
    contradicted: bool | None
    document: Values
    proposed: bool | None
    include_narrower: bool


@dataclass(frozen=True, slots=True)
class QueryContext:
    """What checking a query's arguments needs: the vocabulary, the keys a query may name."""

    vocabulary: Vocabulary
    known_sources: Collection[str]
    include_narrower: bool = True
    known_documents: Collection[str] | None = None
    """The document ids a query may name (None: any)."""


# How a claim's value is compared with what the query accepts:
#   one     the claim holds one value (or None); it matches when the value is accepted
#   many    the claim holds a tuple of values; it matches when one of them is accepted
#   least   a number; it matches when it is at least the query's bound
#   most    a number; it matches when it is at most the query's bound
#   option  not a filter: it changes how the other arguments are read
Compare = Literal["one", "many", "least", "most", "option"]


@dataclass(frozen=True, slots=True)
class QueryFacet:
    """One thing a query can ask about a claim."""

    name: str  # keyword of kb.query
    doc: str  # one line: what it keeps (docstring and --help)
    compare: Compare
    read: Callable[[Any, QueryContext], Any]  # the argument -> accepted values or bound (None: no filter)
    value: Callable[[Claim], Any] | None = None  # the claim's value(s); None for options
    supported: Callable[[Support], Any] | None = None  # the value, read from the claim's support instead
    flag: str = ""  # command-line option ("" derives --name-with-dashes)
    cli_help: str = ""  # its --help text, when not derived from ``doc``
    metavar: str = "VALUE"
    cli_type: type = str
    annotation: Any = Values
    default: Any = None

    @property
    def option(self) -> str:
        return self.flag or "--" + self.name.replace("_", "-")


def _vocabulary_facet(facet: ClaimFacet) -> QueryFacet:
    """The query keyword of a claim facet (an entry of :data:`kevidence.claims.facets.FACETS`)."""
    about = f": {facet.about}" if facet.about else ""
    return QueryFacet(facet.name, f"{facet.slug} id, e.g. {facet.example}{about} (with the {facet.plural} below it)",
                      "many" if facet.many else "one", _vocabulary_terms(facet.vocabulary),
                      attrgetter(facet.attribute))


def _vocabulary_terms(facet: Facet) -> Callable[[Any, QueryContext], frozenset[str] | None]:
    def read(values: Values, ctx: QueryContext) -> frozenset[str] | None:
        wanted = _as_list(values)
        if wanted is None:
            return None
        accepted: set[str] = set()
        for value in wanted:
            ctx.vocabulary.term(facet, value)  # raises VocabularyError with the valid ids
            accepted |= ctx.vocabulary.narrower(facet, value) if ctx.include_narrower else {value}
        return frozenset(accepted)

    return read


def _enum_values(enum: type[Enum], label: str) -> Callable[[Any, QueryContext], frozenset[Enum] | None]:
    def read(values: Values, ctx: QueryContext) -> frozenset[Enum] | None:
        wanted = _as_list(values)
        if wanted is None:
            return None
        valid = [m.value for m in enum]
        found: set[Enum] = set()
        for value in wanted:
            try:
                found.add(enum(value.value if isinstance(value, Enum) else value))
            except ValueError:
                raise VocabularyError(unknown_name(label, str(value), valid, valid=valid)) from None
        return frozenset(found)

    return read


def _source_keys(values: Values, ctx: QueryContext) -> frozenset[str] | None:
    wanted = _as_list(values)
    if wanted is None:
        return None
    for key in wanted:
        if key not in ctx.known_sources:
            raise UnknownSourceError(unknown_name(
                "source key", key, ctx.known_sources, otherwise="no claim cites it and the .bib does not hold it"))
    return frozenset(wanted)


class KnownKeys(Collection[str]):
    """The keys a query may name: the .bib's, and keys claims cite that it lacks (read only
    when a key is not in the .bib)."""

    def __init__(self, sources: Mapping[str, Source], cited: Callable[[], Collection[str]]) -> None:
        self._sources = sources
        self._cited = cited

    def __contains__(self, key: object) -> bool:
        return key in self._sources or key in self._cited()

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources.keys() | self._cited())

    def __len__(self) -> int:
        return len(self._sources.keys() | self._cited())


def _document_ids(values: Values, ctx: QueryContext) -> frozenset[str] | None:
    wanted = _as_list(values)
    if wanted is None:
        return None
    for document in wanted:
        if ctx.known_documents is not None and document not in ctx.known_documents:
            raise QueryError(unknown_name("document", document, ctx.known_documents,
                                          otherwise="the claims file's 'documents' has none"))
    return frozenset(wanted)


def _duration(name: str) -> Callable[[Any, QueryContext], float | None]:
    def read(value: str | None, ctx: QueryContext) -> float | None:
        if value is None:
            return None
        try:
            return duration_days(value)
        except (ValueError, TypeError):
            raise QueryError(
                f"{name} {value!r} is not an ISO 8601 duration; write e.g. 'P14D', 'P2W', 'P3M' or 'P1Y'"
            ) from None

    return read


def _level(name: str) -> Callable[[Any, QueryContext], int | None]:
    def read(value: int | None, ctx: QueryContext) -> int | None:
        if value is None:
            return None
        try:
            level = int(value)
        except (TypeError, ValueError):
            level = 0
        if isinstance(value, bool) or level not in range(1, 6) or level != value:
            raise QueryError(f"{name} {value!r} is not a CEBM 2011 level; use 1 (strongest) to 5")
        return level

    return read


def _flag(value: bool, ctx: QueryContext) -> bool:
    return bool(value)


def _switch(name: str) -> Callable[[Any, QueryContext], frozenset[bool] | None]:
    def read(value: bool | None, ctx: QueryContext) -> frozenset[bool] | None:
        if value is None:
            return None
        if not isinstance(value, bool):
            raise QueryError(f"{name} {value!r} is not True or False")
        return frozenset((value,))

    return read


def _relief_low(claim: Claim) -> float | None:
    return claim.relief.min_days if claim.relief is not None else None


def _relief_high(claim: Claim) -> float | None:
    return claim.relief.max_days if claim.relief is not None else None


def _asserted(claim: Claim) -> int | None:
    return int(claim.evidence.level) if claim.evidence is not None else None


def _stances(claim: Claim) -> tuple[Stance, ...]:
    return tuple({c.stance: None for c in claim.citations})


def _documents(claim: Claim) -> tuple[str, ...]:
    return tuple(s.document for s in claim.stated_in)


def _proposed(claim: Claim) -> bool:
    return claim.review == "proposed"


def _best_level(support: Support) -> int | None:
    return int(support.best_level) if support.best_level is not None else None


def _has_evidence_against(support: Support) -> bool:
    return bool(support.contradicting)


#: Every facet a query can ask, in the order of ``kb.query``'s keywords: first the claim facets
#: of :data:`kevidence.claims.facets.FACETS`, then the rest of a claim.
FACETS: tuple[QueryFacet, ...] = (
    *(_vocabulary_facet(f) for f in CLAIM_FACETS),
    QueryFacet("kind", "claim kind: " + ", ".join(k.value for k in ClaimKind), "one",
               _enum_values(ClaimKind, "kind"), attrgetter("kind")),
    QueryFacet("setting", "setting: " + ", ".join(s.value for s in Setting), "one",
               _enum_values(Setting, "setting"), attrgetter("setting")),
    QueryFacet("cites", "BibTeX key of a cited source (with stance: cited with that stance)", "many",
               _source_keys, attrgetter("sources"), metavar="KEY"),
    QueryFacet("stance", "citation stance: " + ", ".join(s.value for s in Stance), "many",
               _enum_values(Stance, "stance"), _stances),
    QueryFacet("min_relief", "relief lower bound at least this long (ISO 8601, e.g. P2W)", "least",
               _duration("min_relief"), _relief_low, metavar="ISO", annotation=str | None),
    QueryFacet("max_relief", "relief upper bound at most this long (ISO 8601, e.g. P3M)", "most",
               _duration("max_relief"), _relief_high, metavar="ISO", annotation=str | None),
    QueryFacet("evidence_level", "asserted CEBM 2011 level N or stronger (1-5)", "most",
               _level("evidence_level"), _asserted, metavar="N", cli_type=int, annotation=int | None),
    QueryFacet("supportable_level", "best level the sources can support is N or stronger (1-5)", "most",
               _level("supportable_level"), supported=_best_level, metavar="N", cli_type=int,
               annotation=int | None),
    QueryFacet("contradicted", "True: claims with evidence against them (a contradicting citation, "
               "also through derived_from); False: claims without", "one", _switch("contradicted"),
               supported=_has_evidence_against, flag="--contradicted", cli_help="claims with evidence against them",
               annotation=bool | None),
    QueryFacet("document", "id of a document the claim is stated in (kevidence document list)", "many",
               _document_ids, _documents, metavar="ID"),
    QueryFacet("proposed", "True: claims drafted from an article and awaiting review; False: the others", "one",
               _switch("proposed"), _proposed, flag="--proposed", cli_help="claims drafted from an article and "
               "awaiting review (confirm them with 'kevidence claim confirm')", annotation=bool | None),
    QueryFacet("include_narrower", "include the terms below a vocabulary id (default True)", "option",
               _flag, flag="--exact", cli_help="match vocabulary ids exactly, without the terms below them",
               annotation=bool, default=True),
)

FACETS_BY_NAME: Mapping[str, QueryFacet] = {f.name: f for f in FACETS}


def _citation_pairs(claim: Claim) -> tuple[tuple[str, Stance], ...]:
    return tuple((c.source, c.stance) for c in claim.citations)


# "cites" with "stance" asks for one citation having both: the pair is its own column.
_CITATION = QueryFacet("citation", "a citation of one of these keys with one of these stances", "many",
                       _flag, _citation_pairs)


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """A checked query: for each facet asked, the accepted values (a frozenset) or the bound.

    Within one facet the values are alternatives; facets combine with "and". Build one with
    :func:`make_filter`.
    """

    conditions: tuple[tuple[QueryFacet, Any], ...] = ()
    needs_support: bool = field(default=False)

    def matches(self, claim: Claim, support: Support | None = None) -> bool:
        """Whether one claim passes, checked directly (the definition the index follows).

        ``support`` is the claim's support, needed only when :attr:`needs_support`.
        """
        return all(_passes(facet, wanted, _claim_value(facet, claim, support)) for facet, wanted in self.conditions)


def _claim_value(facet: QueryFacet, claim: Claim, support: Support | None) -> Any:
    if facet.supported is not None:
        return facet.supported(support) if support is not None else None
    assert facet.value is not None
    return facet.value(claim)


def _passes(facet: QueryFacet, wanted: Any, value: Any) -> bool:
    if facet.compare == "one":
        return value in wanted
    if facet.compare == "many":
        return not wanted.isdisjoint(value)
    if value is None:
        return False
    return bool(value >= wanted) if facet.compare == "least" else bool(value <= wanted)


def make_filter(vocabulary: Vocabulary, known_sources: Collection[str] = (), *,
                known_documents: Collection[str] | None = None, **filters: Any) -> ClaimFilter:
    """Check query arguments (the keywords of :data:`FACETS`) and make a :class:`ClaimFilter`.

    ``known_documents``: the document ids a ``document`` argument may name (None: any).

    Raises :class:`VocabularyError` for a facet value that is not valid (listing the valid
    ones and the closest), :class:`UnknownSourceError` for an unknown BibTeX key and
    :class:`QueryError` for a malformed duration or level, or an unknown keyword.
    """
    unknown = [name for name in filters if name not in FACETS_BY_NAME]
    if unknown:
        raise QueryError(unknown_name("query facet", unknown[0], FACETS_BY_NAME, valid=list(FACETS_BY_NAME)))
    known = known_sources if isinstance(known_sources, (set, frozenset, Mapping, KnownKeys)) else set(known_sources)
    ctx = QueryContext(vocabulary, known, bool(filters.get("include_narrower", True)), known_documents)
    chosen: dict[str, Any] = {}
    for facet in FACETS:
        if facet.compare == "option" or filters.get(facet.name) is None:
            continue
        wanted = facet.read(filters[facet.name], ctx)
        if wanted is not None:
            chosen[facet.name] = wanted
    low, high = chosen.get("min_relief"), chosen.get("max_relief")
    if low is not None and high is not None and low > high:
        raise QueryError(
            f"min_relief {filters['min_relief']!r} is longer than max_relief {filters['max_relief']!r}: "
            "no claim can match; swap them"
        )
    if "cites" in chosen and "stance" in chosen:
        pairs = frozenset((k, s) for k in chosen.pop("cites") for s in chosen.pop("stance"))
        chosen["citation"] = pairs
    conditions = tuple(((_CITATION if name == "citation" else FACETS_BY_NAME[name]), wanted)
                       for name, wanted in chosen.items())
    return ClaimFilter(conditions, any(f.supported is not None for f, _ in conditions))


def _as_list(values: Values) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return [values]
    return list(values)


class ClaimIndex:
    """Facet columns and indexes over a fixed list of claims, each built when first needed.

    Positions are indexes into ``claims`` (file order), so sorting positions gives results in
    file order. A facet's first query scans its column; its second builds the facet's index
    (value -> positions), which answers every later query. The claims' support (needed by
    ``supportable_level``) is computed once, on first need, for all claims at once
    (:class:`kevidence.graph.support.SupportIndex`).
    """

    def __init__(self, claims: Sequence[Claim], sources: Mapping[str, Source] | None = None) -> None:
        self.claims: tuple[Claim, ...] = tuple(claims)
        self._sources: Mapping[str, Source] = sources if sources is not None else {}
        self._columns: dict[str, list[Any]] = {}
        self._indexes: dict[str, dict[Any, set[int]]] = {}
        self._sorted: dict[str, list[Any]] = {}
        self._asked: dict[str, int] = {}
        self._support: list[Support] | None = None
        self._cited: frozenset[str] | None = None

    def support(self, pos: int) -> Support:
        """The support of the claim at ``pos`` (see :mod:`kevidence.graph.support`)."""
        return self._supports()[pos]

    def supportable(self, pos: int) -> CEBMLevel | None:
        """The best supportable level of the claim at ``pos``."""
        return self._supports()[pos].best_level

    def _supports(self) -> list[Support]:
        if self._support is None:
            index = SupportIndex({c.id: c for c in self.claims}, self._sources)
            every = index.supports()
            self._support = [every[c.id] for c in self.claims]
        return self._support

    def cited_keys(self) -> frozenset[str]:
        """Every key some claim cites (in the .bib or not)."""
        if self._cited is None:
            self._cited = frozenset().union(*map(attrgetter("sources"), self.claims))
        return self._cited

    def column(self, facet: QueryFacet) -> list[Any]:
        """Every claim's value for a facet, in file order (kept once read)."""
        found = self._columns.get(facet.name)
        if found is None:
            if facet.supported is not None:
                found = list(map(facet.supported, self._supports()))
            else:
                assert facet.value is not None
                found = list(map(facet.value, self.claims))
            self._columns[facet.name] = found
        return found

    def _index(self, facet: QueryFacet) -> dict[Any, set[int]]:
        index = self._indexes.get(facet.name)
        if index is None:
            index = {}
            column = self.column(facet)
            if facet.compare == "many":
                for pos, values in enumerate(column):
                    for value in values:
                        found = index.get(value)
                        if found is None:
                            index[value] = {pos}
                        else:
                            found.add(pos)
            else:
                for pos, value in enumerate(column):
                    if value is not None:
                        found = index.get(value)
                        if found is None:
                            index[value] = {pos}
                        else:
                            found.add(pos)
            # the sorted keys first: a thread that sees the index may read them at once
            self._sorted[facet.name] = sorted(index) if facet.compare in ("least", "most") else []
            self._indexes[facet.name] = index
        return index

    def _matching(self, facet: QueryFacet, wanted: Any) -> set[int] | None:
        """The positions passing one facet from its index (never to be changed: it may be the
        index's own set); None when the facet has no index yet."""
        asked = self._asked[facet.name] = self._asked.get(facet.name, 0) + 1
        if facet.name not in self._indexes and asked < 2:
            return None
        index = self._index(facet)
        if facet.compare in ("one", "many"):
            keys: list[Any] = [v for v in wanted if v in index]
        else:
            ordered = self._sorted[facet.name]
            if facet.compare == "least":
                keys = ordered[bisect.bisect_left(ordered, wanted):]
            else:
                keys = ordered[:bisect.bisect_right(ordered, wanted)]
        if len(keys) == 1:
            return index[keys[0]]
        return set().union(*(index[k] for k in keys))

    def _scan(self, facet: QueryFacet, wanted: Any, among: Sequence[int] | None) -> list[int]:
        """The positions passing one facet, read from its column (at C speed); ``among``: only
        these positions (the survivors of the facets before), read from the claims themselves
        unless the column is kept already."""
        column = self._columns.get(facet.name)
        if among is None:
            values: Sequence[Any] = self.column(facet)
            positions: Iterable[int] = range(len(values))
        else:
            if column is not None:
                values = [column[p] for p in among]
            elif facet.supported is not None:
                supports = self._supports()
                values = [facet.supported(supports[p]) for p in among]
            else:
                assert facet.value is not None
                values = list(map(facet.value, map(self.claims.__getitem__, among)))
            positions = among
        if facet.compare == "one":
            passed: Iterable[Any] = map(wanted.__contains__, values)
        elif facet.compare == "many":
            passed = map(not_, map(wanted.isdisjoint, values))
        else:
            passed = (v is not None and (v >= wanted if facet.compare == "least" else v <= wanted)
                      for v in values)
        return list(compress(positions, passed))

    def positions(self, flt: ClaimFilter) -> list[int]:
        """Positions of the claims that pass ``flt``, in file order."""
        if not flt.conditions:
            return list(range(len(self.claims)))
        found: set[int] | None = None
        scans = []
        for facet, wanted in flt.conditions:
            matching = self._matching(facet, wanted)
            if matching is None:
                scans.append((facet, wanted))
            else:
                found = matching if found is None else found & matching
        ordered = sorted(found) if found is not None else None
        for facet, wanted in scans:
            if ordered is not None and not ordered:
                break
            ordered = self._scan(facet, wanted, ordered)
        assert ordered is not None
        return ordered

    def select(self, flt: ClaimFilter) -> list[Claim]:
        """The claims that pass ``flt``, in file order."""
        return [self.claims[p] for p in self.positions(flt)]


def query_signature() -> inspect.Signature:
    """The signature of :meth:`kevidence.KnowledgeBase.query`, made from :data:`FACETS`."""
    params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    params += [inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default, annotation=f.annotation)
               for f in FACETS]
    return inspect.Signature(params, return_annotation=list[Claim])


def facet_docs(indent: str = "        ") -> str:
    """One line per facet, for the docstring of :meth:`kevidence.KnowledgeBase.query`."""
    return "\n".join(f"{indent}``{f.name}``: {f.doc}" for f in FACETS)
