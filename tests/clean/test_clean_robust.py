"""Cleaning hostile or undated input: byte-order-less UTF-16, deep HTML, missing dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from episignal.clean import clean_item, html
from episignal.clean.depth import MAX_DEPTH
from episignal.document import RawItem

STORY = (
    "Health officials reported 42 new cholera cases and three deaths in the river district "
    "on Monday, and the ministry opened two treatment centres for the patients."
)
TODAY = dt.date(2024, 3, 1)


def item(content: str | bytes, fmt: str = "text", **meta: Any) -> RawItem:
    return RawItem("doc", content, fmt, "doc", **meta)  # type: ignore[arg-type]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_read(codec: str) -> None:
    doc = clean_item(item(STORY.encode(codec)))
    assert doc.text == STORY


def tree_depth(tree: Any) -> int:
    deepest, stack = 0, [(tree.document, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        child = node.first_child
        while child is not None:
            stack.append((child, depth + 1))
            child = child.next
    return deepest


def test_deeply_nested_html_is_flattened_before_main_text_extraction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    depths: list[int] = []
    real = html.extract_plain_text

    def measured(tree: Any, **options: Any) -> str:
        depths.append(tree_depth(tree))
        return real(tree, **options)

    monkeypatch.setattr(html, "extract_plain_text", measured)
    nested = 20_000  # 20 s in resiliparse unflattened; 100,000 took 19 minutes
    page = (
        "<html><body>" + "<div>" * nested + f"<p>{STORY}</p><p>{STORY.upper()}</p>"
        "" + "</div>" * nested + "</body></html>"
    )
    doc = clean_item(item(page, "html"))
    assert STORY in doc.text and STORY.upper() in doc.text
    assert "\n" in doc.text  # the paragraphs stay lines of their own
    assert depths and max(depths) <= MAX_DEPTH + 2


def test_shallow_pages_are_left_as_they_are() -> None:
    page = "<html><body>" + "<div>" * 50 + f"<p>{STORY}</p>" + "</div>" * 50 + "</body></html>"
    assert clean_item(item(page, "html")).text == STORY


def test_a_lone_surrogate_in_text_does_not_fail_the_document() -> None:
    doc = clean_item(item(STORY + " \ud800"))
    assert doc.text.endswith("\ufffd")
    doc.text.encode("utf-8")


@pytest.mark.parametrize(
    ("raw", "fmt", "meta", "expected"),
    [
        (STORY, "text", {"published": dt.date(2023, 5, 2), "published_source": "record"},
         (dt.date(2023, 5, 2), "record")),
        (f'<html><head><meta property="article:published_time" content="2023-04-01">'
         f"</head><body><p>{STORY}</p><p>{STORY}</p></body></html>", "html", {},
         (dt.date(2023, 4, 1), "page")),
        (f"Cholera in the delta\nPublished: 12 May 2022\n\n{STORY}", "text", {},
         (dt.date(2022, 5, 12), "dateline")),
        (f"{STORY} The first case was seen on 3 March 2021; by 9 March 2021 there were 40.",
         "text", {}, (dt.date(2021, 3, 9), "text")),
        (STORY, "text", {"captured": dt.date(2022, 1, 5), "captured_source": "file"},
         (dt.date(2022, 1, 5), "file")),
        (STORY, "text", {}, (TODAY, "ingested")),
    ],
)  # fmt: skip
def test_every_document_is_dated_and_says_from_where(
    raw: str, fmt: str, meta: dict[str, Any], expected: tuple[dt.date, str]
) -> None:
    doc = clean_item(item(raw, fmt, **meta), today=TODAY)
    assert (doc.published, doc.published_source) == expected


def test_dates_set_aside_by_the_reader_travel_with_the_document() -> None:
    note = "published date 0001-01-01 is before 1900: treated as unknown"
    doc = clean_item(item(STORY, notes=(note,)), today=TODAY)
    assert doc.notes == (note,) and doc.published_source == "ingested"
