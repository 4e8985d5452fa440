"""Progress of long runs on stderr: counts and rates, never a made-up percentage.

On a terminal one line is rewritten in place a few times a second; otherwise (a pipe, a
log file, a service manager) a plain line is written every ``every_s`` seconds, so a
scan running under systemd or cron still says how far it got. The total of a scan is
unknown until it ends (inputs are read as they are processed), so none is shown.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

TTY_REFRESH_S = 0.2
PIPE_EVERY_S = 10.0


def format_elapsed(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


class Progress:
    """``update(n)`` as work is done; ``close()`` writes the final line."""

    def __init__(
        self,
        label: str,
        *,
        unit: str = "documents",
        stream: TextIO | None = None,
        tty: bool | None = None,
        every_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.unit = unit
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.every_s = (
            every_s if every_s is not None else (TTY_REFRESH_S if self.tty else PIPE_EVERY_S)
        )
        self.clock = clock
        self.started = clock()
        self.count = 0
        self._last_write = self.started
        self._width = 0

    def update(self, n: int = 1) -> None:
        self.count += n
        now = self.clock()
        if now - self._last_write >= self.every_s:
            self._write(self.line(now))
            self._last_write = now

    def line(self, now: float | None = None) -> str:
        elapsed = (now if now is not None else self.clock()) - self.started
        rate = self.count / elapsed if elapsed > 0 else 0.0
        return f"{self.label}: {self.count:,} {self.unit}, {rate:,.1f}/s, {format_elapsed(elapsed)}"

    def close(self) -> None:
        self._write(self.line(), final=True)

    def _write(self, line: str, *, final: bool = False) -> None:
        if self.tty:
            pad = " " * max(0, self._width - len(line))
            self.stream.write(f"\r{line}{pad}" + ("\n" if final else ""))
            self._width = len(line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
