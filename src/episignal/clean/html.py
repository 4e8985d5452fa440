"""HTML page -> the article's main text, with a fast path and a careful fallback.

Fast path: Resiliparse parses the page (lexbor, C) and its main-content extractor
drops most boilerplate; CSS selectors skip elements whose class or id names them as
navigation, cookie banners, newsletters, share bars, related links or comments; the
furniture classifier then removes what plain-``<div>`` pages still leak (cookie text,
footers, link lists, "Recent Stories"). A quality check decides whether the result
looks like an article (enough sentence-like text); if not, trafilatura, slower but
more thorough, extracts the page and the better of the two results is kept.
See docs/cleaning.md for the measurements behind this design.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, cast

from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree

from episignal.clean.depth import flatten_below, may_nest_deeper
from episignal.clean.furniture import classify, remove_furniture
from episignal.clean.metadata import PageMeta, find_date_line, html_metadata, parse_date

log = logging.getLogger(__name__)

Method = Literal["fast", "unfiltered", "fallback"]

# Elements that are never the article, named by tag, ARIA role, class or id.
SKIP_SELECTORS: tuple[str, ...] = (
    "nav",
    "footer",
    "aside",
    "form",
    "[role=navigation]",
    "[role=contentinfo]",
    "[role=banner]",
    "[class*=cookie]",
    "[id*=cookie]",
    "[class*=consent]",
    "[id*=consent]",
    "[class*=gdpr]",
    "[class*=newsletter]",
    "[class*=subscribe]",
    "[class*=share]",
    "[class*=social]",
    "[class*=related]",
    "[class*=breadcrumb]",
    "[class*=sidebar]",
    "[class*=widget]",
    "[class*=advert]",
    "[class*=ad-slot]",
    "[class*=promo]",
    "[id*=comments]",
    "[class*=comments]",
)
_CELL_BREAK = re.compile(r"[ ]*\t[\t ]*")
MIN_PROSE_CHARS = 250  # below this the fast path is not trusted (see docs/cleaning.md)
MIN_PROSE_LINES = 2


@dataclass(slots=True)
class HtmlExtract:
    text: str
    meta: PageMeta
    method: Method


def extract_html(html: str, *, title: str | None = None, fallback: bool = True) -> HtmlExtract:
    """Main text (furniture removed, paragraph breaks kept) and metadata of a page.

    ``title``, when the reader knows it (a feed entry's title), helps find where the
    story starts; otherwise the page's own title is used.
    """
    tree = HTMLTree.parse(html)
    if may_nest_deeper(html) and flatten_below(tree) and tree.document is not None:
        html = tree.document.html  # the fallback parses the page again: give it the flat one
    meta = html_metadata(tree)
    text, method = _best_extract(html, tree, title or meta.title, fallback=fallback)
    if meta.published is not None:
        meta.published_source = "page"
    else:  # a dateline near the top is cheaper than htmldate's search of the markup
        meta.published = find_date_line(text)
        meta.published_source = "dateline" if meta.published is not None else None
    if meta.published is None:
        meta.published = _htmldate(html)
        meta.published_source = "page" if meta.published is not None else None
    return HtmlExtract(text=text, meta=meta, method=method)


def _best_extract(
    html: str, tree: HTMLTree, title: str | None, *, fallback: bool
) -> tuple[str, Method]:
    """The first extract that looks like an article: fast, then trafilatura, then unfiltered.

    A wrapper whose class merely contains "sidebar" or "share" can hide the whole page
    from the skip selectors; trafilatura usually recovers such pages more cleanly than
    the fast path without selectors, which is the last resort. When none looks like
    an article, the one with the most sentence-like text wins.
    """
    fast = fast_main_text(tree, title)
    if not fallback or looks_like_article(fast):
        return fast, "fast"
    careful = careful_main_text(html, title)
    if looks_like_article(careful):
        return careful, "fallback"
    unfiltered = fast_main_text(tree, title, skip=())
    if looks_like_article(unfiltered):
        return unfiltered, "unfiltered"
    tried: list[tuple[str, Method]] = [
        (fast, "fast"),
        (careful, "fallback"),
        (unfiltered, "unfiltered"),
    ]
    return max(tried, key=lambda pair: prose_chars(pair[0]))


def fast_main_text(
    tree: HTMLTree, title: str | None, *, skip: tuple[str, ...] = SKIP_SELECTORS
) -> str:
    raw = extract_plain_text(
        tree,
        preserve_formatting=True,
        main_content=True,
        list_bullets=False,
        alt_texts=False,
        comments=False,
        skip_elements=list(skip),
    )
    return remove_furniture(_cells_to_lines(raw, title), title=title)


def _cells_to_lines(text: str, title: str | None) -> str:
    """Table cells (tab-separated in the extract) and the headline get lines of their own.

    Old table layouts put the navigation column and the story in cells of one row;
    the furniture classifier works on lines, so each cell and the headline must start one.
    """
    text = "\n".join(_row_or_cells(line) for line in text.split("\n"))
    if title and len(title) >= 12:
        at = text.find(title)
        if at > 0 and text[at - 1] != "\n":
            text = f"{text[:at]}\n{text[at:]}"
    return text


def _row_or_cells(line: str) -> str:
    """A data table's row stays one line ("Ondo | 262 | 43"); a layout table's cells, long
    blocks of navigation and story side by side, each get their own line."""
    if "\t" not in line:
        return line
    cells = [c.strip() for c in line.split("\t")]
    filled = [c for c in cells if c]
    if len(filled) >= 2 and all(len(c) <= _DATA_CELL_MAX for c in filled):
        return " | ".join(filled)
    return _CELL_BREAK.sub("\n", line)


_DATA_CELL_MAX = 60


def careful_main_text(html: str, title: str | None) -> str:
    """trafilatura's extraction, furniture removed; empty when it finds nothing."""
    extract = _trafilatura_extract()
    if extract is None:
        return ""
    try:
        raw = extract(
            html, fast=True, include_comments=False, include_tables=True, deduplicate=False
        )
    except Exception as e:  # third-party parser on hostile input: never fatal
        log.debug("trafilatura failed: %s", e)
        return ""
    return remove_furniture(raw or "", title=title)


@functools.cache
def _trafilatura_extract() -> Callable[..., str | None] | None:
    """trafilatura.extract, imported on first need (it is slow to import and rarely needed)."""
    try:
        from trafilatura import extract
    except ImportError as e:  # an incomplete install must not stop cleaning: the fast path stands
        log.warning("trafilatura is not importable (%s); HTML fallback disabled", e)
        return None
    return cast("Callable[..., str | None]", extract)


def looks_like_article(text: str) -> bool:
    """Enough sentence-like lines to be an article rather than a menu or a teaser list."""
    lines = [line for line in classify(text) if line.label == "prose"]
    return len(lines) >= MIN_PROSE_LINES and sum(len(x.text) for x in lines) >= MIN_PROSE_CHARS


def prose_chars(text: str) -> int:
    return sum(len(line.text) for line in classify(text) if line.label == "prose")


def _htmldate(html: str) -> dt.date | None:
    """htmldate's reading of dates the page's metadata did not state plainly."""
    try:
        from htmldate import find_date
    except ImportError:
        return None
    try:
        found = find_date(html, extensive_search=False, original_date=True)
    except Exception:  # htmldate on hostile markup: a missing date is fine
        return None
    return parse_date(found) if isinstance(found, str) else None
