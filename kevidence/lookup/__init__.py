"""Looking references up in Crossref and PubMed, and verifying a base's entries against them.

>>> from kevidence.lookup import parse_identifier
>>> parse_identifier("doi:10.1016/j.pmn.2017.05.006")
('doi', '10.1016/j.pmn.2017.05.006')

A session asks the registries through an on-disk cache (see :mod:`kevidence.lookup.settings`
for where they are and who asks); :func:`lookup` gives both registries' records of a DOI or
PMID, :func:`entry_text` writes them as a BibTeX entry, :func:`verify` compares a base's
entries with their records and :func:`record_verified` records what agrees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kevidence.lazy import lazy_names

# Public name -> the module that defines it; imported on first use, so that the audit (whose
# lookup rules read only the records) does not load the HTTP client.
_HOMES = {
    "Cache": "cache", "Answer": "client", "HttpClient": "client", "RegistryError": "client",
    "FieldCheck": "-compare", "Lookups": "-compare", "SourceLookup": "-compare", "compare_source": "-compare",
    "citation_key": "entry", "entry_text": "entry", "propose_design": "entry",
    "Author": "-registry", "Notice": "-registry", "NoticeKind": "-registry", "Record": "-registry",
    "LookupSession": "session", "NotCachedError": "session", "Reference": "session",
    "UnknownIdentifierError": "session", "parse_identifier": "session",
    "LookupSettings": "settings", "LookupSettingsError": "settings", "lookup_settings": "settings",
    "Verification": "verify", "fetch_lookups": "verify", "record_verified": "verify", "verify": "verify",
}


# "-module": a module of kevidence.sources (what a registry says is data the audit reads too)
lazy_names(__name__, {name: f"kevidence.sources.{module[1:]}" if module.startswith("-") else f"kevidence.lookup.{module}"
                      for name, module in _HOMES.items()})

if TYPE_CHECKING:
    from kevidence.lookup.session import LookupSession, Reference


__all__ = [
    "Answer", "Author", "Cache", "FieldCheck", "HttpClient", "LookupSession", "LookupSettings",
    "LookupSettingsError", "Lookups", "NotCachedError", "Notice", "NoticeKind", "Record", "Reference",
    "RegistryError", "SourceLookup", "UnknownIdentifierError", "Verification", "citation_key",
    "compare_source", "entry_text", "fetch_lookups", "lookup", "lookup_settings", "parse_identifier",
    "propose_design", "record_verified", "verify",
]




def lookup(identifier: str, session: LookupSession | None = None) -> Reference:
    """Both registries' records of a DOI or PMID (settings from the environment unless a
    session is given); the answers are cached."""
    from kevidence.lookup.session import LookupSession
    from kevidence.lookup.settings import lookup_settings

    own = session or LookupSession(lookup_settings())
    reference = own.reference(identifier)
    own.commit()
    return reference
