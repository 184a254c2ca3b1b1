"""Looking references up in Crossref and PubMed, and verifying a base's entries against them.

>>> from kevidence.lookup import parse_identifier
>>> parse_identifier("doi:10.1016/j.pmn.2017.05.006")
('doi', '10.1016/j.pmn.2017.05.006')

A session asks the registries through an on-disk cache (see :mod:`kevidence.lookup.settings`
for where they are and who asks); :func:`lookup` gives both registries' records of a DOI or
PMID, :func:`entry_text` writes them as a BibTeX entry, :func:`verify` compares a base's
entries with their records and :func:`record_verified` records what agrees.
"""

from kevidence.lookup.cache import Cache
from kevidence.lookup.client import Answer, HttpClient, RegistryError
from kevidence.lookup.compare import FieldCheck, Lookups, SourceLookup, compare_source
from kevidence.lookup.entry import citation_key, entry_text, propose_design
from kevidence.lookup.record import Author, Notice, NoticeKind, Record
from kevidence.lookup.session import (
    LookupSession,
    NotCachedError,
    Reference,
    UnknownIdentifierError,
    parse_identifier,
)
from kevidence.lookup.settings import (
    LookupSettings,
    LookupSettingsError,
    lookup_settings,
)
from kevidence.lookup.verify import Verification, fetch_lookups, record_verified, verify

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
    own = session or LookupSession(lookup_settings())
    reference = own.reference(identifier)
    own.commit()
    return reference
