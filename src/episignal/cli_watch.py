"""The watcher's commands: ``sources``, ``watch``, ``alerts`` and ``status``.

Registered on the main group by :mod:`episignal.cli`; a thin layer over
:mod:`episignal.watch` like the rest of the command line.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from episignal.cli_options import (
    DEFAULT_DB,
    F,
    configured_db_option,
    fatal_errors,
    format_option,
)
from episignal.errors import EpisignalError
from episignal.output import write_records

SOURCE_COLUMNS = (
    "id",
    "name",
    "kind",
    "every",
    "last_poll",
    "last_success",
    "status",
    "failures",
    "next_poll",
    "items",
    "backlog",
    "url",
)
ALERT_COLUMNS = ("id", "created", "channel", "status", "attempts", "event", "title", "reason")
WATCH_PROGRESS_EVERY_S = 60.0


def _config_option(func: F) -> F:
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Configuration file [default: ./episignal.toml when it exists].",
    )(func)


def _resolve_db(db: Path | None, config_path: Path | None) -> tuple[Path, Any]:
    from episignal.watch import find_config

    config = find_config(config_path)
    return db or config.database or Path(DEFAULT_DB), config


def _when(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%S")


def _open(db: Path) -> Any:
    from episignal.store import Store

    return Store.open(db)


def _existing(db: Path) -> Any:
    if not db.exists():
        raise EpisignalError(f"no database at {db}", hint="add sources or run a scan first")
    return _open(db)


# --------------------------------------------------------------------------- sources


@click.group()
def sources() -> None:
    """Manage the sources `episignal watch` polls: add, list, remove, import.

    \b
    Example:
      episignal sources add https://example.org/feed.xml --every 30m
      episignal sources import sources.opml
      episignal sources list
    """


@sources.command("add")
@click.argument("location")
@configured_db_option
@_config_option
@click.option("--name", default=None, help="A short name [default: the site or folder name].")
@click.option("--language", default=None, help="The source's language (ISO 639-1), as a label.")
@click.option("--every", default="30m", show_default=True, help="How often: 90s, 30m, 2h, 1d.")
@click.option(
    "--kind",
    type=click.Choice(["feed", "page", "sitemap", "folder", "warc-dir"]),
    default=None,
    help="What LOCATION is [default: folder for a path, sitemap for sitemap*.xml, else feed].",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow loopback and private addresses (intranet sources, tests).",
)
@click.option(
    "--no-follow",
    is_flag=True,
    help="Use the feed's own text; do not fetch the articles its items link to.",
)
def sources_add(
    location: str,
    db: Path | None,
    config_path: Path | None,
    name: str | None,
    language: str | None,
    every: str,
    kind: str | None,
    allow_private: bool,
    no_follow: bool,
) -> None:
    """Register LOCATION (a feed, sitemap or page URL, or a folder) to be watched.

    \b
    Example:
      episignal sources add https://example.org/rss --name example --every 15m
      episignal sources add ./incoming --kind folder --every 1m
    """
    from episignal.store.watch_sources import add_source
    from episignal.watch import make_spec

    with fatal_errors():
        path, _ = _resolve_db(db, config_path)
        spec = make_spec(
            location,
            kind=kind,
            name=name,
            every=every,
            language=language,
            allow_private=allow_private,
            follow_links=not no_follow,
        )
        with _open(path) as store, store.transaction() as conn:
            row = add_source(conn, spec, time.time())
    click.echo(f"added source {row.id}: {row.name} ({row.kind}, every {every}) {row.url}")


@sources.command("list")
@configured_db_option
@_config_option
@format_option(("table", "json", "csv"), "table")
def sources_list(db: Path | None, config_path: Path | None, fmt: str) -> None:
    """List the sources with their schedule, last poll, failures and backlog.

    \b
    Example:
      episignal sources list --format json
    """
    from episignal.watch import status_report

    with fatal_errors():
        path, _ = _resolve_db(db, config_path)
        with _existing(path) as store:
            report = status_report(store)
    rows = [_source_row(s.source, s.backlog) for s in report.sources]
    write_records(rows, fmt, sys.stdout, columns=SOURCE_COLUMNS if fmt != "json" else None)


def _source_row(source: Any, backlog: int) -> dict[str, Any]:
    from episignal.watch.settings import format_duration

    return {
        "id": source.id,
        "name": source.name,
        "kind": source.kind,
        "every": format_duration(source.every_s),
        "language": source.language,
        "last_poll": _when(source.last_poll_at),
        "last_success": _when(source.last_success_at),
        "status": source.last_error or source.last_status,
        "failures": source.consecutive_failures,
        "next_poll": _when(source.next_due_at),
        "items": source.items_seen,
        "backlog": backlog,
        "allow_private": source.allow_private,
        "url": source.url,
    }


@sources.command("remove")
@click.argument("ref")
@configured_db_option
@_config_option
def sources_remove(ref: str, db: Path | None, config_path: Path | None) -> None:
    """Stop watching REF (a source id, URL or name); its documents stay in the database.

    \b
    Example:
      episignal sources remove 3
    """
    from episignal.store.watch_sources import find_source, remove_source

    with fatal_errors():
        path, _ = _resolve_db(db, config_path)
        with _existing(path) as store, store.transaction() as conn:
            row = find_source(conn, ref)
            if row is None:
                raise EpisignalError(f"no source {ref!r}", hint="see `episignal sources list`")
            remove_source(conn, row.id)
    click.echo(f"removed source {row.id}: {row.name} {row.url}")


@sources.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@configured_db_option
@_config_option
def sources_import(file: Path, db: Path | None, config_path: Path | None) -> None:
    """Add (or update) the sources listed in FILE: OPML (.opml) or YAML (.yaml, .yml).

    A YAML file is a list of entries with url and, optionally, name, kind, every, language,
    allow_private, follow_links (or a `sources:` key holding that list).

    \b
    Example:
      episignal sources import feeds.opml
    """
    from episignal.store.watch_sources import upsert_source
    from episignal.watch import read_source_list

    with fatal_errors():
        path, _ = _resolve_db(db, config_path)
        specs = read_source_list(file)
        with _open(path) as store, store.transaction() as conn:
            outcomes = [upsert_source(conn, spec, time.time())[1] for spec in specs]
    added = sum(outcomes)
    click.echo(
        f"imported {len(specs)} sources from {file}: {added} added, {len(specs) - added} updated"
    )


# --------------------------------------------------------------------------- watch


@click.command()
@configured_db_option
@_config_option
@click.option("--once", is_flag=True, help="Poll the sources that are due, process, alert, exit.")
@click.option("--poll-all", is_flag=True, help="With --once: poll every source, due or not.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Extraction processes.")
@format_option(("table", "json"), "table")
def watch(
    db: Path | None,
    config_path: Path | None,
    once: bool,
    poll_all: bool,
    workers: int | None,
    fmt: str,
) -> None:
    """Poll sources as they fall due, process what is new, update events, send alerts.

    Runs until SIGTERM or Ctrl-C (the document in hand is finished first); a restart
    after any crash loses nothing and repeats nothing. Sources come from `episignal
    sources` and the configuration file; rules and channels from the configuration
    (docs/watch.md).

    \b
    Example:
      episignal watch --db outbreaks.db --config episignal.toml
      episignal watch --once            # e.g. from cron
    """
    from episignal.watch import run_watch

    with fatal_errors():
        path, config = _resolve_db(db, config_path)
        report = _WatchProgress()
        stats = run_watch(
            path, config, once=once, poll_all=poll_all, workers=workers, progress=report
        )
    summary = stats.to_dict()
    if fmt == "json":
        click.echo(json.dumps(summary, indent=2))
    else:
        for key, value in summary.items():
            click.echo(f"{key}: {value}")
    click.echo(f"database: {path.resolve()}", err=True)


class _WatchProgress:
    """A status line on stderr now and then while the watcher runs."""

    def __init__(self) -> None:
        self.last = time.monotonic()
        self.seen: tuple[int, ...] = ()

    def __call__(self, stats: Any) -> None:
        now = time.monotonic()
        if now - self.last < WATCH_PROGRESS_EVERY_S:
            return
        counts = (stats.polls, sum(stats.documents.values()), stats.alerts_sent)
        if counts != self.seen:
            click.echo(
                f"watch: {stats.polls} polls ({stats.poll_failures} failed, "
                f"{stats.not_modified} not modified), {sum(stats.documents.values())} documents, "
                f"{stats.alerts_stored} alerts ({stats.alerts_sent} sent, "
                f"{stats.alerts_failed} failed)",
                err=True,
            )
        self.last, self.seen = now, counts


# --------------------------------------------------------------------------- alerts


@click.group()
def alerts() -> None:
    """Alerts the watcher stored: sent, failed (with why, retried) and waiting for a digest.

    \b
    Example:
      episignal alerts list --status failed
    """


@alerts.command("list")
@configured_db_option
@_config_option
@click.option(
    "--status",
    type=click.Choice(["pending", "sent", "failed", "dead", "digest"]),
    default=None,
    help="Only alerts in this state.",
)
@click.option("--channel", default=None, help="Only alerts of this channel.")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
@format_option(("table", "json", "jsonl", "csv"), "table")
def alerts_list(
    db: Path | None,
    config_path: Path | None,
    status: str | None,
    channel: str | None,
    limit: int,
    fmt: str,
) -> None:
    """List the latest alerts, newest first, with their state and reason.

    \b
    Example:
      episignal alerts list --channel ops-mail --format json
    """
    from episignal.store.watch_alerts import list_alerts

    with fatal_errors():
        path, _ = _resolve_db(db, config_path)
        with _existing(path) as store:
            rows = list_alerts(store.conn, status=status, channel=channel, limit=limit)
    records = [_alert_row(r, full=fmt != "table") for r in rows]
    write_records(records, fmt, sys.stdout, columns=ALERT_COLUMNS if fmt == "table" else None)


def _alert_row(row: Any, *, full: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": row.id,
        "created": _when(row.created_at),
        "channel": row.channel,
        "status": row.status,
        "attempts": row.attempts,
        "event": row.event_id,
        "title": row.title,
        "reason": row.reason,
    }
    if full:
        out |= {
            "kind": row.delta_kind,
            "rules": row.rules.split(","),
            "sent": _when(row.sent_at),
            "next_attempt": _when(row.next_attempt_at),
            "payload": json.loads(row.payload),
        }
    return out


@alerts.command("digest")
@configured_db_option
@_config_option
def alerts_digest(db: Path | None, config_path: Path | None) -> None:
    """Write and send every digest channel's digest now, with the alerts waiting for it.

    \b
    Example:
      episignal alerts digest --config episignal.toml
    """
    from episignal.watch import build_watcher

    with fatal_errors():
        path, config = _resolve_db(db, config_path)
        with _open(path) as store:
            digests = build_watcher(store, config).alerter.run_digests(force=True)
    if not digests:
        raise click.ClickException("no digest channel in the configuration")
    for d in digests:
        where = f" -> {d.path}" if d.path else ""
        why = f": {d.reason}" if d.reason else ""
        click.echo(f"digest {d.channel} {d.day}: {d.status}, {d.alerts} alerts{where}{why}")


# --------------------------------------------------------------------------- status


@click.command()
@configured_db_option
@_config_option
@click.option("--days", type=click.IntRange(1, 365), default=7, show_default=True)
@format_option(("table", "json"), "table")
def status(db: Path | None, config_path: Path | None, days: int, fmt: str) -> None:
    """Show sources (last poll, failures, backlog), documents and events per day, alerts.

    \b
    Example:
      episignal status --db outbreaks.db --days 14
    """
    from episignal.watch import status_report

    with fatal_errors():
        path, _ = _resolve_db(db, config_path)
        with _existing(path) as store:
            report = status_report(store, days)
    data = {
        "database": str(path.resolve()),
        "documents": report.documents,
        "events": report.events,
        "events_pending": report.events_pending,
        "deltas_pending": report.deltas_pending,
        "documents_per_day": dict(report.documents_per_day),
        "events_per_day": dict(report.events_per_day),
        "alerts": report.alerts,
        "sources": [_source_row(s.source, s.backlog) for s in report.sources],
    }
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    _print_status(data, failing=len(report.failing))


def _print_status(data: dict[str, Any], failing: int) -> None:
    click.echo(f"database: {data['database']}")
    docs = data["documents"]
    click.echo(f"documents: {sum(docs.values()):,}  " + _pairs(docs))
    pending = " (update pending)" if data["events_pending"] else ""
    click.echo(f"events: {data['events']:,}{pending}")
    if data["deltas_pending"]:
        click.echo(f"event changes not alerted on yet: {data['deltas_pending']:,}")
    click.echo("documents per day: " + (_pairs(data["documents_per_day"]) or "none"))
    click.echo("new events per day: " + (_pairs(data["events_per_day"]) or "none"))
    click.echo("alerts: " + (_pairs(data["alerts"]) or "none"))
    click.echo(f"sources: {len(data['sources'])} ({failing} failing)")
    if data["sources"]:
        write_records(data["sources"], "table", sys.stdout, columns=SOURCE_COLUMNS)


def _pairs(counts: dict[str, int]) -> str:
    return "  ".join(f"{k} {v:,}" for k, v in counts.items())


COMMANDS = (sources, watch, alerts, status)
