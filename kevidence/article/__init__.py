"""Reading the article itself: check it against the base, and draft claims from it.

>>> from kevidence.article import check_article, draft_claims, read_article

The readers and the segmenter load on first use: importing this package (as the audit's rule
registry does) costs nothing.
"""

from __future__ import annotations

from kevidence.lazy import lazy_names

_EXPORTS = {
    "check_article": "kevidence.article.check",
    "ArticleReport": "kevidence.article.check",
    "draft_claims": "kevidence.article.draft",
    "write_drafts": "kevidence.article.draft",
    "read_article": "kevidence.article.reading",
    "parse_article": "kevidence.article.reading",
    "ArticleError": "kevidence.article.reading",
    "normalise_typography": "kevidence.text.normalise",
}

__all__ = sorted(_EXPORTS)

lazy_names(__name__, _EXPORTS)
