"""An article's raw text and positions in it: offsets to 1-based line and column, and the map
from the prose kevidence reads back to the characters the author wrote."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from kevidence.errors import Location


@dataclass(frozen=True)
class SourceText:
    """The article as read from its file, with its line starts for locating offsets."""

    text: str
    file: str | None = None
    line_starts: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        starts = [0]
        index = self.text.find("\n")
        while index != -1:
            starts.append(index + 1)
            index = self.text.find("\n", index + 1)
        object.__setattr__(self, "line_starts", tuple(starts))

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def location(self, offset: int) -> Location:
        """The :class:`~kevidence.errors.Location` of an offset in this file."""
        line, column = self.line_column(offset)
        return Location(self.file, line, None, column)


class OffsetMap:
    """Maps offsets in a block's prose back to offsets in the source.

    The prose is built from pieces; each piece is either copied from the source (``exact``:
    its characters map one to one) or made up (a marker rebuilt from ``<sup>2</sup>``, a line
    break): every character of a made-up piece maps to where the piece stands in the source.
    """

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._source: list[int] = []
        self._exact: list[bool] = []

    def add(self, prose_start: int, source_start: int, exact: bool) -> None:
        """Record that the prose from ``prose_start`` on comes from ``source_start``."""
        if self._starts and self._starts[-1] == prose_start:
            self._source[-1], self._exact[-1] = source_start, exact
            return
        self._starts.append(prose_start)
        self._source.append(source_start)
        self._exact.append(exact)

    def source_offset(self, prose_offset: int) -> int:
        """The source offset of a prose offset."""
        index = bisect_right(self._starts, prose_offset) - 1
        if index < 0:
            return self._source[0] if self._source else 0
        if self._exact[index]:
            return self._source[index] + prose_offset - self._starts[index]
        return self._source[index]

    def copy_into(self, target: OffsetMap, at: int, start: int, end: int) -> None:
        """Record in ``target`` that its prose from ``at`` on is this prose from ``start`` to ``end``."""
        index = bisect_right(self._starts, start) - 1
        position = start
        while position < end:
            target.add(at + position - start, self.source_offset(position), index >= 0 and self._exact[index])
            index += 1
            if index >= len(self._starts):
                return
            position = self._starts[index]

    @classmethod
    def identity(cls, source_start: int) -> OffsetMap:
        """The map of prose copied whole from ``source_start``."""
        result = cls()
        result.add(0, source_start, True)
        return result
