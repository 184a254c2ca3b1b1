"""Line numbers for JSON paths, so that errors and findings can point into claims.json.

Validation runs on the fast path (pydantic parses the bytes itself); this scanner runs only
when a location is wanted, and maps each value's path to the line where it starts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

JsonPath = tuple[str | int, ...]

_TOKEN = re.compile(
    r'"(?:[^"\\\n]|\\.)*"|[{}\[\]:,]|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|\n|[ \t\r]+|.',
    re.DOTALL,
)


def path_to_str(path: JsonPath) -> str:
    """``('claims', 3, 'relief')`` -> ``$.claims[3].relief``."""
    out = ["$"]
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", part):
            out.append(f".{part}")
        else:
            out.append(f"[{part!r}]")
    return "".join(out)


def value_lines(text: str) -> dict[JsonPath, int]:
    """Map every value's JSON path to its 1-based start line (best effort on broken JSON)."""
    lines: dict[JsonPath, int] = {}
    stack: list[list[object]] = []  # frames: [kind, key_or_index, expecting_key]
    line = 1
    pending_key: str | None = None
    path: list[str | int] = []

    def begin_value() -> None:
        nonlocal pending_key
        if stack:
            frame = stack[-1]
            if frame[0] == "obj":
                path.append(pending_key if pending_key is not None else "?")
            else:
                index = frame[1]
                assert isinstance(index, int)
                path.append(index)
                frame[1] = index + 1
        lines.setdefault(tuple(path), line)
        pending_key = None

    def end_value() -> None:
        if stack and path:
            path.pop()

    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == "\n":
            line += 1
        elif first in " \t\r":
            continue
        elif first == "{" or first == "[":
            begin_value()
            stack.append(["obj" if first == "{" else "arr", 0, first == "{"])
        elif first == "}" or first == "]":
            if stack:
                stack.pop()
            end_value()
        elif first == ":":
            if stack:
                stack[-1][2] = False
        elif first == ",":
            if stack and stack[-1][0] == "obj":
                stack[-1][2] = True
        elif first == '"' and stack and stack[-1][0] == "obj" and stack[-1][2]:
            try:
                import json

                pending_key = json.loads(token)
            except ValueError:
                pending_key = token.strip('"')
        else:
            begin_value()
            end_value()
    return lines


def line_of(text: str, path: JsonPath, cache: dict[JsonPath, int] | None = None) -> int | None:
    """The line of the value at ``path``, or of its nearest ancestor that exists."""
    table = cache if cache is not None else value_lines(text)
    probe = tuple(path)
    while True:
        if probe in table:
            return table[probe]
        if not probe:
            return None
        probe = probe[:-1]


_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = None


def value_end(text: str, pos: int) -> int:
    """The offset just after the JSON value that starts at ``pos`` (C speed)."""
    global _DECODER
    if _DECODER is None:
        import json

        _DECODER = json.JSONDecoder()
    return _DECODER.raw_decode(text, pos)[1]


def _skip_space(text: str, pos: int) -> int:
    match = _SPACE.match(text, pos)
    return match.end() if match else pos


def array_start(text: str, key: str) -> int | None:
    """Where the first element (or the ``]``) of the top-level object's array ``key`` starts;
    None when the top level is not an object holding such an array. Raises ``ValueError`` or
    ``IndexError`` on text that is not well formed before it.

    >>> array_start('{"a": 1, "claims": [ {"id": "x"}]}', "claims")
    21
    """
    pos = member_start(text, key)
    return _skip_space(text, pos + 1) if pos is not None and text[pos] == "[" else None


def member_start(text: str, key: str) -> int | None:
    """Where the value of the top-level object's member ``key`` starts; None when the top level
    is not an object holding it. Raises ``ValueError`` or ``IndexError`` on text that is not
    well formed before it.

    >>> member_start('{"a": 1, "vocabulary": {}}', "vocabulary")
    23
    """
    import json.decoder
    from collections.abc import Callable

    # typeshed does not declare json.decoder.scanstring (CPython defines it), so it is
    # fetched by name and given its documented signature.
    scanstring: Callable[[str, int], tuple[str, int]] = getattr(json.decoder, "scanstring")  # noqa: B009

    pos = _skip_space(text, 1 if text.startswith("\ufeff") else 0)
    if text[pos] != "{":
        return None
    pos = _skip_space(text, pos + 1)
    while text[pos] == '"':
        name, pos = scanstring(text, pos + 1)
        pos = _skip_space(text, pos)
        if text[pos] != ":":
            return None
        pos = _skip_space(text, pos + 1)
        if name == key:
            return pos
        pos = _skip_space(text, value_end(text, pos))
        if text[pos] != ",":
            return None
        pos = _skip_space(text, pos + 1)
    return None


class ArrayLines:
    """Where each element of one top-level array starts, found on demand in one forward pass.

    A finding for the 90,000th claim should not cost a token-by-token walk of the whole file:
    the elements are skipped by the C JSON scanner and lines counted with ``str.count``, and the
    pass stops at the element asked for (later requests resume it). On text that is not well
    formed the index gives up (``None``) and callers fall back to :func:`value_lines`.
    """

    def __init__(self, text: str, key: str) -> None:
        self._text = text
        self._key = key
        self._spans: list[tuple[int, int, int]] = []  # (start, end, line) of each element
        self._pos: int | None = None  # where the scan resumes; None until the array is found
        self._done = False
        self._line, self._line_pos = 1, 0

    def span(self, index: int) -> tuple[int, int, int] | None:
        """``(start, end, line)`` of element ``index`` (None when absent or unreadable)."""
        while len(self._spans) <= index and not self._done:
            try:
                self._advance()
            except (ValueError, IndexError):
                self._done = True
        return self._spans[index] if 0 <= index < len(self._spans) else None

    def _skip(self, pos: int) -> int:
        return _skip_space(self._text, pos)

    def _advance(self) -> None:
        text = self._text
        if self._pos is None:
            found = array_start(text, self._key)  # span() turns a parse error into "done"
            if found is None:
                self._done = True
                return
            self._pos = found
            if text[found] == "]":
                self._done = True
                return
        start = self._pos
        end = value_end(text, start)
        self._line += text.count("\n", self._line_pos, start)
        self._line_pos = start
        self._spans.append((start, end, self._line))
        pos = self._skip(end)
        if text[pos] == ",":
            self._pos = self._skip(pos + 1)
        else:
            self._done = True


_ID_MEMBER = re.compile(r'"id"\s*:\s*"((?:[^"\\\n]|\\.)*)"')
_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]')


def id_offsets(text: str, key: str, ids: Sequence[str], upto: int | None = None) -> list[int] | None:
    """Where each element of the top-level array ``key`` has its ``"id"`` member (offsets).

    The one scanner of element positions: line numbers (:func:`id_lines`) and the lossless
    writer (:func:`element_span`) both start from it. ``ids`` are the ids the elements are
    known to have (from validation). One regular-expression pass finds every ``"id": "..."``
    member after the array's start; only a claim's own ``id`` can match there (no model nested
    in a claim has an ``id``, and a quote inside a string is escaped), and each match is checked
    against the expected id, so a text that does not fit gives None (callers fall back to
    :class:`ArrayLines`) rather than a wrong position. With ``upto``, the scan stops once
    the offsets of elements ``0..upto`` are found.
    """
    if not ids:
        return []
    try:
        start = array_start(text, key)
    except (ValueError, IndexError):
        return None
    if start is None:
        return None
    offsets: list[int] = []
    last = len(ids) - 1 if upto is None else min(upto, len(ids) - 1)
    expected = iter(ids)
    wanted: str | None = next(expected)
    for match in _ID_MEMBER.finditer(text, start):
        value = match.group(1)
        if "\\" in value:
            try:
                import json

                value = json.loads(f'"{value}"')
            except ValueError:
                return None
        if value != wanted:
            return None
        offsets.append(match.start())
        if len(offsets) > last:
            return offsets
        wanted = next(expected, None)
    return None


def id_lines(text: str, key: str, ids: list[str] | tuple[str, ...]) -> list[int] | None:
    """The line where each element of the top-level array ``key`` starts, found by its ``"id"``
    (see :func:`id_offsets`; None when the text does not fit ``ids``). The line is that of the
    element's opening brace when ``id`` is its first member, else that of the ``id``.

    >>> id_lines('{"claims": [\\n {"id": "a"},\\n {\\n  "id": "b"}, {"kind": "x",\\n "id": "c"}]}', "claims", ["a", "b", "c"])
    [2, 3, 5]
    """
    offsets = id_offsets(text, key, ids)
    if offsets is None or not offsets:
        return offsets
    lines: list[int] = []
    pos = array_start(text, key) or 0
    line = text.count("\n", 0, pos) + 1
    for at in offsets:
        line += text.count("\n", pos, at)
        brace = text.rfind("{", pos, at)
        if brace >= 0 and not text[brace + 1:at].strip():
            lines.append(line - text.count("\n", brace, at))
        else:
            lines.append(line)
        pos = at
    return lines


def element_end(text: str, inside: int) -> int:
    """The offset just after the object that encloses offset ``inside`` (a member's start).

    Scans only that object's remaining text, skipping strings; ``ValueError`` when it does not close.
    """
    depth = 0
    for match in _BRACKET.finditer(text, inside):
        token = match.group()
        if token in "{[":
            depth += 1
        elif token in "}]":
            depth -= 1
            if depth < 0:
                return match.end()
    raise ValueError("the object does not close")


def element_span(text: str, key: str, offsets: list[int], index: int) -> tuple[int, int]:
    """``(start, end)`` of element ``index`` of the top-level array ``key``, from the
    :func:`id_offsets` of its elements: the previous element is closed from its ``id`` on, and
    this one decoded from the start that follows. Costs one or two elements' text, not the file's.
    """
    if index == 0:
        start = array_start(text, key)
        if start is None:
            raise ValueError(f"no array {key!r}")
    else:
        after = _skip_space(text, element_end(text, offsets[index - 1]))
        if text[after] != ",":
            raise ValueError("elements are not separated by a comma")
        start = _skip_space(text, after + 1)
    return start, value_end(text, start)
