"""NCBI E-utilities: PubMed summaries, abstracts, and the PMID of a DOI, read into records.

``esummary.fcgi?db=pubmed&id=PMID&retmode=json`` answers ``result.uids`` and per uid
``title``, ``source`` (the journal's abbreviation), ``fulljournalname``, ``authors[{name}]``,
``pubdate``, ``volume``, ``issue``, ``pages``, ``articleids[{idtype, value}]`` and
``pubtype[]``; ``efetch.fcgi?db=pubmed&id=PMID&retmode=xml`` gives the abstract
(``Abstract/AbstractText``, sections labelled, inline markup inside); ``esearch.fcgi?db=pubmed
&term=DOI[doi]&retmode=json`` finds the PMID of a DOI (``esearchresult.idlist``).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from kevidence.errors import Location, Problem
from kevidence.lookup.client import Answer
from kevidence.lookup.crossref import BadAnswer, listed
from kevidence.sources.identifiers import normalize_doi, normalize_pmid
from kevidence.sources.registry import Author, Notice, NoticeKind, Record

REGISTRY = "PubMed"

NOTICE_TYPES = {
    "retracted publication": NoticeKind.RETRACTION,
    "expression of concern": NoticeKind.EXPRESSION_OF_CONCERN,
    "retraction of publication": NoticeKind.IS_NOTICE,
    "published erratum": NoticeKind.IS_NOTICE,
}

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "2nd", "3rd"}


def _json(answer: Answer, what: str) -> Any:
    try:
        return json.loads(answer.body)
    except (ValueError, RecursionError) as exc:  # RecursionError: JSON nested too deep
        raise BadAnswer(f"PubMed's {what} is not JSON", [Problem(
            Location(answer.url), f"malformed JSON ({exc})", "try again later; if it persists, check eutils-url")]) from None


def parse_summary(answer: Answer, pmid: str) -> Record | None:
    """The record of one PMID in an esummary answer; None if PubMed does not know it."""
    data = _json(answer, "summary")
    result = data.get("result") if isinstance(data, dict) else None
    if not isinstance(result, dict):
        if isinstance(data, dict) and ("error" in data or "esummaryresult" in data):
            return None
        raise BadAnswer("PubMed's summary has no result", [Problem(
            Location(answer.url, json_path="$.result"), "no 'result' object",
            "check that eutils-url points at NCBI E-utilities")])
    item = result.get(pmid)
    if not isinstance(item, dict) or "error" in item:
        return None
    ids = {str(a.get("idtype", "")).lower(): str(a.get("value", "")) for a in listed(item.get("articleids"))
           if isinstance(a, dict)}
    pubdate = str(item.get("pubdate") or "")
    year, month = _pubdate(pubdate)
    years = tuple(dict.fromkeys(y for y in (year, _pubdate(str(item.get("epubdate") or ""))[0]) if y is not None))
    types = tuple(t for t in listed(item.get("pubtype")) if isinstance(t, str))
    full = _text(item.get("fulljournalname"))
    short = _text(item.get("source"))
    notices = tuple(Notice(NOTICE_TYPES[t.lower()], t, REGISTRY) for t in types if t.lower() in NOTICE_TYPES)
    return Record(
        registry=REGISTRY,
        identifier=pmid,
        doi=normalize_doi(ids.get("doi", "")) if ids.get("doi") else None,
        doi_text=ids.get("doi") or None,
        pmid=normalize_pmid(str(item.get("uid") or pmid)),
        title=_title(item.get("title")),
        journal=full or short,
        journal_names=tuple(dict.fromkeys(n for n in (full, short) if n)),
        authors=tuple(_author(a) for a in listed(item.get("authors")) if isinstance(a, dict) and a.get("name")),
        year=year,
        years=years,
        month=month,
        volume=_text(item.get("volume")),
        issue=_text(item.get("issue")),
        pages=_text(item.get("pages")),
        publication_types=types,
        notices=notices,
    )


def parse_abstract(answer: Answer, pmid: str) -> str | None:
    """The abstract of one PMID in an efetch XML answer (sections as ``LABEL: text``), or None."""
    try:
        root = ET.fromstring(answer.body)
    except ET.ParseError as exc:
        raise BadAnswer("PubMed's abstract is not XML", [Problem(
            Location(answer.url), f"malformed XML ({exc})", "try again later; if it persists, check eutils-url")]) from None
    for article in root.iter("PubmedArticle"):
        found = article.findtext("MedlineCitation/PMID")
        if found is None or found.strip() != pmid:
            continue
        parts = []
        for section in article.iterfind("MedlineCitation/Article/Abstract/AbstractText"):
            text = " ".join("".join(section.itertext()).split())
            if not text:
                continue
            label = section.get("Label")
            parts.append(f"{label}: {text}" if label else text)
        return " ".join(parts) or None
    return None


def split_summaries(answer: Answer, pmids: list[str]) -> dict[str, str]:
    """An esummary answer about many PMIDs cut into one answer body per PMID (unknown ones
    get PubMed's error record), so that each is cached by its own identifier."""
    data = _json(answer, "summary")
    result = data.get("result") if isinstance(data, dict) else None
    if not isinstance(result, dict):
        return {}
    header = data.get("header", {})
    return {pmid: json.dumps({"header": header, "result": {"uids": [pmid], pmid: result.get(pmid) or {
        "uid": pmid, "error": "cannot get document summary"}}}, ensure_ascii=False) for pmid in pmids}


def split_articles(answer: Answer, pmids: list[str]) -> dict[str, str]:
    """An efetch answer about many PMIDs cut into one ``PubmedArticleSet`` per PMID."""
    try:
        root = ET.fromstring(answer.body)
    except ET.ParseError as exc:
        raise BadAnswer("PubMed's abstracts are not XML", [Problem(
            Location(answer.url), f"malformed XML ({exc})", "try again later; if it persists, check eutils-url")]) from None
    articles = {(a.findtext("MedlineCitation/PMID") or "").strip(): ET.tostring(a, encoding="unicode")
                for a in root.iter("PubmedArticle")}
    return {pmid: f"<PubmedArticleSet>{articles.get(pmid, '')}</PubmedArticleSet>" for pmid in pmids}


def parse_search(answer: Answer) -> list[str]:
    """The PMIDs an esearch answer lists."""
    data = _json(answer, "search result")
    result = data.get("esearchresult") if isinstance(data, dict) else None
    if not isinstance(result, dict):
        raise BadAnswer("PubMed's search result has no esearchresult", [Problem(
            Location(answer.url, json_path="$.esearchresult"), "no 'esearchresult' object",
            "check that eutils-url points at NCBI E-utilities")])
    ids = listed(result.get("idlist"))
    return [p for p in (normalize_pmid(str(i)) for i in ids if isinstance(i, (str, int))) if p]


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        text = " ".join(value.split())
        return text or None
    return None


def _title(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    if text.startswith("[") and text.endswith(("].", "]")):
        text = text[1:].rstrip(".").rstrip("]")  # a translated title
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def _pubdate(text: str) -> tuple[int | None, int | None]:
    match = re.match(r"\s*(\d{4})(?:\s+([A-Za-z]{3}))?", text)
    if not match:
        return None, None
    return int(match.group(1)), _MONTHS.get((match.group(2) or "").lower())


def _author(data: Mapping[str, Any]) -> Author:
    """A PubMed name, "Family Initials [Suffix]" (or a collective name), as an :class:`Author`."""
    name = " ".join(str(data.get("name")).split())
    if str(data.get("authtype", "")).lower() == "collectivename":
        return Author(name, literal=True)
    words = name.split(" ")
    suffix = ""
    if len(words) > 2 and words[-1].lower().rstrip(".") in _SUFFIXES:
        suffix = words.pop()
    if len(words) > 1 and words[-1].isupper() and words[-1].isalpha() and len(words[-1]) <= 4:
        return Author(" ".join(words[:-1]), words[-1], suffix)
    return Author(" ".join(words), "", suffix)
