"""Typed settings of the watcher: fetching, polling, alert rules and channels.

Defaults live here, once; ``config.py`` reads them from ``episignal.toml`` and the CLI's
options override them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from episignal import __version__
from episignal.errors import ConfigError
from episignal.store.watch_sources import SourceSpec

USER_AGENT = f"episignal/{__version__} (+https://github.com/episignal/episignal; watch)"
DELTA_KINDS = ("new_event", "new_figure", "flag_raised", "flag_cleared", "score_change")
DEFAULT_RULE_KINDS = ("new_event", "new_figure", "flag_raised")
WEBHOOK_FORMATS = ("json", "slack", "teams")

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)", re.IGNORECASE)
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}


def parse_duration(
    text: str | float | int, setting: str = "duration", *, zero_ok: bool = False
) -> float:
    """Seconds in ``"30m"``, ``"1h30m"``, ``"2d"``, ``"45s"`` or a plain number of seconds
    (``0`` only with ``zero_ok``)."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        seconds = float(text)
    elif isinstance(text, str) and text.strip():
        seconds = _duration_text(text.strip(), setting)
    else:
        raise ConfigError(f"{setting}: expected a duration such as 30m, got {text!r}")
    if seconds < 0 or (seconds == 0 and not zero_ok):
        raise ConfigError(f"{setting}: a duration must be positive, got {text!r}")
    return seconds


def _duration_text(text: str, setting: str) -> float:
    try:
        return float(text)
    except ValueError:
        pass
    parts = _DURATION.findall(text)
    if not parts or _DURATION.sub("", text).strip():
        raise ConfigError(
            f"{setting}: cannot read {text!r} as a duration",
            hint="write a number and a unit: 90s, 30m, 1h30m, 2d",
        )
    return sum(float(n) * _UNITS[unit.lower()] for n, unit in parts)


def format_duration(seconds: float) -> str:
    """``1800`` -> ``"30m"``, ``5400`` -> ``"1h30m"``, ``0.5`` -> ``"0.5s"``."""
    if seconds < 60 and seconds != int(seconds):
        return f"{seconds:g}s"
    out, rest = [], round(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if rest >= size:
            out.append(f"{rest // size}{unit}")
            rest %= size
    return "".join(out) or "0s"


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How the watcher talks to web servers."""

    user_agent: str = USER_AGENT
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 20.0  # the longest silence between two chunks of a response
    total_timeout_s: float = 60.0  # the longest a whole response may take (slow drips)
    max_bytes: int = 5_000_000  # one article or page, after decompression
    feed_max_bytes: int = 20_000_000  # a feed or sitemap, after decompression
    max_redirects: int = 5
    per_host: int = 2  # requests to one host at a time
    robots: bool = True  # obey robots.txt
    robots_ttl_s: float = 86400.0
    max_crawl_delay_s: float = 30.0  # a longer Crawl-delay is capped at this


@dataclass(frozen=True, slots=True)
class WatchSettings:
    """How the watcher schedules its work."""

    parallel_sources: int = 8  # sources polled at once
    fetch_threads: int = 8  # HTTP requests in flight, all hosts together
    workers: int = 1  # extraction processes (1: in the watcher's own process)
    batch_items: int = 16  # documents handed to the pipeline at once
    events_every_s: float = 2.0  # the longest new documents wait for the event update
    backoff_max_s: float = 6 * 3600.0  # a failing source is retried at least this often
    item_attempts: int = 3  # fetches of an article before it is recorded as failed
    settle_s: float = 10.0  # a file in a watched folder must be this old (still written?)
    max_items_per_poll: int = 500  # a larger feed or sitemap is read over several polls


@dataclass(frozen=True, slots=True)
class AlertSettings:
    retry_base_s: float = 60.0
    retry_max_s: float = 6 * 3600.0
    max_attempts: int = 10  # then the alert is "dead" (kept, shown, not retried)


@dataclass(frozen=True, slots=True)
class Growth:
    factor: float
    days: int


@dataclass(frozen=True, slots=True)
class Rule:
    """Which event deltas to alert on, and where to send them (all conditions must hold)."""

    name: str
    channels: tuple[str, ...]
    on: tuple[str, ...] = DEFAULT_RULE_KINDS
    diseases: tuple[str, ...] = ()  # names or ICD-10 codes (a code matches its subcodes)
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2
    regions: tuple[str, ...] = ()  # admin-1 names, "Kano" or "NG/Kano"
    min_score: float | None = None
    flags: tuple[str, ...] = ()  # flag kinds, e.g. implausible_cfr
    growth: Growth | None = None
    new_deaths: bool = False


@dataclass(frozen=True, slots=True)
class WebhookChannel:
    name: str
    url: str
    format: str = "json"  # json, slack or teams
    headers: tuple[tuple[str, str], ...] = ()
    allow_private: bool = False
    timeout_s: float = 10.0
    per_hour: int = 60  # rate limit; later alerts wait


@dataclass(frozen=True, slots=True)
class EmailChannel:
    name: str
    host: str
    sender: str
    to: tuple[str, ...]
    port: int = 587
    starttls: bool = True
    ssl: bool = False  # SMTPS (port 465) instead of STARTTLS
    username: str | None = None
    password: str | None = None
    ca_file: Path | None = None  # a private CA's certificates, for an intranet server
    timeout_s: float = 20.0
    per_hour: int = 30


@dataclass(frozen=True, slots=True)
class DigestChannel:
    """Alerts gathered once a day into an HTML file and/or an HTML e-mail."""

    name: str
    at: time = time(7, 0)  # UTC
    file: Path | None = None  # "{date}" is replaced by the day
    email: str | None = None  # the name of an e-mail channel


Channel = WebhookChannel | EmailChannel | DigestChannel


@dataclass(frozen=True, slots=True)
class WatchConfig:
    """Everything ``episignal.toml`` can say."""

    database: Path | None = None
    sources: tuple[SourceSpec, ...] = ()
    rules: tuple[Rule, ...] = ()
    channels: dict[str, Channel] = field(default_factory=dict)
    watch: WatchSettings = WatchSettings()
    fetch: FetchSettings = FetchSettings()
    alerts: AlertSettings = AlertSettings()
