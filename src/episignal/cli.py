"""The ``episignal`` command line: a thin layer over the package's API.

Exit codes: 0 success (documents that could not be read are recorded and reported,
not fatal); 1 a fatal error (unreadable database, bad option value, nothing to read);
2 a usage error (unknown option, missing argument).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from episignal import __version__
from episignal.cli_options import F, db_option, fatal_errors, format_option
from episignal.errors import EpisignalError
from episignal.models.query import MAX_LIMIT, SORT_FIELDS, EventQuery, QueryError, parse_query
from episignal.models.signal import TRIAGE_STATUSES
from episignal.output import FORMATS, write_records

if TYPE_CHECKING:
    from episignal.models.document_view import DocumentView
    from episignal.store import SQLiteEventStore, Store

DEFAULT_REPORT = "episignal-report"


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="episignal")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) on stderr.")
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Log lines as text, or as one JSON object a line (for log collectors).",
)
def cli(verbose: int, log_format: str) -> None:
    """episignal: turn news into sourced, checkable outbreak signals.

    \b
    Quick start:
      episignal demo                      # scan the bundled sample corpus, write a report
      episignal scan news/ feed.xml       # ingest, extract and store into ./episignal.db
      episignal signals                   # ranked events for triage
      episignal report --out report/      # self-contained HTML report

    Exit codes: 0 success, 1 fatal error, 2 usage error.
    """
    from episignal import logs

    logs.configure(verbose, cast(logs.LogFormat, log_format))


# --------------------------------------------------------------------------- scan


def published_option(help_text: str) -> Callable[[F], F]:
    return click.option(
        "--published",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        callback=_plausible_published,
        help=help_text,
    )


def _plausible_published(ctx: click.Context, param: click.Parameter, value: Any) -> date | None:
    from episignal.bounds import date_problem

    if value is None:
        return None
    day: date = value.date()
    problem = date_problem(day)
    if problem is not None:
        raise click.BadParameter(f"{problem}: not a publication date")
    return day


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Extraction processes [default: all cores].",
)
@click.option(
    "--time-limit",
    "seconds",
    type=click.FloatRange(0.1, 3600),
    default=5.0,
    show_default=True,
    help="CPU seconds one document may take (per MB of input); slower ones fail as 'timeout'.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(1000),
    default=5_000_000,
    show_default=True,
    help="Largest document read; larger ones are skipped as 'too large'.",
)
@published_option("Publication date (YYYY-MM-DD) of every document, whatever the sources say.")
@format_option(("table", "json"), "table")
def scan(
    sources: tuple[str, ...],
    db: Path,
    workers: int | None,
    seconds: float,
    max_bytes: int,
    published: date | None,
    fmt: str,
) -> None:
    """Ingest SOURCES, clean, deduplicate, extract, store and update events.

    SOURCES are files, folders (read recursively), RSS/Atom feeds, WARC files,
    JSONL files, http(s) URLs, or - for standard input. Rescanning adds nothing new.
    A document without a date is dated by its dateline, a date in its text, its file's
    modification time or the day of the scan (the summary counts them under "undated").

    \b
    Example:
      episignal scan news/ bulletins.jsonl https://example.org/feed.xml --db outbreaks.db
    """
    with fatal_errors():
        summary = run_scan(
            list(sources),
            db,
            workers=workers,
            seconds=seconds,
            max_bytes=max_bytes,
            published=published,
        )
    print_summary(summary, fmt)
    click.echo(f"database: {db.resolve()}", err=True)


def run_scan(sources: list[str], db: Path, **options: Any) -> dict[str, Any]:
    from episignal.progress import Progress
    from episignal.scan import scan as scan_sources

    # Counts and rates, not a bar: the total is unknown until the inputs are all read.
    progress = Progress("scanning")
    try:
        result = scan_sources(sources, db, progress=progress.update, **options)
    finally:
        progress.close()
    summary: dict[str, Any] = result.to_dict()
    return summary


def print_summary(summary: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(summary, indent=2, default=str))
        return
    for key, value in summary.items():
        if isinstance(value, dict):
            click.echo(f"{key}: {sum(value.values()) if value else 0}")
            for reason, n in sorted(value.items(), key=lambda kv: -kv[1]):
                click.echo(f"    {n:>6}  {reason}")
        elif isinstance(value, float):
            click.echo(f"{key}: {value:.2f}")
        else:
            click.echo(f"{key}: {value}")


# --------------------------------------------------------------------------- extract


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@published_option(
    "Publication date (YYYY-MM-DD) to resolve relative dates against; overrides the source's."
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Extraction processes [default: all cores].",
)
@format_option(("jsonl", "json"), "jsonl")
def extract(paths: tuple[str, ...], published: date | None, workers: int | None, fmt: str) -> None:
    """Extract diseases, places, dates, counts, sources, supplies and measures; no database.

    Prints one JSON record per input document, in input order (see
    docs/extraction.md for the record). Unreadable documents get an "error" field.

    \b
    Example:
      episignal extract article.txt --published 2022-05-16
      cat bulletins.jsonl | episignal extract - --format json
    """
    from episignal.pipeline import extract_sources
    from episignal.scan import default_workers

    out = sys.stdout
    with fatal_errors():
        records = extract_sources(
            list(paths), published=published, workers=workers or default_workers()
        )
        if fmt == "jsonl":
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            write_records(list(records), "json", out)


# --------------------------------------------------------------------------- events & signals

EVENT_TABLE = (
    "event",
    "disease",
    "place",
    "first_seen",
    "last_seen",
    "cases",
    "deaths",
    "documents",
    "flags",
    "score",
)
SIGNAL_TABLE = ("rank", "score", "disease", "place", "cases", "deaths", "reason")
QUERY_FIELDS = (
    "disease",
    "country",
    "admin1",
    "since",
    "until",
    "status",
    "min_score",
    "flag",
    "language",
    "text",
    "sort",
    "limit",
    "offset",
)


def query_options(default_limit: int | None, *, since: bool = True) -> Callable[[F], F]:
    """The query layer's filters, order and page as options (one set for every command;
    ``signals`` has a --since of its own: what is new or changed since a moment)."""
    options = [
        click.option("--disease", multiple=True, help="Disease name or ICD-10 code (repeatable)."),
        click.option("--country", multiple=True, help="ISO 3166-1 alpha-2 code (repeatable)."),
        click.option("--admin1", default=None, help="Only events with a series in this area."),
        *(
            [
                click.option(
                    "--since", default=None, help="Reported on or after this date (YYYY-MM-DD)."
                )
            ]
            if since
            else []
        ),
        click.option("--until", default=None, help="Reported on or before this date (YYYY-MM-DD)."),
        click.option(
            "--status",
            multiple=True,
            type=click.Choice(list(TRIAGE_STATUSES)),
            help="Triage status (repeatable).",
        ),
        click.option("--min-score", "min_score", default=None, help="Only scores at least this."),
        click.option(
            "--flag", multiple=True, help="Plausibility flag kind, or 'any' (repeatable)."
        ),
        click.option(
            "--language", default=None, help="Some document in this language (ISO 639-1)."
        ),
        click.option("--text", default=None, help="Free text: every word must match."),
        click.option(
            "--sort",
            default="-score",
            show_default=True,
            help=f"One of {', '.join(SORT_FIELDS)}; prefix - for descending.",
        ),
        click.option(
            "--limit",
            default=default_limit,
            type=click.IntRange(1, MAX_LIMIT),
            show_default=default_limit is not None,
            help="How many events." + ("" if default_limit else " [default: all]"),
        ),
        click.option("--offset", default=0, type=click.IntRange(0), help="Skip this many first."),
    ]

    def decorate(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def make_query(params: dict[str, Any]) -> EventQuery:
    """An EventQuery from the options of ``query_options``; a bad value exits 1."""
    raw: dict[str, Any] = {k: params.get(k) for k in QUERY_FIELDS}
    raw["limit"] = str(raw["limit"]) if raw["limit"] is not None else None
    raw["offset"] = str(raw["offset"] or 0)
    raw["min_score"] = raw["min_score"]
    try:
        query = parse_query(raw)
    except QueryError as exc:
        raise click.ClickException(str(exc)) from exc
    return query if params.get("limit") is not None else query.page(None, query.offset)


@contextmanager
def open_events(db: Path) -> Iterator[tuple[Store, SQLiteEventStore]]:
    """The store and its event store, with events brought up to date (an interrupted scan
    or a correction may have left changes pending)."""
    from episignal.events import refresh_events
    from episignal.store import Store

    require_db(db)
    with Store.open(db) as store:
        if store.events.pending():
            refresh_events(store.events)
        yield store, store.events


def require_db(db: Path) -> None:
    if not db.exists():
        raise EpisignalError(
            f"no database at {db}", hint="run `episignal scan SOURCES --db PATH` first"
        )


@cli.command()
@db_option
@query_options(default_limit=None)
@format_option(FORMATS, "table")
def events(db: Path, fmt: str, **params: Any) -> None:
    """List events (disease x country x time) with their sourced figures and flags.

    Table and CSV show one row per event; JSON and JSON lines give the full records
    (series with every claim and quote, reports, measures, supplies, flags).

    \b
    Example:
      episignal events --country KP --format json
      episignal events --disease cholera --since 2023-01-01 --flag any
    """
    from episignal.events.export import signal_row
    from episignal.models.codec import event_to_json

    query = make_query(params)
    with fatal_errors(), open_events(db) as (_, events_):
        if fmt in ("table", "csv"):
            rows = [signal_row(s) for s in events_.signals(query).items]
            write_records(rows, fmt, sys.stdout, columns=EVENT_TABLE)
        else:
            write_records((event_to_json(e) for e in events_.events(query)), fmt, sys.stdout)


@cli.command()
@db_option
@query_options(default_limit=20, since=False)
@click.option(
    "--since",
    "changes",
    default=None,
    help="Only events NEW or changed (↑) since last-run, a date (2022-05-20) or a span (7d).",
)
@format_option(FORMATS, "table")
def signals(db: Path, fmt: str, changes: str | None, **params: Any) -> None:
    """Rank events for triage: severity, novelty, growth, reporting surges, plausibility.

    With --since, only the events the database received or changed since then, and a
    CHANGE column: NEW (first stored since) or ↑ (new figures, flags or documents since).
    Every run with --since records its time for `--since last-run`.

    \b
    Example:
      episignal signals --limit 10
      episignal signals --country NG --status new --status monitoring
      episignal signals --since last-run
    """
    from episignal.events.export import signal_row
    from episignal.models.codec import signal_to_json
    from episignal.models.signal import CHANGE_MARKERS, change_since

    query = make_query(params)
    with fatal_errors(), open_events(db) as (store, events_):
        stamp = None
        if changes is not None:
            stamp = since_stamp(store, changes)
            query = dataclasses.replace(query, changed_since=stamp)
        page = events_.signals(query)
    marks = {s.event: change_since(s, stamp) for s in page.items} if changes is not None else {}
    if fmt in ("table", "csv"):
        rows = [{"change": CHANGE_MARKERS[marks.get(s.event)], **signal_row(s)} for s in page.items]
        columns = ("change", *SIGNAL_TABLE) if changes is not None else SIGNAL_TABLE
        write_records(rows, fmt, sys.stdout, columns=columns)
    else:
        items = [signal_to_json(s) for s in page.items]
        if changes is not None:
            items = [
                {**j, "change": marks[s.event]} for j, s in zip(items, page.items, strict=True)
            ]
        write_records(items, fmt, sys.stdout)


def since_stamp(store: Store, text: str, *, record: bool = True) -> str | None:
    """The event-store timestamp ``text`` names (None: no earlier run, everything is new);
    ``record``: records this run for the next ``last-run``."""
    from datetime import UTC, datetime

    from episignal.store.watch_status import get_meta, set_meta
    from episignal.watch.whatsnew import LAST_RUN_KEY, as_stamp, parse_since

    now = datetime.now(UTC)
    moment = parse_since(text, now, get_meta(store.conn, LAST_RUN_KEY))
    if moment is None:
        click.echo("no earlier run recorded: every signal is new", err=True)
    if record and not store.read_only:
        with store.transaction() as conn:
            set_meta(conn, LAST_RUN_KEY, now.isoformat())
    return as_stamp(moment) if moment is not None else None


@cli.command()
@click.argument("document")
@db_option
@format_option(("table", "json"), "table")
def explain(document: str, db: Path, fmt: str) -> None:
    """Say where each figure of DOCUMENT went (event, series, date) or why it went nowhere.

    DOCUMENT is a document id as stored (see `episignal events --format json`).

    \b
    Example:
      episignal explain DON2155
    """
    from episignal.models.codec import fates_to_json
    from episignal.views import document_fates

    with fatal_errors(), open_events(db) as (store, _):
        fates = document_fates(store, document)
    if fmt == "json":
        click.echo(json.dumps(fates_to_json(fates), indent=2, ensure_ascii=False))
        return
    click.echo(f"{fates.document}: {fates.status}" + (f" — {fates.note}" if fates.note else ""))
    if fates.events:
        click.echo("events: " + ", ".join(fates.events))
    rows = [
        {
            "figure": f"{f.value:,} {f.measure}",
            "fate": f.fate,
            "event": f.event,
            "series": f.series,
            "date": f.date.isoformat() if f.date else None,
            "why": f.reason or ("its value" if f.chosen else ""),
        }
        for f in fates.figures
    ]
    write_records(
        rows, "table", sys.stdout, columns=("figure", "fate", "event", "series", "date", "why")
    )


# --------------------------------------------------------------------------- report, export, demo


@cli.command()
@db_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_REPORT,
    show_default=True,
    help="Folder to write the report into.",
)
@query_options(default_limit=None)
@click.option(
    "--mark-since",
    default=None,
    help="Mark signals NEW or changed (↑) since last-run (of `signals --since`), a date "
    "(2022-05-20) or a span (7d).",
)
def report(db: Path, out: Path, mark_since: str | None, **params: Any) -> None:
    """Write a self-contained HTML report (signals, event pages with charts, map, documents).

    The report needs no server and no network: open index.html in a browser. The query
    options choose which events it shows; --mark-since adds a column marking the ones the
    database received (NEW) or changed (↑) since then.

    \b
    Example:
      episignal report --db outbreaks.db --out report/
      episignal report --country NG --since 2023-01-01 --out nigeria/
      episignal report --mark-since 7d --out week/
    """
    query = make_query(params)
    with fatal_errors():
        index = write_report_from_db(db, out, query, mark_since=mark_since)
    click.echo(f"report: {index.resolve()}")


def write_report_from_db(
    db: Path, out: Path, query: EventQuery | None = None, *, mark_since: str | None = None
) -> Path:
    from episignal.models.signal import change_since
    from episignal.report import Changes, write_report
    from episignal.views import document_views

    query = query or EventQuery(limit=None)
    with open_events(db) as (store, events_):
        signals_ = events_.signals(query).items
        changes = None
        if mark_since is not None:
            stamp = since_stamp(store, mark_since, record=False)
            marks = {s.event: change_since(s, stamp) for s in signals_}
            changes = Changes(stamp[:16].replace("T", " ") + " UTC" if stamp else None, marks)

        def load_documents(ids: Collection[str]) -> Iterator[DocumentView]:
            return document_views(store, ids)

        return write_report(signals_, events_.events(query), load_documents, out, changes=changes)


@cli.command()
@db_option
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Output folder."
)
@query_options(default_limit=None)
def export(db: Path, out: Path, **params: Any) -> None:
    """Export events, series, claims and reports as CSV and JSON (claims as Parquet if
    pyarrow is installed). The query options choose the events.

    \b
    Example:
      episignal export --db outbreaks.db --out exports/
    """
    from episignal.events.export import export_events

    query = make_query(params)
    with fatal_errors(), open_events(db) as (_, events_):
        written = export_events(events_.events(query), out)
    for path in written:
        click.echo(str(path))


@cli.command()
@db_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_REPORT,
    show_default=True,
    help="Folder to write the report into.",
)
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Extraction processes.")
def demo(db: Path, out: Path, workers: int | None) -> None:
    """Scan the bundled sample corpus into --db and write the HTML report to --out.

    \b
    Example:
      episignal demo && episignal signals
    """
    from episignal.samples import sample_corpus_path

    with fatal_errors():
        summary = run_scan([str(sample_corpus_path())], db, workers=workers)
        print_summary(summary, "table")
        index = write_report_from_db(db, out)
        top = rank_top(db)
    click.echo("")
    for line in top:
        click.echo(line)
    click.echo(f"\ndatabase: {db.resolve()}")
    click.echo(f"report:   {index.resolve()}")


def rank_top(db: Path, limit: int = 5) -> list[str]:
    with open_events(db) as (_, events_):
        page = events_.signals(EventQuery(limit=limit))
    return [f"{s.rank}. [{s.score:.0f}] {s.reason}" for s in page.items]


# --------------------------------------------------------------------------- watch (issue 11)


def _add_watch_commands() -> None:
    from episignal.cli_watch import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)


_add_watch_commands()


def main() -> None:
    cli(prog_name="episignal")


# --------------------------------------------------------------------------- serve & user (workbench)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--secure-cookies",
    is_flag=True,
    help="Mark cookies Secure even on plain HTTP (behind a TLS proxy without X-Forwarded-Proto).",
)
@click.option(
    "--forwarded-allow-ips",
    default="127.0.0.1",
    show_default=True,
    help="Proxies trusted to say the client used HTTPS (X-Forwarded-Proto).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes (one per core; the login rate limit then counts per process).",
)
def serve(
    db: Path, host: str, port: int, secure_cookies: bool, forwarded_allow_ips: str, workers: int
) -> None:
    """Open the analysts' workbench on --db: signal board, events, triage, search, JSON API.

    Listens on 127.0.0.1 unless told otherwise; every page needs a login (create the
    first account with `episignal user add NAME --role admin`). API description at /docs.
    Failed logins are limited per client and per user name in each server process (with
    --workers N, up to N times the limit).

    \b
    Example:
      episignal user add alice --role admin && episignal serve --db outbreaks.db
    """
    import uvicorn

    from episignal.serve import create_app

    with fatal_errors():
        require_db(db)
        with open_events(db):  # an interrupted scan may have left events to update
            pass
        app = create_app(db, secure_cookies=secure_cookies)
        if not _has_users(db):
            click.echo(
                "no accounts yet: create one with `episignal user add NAME --role admin "
                f"--db {db}`",
                err=True,
            )
    click.echo(f"workbench: http://{host}:{port}/", err=True)
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "proxy_headers": True,
        "forwarded_allow_ips": forwarded_allow_ips,
        "log_level": "warning",
    }
    if workers == 1:
        uvicorn.run(app, **options)
        return
    import os

    from episignal.serve.app import DB_VARIABLE, SECURE_VARIABLE

    os.environ[DB_VARIABLE] = str(db.resolve())
    os.environ[SECURE_VARIABLE] = "1" if secure_cookies else "0"
    uvicorn.run(
        "episignal.serve.app:app_from_environment", factory=True, workers=workers, **options
    )


def _has_users(db: Path) -> bool:
    from episignal.store import Store
    from episignal.store.accounts import Accounts

    with Store.open(db) as store:
        return bool(Accounts(store.conn).users())


@cli.group()
def user() -> None:
    """Manage workbench accounts: add, list, disable, enable, password, token.

    Roles: viewer (reads), analyst (also triages and corrects), admin (also sees users).

    \b
    Example:
      episignal user add alice --role analyst && episignal user list
    """


@contextmanager
def accounts_of(db: Path) -> Iterator[Any]:
    from episignal.store import Store
    from episignal.store.accounts import Accounts

    with fatal_errors():
        require_db(db)
        with Store.open(db) as store:
            yield Accounts(store.conn)


def _new_password(generate: bool) -> tuple[str, bool]:
    """A password typed twice, or a generated one (then shown once)."""
    import secrets

    if generate:
        return secrets.token_urlsafe(15), True
    return click.prompt("Password", hide_input=True, confirmation_prompt=True), False


@user.command("add")
@click.argument("username")
@click.option(
    "--role",
    type=click.Choice(["viewer", "analyst", "admin"]),
    default="analyst",
    show_default=True,
)
@click.option(
    "--generate-password", is_flag=True, help="Make up a strong password and print it once."
)
@db_option
def user_add(username: str, role: str, generate_password: bool, db: Path) -> None:
    """Add a user; the password is asked twice (or generated and printed once).

    \b
    Example:
      episignal user add alice --role admin --db outbreaks.db
    """
    from episignal.store.accounts import Role

    password, generated = _new_password(generate_password)
    with accounts_of(db) as accounts:
        added = accounts.add_user(username, password, cast(Role, role))
    click.echo(f"added {added.username} ({added.role})")
    if generated:
        click.echo(f"password: {password}")
        click.echo("(shown once: store it now)", err=True)


@user.command("list")
@db_option
@format_option(FORMATS, "table")
def user_list(db: Path, fmt: str) -> None:
    """List users with their role and state.

    \b
    Example:
      episignal user list --format json
    """
    with accounts_of(db) as accounts:
        rows = [
            {
                "username": u.username,
                "role": u.role,
                "state": "disabled" if u.disabled else "active",
                "created": u.created_at[:19],
                "last_login": (u.last_login_at or "")[:19],
            }
            for u in accounts.users()
        ]
    write_records(
        rows, fmt, sys.stdout, columns=("username", "role", "state", "created", "last_login")
    )


@user.command("disable")
@click.argument("username")
@db_option
def user_disable(username: str, db: Path) -> None:
    """Disable a user: their sessions end and their API tokens are revoked.

    \b
    Example:
      episignal user disable alice
    """
    with accounts_of(db) as accounts:
        accounts.set_disabled(username, True)
    click.echo(f"disabled {username}")


@user.command("enable")
@click.argument("username")
@db_option
def user_enable(username: str, db: Path) -> None:
    """Enable a disabled user again (old API tokens stay revoked).

    \b
    Example:
      episignal user enable alice
    """
    with accounts_of(db) as accounts:
        accounts.set_disabled(username, False)
    click.echo(f"enabled {username}")


@user.command("password")
@click.argument("username")
@click.option("--generate-password", is_flag=True, help="Make up a password and print it once.")
@db_option
def user_password(username: str, generate_password: bool, db: Path) -> None:
    """Set a user's password (their sessions end).

    \b
    Example:
      episignal user password alice --generate-password
    """
    password, generated = _new_password(generate_password)
    with accounts_of(db) as accounts:
        accounts.set_password(username, password)
    click.echo(f"password changed for {username}")
    if generated:
        click.echo(f"password: {password}")


@user.command("token")
@click.argument("username")
@click.option("--name", default="cli", show_default=True, help="What the token is for.")
@db_option
def user_token(username: str, name: str, db: Path) -> None:
    """Create an API token for scripts (printed once): Authorization: Bearer TOKEN.

    \b
    Example:
      episignal user token alice --name nightly-export
    """
    with accounts_of(db) as accounts:
        token = accounts.create_token(accounts.require(username), name)
    click.echo(token)
