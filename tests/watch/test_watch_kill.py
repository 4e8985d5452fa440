"""kill -9 at any moment of a watch cycle, then restart: nothing lost, nothing doubled."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from episignal.store import Store
from episignal.watch import build_watcher, load_config, sync_sources
from episignal.watch.adapters import StoreDeltas
from episignal.watch.loop import ALERT_THREADS
from tests.watch.servers import FeedServer, Route, outbreak_article, rss

ROOT = Path(__file__).resolve().parents[2]
FEEDS, PER_FEED = 3, 4


def serve_outbreaks(server: FeedServer) -> None:
    for f in range(FEEDS):
        items = []
        for i in range(PER_FEED):
            n = f * PER_FEED + i
            server.routes[f"/a{n}"] = Route(outbreak_article(n), delay=0.05)
            items.append({"guid": f"g{n}", "link": server.url(f"/a{n}"), "title": f"Report {n}"})
        server.routes[f"/feed{f}.xml"] = Route(rss(items), content_type="application/rss+xml")


def write_config(path: Path, server: FeedServer, db: Path) -> Path:
    sources = "".join(
        f'[[sources]]\nurl = "{server.url(f"/feed{f}.xml")}"\nevery = "1s"\nallow_private = true\n'
        for f in range(FEEDS)
    )
    path.write_text(
        f'[database]\npath = "{db}"\n\n'
        "[watch]\nparallel_sources = 2\nfetch_threads = 2\nbatch_items = 2\n"
        'events_every = "0.3s"\nsettle = "0"\n\n'
        '[fetch]\nconnect_timeout = "1s"\nread_timeout = "2s"\ntotal_timeout = "5s"\n\n'
        '[alerts]\nretry_base = "1s"\n\n'
        '[[rules]]\nname = "every new event"\non = ["new_event"]\nchannels = ["hook"]\n\n'
        f'[channels.hook]\ntype = "webhook"\nurl = "{server.url("/hook")}"\n'
        "allow_private = true\n\n" + sources,
        encoding="utf-8",
    )
    return path


def count(db: Path, sql: str) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    except sqlite3.OperationalError:
        return 0
    try:
        return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # not created yet
    finally:
        conn.close()


def start_watch(config: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [sys.executable, "-m", "episignal", "watch", "--config", str(config), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_when(proc: subprocess.Popen[bytes], db: Path, sql: str, at_least: int) -> int:
    deadline = time.monotonic() + 90
    while (n := count(db, sql)) < at_least:
        assert proc.poll() is None, "the watcher stopped before it could be killed"
        assert time.monotonic() < deadline, "the watcher made no progress"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    return n


def finish(config: Path) -> None:
    cfg = load_config(config)
    assert cfg.database is not None
    with Store.open(cfg.database) as store:
        sync_sources(store, cfg.sources, time.time())
        watcher = build_watcher(store, cfg)
        try:
            watcher.run(once=True, poll_all=True)
        finally:
            watcher.sink.close()
            watcher.fetcher.close()


def totals(db: Path) -> dict[str, object]:
    with Store.open(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {
            "documents": store.count("documents"),
            "extracted": store.count("documents", "status = 'extracted'"),
            "facts": store.count("facts"),
            "events": sorted(r[0] for r in store.conn.execute("SELECT id FROM events")),
            # Keys carry the delta log's sequence numbers, which differ between runs.
            "alerts": sorted(
                (r[0], r[1], r[2])
                for r in store.conn.execute(
                    "SELECT channel, event_id, delta_kind FROM watch_alerts"
                )
            ),
            "unsent": store.count("watch_alerts", "status != 'sent'"),
            "items": store.count("watch_items", "state = 'done'"),
            "deltas not handled": StoreDeltas(store).backlog(),
        }


@pytest.mark.slow
def test_kill_9_mid_cycle_then_restart_loses_and_doubles_nothing(tmp_path: Path) -> None:
    server = FeedServer().start()
    try:
        serve_outbreaks(server)
        reference = write_config(tmp_path / "ref.toml", server, tmp_path / "ref.db")
        finish(reference)
        expected = totals(tmp_path / "ref.db")
        assert expected["documents"] == FEEDS * PER_FEED and len(expected["events"]) == 24 // 2

        server.requests.clear()
        server.post_delay = 0.3  # alerts go out slowly: a kill can land among them too
        db = tmp_path / "killed.db"
        config = write_config(tmp_path / "kill.toml", server, db)
        proc = start_watch(config)
        first = kill_when(proc, db, "SELECT COUNT(*) FROM documents", 3)
        proc = start_watch(config)
        second = kill_when(proc, db, "SELECT COUNT(*) FROM watch_alerts WHERE status = 'sent'", 2)
        assert first < FEEDS * PER_FEED and second < len(expected["events"]), "kills mid-cycle"
        finish(config)

        assert totals(db) == expected
        keys = Counter(p["id"] for p in server.posts())
        assert len(keys) == len(expected["events"])  # every alert received
        # At least once: an alert is sent again only when a kill fell between its sending and
        # its recording, so at most the sends in flight at each of the two kills (the same
        # Idempotency-Key both times lets a receiver drop the copy).
        assert sum(keys.values()) - len(keys) <= 2 * ALERT_THREADS
    finally:
        server.stop()


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_sigint_finish_the_document_in_hand_and_exit_cleanly(
    tmp_path: Path, sig: signal.Signals
) -> None:
    server = FeedServer().start()
    try:
        serve_outbreaks(server)
        db = tmp_path / "stopped.db"
        config = write_config(tmp_path / "stop.toml", server, db)
        proc = start_watch(config)
        deadline = time.monotonic() + 90
        while count(db, "SELECT COUNT(*) FROM documents") < 2:
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        proc.send_signal(sig)
        assert proc.wait(timeout=20) == 0
        stored = count(db, "SELECT COUNT(*) FROM documents")
        done = count(db, "SELECT COUNT(*) FROM watch_items WHERE state = 'done'")
        assert done <= stored < FEEDS * PER_FEED  # stopped mid-way, every marked item stored
        finish(config)
        assert totals(db)["documents"] == FEEDS * PER_FEED
    finally:
        server.stop()
