"""Logging for the command line and its worker processes.

Third-party libraries log freely (trafilatura and htmldate print ``ERROR`` lines on pages
they cannot parse, during scans that succeed): their messages are shown only with ``-v``.
Worker processes are set up the same way as the main process.
"""

from __future__ import annotations

import logging
import sys

FORMAT = "%(levelname)s %(name)s: %(message)s"
_verbosity: int | None = None  # what the command line asked for; None when not configured


def level_of(verbosity: int) -> int:
    return {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)


def configure(verbosity: int) -> None:
    """Messages at ``verbosity`` (0 warnings, 1 info, 2+ debug) on stderr; other packages'
    messages only from 1 up."""
    global _verbosity
    _verbosity = verbosity
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    if verbosity == 0:
        handler.addFilter(_ours)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level_of(verbosity))


def configured_verbosity() -> int | None:
    return _verbosity


def configure_worker(verbosity: int | None) -> None:
    """A worker logs as its main process does (quietly for other packages by default)."""
    configure(0 if verbosity is None else verbosity)


def _ours(record: logging.LogRecord) -> bool:
    return record.name == "episignal" or record.name.startswith("episignal.")
