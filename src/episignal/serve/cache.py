"""A small process-wide cache of what is built from events (decoded events, rendered page
bodies, API records), keyed on the event store's stamp of each event (``stamp``: its
content hash and score), so an entry is never stale: a changed event has a new stamp, and
its old entries age out.

Analysts open the same top signals again and again; decoding a large event and rendering
its page costs tens of milliseconds, reading its stamp a few microseconds.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from markupsafe import Markup

from episignal.models import Event

V = TypeVar("V")
EVENTS_CACHED = 64  # decoded events (the largest take a few MB each)
PAGE_BYTES = 48 << 20  # rendered event bodies
RECORD_BYTES = 32 << 20  # the API's JSON of events


class LRU(Generic[V]):
    """Least recently used entries dropped first once there are more than ``size``
    (counted by ``weigh``, one per entry by default); thread-safe."""

    def __init__(self, size: int, weigh: Callable[[V], int] = lambda _: 1) -> None:
        self.size = size
        self.weigh = weigh
        self.used = 0
        self._items: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, build: Callable[[], V]) -> V:
        """The cached value of ``key``, else ``build()`` (outside the lock) cached."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return found[0]
            self.misses += 1
        value = build()
        weight = self.weigh(value)
        with self._lock:
            if key not in self._items and weight <= self.size:
                self._items[key] = (value, weight)
                self.used += weight
                while self.used > self.size:
                    _, (_, dropped) = self._items.popitem(last=False)
                    self.used -= dropped
        return value


class EventCaches:
    """The caches of one server process (shared by its request threads), by event id and
    stamp."""

    def __init__(
        self,
        events: int = EVENTS_CACHED,
        page_bytes: int = PAGE_BYTES,
        record_bytes: int = RECORD_BYTES,
    ) -> None:
        self.events: LRU[Event | None] = LRU(events)
        # (title, body) of event pages; the body with or without correction buttons.
        self.pages: LRU[tuple[str, Markup]] = LRU(page_bytes, lambda p: len(p[1]))
        self.records: LRU[str] = LRU(record_bytes, len)
