"""The watcher end to end on 127.0.0.1: feeds that change between polls, faults, kinds."""

from __future__ import annotations

import json
from pathlib import Path

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
