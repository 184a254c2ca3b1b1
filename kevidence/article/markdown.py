"""Reading a Markdown (CommonMark) article with markdown-it-py: headings, paragraphs and list
items, each with its source lines; links whose text is a number, ``<sup>`` and pandoc
``^2^`` become markers."""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from kevidence.article.model import Block, BlockKind
from kevidence.article.prose import ProseBuilder
from kevidence.text.offsets import OffsetMap

_NUMERIC = re.compile(r"^\s*+\[?\^?\d{1,3}+(?:\s*+[,\-\u2013]\s*+\d{1,3}+)*+\]?\s*$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_SUP_OPEN = re.compile(r"^<sup\b[^>]*>$", re.IGNORECASE)
_SUP_CLOSE = re.compile(r"^</sup\s*>$", re.IGNORECASE)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    starts.append(len(text))
    return starts


def read_markdown(text: str) -> list[Block]:
    """The blocks of a Markdown article."""
    text = _front_matter_blanked(text)
    env: dict[str, Any] = {}
    tokens = MarkdownIt("commonmark").parse(text, env)
    lines = _line_starts(text)
    blocks: list[Block] = []
    heading_level = 0
    item_numbers: list[int | None] = []
    counters: list[int] = []
    for token in tokens:
        if token.type == "heading_open":
            heading_level = int(token.tag[1])
        elif token.type == "heading_close":
            heading_level = 0
        elif token.type == "ordered_list_open":
            counters.append(int(token.attrs.get("start", 1) or 1) - 1)
        elif token.type == "bullet_list_open":
            counters.append(-1)
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            counters.pop()
        elif token.type == "list_item_open":
            item: int | None = None
            if counters and counters[-1] >= 0:
                counters[-1] += 1
                item = int(token.info) if token.info.isdigit() else counters[-1]
            item_numbers.append(item)
        elif token.type == "list_item_close":
            item_numbers.pop()
        elif token.type == "inline" and token.map is not None:
            start = lines[min(token.map[0], len(lines) - 1)]
            limit = lines[min(token.map[1], len(lines) - 1)]
            builder = ProseBuilder(text, start)
            _inline(token.children or [], builder, limit)
            prose = builder.prose()
            if not prose.strip():
                continue
            number = None
            if heading_level:
                kind, level = BlockKind.HEADING, heading_level
            elif item_numbers:
                kind, level, number = BlockKind.ITEM, 0, item_numbers[-1]
            else:
                kind, level = BlockKind.PARAGRAPH, 0
            blocks.append(Block(kind, prose, builder.offsets, level=level, number=number))
    return blocks + _definitions(env, lines)


def _front_matter_blanked(text: str) -> str:
    """A leading YAML front matter (``---`` ... ``---``) as blank lines, so offsets stay put."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return text
    return re.sub(r"[^\n]", " ", match.group()) + text[match.end():]


def _definitions(env: dict[str, Any], lines: list[int]) -> list[Block]:
    """Link reference definitions with a number for a label (``[2]: https://doi.org/... "Title"``):
    CommonMark turns ``[2]`` in the text into a link to them, so they are the reference list."""
    blocks: list[Block] = []
    for label, definition in env.get("references", {}).items():
        if not label.lstrip("^").isdigit():
            continue
        line = definition.get("map", [0])[0]
        text = " ".join(part for part in (f"[{label.lstrip('^')}]", definition.get("title"), definition.get("href"))
                        if part)
        offsets = OffsetMap()
        offsets.add(0, lines[min(line, len(lines) - 1)], False)
        blocks.append(Block(BlockKind.PARAGRAPH, text, offsets))
    return blocks


def _inline(children: list[Token], builder: ProseBuilder, limit: int) -> None:
    index = 0
    while index < len(children):
        child = children[index]
        kind = child.type
        if kind in ("text", "code_inline"):
            builder.text(child.content, limit)
        elif kind in ("softbreak", "hardbreak"):
            builder.made_up("\n")
        elif kind == "link_open":
            close = _closing(children, index, "link_close")
            inner = "".join(c.content for c in children[index + 1:close] if c.type in ("text", "code_inline"))
            if _NUMERIC.match(inner):
                _marker(builder, inner, limit)
            else:
                _inline(children[index + 1:close], builder, limit)
            index = close
        elif kind == "html_inline" and _SUP_OPEN.match(child.content.strip()):
            sup_close = next((i for i in range(index + 1, len(children))
                              if children[i].type == "html_inline" and _SUP_CLOSE.match(children[i].content.strip())),
                             None)
            if sup_close is None:
                index += 1
                continue
            close = sup_close
            inner = "".join(c.content for c in children[index + 1:close] if c.type == "text")
            if _NUMERIC.match(inner):
                _marker(builder, inner, limit)
            else:
                _inline(children[index + 1:close], builder, limit)
            index = close
        elif kind == "image":
            pass
        index += 1


def _closing(children: list[Token], start: int, close_type: str) -> int:
    depth = 0
    for index in range(start, len(children)):
        if children[index].type == children[start].type:
            depth += 1
        elif children[index].type == close_type:
            depth -= 1
            if depth == 0:
                return index
    return len(children) - 1


def _marker(builder: ProseBuilder, inner: str, limit: int) -> None:
    """A numeric link or superscript, as a bracketed marker located at its digits."""
    at = builder.source.find(inner, builder.cursor, limit)
    inner = inner.strip()
    builder.made_up(inner if inner.startswith("[") else f"[{inner}]", at if at != -1 else None)
    if at != -1:
        builder.cursor = at + len(inner)
