"""The knowledge base: claims and sources loaded together, their graph, and the calls on them.

:func:`load` is the way in. A :class:`KnowledgeBase` exposes read-only mappings of claims and
sources, the evidence graph, and methods that delegate to the pure functions of the query,
trace and audit modules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import networkx as nx

from kevidence.audit import AuditReport, Severity, run_audit
from kevidence.claims.model import Claim, ClaimsFile, Document
from kevidence.claims.store import ClaimsText, load_claims
from kevidence.claims.vocabulary import Vocabulary
from kevidence.errors import DataFileError, Location, Problem, UnknownClaimError, closest, display_path
from kevidence.graph import build_graph
from kevidence.query import ClaimIndex, Values, make_filter
from kevidence.sources.bibtex import BibFile, load_bib
from kevidence.sources.model import Source

if TYPE_CHECKING:
    from kevidence.table import EvidenceTable
    from kevidence.trace import Trace

CLAIMS_FILE = "claims.json"
BIB_FILE = "references.bib"


def bundled_data_dir() -> Path:
    """The folder of the data shipped with kevidence (inside the package once installed)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / CLAIMS_FILE).is_file():
            return candidate
    raise DataFileError(
        "the bundled data is missing",
        [Problem(Location(str(here / "data")), "no claims.json found", "reinstall kevidence")],
    )


class KnowledgeBase:
    """Claims linked to their sources in one graph.

    Build one with :func:`kevidence.load`. ``claims`` and ``sources`` are read-only mappings;
    ``graph`` is the evidence graph (read it, do not mutate it).
    """

    def __init__(
        self,
        claims_file: ClaimsFile,
        bib: BibFile,
        vocabulary: Vocabulary,
        claims_text: ClaimsText,
    ) -> None:
        self._file = claims_file
        self._bib = bib
        self._claims_text = claims_text
        self._vocabulary = vocabulary
        self._claims: dict[str, Claim] = {c.id: c for c in claims_file.claims}
        self._claim_index = {c.id: i for i, c in enumerate(claims_file.claims)}
        self._documents: dict[str, Document] = {d.id: d for d in claims_file.documents}
        self._graph = build_graph(claims_file.claims, bib.sources, claims_file.documents)
        self._index: ClaimIndex | None = None

    @classmethod
    def from_models(
        cls,
        claims: Iterable[Claim],
        sources: Mapping[str, Source] | Iterable[Source] = (),
        documents: Iterable[Document] = (),
        vocabulary: Vocabulary | None = None,
    ) -> KnowledgeBase:
        """A knowledge base built in memory from models, with no files behind it.

        The claims are trusted as given (no cross-checks); ``save`` has nowhere to write.
        """
        import bibtexparser

        by_key = dict(sources) if isinstance(sources, Mapping) else {s.key: s for s in sources}
        claims_file = ClaimsFile.model_construct(claims=tuple(claims), documents=tuple(documents))
        bib = BibFile(None, "", bibtexparser.Library(), by_key)
        return cls(claims_file, bib, vocabulary or Vocabulary.builtin(), ClaimsText(None, ""))

    @property
    def claims(self) -> Mapping[str, Claim]:
        """Claim id -> :class:`Claim`, in file order."""
        return MappingProxyType(self._claims)

    @property
    def sources(self) -> Mapping[str, Source]:
        """BibTeX key -> :class:`Source`, in file order."""
        return MappingProxyType(self._bib.sources)

    @property
    def documents(self) -> Mapping[str, Document]:
        """Document id -> :class:`Document`."""
        return MappingProxyType(self._documents)

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The evidence graph (see :mod:`kevidence.graph`)."""
        return self._graph

    @property
    def vocabulary(self) -> Vocabulary:
        """The vocabularies in force: built-in terms plus the claims file's own."""
        return self._vocabulary

    @property
    def claims_path(self) -> Path | None:
        return self._claims_text.path

    @property
    def bib_path(self) -> Path | None:
        return self._bib.path

    @property
    def load_problems(self) -> tuple[Problem, ...]:
        """Problems met while loading leniently (bad BibTeX blocks); empty when strict."""
        return tuple(self._bib.problems)

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id; :class:`UnknownClaimError` (with a suggestion) if none."""
        try:
            return self._claims[claim_id]
        except KeyError:
            guess = closest(claim_id, self._claims)
            hint = f" (did you mean {guess!r}?)" if guess else ""
            raise UnknownClaimError(f"no claim with id {claim_id!r}{hint}") from None

    def claim_location(self, claim_id: str) -> Location:
        """File, line and JSON path of a claim."""
        index = self._claim_index.get(claim_id)
        if index is None:
            return Location(display_path(self.claims_path))
        return self._claims_text.location(("claims", index))

    def source_location(self, key: str) -> Location:
        """File and line of a BibTeX entry."""
        source = self._bib.sources.get(key)
        return Location(display_path(self.bib_path), source.line if source else None)

    def audit(
        self,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        severities: Mapping[str, Severity | str] | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> AuditReport:
        """Run the audit rules over the base; see :func:`kevidence.audit.run_audit`."""
        return run_audit(self, select=select, ignore=ignore, severities=severities, settings=settings)

    @property
    def index(self) -> ClaimIndex:
        """The facet indexes of the claims, built on first use and kept (see :mod:`kevidence.query`)."""
        if self._index is None:
            self._index = ClaimIndex(list(self._claims.values()), self._graph, self._bib.sources)
        return self._index

    def _reset_index(self) -> None:
        """Drop the facet indexes; an edit to the claims must call this."""
        self._index = None

    def query(
        self,
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
        include_narrower: bool = True,
    ) -> list[Claim]:
        """The claims that pass every filter given, in file order.

        Each facet takes one value or a list of alternatives. ``condition``, ``pain_type``
        and ``intervention`` are vocabulary ids; a broader term includes its narrower ones
        (``chronic-neuropathic-pain`` includes ``crps``) unless ``include_narrower=False``.
        ``kind``, ``setting`` and ``stance`` are their enum values; ``cites`` a BibTeX key
        (with ``stance``, the citation of that source must have that stance).

        Relief compares the claim's parsed bounds, in days (months count 30):
        ``min_relief="P2W"`` keeps claims whose relief *lower* bound is at least 14 days;
        ``max_relief="P3M"`` keeps claims whose *upper* bound is at most 90 days. Approximate
        bounds are compared as they stand ("several weeks" is 21 to 49 days). A claim without
        relief, or without the bound compared (``"short-term"`` has no lower bound), never
        matches a relief filter.

        ``evidence_level=N`` keeps claims asserting a CEBM level at least as strong as N
        (level <= N); ``supportable_level=N`` keeps claims whose sources can support a level
        at least as strong as N (:func:`kevidence.support.claim_support`).

        Raises :class:`VocabularyError` for an unknown facet value (listing the valid ones and
        the closest), :class:`UnknownSourceError` for an unknown key, :class:`QueryError`
        for a malformed duration or level.

        >>> import kevidence
        >>> [c.relief.text for c in kevidence.load().query(condition="crps", min_relief="P2W")]
        ['several weeks', 'several months in some cases']
        """
        index = self.index
        # Keys cited but missing from the .bib are valid too; built only when asked for.
        known = self._bib.sources.keys() | index.by_source.keys() if cites is not None else ()
        flt = make_filter(
            self._vocabulary, known, condition=condition, pain_type=pain_type,
            intervention=intervention, kind=kind, setting=setting, cites=cites, stance=stance,
            min_relief=min_relief, max_relief=max_relief, evidence_level=evidence_level,
            supportable_level=supportable_level, include_narrower=include_narrower,
        )
        return index.select(flt)

    def claims_about(self, condition: str, include_narrower: bool = True) -> list[Claim]:
        """Every claim about a condition (and, by default, the conditions below it)."""
        return self.query(condition=condition, include_narrower=include_narrower)

    def sources_of(self, claim_id: str) -> list[Source]:
        """The sources a claim cites directly, in citation order (keys missing from the .bib skipped)."""
        from kevidence.neighbourhood import sources_of

        self.claim(claim_id)
        return [self._bib.sources[k] for k in sources_of(self._graph, claim_id) if k in self._bib.sources]

    def citing_claims(self, key: str) -> list[Claim]:
        """The claims citing a source directly, in file order."""
        from kevidence.neighbourhood import citing_claims

        return [self._claims[c] for c in citing_claims(self._graph, key)]

    def derived_claims(self, claim_id: str, transitive: bool = False) -> list[Claim]:
        """The claims drawn from this one (with ``transitive``, from those too)."""
        from kevidence.neighbourhood import derived_claims

        self.claim(claim_id)
        return [self._claims[c] for c in derived_claims(self._graph, claim_id, transitive)]

    def trace(self, claim_id: str) -> Trace:
        """The evidence tree of one claim; see :func:`kevidence.trace.trace`."""
        from kevidence.trace import trace

        return trace(self._graph, self._claims, self._bib.sources, claim_id)

    def evidence_table(self, claims: Iterable[Claim] | None = None, **filters: Any) -> EvidenceTable:
        """The evidence table of some claims, or of ``query(**filters)`` when none are given."""
        from kevidence.table import evidence_row

        chosen = list(claims) if claims is not None else self.query(**filters)
        index = self.index
        positions = {c.id: p for p, c in enumerate(index.claims)}
        from kevidence.table import EvidenceTable

        return EvidenceTable(tuple(evidence_row(c, index.supportable(positions[c.id])) for c in chosen))

    def __repr__(self) -> str:
        return f"<KnowledgeBase {len(self._claims)} claims, {len(self._bib.sources)} sources>"


def load(
    path: str | Path | None = None,
    *,
    claims: str | Path | None = None,
    bib: str | Path | None = None,
    strict: bool = True,
) -> KnowledgeBase:
    """Load a knowledge base.

    ``load()`` reads the bundled data; ``load("dir")`` reads ``dir/claims.json`` and
    ``dir/references.bib``; ``load(claims=..., bib=...)`` names the files (either overrides
    the folder's). With ``strict=False`` bad BibTeX blocks do not stop the load: they become
    ``load_problems`` and ``bib-parse-error`` findings of the audit.

    Raises a :class:`kevidence.KevidenceError` subclass naming the file and line (or JSON
    path) of every problem found.

    >>> kb = load()
    >>> "maher2017" in kb.sources
    True
    """
    if path is None and claims is None and bib is None:
        folder: Path | None = bundled_data_dir()
    else:
        folder = Path(path) if path is not None else None
    if folder is not None and not folder.is_dir():
        raise DataFileError(
            "knowledge base folder not found",
            [Problem(Location(display_path(folder)), "no such folder",
                     f"pass a folder holding {CLAIMS_FILE} and {BIB_FILE}")],
        )
    claims_path = Path(claims) if claims is not None else _in(folder, CLAIMS_FILE)
    bib_path = Path(bib) if bib is not None else _in(folder, BIB_FILE)
    claims_file, vocabulary, claims_text = load_claims(claims_path)
    bib_file = load_bib(bib_path, strict=strict)
    return KnowledgeBase(claims_file, bib_file, vocabulary, claims_text)


def _in(folder: Path | None, name: str) -> Path:
    if folder is None:
        raise DataFileError(
            f"no {name} given",
            [Problem(Location(None), f"{name} is needed", "pass both claims= and bib=, or a folder")],
        )
    return folder / name
