"""Drafting claims from an article: one proposed claim per stated sentence (split at its
markers), with its words verbatim as the quote, citations from its markers, where it stands,
and a kind and facets proposed from the vocabularies. Every drafted claim carries
``"review": "proposed"`` until an editor confirms it (the audit reports it: KE111)."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kevidence.article.analysis import ArticleAnalysis, analyse, choose_document
from kevidence.article.markers import Marker
from kevidence.article.model import Article, Sentence
from kevidence.article.reading import read_article
from kevidence.audit.kinds import judge_sentence, propose_facets, propose_kind
from kevidence.audit.rules.evidence import mentioned_terms
from kevidence.claims.vocabulary import Facet, Vocabulary
from kevidence.errors import KevidenceError, Location, Problem
from kevidence.text.normalise import typography
from kevidence.text.pairing import CLOSE, OPENERS, find_quotations
from kevidence.text.quotations import found_in

if TYPE_CHECKING:
    from kevidence.kb import KnowledgeBase

#: A piece of a sentence shorter than this (in words) is not drafted on its own.
MIN_WORDS = 4
ID_WORDS = 6  # a drafted id: at most this many content words of the statement
_STOP = frozenset(["a", "an", "the", "of", "in", "on", "to", "for", "and", "or", "but", "so", "if", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those", "with", "by", "as", "at", "from", "than", "then", "there", "their", "they", "we", "you", "your", "our", "can", "could", "may", "might", "will", "would", "should", "has", "have", "had", "not", "no", "do", "does", "did", "which", "who", "what", "when", "where", "how", "also", "well", "according", "some", "such", "very", "just", "being", "into"])
_SLUG_PART = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"\w+")
_DOMAIN_ENDS = (".com", ".org", ".net", ".gov", ".edu", ".uk", ".nhs", ".au", ".ca", ".ie")
_EDGE = " \t\n,;:\u2013\u2014-"


@dataclass(frozen=True)
class DraftedClaim:
    """A proposed claim and where its words stand in the article."""

    claim: dict[str, Any]
    line: int
    column: int


@dataclass(frozen=True)
class _Subject:
    """The treatment an article is about, named in its title; what "the injection" of its
    sentences is. A drafted claim naming no treatment, or this one by another name, gets it."""

    id: str
    refers: frozenset[str]
    """Terms naming it: the title's own ("joint injections" in "Sacro-iliac Joint Injections")
    and every broader one ("injection treatments")."""
    head: str
    """Its label's last word, alone ("this injection", "the programme")."""
    vocabulary: Vocabulary

    @classmethod
    def of(cls, title: str, vocabulary: Vocabulary) -> _Subject | None:
        found = propose_facets(title, vocabulary).get("intervention")
        if not isinstance(found, str):
            return None
        named = mentioned_terms(title, vocabulary.terms(Facet.INTERVENTION).values())
        head = vocabulary.term(Facet.INTERVENTION, found).label.casefold().split()[-1].removesuffix("s")
        return cls(found, frozenset(named) | vocabulary.broader(Facet.INTERVENTION, found), head, vocabulary)

    def named_in(self, quote: str) -> bool:
        """Whether ``quote`` names the treatment by one of its other names: a term naming it, or
        its head word outside the names of the other treatments the quote names ("stimulation"
        in "transcutaneous electrical nerve stimulation" is TENS, not spinal cord stimulation)."""
        terms = self.vocabulary.terms(Facet.INTERVENTION)
        found = mentioned_terms(quote, terms.values())
        if found & self.refers:
            return True
        heads = {self.head, f"{self.head}s"}
        if not heads & set(_WORD.findall(quote.casefold())):
            return False
        named = {word for t in found for name in terms[t].names for word in _WORD.findall(name.casefold())}
        return not heads & named


def _is_address(word: str) -> bool:
    """A web or mail address as articles print them (a word, so checking costs its length)."""
    if "." not in word and "@" not in word:
        return False
    low = word.lower().rstrip(".,;:)]")
    return ("://" in low or low.startswith("www.") or "@" in low
            or any(low.endswith(end) or f"{end}/" in low for end in _DOMAIN_ENDS))


def _slug(text: str, taken: set[str]) -> str:
    text = " ".join(w for w in text.split() if not _is_address(w))  # an address makes no readable id
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = [w for w in _SLUG_PART.findall(ascii_text) if w not in _STOP][:ID_WORDS]
    base = "-".join(words)[:100].strip("-") or "claim"
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    taken.add(slug)
    return slug


def _pieces(analysis: ArticleAnalysis, sentence: Sentence) -> Iterable[tuple[str, int, list[Marker]]]:
    """The sentence cut after each of its markers: (verbatim words, block offset, markers covering them)."""
    block = analysis.article.blocks[sentence.block]
    text = block.text
    cursor = sentence.block_start
    # The sentence's extent in its block: up to the next sentence's start.
    after = sentence.index + 1
    following = analysis.sentences[after] if after < len(analysis.sentences) else None
    stop = following.block_start if following is not None and following.block == sentence.block else len(text)
    own = sorted(sentence.markers, key=lambda m: m.start)
    for marker in own:
        words = text[cursor:marker.start]
        yield words, cursor, [marker, *sentence.inherited]
        cursor = marker.end
    yield text[cursor:stop], cursor, list(sentence.inherited)


def draft_claims(kb: KnowledgeBase, article: str | Path, document: str, *, format: str | None = None,
                 skip_recorded: bool = True, new_document: bool = False) -> list[DraftedClaim]:
    """Proposed claims for the sentences of ``article`` that no recorded claim of ``document`` covers.

    With ``new_document=True`` a ``document`` the base does not hold is added to it (in memory;
    :func:`write_drafts` saves it): titled with the article's heading, its ``path`` the article's
    file relative to the claims file.
    """
    read = read_article(article, format)
    if new_document and document not in kb.documents:
        kb.add_document(_document_for(kb, read, Path(article), document))
    chosen = choose_document(read, kb.documents, kb.claims_path, document)
    if chosen is None:  # pragma: no cover - choose_document raises for an unknown id
        raise KevidenceError("unknown document", [Problem(Location(None), f"no document {document!r}")])
    analysis = analyse(read, kb.claims, kb.sources, chosen)
    recorded = [typography(c.quote) for c in analysis.claims.values() if c.quote] if skip_recorded else []
    taken = set(kb.claims)
    subject = _Subject.of(read.title or "", kb.vocabulary)
    drafted: list[DraftedClaim] = []
    for sentence in analysis.sentences:
        if sentence.is_question or (skip_recorded and sentence.index in analysis.sentence_claims):
            continue
        if not judge_sentence(sentence.text).prose:  # page furniture states nothing
            continue
        block = analysis.article.blocks[sentence.block]
        for words, at, markers in _pieces(analysis, sentence):
            lead = len(words) - len(words.lstrip(_EDGE))
            quote = _unpaired_marks_dropped(" ".join(words.strip(_EDGE).split()))
            if len(quote.split()) < MIN_WORDS:
                continue
            plain = typography(quote)
            if any(found_in(plain, r, plain=True) or found_in(r, plain, plain=True) for r in recorded):
                continue  # recorded already, in these words or as part of them
            offset = block.offsets.source_offset(at + lead)
            line, column = read.source.line_column(offset)
            claim = _claim(kb, analysis, chosen.id, sentence, quote, markers, taken, f"{read.file}:{line}:{column}")
            if subject is not None and (claim.get("intervention") is None or subject.named_in(quote)):
                claim["intervention"] = subject.id  # none named, or the article's treatment by another name
            drafted.append(DraftedClaim(claim, line, column))
    return drafted


def _unpaired_marks_dropped(quote: str) -> str:
    """Without a leading opening mark whose closing mark lies in another sentence (or the reverse)."""
    unmatched = find_quotations(quote).unmatched
    if quote.endswith(CLOSE) and len(quote) - 1 in unmatched:
        quote = quote[:-1].rstrip()
    if quote.startswith(OPENERS) and 0 in unmatched:
        quote = quote[1:].lstrip()
    return quote


def _claim(kb: KnowledgeBase, analysis: ArticleAnalysis, document: str, sentence: Sentence, quote: str,
           markers: list[Marker], taken: set[str], where: str) -> dict[str, Any]:
    statement = quote.replace("\u201c", "").replace("\u201d", "").strip(' "')
    statement = statement[0].upper() + statement[1:] if statement else quote
    if statement and statement[-1] not in ".!?":
        statement += "."
    publisher = analysis.document.publisher if analysis.document else None
    keys: list[str] = []
    numbers = analysis.by_number
    for marker in markers:
        keys.extend(numbers[n].key or "" for n in marker.numbers if n in numbers)
        keys.extend(k for k in marker.keys if k in kb.sources)
    keys = [k for k in dict.fromkeys(keys) if k]
    claim: dict[str, Any] = {
        "id": _slug(statement, taken),
        "statement": statement,
        "quote": quote,
        "kind": propose_kind(quote, publisher).value,
        **propose_facets(quote, kb.vocabulary),
    }
    if keys:
        claim["citations"] = [{"source": key, "attribution": "unchecked"} for key in keys]
    stated: dict[str, Any] = {"document": document}
    if sentence.section:
        stated["section"] = sentence.section
    if markers:
        stated["markers"] = list(dict.fromkeys(m.text for m in markers))
    claim["stated_in"] = [stated]
    claim["note"] = f"Drafted from {where}; kind, facets and citations are proposals to check."
    claim["review"] = "proposed"
    return claim


def _document_for(kb: KnowledgeBase, read: Article, file: Path, document: str) -> dict[str, str]:
    fields = {"id": document, "title": " ".join((read.title or file.stem).split())}
    if kb.claims_path is not None:
        fields["path"] = Path(os.path.relpath(file.resolve(), kb.claims_path.resolve().parent)).as_posix()
    return fields


def write_drafts(kb: KnowledgeBase, drafted: list[DraftedClaim]) -> list[str]:
    """Add the drafted claims to ``kb`` and save (through the lossless editor); their ids."""
    for each in drafted:
        kb.add_claim(each.claim)
    if kb.modified:  # the claims, and a document the draft added
        kb.save()
    return [d.claim["id"] for d in drafted]
