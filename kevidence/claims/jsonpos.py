"""Line numbers for JSON paths, so that errors and findings can point into claims.json.

Validation runs on the fast path (pydantic parses the bytes itself); this scanner runs only
when a location is wanted, and maps each value's path to the line where it starts.
"""

from __future__ import annotations

import re

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
