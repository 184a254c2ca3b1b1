"""Retraction notices from a user's Retraction Watch CSV, parsed into data the audit can read.

Reading the file is I/O and happens here, in :func:`load_retractions`, before the audit; the
audit itself receives the parsed :class:`Retractions` through its settings and stays pure.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kevidence.errors import DataFileError, Location, Problem, display_path
from kevidence.sources.identifiers import normalize_doi, normalize_pmid

DOI_COLUMN = "OriginalPaperDOI"
PMID_COLUMN = "OriginalPaperPubMedID"
NATURE_COLUMN = "RetractionNature"


@dataclass(frozen=True, slots=True)
class RetractionNotice:
    """One row of the file: the paper it is about and what happened to it."""

    line: int
    doi: str | None
    pmid: str | None
    nature: str
    date: str | None = None
    reason: str | None = None

    @property
    def is_reinstatement(self) -> bool:
        return "reinstat" in self.nature.lower()


@dataclass(frozen=True)
class Retractions:
    """The notices of one file, indexed by normalised DOI and PMID; names the file and its sha256."""

    file: str
    sha256: str
    notices: tuple[RetractionNotice, ...] = ()
    by_doi: Mapping[str, RetractionNotice] = field(default_factory=dict)
    by_pmid: Mapping[str, RetractionNotice] = field(default_factory=dict)

    def lookup(self, doi: str | None, pmid: str | None) -> RetractionNotice | None:
        """The notice about a paper with this DOI or PMID (DOIs compare case-insensitively)."""
        if doi:
            found = self.by_doi.get(normalize_doi(doi) or "")
            if found is not None:
                return found
        if pmid:
            return self.by_pmid.get(normalize_pmid(pmid) or "")
        return None

    def describe(self) -> str:
        return f"{self.file}, sha256 {self.sha256}"


def parse_retractions(data: bytes, file: str = "<retractions>") -> Retractions:
    """Parse the bytes of a Retraction Watch CSV (columns OriginalPaperDOI, OriginalPaperPubMedID,
    RetractionNature, ...); :class:`DataFileError` naming the file if the columns are missing.

    >>> text = b"Record ID,OriginalPaperDOI,OriginalPaperPubMedID,RetractionNature\\n1,10.1000/ABC,123,Retraction\\n"
    >>> parse_retractions(text, "rw.csv").lookup("10.1000/abc", None).nature
    'Retraction'
    """
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Exports opened and saved in spreadsheet programs are often Windows-1252.
        text = data.decode("cp1252", errors="replace")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in reader.fieldnames or ()]
    if DOI_COLUMN not in columns and PMID_COLUMN not in columns:
        raise DataFileError(
            "the retraction file has no identifier columns",
            [Problem(Location(file, 1), f"neither {DOI_COLUMN} nor {PMID_COLUMN} is a column of the header",
                     "pass the Retraction Watch CSV as exported, with its header row")],
        )
    notices: list[RetractionNotice] = []
    by_doi: dict[str, RetractionNotice] = {}
    by_pmid: dict[str, RetractionNotice] = {}
    for row in reader:
        cells = {(k or "").strip(): (v or "").strip() for k, v in row.items() if isinstance(v, str)}
        doi = normalize_doi(cells.get(DOI_COLUMN, ""))
        pmid_text = cells.get(PMID_COLUMN, "")
        pmid = normalize_pmid(pmid_text) if pmid_text and pmid_text != "0" else None
        if doi is None and pmid is None:
            continue
        notice = RetractionNotice(
            line=reader.line_num,
            doi=doi,
            pmid=pmid,
            nature=cells.get(NATURE_COLUMN) or "Retraction",
            date=cells.get("RetractionDate") or None,
            reason=cells.get("Reason") or None,
        )
        notices.append(notice)
        # A later row (a reinstatement after a retraction) states the current status.
        if doi:
            by_doi[doi] = notice
        if pmid:
            by_pmid[pmid] = notice
    return Retractions(file, digest, tuple(notices), by_doi, by_pmid)


def load_retractions(path: str | Path) -> Retractions:
    """Read a Retraction Watch CSV file; :class:`DataFileError` if it cannot be read."""
    path = Path(path)
    shown = display_path(path) or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataFileError(
            "cannot read the retraction file",
            [Problem(Location(shown), exc.strerror or str(exc), "pass the path of a Retraction Watch CSV")],
        ) from None
    return parse_retractions(data, shown)
