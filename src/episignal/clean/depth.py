"""Bounded nesting for HTML pages before main-text extraction.

Resiliparse's plain-text extraction takes time growing with the square of the nesting
depth (8,000 nested elements: 3 s; 100,000: 19 minutes), and a hostile or broken page
can nest that deep. Elements below :data:`MAX_DEPTH` are replaced by their text (one line
per block element), which costs one pass over them; real pages nest a few dozen deep.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from resiliparse.parse.html import DOMNode, HTMLTree, NodeType

MAX_DEPTH = 256
# Tags that never take children: they open no level.
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")


def may_nest_deeper(html: str, limit: int = MAX_DEPTH) -> bool:
    """False when the page surely nests no deeper than ``limit`` (one regex pass).

    Counting start tags up and end tags down over-estimates the depth (unclosed ``<p>``
    and ``<li>`` are closed by the parser), so True only calls for a look at the tree.
    """
    if html.count("<") <= limit:
        return False
    depth = deepest = 0
    for close, name in _TAG.findall(html):
        if close:
            depth -= 1
        elif name.lower() not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest > limit


def flatten_below(tree: HTMLTree, limit: int = MAX_DEPTH) -> int:
    """Replace what lies below ``limit`` by its text, one ``<p>`` a line; returns how many
    subtrees were flattened."""
    root = tree.document
    if root is None:
        return 0
    flattened = 0
    for node in _nodes_at_depth(root, limit):
        if node.first_child is None:
            continue
        lines = subtree_text(node).split("\n")
        while node.first_child is not None:
            node.remove_child(node.first_child)
        for line in lines:
            paragraph = tree.create_element("p")
            paragraph.append_child(tree.create_text_node(line))
            node.append_child(paragraph)
        flattened += 1
    return flattened


def _nodes_at_depth(root: DOMNode, limit: int) -> list[DOMNode]:
    """The element nodes exactly ``limit`` levels below ``root`` (nothing deeper is visited)."""
    found: list[DOMNode] = []
    stack: list[tuple[DOMNode, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth == limit:
            found.append(node)
            continue
        for child in _children(node):
            if child.type == NodeType.ELEMENT:
                stack.append((child, depth + 1))
    return found


def _children(node: DOMNode) -> Iterator[DOMNode]:
    child = node.first_child
    while child is not None:
        yield child
        child = child.next


def subtree_text(node: DOMNode) -> str:
    """The text under ``node`` in document order, a line break around each block element."""
    parts: list[str] = []
    stack: list[DOMNode | str] = [node]
    while stack:
        top = stack.pop()
        if isinstance(top, str):
            parts.append(top)
        elif top.type == NodeType.TEXT:
            parts.append(top.value or "")
        elif top.type == NodeType.ELEMENT:
            block = top.tag in _BLOCK
            if block:
                parts.append("\n")
                stack.append("\n")
            stack.extend(reversed(list(_children(top))))
    return re.sub(r"\n\s*\n+", "\n", "".join(parts)).strip()
