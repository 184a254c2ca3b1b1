"""Verifying a base's entries against Crossref and PubMed, and recording what agrees.

:func:`verify` fetches the records of every entry with a DOI or PMID (through the session's
cache), then runs the audit's lookup rules (KE201 onwards) over them. :func:`record_verified`
writes, through the lossless editor, the fields that agree into ``verified`` (taking them out
of ``ascited`` and ``unverified``), the day into ``verifieddate``, and the abstract into an
``abstract`` field when the entry has none, so that a quotation can be checked offline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from kevidence.errors import KevidenceError, Problem
from kevidence.lookup.session import LookupSession, NotCachedError
from kevidence.sources.compare import (
    Lookups,
    SourceLookup,
    abstract_of,
    agreeing_fields,
    compare_source,
)
from kevidence.sources.latex import encode_latex
from kevidence.sources.model import Source, split_list
from kevidence.sources.registry import Record

if TYPE_CHECKING:
    from kevidence.audit.model import AuditReport
    from kevidence.kb import KnowledgeBase

LOOKUP_RULES = ("KE2",)


@dataclass(frozen=True)
class Verification:
    """A verification run: the records fetched and the findings of the lookup rules."""

    lookups: Lookups
    report: AuditReport


def fetch_lookups(sources: Mapping[str, Source], session: LookupSession, day: date | None = None) -> Lookups:
    """The registries' records of every entry with a well-formed DOI or PMID.

    Offline, every identifier missing from the cache is named in one :class:`NotCachedError`.
    """
    by_key: dict[str, SourceLookup] = {}
    missing: list[Problem] = []
    session.prefetch_pubmed(s.pmid for s in sources.values() if s.pmid)
    for key, source in sources.items():
        if not source.doi and not source.pmid:
            continue
        try:
            by_key[key] = _lookup_source(key, source, session)
        except NotCachedError as exc:
            missing.extend(exc.problems)
    if missing:
        raise NotCachedError("not in the lookup cache", missing)
    return Lookups(by_key, (day or date.today()).isoformat())


def _lookup_source(key: str, source: Source, session: LookupSession) -> SourceLookup:
    records: list[Record] = []
    not_found: list[tuple[str, str]] = []
    pubmed: Record | None = None
    if source.doi:
        found = session.crossref(source.doi)
        if found is None:
            not_found.append(("Crossref", source.doi))
        else:
            records.append(found)
    if source.pmid:
        pubmed = session.pubmed(source.pmid)
        if pubmed is None:
            not_found.append(("PubMed", source.pmid))
        else:
            records.append(pubmed)
            if not source.doi and pubmed.doi:
                # PubMed names the DOI: Crossref's record may hold retraction notices.
                extra = session.crossref(pubmed.doi)
                if extra is not None:
                    records.append(extra)
    # PubMed is searched for the DOI unless the entry's PMID record already lists that DOI.
    searched = bool(source.doi) and (pubmed is None or pubmed.doi != source.doi)
    linked = session.pmid_of(source.doi) if searched and source.doi else None
    if linked and linked != source.pmid:
        record = session.pubmed(linked)
        if record is not None:
            records.append(record)
    return SourceLookup(key, tuple(records), tuple(not_found), linked, link_searched=searched)


def verify(kb: KnowledgeBase, session: LookupSession, *, day: date | None = None,
           severities: Mapping[str, Any] | None = None) -> Verification:
    """Fetch the records of the base's entries and compare them; nothing is written.

    New answers go to the cache only when every fetch succeeded.
    """
    try:
        lookups = fetch_lookups(kb.sources, session, day)
    except KevidenceError:
        session.cache.discard()
        raise
    session.commit()
    report = kb.audit(select=list(LOOKUP_RULES), severities=severities, settings={"lookups": lookups})
    return Verification(lookups, report)


def verified_changes(source: Source, lookup: SourceLookup, day: str) -> dict[str, str | None]:
    """The field changes that record what agrees with the registries (empty: nothing new)."""
    agreeing = agreeing_fields(compare_source(source, lookup))
    changes: dict[str, str | None] = {}
    if agreeing:
        verified = list(split_list(source.field("verified")))
        known = {v.lower() for v in verified}
        added = [name for name in agreeing if name not in known]
        if added:
            changes["verified"] = ", ".join(verified + added)
        for list_field in ("ascited", "unverified"):
            current = split_list(source.field(list_field))
            kept = [name for name in current if name.lower() not in agreeing]
            if len(kept) != len(current):
                changes[list_field] = ", ".join(kept) if kept else None
        if changes or source.field("verifieddate") != day:
            changes["verifieddate"] = day
    abstract = abstract_of(lookup)
    if abstract and not source.field("abstract"):
        changes["abstract"] = encode_latex(abstract)
    return changes


def record_verified(kb: KnowledgeBase, lookups: Lookups, keys: Iterable[str] | None = None) -> dict[str, dict[str, str | None]]:
    """Apply :func:`verified_changes` to the base through ``update_source``; returns them by key.

    The base is changed in memory; call ``kb.save()`` to write it.
    """
    wanted = set(keys) if keys is not None else None
    applied: dict[str, dict[str, str | None]] = {}
    for key, lookup in lookups.by_key.items():
        source = kb.sources.get(key)
        if source is None or (wanted is not None and key not in wanted):
            continue
        changes = verified_changes(source, lookup, lookups.day)
        if changes:
            kb.update_source(key, changes)
            applied[key] = changes
    return applied
