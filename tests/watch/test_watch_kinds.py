"""Every kind of source: news sitemaps, single pages, folders of files, WARC folders; and
articles that cannot be fetched."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

from episignal.store import Store
from episignal.watch import build_watcher
from episignal.watch.loop import WatchStats
from episignal.watch.settings import WatchConfig
from tests.ingest.ingest_helpers import Response, write_warc
from tests.watch.conftest import FAST_WATCH, config, register
from tests.watch.servers import FeedServer, Route, outbreak_article, rss


def run_once(store: Store, cfg: WatchConfig | None = None) -> WatchStats:
    watcher = build_watcher(store, cfg or config())
    try:
        return watcher.run(once=True, poll_all=True)
    finally:
        watcher.sink.close()
        watcher.fetcher.close()


def diseases(store: Store) -> set[str]:
    return {str(r[0]) for r in store.conn.execute("SELECT disease FROM events")}


NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{urls}
</urlset>"""
NEWS_URL = """<url><loc>{loc}</loc><news:news><news:publication>
<news:name>Wire</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2022-03-03T10:00:00Z</news:publication_date>
<news:title>{title}</news:title></news:news></url>"""


def test_a_news_sitemap_and_a_sitemap_index(server: FeedServer, store: Store) -> None:
    for n in range(3):
        server.routes[f"/a{n}"] = Route(outbreak_article(n))
    urls = "".join(NEWS_URL.format(loc=server.url(f"/a{n}"), title=f"Report {n}") for n in (0, 1))
    server.routes["/news-sitemap.xml"] = Route(
        NEWS_SITEMAP.format(urls=urls).encode(), content_type="application/xml"
    )
    child = NEWS_SITEMAP.format(urls=NEWS_URL.format(loc=server.url("/a2"), title="Report 2"))
    server.routes["/child.xml"] = Route(child.encode(), content_type="application/xml")
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{server.url('/child.xml')}</loc></sitemap></sitemapindex>"
    )
    server.routes["/sitemap_index.xml"] = Route(index.encode(), content_type="application/xml")
    register(store, server.url("/news-sitemap.xml"), "sitemap")
    register(store, server.url("/sitemap_index.xml"), "sitemap")
    stats = run_once(store)
    assert stats.documents["new"] == 3
    assert diseases(store) == {"Cholera", "Measles", "Dengue"}
    titles = {r[0] for r in store.conn.execute("SELECT title FROM documents")}
    assert "Report 0" in titles  # the sitemap's news:title
    assert run_once(store).documents["new"] == 0


def test_a_page_is_processed_again_only_when_it_changes(server: FeedServer, store: Store) -> None:
    server.routes["/situation"] = Route(outbreak_article(0))
    register(store, server.url("/situation"), "page")
    assert run_once(store).documents["new"] == 1
    assert sum(run_once(store).documents.values()) == 0  # same bytes: same entry
    server.routes["/situation"] = Route(outbreak_article(1))
    assert run_once(store).documents["new"] == 1
    (doc_id,) = [r[0] for r in store.conn.execute("SELECT id FROM documents")]
    assert doc_id == server.url("/situation")  # one document, updated
    assert diseases(store) == {"Measles"}


def test_a_folder_source_takes_new_and_changed_files(store: Store, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.html").write_bytes(outbreak_article(0))
    (inbox / ".hidden.html").write_bytes(outbreak_article(1))
    register(store, str(inbox), "folder")
    assert run_once(store).documents["new"] == 1
    (inbox / "two.html").write_bytes(outbreak_article(2))
    assert run_once(store).documents["new"] == 1
    assert sum(run_once(store).documents.values()) == 0
    (inbox / "one.html").write_bytes(outbreak_article(3))
    os.utime(inbox / "one.html", (time.time() - 5, time.time() - 5))  # surely a new mtime
    assert run_once(store).documents["new"] == 1
    assert diseases(store) == {"Dengue", "Ebola virus disease"}


def test_a_file_still_being_written_waits_for_the_next_poll(store: Store, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "fresh.html").write_bytes(outbreak_article(0))
    register(store, str(inbox), "folder")
    slow = config(watch=dataclasses.replace(FAST_WATCH, settle_s=3600.0))
    assert sum(run_once(store, slow).documents.values()) == 0
    assert run_once(store).documents["new"] == 1


def test_a_warc_folder_source_reads_new_archives(store: Store, tmp_path: Path) -> None:
    drops = tmp_path / "drops"
    drops.mkdir()
    (drops / "notes.txt").write_text("not an archive: ignored by a warc-dir source")
    write_warc(
        drops / "a.warc.gz",
        [Response(f"https://news.example/{n}", outbreak_article(n)) for n in (4, 5)],
    )
    register(store, str(drops), "warc-dir")
    assert run_once(store).documents["new"] == 2
    write_warc(drops / "b.warc.gz", [Response("https://news.example/6", outbreak_article(6))])
    assert run_once(store).documents["new"] == 1
    assert diseases(store) == {"Marburg virus disease", "Mpox", "Yellow fever"}


def test_articles_that_cannot_be_fetched(server: FeedServer, store: Store) -> None:
    summary = (
        "The health ministry of Kenya said on Thursday that 87 cases of anthrax had been "
        "confirmed since the start of the year, including 13 deaths."
    )
    server.routes["/robots.txt"] = Route(
        b"User-agent: *\nDisallow: /members/\n", content_type="text/plain"
    )
    server.routes["/flaky"] = Route(b"", status=503)
    items = [
        {"guid": "g1", "link": server.url("/gone"), "title": "Gone", "summary": ""},
        {"guid": "g2", "link": server.url("/members/a"), "title": "Anthrax", "summary": summary},
        {"guid": "g3", "link": server.url("/flaky"), "title": "Flaky", "summary": ""},
    ]
    server.routes["/feed.xml"] = Route(rss(items), content_type="application/rss+xml")
    register(store, server.url("/feed.xml"))
    run_once(store)
    rows = {
        r[0]: (r[1], r[2]) for r in store.conn.execute("SELECT id, status, reason FROM documents")
    }
    assert rows[server.url("/gone")][0] == "failed" and "HTTP 404" in rows[server.url("/gone")][1]
    assert rows[server.url("/members/a")][0] == "extracted"  # the feed's own text, robots obeyed
    assert server.hits("/members/a") == []
    assert server.url("/flaky") not in rows  # transient: tried again on later polls
    state = store.conn.execute(
        "SELECT state, attempts FROM watch_items WHERE item_key = 'g3'"
    ).fetchone()
    assert tuple(state) == ("pending", 1)
    run_once(store)
    run_once(store)
    flaky = store.conn.execute(
        "SELECT status, reason FROM documents WHERE id = ?", (server.url("/flaky"),)
    ).fetchone()
    assert flaky[0] == "failed" and "HTTP 503" in flaky[1]
    assert len(server.hits("/flaky")) == 3
    assert diseases(store) == {"Anthrax"}
