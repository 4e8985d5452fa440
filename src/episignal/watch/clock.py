"""The watcher's clock: seconds since the epoch, injectable so tests control time."""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]


def system_clock() -> Clock:
    return time.time
