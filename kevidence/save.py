"""Saving a knowledge base: the new text of each file, computed losslessly, written atomically.

Only files whose text changed are written; both are checked against the fingerprints taken at
load first, so a file edited by someone else since then is never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kevidence.atomic import BOM, PendingWrite, save_all
from kevidence.claims.model import Claim
from kevidence.claims.writer import render_claims
from kevidence.errors import DataFileError, EditError, Location, Problem
from kevidence.sources.model import Source
from kevidence.sources.writer import render_bib

if TYPE_CHECKING:
    from kevidence.kb import KnowledgeBase


@dataclass(frozen=True)
class SavedState:
    """The claims and sources as the files on disk hold them (the baseline edits differ from)."""

    claims: Sequence[Claim]
    sources: Mapping[str, Source]


def new_texts(
    kb: KnowledgeBase, saved: SavedState, raw_values: Mapping[str, Mapping[str, str]], claims_text: str | None = None
) -> tuple[str, str]:
    """The claims file's and the .bib file's text with the base's edits applied
    (``claims_text``: the claims file's text as loaded, when the caller has it)."""
    if claims_text is None:
        claims_text = kb._claims_text.text
    current = tuple(kb._claims.values())
    new_claims = render_claims(claims_text, saved.claims, current, kb._file)
    bib = kb._bib
    if bib.sources == saved.sources:
        new_bib = bib.text
    elif bib.spans is None:
        raise EditError("the .bib file cannot be saved without reformatting it",
                        [Problem(Location(str(bib.path) if bib.path else None), "its blocks could not be located")])
    else:
        new_bib = render_bib(bib.text, bib.spans, saved.sources, bib.sources, raw_values)
    return new_claims, new_bib


def save_knowledge_base(kb: KnowledgeBase, saved: SavedState, raw_values: Mapping[str, Mapping[str, str]]) -> list[Path]:
    """Write the base's changed files atomically; raise ConflictError if either changed on disk."""
    claims_path, bib_path = kb.claims_path, kb.bib_path
    if claims_path is None or bib_path is None:
        raise DataFileError("nothing to save to", [Problem(Location(), "the knowledge base was not loaded from files")])
    old_claims = kb._claims_text.text
    new_claims, new_bib = new_texts(kb, saved, raw_values, old_claims)
    writes = [
        _pending(claims_path, new_claims, old_claims, kb._claims_text.bom, kb._claims_text.stamp),
        _pending(bib_path, new_bib, kb._bib.text, kb._bib.bom, kb._bib.stamp, kb._bib.encode),
    ]
    save_all(writes)
    return [w.path for w in writes if w.data is not None]


def _pending(path: Path, new: str, old: str, bom: bool, stamp: object,
             encode: Callable[[str], bytes] | None = None) -> PendingWrite:
    data = None if new == old else encode(new) if encode else (BOM if bom else b"") + new.encode("utf-8")
    return PendingWrite(path, data, stamp)  # type: ignore[arg-type]
