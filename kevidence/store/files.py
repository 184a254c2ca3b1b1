"""What a knowledge base's two data files held when they were loaded or last saved.

A :class:`LoadedFiles` is an immutable record: the claims file (its fingerprint, its text to
read back, the claims as read) and the ``.bib`` file (its text, block spans, fingerprint and
the sources as read). Edits never touch it; a save (:func:`kevidence.store.save.save_files`) turns
it and the current claims and sources into the next record. Locations (file and line of a
claim or an entry) are answered from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from kevidence.claims.model import Claim, ClaimsFile
from kevidence.claims.store import ClaimsText
from kevidence.errors import Location, display_path
from kevidence.sources.bibtex import BibFile
from kevidence.sources.writer import entry_key


@dataclass(frozen=True)
class LoadedFiles:
    """The claims file and the ``.bib`` file as last read or written."""

    claims_file: ClaimsFile  # documents, vocabulary and the claims, as the file holds them
    claims_text: ClaimsText  # path, fingerprint and BOM; the text, read back when needed
    bib: BibFile  # path, text, spans, fingerprint and the sources, as the file holds them

    @property
    def claims(self) -> tuple[Claim, ...]:
        """The claims the file holds, in file order."""
        return self.claims_file.claims

    @cached_property
    def _claim_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.claims_file.claims)

    @cached_property
    def _claim_positions(self) -> dict[str, int]:
        return {claim_id: i for i, claim_id in enumerate(self._claim_ids)}

    def claim_location(self, claim_id: str) -> Location:
        """File, line and JSON path of a claim the file holds (the file alone for another)."""
        index = self._claim_positions.get(claim_id)
        if index is None:
            return Location(display_path(self.claims_text.path))
        return self.claims_text.claim_location(index, self._claim_ids)

    def claim_locations(self) -> dict[str, Location]:
        """File, line and JSON path of every claim the file holds."""
        ids = self._claim_ids
        return dict(zip(ids, self.claims_text.claim_locations(ids)))

    @cached_property
    def _shown_bib(self) -> str | None:
        return display_path(self.bib.path)

    @cached_property
    def _entry_lines(self) -> dict[str, int]:
        # From the block spans, so that a saved file's lines are right without a new parse.
        text, line, pos = self.bib.text, 1, 0
        lines: dict[str, int] = {}
        for start, _, block in self.bib.spans or ():
            key = entry_key(block)
            if key is not None:
                line += text.count("\n", pos, start)
                pos = start
                lines.setdefault(key, line)
        return lines

    def source_location(self, key: str) -> Location:
        """File and line of a BibTeX entry (the file alone for a key it does not hold)."""
        line = self._entry_lines.get(key)
        if line is None and self.bib.spans is None:
            source = self.bib.sources.get(key)
            line = source.line if source is not None else None
        return Location(self._shown_bib, line)
