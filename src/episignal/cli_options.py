"""Options and error handling shared by every command of the command line.

``episignal.cli`` (scan, events, report, serve, user ...) and ``episignal.cli_watch``
(sources, watch, alerts, status) both take them from here, so that ``--db``, ``--format``
and the one-line error messages read the same in every command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from episignal.errors import EpisignalError

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_DB = "episignal.db"


def db_option(func: F) -> F:
    """``--db``, defaulting to ./episignal.db."""
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=DEFAULT_DB,
        show_default=True,
        help="SQLite database file.",
    )(func)


def configured_db_option(func: F) -> F:
    """``--db`` for the watcher's commands, whose default comes from the configuration."""
    return click.option(
        "--db",
        "db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"SQLite database file [default: the configuration's, else {DEFAULT_DB}].",
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
