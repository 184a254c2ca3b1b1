"""The knowledge base: claims and sources loaded together, their graph, and the calls on them.

:func:`load` is the way in. A :class:`KnowledgeBase` owns the current claims and sources
(edited in place, each edit checked first) and the record of what its files held
(:class:`kevidence.store.files.LoadedFiles`); saving turns that record and the current state into
the next record (:func:`kevidence.store.save.save_files`). Queries, traces and audits delegate to
the pure functions of their modules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Unpack

from kevidence.bulk import paused_gc, release_free_memory
from kevidence.claims.facets import Facet, facet_of
from kevidence.claims.model import Citation, Claim, ClaimsFile, Document, Stance
from kevidence.claims.store import ClaimsText, claims_from_text, read_data
from kevidence.claims.vocabulary import Term, Vocabulary, VocabularyExtension
from kevidence.errors import (
    DataFileError,
    EditError,
    Location,
    Problem,
    closest,
    display_path,
    unknown_claim,
    unknown_source,
)
from kevidence.graph.query import ClaimIndex, KnownKeys, QueryFilters, facet_docs, make_filter, query_signature
from kevidence.progress import Progress
from kevidence.sources.bibtex import BibFile, load_bib
from kevidence.sources.model import Source
from kevidence.store import edit
from kevidence.store.files import LoadedFiles
from kevidence.store.transaction import read_consistent

if TYPE_CHECKING:
    import networkx as nx

    from kevidence.audit import AuditReport, Severity
    from kevidence.audit.config import AuditConfig
    from kevidence.graph.table import EvidenceTable
    from kevidence.graph.trace import Trace

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
    ``graph`` is the evidence graph (read it, do not mutate it). Edits (``add_claim``,
    ``link``, ``update_source``, ...) are checked before they apply; ``save()`` writes them.

    Reading from many threads at once is safe: queries, traces, evidence tables and audits
    change nothing but caches that every thread would fill alike. Edits, ``save`` and
    ``reload`` need the base to themselves. ``changed_on_disk()`` tells a long-running tool
    that an editor saved; ``reload()`` reads the files again.
    """

    def __init__(self, files: LoadedFiles, vocabulary: Vocabulary, *, strict: bool = True) -> None:
        self._files = files
        self._strict = strict
        self._vocabulary = vocabulary
        self._claims: dict[str, Claim] = {c.id: c for c in files.claims}
        self._sources: dict[str, Source] = dict(files.bib.sources)
        self._documents: dict[str, Document] = {d.id: d for d in files.claims_file.documents}
        self._own_terms: VocabularyExtension | None = files.claims_file.vocabulary  # the file's "vocabulary"
        self._raw_values: dict[str, dict[str, str]] = {}  # BibTeX text of values to keep as written
        self._graph: nx.MultiDiGraph[str] | None = None  # built on first use (see graph)
        self._index: ClaimIndex | None = None  # built on first query
        self._encoding: str | None = None  # the .bib encoding asked for at load (None: detected)

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
        by_key = dict(sources) if isinstance(sources, Mapping) else {s.key: s for s in sources}
        claims_file = ClaimsFile.model_construct(claims=tuple(claims), documents=tuple(documents))
        files = LoadedFiles(claims_file, ClaimsText(None, ""), BibFile(None, "", None, by_key))
        return cls(files, vocabulary or Vocabulary.builtin())

    # -- reading ---------------------------------------------------------------------------------

    @property
    def claims(self) -> Mapping[str, Claim]:
        """Claim id -> :class:`Claim`, in file order (new claims last)."""
        return MappingProxyType(self._claims)

    @property
    def sources(self) -> Mapping[str, Source]:
        """BibTeX key -> :class:`Source`, in file order (new sources last)."""
        return MappingProxyType(self._sources)

    @property
    def documents(self) -> Mapping[str, Document]:
        """Document id -> :class:`Document`."""
        return MappingProxyType(self._documents)

    @property
    def vocabulary(self) -> Vocabulary:
        """The vocabularies in force: built-in terms plus the claims file's own."""
        return self._vocabulary

    @property
    def strict(self) -> bool:
        """Whether the base was loaded strictly (bad BibTeX blocks stopped the load)."""
        return self._strict

    @property
    def claims_path(self) -> Path | None:
        """The claims file (None for a base built in memory)."""
        return self._files.claims_text.path

    @property
    def bib_path(self) -> Path | None:
        """The ``.bib`` file (None for a base built in memory)."""
        return self._files.bib.path

    @property
    def load_problems(self) -> tuple[Problem, ...]:
        """Problems met while loading leniently (bad BibTeX blocks); empty when strict."""
        return tuple(self._files.bib.problems)

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id; :class:`UnknownClaimError` (with a suggestion) if none."""
        try:
            return self._claims[claim_id]
        except KeyError:
            raise unknown_claim(claim_id, self._claims) from None

    def source(self, key: str) -> Source:
        """The source with this BibTeX key; :class:`UnknownSourceError` (with a suggestion) if none."""
        try:
            return self._sources[key]
        except KeyError:
            raise unknown_source(key, self._sources) from None

    def claim_location(self, claim_id: str) -> Location:
        """File, line and JSON path of a claim as the claims file holds it (the file alone for
        a claim added since the last save)."""
        return self._files.claim_location(claim_id)

    def claim_locations(self) -> dict[str, Location]:
        """File, line and JSON path of every claim the claims file holds."""
        return self._files.claim_locations()

    def source_location(self, key: str) -> Location:
        """File and line of a BibTeX entry as the ``.bib`` holds it."""
        return self._files.source_location(key)

    @property
    def graph(self) -> nx.MultiDiGraph[str]:
        """The evidence graph (see :mod:`kevidence.graph.network`), built on first use and then kept
        in step with every edit. Loading, querying and auditing do not need it, so a base that
        is only queried or audited never pays for it in time or memory."""
        if self._graph is None:
            from kevidence.graph.network import build_graph

            with paused_gc():
                self._graph = build_graph(self._claims.values(), self._sources, self._documents.values())
        return self._graph

    @property
    def index(self) -> ClaimIndex:
        """The facet columns and indexes of the claims (see :mod:`kevidence.graph.query`), made on
        first use and dropped by any edit."""
        if self._index is None:
            self._index = ClaimIndex(list(self._claims.values()), self._sources)
        return self._index

    # -- query, trace, audit ---------------------------------------------------------------------

    def query(self, **filters: Unpack[QueryFilters]) -> list[Claim]:
        """The claims that pass every filter given, in file order.

        Each facet takes one value or a list of alternatives:

{facets}

        Vocabulary ids include their narrower terms (``chronic-neuropathic-pain`` includes
        ``crps``) unless ``include_narrower=False``. ``cites`` with ``stance`` asks for a
        citation of that key with that stance. Relief compares the claim's parsed bounds, in
        days (months count 30): ``min_relief="P2W"`` keeps claims whose relief *lower* bound
        is at least 14 days, ``max_relief="P3M"`` those whose *upper* bound is at most 90 days;
        a claim without the bound compared never matches. ``evidence_level=N`` keeps claims
        asserting level N or stronger (level <= N); ``supportable_level=N`` claims whose
        sources can support level N or stronger (:mod:`kevidence.graph.support`).

        Raises :class:`VocabularyError` for an unknown facet value (listing the valid ones and
        the closest), :class:`UnknownSourceError` for an unknown key, :class:`QueryError` for
        a malformed duration or level.

        >>> import kevidence
        >>> [c.relief.text for c in kevidence.load().query(condition="crps", min_relief="P2W")]
        ['several weeks', 'several months in some cases']
        """
        index = self.index
        known = KnownKeys(self._sources, index.cited_keys)  # cited keys the .bib lacks are valid too
        return index.select(make_filter(self._vocabulary, known, known_documents=self.documents, **filters))

    if query.__doc__:  # the facets listed from the one table that defines them
        query.__doc__ = query.__doc__.replace("{facets}", facet_docs())
    query.__signature__ = query_signature()  # type: ignore[attr-defined]

    def claims_about(self, condition: str, include_narrower: bool = True) -> list[Claim]:
        """Every claim about a condition (and, by default, the conditions below it)."""
        return self.query(condition=condition, include_narrower=include_narrower)

    def sources_of(self, claim_id: str) -> list[Source]:
        """The sources a claim cites directly, in citation order (keys missing from the .bib skipped)."""
        return [self._sources[k] for k in self.claim(claim_id).sources if k in self._sources]

    def citing_claims(self, key: str) -> list[Claim]:
        """The claims citing a source directly, in file order."""
        return [self._claims[c] for c in edit.citing_claims(key, self._claims)]

    def derived_claims(self, claim_id: str, transitive: bool = False) -> list[Claim]:
        """The claims drawn from this one (with ``transitive``, from those too)."""
        from kevidence.graph.neighbourhood import derived_claim_ids

        self.claim(claim_id)
        return [self._claims[c] for c in derived_claim_ids(self.graph, claim_id, transitive)]

    def trace(self, claim_id: str) -> Trace:
        """The evidence tree of one claim; see :func:`kevidence.graph.trace.trace`."""
        from kevidence.graph.trace import trace

        return trace(self.graph, self._claims, self._sources, claim_id)

    def evidence_table(self, claims: Iterable[Claim] | None = None, **filters: Unpack[QueryFilters]) -> EvidenceTable:
        """The evidence table of some claims, or of ``query(**filters)`` when none are given."""
        from kevidence.graph.table import EvidenceTable, evidence_row

        chosen = list(claims) if claims is not None else self.query(**filters)
        index = self.index
        positions = {c.id: p for p, c in enumerate(index.claims)}
        return EvidenceTable(tuple(evidence_row(c, index.support(positions[c.id])) for c in chosen))

    def audit(
        self,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        severities: Mapping[str, Severity | str] | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> AuditReport:
        """Run the audit rules over the base; see :func:`kevidence.audit.run_audit`."""
        from kevidence.audit import run_audit

        with paused_gc():
            return run_audit(self, select=select, ignore=ignore, severities=severities, settings=settings)

    def audit_config(self, path: str | Path | None = None) -> AuditConfig:
        """The audit settings: from ``path``, else the data folder's ``kevidence.toml`` or
        ``pyproject.toml`` ``[tool.kevidence]`` table, else defaults."""
        from kevidence.audit.config import AuditConfig, find_config, load_config

        found = Path(path) if path is not None else find_config(
            self.claims_path.parent if self.claims_path else None
        )
        return load_config(found) if found is not None else AuditConfig()

    # -- editing: each edit is checked in kevidence.store.edit first, then applied whole ---------------

    def add_claim(self, claim: Claim | Mapping[str, Any]) -> Claim:
        """Add a claim (a :class:`Claim` or a mapping shaped like a claims.json entry).

        Raises :class:`EditError` (and leaves the base unchanged) for an invalid claim, a
        taken id, unknown vocabulary ids, documents or ``derived_from`` targets.
        """
        new = edit.claim_from(claim)
        edit.check_claim(new, self._claims, self._documents, self._vocabulary, new=True)
        self._put_claim(new)
        return new

    def update_claim(self, claim_id: str, claim: Claim | Mapping[str, Any] | None = None, /, **changes: Any) -> Claim:
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
        if self._graph is not None:
            from kevidence.graph.network import drop_claim

            drop_claim(self._graph, claim_id)
        del self._claims[claim_id]
        self._index = None
        return old

    def link(
        self,
        claim_id: str,
        key: str,
        *,
        stance: str | Stance | None = None,
        locator: str | None = None,
        quote: str | None = None,
        **citation: Any,
    ) -> Claim:
        """Make a claim cite a source the base holds (more fields: ``attribution``, ``note``).

        ``stance`` defaults to ``supports`` (left out of the file unless given).
        """
        fields = {"stance": stance, "locator": locator, "quote": quote, **citation}
        new = edit.linked_claim(self.claim(claim_id), key, self._sources, fields)
        self._put_claim(new)
        return new

    def update_citation(self, claim_id: str, key: str, **changes: Any) -> Claim:
        """Change fields of a claim's citation of ``key`` in place (``None`` clears a field):
        ``stance``, ``locator``, ``quote``, ``attribution``, ``note``."""
        new = edit.recited_claim(self.claim(claim_id), key, changes)
        self._put_claim(new)
        return new

    def citation(self, claim_id: str, key: str) -> Citation:
        """A claim's citation of ``key``; :class:`EditError` when the claim does not cite it."""
        return edit.citation_of(self.claim(claim_id), key)

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
        if bibtex is not None:
            if key is not None or fields is not None:
                raise EditError("add_source takes BibTeX text or key and fields, not both")
            added = self.add_sources(bibtex, expect_one=True)
            return added[0]
        self._require_lossless_bib()
        if key is None:
            raise EditError("add_source needs BibTeX text or a key",
                            [Problem(Location(), "no key given", "pass key=... and fields={...}")])
        source, raw = edit.source_from_fields(key, entry_type, fields or {}, self._sources,
                                              quotes=edit.bib_quotes(self._files.bib))
        self._raw_values[source.key] = raw
        self._put_source(source)
        return source

    def add_sources(self, bibtex: str, *, expect_one: bool = False) -> list[Source]:
        """Add every entry of a BibTeX text, all or none: one :class:`EditError` lists every
        problem (a bad block, a taken or repeated key) and then nothing is added."""
        self._require_lossless_bib()
        parsed = edit.sources_from_bibtex(bibtex, self._files.bib.strings, self._sources, expect_one=expect_one)
        for source, raw in parsed:
            self._raw_values[source.key] = raw
            self._put_source(source)
        return [source for source, _ in parsed]

    def update_source(self, key: str, fields: Mapping[str, str | None] | None = None, *,
                      entry_type: str | None = None) -> Source:
        """Set (a value) or remove (``None``) fields of a source; only those bytes change on save."""
        old = self.source(key)
        self._require_lossless_bib(key)
        new = edit.changed_source(old, fields or {}, entry_type)
        for name in fields or {}:
            self._raw_values.get(key, {}).pop(name.lower(), None)
        self._put_source(new)
        return new

    def remove_source(self, key: str) -> Source:
        """Remove a source. Refused (:class:`EditError` naming them) while claims cite it."""
        old = self.source(key)
        self._require_lossless_bib(key)
        citing = edit.citing_claims(key, self._claims)
        if citing:
            raise EditError(
                f"source {key!r} was not removed",
                [Problem(self.claim_location(c), f"claim {c!r} cites it", f"unlink {key!r} from it first")
                 for c in citing],
            )
        del self._sources[key]
        self._raw_values.pop(key, None)
        self._index = None
        if self._graph is not None:
            from kevidence.graph.network import drop_source

            drop_source(self._graph, key)
        return old

    def add_document(self, document: Document | Mapping[str, Any]) -> Document:
        """Add a document that states claims (an article, a leaflet, a web page); checked first.

        ``document`` is a :class:`Document` or a mapping of its fields (``id``, ``title``,
        ``path`` relative to the claims file, ``url``, ``publisher``, ``note``).
        """
        new = edit.document_from(document)
        if new.id in self._documents:
            raise EditError(f"document {new.id!r} was not added", [Problem(
                Location("<input>", json_path="$.id"), f"a document with id {new.id!r} already exists",
                "choose another id, or change it with update_document (kevidence document set)")])
        self._documents[new.id] = new
        self._graph = None  # rebuilt on next use with the document
        return new

    def add_term(self, facet: Facet | str, term: Term | Mapping[str, Any]) -> Term:
        """Add a term of the base's own to a vocabulary (saved under ``"vocabulary"`` in
        ``claims.json``); checked first.

        ``facet`` is a :class:`Facet` or its name (``"intervention"``, ``"condition"``,
        ``"pain-type"``, ``"population"``); ``term`` a :class:`Term` or a mapping of its fields
        (``id``, ``label``, ``synonyms``, ``parents``, ``group``). Raises :class:`EditError` for
        an id the vocabulary holds already, a parent it does not hold, or an invalid field.
        """
        chosen = edit.facet_named(facet)
        new = edit.term_from(term)
        terms = self._vocabulary.terms(chosen)
        problems = []
        if new.id in terms:
            problems.append(Problem(Location("term", json_path="$.id"),
                                    f"the {chosen.label} vocabulary has a term {new.id!r} already ({terms[new.id].label})",
                                    "choose another id, or list it with 'kevidence vocab'"))
        for i, parent in enumerate(new.parents):
            if parent not in terms:
                guess = closest(parent, terms)
                problems.append(Problem(Location("term", json_path=f"$.parents[{i}]"),
                                        f"no {chosen.label} term {parent!r}",
                                        (f"did you mean {guess!r}? " if guess else "")
                                        + f"'kevidence vocab {facet_of(chosen).slug}' lists them"))
        if problems:
            raise EditError(f"term {new.id!r} was not added", problems)
        own = self._own_terms or VocabularyExtension()
        field = chosen.extension_field
        self._own_terms = own.model_copy(update={field: (*getattr(own, field), new)})
        self._vocabulary = self._vocabulary.extended(VocabularyExtension(**{field: (new,)}))
        self._index = None  # queries read the vocabulary's hierarchy
        return new

    def update_document(self, document_id: str, **changes: Any) -> Document:
        """Change fields of a document (``None`` clears a field); its id is stable."""
        new = edit.changed_document(self.document(document_id), changes)
        self._documents[document_id] = new
        self._graph = None
        return new

    def remove_document(self, document_id: str) -> Document:
        """Remove a document; refused while claims are stated in it (the error names them)."""
        old = self.document(document_id)
        stating = [c.id for c in self._claims.values() if any(s.document == document_id for s in c.stated_in)]
        if stating:
            raise EditError(f"document {document_id!r} was not removed", [Problem(
                Location("<input>"), f"{len(stating)} claims are stated in it: {', '.join(stating[:5])}"
                + (", ..." if len(stating) > 5 else ""), "remove those claims or move them to another document first")])
        del self._documents[document_id]
        self._graph = None
        return old

    def document(self, document_id: str) -> Document:
        """The document with this id; :class:`EditError` (with a suggestion) if none."""
        try:
            return self._documents[document_id]
        except KeyError:
            from kevidence.errors import did_you_mean

            hint = did_you_mean(document_id, self._documents)
            known = ", ".join(sorted(self._documents)) or "none"
            raise EditError(f"no document with id {document_id!r}", [Problem(
                Location("<input>"), f"the base has no document {document_id!r}" + (f" ({hint})" if hint else ""),
                f"documents: {known}; add one with add_document (kevidence document add)")]) from None

    @property
    def modified(self) -> bool:
        """Whether the base holds edits not yet saved."""
        from kevidence.store.save import claims_changed, documents_changed, sources_changed

        return (claims_changed(self._files, self._claims) or sources_changed(self._files, self._sources)
                or documents_changed(self._files, tuple(self._documents.values()))
                or self._own_terms != self._files.claims_file.vocabulary)

    def save(self, *, lock_timeout: float | None = None) -> list[Path]:
        """Write the edits to both files, losslessly and atomically; returns the paths written.

        Unchanged files are not touched; in a changed file only the edited claims or entries
        change. Raises :class:`ConflictError` (writing nothing) if either file changed on disk
        since it was loaded or last saved, or when another save holds the base's lock for more
        than ``lock_timeout`` seconds (default ``KEVIDENCE_LOCK_TIMEOUT``, else 10). Both files
        change together or not at all, even if the process dies mid-save
        (:mod:`kevidence.store.transaction`). The base keeps its objects and its graph.
        """
        from kevidence.store.save import save_files

        self._files, written = save_files(self._files, self._claims, self._sources, self._raw_values, lock_timeout,
                                          documents=tuple(self._documents.values()), vocabulary=self._own_terms)
        if written:
            self._raw_values = {}
        return written

    def changed_on_disk(self) -> bool:
        """Whether either data file changed on disk since this base read or last saved it (an
        editor saved, another program wrote); always False for a base built in memory."""
        from kevidence.text.encoding import changed_since

        files = ((self._files.claims_text.path, self._files.claims_text.stamp),
                 (self._files.bib.path, self._files.bib.stamp))
        return any(path is not None and changed_since(path, stamp) for path, stamp in files)

    def reload(self, *, discard_edits: bool = False) -> bool:
        """Read both files again if they changed on disk; returns whether it did.

        For a long-running tool: afterwards the base answers from the new files only (claims,
        sources, vocabulary, indexes and graph are all rebuilt on next use; nothing stale is
        kept). A base holding unsaved edits raises :class:`EditError` rather than lose them,
        unless ``discard_edits=True``. Reloading, like editing, needs the base to itself: do
        not run it while other threads read the same base (give them a new base instead).
        """
        if self.claims_path is None or self.bib_path is None or not self.changed_on_disk():
            return False
        if self.modified and not discard_edits:
            raise EditError("the base was not reloaded", [Problem(
                Location(display_path(self.claims_path)), "the base holds edits that are not saved",
                "save them first (they may conflict), or reload with discard_edits=True")])
        fresh = load(claims=self.claims_path, bib=self.bib_path, strict=self._strict, encoding=self._encoding)
        vars(self).update(vars(fresh))
        return True

    def _require_lossless_bib(self, key: str | None = None) -> None:
        bib = self._files.bib
        problem = None
        if bib.spans is None and bib.path is not None:
            problem = "the file could not be cut into blocks, so it cannot be edited without reformatting it"
        elif key is not None and key in bib.damaged:
            problem = f"entry {key!r} was read only in part"
        if problem:
            raise EditError("the .bib file was not changed",
                            [Problem(Location(display_path(self.bib_path)), problem,
                                     "fix the problems that load reports, then edit")])

    def _put_claim(self, claim: Claim) -> None:
        if self._graph is not None:
            from kevidence.graph.network import put_claim

            put_claim(self._graph, claim)
        self._claims[claim.id] = claim
        self._index = None

    def _put_source(self, source: Source) -> None:
        if self._graph is not None:
            from kevidence.graph.network import put_source

            put_source(self._graph, source)
        self._sources[source.key] = source
        self._index = None  # supportable levels depend on the sources

    def __repr__(self) -> str:
        return f"<KnowledgeBase {len(self._claims)} claims, {len(self._sources)} sources>"


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
    # The one place a load pauses the collector and trims the heap: the functions it calls
    # build millions of objects that all stay alive (see kevidence.bulk).
    # Both files as one state: all as before a save or all as after it, never a mixed pair
    # (a save that died is finished first; see kevidence.store.transaction).
    claims_raw, bib_raw = read_consistent([claims_path, bib_path], ["claims file", "BibTeX file"])
    with paused_gc():
        # The .bib first: the memory its parser's temporary blocks free is then reused by the
        # claim models instead of staying in the process as free space.
        report("reading BibTeX")
        bib_file = load_bib(bib_path, strict=strict, encoding=encoding, raw_read=bib_raw)
        del bib_raw
        report("reading claims")
        # Decoded first and the bytes dropped, so that the file is not held twice (bytes and
        # text) while its claims are built: that is the load's peak of memory.
        decoded = read_data(claims_path, "claims file", claims_raw)
        del claims_raw
        claims_file, vocabulary, claims_text = claims_from_text(claims_path, *decoded)
        del decoded
        report("linking")
        files = LoadedFiles(claims_file, claims_text, bib_file)
        kb = KnowledgeBase(files, vocabulary, strict=strict)
        kb._encoding = encoding
    release_free_memory()  # the parsers' freed scratch memory goes back to the system
    report("done")
    return kb


SCHEMA_FILE = "claims.schema.json"


def create(path: str | Path) -> KnowledgeBase:
    """Start an empty knowledge base in a folder (made if missing) and return it loaded.

    Writes ``claims.json`` (no documents, no claims, pointing to its JSON Schema),
    ``claims.schema.json`` beside it (editors use it to check and complete the file) and an empty
    ``references.bib``. Refuses, writing nothing, when either data file is already there.
    """
    import json

    from kevidence.claims.schema import claims_schema
    from kevidence.store.atomic import write_atomic

    folder = Path(path)
    present = [folder / name for name in (CLAIMS_FILE, BIB_FILE) if (folder / name).exists()]
    if present:
        raise DataFileError("no knowledge base was created", [Problem(
            Location(display_path(p)), "the file is already there",
            "use the base that is there, or choose another folder") for p in present])
    if folder.exists() and not folder.is_dir():
        raise DataFileError("no knowledge base was created", [Problem(
            Location(display_path(folder)), "not a folder", "choose a folder; a missing one is made")])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        schema = json.dumps(claims_schema(), indent=2, ensure_ascii=False) + "\n"
        write_atomic(folder / SCHEMA_FILE, schema.encode("utf-8"))
        write_atomic(folder / BIB_FILE, b"")
        claims = {"$schema": f"./{SCHEMA_FILE}", "documents": [], "claims": []}
        write_atomic(folder / CLAIMS_FILE, (json.dumps(claims, indent=2) + "\n").encode("utf-8"))
    except OSError as exc:
        raise DataFileError("no knowledge base was created", [Problem(
            Location(display_path(folder)), exc.strerror or str(exc), "choose a folder you can write to")]) from None
    return load(folder)


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
