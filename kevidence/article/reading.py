"""Reading an article file: decoding, choosing the reader by format, and attaching markers.

Plain text, Markdown and HTML are read; every error a reader can meet (a missing file, binary
or non-UTF-8 content, a file too large to be an article) is one :class:`ArticleError` naming
the file and, where it helps, the line.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from kevidence.article.markers import author_year, find_markers, find_printed_markers
from kevidence.article.model import Article, Marker, ReferenceEntry
from kevidence.article.reflist import split_reference_list
from kevidence.errors import DataFileError, Location, Problem, display_path
from kevidence.text.offsets import SourceText

#: Larger files are refused: no article is this long, and reading one would take minutes.
MAX_BYTES = 32 * 1024 * 1024
FORMATS = ("text", "markdown", "html")
_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
             ".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text", ".text": "text"}
_HTML_START = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<article|<!--)", re.IGNORECASE)


class ArticleError(DataFileError):
    """An article that cannot be read."""


def detect_format(path: Path | None, text: str) -> str:
    """'markdown' or 'html' by the file's suffix, else by its start; else 'text'."""
    if path is not None and path.suffix.lower() in _SUFFIXES:
        return _SUFFIXES[path.suffix.lower()]
    return "html" if _HTML_START.match(text[:2000]) else "text"


def decode_article(data: bytes, file: str) -> str:
    """The text of an article file's bytes; an :class:`ArticleError` for what is not UTF-8 text."""
    if len(data) > MAX_BYTES:
        raise ArticleError("article too large", [Problem(
            Location(file), f"{len(data):,} bytes; kevidence reads articles of at most {MAX_BYTES:,} bytes",
            "check that this is the article's text, or split it")])
    if b"\x00" in data[:65536] or b"\x00" in data[-65536:]:
        raise ArticleError("article is not text", [Problem(
            Location(file, data[:data.index(b"\x00")].count(b"\n") + 1 if b"\x00" in data else None),
            "the file holds NUL bytes: it is binary, or UTF-16",
            "save the article as UTF-8 text, Markdown or HTML")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ArticleError("article is not UTF-8", [Problem(
            Location(file, line), f"byte 0x{data[error.start]:02x} at offset {error.start} is not UTF-8",
            "re-save the article as UTF-8 (e.g. iconv -f latin1 -t utf-8)")]) from None
    if not text.strip():
        raise ArticleError("article is empty", [Problem(
            Location(file), "the file holds no text", "give the path of the article's text")])
    return text


def parse_article(text: str, format: str = "text", file: str | None = None) -> Article:
    """An :class:`Article` from its text in one of :data:`FORMATS`."""
    if format == "markdown":
        from kevidence.article.markdown import read_markdown

        blocks = read_markdown(text)
    elif format == "html":
        from kevidence.article.html import read_html

        blocks = read_html(text)
    elif format == "text":
        from kevidence.article.plain import read_plain

        blocks = read_plain(text)
    else:
        raise ArticleError("unknown article format", [Problem(
            Location(file), f"format {format!r}", f"use one of {', '.join(FORMATS)}")])
    prose, references, heading = split_reference_list(blocks)
    listed = {e.number for e in references if e.number is not None}
    for block in prose:
        block.markers = [_resolved(m, references) if m.text.endswith(")") and not m.numbers else m
                         for m in find_printed_markers(block.text, listed, find_markers(block.text))]
    return Article(SourceText(text, file), format, prose, references, heading)


def _resolved(marker: Marker, references: list[ReferenceEntry]) -> Marker:
    """An author-year marker with the numbers of the reference entries naming its author and year."""
    numbers: list[int] = []
    for name, year in author_year(marker.text):
        lowered = name.lower()
        numbers.extend(e.number for e in references if e.number is not None
                       and lowered in e.text.lower() and str(year) in e.text)
    return replace(marker, numbers=tuple(dict.fromkeys(numbers))) if numbers else marker


def read_article(path: str | Path, format: str | None = None) -> Article:
    """Read an article file (plain text, Markdown or HTML; ``format`` overrides the guess)."""
    path = Path(path)
    file = display_path(path) or str(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ArticleError("cannot read article", [Problem(
            Location(file), "is a folder", "give the path of the article file")]) from None
    except FileNotFoundError:
        raise ArticleError("cannot read article", [Problem(
            Location(file), "no such file", "check the path")]) from None
    except OSError as error:
        raise ArticleError("cannot read article", [Problem(Location(file), error.strerror or str(error))]) from None
    text = decode_article(data, file)
    return parse_article(text, format or detect_format(path, text), file)


