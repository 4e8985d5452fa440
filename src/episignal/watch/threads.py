"""A small pool of daemon threads for network work, results handed back on one queue.

Daemon threads, not ``concurrent.futures``: a stopping watcher must not wait at exit for a
fetch stuck in a slow server (it holds no database state, so abandoning it loses nothing).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

Task = Callable[[], Any]


class TaskPool:
    def __init__(self, threads: int, name: str = "fetch") -> None:
        self._tasks: queue.Queue[Task | None] = queue.Queue()
        self.results: queue.Queue[Any] = queue.Queue()
        self.pending = 0  # submitted, result not yet taken
        self._threads = [
            threading.Thread(target=self._work, name=f"{name}-{i}", daemon=True)
            for i in range(max(1, threads))
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, task: Task) -> None:
        self.pending += 1
        self._tasks.put(task)

    def take(self, timeout: float) -> list[Any]:
        """The results ready within ``timeout`` seconds (at least one unless it expires)."""
        out: list[Any] = []
        try:
            out.append(self.results.get(timeout=max(0.0, timeout)))
            while True:
                out.append(self.results.get_nowait())
        except queue.Empty:
            pass
        self.pending -= len(out)
        return out

    def close(self) -> None:
        for _ in self._threads:
            self._tasks.put(None)

    def _work(self) -> None:
        while True:
            task = self._tasks.get()
            if task is None:
                return
            try:
                result = task()
            except BaseException as exc:  # a task's bug comes back as its result
                result = exc
            self.results.put(result)
