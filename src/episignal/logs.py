"""Logging for the command line and its worker processes: readable text, or JSON lines.

Third-party libraries log freely (trafilatura and htmldate print ``ERROR`` lines on pages
they cannot parse, during scans that succeed): their messages are shown only with ``-v``.
Worker processes are set up the same way as the main process (level and format).

``--log-format json`` is for log collectors (journald, Loki, Elasticsearch): each record
is one JSON object with ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``, the
exception when there is one, and any ``extra=`` fields the code attached.
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

LogFormat = Literal["text", "json"]
LOG_FORMATS: tuple[LogFormat, ...] = ("text", "json")
FORMAT = "%(levelname)s %(name)s: %(message)s"
HANDLER_NAME = "episignal"
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


@dataclass(frozen=True, slots=True)
class LogSettings:
    """What the command line asked for: handed to worker processes."""

    verbosity: int = 0
    format: LogFormat = "text"


_settings: LogSettings | None = None  # None when the command line did not configure logging


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        return json.dumps(entry, ensure_ascii=False, default=str)


def level_of(verbosity: int) -> int:
    return {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)


def configure(verbosity: int, log_format: LogFormat = "text") -> None:
    """Messages at ``verbosity`` (0 warnings, 1 info, 2+ debug) on stderr, as text or JSON;
    other packages' messages only from 1 up."""
    global _settings
    if log_format not in LOG_FORMATS:
        raise ValueError(f"unknown log format {log_format!r}; choose text or json")
    _settings = LogSettings(verbosity, log_format)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(FORMAT))
    handler.set_name(HANDLER_NAME)
    if verbosity == 0:
        handler.addFilter(_ours)
    root = logging.getLogger()
    for old in list(root.handlers):
        if old.get_name() == HANDLER_NAME:  # ours from an earlier call; others' handlers stay
            root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level_of(verbosity))


def configured() -> LogSettings | None:
    return _settings


def configure_worker(settings: LogSettings | None) -> None:
    """A worker logs as its main process does (quietly for other packages by default)."""
    settings = settings or LogSettings()
    configure(settings.verbosity, settings.format)


def _ours(record: logging.LogRecord) -> bool:
    return record.name == "episignal" or record.name.startswith("episignal.")
