"""Reading a saved web page with selectolax (Lexbor): headings, paragraphs and list items of the
article's main part; ``<sup>`` markers, links to reference anchors, to a DOI or a PubMed record, and pandoc's
``span.citation[data-cites]`` become markers, and the reference list's items keep their ids."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from kevidence.article.model import Block, BlockKind
from kevidence.article.prose import ProseBuilder

_SKIP = frozenset({"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
                   "svg", "button", "select", "iframe", "head"})
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset({"p", "li", "blockquote", "dd", "dt", "td", "th", "figcaption", "caption", "pre",
                     "div", "section", "article", "main", "body", "ol", "ul", "dl", "table", "tr",
                     "tbody", "thead", "figure", *_HEADINGS})
_NUMERIC = re.compile(r"^\s*\[?\^?\d{1,3}(?:\s*[,\-\u2013]\s*\d{1,3})*\]?\s*$")
# A link to a DOI or a PubMed record (characters a citation key may hold only).
_LINKED = re.compile(r"^https?://(?:dx\.)?doi\.org/(?P<doi>10\.\d{4,9}/[\w.:/-]+)$"
                     r"|^https?://(?:pubmed\.ncbi\.nlm\.nih\.gov/|www\.ncbi\.nlm\.nih\.gov/pubmed/)(?P<pmid>\d{1,9})/?$",
                     re.IGNORECASE)
_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")


def read_html(text: str) -> list[Block]:
    """The blocks of an HTML article (its ``<article>`` or ``<main>`` if it has one)."""
    tree = LexborHTMLParser(text)
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    blocks: list[Block] = []
    if root is None:
        return blocks
    walker = _Walker(text)
    walker.block(root, blocks)
    return blocks


class _Walker:
    """Walks the element tree in document order, keeping a cursor in the source text."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.cursor = 0

    def block(self, node: LexborNode, blocks: list[Block]) -> None:
        """Emit ``node`` as blocks: itself if it holds prose directly, else its block children."""
        pending: list[LexborNode] = []
        for child in node.iter(include_text=True):
            tag = child.tag or ""
            if tag in _SKIP or (tag.startswith("-") and tag != "-text"):  # comments, doctype
                continue
            if tag in _HEADINGS:
                self._flush(node, pending, blocks)
                pending = []
                self._flush(child, [child], blocks)
            elif tag in _BLOCKS:
                self._flush(node, pending, blocks)
                pending = []
                self.block(child, blocks)
            else:
                pending.append(child)
        self._flush(node, pending, blocks)

    def _flush(self, parent: LexborNode, nodes: list[LexborNode], blocks: list[Block]) -> None:
        if not any((n.text(deep=True) or "").strip() for n in nodes):
            return
        builder = ProseBuilder(self.source, self.cursor)
        for node in nodes:
            self._inline(node, builder)
        self.cursor = max(self.cursor, builder.cursor)
        prose = builder.prose().replace("\u00a0", " ")
        if not prose.strip():
            return
        tag = parent.tag or ""
        if tag in _HEADINGS:
            blocks.append(Block(BlockKind.HEADING, prose, builder.offsets, level=_HEADINGS[tag]))
            return
        number = None
        if tag == "li" and parent.parent is not None and parent.parent.tag == "ol":
            number = _item_number(parent)
        kind = BlockKind.ITEM if tag == "li" else BlockKind.PARAGRAPH
        blocks.append(Block(kind, prose, builder.offsets, number=number, anchor=_anchor(parent)))

    def _inline(self, node: LexborNode, builder: ProseBuilder) -> None:
        tag = node.tag or ""
        if tag == "-text":
            builder.text(node.text_content or "")
            return
        if tag in _SKIP or tag.startswith("-"):
            return
        if tag == "br":
            builder.made_up("\n")
            return
        attributes = node.attributes
        cites = attributes.get("data-cites") if tag == "span" else None
        if cites:
            keys = "; ".join(f"@{key}" for key in cites.split())
            self._marker(node, f"[{keys}]", builder)
            return
        inner = node.text(deep=True) or ""
        href = attributes.get("href") or "" if tag == "a" else ""
        if (tag == "sup" or (tag == "a" and href.startswith("#"))) and _NUMERIC.match(inner):
            stripped = inner.strip()
            self._marker(node, stripped if stripped.startswith("[") else f"[{stripped}]", builder)
            return
        for child in node.iter(include_text=True):
            self._inline(child, builder)
        linked = _LINKED.search(href) if tag == "a" else None
        if linked:  # a link to a DOI or a PubMed record cites it
            key = f"doi:{linked.group('doi')}" if linked.group("doi") else f"pmid:{linked.group('pmid')}"
            builder.made_up(f" [@{key.rstrip('.')}]")

    def _marker(self, node: LexborNode, marker: str, builder: ProseBuilder) -> None:
        """A marker rebuilt from markup, located at the element's start tag."""
        at = self.source.find(f"<{node.tag}", builder.cursor)
        builder.made_up(marker, at if at != -1 else None)
        if at != -1:
            close = self.source.find(f"</{node.tag}", at)
            builder.cursor = close if close != -1 else at


def _item_number(item: LexborNode) -> int:
    parent = item.parent
    value = item.attributes.get("value")
    if value and value.strip().isdigit():
        return int(value)
    start = parent.attributes.get("start") if parent is not None else None
    number = int(start) - 1 if start and start.strip().lstrip("-").isdigit() else 0
    for sibling in parent.iter() if parent is not None else ():
        if sibling.tag == "li":
            number += 1
        if sibling.mem_id == item.mem_id:
            break
    return number


def _anchor(node: LexborNode) -> str | None:
    return node.attributes.get("id") or None
