"""Saving: from the record of what the files held and the current claims and sources, the next record.

:func:`save_files` knows nothing of :class:`kevidence.KnowledgeBase`: it takes a
:class:`~kevidence.store.files.LoadedFiles` and the claims and sources as they are now, writes the
files whose text changed (losslessly: only edited claims and entries change, see
:mod:`kevidence.claims.writer` and :mod:`kevidence.sources.writer`) and returns the record of
what the files hold afterwards. The cost follows the edits: a claim or source is unchanged
when it is the very object the record holds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from kevidence.claims.model import Claim, Document
from kevidence.claims.store import ClaimsText
from kevidence.claims.vocabulary import VocabularyExtension
from kevidence.claims.writer import claim_changes, render_claims, render_documents, render_vocabulary
from kevidence.errors import DataFileError, EditError, Location, Problem, display_path
from kevidence.sources.model import Source
from kevidence.sources.writer import render_bib
from kevidence.store.atomic import PendingWrite
from kevidence.store.files import LoadedFiles
from kevidence.store.transaction import commit
from kevidence.text.encoding import BOM, refuse_binary


def claims_changed(files: LoadedFiles, claims: Mapping[str, Claim]) -> bool:
    """Whether the claims differ from those the claims file holds (by identity, then value)."""
    changed, added = claim_changes(files.claims, tuple(claims.values()))
    return bool(changed or added)


def documents_changed(files: LoadedFiles, documents: Sequence[Document] | None) -> bool:
    """Whether the documents differ from those the claims file holds (None: not edited)."""
    return documents is not None and tuple(documents) != files.claims_file.documents


def sources_changed(files: LoadedFiles, sources: Mapping[str, Source]) -> bool:
    """Whether the sources differ from those the ``.bib`` holds (by identity, then value)."""
    old = files.bib.sources
    return len(old) != len(sources) or any(
        sources.get(k) is not s and sources.get(k) != s for k, s in old.items()
    )


class Unset:
    """The type of :data:`UNSET`: an argument not given (None is a value: no own terms)."""


UNSET = Unset()


def save_files(
    files: LoadedFiles,
    claims: Mapping[str, Claim],
    sources: Mapping[str, Source],
    raw_values: Mapping[str, Mapping[str, str]] = MappingProxyType({}),
    lock_timeout: float | None = None,
    documents: Sequence[Document] | None = None,
    vocabulary: VocabularyExtension | None | Unset = UNSET,
) -> tuple[LoadedFiles, list[Path]]:
    """Write the files whose text the edits change; return the next record and the paths written.

    ``documents``, when given, are the claims file's documents as they are now (only their
    list is rewritten when they changed); ``vocabulary``, when given, the file's own terms as they
    are now (its ``vocabulary`` member is rewritten when they changed). ``raw_values`` gives, per BibTeX key, the text of values to write as given (macros). The
    files are written as one save (:mod:`kevidence.store.transaction`): under the base's lock, and
    whole or not at all even if the process dies; ``lock_timeout`` is how long to wait for
    another save (default: ``KEVIDENCE_LOCK_TIMEOUT``, else 10 s).
    Raises :class:`ConflictError` (writing nothing) when a file changed on disk since ``files``
    was read, :class:`DataFileError` when there are no files or they cannot be written, and
    :class:`EditError` when the ``.bib`` cannot be edited without reformatting it.
    """
    claims_path, bib = files.claims_text.path, files.bib
    if claims_path is None or bib.path is None:
        raise DataFileError("nothing to save to", [Problem(Location(), "the knowledge base was not loaded from files",
                                                           "load it with kevidence.load(folder) to save it")])
    writes: list[PendingWrite] = []
    new_claims_text = new_bib_text = None
    current = tuple(claims.values())
    new_documents = files.claims_file.documents if documents is None else tuple(documents)
    edited_documents = documents_changed(files, documents)
    new_vocabulary = files.claims_file.vocabulary if isinstance(vocabulary, Unset) else vocabulary
    edited_vocabulary = new_vocabulary != files.claims_file.vocabulary
    if edited_documents or edited_vocabulary or claims_changed(files, claims):
        old_text = files.claims_text.text_to_edit()  # ConflictError if the file changed
        whole = files.claims_file.model_copy(update={"claims": current, "documents": new_documents,
                                                     "vocabulary": new_vocabulary})
        if edited_documents:
            old_text = render_documents(old_text, new_documents, whole)
        if edited_vocabulary:
            old_text = render_vocabulary(old_text, new_vocabulary, whole)
        new_claims_text = render_claims(old_text, files.claims, current, whole)
        writes.append(PendingWrite(claims_path, _encoded(new_claims_text, files.claims_text.bom, "utf-8"),
                                   files.claims_text.stamp))
    else:
        writes.append(PendingWrite(claims_path, None, files.claims_text.stamp))
    new_spans = bib.spans
    if sources_changed(files, sources):
        if bib.spans is None:
            raise EditError("the .bib file cannot be saved without reformatting it",
                            [Problem(Location(display_path(bib.path)), "its blocks could not be located",
                                     "fix the problems that load reports, then edit")])
        new_bib_text, new_spans = render_bib(bib.text, bib.spans, bib.sources, sources, raw_values)
        writes.append(PendingWrite(bib.path, bib.encode(new_bib_text), bib.stamp))  # in the file's own encoding
    else:
        writes.append(PendingWrite(bib.path, None, bib.stamp))
    written = [w.path for w in writes if w.data is not None]
    if not written:
        return files, written  # nothing to write: no lock taken, nothing checked
    # Nothing is saved that the next load would refuse (a NUL from a registry's record, say).
    for text, path, what in ((new_claims_text, claims_path, "the claims file to save"),
                             (new_bib_text, bib.path, "the BibTeX file to save")):
        if text is not None:
            refuse_binary(text, display_path(path), what, "remove the control character from the value; nothing was saved")
    stamps = commit(writes, lock_timeout)
    claims_text = files.claims_text
    claims_file = files.claims_file
    if new_claims_text is not None:
        claims_text = ClaimsText(claims_path, new_claims_text, bom=claims_text.bom, stamp=stamps[claims_path])
        claims_text.release()
        claims_file = claims_file.model_copy(update={"claims": current, "documents": new_documents,
                                                     "vocabulary": new_vocabulary})
    if new_bib_text is not None:
        bib = dataclasses.replace(bib, text=new_bib_text, spans=new_spans, sources=dict(sources),
                                  stamp=stamps[bib.path])
    return LoadedFiles(claims_file, claims_text, bib), written


def _encoded(text: str, bom: bool, encoding: str) -> bytes:
    return (BOM if bom else b"") + text.encode(encoding)
