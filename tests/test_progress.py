"""Progress lines on stderr: counts and rates, on a terminal and in a pipe; JSON logs."""

from __future__ import annotations

import io
import json
import logging

from episignal.logs import JsonFormatter
from episignal.progress import Progress


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_pipe_gets_a_plain_line_every_few_seconds_and_a_final_one() -> None:
    out, clock = io.StringIO(), Ticks()
    progress = Progress("scanning", stream=out, tty=False, every_s=10.0, clock=clock)
    for _ in range(30):
        clock.now += 1.0
        progress.update(5)
    progress.close()
    lines = out.getvalue().splitlines()
    assert lines == [
        "scanning: 50 documents, 5.0/s, 0:00:10",
        "scanning: 100 documents, 5.0/s, 0:00:20",
        "scanning: 150 documents, 5.0/s, 0:00:30",
        "scanning: 150 documents, 5.0/s, 0:00:30",
    ]


def test_a_terminal_line_is_rewritten_in_place() -> None:
    out, clock = io.StringIO(), Ticks()
    progress = Progress("scanning", stream=out, tty=True, clock=clock)
    clock.now += 1.0
    progress.update(1200)
    clock.now += 1.0
    progress.update(10)
    progress.close()
    text = out.getvalue()
    assert text.startswith("\rscanning: 1,200 documents, 1,200.0/s, 0:00:01")
    assert text.endswith("\rscanning: 1,210 documents, 605.0/s, 0:00:02\n")
    assert "100%" not in text  # never a made-up percentage


def test_nothing_counted_still_gives_a_final_line() -> None:
    out = io.StringIO()
    progress = Progress("scanning", stream=out, tty=False, clock=Ticks())
    progress.close()
    assert out.getvalue() == "scanning: 0 documents, 0.0/s, 0:00:00\n"


def test_json_log_records_carry_extras_and_exceptions() -> None:
    record = logging.LogRecord(
        "episignal.watch", logging.WARNING, "x.py", 1, "source %s failed", ("a",), None
    )
    record.source = "wire"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "source a failed" and entry["level"] == "warning"
    assert entry["source"] == "wire" and entry["logger"] == "episignal.watch"
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        failed = logging.LogRecord("x", logging.ERROR, "x.py", 1, "bad", (), sys.exc_info())
    assert "ValueError: boom" in json.loads(JsonFormatter().format(failed))["exception"]
