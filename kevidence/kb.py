"""The knowledge base: claims and sources loaded together, their graph, and the calls on them.

:func:`load` is the way in. A :class:`KnowledgeBase` exposes read-only mappings of claims and
sources, the evidence graph, and methods that delegate to the pure functions of the query,
trace and audit modules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import networkx as nx

from kevidence import edit
from kevidence.audit import AuditReport, Severity, run_audit
from kevidence.bulk import paused_gc, release_free_memory
from kevidence.audit.config import AuditConfig, find_config, load_config
from kevidence.claims.model import Claim, ClaimsFile, Document, Stance
from kevidence.claims.store import ClaimsText, load_claims
from kevidence.claims.vocabulary import Vocabulary
from kevidence.errors import (
    DataFileError,
    EditError,
    Location,
    Problem,
    UnknownClaimError,
    UnknownSourceError,
    closest,
    display_path,
)
from kevidence.graph import CITES, CLAIM, SOURCE, add_claim_edges, build_graph, claim_node, remove_claim_edges, source_node
from kevidence.save import SavedState, save_knowledge_base
from kevidence.progress import Progress
from kevidence.query import ClaimIndex, Values, make_filter
from kevidence.sources.bibtex import BibFile, load_bib
from kevidence.sources.model import Source
from kevidence.sources.writer import detect_style as detect_bib_style

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
        self._bib_shown: str | None = None
        self._vocabulary = vocabulary
        self._claims: dict[str, Claim] = {c.id: c for c in claims_file.claims}
        self._claim_index = {c.id: i for i, c in enumerate(claims_file.claims)}
        self._loaded_ids = tuple(self._claim_index)
        self._documents: dict[str, Document] = {d.id: d for d in claims_file.documents}
        self._built_graph: nx.MultiDiGraph | None = None  # built on first use (see graph)
        self._saved = SavedState(claims_file.claims, dict(bib.sources))
        self._raw_values: dict[str, dict[str, str]] = {}  # BibTeX text of values to keep as written
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
        """The evidence graph (see :mod:`kevidence.graph`), built on first use and then kept
        in step with every edit. Loading, querying and auditing do not need it, so a base that
        is only queried or audited never pays for it in time or memory."""
        return self._graph

    @property
    def _graph(self) -> nx.MultiDiGraph:
        if self._built_graph is None:
            with paused_gc():
                self._built_graph = build_graph(self._claims.values(), self._bib.sources, self._documents.values())
        return self._built_graph

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
        return self._claims_text.claim_location(index, self._loaded_ids)

    def claim_locations(self) -> dict[str, Location]:
        """File, line and JSON path of every claim the claims file held when loaded or saved."""
        ids = self._loaded_ids
        return dict(zip(ids, self._claims_text.claim_locations(ids)))

    def source_location(self, key: str) -> Location:
        """File and line of a BibTeX entry."""
        source = self._bib.sources.get(key)
        if self._bib_shown is None:
            self._bib_shown = display_path(self.bib_path) or ""
        return Location(self._bib_shown or None, source.line if source else None)

    def audit(
        self,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        severities: Mapping[str, Severity | str] | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> AuditReport:
        """Run the audit rules over the base; see :func:`kevidence.audit.run_audit`."""
        with paused_gc():
            return run_audit(self, select=select, ignore=ignore, severities=severities, settings=settings)

    def audit_config(self, path: str | Path | None = None) -> AuditConfig:
        """The audit settings: from ``path``, else the data folder's ``kevidence.toml`` or
        ``pyproject.toml`` ``[tool.kevidence]`` table, else defaults."""
        found = Path(path) if path is not None else find_config(
            self.claims_path.parent if self.claims_path else None
        )
        return load_config(found) if found is not None else AuditConfig()

    # -- editing: each edit is validated in kevidence.edit first, then applied whole -------------

    def add_claim(self, claim: Claim | Mapping[str, Any]) -> Claim:
        """Add a claim (a :class:`Claim` or a mapping shaped like a claims.json entry).

        Raises :class:`EditError` (and leaves the base unchanged) for an invalid claim, a
        taken id, unknown vocabulary ids, documents or ``derived_from`` targets.
        """
        new = edit.claim_from(claim)
        edit.check_claim(new, self._claims, self._documents, self._vocabulary, new=True)
        self._put_claim(new)
        return new

    def update_claim(self, claim_id: str, claim: Claim | None = None, /, **changes: Any) -> Claim:
        """Replace a claim, or change some of its fields (``None`` clears one); the id stays."""
        old = self.claim(claim_id)
        new = edit.claim_from(claim) if claim is not None else edit.changed_claim(old, changes)
        if new.id != claim_id:
            edit.changed_claim(old, {"id": new.id})  # raises: ids are stable
        edit.check_claim(new, self._claims, self._documents, self._vocabulary, new=False)
        self._put_claim(new)
        return new

    def remove_claim(self, claim_id: str) -> Claim:
        """Remove a claim. Refused (:class:`EditError` naming them) while other claims derive from it."""
        old = self.claim(claim_id)
        children = edit.dependents(claim_id, self._claims)
        if children:
            raise EditError(
                f"claim {claim_id!r} was not removed",
                [Problem(self.claim_location(c), f"claim {c!r} is derived from it",
                         f"remove {claim_id!r} from its derived_from first") for c in children],
            )
        if self._built_graph is not None:
            remove_claim_edges(self._built_graph, claim_id)
            self._built_graph.remove_node(claim_node(claim_id))
        del self._claims[claim_id]
        self._sync_file()
        return old

    def link(self, claim_id: str, key: str, *, stance: str | Stance | None = None,
             locator: str | None = None, quote: str | None = None, **citation: Any) -> Claim:
        """Make a claim cite a source the base holds (more fields: ``attribution``, ``note``).

        ``stance`` defaults to ``supports`` (left out of the file unless given).
        """
        fields = {"stance": stance, "locator": locator, "quote": quote, **citation}
        new = edit.linked_claim(self.claim(claim_id), key, self._bib.sources, fields)
        self._put_claim(new)
        return new

    def unlink(self, claim_id: str, key: str) -> Claim:
        """Remove a claim's citations of a source."""
        new = edit.unlinked_claim(self.claim(claim_id), key)
        self._put_claim(new)
        return new

    def add_source(self, bibtex: str | None = None, *, key: str | None = None,
                   entry_type: str = "misc", fields: Mapping[str, str] | None = None) -> Source:
        """Add a source from one BibTeX entry's text, or from its key, type and field values.

        Field values are given as written between braces (LaTeX kept). The entry is written
        at the end of the file in the file's own style; a BibTeX text's macros stay macros.
        """
        self._require_lossless_bib()
        if bibtex is not None:
            if key is not None or fields is not None:
                raise EditError("add_source takes BibTeX text or key and fields, not both")
            source, raw = edit.source_from_bibtex(bibtex, self._bib.strings, self._bib.sources)
        else:
            if key is None:
                raise EditError("add_source needs BibTeX text or a key",
                                [Problem(Location(), "no key given", "pass key=... and fields={...}")])
            quotes = detect_bib_style(self._bib.text, self._bib.spans or []).quotes
            source, raw = edit.source_from_fields(key, entry_type, fields or {}, self._bib.sources, quotes=quotes)
        self._raw_values[source.key] = raw
        self._put_source(source)
        return source

    def update_source(self, key: str, fields: Mapping[str, str | None] | None = None, *,
                      entry_type: str | None = None) -> Source:
        """Set (a value) or remove (``None``) fields of a source; only those bytes change on save."""
        old = self._source(key)
        self._require_lossless_bib(key)
        new = edit.changed_source(old, fields or {}, entry_type)
        for name, value in (fields or {}).items():
            self._raw_values.get(key, {}).pop(name.lower(), None)
        self._put_source(new)
        return new

    def remove_source(self, key: str) -> Source:
        """Remove a source. Refused (:class:`EditError` naming them) while claims cite it."""
        old = self._source(key)
        self._require_lossless_bib(key)
        citing = edit.citing_claims(key, self._claims)
        if citing:
            raise EditError(
                f"source {key!r} was not removed",
                [Problem(self.claim_location(c), f"claim {c!r} cites it", f"unlink {key!r} from it first") for c in citing],
            )
        del self._bib.sources[key]
        self._raw_values.pop(key, None)
        self._reset_index()
        graph = self._built_graph
        if graph is not None:
            node = source_node(key)
            cited_by_sources = any(r == CITES for _, _, r in graph.in_edges(node, data="relation"))
            if cited_by_sources:
                for _, target, k in list(graph.out_edges(node, keys=True)):
                    graph.remove_edge(node, target, k)
                graph.nodes[node]["missing"] = True
            else:
                graph.remove_node(node)
        return old

    @property
    def modified(self) -> bool:
        """Whether the base holds edits not yet saved."""
        return (tuple(self._claims.values()) != tuple(self._saved.claims)
                or self._bib.sources != self._saved.sources)

    def save(self) -> list[Path]:
        """Write both files back, losslessly and atomically; returns the paths written.

        Unchanged files are not touched; in a changed file only the edited claims or entries
        change. Raises :class:`ConflictError` (writing nothing) if either file changed on disk
        since it was loaded.
        """
        written = save_knowledge_base(self, self._saved, self._raw_values)
        self._reload_saved()
        return written

    def _source(self, key: str) -> Source:
        try:
            return self._bib.sources[key]
        except KeyError:
            guess = closest(key, self._bib.sources)
            raise UnknownSourceError(f"no source with key {key!r}" + (f" (did you mean {guess!r}?)" if guess else "")) from None

    def _require_lossless_bib(self, key: str | None = None) -> None:
        problem = None
        if self._bib.spans is None:
            problem = "the file could not be cut into blocks, so it cannot be edited without reformatting it"
        elif key is not None and key in self._bib.damaged:
            problem = f"entry {key!r} was read only in part"
        if problem:
            raise EditError("the .bib file was not changed",
                            [Problem(Location(display_path(self.bib_path)), problem,
                                     "fix the problems that load reports, then edit")])

    def _put_claim(self, claim: Claim) -> None:
        graph = self._built_graph
        if graph is not None:
            node = claim_node(claim.id)
            if node in graph:
                remove_claim_edges(graph, claim.id)
                graph.nodes[node].pop("missing", None)
            else:
                graph.add_node(node, type=CLAIM)
            add_claim_edges(graph, claim)
        self._claims[claim.id] = claim
        self._sync_file()

    def _put_source(self, source: Source) -> None:
        graph = self._built_graph
        if graph is not None:
            node = source_node(source.key)
            if node in graph:
                for _, target, k, relation in list(graph.out_edges(node, keys=True, data="relation")):
                    if relation == CITES:
                        graph.remove_edge(node, target, k)
                graph.nodes[node].pop("missing", None)
            else:
                graph.add_node(node, type=SOURCE)
            for cited in source.cites:
                target = source_node(cited)
                if target not in graph:
                    graph.add_node(target, type=SOURCE, missing=True)
                graph.add_edge(node, target, relation=CITES)
        self._bib.sources[source.key] = source
        self._reset_index()  # supportable levels depend on the sources

    def _sync_file(self) -> None:
        self._file = self._file.model_copy(update={"claims": tuple(self._claims.values())})
        self._reset_index()

    def _reload_saved(self) -> None:
        # After a save the files on disk are the new baseline: re-read positions and fingerprints.
        fresh = load(claims=self.claims_path, bib=self.bib_path, strict=False, encoding=self._bib.encoding)
        self.__dict__.update(fresh.__dict__)

    @property
    def index(self) -> ClaimIndex:
        """The facet indexes of the claims, built on first use and kept (see :mod:`kevidence.query`)."""
        if self._index is None:
            self._index = ClaimIndex(list(self._claims.values()), self._bib.sources)
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
    progress: Progress | None = None,
    encoding: str | None = None,
) -> KnowledgeBase:
    """Load a knowledge base.

    ``load()`` reads the bundled data; ``load("dir")`` reads ``dir/claims.json`` and
    ``dir/references.bib``; ``load(claims=..., bib=...)`` names the files (either overrides
    the folder's). With ``strict=False`` bad BibTeX blocks do not stop the load: they become
    ``load_problems`` and ``bib-parse-error`` findings of the audit. ``encoding`` names the
    ``.bib`` file's encoding (e.g. ``"latin-1"``; default: a JabRef ``% Encoding:`` line, else
    UTF-8); a save writes the file back in it. ``claims.json`` is always UTF-8.

    Raises a :class:`kevidence.KevidenceError` subclass naming the file and line (or JSON
    path) of every problem found. ``progress``, if given, is called as ``progress(phase,
    fraction_done)`` as the load moves on (see :class:`kevidence.progress.ProgressBar`).

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
    absent = [Problem(Location(display_path(p)), "no such file", "create it or pass the right path")
              for p in (claims_path, bib_path) if not p.exists()]
    if absent:  # both files named at once, before either is read
        raise DataFileError("knowledge base file not found" if len(absent) == 1 else "knowledge base files not found",
                            absent)
    report = _phases(progress, claims_path, bib_path)
    with paused_gc():
        # The .bib first: the memory its parser's temporary blocks free is then reused by the
        # claim models instead of staying in the process as free space.
        report("reading BibTeX")
        bib_file = load_bib(bib_path, strict=strict, encoding=encoding)
        report("reading claims")
        claims_file, vocabulary, claims_text = load_claims(claims_path)
        report("linking")
        kb = KnowledgeBase(claims_file, bib_file, vocabulary, claims_text)
    release_free_memory()  # the parsers' freed scratch memory goes back to the system
    report("done")
    return kb


# Relative cost of each load phase per byte of its file, measured on generated bases (a
# BibTeX byte costs about eight claims bytes); only the progress bar's estimate uses them.
_PHASE_COST = {"reading BibTeX": ("bib", 8.0), "reading claims": ("claims", 1.0), "linking": ("claims", 0.05)}


def _phases(progress: Progress | None, claims_path: Path, bib_path: Path) -> Callable[[str], None]:
    """A reporter that turns phase names into ``progress(phase, fraction_done)`` calls."""
    if progress is None:
        return lambda phase: None
    sizes = {}
    for name, path in (("claims", claims_path), ("bib", bib_path)):
        try:
            sizes[name] = path.stat().st_size
        except OSError:
            sizes[name] = 0
    costs = [(phase, sizes[file] * weight) for phase, (file, weight) in _PHASE_COST.items()]
    total = sum(cost for _, cost in costs) or 1.0
    starts: dict[str, float] = {}
    done = 0.0
    for phase, cost in costs:
        starts[phase] = done / total
        done += cost
    starts["done"] = 1.0
    callback = progress

    def report(phase: str) -> None:
        callback(phase, starts.get(phase, 0.0))

    return report


def _in(folder: Path | None, name: str) -> Path:
    if folder is None:
        raise DataFileError(
            f"no {name} given",
            [Problem(Location(None), f"{name} is needed", "pass both claims= and bib=, or a folder")],
        )
    return folder / name
