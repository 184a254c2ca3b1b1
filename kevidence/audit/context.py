"""What an audit rule may read: the knowledge base's data and where things are, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kevidence.bulk import release_free_memory
from kevidence.claims.model import Claim
from kevidence.claims.vocabulary import Vocabulary
from kevidence.errors import Location, Problem, Suggester
from kevidence.graph.support import Support, SupportIndex
from kevidence.sources.model import Source
from kevidence.sources.texts import SourceText, SourceTexts, texts_folder

if TYPE_CHECKING:
    import networkx as nx

    from kevidence.article.analysis import ArticleAnalysis


class AuditSubject(Protocol):
    """The parts of a knowledge base that the audit reads."""

    @property
    def claims(self) -> Mapping[str, Claim]: ...
    @property
    def sources(self) -> Mapping[str, Source]: ...
    @property
    def graph(self) -> nx.MultiDiGraph[str]: ...
    @property
    def vocabulary(self) -> Vocabulary: ...
    @property
    def load_problems(self) -> tuple[Problem, ...]: ...
    def claim_location(self, claim_id: str) -> Location: ...
    def source_location(self, key: str) -> Location: ...


def setting_key(name: str) -> str:
    """Settings are spelled as in the config file (``stale-years``); ``stale_years`` is the same."""
    return name.strip().lower().replace("_", "-")


@dataclass
class AuditContext:
    """One audit run: the knowledge base, the settings in force, and what the run has seen.

    ``article`` is the analysis of the article being checked (``kevidence article check``):
    the article rules judge it, and find nothing without one. ``ran`` holds the codes of the
    rules that ran before the late rules, and ``suppressed``
    the (claim id, rule code) pairs whose findings a suppression removed, so that the
    ``unused-suppression`` rule can tell a suppression that did something from one that did not.
    """

    kb: AuditSubject
    settings: Mapping[str, Any] = field(default_factory=dict)
    article: ArticleAnalysis | None = None
    ran: set[str] = field(default_factory=set)
    suppressed: set[tuple[str, str]] = field(default_factory=set)
    _suggesters: dict[str, Suggester] = field(default_factory=dict, repr=False)
    _support: dict[str, Support] = field(default_factory=dict, repr=False)
    _support_index: SupportIndex | None = field(default=None, repr=False)
    _claim_locations: dict[str, Location] | None = field(default=None, repr=False)
    _citing: dict[str, list[str]] | None = field(default=None, repr=False)
    _cited: frozenset[str] | None = field(default=None, repr=False)
    _texts: SourceTexts | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.settings = {setting_key(k): v for k, v in self.settings.items()}
        # Read the mappings once: rules look things up in them in their innermost loops.
        self.claims: Mapping[str, Claim] = self.kb.claims
        self.sources: Mapping[str, Source] = self.kb.sources

    def setting(self, name: str, default: Any = None) -> Any:
        """A setting's value (``stale-years``, ``retractions``, ...), or ``default``."""
        value = self.settings.get(setting_key(name))
        return default if value is None else value

    @property
    def graph(self) -> nx.MultiDiGraph[str]:
        return self.kb.graph

    @property
    def vocabulary(self) -> Vocabulary:
        return self.kb.vocabulary

    @property
    def load_problems(self) -> tuple[Problem, ...]:
        return tuple(getattr(self.kb, "load_problems", ()))

    def claim_location(self, claim_id: str) -> Location:
        """Where a claim is (looked up once per claim and audit: a claim may have several findings)."""
        known = self._claim_locations
        if known is None:
            # Every claim's location at once (one pass over the file) when the base offers it.
            every = getattr(self.kb, "claim_locations", None)
            known = self._claim_locations = every() if callable(every) else {}
            # Finding the lines read the claims file back: its scratch pages go back to the
            # system rather than stay part of the process for the rest of the audit.
            release_free_memory()
        found = known.get(claim_id)
        if found is None:
            found = known[claim_id] = self.kb.claim_location(claim_id)
        return found

    def source_location(self, key: str) -> Location:
        return self.kb.source_location(key)

    def support(self, claim_id: str) -> Support:
        """The sources a claim rests on and the best level they reach (walked once per audit)."""
        found = self._support.get(claim_id)
        if found is None:
            found = self._support[claim_id] = self.support_index.support(claim_id)
        return found

    @property
    def support_index(self) -> SupportIndex:
        """The support of every claim, computed on demand and shared by the rules."""
        if self._support_index is None:
            self._support_index = SupportIndex(self.claims, self.sources)
        return self._support_index

    def contradicted(self, claim_id: str) -> bool:
        """Whether a cited source contradicts the claim (or a claim it is drawn from); cheaper
        than :meth:`support` when, as usual, nothing does."""
        return bool(self.support_index.against(claim_id))

    def source_text(self, key: str) -> SourceText | None:
        """The text of a source when the base holds it: ``texts/KEY.txt`` beside the .bib (or
        in the folder of the ``texts`` setting), else the entry's ``abstract`` field."""
        if self._texts is None:
            configured = self.setting("texts")
            folder = Path(configured) if configured else texts_folder(getattr(self.kb, "bib_path", None))
            self._texts = SourceTexts(self.sources, folder)
        return self._texts.get(key)

    def cited_keys(self) -> frozenset[str]:
        """Every BibTeX key some claim cites (collected once per audit)."""
        if self._cited is None:
            self._cited = frozenset(c.source for claim in self.claims.values() for c in claim.citations)
        return self._cited

    def citing_claims(self, key: str) -> list[str]:
        """Ids of the claims that cite a BibTeX key, in file order (indexed once per audit)."""
        if self._citing is None:
            citing: dict[str, list[str]] = {}
            for claim in self.claims.values():
                for cited in claim.sources:
                    citing.setdefault(cited, []).append(claim.id)
            self._citing = citing
        return self._citing.get(key, [])

    @property
    def source_suggester(self) -> Suggester:
        """The BibTeX keys, indexed once per audit for "did you mean" hints (no rule compares
        every unknown key with every source)."""
        if "source" not in self._suggesters:
            self._suggesters["source"] = Suggester(self.sources)
        return self._suggesters["source"]
