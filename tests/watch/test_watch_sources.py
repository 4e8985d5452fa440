"""The source registry (migration 5) and source lists in OPML and YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from episignal.errors import ConfigError, StoreError
from episignal.store import Store
from episignal.store.watch_sources import (
    PollRecord,
    add_source,
    due_sources,
    find_source,
    finish_item,
    item_states,
    list_sources,
    next_due_at,
    pending_items,
    record_poll,
    remove_source,
    retry_item,
    upsert_source,
)
from episignal.watch.sources import guess_kind, make_spec, read_source_list


def test_add_list_find_remove(store: Store) -> None:
    with store.transaction() as conn:
        a = add_source(conn, make_spec("https://www.news.example/rss", every="15m"), 100.0)
        b = add_source(conn, make_spec("https://other.example/sitemap_news.xml"), 100.0)
    assert (a.name, a.kind, a.every_s, a.next_due_at) == ("news.example", "feed", 900.0, 100.0)
    assert b.kind == "sitemap"
    assert [s.id for s in list_sources(store.conn)] == [a.id, b.id]
    assert find_source(store.conn, str(a.id)) == a
    assert find_source(store.conn, "news.example") == a
    assert find_source(store.conn, "https://other.example/sitemap_news.xml") == b
    with store.transaction() as conn, pytest.raises(StoreError, match="already registered"):
        add_source(conn, make_spec("https://www.news.example/rss"), 100.0)
    with store.transaction() as conn:
        remove_source(conn, a.id)
    assert find_source(store.conn, a.id) is None


def test_upsert_keeps_the_polling_state(store: Store) -> None:
    with store.transaction() as conn:
        row = add_source(conn, make_spec("https://news.example/rss", every="1h"), 0.0)
        record_poll(conn, row.id, PollRecord(10.0, True, "ok", 3610.0, etag='"e1"', new_items=4))
        updated, created = upsert_source(
            conn, make_spec("https://news.example/rss", every="10m", name="N"), 20.0
        )
    assert not created
    assert (updated.name, updated.etag, updated.items_seen) == ("N", '"e1"', 4)
    assert updated.next_due_at == 610.0  # the shorter schedule counts from the last poll


def test_polls_schedule_and_failures(store: Store) -> None:
    with store.transaction() as conn:
        a = add_source(conn, make_spec("https://a.example/rss"), 0.0)
        b = add_source(conn, make_spec("https://b.example/rss"), 0.0)
        record_poll(conn, a.id, PollRecord(5.0, False, "HTTP 500", 500.0, error="HTTP 500 oops"))
        record_poll(conn, a.id, PollRecord(6.0, False, "HTTP 500", 900.0, error="HTTP 500 oops"))
    assert [s.id for s in due_sources(store.conn, 10.0, 10)] == [b.id]
    assert due_sources(store.conn, 10.0, 10, busy=[b.id]) == []
    assert next_due_at(store.conn, busy=[b.id]) == 900.0
    failed = find_source(store.conn, a.id)
    assert failed is not None and failed.consecutive_failures == 2
    assert failed.last_error == "HTTP 500 oops" and failed.last_success_at is None
    with store.transaction() as conn:
        record_poll(conn, a.id, PollRecord(950.0, True, "ok", 2750.0))
    ok = find_source(store.conn, a.id)
    assert ok is not None and ok.consecutive_failures == 0 and ok.last_error is None


def test_items_remember_what_was_processed(store: Store) -> None:
    with store.transaction() as conn:
        s = add_source(conn, make_spec("https://a.example/rss"), 0.0)
        finish_item(conn, s.id, "k1", url="u1", document_id="u1", state="done", now=1.0)
        assert retry_item(conn, s.id, "k2", url="u2", error="timed out", now=1.0) == 1
        assert retry_item(conn, s.id, "k2", url="u2", error="timed out", now=2.0) == 2
    states = item_states(store.conn, s.id, ["k1", "k2", "k3"])
    assert {k: v.state for k, v in states.items()} == {"k1": "done", "k2": "pending"}
    assert pending_items(store.conn) == {s.id: 1}
    keys = [f"x{i}" for i in range(1200)]  # more than SQLite's bound-parameter limit
    assert item_states(store.conn, s.id, keys) == {}


@pytest.mark.parametrize(
    ("location", "kind"),
    [
        ("https://a.example/feed.xml", "feed"),
        ("https://a.example/news-sitemap.xml", "sitemap"),
        ("https://a.example/sitemap.xml.gz", "sitemap"),
        ("/var/spool/news", "folder"),
    ],
)
def test_guess_kind(location: str, kind: str) -> None:
    assert guess_kind(location) == kind


@pytest.mark.parametrize(
    ("location", "kind", "message"),
    [
        ("ftp://a.example/feed", None, "only http and https"),
        ("file:///etc/passwd", "feed", "only http and https"),
        ("https:///nohost", "feed", "no host name"),
        ("https://a.example/x", "folder", "local folder, not a URL"),
        ("https://a.example/x", "gopher", "unknown source kind"),
    ],
)
def test_bad_locations_are_refused(location: str, kind: str | None, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        make_spec(location, kind=kind)


def test_import_opml(tmp_path: Path) -> None:
    path = tmp_path / "feeds.opml"
    path.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
        '<outline text="Health"><outline type="rss" text="Wire" title="Health Wire" '
        'xmlUrl="https://wire.example/rss"/></outline>'
        '<outline type="rss" text="Second" xmlUrl="https://second.example/atom" language="fr"/>'
        "</body></opml>"
    )
    specs = read_source_list(path)
    assert [(s.url, s.name, s.kind, s.language) for s in specs] == [
        ("https://wire.example/rss", "Health Wire", "feed", None),
        ("https://second.example/atom", "Second", "feed", "fr"),
    ]


def test_opml_with_entities_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.opml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body/></opml>')
    with pytest.raises(ConfigError, match="DOCTYPE"):
        read_source_list(path)


def test_import_yaml(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n"
        "  - https://a.example/rss\n"
        "  - url: https://b.example/sitemap.xml\n    every: 2h\n    name: B\n"
        "  - url: drops\n    kind: warc-dir\n    every: 5m\n"
    )
    a, b, c = read_source_list(path)
    assert (a.kind, a.every_s) == ("feed", 1800.0)
    assert (b.kind, b.every_s, b.name) == ("sitemap", 7200.0, "B")
    assert (c.kind, c.url) == ("warc-dir", str(tmp_path / "drops"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- url: https://a.example/rss\n  colour: red\n", "source 1: unknown key"),
        ("- name: no url\n", "source 1: each source needs a 'url'"),
        ("- url: https://a.example/rss\n  every: often\n", "source 1: every: cannot read"),
        ("just text", "expected a list of sources"),
        ("- [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_yaml_names_the_entry(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "sources.yml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        read_source_list(path)
