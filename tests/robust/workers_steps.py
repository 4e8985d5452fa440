"""Steps for the worker-pool tests (module level: worker processes import them by name)."""

from __future__ import annotations

import os
import re
import signal
import time


def step(x: str) -> str:
    """``stuck-c``: spin inside one C call (the alarm cannot interrupt it); ``die``: the
    worker process dies; ``sleep``: wait without using CPU; ``interrupt``: Ctrl-C reaches
    the worker (as it reaches the whole process group); anything else: echo."""
    if x == "stuck-c":
        re.match(r"(a+)+b", "a" * 40)  # catastrophic backtracking, all in C
    elif x == "die":
        os._exit(3)
    elif x == "sleep":
        time.sleep(3600)
    elif x == "interrupt":
        os.kill(os.getpid(), signal.SIGINT)
    return f"done {x}"


def deadline(x: str) -> float:
    return 0.5


def size(x: str) -> int:
    return len(x)


def failed(x: str, reason: str) -> str:
    return f"{reason} {x}"
