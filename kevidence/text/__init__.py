"""The text core: the one place where kevidence turns text into something it can compare.

Normalisation of typography (with a map back to the original offsets), quotation pairing,
word-bounded "is this passage in that text", the word differences messages quote, and the
decoding of a file's bytes. Every layer above compares words through this package only.
"""

from __future__ import annotations

from kevidence.text.normalise import ELLIPSIS, normalize_text, split_ellipses, typography, typography_with_map

__all__ = ["ELLIPSIS", "normalize_text", "split_ellipses", "typography", "typography_with_map"]
