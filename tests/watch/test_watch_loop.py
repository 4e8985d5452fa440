"""The watcher end to end on 127.0.0.1: feeds that change between polls, faults, kinds."""

from __future__ import annotations

from episignal.store import Store
from episignal.watch import build_watcher
from episignal.watch.settings import Rule, WebhookChannel
from tests.watch.conftest import config, register
from tests.watch.servers import FeedServer, Route, article, rss

EBOLA = article(
    "Ebola outbreak in Uganda",
    "KAMPALA, 3 March 2022 - The Ministry of Health of Uganda said on Thursday that 12 cases "
    "of Ebola virus disease had been confirmed in Mubende district, and that 5 of the "
    "patients had died.",
)
EBOLA_LATER = article(
    "Ebola cases rise in Uganda",
    "KAMPALA, 10 March 2022 - Uganda's Ministry of Health said on Thursday that the outbreak "
    "has caused a total of 31 confirmed cases of Ebola virus disease in Mubende district since "
    "it was declared, including 9 deaths.",
)
CHOLERA = article(
    "Cholera in Haiti",
    "PORT-AU-PRINCE, 4 March 2022 - Haiti's health ministry recorded 240 suspected cases of "
    "cholera in the Artibonite department this week, including 4 deaths.",
)


def item(server: FeedServer, path: str, title: str) -> dict[str, str]:
    return {"guid": f"tag:test,2022:{path}", "link": server.url(path), "title": title}


def hook_config(server: FeedServer, **rule: object) -> object:
    channel = WebhookChannel("hook", server.url("/hook"), allow_private=True)
    return config(
        rules=(Rule("all", ("hook",), **rule),),  # type: ignore[arg-type]
        channels={"hook": channel},
    )


def run_once(store: Store, cfg: object) -> object:
    watcher = build_watcher(store, cfg)  # type: ignore[arg-type]
    try:
        return watcher.run(once=True, poll_all=True)
    finally:
        watcher.sink.close()
        watcher.fetcher.close()


def test_new_items_are_processed_once_and_unchanged_feeds_cost_a_304(
    server: FeedServer, store: Store
) -> None:
    server.routes["/a1"] = Route(EBOLA)
    server.routes["/a2"] = Route(CHOLERA)
    feed = [item(server, "/a1", "Ebola in Uganda"), item(server, "/a2", "Cholera in Haiti")]
    server.routes["/feed.xml"] = Route(rss(feed), content_type="application/rss+xml", etag='"v1"')
    register(store, server.url("/feed.xml"))
    cfg = hook_config(server, on=("new_event", "new_figure"))

    first = run_once(store, cfg)
    assert first.documents["new"] == 2
    assert store.count("documents") == 2
    titles = sorted(p["title"] for p in server.posts())
    assert any("Ebola virus disease in UG" in t for t in titles), titles
    assert any("Cholera in HT" in t for t in titles), titles
    alerts_after_first = store.count("watch_alerts")

    second = run_once(store, cfg)  # nothing changed: a 304, nothing fetched again
    assert second.not_modified == 1 and sum(second.documents.values()) == 0
    assert server.hits("/feed.xml")[-1].headers.get("If-None-Match") == '"v1"'
    assert len(server.hits("/a1")) == 1 and len(server.hits("/a2")) == 1
    assert store.count("watch_alerts") == alerts_after_first

    server.routes["/a3"] = Route(EBOLA_LATER)
    feed.insert(0, item(server, "/a3", "Ebola cases rise"))
    server.routes["/feed.xml"] = Route(rss(feed), content_type="application/rss+xml", etag='"v2"')
    third = run_once(store, cfg)
    assert third.documents["new"] == 1
    assert len(server.hits("/a1")) == 1 and len(server.hits("/a3")) == 1
    changes = [p for p in server.posts() if p["kind"] == "new_figure"]
    figures = {(p["change"]["measure"], p["change"]["value"]) for p in changes}
    assert ("cases", 31) in figures and ("deaths", 9) in figures, figures
    assert store.count("documents") == 3


def _as_public(address: str) -> str | None:
    """The tests' server stands for a public site; every other non-public address stays
    refused (127.0.0.2, 169.254.169.254, ...)."""
    from episignal.watch.safety import address_problem

    return None if address == "127.0.0.1" else address_problem(address)


def test_faulty_sources_are_reported_and_backed_off_while_the_good_one_goes_on(
    server: FeedServer, store: Store
) -> None:
    server.routes["/a1"] = Route(EBOLA)
    good = rss([item(server, "/a1", "Ebola in Uganda")])
    server.routes["/good.xml"] = Route(good, content_type="application/rss+xml")
    server.routes["/err500.xml"] = Route(b"oops", status=500)
    server.routes["/hang.xml"] = Route(behaviour="hang")
    server.routes["/malformed.xml"] = Route(
        b"<rss><channel><item><title>cut", content_type="application/rss+xml"
    )
    server.routes["/empty.xml"] = Route(rss([]), content_type="application/rss+xml")
    server.routes["/drip.xml"] = Route(behaviour="drip")
    server.routes["/huge.xml"] = Route(behaviour="huge")
    server.routes["/bomb.xml"] = Route(behaviour="gzip-bomb", content_type="application/rss+xml")
    server.routes["/loop1.xml"] = Route(status=302, headers={"Location": "/loop2.xml"})
    server.routes["/loop2.xml"] = Route(status=302, headers={"Location": "/loop1.xml"})
    server.routes["/meta.xml"] = Route(
        status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    server.routes["/lo.xml"] = Route(status=302, headers={"Location": "http://127.0.0.2:9/x"})
    names = ["good", "err500", "hang", "malformed", "empty", "drip", "huge", "bomb", "loop1"]
    names += ["meta", "lo"]
    for name in names:
        register(store, server.url(f"/{name}.xml"), name=name, allow_private=False)
    watcher = build_watcher(store, config(), policy=_as_public)
    try:
        stats = watcher.run(once=True, poll_all=True)
    finally:
        watcher.sink.close()
        watcher.fetcher.close()

    assert stats.documents["new"] == 1 and store.count("documents") == 1
    rows = {
        r[0]: (r[1], r[2] or "")
        for r in store.conn.execute(
            "SELECT name, consecutive_failures, last_error FROM watch_sources"
        )
    }
    assert rows["good"] == (0, "") and rows["empty"] == (0, "")
    expected = {
        "err500": "HTTP 500",
        "hang": "timed out",
        "malformed": "malformed feed",
        "drip": "timed out: response took over",
        "huge": "too large",
        "bomb": "too large",
        "loop1": "too many redirects",
        "meta": "cloud metadata address 169.254.169.254",
        "lo": "loopback address 127.0.0.2",
    }
    for name, reason in expected.items():
        failures, error = rows[name]
        assert failures == 1 and reason in error, (name, error)
    due = dict(store.conn.execute("SELECT name, next_due_at - last_poll_at FROM watch_sources"))
    assert due["err500"] >= 60.0  # backed off: not polled again before its schedule


class LockedOnce:
    """A pipeline whose first call meets a database locked by another writer."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.calls = 0

    def process(self, items: list[object]) -> list[object]:
        self.calls += 1
        if self.calls == 1:
            import sqlite3

            raise sqlite3.OperationalError("database is locked")
        return self.inner.process(items)  # type: ignore[attr-defined,no-any-return]

    def close(self) -> None:
        self.inner.close()  # type: ignore[attr-defined]


def test_a_database_error_pauses_the_watcher_and_loses_nothing(
    server: FeedServer, store: Store, monkeypatch: object, caplog: object
) -> None:
    import pytest

    from episignal.watch import loop
    from episignal.watch.adapters import PipelineSink

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(loop, "DB_RETRY_S", 0.05)
    server.routes["/a1"] = Route(EBOLA)
    feed = rss([item(server, "/a1", "Ebola in Uganda")])
    server.routes["/feed.xml"] = Route(feed, content_type="application/rss+xml")
    register(store, server.url("/feed.xml"))
    sink = LockedOnce(PipelineSink(store))
    watcher = build_watcher(store, config(), sink=sink)  # type: ignore[arg-type]
    stats = watcher.run(once=True, poll_all=True)
    assert sum(stats.documents.values()) == 0
    assert "database error: database is locked" in caplog.text  # type: ignore[attr-defined]
    assert store.count("watch_items") == 0  # not marked: the next run brings it back
    stats = watcher.run(once=True, poll_all=True)
    watcher.fetcher.close()
    assert stats.documents["new"] == 1


class BrokenOn:
    """A pipeline with a bug that one document triggers."""

    def __init__(self, inner: object, bad: str) -> None:
        self.inner = inner
        self.bad = bad

    def process(self, items: list[object]) -> list[object]:
        if any(getattr(i, "id", None) == self.bad for i in items):
            raise ValueError("a bug")
        return self.inner.process(items)  # type: ignore[attr-defined,no-any-return]

    def close(self) -> None:
        self.inner.close()  # type: ignore[attr-defined]


def test_a_pipeline_bug_fails_that_item_only(server: FeedServer, store: Store) -> None:
    from episignal.watch.adapters import PipelineSink

    server.routes["/a1"] = Route(EBOLA)
    server.routes["/a2"] = Route(CHOLERA)
    feed = [item(server, "/a1", "Ebola"), item(server, "/a2", "Cholera")]
    server.routes["/feed.xml"] = Route(rss(feed), content_type="application/rss+xml")
    register(store, server.url("/feed.xml"))
    watcher = build_watcher(store, config(), sink=BrokenOn(PipelineSink(store), server.url("/a1")))  # type: ignore[arg-type]
    stats = watcher.run(once=True, poll_all=True)
    watcher.fetcher.close()
    assert stats.documents == {"new": 1, "failed": 1}
    failed = store.conn.execute(
        "SELECT state, last_error FROM watch_items WHERE url = ?", (server.url("/a1"),)
    ).fetchone()
    assert tuple(failed) == ("failed", "internal error while storing")
