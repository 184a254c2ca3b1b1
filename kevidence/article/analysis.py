"""An article read against a knowledge base: which reference is which key, where each recorded
quotation stands, which sentences state which claims. The article rules judge this."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from kevidence.article.markers import strip_markers
from kevidence.article.model import Article, Sentence
from kevidence.article.references import ReferenceMatch, linked_key, match_references
from kevidence.article.segment import segment
from kevidence.claims.model import Claim, Document
from kevidence.errors import KevidenceError, Location, Problem, closest, display_path
from kevidence.sources.model import Source
from kevidence.text.normalise import typography, typography_with_map
from kevidence.text.offsets import OffsetMap
from kevidence.text.quotations import locate

#: A recorded quotation not found verbatim, but this close to a sentence (0-100), was edited there.
NEAR_QUOTE = 88
#: Below this, no passage is suggested at all.
SUGGEST = 60


@dataclass(frozen=True)
class QuoteSpan:
    """Where a recorded quotation stands in the article (source offsets), or the nearest passage."""

    start: int
    end: int
    exact: bool
    score: float = 100.0
    passage: str = ""


@dataclass
class ArticleAnalysis:
    """The article, its sentences and reference matches, and its recorded claims located in it."""

    article: Article
    sentences: list[Sentence]
    references: list[ReferenceMatch]
    document: Document | None
    claims: dict[str, Claim]
    """The recorded claims stated in this document, by id."""
    quotes: dict[str, QuoteSpan | None] = field(default_factory=dict)
    """Claim id -> where its quotation stands (None: not found, nothing near)."""
    sentence_claims: dict[int, list[str]] = field(default_factory=dict)
    claims_path: str | None = None
    claim_locations: Mapping[str, Location] = field(default_factory=dict)
    sources: Mapping[str, Source] = field(default_factory=dict)
    _first_study: dict[int, int] | None = field(default=None, init=False, repr=False, compare=False)

    def first_study_sentence(self, block: int) -> int | None:
        """The index of the first sentence of ``block`` that names a study by year and venue
        ("In a 2017 article published in the journal Pain"), if any (found once for all blocks)."""
        if self._first_study is None:
            from kevidence.audit.kinds import names_study

            found: dict[int, int] = {}
            for sentence in self.sentences:
                if sentence.block not in found and names_study(sentence.text):
                    found[sentence.block] = sentence.index
            self._first_study = found
        return self._first_study.get(block)

    @property
    def by_number(self) -> dict[int, ReferenceMatch]:
        """Reference matches by list number."""
        return {m.entry.number: m for m in self.references if m.entry.number is not None}

    def location(self, offset: int) -> Location:
        return self.article.location(offset)

    def claim_location(self, claim_id: str) -> Location | None:
        return self.claim_locations.get(claim_id)

    def keys_of(self, sentence: Sentence) -> list[str]:
        """The BibTeX keys a sentence's markers point to, in order."""
        numbers = self.by_number
        keys: list[str] = []
        for marker in sentence.all_markers:
            for number in marker.numbers:
                match = numbers.get(number)
                if match is not None and match.key:
                    keys.append(match.key)
            keys.extend(k for k in marker.keys if k in self.sources)
        return list(dict.fromkeys(keys))


def choose_document(article: Article, documents: Mapping[str, Document], claims_path: Path | None,
                    wanted: str | None) -> Document | None:
    """The document the article is: ``wanted``, else the one whose ``path`` (relative to the claims
    file) is this file, else the one whose title is the article's title; None if none is."""
    claims_dir = claims_path.parent if claims_path is not None else None
    if wanted is not None:
        if wanted not in documents:
            guess = closest(wanted, list(documents))
            raise KevidenceError("unknown document", [Problem(
                Location(display_path(claims_path)), f"no document {wanted!r} in 'documents'",
                f"did you mean {guess!r}?" if guess else f"documents: {', '.join(documents) or 'none'}; add one with "
                "'kevidence document add', or let 'kevidence article draft ... --write' add it")])
        return documents[wanted]
    file = Path(article.file) if article.file else None
    if file is not None:
        for document in documents.values():
            if document.path and claims_dir is not None and _same_file(claims_dir / document.path, file):
                return document
    title = typography(article.title or "").casefold()
    for document in documents.values():
        if title and typography(document.title).casefold() == title:
            return document
    return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def analyse(article: Article, claims: Mapping[str, Claim], sources: Mapping[str, Source],
            document: Document | None, claim_locations: Mapping[str, Location] | None = None,
            claims_path: str | None = None) -> ArticleAnalysis:
    """Segment the article, match its references, and locate the document's recorded claims."""
    for block in article.blocks:  # a link's DOI or PMID names its .bib key
        if any(k.startswith(("doi:", "pmid:")) for m in block.markers for k in m.keys):
            block.markers = [replace(m, keys=tuple(linked_key(k, sources) for k in m.keys)) if m.keys else m
                             for m in block.markers]
    stated = {} if document is None else {
        c.id: c for c in claims.values() if any(s.document == document.id for s in c.stated_in)}
    analysis = ArticleAnalysis(
        article=article, sentences=segment(article), references=match_references(article.references, sources),
        document=document, claims=stated, claims_path=claims_path,
        claim_locations=claim_locations or {}, sources=sources,
    )
    _locate_quotes(analysis)
    return analysis


class _FullText:
    """The article's prose as one normalised text, with the way back to source offsets."""

    def __init__(self, article: Article, with_markers: bool) -> None:
        self.article = article
        pieces: list[str] = []
        self.starts: list[int] = []
        self.maps: list[OffsetMap | None] = []
        length = 0
        for block in article.blocks:
            if with_markers:
                text, stripped = block.text, None
            else:
                text, stripped = strip_markers(block.text, block.markers)
            self.starts.append(length)
            self.maps.append(stripped)
            pieces.append(text + "\n\n")
            length += len(text) + 2
        self.text, self.normalised = typography_with_map("".join(pieces))

    def source_offset(self, index: int) -> int:
        """The source offset of an offset in the normalised text."""
        full = self.normalised.source_offset(index)
        number = max(0, bisect_right(self.starts, full) - 1)
        block = self.article.blocks[number]
        within = min(full - self.starts[number], max(0, len(block.text) - 1))
        stripped = self.maps[number]
        return block.offsets.source_offset(within if stripped is None else stripped.source_offset(within))

    def find(self, quote: str) -> tuple[int, int] | None:
        """Source offsets of the quotation (its parts around '...' in order, as whole words), if
        it stands here."""
        found = locate(quote, self.text, plain=True)
        if found is None:
            return None
        first, end = found
        return self.source_offset(first), self.source_offset(end - 1) + 1


def _locate_quotes(analysis: ArticleAnalysis) -> None:
    if not analysis.claims:
        return
    texts: list[_FullText] = [_FullText(analysis.article, True)]
    sentence_texts: list[str] | None = None
    folded: list[str] = []
    for claim in analysis.claims.values():
        if not claim.quote:
            analysis.quotes[claim.id] = None
            continue
        found = texts[0].find(claim.quote)
        if found is None:  # a quotation recorded without the markers printed inside it
            if len(texts) == 1:
                texts.append(_FullText(analysis.article, False))
            found = texts[1].find(claim.quote)
        if found is not None:
            analysis.quotes[claim.id] = QuoteSpan(found[0], found[1], True)
            continue
        if sentence_texts is None:
            # default_process folds case and punctuation, typography with it.
            sentence_texts = [s.text for s in analysis.sentences]
            folded = [text.lower() for text in sentence_texts]
        analysis.quotes[claim.id] = _nearest(analysis, claim.quote, sentence_texts, folded)
    starts = [s.start for s in analysis.sentences]
    for claim_id, located in analysis.quotes.items():
        if located is None or not located.exact:
            continue
        span = located
        # The sentences overlapping the quotation: from the last one starting at or before it.
        index = max(0, bisect_right(starts, span.start) - 1)
        while index < len(starts) and starts[index] < span.end:
            if analysis.sentences[index].end > span.start:
                analysis.sentence_claims.setdefault(index, []).append(claim_id)
            index += 1


def _nearest(analysis: ArticleAnalysis, quote: str, sentences: list[str], folded: list[str]) -> QuoteSpan | None:
    """The sentence closest to a quotation not found verbatim (a suggestion, never a match)."""
    # Sentences holding two of the quotation's three longest words, else one, else all, are
    # scored (a substring test is far cheaper than a fuzzy score).
    words = sorted(set(default_process(quote).split()), key=len, reverse=True)[:3]
    candidates: dict[int, str] = {}
    for needed in (min(2, len(words)), 1, 0):
        candidates = {i: sentences[i] for i, text in enumerate(folded) if sum(w in text for w in words) >= needed}
        if candidates:
            break
    best = process.extractOne(quote, candidates, scorer=fuzz.partial_ratio, processor=default_process,
                              score_cutoff=SUGGEST)
    if best is None:
        return None
    _, score, index = best
    sentence = analysis.sentences[index]
    return QuoteSpan(sentence.start, sentence.end, False, float(score), sentence.text)


def as_json_sentences(analysis: ArticleAnalysis) -> list[dict[str, Any]]:
    """The sentences as ``--format json`` prints them."""
    rows = []
    for index, sentence in enumerate(analysis.sentences):
        line, column = analysis.article.source.line_column(sentence.start)
        rows.append({
            "line": line, "column": column, "text": sentence.text, "section": sentence.section,
            "markers": [m.text for m in sentence.all_markers], "keys": analysis.keys_of(sentence),
            "claims": analysis.sentence_claims.get(index, []),
        })
    return rows


def as_json_references(analysis: ArticleAnalysis) -> list[dict[str, Any]]:
    """The reference list as ``--format json`` prints it."""
    rows = []
    for match in analysis.references:
        line, _ = analysis.article.source.line_column(match.entry.offset)
        rows.append({"marker": match.entry.label, "line": line, "text": match.entry.text, "key": match.key,
                     "match": match.match, "score": round(match.score, 1), "candidates": list(match.candidates)})
    return rows
