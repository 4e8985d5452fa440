"""Logging set-up for the command line: readable text, or one JSON object a line.

``--log-format json`` is for log collectors (journald, Loki, Elasticsearch): each record
has ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``, the exception when there
is one, and any ``extra=`` fields the code attached.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

LOG_FORMATS = ("text", "json")
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


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


def configure_logging(level: int, fmt: str = "text") -> None:
    """Log to stderr at ``level``: text as ``logging.basicConfig`` does (nothing changes when
    the application set up logging already), JSON by a handler of its own."""
    if fmt != "json":
        logging.basicConfig(
            level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
        )
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.set_name("episignal-json")
    root = logging.getLogger()
    for old in list(root.handlers):
        if old.get_name() == "episignal-json":  # ours from an earlier call; others stay
            root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
