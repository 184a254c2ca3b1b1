"""Crossref's REST API: the address of a work and its ``message`` read into a :class:`Record`.

``GET {crossref-url}/works/{doi}`` answers ``{"status": "ok", "message": {...}}`` with
``DOI``, ``type``, ``title[]``, ``container-title[]``, ``author[{given, family, name,
sequence}]``, ``issued.date-parts``, ``volume``, ``issue``, ``page``, ``abstract`` (JATS XML),
``update-to`` (this work is a notice about another) and ``updated-by`` (notices about this
work: retractions, corrections, expressions of concern).
"""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from collections.abc import Mapping
from typing import Any

from kevidence.errors import KevidenceError, Location, Problem
from kevidence.lookup.client import Answer
from kevidence.sources.identifiers import normalize_doi
from kevidence.sources.registry import Author, Notice, NoticeKind, Record

REGISTRY = "Crossref"

ENTRY_TYPES = {
    "journal-article": "article", "book": "book", "monograph": "book", "edited-book": "book",
    "book-chapter": "incollection", "proceedings-article": "inproceedings", "report": "techreport",
    "dissertation": "phdthesis", "posted-content": "misc", "dataset": "misc",
}

NOTICE_KINDS = {
    "retraction": NoticeKind.RETRACTION, "removal": NoticeKind.WITHDRAWAL, "withdrawal": NoticeKind.WITHDRAWAL,
    "expression_of_concern": NoticeKind.EXPRESSION_OF_CONCERN, "expression-of-concern": NoticeKind.EXPRESSION_OF_CONCERN,
    "correction": NoticeKind.CORRECTION, "erratum": NoticeKind.CORRECTION, "corrigendum": NoticeKind.CORRECTION,
    "addendum": NoticeKind.CORRECTION, "clarification": NoticeKind.CORRECTION,
}

_TAG = re.compile(r"<[^>]+>")


class BadAnswer(KevidenceError):
    """A registry answered with something that is not the documented shape."""


def work_url(base: str, doi: str) -> str:
    """The address of one work (the DOI quoted, its slash kept)."""
    return base.rstrip("/") + "/works/" + urllib.parse.quote(doi, safe="/")


def plain_text(markup: str) -> str:
    """Text of a title or abstract with its HTML or JATS tags removed and entities decoded.

    >>> plain_text("<jats:title>Abstract</jats:title><jats:p>Ketamine &amp; <i>pain</i>.</jats:p>")
    'Ketamine & pain.'
    """
    text = re.sub(r"<jats:title>\s*Abstract\s*</jats:title>", " ", markup, flags=re.IGNORECASE)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = re.sub(r"\s+", " ", text).strip()
    # Tags around inline words leave a space before punctuation: "<i>pain</i>." -> "pain ."
    return re.sub(r" (?=[.,;:!?)\]])", "", re.sub(r"(?<=[(\[]) ", "", text))


def parse_work(answer: Answer, doi: str) -> Record:
    """The record in a ``/works/{doi}`` answer; :class:`BadAnswer` if it is not one."""
    try:
        data = json.loads(answer.body)
    except (ValueError, RecursionError) as exc:  # RecursionError: JSON nested too deep
        raise BadAnswer("Crossref answered something that is not JSON", [Problem(
            Location(answer.url), f"malformed JSON ({exc})", "try again later; if it persists, check crossref-url")]) from None
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, dict):
        raise BadAnswer("Crossref's answer has no work in it", [Problem(
            Location(answer.url, json_path="$.message"), "no 'message' object",
            "check that crossref-url points at the Crossref REST API")])
    return _record(message, doi)


def _record(message: Mapping[str, Any], doi: str) -> Record:
    years = tuple(dict.fromkeys(y for y in (_date(message.get(k))[0] for k in
                                             ("published-print", "issued", "published-online", "published"))
                                if y is not None))
    issued_year, issued_month = _date(message.get("published-print") or message.get("issued"))
    titles = [plain_text(t) for t in _strings(message.get("title"))]
    subtitle = [plain_text(t) for t in _strings(message.get("subtitle"))]
    title = titles[0] if titles else None
    if title and subtitle and not title.endswith(subtitle[0]):
        title = f"{title}: {subtitle[0]}"
    journals = [plain_text(t) for t in _strings(message.get("container-title"))]
    short = [plain_text(t) for t in _strings(message.get("short-container-title"))]
    abstract = message.get("abstract")
    return Record(
        registry=REGISTRY,
        identifier=doi,
        doi=normalize_doi(str(message.get("DOI") or doi)),
        doi_text=_text(message.get("DOI")),
        entry_type=ENTRY_TYPES.get(str(message.get("type") or ""), "misc"),
        title=title,
        journal=journals[0] if journals else None,
        journal_names=tuple(dict.fromkeys(journals + short)),
        authors=tuple(_author(a) for a in listed(message.get("author")) if isinstance(a, dict)),
        year=issued_year,
        years=years,
        month=issued_month,
        volume=_text(message.get("volume")),
        issue=_text(message.get("issue")),
        pages=_text(message.get("page")),
        publisher=_text(message.get("publisher")),
        abstract=plain_text(abstract) if isinstance(abstract, str) and abstract.strip() else None,
        notices=_notices(message),
    )


def listed(value: Any) -> list[Any]:
    """A JSON array's items; nothing for any other value (a registry may leave a field out or
    send another shape)."""
    return value if isinstance(value, list) else []


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


def _text(value: Any) -> str | None:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    return None


def _date(value: Any) -> tuple[int | None, int | None]:
    """(year, month) of a Crossref date object ``{"date-parts": [[2019, 7, 1]]}``."""
    if not isinstance(value, dict):
        return None, None
    parts = value.get("date-parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list) or not parts[0]:
        return None, None
    first = parts[0]
    year = first[0] if isinstance(first[0], int) and not isinstance(first[0], bool) else None
    month = first[1] if len(first) > 1 and isinstance(first[1], int) and 1 <= first[1] <= 12 else None
    return year, month


def _iso(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = [p for p in parts[0] if isinstance(p, int)]
        return "-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(numbers)) or None
    return None


def _author(data: Mapping[str, Any]) -> Author:
    family = _text(data.get("family"))
    if family is None:
        return Author(_text(data.get("name")) or "", literal=True)
    return Author(family, _text(data.get("given")) or "", _text(data.get("suffix")) or "")


def _notices(message: Mapping[str, Any]) -> tuple[Notice, ...]:
    notices: list[Notice] = []
    for update in listed(message.get("updated-by")):
        if not isinstance(update, dict):
            continue
        label = str(update.get("type") or "").strip().lower()
        kind = NOTICE_KINDS.get(label)
        if kind is None:
            continue
        notices.append(Notice(kind, label.replace("_", " "), REGISTRY,
                              normalize_doi(str(update.get("DOI") or "")), _iso(update.get("updated"))))
    for update in listed(message.get("update-to")):
        if not isinstance(update, dict):
            continue
        label = str(update.get("type") or "").strip().lower()
        target = normalize_doi(str(update.get("DOI") or ""))
        if label in NOTICE_KINDS:
            notices.append(Notice(NoticeKind.IS_NOTICE, f"{label.replace('_', ' ')} notice for {target or 'another work'}",
                                  REGISTRY, target, _iso(update.get("updated"))))
    return tuple(notices)
