"""Identifiers of sources: DOI, PMID and URL, normalised and checked.

A malformed identifier is not a load error (the audit reports it); these functions say
whether a value is well-formed and give the form used for comparison.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:")
_PMID = re.compile(r"^[1-9]\d{0,8}$")


def normalize_doi(value: str) -> str | None:
    """The DOI in its bare lower-case form (``10.1213/ane.0000000000001787``), or None if malformed.

    DOIs are case-insensitive, so comparisons use this form; resolver prefixes are dropped.

    >>> normalize_doi("https://doi.org/10.1213/ANE.0000000000001787")
    '10.1213/ane.0000000000001787'
    >>> normalize_doi("not a doi") is None
    True
    """
    text = value.strip()
    lowered = text.lower()
    for prefix in _DOI_PREFIXES:
        if lowered.startswith(prefix):
            text = text[len(prefix):].strip()
            break
    return text.lower() if _DOI.match(text) else None


def normalize_pmid(value: str) -> str | None:
    """The PMID as digits without leading zeros, or None if it is not a PubMed id.

    >>> normalize_pmid(" 28743507 ")
    '28743507'
    """
    text = value.strip()
    if text.lower().startswith("pmid:"):
        text = text[5:].strip()
    return text if _PMID.match(text) else None


def normalize_url(value: str) -> str | None:
    """The URL if it is an absolute http(s) URL with a host, else None.

    >>> normalize_url("https://example.org/page") is not None
    True
    >>> normalize_url("www.example.org") is None
    True
    """
    text = value.strip()
    if any(ch.isspace() for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or "." not in host:
        return None
    return text
