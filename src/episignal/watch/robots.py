"""robots.txt, fetched once per site and kept for a day (RFC 9309).

A robots.txt that does not exist (any 4xx) allows everything; one that cannot be read
(5xx, a timeout, a refused address) disallows the site until it can be read: the rule of
RFC 9309, and the polite reading of a server in trouble. Failures are not cached, so the
site is tried again on its source's next (backed-off) poll.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from episignal.errors import FetchError
from episignal.watch.settings import FetchSettings

AGENT = "episignal"

# (url, allow_private) -> (status, body); raises FetchError when unreachable.
RobotsGetter = Callable[[str, bool], tuple[int, bytes]]


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    crawl_delay: float = 0.0
    reason: str = ""


@dataclass(slots=True)
class _Entry:
    parser: RobotFileParser | None  # None: no robots.txt, everything allowed
    expires: float


class RobotsCache:
    def __init__(self, getter: RobotsGetter, settings: FetchSettings) -> None:
        self.getter = getter
        self.settings = settings
        self._entries: dict[str, _Entry] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def check(self, url: str, allow_private: bool) -> Verdict:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        try:
            entry = self._entry(origin, allow_private)
        except FetchError as exc:
            if getattr(exc, "refused", False):
                raise  # an address we never connect to: say that, not "robots.txt"
            return Verdict(False, reason=f"{origin}/robots.txt cannot be read ({exc})")
        if entry.parser is None:
            return Verdict(True)
        if not entry.parser.can_fetch(AGENT, url):
            return Verdict(False, reason=f"{origin}/robots.txt disallows {parts.path or '/'}")
        delay = entry.parser.crawl_delay(AGENT)
        return Verdict(True, min(float(delay or 0.0), self.settings.max_crawl_delay_s))

    def _entry(self, origin: str, allow_private: bool) -> _Entry:
        with self._lock:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:  # one fetch of a site's robots.txt, however many threads ask
            entry = self._entries.get(origin)
            if entry is None or entry.expires < time.monotonic():
                entry = self._load(origin, allow_private)
                self._entries[origin] = entry
            return entry

    def _load(self, origin: str, allow_private: bool) -> _Entry:
        status, body = self.getter(f"{origin}/robots.txt", allow_private)
        expires = time.monotonic() + self.settings.robots_ttl_s
        if status >= 400 or not body.strip():
            return _Entry(None, expires)
        parser = RobotFileParser()
        parser.parse(body.decode("utf-8", "replace").splitlines())
        return _Entry(parser, expires)
