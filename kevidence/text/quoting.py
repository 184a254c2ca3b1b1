"""Comparing the article's quotations with the source words recorded on citations."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kevidence.text.pairing import find_quotations
from kevidence.text.reshape import normalise_typography

if TYPE_CHECKING:
    from kevidence.article.analysis import ArticleAnalysis

_TRAILING = " .,;:!?"
_PUNCTUATION = "\"'.,;:!?()[]"


def quoted_parts(words: str) -> list[str]:
    """A quotation's parts around ellipses, normalised, without closing punctuation."""
    return [p.strip(_TRAILING) for p in normalise_typography(words).split("...") if p.strip(_TRAILING)]


def misquoted_sources(analysis: ArticleAnalysis) -> Iterator[tuple[str, str, int, str]]:
    """(claim id, key, source offset, words) for each quotation in a recorded claim's span whose
    words are not in the source words recorded on one of the claim's citations."""
    quoting = [(claim_id, span) for claim_id, span in analysis.quotes.items()
               if span is not None and span.exact and any(c.quote for c in analysis.claims[claim_id].citations)]
    if not quoting:
        return
    for block in analysis.article.blocks:
        block_start = block.offsets.source_offset(0)
        block_end = block.offsets.source_offset(max(0, len(block.text) - 1)) + 1
        near = [(c, span) for c, span in quoting if span.start < block_end and span.end > block_start]
        if not near:
            continue
        for open_at, close_at in find_quotations(block.text).closed:
            start = block.offsets.source_offset(open_at)
            end = block.offsets.source_offset(close_at)
            words = block.text[open_at + 1:close_at]
            parts = quoted_parts(words)
            if not parts:
                continue
            for claim_id, span in near:
                if not (span.start <= start + 1 and span.end >= end - 1):
                    continue
                for citation in analysis.claims[claim_id].citations:
                    if citation.quote and not all(p in normalise_typography(citation.quote) for p in parts):
                        yield claim_id, citation.source, start, words


def word_difference(recorded: str, passage: str) -> str:
    """The first words that differ between a recorded quotation and the article's passage.

    >>> word_difference("relief can last for two weeks", "Studies say relief can last for twelve weeks here")
    "recorded 'two', article 'twelve'"
    """
    old, new = normalise_typography(recorded).split(), normalise_typography(passage).split()
    # Words compare without the punctuation around them ('weeks"' is the word 'weeks').
    bare_old, bare_new = [w.strip(_PUNCTUATION) for w in old], [w.strip(_PUNCTUATION) for w in new]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=bare_old, b=bare_new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "insert" and i1 in (0, len(old)):
            continue  # the passage starts before, or goes on after, the quotation
        was, now = " ".join(old[i1:i2]), " ".join(new[j1:j2])
        return f"recorded {was!r}, article {now!r}" if was and now else (
            f"recorded {was!r}, missing in the article" if was else f"the article adds {now!r}")
    return "the words match, but not in one passage"
