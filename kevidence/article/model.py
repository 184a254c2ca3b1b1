"""What kevidence reads from an article: blocks of prose, reference markers, sentences and the
reference list, each knowing where it stands in the article's file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from kevidence.errors import Location
from kevidence.text.offsets import OffsetMap, SourceText

# Markers and closing punctuation at a sentence's end ("... say? [2]"), looked for in its last
# _TAIL characters.
_TAIL = 80
# Each piece is atomic: a run of commas or superscripts is taken whole, never re-split (re-splitting
# a run of 40 commas is 2**40 ways to fail).
_TRAILING_MARKERS = re.compile(r"(?>\s*+(?:\[[^\[\]]*+\]|\^[^^]*+\^|[\u00b9\u00b2\u00b3\u2070-\u2079,\u207b]++))++[\s.]*+$")


class BlockKind(str, Enum):
    """What a block of the article is."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"  # a list item


@dataclass(frozen=True)
class Marker:
    """A reference marker as printed: ``[2]``, ``[2,3]``, ``[1–3]``, ``²``, ``[@maher2017]``."""

    text: str
    """The marker verbatim."""
    start: int
    """Offset in its block's prose."""
    end: int
    numbers: tuple[int, ...] = ()
    """Reference-list numbers it points to (a range expanded)."""
    keys: tuple[str, ...] = ()
    """Citation keys it names (pandoc ``[@key]``)."""


@dataclass
class Block:
    """A heading, paragraph or list item: its prose, where it comes from, and its markers."""

    kind: BlockKind
    text: str
    offsets: OffsetMap
    level: int = 0
    """Heading level (1-6), 0 for other blocks."""
    number: int | None = None
    """Its number in an ordered list."""
    anchor: str | None = None
    """The element id of an HTML block (``ref-maher2017``), if any."""
    markers: list[Marker] = field(default_factory=list)


@dataclass(frozen=True)
class ReferenceEntry:
    """One entry of the article's reference list."""

    label: str
    """How the list labels it: '2' or a key."""
    text: str
    """The entry without its label."""
    offset: int
    """Source offset of the entry's start."""
    number: int | None = None
    key: str | None = None


@dataclass
class Sentence:
    """One sentence of the article's prose, with the markers that stand with it."""

    index: int
    text: str
    start: int
    """Source offset of its first character."""
    end: int
    section: str | None
    markers: list[Marker] = field(default_factory=list)
    inherited: list[Marker] = field(default_factory=list)
    """Markers after a quotation that this sentence is part of (they cover it too)."""
    block: int = 0
    block_start: int = 0
    """Offset of its first character in its block's prose."""

    @property
    def all_markers(self) -> list[Marker]:
        """Its own markers and those it inherits from a quotation."""
        return self.markers + self.inherited

    @property
    def is_question(self) -> bool:
        """Whether it asks rather than states: it ends in a question mark, or opens as a question does
        ("Does your medication cause side-effects ..." printed without its mark)."""
        # Only the end matters: an end-anchored pattern would be tried at every position.
        return _TRAILING_MARKERS.sub("", self.text[-_TAIL:]).rstrip(" \"'\u201d\u2019)").endswith("?") \
            or _QUESTION_OPENING.match(self.text.lstrip()[:_TAIL]) is not None


#: A sentence that opens as a question: an auxiliary verb, then its subject ("Does your ...", "Is it ...").
#: "Do the exercises ..." and "Have your blood pressure checked" are instructions, not questions.
_QUESTION_OPENING = re.compile(r"(?:(?:does|did|is|are|am|can|could|will|would|has)\s+(?:you|your|i|it|my|the|this|these|"
                               r"they|there|we)|(?:do|have)\s+(?:you|i|it|they|we))\b", re.IGNORECASE)


#: The words of a web page's navigation headings, as a copied page prints them above its title
#: ("Home Page", "Main menu", "You are here"): a heading made only of these is not the title.
_NAVIGATION = frozenset(("home", "homepage", "page", "main", "menu", "search", "navigation", "skip", "to", "content",
                         "contents", "back", "top", "you", "are", "here", "breadcrumb", "print", "share",
                         # a site's tools and a leaflet's category above its title
                         "accessibility", "tools", "cookie", "cookies", "settings", "translate", "language",
                         "listen", "log", "in", "sign", "patient", "information"))

#: The longest first line read as the title of an article without headings.
_TITLE_WORDS, _TITLE_CHARACTERS = 15, 120


@dataclass
class Article:
    """An article read from its file."""

    source: SourceText
    format: str
    """'text', 'markdown' or 'html'."""
    blocks: list[Block]
    """Headings and prose, without the reference list."""
    references: list[ReferenceEntry]
    reference_heading: int | None = None
    """Source offset of the reference list's heading, if it has one."""

    @property
    def file(self) -> str | None:
        return self.source.file

    def location(self, offset: int) -> Location:
        """File, line and column of a source offset."""
        return self.source.location(offset)

    @property
    def title(self) -> str | None:
        """The first heading that is not a web page's navigation ("Home Page", "Contents") or a logo's
        text ("The Dudley Group NHS Foundation Trust Logo"), else
        the first heading, else the first block's first line when it is short enough to be a
        title (None when the article starts with a paragraph)."""
        headings = [b.text.strip() for b in self.blocks if b.kind is BlockKind.HEADING]
        for heading in headings:
            words = heading.casefold().split()
            if not _NAVIGATION.issuperset(words) and words[-1:] != ["logo"]:  # "... Trust Logo": an image's text
                return heading
        if headings:
            return headings[0]
        first = self.blocks[0].text.strip().split("\n", 1)[0].strip() if self.blocks else ""
        return first if first and len(first) <= _TITLE_CHARACTERS and len(first.split()) <= _TITLE_WORDS else None

    def summary(self) -> dict[str, Any]:
        return {"format": self.format, "blocks": len(self.blocks), "references": len(self.references)}
