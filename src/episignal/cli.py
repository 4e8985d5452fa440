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
from typing import Any, TypeVar

import click

from episignal import __version__
from episignal.errors import EpisignalError
from episignal.output import FORMATS, write_records

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
    import logging

    from episignal.log_json import configure_logging

    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    configure_logging(level, log_format)


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
    from episignal.progress import Progress
    from episignal.scan import scan as scan_sources

    # Counts and rates, not a bar: the total is unknown until the inputs are all read.
    progress = Progress("scanning")
    try:
        result = scan_sources(sources, db, workers=workers, progress=progress.update)
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
@click.option(
    "--since",
    default=None,
    help="Mark signals NEW or changed (↑) since last-run, a date (2022-05-20) or a span (7d).",
)
@format_option(FORMATS, "table")
def signals(db: Path, limit: int, since: str | None, fmt: str) -> None:
    """Rank events for triage: severity, novelty, growth, reporting surges, plausibility.

    With --since, a CHANGE column says NEW (first figures arrived since then) or ↑ (new
    figures for an event seen before); every run records its time for `--since last-run`.

    \b
    Example:
      episignal signals --limit 10
      episignal signals --since last-run
    """
    from episignal.events import rank_signals

    with fatal_errors():
        rows = rank_signals(load_events(db), limit)
        if since is not None:
            rows = mark_since(db, rows, since)
    if fmt in ("table", "csv"):
        flat = [
            {
                "change": _change_marker(r) if since is not None else None,
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
        columns = ("change", *SIGNAL_COLUMNS) if since is not None else SIGNAL_COLUMNS
        write_records(flat, fmt, sys.stdout, columns=columns)
    else:
        write_records(rows, fmt, sys.stdout)


def mark_since(db: Path, rows: list[dict[str, Any]], since: str) -> list[dict[str, Any]]:
    """``rows`` with ``change`` set (issue 11: the logic is in episignal.watch.whatsnew)."""
    from datetime import UTC, datetime

    from episignal.store import Store
    from episignal.store.watch_status import event_arrivals, get_meta, set_meta
    from episignal.watch.whatsnew import LAST_RUN_KEY, as_created_at, mark_changes, parse_since

    now = datetime.now(UTC)
    with Store.open(db) as store:
        moment = parse_since(since, now, get_meta(store.conn, LAST_RUN_KEY))
        if moment is None:
            click.echo("no earlier run recorded: every signal is new", err=True)
        marked = mark_changes(
            rows, event_arrivals(store.conn), as_created_at(moment) if moment else None
        )
        with store.transaction() as conn:
            set_meta(conn, LAST_RUN_KEY, now.isoformat())
    return marked


def _change_marker(row: dict[str, Any]) -> str:
    from episignal.watch.whatsnew import MARKERS

    return MARKERS[row.get("change")]


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


# --------------------------------------------------------------------------- watch (issue 11)


def _add_watch_commands() -> None:
    from episignal.cli_watch import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)


_add_watch_commands()


def main() -> None:
    cli(prog_name="episignal")
