"""clean_item: the public entry point, from RawItem to Document or DocumentError."""

from __future__ import annotations

import codecs
import datetime as dt

import pytest

from episignal.clean import clean_item
from episignal.clean.dedup import content_hash
from episignal.document import RawItem
from episignal.errors import DocumentError
from tests.clean.clean_fixtures import FIXTURES

STORY = (
    "Officials in the river district confirmed 58 cases of typhoid fever on Thursday, "
    "most of them in two villages that share a single well.\n"
    "The district hospital has set aside a ward for the patients, and water samples have "
    "been sent to the provincial laboratory for testing.\n"
)


def _item(content: str | bytes, fmt: str = "text", **kw: object) -> RawItem:
    return RawItem(id="doc-1", content=content, format=fmt, origin="test", **kw)  # type: ignore[arg-type]


def test_plain_text_document() -> None:
    doc = clean_item(_item(STORY))
    assert doc.id == "doc-1" and doc.origin == "test"
    assert doc.text == STORY.strip()
    assert doc.language == "en"
    assert doc.content_hash == content_hash(doc.text)


def test_scraped_page_gets_headline_and_dateline_metadata() -> None:
    path = FIXTURES / "scraped_recent_stories.txt"
    doc = clean_item(_item(path.read_bytes()))
    assert doc.title == "Pyongyang orders lockdown as fever cases climb past 350,000"
    assert doc.published == dt.date(2022, 5, 13)
    assert "Recent Stories" not in doc.text


def test_metadata_from_the_reader_wins() -> None:
    path = FIXTURES / "html" / "semantic_news.html"
    item = _item(
        path.read_bytes(),
        "html",
        title="Reader title",
        url="https://feed.example/item",
        source="Feed outlet",
        published=dt.date(2023, 3, 9),
    )
    doc = clean_item(item)
    assert (doc.title, doc.url, doc.source, doc.published) == (
        "Reader title",
        "https://feed.example/item",
        "Feed outlet",
        dt.date(2023, 3, 9),
    )


@pytest.mark.parametrize(
    "encoded",
    [
        STORY.encode("utf-16"),
        codecs.BOM_UTF8 + STORY.encode("utf-8"),
        STORY.replace("Thursday", "Thursday – “today”").encode("cp1252"),
    ],
)
def test_bytes_in_other_encodings(encoded: bytes) -> None:
    doc = clean_item(_item(encoded))
    assert "58 cases of typhoid fever" in doc.text


def test_markdown_headings_lose_their_hashes() -> None:
    doc = clean_item(_item("# Typhoid in the river district\n\n" + STORY))
    assert doc.text.startswith("Typhoid in the river district\n")
    assert doc.title == "Typhoid in the river district"


def test_control_characters_are_removed() -> None:
    doc = clean_item(_item("\ufeff" + STORY.replace("typhoid", "ty\x00phoid\u00ad")))
    assert "typhoid fever" in doc.text


def test_non_english_document_is_kept_with_its_language() -> None:
    path = FIXTURES / "html" / "french_news.html"
    assert clean_item(_item(path.read_bytes(), "html")).language == "fr"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "no article text"),
        ("   \n\n \t ", "no article text"),
        (bytes(range(256)) * 40, "binary"),
        ("Home\nNews | Sport | Weather\nCopyright 2024,", "no article text"),
    ],
)
def test_nothing_usable_raises_document_error(content: str | bytes, reason: str) -> None:
    with pytest.raises(DocumentError, match=reason):
        clean_item(_item(content))


def test_html_with_only_a_menu_raises_document_error() -> None:
    html = "<html><body><nav><a href='/'>Home</a><a href='/n'>News</a></nav></body></html>"
    with pytest.raises(DocumentError, match="no article text"):
        clean_item(_item(html, "html"))


def test_item_with_reader_error_raises_document_error() -> None:
    with pytest.raises(DocumentError, match="truncated"):
        clean_item(_item(b"", error="truncated gzip stream"))


def test_huge_single_line_is_handled() -> None:
    line = ("The clinic treated another patient with fever today. " * 40_000).encode()
    doc = clean_item(_item(line))
    assert len(doc.text) > 1_000_000
    assert doc.language == "en"
