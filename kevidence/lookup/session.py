"""One lookup session: the registries asked through the cache, DOIs and PMIDs linked.

A session reads the cache first (or only, ``offline``), asks Crossref for DOIs and PubMed for
PMIDs, links a DOI to its PMID (PubMed's search by DOI, accepted only when the PMID's record
lists that very DOI) and a PMID to its DOI (the ``articleids`` of its record). New answers
reach the cache only on :meth:`LookupSession.commit`.
"""

from __future__ import annotations

import dataclasses
import re
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from kevidence.errors import KevidenceError, Location, Problem
from kevidence.lookup import crossref, eutils
from kevidence.lookup.cache import Cache
from kevidence.lookup.client import Answer, HttpClient, public_url
from kevidence.lookup.crossref import BadAnswer
from kevidence.lookup.settings import LookupSettings, LookupSettingsError
from kevidence.sources.identifiers import normalize_doi, normalize_pmid
from kevidence.sources.registry import Record

IdentifierKind = Literal["doi", "pmid"]
BATCH = 200  # PMIDs per esummary or efetch request


class NotCachedError(KevidenceError):
    """``--offline`` was asked for and an answer is not in the cache."""


class UnknownIdentifierError(KevidenceError):
    """A DOI or PMID that the registry does not know, or text that is neither."""


def parse_identifier(text: str) -> tuple[IdentifierKind, str]:
    """``("doi", bare lower-case DOI)`` or ``("pmid", digits)``; :class:`UnknownIdentifierError` otherwise.

    >>> parse_identifier("https://doi.org/10.1213/ANE.0000000000004185"), parse_identifier("PMID:31082965")
    (('doi', '10.1213/ane.0000000000004185'), ('pmid', '31082965'))
    """
    doi = normalize_doi(text)
    if doi is not None:
        return "doi", doi
    pmid = normalize_pmid(text)
    if pmid is not None:
        return "pmid", pmid
    raise UnknownIdentifierError("not a DOI or PMID", [Problem(
        Location(None), f"{text!r} is neither a DOI nor a PubMed id",
        "write a DOI as 10.1213/ANE.0000000000004185 (or https://doi.org/...), a PMID as digits")])


@dataclass(frozen=True)
class Reference:
    """What the registries say about one paper: Crossref's record, PubMed's, or both."""

    asked: str
    crossref: Record | None = None
    pubmed: Record | None = None

    @property
    def records(self) -> tuple[Record, ...]:
        return tuple(r for r in (self.crossref, self.pubmed) if r is not None)

    @property
    def doi(self) -> str | None:
        return (self.crossref.doi if self.crossref else None) or (self.pubmed.doi if self.pubmed else None)

    @property
    def doi_text(self) -> str | None:
        """The DOI as the registry writes it (Crossref's case first)."""
        return (self.crossref.doi_text if self.crossref else None) or (self.pubmed.doi_text if self.pubmed else None)

    @property
    def pmid(self) -> str | None:
        return self.pubmed.pmid if self.pubmed else None


def check_url(name: str, url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise LookupSettingsError("bad lookup settings", [Problem(
            Location(None), f"{name} {url!r} is not an http(s) address", f"set {name} to e.g. https://...")])


class LookupSession:
    """Ask Crossref and PubMed through the cache; see the module documentation."""

    def __init__(self, settings: LookupSettings, *, offline: bool = False,
                 client: HttpClient | None = None, cache: Cache | None = None) -> None:
        from kevidence import __version__

        check_url("crossref-url", settings.crossref_url)
        check_url("eutils-url", settings.eutils_url)
        self.settings = settings
        self.offline = offline
        contact = f" (mailto:{settings.email})" if settings.email else ""
        self.client = client or HttpClient(timeout=settings.timeout, retries=settings.retries,
                                           deadline=settings.deadline, max_wait=settings.max_wait,
                                           user_agent=f"kevidence/{__version__}{contact}")
        self.cache = cache or Cache(settings.cache_folder, settings.cache_days)
        # NCBI allows 3 requests a second, 10 with an API key; Crossref says in its headers.
        self.client.limit(urllib.parse.urlsplit(settings.eutils_url).netloc, 10 if settings.ncbi_api_key else 3)
        crossref_host = urllib.parse.urlsplit(settings.crossref_url).netloc
        if not self.client.interval(crossref_host):
            self.client.limit(crossref_host, 10)

    # -- answers through the cache ---------------------------------------------------------

    def _answer(self, kind: str, identifier: str, url: str, params: dict[str, str], registry: str) -> Answer:
        cached = self.cache.get(kind, identifier, any_age=self.offline)
        if cached is not None:
            return cached.answer
        if self.offline:
            raise NotCachedError("not in the lookup cache", [Problem(
                Location(str(self.cache.path(kind, identifier))), f"no cached {registry} answer for {identifier}",
                "run once without --offline to fetch it")])
        answer = self.client.get(url, params, registry)
        self.cache.put(kind, identifier, Answer(answer.status, answer.body, public_url(answer.url)))
        return answer

    def _ncbi(self, **params: str) -> dict[str, str]:
        params = {"db": "pubmed", **params, "tool": self.settings.tool}
        if self.settings.email:
            params["email"] = self.settings.email
        if self.settings.ncbi_api_key:
            params["api_key"] = self.settings.ncbi_api_key
        return params

    def crossref(self, doi: str) -> Record | None:
        """Crossref's record of a DOI (None: Crossref does not know it)."""
        params = {"mailto": self.settings.email} if self.settings.email else {}
        answer = self._answer("crossref", doi, crossref.work_url(self.settings.crossref_url, doi), params, "Crossref")
        return registry_input(crossref.parse_work(answer, doi)) if answer.status == 200 else None

    def pubmed(self, pmid: str, *, abstract: bool = True) -> Record | None:
        """PubMed's record of a PMID, with its abstract (None: PubMed does not know it)."""
        base = self.settings.eutils_url.rstrip("/")
        answer = self._answer("esummary", pmid, f"{base}/esummary.fcgi",
                              self._ncbi(id=pmid, retmode="json"), "PubMed")
        record = eutils.parse_summary(answer, pmid) if answer.status == 200 else None
        if record is None or not abstract:
            return registry_input(record)
        fetched = self._answer("efetch", pmid, f"{base}/efetch.fcgi",
                               self._ncbi(id=pmid, retmode="xml", rettype="abstract"), "PubMed")
        text = eutils.parse_abstract(fetched, pmid) if fetched.status == 200 else None
        return registry_input(_with_abstract(record, text))

    def prefetch_pubmed(self, pmids: Iterable[str]) -> None:
        """Ask PubMed about many PMIDs at once (:data:`BATCH` a request) and cache the answer of
        each PMID on its own; PMIDs already cached are not asked again."""
        if self.offline:
            return
        base = self.settings.eutils_url.rstrip("/")
        wanted = list(dict.fromkeys(pmids))
        steps: tuple[tuple[str, dict[str, str], Callable[[Answer, list[str]], dict[str, str]]], ...] = (
            ("esummary", {"retmode": "json"}, eutils.split_summaries),
            ("efetch", {"retmode": "xml", "rettype": "abstract"}, eutils.split_articles),
        )
        for kind, params, split in steps:
            missing = [p for p in wanted if self.cache.get(kind, p) is None]
            for start in range(0, len(missing), BATCH):
                chunk = missing[start:start + BATCH]
                answer = self.client.get(f"{base}/{kind}.fcgi", self._ncbi(id=",".join(chunk), **params), "PubMed")
                if answer.status != 200:
                    continue  # each PMID is then asked on its own
                for pmid, body in split(answer, chunk).items():
                    self.cache.put(kind, pmid, Answer(200, body, public_url(answer.url)))

    def pmid_of(self, doi: str) -> str | None:
        """The PMID whose PubMed record lists this DOI (None: no such record)."""
        base = self.settings.eutils_url.rstrip("/")
        answer = self._answer("esearch", doi, f"{base}/esearch.fcgi",
                              self._ncbi(term=f"{doi}[doi]", retmode="json"), "PubMed")
        if answer.status != 200:
            return None
        for pmid in eutils.parse_search(answer)[:3]:
            record = self.pubmed(pmid, abstract=False)
            if record is not None and record.doi == doi:
                return pmid
        return None

    # -- whole references ------------------------------------------------------------------

    def reference(self, identifier: str) -> Reference:
        """Both registries' records of a DOI or PMID, linked; :class:`UnknownIdentifierError` if unknown."""
        kind, value = parse_identifier(identifier)
        if kind == "doi":
            found = self.crossref(value)
            pmid = self.pmid_of(value)
            record = self.pubmed(pmid) if pmid else None
            if found is None and record is None:
                raise _unknown("Crossref", value)
            return Reference(identifier, found, record)
        record = self.pubmed(value)
        if record is None:
            raise _unknown("PubMed", value)
        found = self.crossref(record.doi) if record.doi else None
        return Reference(identifier, found, record)

    def commit(self) -> None:
        """Write the new answers to the cache."""
        self.cache.commit()


def _unknown(registry: str, identifier: str) -> UnknownIdentifierError:
    return UnknownIdentifierError(f"{registry} does not know {identifier}", [Problem(
        Location(None), f"no {registry} record for {identifier}", "check the identifier for typos")])


def _with_abstract(record: Record, text: str | None) -> Record:
    from dataclasses import replace

    return replace(record, abstract=text) if text else record


#: The longest text a registry's record may give in a field (characters); a longer one is refused.
FIELD_LIMITS = {"title": 10_000, "abstract": 200_000}
OTHER_FIELD_LIMIT = 2_000
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROLS_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def registry_input(record: Record | None) -> Record | None:
    """A registry's record as input: control characters (NUL, escape...) become spaces, and a
    field longer than its limit (:data:`FIELD_LIMITS`) refuses the record with :class:`BadAnswer`."""
    if record is None:
        return None

    def clean(name: str, text: str) -> str:
        limit = FIELD_LIMITS.get(name, OTHER_FIELD_LIMIT)
        if len(text) > limit:
            raise BadAnswer(f"{record.registry}'s record is not usable", [Problem(
                Location(record.label), f"its {name} is {len(text):,} characters long (at most {limit:,} are read)",
                "check the identifier; if the registry's record is wrong, enter the source by hand")])
        return (_CONTROLS_BUT_NEWLINE if name == "abstract" else _CONTROLS).sub(" ", text)

    changes: dict[str, Any] = {}
    for name in ("doi_text", "title", "journal", "volume", "issue", "pages", "publisher", "abstract"):
        value = getattr(record, name)
        if isinstance(value, str):
            changes[name] = clean(name, value)
    changes["journal_names"] = tuple(clean("journal", n) for n in record.journal_names)
    changes["publication_types"] = tuple(clean("publication type", t) for t in record.publication_types)
    changes["authors"] = tuple(dataclasses.replace(a, family=clean("author", a.family), given=clean("author", a.given),
                                                   suffix=clean("author", a.suffix)) for a in record.authors)
    return dataclasses.replace(record, **changes)
