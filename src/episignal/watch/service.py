"""Wiring: a store, a configuration and the seams' implementations make a Watcher."""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from episignal.store import Store
from episignal.store.watch_sources import SourceRow, SourceSpec, list_sources, upsert_source
from episignal.watch.adapters import PipelineSink, StoreDeltas
from episignal.watch.alerts import Alerter
from episignal.watch.clock import Clock, system_clock
from episignal.watch.config import DEFAULT_CONFIG, load_config
from episignal.watch.fetch import SafeFetcher
from episignal.watch.loop import Watcher, WatchStats
from episignal.watch.safety import Policy, Resolver, address_problem, system_resolver
from episignal.watch.seams import EventUpdates, ItemSink
from episignal.watch.settings import WatchConfig

log = logging.getLogger(__name__)


def find_config(path: Path | None) -> WatchConfig:
    """``path``, else ``./episignal.toml`` when it exists, else the defaults."""
    if path is not None:
        return load_config(path)
    default = Path(DEFAULT_CONFIG)
    return load_config(default) if default.is_file() else WatchConfig()


def sync_sources(store: Store, specs: Sequence[SourceSpec], now: float) -> list[SourceRow]:
    """Register or update the configuration's sources (sources added by hand stay)."""
    with store.transaction() as conn:
        return [upsert_source(conn, spec, now)[0] for spec in specs]


def build_watcher(
    store: Store,
    config: WatchConfig,
    *,
    sink: ItemSink | None = None,
    updates: EventUpdates | None = None,
    clock: Clock | None = None,
    stop: threading.Event | None = None,
    progress: Callable[[WatchStats], None] | None = None,
    resolver: Resolver = system_resolver,
    policy: Policy = address_problem,
) -> Watcher:
    stop = stop or threading.Event()
    clock = clock or system_clock()
    fetcher = SafeFetcher(config.fetch, stop=stop, resolver=resolver, policy=policy)
    alerter = Alerter(
        store,
        rules=config.rules,
        channels=config.channels,
        settings=config.alerts,
        fetcher=fetcher,
        clock=clock,
        stop=stop,
    )
    return Watcher(
        store,
        config,
        sink=sink or PipelineSink(store, workers=config.watch.workers),
        updates=updates or StoreDeltas(store, clock),
        fetcher=fetcher,
        alerter=alerter,
        clock=clock,
        stop=stop,
        progress=progress,
    )


def run_watch(
    db: Path,
    config: WatchConfig,
    *,
    once: bool = False,
    poll_all: bool = False,
    workers: int | None = None,
    progress: Callable[[WatchStats], None] | None = None,
    handle_signals: bool = True,
) -> WatchStats:
    """Watch ``db``'s sources (and the configuration's) until stopped, or once."""
    if workers is not None:
        config = dataclasses.replace(
            config, watch=dataclasses.replace(config.watch, workers=workers)
        )
    with Store.open(db) as store:
        sync_sources(store, config.sources, time.time())
        if not any(s.enabled for s in list_sources(store.conn)):
            log.warning("no source to watch in %s: add one with `episignal sources add`", db)
        watcher = build_watcher(store, config, progress=progress)
        try:
            if handle_signals:
                with watcher.signals_stop():
                    return watcher.run(once=once, poll_all=poll_all)
            return watcher.run(once=once, poll_all=poll_all)
        finally:
            watcher.sink.close()
            watcher.fetcher.close()
