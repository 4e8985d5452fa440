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
from typing import TYPE_CHECKING, Any, TypeVar

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
    from episignal import logs

    logs.configure(verbose)


@contextmanager
def fatal_errors() -> Iterator[None]:
    """Turn the package's own errors, and database failures (locked, read-only, damaged),
    into a clean one-line message and exit code 1."""
    import sqlite3

    try:
        yield
    except EpisignalError as e:
        raise click.ClickException(str(e)) from e
    except sqlite3.Error as e:
        from episignal.store.connect import explain

        raise click.ClickException(str(explain(e))) from e


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
    from episignal.scan import scan as scan_sources

    bar: ProgressBar[int]
    with click.progressbar(
        length=0, label="scanning", file=sys.stderr, show_pos=True, item_show_func=None
    ) as bar:

        def progress(n: int) -> None:
            bar.length = (bar.length or 0) + n  # the total is unknown until ingest ends
            bar.update(n)

        result = scan_sources(sources, db, progress=progress, **options)
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
