"""Building a block's prose from pieces of a marked-up source, keeping the way back.

The Markdown and HTML readers see decoded text (entities resolved, escapes removed); each
piece is looked for in the source just after the previous one, so that positions stay exact
wherever the text appears there as written, and fall back to the nearest known place where it
does not.
"""

from __future__ import annotations

import html
import re

from kevidence.text.offsets import OffsetMap

_WORD = re.compile(r"\S+")
# How far ahead of the cursor a decoded word is looked for (markup may stand between words).
_WINDOW = 400
# How far ahead of the cursor a whole piece is looked for (a style sheet may stand before it).
_REACH = 65536


class ProseBuilder:
    """Collects a block's prose and its :class:`OffsetMap` piece by piece."""

    def __init__(self, source: str, cursor: int = 0) -> None:
        self.source = source
        self.cursor = cursor
        self.parts: list[str] = []
        self.length = 0
        self.offsets = OffsetMap()

    def text(self, text: str, limit: int | None = None) -> None:
        """Add text that appears in the source after the cursor (searched, at most up to ``limit``)."""
        if not text:
            return
        # Markup between two pieces is short; a bounded search keeps a large page linear.
        end = min(len(self.source) if limit is None else limit, self.cursor + len(text) + _REACH)
        found = self.source.find(text, self.cursor, end)
        if found != -1:
            self.offsets.add(self.length, found, True)
            self.cursor = found + len(text)
        else:
            self._words(text, end)
        self._append(text)

    def _words(self, text: str, end: int) -> None:
        """Decoded text (an entity, an escape): each word where it is found, as written or escaped."""
        self.offsets.add(self.length, self.cursor, False)
        for word in _WORD.finditer(text):
            for form in (word.group(), html.escape(word.group(), quote=False)):
                found = self.source.find(form, self.cursor, min(end, self.cursor + _WINDOW + len(form)))
                if found != -1:
                    self.offsets.add(self.length + word.start(), found, form == word.group())
                    self.cursor = found + len(form)
                    break

    def made_up(self, text: str, at: int | None = None) -> None:
        """Add text the source does not hold as such (a rebuilt marker, a line break)."""
        if not text:
            return
        self.offsets.add(self.length, self.cursor if at is None else at, False)
        self._append(text)

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def prose(self) -> str:
        return "".join(self.parts)
