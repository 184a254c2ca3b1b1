"""Reading a saved web page with selectolax (Lexbor): headings, paragraphs and list items of the
article's main part; ``<sup>`` markers, links to reference anchors, to a DOI or a PubMed record, and pandoc's
``span.citation[data-cites]`` become markers, and the reference list's items keep their ids."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from kevidence.article.model import Block, BlockKind
from kevidence.article.prose import ProseBuilder

_SKIP = frozenset({"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
                   "svg", "button", "select", "iframe", "head"})
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset({"p", "li", "blockquote", "dd", "dt", "td", "th", "figcaption", "caption", "pre",
                     "div", "section", "article", "main", "body", "ol", "ul", "dl", "table", "tr",
                     "tbody", "thead", "figure", *_HEADINGS})
_NUMERIC = re.compile(r"^\s*+\[?\^?\d{1,3}+(?:\s*+[,\-\u2013]\s*+\d{1,3}+)*+\]?\s*$")
# A link to a DOI or a PubMed record (characters a citation key may hold only).
_LINKED = re.compile(r"^https?://(?:dx\.)?doi\.org/(?P<doi>10\.\d{4,9}/[\w.:/-]+)$"
                     r"|^https?://(?:pubmed\.ncbi\.nlm\.nih\.gov/|www\.ncbi\.nlm\.nih\.gov/pubmed/)(?P<pmid>\d{1,9})/?$",
                     re.IGNORECASE)


@dataclass(frozen=True)
class _Then:
    """Text the inline walk writes once the children before it are done."""

    text: str


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
        self.numbering: dict[int, dict[int, int]] = {}

    def block(self, node: LexborNode, blocks: list[Block]) -> None:
        """Emit ``node`` as blocks: itself if it holds prose directly, else its block children.

        The tree is walked with a stack of its own, not by recursion: a page may nest its
        elements deeper than Python's call stack goes."""
        # Each frame: an element, the iterator over its children, the inline children pending.
        stack: list[tuple[LexborNode, Iterator[LexborNode], list[LexborNode]]] = [
            (node, iter(node.iter(include_text=True)), [])]
        while stack:
            parent, children, pending = stack[-1]
            for child in children:
                tag = child.tag or ""
                if tag in _SKIP or (tag.startswith("-") and tag != "-text"):  # comments, doctype
                    continue
                if tag in _HEADINGS:
                    self._flush(parent, pending, blocks)
                    pending.clear()
                    self._flush(child, [child], blocks)
                elif tag in _BLOCKS:
                    self._flush(parent, pending, blocks)
                    pending.clear()
                    stack.append((child, iter(child.iter(include_text=True)), []))
                    break
                else:
                    pending.append(child)
            else:
                self._flush(parent, pending, blocks)
                stack.pop()

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
            number = _item_number(parent, self.numbering)
        kind = BlockKind.ITEM if tag == "li" else BlockKind.PARAGRAPH
        blocks.append(Block(kind, prose, builder.offsets, number=number, anchor=_anchor(parent)))

    def _inline(self, node: LexborNode, builder: ProseBuilder) -> None:
        # A stack of child iterators rather than recursion, as in :meth:`block`.
        stack: list[Iterator[LexborNode | _Then]] = [iter((node,))]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                continue
            if isinstance(child, _Then):  # made-up text due after an element's children
                builder.made_up(child.text)
                continue
            inner = self._inline_one(child, builder)
            if inner is not None:
                stack.append(inner)

    def _inline_one(self, node: LexborNode, builder: ProseBuilder) -> Iterator[LexborNode | _Then] | None:
        """Take one inline node into ``builder``; its children if they are still to be walked."""
        tag = node.tag or ""
        if tag == "-text":
            builder.text(node.text_content or "")
            return None
        if tag in _SKIP or tag.startswith("-"):
            return None
        if tag == "br":
            builder.made_up("\n")
            return None
        attributes = node.attributes
        cites = attributes.get("data-cites") if tag == "span" else None
        if cites:
            keys = "; ".join(f"@{key}" for key in cites.split())
            self._marker(node, f"[{keys}]", builder)
            return None
        href = attributes.get("href") or "" if tag == "a" else ""
        if tag == "sup" or (tag == "a" and href.startswith("#")):
            inner = node.text(deep=True) or ""
            if _NUMERIC.match(inner):
                stripped = inner.strip()
                self._marker(node, stripped if stripped.startswith("[") else f"[{stripped}]", builder)
                return None
        children = iter(node.iter(include_text=True))
        linked = _LINKED.search(href) if tag == "a" else None
        if linked:  # a link to a DOI or a PubMed record cites it: a marker after the link's words
            key = f"doi:{linked.group('doi')}" if linked.group("doi") else f"pmid:{linked.group('pmid')}"
            return itertools.chain(children, [_Then(f" [@{key.rstrip('.')}]")])
        return children

    def _marker(self, node: LexborNode, marker: str, builder: ProseBuilder) -> None:
        """A marker rebuilt from markup, located at the element's start tag."""
        at = self.source.find(f"<{node.tag}", builder.cursor)
        builder.made_up(marker, at if at != -1 else None)
        if at != -1:
            close = self.source.find(f"</{node.tag}", at)
            builder.cursor = close if close != -1 else at


def _item_number(item: LexborNode, numbering: dict[int, dict[int, int]]) -> int | None:
    """The number an ``<ol>`` gives ``item``; the list's numbers are counted once, in ``numbering``."""
    parent = item.parent
    if parent is None:
        return None
    numbers = numbering.get(parent.mem_id)
    if numbers is None:
        numbers = numbering[parent.mem_id] = {}
        start = _small_number(parent.attributes.get("start"))
        number = (1 if start is None else start) - 1
        for sibling in parent.iter():
            if sibling.tag == "li":
                value = _small_number(sibling.attributes.get("value"))
                number = value if value is not None else number + 1
                numbers[sibling.mem_id] = number
    return numbers.get(item.mem_id)


def _small_number(text: str | None) -> int | None:
    """An attribute's whole number in ASCII digits, if it is one a list could count to."""
    text = (text or "").strip()
    digits = text[1:] if text.startswith("-") else text
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 9:
        return None
    return int(text)


def _anchor(node: LexborNode) -> str | None:
    return node.attributes.get("id") or None
