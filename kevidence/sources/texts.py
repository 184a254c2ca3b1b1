"""The text of a source, when the knowledge base holds it: to check quotations against.

Two places, the fuller winning:

- a text file per source in a folder ``texts/`` beside the ``.bib`` file, named by the BibTeX
  key: ``texts/orhurhu2019.txt`` (UTF-8; the full text, or whatever part of the source an
  editor pasted in);
- the entry's ``abstract`` field (LaTeX decoded).

Files are read on first use and kept; a file that is not UTF-8 is an error naming it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kevidence.errors import DataFileError, Location, Problem, display_path
from kevidence.sources.latex import decode_latex
from kevidence.sources.model import Source
from kevidence.text import typography

TEXTS_FOLDER = "texts"


@dataclass(frozen=True, slots=True)
class SourceText:
    """What a source says, as the base holds it, and where it came from."""

    key: str
    text: str
    origin: str  # "file" or "abstract"
    path: Path | None = None
    plain: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        # The text after typography, made once: many quotations may be checked against it.
        object.__setattr__(self, "plain", typography(self.text))

    @property
    def described(self) -> str:
        """Where the text is, for a message: the file, or the entry's abstract."""
        if self.path is not None:
            return str(display_path(self.path))
        return f"the abstract of {self.key!r} (the only text of it the base holds)"


class SourceTexts:
    """The texts of the sources of one base, read on demand."""

    def __init__(self, sources: Mapping[str, Source], folder: Path | None) -> None:
        self._sources = sources
        self.folder = folder
        self._read: dict[str, SourceText | None] = {}
        self._files: set[str] | None = None

    def get(self, key: str) -> SourceText | None:
        """The text of a source (None when the base holds none)."""
        if key in self._read:
            return self._read[key]
        found = self._from_file(key) or self._from_abstract(key)
        self._read[key] = found
        return found

    def _from_file(self, key: str) -> SourceText | None:
        if self.folder is None:
            return None
        if self._files is None:  # one listing of the folder, not one stat per key
            self._files = {p.name for p in self.folder.glob("*.txt")} if self.folder.is_dir() else set()
        name = f"{key}.txt"
        if name not in self._files:
            return None
        path = self.folder / name
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise DataFileError(
                "cannot read a source text",
                [Problem(Location(display_path(path)),
                         f"the text of {key!r} is not UTF-8 (byte {error.start})",
                         "save the file as UTF-8")],
            ) from None
        except OSError as error:
            raise DataFileError(
                "cannot read a source text",
                [Problem(Location(display_path(path)), f"the text of {key!r} cannot be read: {error.strerror}",
                         "check the file's permissions")],
            ) from None
        return SourceText(key, text, "file", path)

    def _from_abstract(self, key: str) -> SourceText | None:
        source = self._sources.get(key)
        abstract = source.field("abstract") if source is not None else None
        if not abstract or not abstract.strip():
            return None
        return SourceText(key, decode_latex(abstract), "abstract")


def texts_folder(bib_path: Path | None) -> Path | None:
    """The folder of source texts of a base whose ``.bib`` is at ``bib_path``."""
    return bib_path.parent / TEXTS_FOLDER if bib_path is not None else None
