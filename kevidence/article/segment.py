"""Splitting an article's prose into sentences, each marker kept with its sentence.

Markers are stripped before segmenting (the segmenter was not trained on "pain [2]."), with
a map back to the original; the original is then cut where each sentence starts. A marker
that follows a closing quotation mark covers every sentence of that quotation.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

import nupunkt

from kevidence.article.markers import Marker, strip_markers
from kevidence.article.model import Article, Block, BlockKind, Sentence
from kevidence.text.pairing import find_quotations

# nupunkt's model learned its abbreviations from legal and financial text, among them ordinary
# words that end a patient article's sentences ("an arm or leg.", "twice a day.", "cancer.").
# Of its one-word abbreviations only short ones that are not English words, and these, are kept.
KEPT_ABBREVIATIONS = frozenset((
    "wk", "wks", "hr", "hrs", "mo", "mos", "yr", "yrs", "pt", "pts", "approx", "inj", "tab", "tabs",
    "vol", "vols", "suppl", "dept", "resp", "incl", "max", "min", "mins", "avg", "fig", "figs", "nos",
    "eds", "inc", "ltd", "corp", "univ", "ibid", "prof", "assoc", "govt", "esp", "ref", "refs", "eq",
    "eqs", "est", "misc", "seq", "viz", "cit", "adj", "dist", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
))
_ENGLISH_SHORT = frozenset(("me", "or", "am", "ok", "in", "an", "at", "is", "it", "to", "up", "we", "he",
                            "so", "go", "do", "be", "by", "of", "on", "us", "my", "as", "if", "la", "pa",
                            "ma", "ex", "id", "oh", "ah", "hi"))
_GAP_AFTER_QUOTE = re.compile(r"[\s.,;:!?]{0,3}$")


@lru_cache(maxsize=1)
def segmenter() -> nupunkt.PunktSentenceTokenizer:
    """nupunkt's pre-trained model with the clinical abbreviations added (made once)."""
    model = nupunkt.load_default_model()
    for abbreviation in model.abbreviations:
        word = abbreviation.isalpha()
        if word and (len(abbreviation) > 2 or abbreviation in _ENGLISH_SHORT) and abbreviation not in KEPT_ABBREVIATIONS:
            model.remove_abbreviation(abbreviation)
    model.add_abbreviations(sorted(KEPT_ABBREVIATIONS))
    return model


def sentence_starts(text: str, markers: list[Marker]) -> list[int]:
    """Offsets in ``text`` where its sentences start (the first is where its text starts)."""
    # A marker goes with the space before it: "pain [2]." reads as "pain." to the segmenter.
    stripped, offsets = strip_markers(text, markers, with_space=True)
    starts: list[int] = []
    for start, end in segmenter().span_tokenize(stripped):
        first = start
        while first < end and stripped[first].isspace():
            first += 1
        if first < end:
            starts.append(offsets.source_offset(first))
    return starts or ([0] if text.strip() else [])


def segment(article: Article) -> list[Sentence]:
    """The sentences of the article's prose (headings are not sentences), in order."""
    sentences: list[Sentence] = []
    section: str | None = None
    for number, block in enumerate(article.blocks):
        if block.kind is BlockKind.HEADING:
            section = " ".join(block.text.split())
            continue
        sentences.extend(_block_sentences(block, number, section, len(sentences)))
    return sentences


def _block_sentences(block: Block, number: int, section: str | None, first_index: int) -> list[Sentence]:
    text = block.text
    starts = sentence_starts(text, block.markers)
    result: list[Sentence] = []
    marker_starts = [m.start for m in block.markers]  # in order: markers are found left to right
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(text)
        body = text[start:end].rstrip()
        if not body:
            continue
        # The first sentence of a block owns any marker before it (there is nothing else to own it).
        low = 0 if position == 0 else start
        markers = block.markers[bisect_left(marker_starts, low):bisect_left(marker_starts, end)]
        result.append(Sentence(
            index=first_index + len(result), text=" ".join(body.split()),
            start=block.offsets.source_offset(start), end=block.offsets.source_offset(start + len(body)),
            section=section, markers=markers, block=number, block_start=start,
        ))
    _inherit_quotation_markers(block, result)
    return result


def _inherit_quotation_markers(block: Block, sentences: list[Sentence]) -> None:
    if len(sentences) < 2 or not block.markers:
        return
    marker_starts = [m.start for m in block.markers]
    sentence_starts = [s.block_start for s in sentences]
    for open_at, close_at in find_quotations(block.text).closed:
        # The first marker after the closing mark, if only a little punctuation stands between.
        after = bisect_right(marker_starts, close_at)
        if after == len(block.markers):
            continue
        marker = block.markers[after]
        if not _GAP_AFTER_QUOTE.match(block.text, close_at + 1, marker.start):
            continue
        # The sentences overlapping the quotation: from the last one starting at or before it.
        index = max(0, bisect_right(sentence_starts, open_at) - 1)
        while index < len(sentences) and sentences[index].block_start <= close_at:
            sentence = sentences[index]
            overlaps = sentence.block_start + len(sentence.text) > open_at
            if overlaps and marker not in sentence.markers and marker not in sentence.inherited:
                sentence.inherited.append(marker)
            index += 1
