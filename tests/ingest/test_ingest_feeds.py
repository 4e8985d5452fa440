"""RSS/Atom feeds: one item per entry with link, title, date and feed title; broken feeds."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from ingest_helpers import ATOM, RSS, good, problems

from episignal.ingest import read_sources
from episignal.ingest.items import content_id


def feed_file(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_rss_entries_become_items(tmp_path: Path) -> None:
    src = feed_file(tmp_path, "harbour.rss", RSS)
    first, second, third = read_sources([src])
    assert first.id == "hh-2023-0211"  # the guid
    assert first.origin == f"{src}#1"
    assert first.url == "https://harbourhealth.example/2023/02/cholera-delta"
    assert first.title == "Cholera cases rise in the delta"
    assert first.source == "Harbour Health News"
    assert first.published == dt.date(2023, 2, 11)  # as written, though it is the 11th in UTC too
    assert first.format == "html"
    assert "212 new cholera cases" in str(first.content)  # full content beats the teaser
    assert second.id == "https://harbourhealth.example/2023/02/measles-drive"  # link, no guid
    assert "measles vaccination drive" in str(second.content)
    assert third.id == content_id(src, third.content) and third.url is None  # no guid, no link
    assert third.origin == f"{src}#3"


def test_atom_entries_become_items(tmp_path: Path) -> None:
    src = feed_file(tmp_path, "valley.atom", ATOM)
    first, second = read_sources([src])
    assert first.id == "urn:valley-bulletin:ebola-17"
    assert first.url == "https://valleybulletin.example/ebola-contacts"
    # published late on the 15th local time (the 16th in UTC): the written date is kept
    assert first.published == dt.date(2022, 10, 15)
    assert first.source == "Valley Bulletin"
    assert "1,100 contacts" in str(first.content) and first.format == "html"
    assert second.published == dt.date(2022, 10, 17)  # falls back to <updated>
    assert (second.content, second.format) == ("Only plain text here about a mpox case.", "text")


@pytest.mark.parametrize("name", ["feed.xml", "feed.rss", "feed.atom", "feed"])
def test_feed_is_recognised_by_extension_or_content(tmp_path: Path, name: str) -> None:
    items = list(read_sources([feed_file(tmp_path, name, ATOM)]))
    assert [i.title for i in items] == ["Ebola contacts traced in two districts", "Plain text note"]


def test_truncated_feed_yields_recovered_entries_then_an_error(tmp_path: Path) -> None:
    cut = RSS[: RSS.index(b"<title>Measles")]
    src = feed_file(tmp_path, "cut.xml", cut)
    items = list(read_sources([src]))
    assert [i.title for i in good(items)] == ["Cholera cases rise in the delta"]
    ((item_id, reason),) = problems(items)
    assert item_id == src
    assert reason.startswith("malformed feed XML:") and reason.endswith("1 entries recovered")


def test_garbage_feed_is_an_error_item(tmp_path: Path) -> None:
    src = feed_file(tmp_path, "bad.rss", b"<rss><channel><item><title>x</tit</rss>&&<<")
    after = feed_file(tmp_path, "after.txt", b"the next source is still read")
    items = list(read_sources([src, after]))
    assert items[0].id == src and (items[0].error or "").startswith("malformed feed XML")
    assert items[-1].content == b"the next source is still read"


def test_feed_without_entries_is_an_error(tmp_path: Path) -> None:
    src = feed_file(
        tmp_path,
        "quiet.xml",
        b"<?xml version='1.0'?><rss><channel><title>Q</title></channel></rss>",
    )
    (item,) = read_sources([src])
    assert item.error == "feed has no entries"


def test_entry_over_the_cap_is_skipped_alone(tmp_path: Path) -> None:
    big = b"<p>" + b"long " * 400 + b"</p>"
    teaser_only = re.sub(rb"<content:encoded>.*?</content:encoded>", b"", RSS, flags=re.S)
    data = teaser_only.replace(b"Short teaser about cholera.", big)
    src = feed_file(tmp_path, "big.xml", data)
    items = list(read_sources([src], max_bytes=1000))
    assert problems(items) == [("hh-2023-0211", "too large: 2007 bytes > 1000")]
    assert len(good(items)) == 2


def test_empty_entry_is_skipped_as_empty(tmp_path: Path) -> None:
    data = RSS.replace(b"A note with neither link nor guid, about dengue in the hills.", b"")
    items = list(read_sources([feed_file(tmp_path, "e.xml", data)]))
    assert problems(items)[-1][1] == "empty"


def test_utf16_feed_is_read(tmp_path: Path) -> None:
    data = ATOM.decode().replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16")
    items = list(read_sources([feed_file(tmp_path, "wide.xml", data)]))
    assert len(good(items)) == 2
