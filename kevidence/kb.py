"""The knowledge base: claims and sources loaded together, their graph, and the calls on them.

:func:`load` is the way in. A :class:`KnowledgeBase` exposes read-only mappings of claims and
sources, the evidence graph, and methods that delegate to the pure functions of the query,
trace and audit modules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import networkx as nx

from kevidence.audit import AuditReport, Severity, run_audit
from kevidence.bulk import paused_gc
from kevidence.claims.model import Claim, ClaimsFile, Document
from kevidence.claims.store import ClaimsText, load_claims
from kevidence.claims.vocabulary import Vocabulary
from kevidence.errors import DataFileError, Location, Problem, UnknownClaimError, closest, display_path
from kevidence.graph import build_graph
from kevidence.progress import Progress
from kevidence.sources.bibtex import BibFile, load_bib
from kevidence.sources.model import Source

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
        self._documents: dict[str, Document] = {d.id: d for d in claims_file.documents}
        with paused_gc():
            self._graph = build_graph(claims_file.claims, bib.sources, claims_file.documents)

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

    def __repr__(self) -> str:
        return f"<KnowledgeBase {len(self._claims)} claims, {len(self._bib.sources)} sources>"


def load(
    path: str | Path | None = None,
    *,
    claims: str | Path | None = None,
    bib: str | Path | None = None,
    strict: bool = True,
    progress: Progress | None = None,
) -> KnowledgeBase:
    """Load a knowledge base.

    ``load()`` reads the bundled data; ``load("dir")`` reads ``dir/claims.json`` and
    ``dir/references.bib``; ``load(claims=..., bib=...)`` names the files (either overrides
    the folder's). With ``strict=False`` bad BibTeX blocks do not stop the load: they become
    ``load_problems`` and ``bib-parse-error`` findings of the audit.

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
    report = _phases(progress, claims_path, bib_path)
    with paused_gc():
        report("reading claims")
        claims_file, vocabulary, claims_text = load_claims(claims_path)
        report("reading BibTeX")
        bib_file = load_bib(bib_path, strict=strict)
        report("building graph")
        kb = KnowledgeBase(claims_file, bib_file, vocabulary, claims_text)
        report("done")
        return kb


# Relative cost of each load phase per byte of its file, measured on generated bases (a
# BibTeX byte costs about eight claims bytes); only the progress bar's estimate uses them.
_PHASE_COST = {"reading claims": ("claims", 1.0), "reading BibTeX": ("bib", 8.0), "building graph": ("claims", 0.2)}


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
