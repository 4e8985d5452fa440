#!/usr/bin/env python3
"""Watch soak benchmark on 127.0.0.1: feeds that change every cycle, alerts timed end to end.

    python bench/bench_watch.py [--minutes 10] [--feeds 200] [--items 50] [--new 1]
                                [--cycle 30] [--every 10s] [--workers 2]

Starts local feed servers (``--hosts`` ports, so per-host politeness applies as it would on
the web): ``--feeds`` RSS feeds of ``--items`` items each; every ``--cycle`` seconds each feed
gains ``--new`` items (the oldest drop off) whose articles are made-up outbreak reports.
Runs ``episignal watch`` in its own process against a fresh database, with a rule sending
every new event and new figure to a local webhook, and prints:

* documents per second (documents stored / time), polls and 304s;
* memory: the watcher's RSS (and its workers') after the first cycle (the initial backlog
  processed) and at the end, with the growth;
* latency: median and p95 from an item's appearance in its feed to the first alert naming
  its document, for the items published during the run and for those published once the
  watcher had caught up with the feeds. A report that changes no event's latest figure (a
  lower total than an official one of the same day, say) rightly raises no alert: the
  count of items named in an alert says how many did.

``--keep FILE`` copies the database there at the end (and the numbers of the items no alert
named, in FILE.unalerted.json).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SENT_ALERTS = "SELECT COUNT(*) FROM watch_alerts WHERE status = 'sent'"

DISEASES = (
    "cholera", "measles", "dengue", "Ebola virus disease", "mpox", "yellow fever",
    "Lassa fever", "diphtheria", "meningitis", "anthrax", "avian influenza", "typhoid fever",
)  # fmt: skip
COUNTRIES = (
    "Haiti", "Nigeria", "Brazil", "Uganda", "Ghana", "Peru", "Liberia", "Yemen", "Pakistan",
    "Chad", "Kenya", "Bangladesh", "Sudan", "Malawi", "Ecuador", "Viet Nam", "Niger", "Somalia",
)  # fmt: skip
OPENINGS = (
    "The health ministry of {country} said on {day} that {total} cases of {disease} had been "
    "recorded since the start of the outbreak, including {deaths} deaths.",
    "Authorities in {country} have now confirmed a total of {total} cases of {disease}, with "
    "{deaths} deaths, according to a statement released on {day}.",
    "Officials in {country} reported on {day} that {disease} had caused {total} cases in all "
    "so far this year, and {deaths} people had died.",
)
FILLERS = (
    "Teams are tracing contacts in the affected districts.",
    "Clinics were asked to report every suspected patient within a day.",
    "The ministry urged residents to boil drinking water and wash their hands.",
    "A vaccination campaign is planned for the coming weeks.",
    "Schools in two towns were closed as a precaution.",
    "Hospitals have opened isolation wards and asked for more staff.",
    "Partners sent laboratory supplies to the regional capital.",
    "Local radio stations are broadcasting advice on prevention.",
)


class World:
    """The feeds' state: items per feed, each with its appearance time; the alerts seen."""

    def __init__(self, feeds: int, items: int, hosts: list[int], seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.feeds: list[list[int]] = [[] for _ in range(feeds)]
        self.items = items
        self.hosts = hosts
        self.appeared: dict[int, float] = {}
        self.totals: dict[tuple[str, str], int] = {}
        self.articles: dict[int, bytes] = {}
        self.version = [0] * feeds
        self.alerted: dict[int, float] = {}
        self.alerts = 0
        self.next_id = 0

    def host_of(self, feed: int) -> int:
        return self.hosts[feed % len(self.hosts)]

    def add(self, feed: int, count: int) -> None:
        now = time.time()
        with self.lock:
            for _ in range(count):
                n = self.next_id
                self.next_id += 1
                self.articles[n] = self._article(n)
                self.appeared[n] = now
                self.feeds[feed].insert(0, n)
            del self.feeds[feed][self.items :]
            self.version[feed] += 1

    def _article(self, n: int) -> bytes:
        disease, country = self.rng.choice(DISEASES), self.rng.choice(COUNTRIES)
        total = self.totals.get((disease, country), self.rng.randint(5, 50))
        total += self.rng.randint(1, 40)
        self.totals[(disease, country)] = total
        opening = self.rng.choice(OPENINGS).format(
            country=country,
            disease=disease,
            total=total,
            deaths=max(0, total // self.rng.randint(8, 40)),
            day=time.strftime("%d %B %Y"),
        )
        filler = " ".join(self.rng.sample(FILLERS, 3))
        return (
            f"<html><head><title>{disease} in {country} (report {n})</title></head><body>"
            f"<article><h1>{disease} in {country}</h1><p>{opening}</p><p>{filler}</p>"
            f"<p>Report number {n}.</p></article></body></html>"
        ).encode()

    def feed(self, feed: int, port: int) -> tuple[bytes, str]:
        with self.lock:
            numbers = list(self.feeds[feed])
            version = self.version[feed]
        entries = "".join(
            f"<item><title>Report {n}</title><link>http://127.0.0.1:{port}/a/{n}</link>"
            f"<guid>item-{n}</guid><pubDate>{formatdate(self.appeared[n], usegmt=True)}</pubDate>"
            "</item>"
            for n in numbers
        )
        body = (
            '<?xml version="1.0"?><rss version="2.0"><channel>'
            f"<title>Feed {feed}</title><link>http://127.0.0.1/</link><description>d</description>"
            f"{entries}</channel></rss>"
        ).encode()
        return body, f'"{feed}-{version}"'

    def alert(self, payload: dict[str, Any]) -> None:
        now = time.time()
        with self.lock:
            self.alerts += 1
            for doc in payload.get("documents") or []:
                url = str(doc.get("url") or "")
                if "/a/" in url:
                    n = int(url.rsplit("/", 1)[1])
                    self.alerted.setdefault(n, now)


def serve(world: World, port_holder: list[int]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def setup(self) -> None:
            super().setup()
            # Without it, Nagle's algorithm and delayed ACKs add 40 ms to each response.
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def _send(self, status: int, body: bytes, kind: str, etag: str | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            port = self.server.server_address[1]
            if self.path.startswith("/feed/"):
                body, etag = world.feed(int(self.path.split("/")[2].split(".")[0]), port)
                if self.headers.get("If-None-Match") == etag:
                    self._send(304, b"", "application/rss+xml", etag)
                else:
                    self._send(200, body, "application/rss+xml", etag)
            elif self.path.startswith("/a/"):
                article = world.articles.get(int(self.path.split("/")[2]))
                if article is None:
                    self._send(404, b"gone", "text/plain")
                else:
                    self._send(200, article, "text/html; charset=utf-8")
            else:
                self._send(404, b"", "text/plain")

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            world.alert(json.loads(body))
            self._send(200, b"ok", "text/plain")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port_holder.append(int(server.server_address[1]))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and its children, in KiB."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = [int(k) for k in (task / "children").read_text().split()]
        except OSError:
            continue
        for kid in kids:
            out += [kid, *_children(kid)]
    return out


def count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.Error:
        return 0


def write_config(path: Path, db: Path, args: argparse.Namespace, hosts: list[int]) -> None:
    sources = "".join(
        f'[[sources]]\nurl = "http://127.0.0.1:{hosts[f % len(hosts)]}/feed/{f}.xml"\n'
        f'every = "{args.every}"\nallow_private = true\n'
        for f in range(args.feeds)
    )
    path.write_text(
        f'[database]\npath = "{db}"\n\n'
        f"[watch]\nworkers = {args.workers}\nparallel_sources = 16\nfetch_threads = 16\n"
        'events_every = "2s"\n\n'
        "[fetch]\nrobots = true\n\n"
        '[[rules]]\nname = "all"\non = ["new_event", "new_figure"]\nchannels = ["hook"]\n\n'
        f'[channels.hook]\ntype = "webhook"\nurl = "http://127.0.0.1:{hosts[0]}/hook"\n'
        "allow_private = true\nper_hour = 1000000\n\n" + sources,
        encoding="utf-8",
    )


def latency_line(world: World, label: str, items: list[int]) -> None:
    latencies = [world.alerted[n] - world.appeared[n] for n in items if n in world.alerted]
    if not latencies:
        print(f"  appearance -> alert, {label}: no alert for any of {len(items):,} items")
        return
    print(f"  appearance -> alert, {label}: median {statistics.median(latencies):.1f} s, "
          f"p95 {percentile(latencies, 0.95):.1f} s ({len(latencies):,} of {len(items):,} "
          "items named in an alert)")  # fmt: skip


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--new", type=int, default=1, help="new items per feed per cycle")
    parser.add_argument("--cycle", type=float, default=30.0, help="seconds between changes")
    parser.add_argument("--every", default="10s", help="each feed's polling schedule")
    parser.add_argument("--hosts", type=int, default=4, help="server ports (sites)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None, help="copy the database here")
    args = parser.parse_args()

    ports: list[int] = []
    world = World(args.feeds, args.items, ports)
    servers = [serve(world, ports) for _ in range(args.hosts)]
    for f in range(args.feeds):
        world.add(f, args.items)
    initial = world.next_id

    with tempfile.TemporaryDirectory() as tmp:
        db, config = Path(tmp) / "watch.db", Path(tmp) / "episignal.toml"
        write_config(config, db, args, ports)
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        started = time.time()
        proc = subprocess.Popen(
            [sys.executable, "-m", "episignal", "watch", "--config", str(config)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(Path(tmp) / "watch.log", "w"),  # noqa: SIM115
        )
        end = started + args.minutes * 60
        first_cycle: tuple[float, int, int] | None = None
        caught_up: float | None = None  # every item published so far stored, after the backlog
        next_change = started + args.cycle
        try:
            while time.time() < end and proc.poll() is None:
                time.sleep(0.5)
                now = time.time()
                if first_cycle is None and count(db, "SELECT COUNT(*) FROM documents") >= initial:
                    first_cycle = (
                        now,
                        rss_kib(proc.pid),
                        count(db, "SELECT COUNT(*) FROM documents"),
                    )
                    print(
                        f"first cycle: {initial:,} documents in {now - started:.0f} s", flush=True
                    )
                if (
                    first_cycle is not None
                    and caught_up is None
                    and count(db, "SELECT COUNT(*) FROM documents") >= world.next_id
                ):
                    caught_up = now
                    print(f"caught up with the feeds after {now - started:.0f} s", flush=True)
                if now >= next_change:
                    for f in range(args.feeds):
                        world.add(f, args.new)
                    next_change += args.cycle
            final_rss = rss_kib(proc.pid)
            elapsed = time.time() - started
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
            for server in servers:
                server.shutdown()
        run = Run(started, elapsed, first_cycle, final_rss, initial, caught_up)
        report(world, db, args, run, Path(tmp) / "watch.log")
        if args.keep is not None:
            with sqlite3.connect(db) as source, sqlite3.connect(args.keep) as target:
                source.backup(target)
            unalerted = sorted(set(range(initial, world.next_id)) - set(world.alerted))
            (args.keep.with_suffix(".unalerted.json")).write_text(json.dumps(unalerted))


@dataclass(frozen=True)
class Run:
    started: float
    elapsed: float
    first_cycle: tuple[float, int, int] | None  # (when, RSS KiB, documents)
    final_rss: int
    initial: int
    caught_up: float | None


def report(world: World, db: Path, args: argparse.Namespace, run: Run, log: Path) -> None:
    elapsed, first_cycle, final_rss, initial = (
        run.elapsed,
        run.first_cycle,
        run.final_rss,
        run.initial,
    )
    documents = count(db, "SELECT COUNT(*) FROM documents")
    print(f"watch soak: {args.feeds} feeds x {args.items} items, +{args.new} per feed every "
          f"{args.cycle:g} s, polled every {args.every}, {args.workers} workers, {elapsed / 60:.1f} min")  # fmt: skip
    print(f"  items published: {world.next_id:,} ({initial:,} at the start)")
    print(f"  documents stored: {documents:,} ({documents / elapsed:.1f} docs/s over the run)")
    print(f"  events: {count(db, 'SELECT COUNT(*) FROM events'):,}, facts: "
          f"{count(db, 'SELECT COUNT(*) FROM facts'):,}")  # fmt: skip
    print(
        f"  sources failing: {count(db, 'SELECT COUNT(*) FROM watch_sources WHERE consecutive_failures > 0')}"
    )
    print(f"  alerts: {count(db, 'SELECT COUNT(*) FROM watch_alerts'):,} stored, "
          f"{count(db, SENT_ALERTS):,} sent, "
          f"{world.alerts:,} received")  # fmt: skip
    if first_cycle is None:
        print("  the initial backlog was not processed within the run: no steady state")
        return
    at, rss_first, docs_first = first_cycle
    steady = run.started + elapsed - at
    growth = 100.0 * (final_rss - rss_first) / rss_first if rss_first else 0.0
    backlog_s = at - run.started
    print(f"  initial backlog: {docs_first:,} documents in {backlog_s:.0f} s "
          f"({docs_first / max(backlog_s, 1e-9):.1f} docs/s, start-up included)")  # fmt: skip
    print(f"  after the first cycle: {(documents - docs_first) / max(steady, 1e-9):.1f} docs/s")
    print(f"  memory (RSS, watcher + workers): {rss_first / 1024:.0f} MiB after the first cycle, "
          f"{final_rss / 1024:.0f} MiB at the end ({growth:+.1f}%)")  # fmt: skip
    published = [n for n in range(initial, world.next_id)]
    latency_line(world, "items published during the run", published)
    if run.caught_up is None:
        print("  the watcher never caught up with the feeds (backlog left at the end)")
    else:
        after = [n for n in published if world.appeared[n] >= run.caught_up]
        latency_line(world, "items published once caught up", after)
    errors = [
        line for line in log.read_text().splitlines() if "ERROR" in line or "Traceback" in line
    ]
    print(f"  watcher log: {len(errors)} error lines")
    for line in errors[:5]:
        print(f"    {line}")


if __name__ == "__main__":
    main()
