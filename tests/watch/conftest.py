"""Fixtures of the watcher's tests: a feed server, a database, fast settings."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from episignal.store import Store
from episignal.store.watch_sources import SourceRow, SourceSpec, add_source
from episignal.watch.settings import (
    AlertSettings,
    FetchSettings,
    WatchConfig,
    WatchSettings,
)
from tests.watch.servers import FeedServer, feed_server

FAST_FETCH = FetchSettings(
    connect_timeout_s=1.0,
    read_timeout_s=1.0,
    total_timeout_s=2.0,
    max_bytes=1_000_000,
    feed_max_bytes=2_000_000,
)
FAST_WATCH = WatchSettings(
    parallel_sources=4, fetch_threads=4, workers=1, events_every_s=0.0, settle_s=0.0
)
FAST_ALERTS = AlertSettings(retry_base_s=1.0, retry_max_s=5.0, max_attempts=3)


def config(**changes: object) -> WatchConfig:
    base = WatchConfig(fetch=FAST_FETCH, watch=FAST_WATCH, alerts=FAST_ALERTS)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with feed_server() as s:
        yield s


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "watch.db") as s:
        yield s


def register(store: Store, url: str, kind: str = "feed", **changes: object) -> SourceRow:
    spec = SourceSpec(
        url=url, name=url.rsplit("/", 1)[-1] or url, kind=kind, every_s=60.0, allow_private=True
    )
    spec = dataclasses.replace(spec, **changes)  # type: ignore[arg-type]
    with store.transaction() as conn:
        return add_source(conn, spec, time.time())
