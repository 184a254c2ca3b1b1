"""Registry records as BibTeX entries in a base's own style, with a proposed study design.

Crossref's record gives the title, journal, authors and numbers (it keeps the publisher's
capitalisation and full given names); PubMed's gives the PMID, the abstract and the
publication types, from which a study design is *proposed*: it is written in ``studydesign``
and listed in ``unverified``, so that the audit (``unverified-metadata``) asks a person to
confirm it. The fields read from a registry are listed in ``verified``, with the day in
``verifieddate``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from datetime import date

from kevidence.lookup.session import Reference
from kevidence.sources.evidence import StudyDesign
from kevidence.sources.latex import encode_latex
from kevidence.sources.registry import Author
from kevidence.sources.writer import BibStyle, encode_value, render_entry

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# PubMed publication types, strongest design first; the first one a record has is proposed.
_DESIGN_ORDER: tuple[tuple[str, StudyDesign], ...] = (
    ("meta-analysis", StudyDesign.SYSTEMATIC_REVIEW),
    ("systematic review", StudyDesign.SYSTEMATIC_REVIEW),
    ("randomized controlled trial", StudyDesign.RCT),
    ("equivalence trial", StudyDesign.RCT),
    ("pragmatic clinical trial", StudyDesign.RCT),
    ("practice guideline", StudyDesign.GUIDELINE),
    ("guideline", StudyDesign.GUIDELINE),
    ("consensus development conference", StudyDesign.CONSENSUS_GUIDELINE),
    ("consensus development conference, nih", StudyDesign.CONSENSUS_GUIDELINE),
    ("case reports", StudyDesign.CASE_REPORT),
    ("review", StudyDesign.NARRATIVE_REVIEW),
    ("editorial", StudyDesign.EXPERT_OPINION),
    ("comment", StudyDesign.EXPERT_OPINION),
    ("letter", StudyDesign.EXPERT_OPINION),
)
_RANDOMISED = re.compile(r"\brandomi[sz]ed\b|\brcts?\b", re.IGNORECASE)


def propose_design(publication_types: Iterable[str], title: str | None = None) -> StudyDesign | None:
    """A study design for PubMed's publication types (None: nothing to propose).

    A meta-analysis or systematic review is proposed as one "of RCTs" only when the record
    also calls it a randomized controlled trial review in its title; otherwise the weaker
    design is proposed, never a stronger one than the record shows.

    >>> propose_design(["Journal Article", "Meta-Analysis", "Systematic Review"],
    ...                "A Systematic Review and Meta-analysis of Randomized Controlled Trials").value
    'meta-analysis-of-rcts'
    >>> propose_design(["Journal Article", "Review"]).value
    'narrative-review'
    """
    types = {t.strip().lower() for t in publication_types}
    randomised = bool(title and _RANDOMISED.search(title))
    if "meta-analysis" in types and randomised:
        return StudyDesign.META_ANALYSIS_OF_RCTS
    if "systematic review" in types and randomised:
        return StudyDesign.SYSTEMATIC_REVIEW_OF_RCTS
    for name, design in _DESIGN_ORDER:
        if name in types:
            return design
    return None


def citation_key(reference: Reference, taken: Collection[str] = ()) -> str:
    """``family`` of the first author (ASCII, lower case) and the year: ``orhurhu2019``,
    then ``orhurhu2019a``, ``orhurhu2019b``... when taken (keys compare without case)."""
    authors = _first(reference, "authors")
    title = _first(reference, "title")
    if isinstance(authors, tuple) and authors:
        base = authors[0].family
    else:
        base = title.split(" ")[0] if isinstance(title, str) and title else "ref"
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    year = _first(reference, "year")
    stem = (re.sub(r"[^a-z]", "", ascii_name.lower()) or "ref") + (str(year) if year else "")
    lowered = {k.lower() for k in taken}
    key, suffix = stem, 0
    while key in lowered:
        key = stem + chr(ord("a") + suffix % 26) * (suffix // 26 + 1)
        suffix += 1
    return key


def _first(reference: Reference, name: str) -> object:
    for record in reference.records:
        value = getattr(record, name)
        if value:
            return value
    return None


def bibtex_name(author: Author) -> str:
    """An author as BibTeX writes names: ``Family, Given``, ``Family, Jr., Given`` or ``{Org}``."""
    if author.literal:
        return "{" + encode_latex(author.family) + "}"
    parts = [encode_latex(author.family)]
    if author.suffix:
        parts.append(encode_latex(author.suffix))
    if author.given:
        parts.append(encode_latex(author.given))
    return ", ".join(parts)


def bibtex_pages(pages: str) -> str:
    """Pages as BibTeX text: ``661-674`` as ``661--674``; a single page or article number as it is.

    >>> bibtex_pages("661-674"), bibtex_pages("e12_3")
    ('661--674', 'e12\\\\_3')
    """
    parts = re.split(r"\s*[-\u2010-\u2015]+\s*", pages.strip(), maxsplit=1)
    return "--".join(encode_latex(part) for part in parts)


def entry_values(reference: Reference, style: BibStyle, today: date | None = None) -> list[tuple[str, str]]:
    """The entry's (field name, value as BibTeX text) pairs, in the order they are written."""
    def value(text: str) -> str:
        return encode_value(text, style.quotes)

    values: list[tuple[str, str]] = []
    authors = _first(reference, "authors")
    if isinstance(authors, tuple) and authors:
        values.append(("author", value(" and ".join(bibtex_name(a) for a in authors))))
    for name, attribute in (("title", "title"), ("journal", "journal")):
        text = _first(reference, attribute)
        if isinstance(text, str):
            values.append((name, value(encode_latex(text))))
    year = _first(reference, "year")
    if year:
        values.append(("year", value(str(year))))
    month = _first(reference, "month")
    if isinstance(month, int):
        values.append(("month", MONTHS[month - 1]))
    for name, attribute in (("volume", "volume"), ("number", "issue")):
        text = _first(reference, attribute)
        if isinstance(text, str):
            values.append((name, value(encode_latex(text))))
    pages = _first(reference, "pages")
    if isinstance(pages, str):
        values.append(("pages", value(bibtex_pages(pages))))
    if reference.doi:
        values.append(("doi", value(encode_latex(reference.doi_text or reference.doi))))
    if reference.pmid:
        values.append(("pmid", value(reference.pmid)))
    abstract = _first(reference, "abstract")
    if isinstance(abstract, str):
        values.append(("abstract", value(encode_latex(abstract))))
    verified = [name for name, _ in values if name != "abstract"]
    pubmed = reference.pubmed
    design = propose_design(pubmed.publication_types, pubmed.title) if pubmed else None
    if design is not None:
        values.append(("studydesign", value(design.value)))
    values.append(("verified", value(", ".join(verified))))
    values.append(("verifieddate", value((today or date.today()).isoformat())))
    if design is not None:
        values.append(("unverified", value("studydesign")))
    return values


def entry_text(reference: Reference, key: str, style: BibStyle | None = None, today: date | None = None) -> str:
    """The BibTeX entry of a looked-up reference, written in ``style`` (a base's own)."""
    style = style or BibStyle()
    entry_type = reference.crossref.entry_type if reference.crossref else "article"
    return render_entry(entry_type, key, entry_values(reference, style, today), style)

