"""A small process-wide cache of what is built from events (decoded events, rendered page
bodies, API records), keyed on the event store's stamp of each event, so an entry is
never stale: a changed event has a new stamp, and its old entries age out.

Analysts open the same top signals again and again; decoding a large event and rendering
its page costs tens of milliseconds, a lookup of its stamp a few microseconds.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from markupsafe import Markup

from episignal.models import Event

V = TypeVar("V")


class LRU(Generic[V]):
    """At most ``size`` entries, least recently used dropped first; thread-safe."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, build: Callable[[], V]) -> V:
        """The cached value of ``key``, else ``build()`` (outside the lock) cached."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
            self.misses += 1
        value = build()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


EVENTS_CACHED = 128
PAGES_CACHED = 128


class EventCaches:
    """The caches of one server process (shared by its request threads)."""

    def __init__(self, events: int = EVENTS_CACHED, pages: int = PAGES_CACHED) -> None:
        self.events: LRU[Event | None] = LRU(events)  # decoded, by (id, stamp)
        self.bodies: LRU[Markup] = LRU(pages)  # event page bodies, by (id, version, ...)
        self.records: LRU[str] = LRU(pages)  # the API's JSON of an event
