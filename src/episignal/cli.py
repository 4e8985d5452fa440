"""The ``episignal`` command line: a thin layer over the package's API.

Exit codes: 0 success (documents that could not be read are recorded and reported,
not fatal); 1 a fatal error (unreadable database, bad option value, nothing to read);
2 a usage error (unknown option, missing argument).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from episignal import __version__
from episignal.errors import EpisignalError
from episignal.output import FORMATS, write_records

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_DB = "episignal.db"
DEFAULT_REPORT = "episignal-report"
EVENT_COLUMNS = (
    "id",
    "disease",
    "country",
    "first_seen",
    "last_seen",
    "cases",
    "deaths",
    "documents",
    "flags",
    "score",
)
SIGNAL_COLUMNS = ("rank", "score", "disease", "country", "cases", "deaths", "reason")


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=DEFAULT_DB,
        show_default=True,
        help="SQLite database file.",
    )(func)


def format_option(choices: Sequence[str], default: str) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help="Output format on stdout.",
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="episignal")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) on stderr.")
def cli(verbose: int) -> None:
    """episignal: turn news into sourced, checkable outbreak signals.

    \b
    Quick start:
      episignal demo                      # scan the bundled sample corpus, write a report
      episignal scan news/ feed.xml       # ingest, extract and store into ./episignal.db
      episignal signals                   # ranked events for triage
      episignal report --out report/      # self-contained HTML report

    Exit codes: 0 success, 1 fatal error, 2 usage error.
    """
    import logging

    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


@contextmanager
def fatal_errors() -> Iterator[None]:
    """Turn the package's own errors into a clean one-line message and exit code 1."""
    try:
        yield
    except EpisignalError as e:
        raise click.ClickException(str(e)) from e


# --------------------------------------------------------------------------- scan


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Extraction processes [default: all cores].",
)
@format_option(("table", "json"), "table")
def scan(sources: tuple[str, ...], db: Path, workers: int | None, fmt: str) -> None:
    """Ingest SOURCES, clean, deduplicate, extract, store and update events.

    SOURCES are files, folders (read recursively), RSS/Atom feeds, WARC files,
    JSONL files, http(s) URLs, or - for standard input. Rescanning adds nothing new.

    \b
    Example:
      episignal scan news/ bulletins.jsonl https://example.org/feed.xml --db outbreaks.db
    """
    with fatal_errors():
        summary = run_scan(list(sources), db, workers=workers)
    print_summary(summary, fmt)
    click.echo(f"database: {db.resolve()}", err=True)


def run_scan(sources: list[str], db: Path, *, workers: int | None) -> dict[str, Any]:
    from episignal.scan import scan as scan_sources

    bar: ProgressBar[int]
    with click.progressbar(
        length=0, label="scanning", file=sys.stderr, show_pos=True, item_show_func=None
    ) as bar:

        def progress(n: int) -> None:
            bar.length = (bar.length or 0) + n  # the total is unknown until ingest ends
            bar.update(n)

        result = scan_sources(sources, db, workers=workers, progress=progress)
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
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Publication date (YYYY-MM-DD) to resolve relative dates against; overrides the source's.",
)
@format_option(("jsonl", "json"), "jsonl")
def extract(paths: tuple[str, ...], published: Any, fmt: str) -> None:
    """Extract diseases, places, dates, counts, sources, supplies and measures; no database.

    Prints one JSON record per input document, in input order (see
    docs/extraction.md for the record). Unreadable documents get an "error" field.

    \b
    Example:
      episignal extract article.txt --published 2022-05-16
      cat bulletins.jsonl | episignal extract - --format json
    """
    from episignal.extract.batch import extract_sources

    when: date | None = published.date() if published is not None else None
    out = sys.stdout
    with fatal_errors():
        records = extract_sources(list(paths), published=when)
        if fmt == "jsonl":
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            write_records(list(records), "json", out)


# --------------------------------------------------------------------------- events & signals


@cli.command()
@db_option
@click.option("--disease", default=None, help="Only events of this disease (name or ICD-10 code).")
@click.option("--country", default=None, help="Only events in this country (ISO 3166-1 alpha-2).")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only events seen since this date.",
)
@format_option(FORMATS, "table")
def events(db: Path, disease: str | None, country: str | None, since: Any, fmt: str) -> None:
    """List events (disease x place x time) with their sourced figures and flags.

    \b
    Example:
      episignal events --country KP --format json
    """
    with fatal_errors():
        records = [
            e
            for e in load_events(db)
            if matches_event(e, disease, country, since.date() if since is not None else None)
        ]
    if fmt == "table" or fmt == "csv":
        write_records([event_row(e) for e in records], fmt, sys.stdout, columns=EVENT_COLUMNS)
    else:
        write_records(records, fmt, sys.stdout)


def load_events(db: Path) -> list[dict[str, Any]]:
    from episignal.store import Store

    require_db(db)
    with Store.open(db) as store:
        return store.load_events()


def require_db(db: Path) -> None:
    if not db.exists():
        raise EpisignalError(
            f"no database at {db}", hint="run `episignal scan SOURCES --db PATH` first"
        )


def matches_event(
    event: dict[str, Any], disease: str | None, country: str | None, since: date | None
) -> bool:
    if disease is not None:
        d = event.get("disease") or {}
        if disease.lower() not in {str(d.get("name", "")).lower(), str(d.get("icd10", "")).lower()}:
            return False
    if country is not None and (event.get("country") or "").upper() != country.upper():
        return False
    return since is None or str(event.get("last_seen") or "") >= since.isoformat()


def event_row(event: dict[str, Any]) -> dict[str, Any]:
    latest = event.get("latest") or {}
    return {
        "id": event.get("id"),
        "disease": (event.get("disease") or {}).get("name"),
        "country": event.get("country"),
        "first_seen": event.get("first_seen"),
        "last_seen": event.get("last_seen"),
        "cases": latest.get("cases"),
        "deaths": latest.get("deaths"),
        "documents": len(event.get("documents") or []),
        "flags": ",".join(f["kind"] for f in event.get("flags") or []),
        "score": event.get("score"),
    }


@cli.command()
@db_option
@click.option(
    "--limit", type=click.IntRange(1), default=20, show_default=True, help="How many signals."
)
@format_option(FORMATS, "table")
def signals(db: Path, limit: int, fmt: str) -> None:
    """Rank events for triage: severity, novelty, growth, reporting surges, plausibility.

    \b
    Example:
      episignal signals --limit 10
    """
    from episignal.events import rank_signals

    with fatal_errors():
        rows = rank_signals(load_events(db), limit)
    if fmt in ("table", "csv"):
        flat = [
            {
                "rank": i,
                "score": r.get("score"),
                "disease": r.get("disease"),
                "country": _place_label(r),
                "cases": (r.get("latest") or {}).get("cases"),
                "deaths": (r.get("latest") or {}).get("deaths"),
                "reason": r.get("reason"),
            }
            for i, r in enumerate(rows, 1)
        ]
        write_records(flat, fmt, sys.stdout, columns=SIGNAL_COLUMNS)
    else:
        write_records(rows, fmt, sys.stdout)


def _place_label(row: dict[str, Any]) -> str:
    """ "NG", "NG/Kano", or "NG (+Kano)" when provinces are listed under the national event."""
    place = str(row.get("country") or "")
    if row.get("admin1"):
        place += f"/{row['admin1']}"
    areas = [str(a["admin1"]) for a in row.get("areas") or []]
    return f"{place} (+{', '.join(areas)})" if areas else place


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
def report(db: Path, out: Path) -> None:
    """Write a self-contained HTML report (signals, event pages with charts, map, documents).

    The report needs no server and no network: open index.html in a browser.

    \b
    Example:
      episignal report --db outbreaks.db --out report/
    """
    with fatal_errors():
        index = write_report_from_db(db, out)
    click.echo(f"report: {index.resolve()}")


def write_report_from_db(db: Path, out: Path) -> Path:
    from episignal.report import write_report
    from episignal.report.html import referenced_document_ids
    from episignal.store import Store

    require_db(db)
    with Store.open(db) as store:
        events_ = store.load_events()
        # Only documents the events cite get a page: never read a whole archive's text.
        cited = referenced_document_ids(events_)
        documents = list(store.iter_documents_with_extractions(ids=cited))
    return write_report(events_, documents, out)


@cli.command()
@db_option
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Output folder."
)
def export(db: Path, out: Path) -> None:
    """Export events, series and claims as CSV and JSON (facts as Parquet if pyarrow is installed).

    \b
    Example:
      episignal export --db outbreaks.db --out exports/
    """
    from episignal.events.export import export_events

    with fatal_errors():
        written = export_events(load_events(db), out)
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
    from episignal.events import rank_signals

    rows = rank_signals(load_events(db), limit)
    return [f"{i}. [{r.get('score', 0):.0f}] {r.get('reason')}" for i, r in enumerate(rows, 1)]


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

    \b
    Example:
      episignal user add alice --role admin && episignal serve --db outbreaks.db
    """
    import uvicorn

    from episignal.serve import create_app

    with fatal_errors():
        require_db(db)
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
    """List users with their role and state."""
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
    """Disable a user: their sessions end and their API tokens are revoked."""
    with accounts_of(db) as accounts:
        accounts.set_disabled(username, True)
    click.echo(f"disabled {username}")


@user.command("enable")
@click.argument("username")
@db_option
def user_enable(username: str, db: Path) -> None:
    """Enable a disabled user again (old API tokens stay revoked)."""
    with accounts_of(db) as accounts:
        accounts.set_disabled(username, False)
    click.echo(f"enabled {username}")


@user.command("password")
@click.argument("username")
@click.option("--generate-password", is_flag=True, help="Make up a password and print it once.")
@db_option
def user_password(username: str, generate_password: bool, db: Path) -> None:
    """Set a user's password (their sessions end)."""
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
    """Create an API token for scripts (printed once): Authorization: Bearer TOKEN."""
    with accounts_of(db) as accounts:
        token = accounts.create_token(accounts.require(username), name)
    click.echo(token)
