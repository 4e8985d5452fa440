#!/usr/bin/env python3
"""Load test of the workbench on 127.0.0.1, bounded in time and count.

    python bench/bench_serve.py [--docs 100000] [--clients 50] [--seconds 60] [--think 0.5]

1. Builds (once, cached in --cache) a database of --docs synthetic news reports written
   from our own sentence templates (diseases x countries x dates x figures), scanned by
   the real pipeline; adds a bench user and an API token.
2. Copies it, starts ``episignal serve`` on a free port of 127.0.0.1 (its own process).
3. Starts a scan of fresh reports into the same database (a real writer, its own process).
4. Runs --clients concurrent clients for --seconds: each logs in, then loops over the
   board (with filters and pages), event pages, search, and the JSON API (events,
   one event, signals, document search), waiting --think seconds between requests
   (an analyst reads a page before the next click).
5. Prints per kind of request: count, p50, p95, p99, max (ms), errors, and whether any
   response or log said "database is locked"; p95 targets: pages < 200 ms, API < 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PASSWORD = "bench-password-1"
DISEASES = (
    "cholera", "measles", "dengue", "mpox", "Ebola virus disease", "Lassa fever", "diphtheria",
    "yellow fever", "meningitis", "poliomyelitis", "avian influenza", "COVID-19", "anthrax",
    "plague", "typhoid fever", "hepatitis E", "chikungunya", "Zika virus disease",
    "Marburg virus disease", "Nipah virus infection", "Rift Valley fever", "MERS",
)  # fmt: skip
COUNTRIES = (
    "Nigeria", "Malawi", "Uganda", "Kenya", "Ethiopia", "Sudan", "Yemen", "Pakistan", "India",
    "Bangladesh", "Nepal", "Indonesia", "Philippines", "Viet Nam", "Cambodia", "Brazil", "Peru",
    "Colombia", "Haiti", "Mexico", "Democratic Republic of the Congo", "Cameroon", "Chad",
    "Niger", "Mali", "Ghana", "Guinea", "Sierra Leone", "Liberia", "Mozambique", "Zambia",
    "Zimbabwe", "Angola", "Tanzania", "Somalia", "South Sudan", "Afghanistan", "Iraq", "Syria",
    "Myanmar", "Laos", "Thailand", "Sri Lanka", "Bolivia", "Ecuador", "Paraguay", "Argentina",
    "Madagascar", "Burkina Faso", "Senegal",
)  # fmt: skip
OUTLETS = ("Daily Sentinel", "Health Desk", "Regional Wire", "Morning Post", "City Herald")
OPENINGS = (
    "Health authorities in {country} reported {new} new cases of {disease} and {deaths} deaths "
    "on {weekday}, bringing the total to {total} cases since the start of the outbreak.",
    "The Ministry of Health of {country} said {total} cases of {disease} have been recorded "
    "so far this year, including {deaths} deaths.",
    "{country} has confirmed {new} more {disease} cases in the past week, officials said on "
    "{weekday}; {deaths} people have died.",
)  # fmt: skip
FOLLOWS = (
    "Vaccination teams were sent to the most affected districts.",
    "Schools in the area remain open, the education office said.",
    "Doctors urged residents to seek care early and to boil drinking water.",
    "The outbreak is the largest reported in the region in recent years.",
    "Aid agencies said they had delivered medical supplies to local clinics.",
    "Officials said surveillance had been stepped up at border crossings.",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def report(i: int, rng: random.Random) -> dict[str, str]:
    disease, country = rng.choice(DISEASES), rng.choice(COUNTRIES)
    day = date(2021, 1, 1) + timedelta(days=rng.randrange(4 * 365))
    total = rng.randrange(20, 200_000)
    figures = {
        "country": country,
        "disease": disease,
        "new": f"{rng.randrange(1, max(2, total // 10)):,}",
        "deaths": f"{rng.randrange(0, max(1, total // 50)):,}",
        "total": f"{total:,}",
        "weekday": rng.choice(WEEKDAYS),
    }
    text = " ".join(
        [rng.choice(OPENINGS).format(**figures), *rng.sample(FOLLOWS, 3), f"Report {i}."]
    )
    return {
        "id": f"bench-{i}",
        "title": f"{disease.capitalize()} in {country}: {figures['total']} cases",
        "source": rng.choice(OUTLETS),
        "published": day.isoformat(),
        "text": text,
    }


def write_reports(path: Path, first: int, count: int, seed: int) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(first, first + count):
            out.write(json.dumps(report(i, rng)) + "\n")


def build_database(cache: Path, docs: int) -> Path:
    """The cached bench database (scanned once), with a user and an API token."""
    db = cache / f"serve-{docs}.db"
    if db.exists():
        return db
    cache.mkdir(parents=True, exist_ok=True)
    corpus = cache / f"serve-{docs}.jsonl"
    write_reports(corpus, 0, docs, seed=1)
    started = time.perf_counter()
    partial = cache / "building.db"
    partial.unlink(missing_ok=True)
    run_cli("scan", str(corpus), "--db", str(partial), "--workers", "2")
    print(f"built {partial}: {docs:,} documents in {time.perf_counter() - started:.0f} s")
    run_cli(
        "user",
        "add",
        "bench",
        "--role",
        "analyst",
        "--db",
        str(partial),
        stdin=f"{PASSWORD}\n{PASSWORD}\n",
    )
    partial.rename(db)
    return db


def run_cli(*args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "episignal", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"episignal {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


MERGED_ANSWERS = (303, 308, 409)


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    server: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    moved: int = 0
    locked: int = 0
    samples: list[str] = field(default_factory=list)  # the first errors, to say what they were

    def add(
        self, kind: str, seconds: float, ok: bool, body: str, timing: str = "", status: int = 0
    ) -> None:
        self.latencies.setdefault(kind, []).append(seconds * 1000)
        found = re.search(r"app;dur=([0-9.]+)", timing)
        if found:
            self.server.setdefault(kind, []).append(float(found.group(1)))
        if status in MERGED_ANSWERS and kind.endswith(": event"):
            # The concurrent scan merged the event: its page redirects to the surviving
            # event and the API redirects (308) or answers 409 naming it, as designed; not an error.
            self.moved += 1
        elif not ok:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            if len(self.samples) < 5:
                self.samples.append(f"{kind}: status {status or '-'} {body[:160]!r}")
        if "database is locked" in body:
            self.locked += 1


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def log_in(base: str) -> dict[str, str]:
    """A session cookie for one client (logins run one after another, before the timed
    run: Argon2 makes each cost ~0.1 s of CPU and 64 MiB on purpose)."""
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        page = await http.get("/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        login = {
            "username": "bench",
            "password": PASSWORD,
            "csrf_token": csrf.group(1) if csrf else "",
        }
        response = await http.post("/login", data=login)
        if response.status_code not in (200, 303) or "episignal_session" not in http.cookies:
            raise SystemExit(f"bench login failed: {response.status_code}")
        return dict(http.cookies)


class Exchange:
    """One response as httptools parses it (status, the Server-Timing header, the body)."""

    def __init__(self) -> None:
        self.headers: dict[bytes, bytes] = {}
        self.body: list[bytes] = []
        self.done = False

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers[name.lower()] = value

    def on_body(self, body: bytes) -> None:
        self.body.append(body)

    def on_message_complete(self) -> None:
        self.done = True


class LightClient:
    """A keep-alive HTTP/1.1 GET client on asyncio streams with httptools' C parser.

    The clients run on the machine they measure: httpx costs about a millisecond of CPU
    per request, which on a 2-core machine took more CPU than the server itself; this
    one costs a fraction of that, so the figures are the server's.
    """

    def __init__(self, host: str, port: int, cookies: dict[str, str]) -> None:
        self.host, self.port = host, port
        self.cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, headers: dict[str, str]) -> tuple[int, str, str]:
        """(status, Server-Timing header, body text when the status is not 200)."""
        for attempt in (1, 2):  # the server may have closed an idle connection
            try:
                return await self._get(path, headers)
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _get(self, path: str, headers: dict[str, str]) -> tuple[int, str, str]:
        import httptools

        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        lines = [f"GET {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        if self.cookie:
            lines.append(f"Cookie: {self.cookie}")
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        exchange = Exchange()
        parser = httptools.HttpResponseParser(exchange)
        while not exchange.done:
            chunk = await self.reader.read(65536)
            if not chunk:
                raise ConnectionError("connection closed")
            parser.feed_data(chunk)
        status = parser.get_status_code()
        if not parser.should_keep_alive():
            await self.close()
        timing = exchange.headers.get(b"server-timing", b"").decode("latin-1")
        body = b"".join(exchange.body).decode("utf-8", "replace") if status != 200 else ""
        return status, timing, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def client_loop(
    base: str,
    cookies: dict[str, str],
    deadline: float,
    think: float,
    stats: Stats,
    seed: int,
    ids: list[str],
    token: str,
) -> None:
    rng = random.Random(seed)
    host, port = base.removeprefix("http://").split(":")
    client = LightClient(host, int(port), cookies)
    api = {"authorization": f"Bearer {token}"}
    try:
        while time.monotonic() < deadline:
            kind, url, headers = pick(rng, ids, api)
            started = time.perf_counter()
            try:
                status, timing, body = await asyncio.wait_for(client.get(url, headers), 30)
                ok = status == 200
            except (OSError, TimeoutError) as exc:
                ok, timing, body, status = False, "", repr(exc), 0
                await client.close()
            stats.add(kind, time.perf_counter() - started, ok, body, timing, status)
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
    finally:
        await client.close()


async def warm_up(base: str, cookies: dict[str, str], ids: list[str], token: str) -> None:
    """A few seconds of every kind of request, not counted (first loads fill caches)."""
    await client_loop(base, cookies, time.monotonic() + 3.0, 0.0, Stats(), 999, ids, token)


async def log_in_all(base: str, clients: int) -> list[dict[str, str]]:
    return [await log_in(base) for _ in range(clients)]


def pick(
    rng: random.Random, ids: list[str], api: dict[str, str]
) -> tuple[str, str, dict[str, str]]:
    country = rng.choice(["NG", "MW", "IN", "BR", "PK", "KE"])
    word = rng.choice(["cholera", "measles", "vaccination", "outbreak", "dengue", "clinics"])
    choices: tuple[tuple[str, str, dict[str, str]], ...] = (
        ("page: board", f"/?page={rng.randrange(1, 20)}", {}),
        ("page: board filtered", f"/?country={country}&sort=-last_seen", {}),
        ("page: event", f"/events/{rng.choice(ids)}", {}),
        ("page: search", f"/search?q={word}", {}),
        ("api: events", f"/api/v1/events?country={country}&per_page=50", api),
        ("api: event", f"/api/v1/events/{rng.choice(ids)}", api),
        ("api: signals", "/api/v1/signals?per_page=20", api),
        ("api: search", f"/api/v1/documents?q={word}", api),
    )
    return rng.choice(choices)


def event_ids(db: Path, n: int = 300) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id FROM events ORDER BY score DESC LIMIT ?", (n,)).fetchall()
    conn.close()
    return [str(r[0]) for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=0.5)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument(
        "--scan-docs", type=int, default=3_000, help="reports the concurrent scan writes"
    )
    parser.add_argument("--cache", type=Path, default=Path("/tmp/episignal-bench"))
    args = parser.parse_args()
    source = build_database(args.cache, args.docs)
    work = args.cache / "run.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, work)
    token = run_cli("user", "token", "bench", "--db", str(work)).strip()
    fresh = args.cache / "fresh.jsonl"
    write_reports(fresh, args.docs, args.scan_docs, seed=2)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "episignal",
            "serve",
            "--db",
            str(work),
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    scanner = None
    load_before = load_after = (0.0, 0.0, 0.0)
    cpu_before = cpu_after = (0.0, 0.0, 0.0, (0.0, 0.0, 0.0))
    try:
        wait_for(base)
        ids = event_ids(work)
        sessions = asyncio.run(log_in_all(base, args.clients))
        asyncio.run(warm_up(base, sessions[0], ids, token))
        scanner = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "episignal",
                "scan",
                str(fresh),
                "--db",
                str(work),
                "--workers",
                "1",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        stats = Stats()
        load_before = os.getloadavg()
        cpu_before = (
            process_tree_cpu(server.pid),
            process_tree_cpu(scanner.pid),
            own_cpu(),
            machine_cpu(),
        )
        deadline = time.monotonic() + args.seconds
        started = time.perf_counter()

        async def run_all() -> None:
            await asyncio.gather(
                *(
                    client_loop(base, sessions[i], deadline, args.think, stats, i, ids, token)
                    for i in range(args.clients)
                )
            )

        asyncio.run(run_all())
        elapsed = time.perf_counter() - started
        load_after = os.getloadavg()
        cpu_after = (
            process_tree_cpu(server.pid),
            process_tree_cpu(scanner.pid),
            own_cpu(),
            machine_cpu(),
        )
        scan_state = (
            "still running" if scanner.poll() is None else f"finished (exit {scanner.returncode})"
        )
    finally:
        if scanner is not None:
            scanner.terminate()
            scan_err = scanner.communicate(timeout=60)[1]
        else:
            scan_err = ""
        server.terminate()
        server_err = server.communicate(timeout=60)[1]
        if server.returncode not in (0, -15) and server_err:
            print(server_err[-3000:], file=sys.stderr)
    print(f"machine: {os.cpu_count()} CPUs; load average (1, 5, 15 min) before the run "
          f"{fmt_load(load_before)}, after {fmt_load(load_after)}")  # fmt: skip
    print_cpu_shares(cpu_before, cpu_after)
    report_figures(args, stats, elapsed, scan_state, scan_err + server_err)


def print_cpu_shares(before: tuple[Any, ...], after: tuple[Any, ...]) -> None:
    """Where the machine's CPU went during the timed run, in cores."""
    (busy0, steal0, total0), (busy1, steal1, total1) = before[3], after[3]
    cpus = os.cpu_count() or 1
    wall = (total1 - total0) / cpus or 1.0
    shares = {
        "server": after[0] - before[0],
        "scan": after[1] - before[1],
        "clients (this bench)": after[2] - before[2],
    }
    shares["everything else"] = (busy1 - busy0) - sum(shares.values())
    shares["stolen by the hypervisor"] = steal1 - steal0
    print("CPU used during the run, in cores: " + ", ".join(
        f"{name} {seconds / wall:.2f}" for name, seconds in shares.items()
    ))  # fmt: skip


def fmt_load(load: tuple[float, float, float]) -> str:
    return " / ".join(f"{x:.1f}" for x in load)


def process_tree_cpu(root: int) -> float:
    """CPU seconds (user + system) used so far by process ``root`` and its descendants
    (uvicorn's worker processes, the scan's extraction workers); Linux /proc only."""
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        used[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    total = 0.0
    for pid, seconds in used.items():
        current = pid
        while current > 1 and current != root:
            current = parents.get(current, 0)
        total += seconds if current == root else 0.0
    return total


def own_cpu() -> float:
    """CPU seconds of this process alone (the clients), without its children."""
    times = os.times()
    return times.user + times.system


def machine_cpu() -> tuple[float, float, float]:
    """(busy, steal, total) CPU seconds of the whole machine since boot (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    idle = values[3] + values[4]
    steal = values[7] if len(values) > 7 else 0
    total = sum(values[:8])
    return (total - idle - steal) / tick, steal / tick, total / tick


def wait_for(base: str) -> None:
    import httpx

    for _ in range(900):  # at most ~3 min (the first start stamps every event)
        try:
            httpx.get(base + "/health", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def report_figures(
    args: argparse.Namespace, stats: Stats, elapsed: float, scan_state: str, logs: str
) -> None:
    total = sum(len(v) for v in stats.latencies.values())
    print(f"{args.clients} clients, {elapsed:.0f} s, think {args.think} s, {args.docs:,} documents, "
          f"{args.workers} server processes; "
          f"concurrent scan of {args.scan_docs:,} reports: {scan_state}")  # fmt: skip
    print(f"{total:,} requests, {total / elapsed:.0f}/s")
    print("milliseconds as the clients saw them; 'in app': the server's own time (its")
    print("Server-Timing header), without the wait for a CPU before it took the request")
    print(f"{'request':<22}{'n':>7}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}{'errors':>8}"
          f"{'in app p50':>12}{'p95':>8}")  # fmt: skip
    for kind, values in sorted(stats.latencies.items()):
        inside = stats.server.get(kind) or [0.0]
        print(f"{kind:<22}{len(values):>7}{statistics.median(values):>8.1f}"
              f"{percentile(values, 0.95):>8.1f}{percentile(values, 0.99):>8.1f}"
              f"{max(values):>8.1f}{stats.errors.get(kind, 0):>8}"
              f"{statistics.median(inside):>12.1f}{percentile(inside, 0.95):>8.1f}")  # fmt: skip
    all_pages = [v for k, vs in stats.latencies.items() if k.startswith("page") for v in vs]
    all_api = [v for k, vs in stats.latencies.items() if k.startswith("api") for v in vs]
    locked = stats.locked + logs.count("database is locked")
    print(f"p95 all pages {percentile(all_pages, 0.95):.1f} ms (target < 200), "
          f"all API calls {percentile(all_api, 0.95):.1f} ms (target < 100)")  # fmt: skip
    print(f"errors: {sum(stats.errors.values())}; 'database is locked': {locked}")
    print(
        f"events merged by the scan during the run (page redirected, API 308 or 409): {stats.moved}"
    )
    for sample in stats.samples:
        print(f"  error: {sample}")


if __name__ == "__main__":
    main()
