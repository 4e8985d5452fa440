"""``episignal.toml``: database, sources, alert rules and channels in one file.

Secrets never live in the file: any string may say ``${NAME}`` and is filled from the
environment variable ``NAME`` (a missing variable is an error naming the setting).
Every error names the setting it is about. See docs/watch.md for the format.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import fields, replace
from datetime import time
from pathlib import Path
from typing import Any, TypeVar

from episignal.errors import ConfigError
from episignal.store.watch_schema import SOURCE_KINDS
from episignal.store.watch_sources import SourceSpec
from episignal.watch.settings import (
    DEFAULT_RULE_KINDS,
    DELTA_KINDS,
    WEBHOOK_FORMATS,
    AlertSettings,
    Channel,
    DigestChannel,
    EmailChannel,
    FetchSettings,
    Growth,
    Rule,
    WatchConfig,
    WatchSettings,
    WebhookChannel,
    parse_duration,
)
from episignal.watch.sources import default_name, guess_kind

DEFAULT_CONFIG = "episignal.toml"
DEFAULT_EVERY_S = 1800.0

_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
T = TypeVar("T")


class Table:
    """A TOML table read with types checked; errors name ``path.key``."""

    def __init__(self, data: Mapping[str, Any], path: str, env: Mapping[str, str]) -> None:
        self.data = data
        self.path = path
        self.env = env

    def name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str, kind: type[T] | tuple[type, ...], what: str) -> Any:
        value = self.data[key]
        if isinstance(value, bool) and kind is not bool:
            raise ConfigError(f"{self.name(key)}: expected {what}, got {value!r}")
        if not isinstance(value, kind):
            raise ConfigError(f"{self.name(key)}: expected {what}, got {value!r}")
        return value

    def text(self, key: str, default: str | None = None) -> str | None:
        if key not in self.data:
            return default
        return self.expand(key, self.raw(key, str, "a string"))

    def required_text(self, key: str) -> str:
        value = self.text(key)
        if not value:
            raise ConfigError(f"{self.name(key)}: required")
        return value

    def integer(self, key: str, default: int, minimum: int = 0) -> int:
        if key not in self.data:
            return default
        value = int(self.raw(key, int, "an integer"))
        if value < minimum:
            raise ConfigError(f"{self.name(key)}: must be at least {minimum}, got {value}")
        return value

    def number(self, key: str, default: float | None) -> float | None:
        if key not in self.data:
            return default
        return float(self.raw(key, (int, float), "a number"))

    def flag(self, key: str, default: bool) -> bool:
        return bool(self.raw(key, bool, "true or false")) if key in self.data else default

    def duration(self, key: str, default: float, *, zero_ok: bool = False) -> float:
        if key not in self.data:
            return default
        value = self.raw(key, (str, int, float), "a duration")
        return parse_duration(value, self.name(key), zero_ok=zero_ok)

    def strings(self, key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        if key not in self.data:
            return default
        value = self.data[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{self.name(key)}: expected a list of strings, got {value!r}")
        return tuple(self.expand(key, v) for v in value)

    def table(self, key: str) -> Table:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{self.name(key)}: expected a table, got {value!r}")
        return Table(value, self.name(key), self.env)

    def tables(self, key: str) -> list[Table]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise ConfigError(f"{self.name(key)}: expected an array of tables ([[{key}]])")
        return [Table(v, f"{self.name(key)}[{i}]", self.env) for i, v in enumerate(value)]

    def expand(self, key: str, text: str) -> str:
        def fill(match: re.Match[str]) -> str:
            var = match.group(1)
            if var not in self.env:
                raise ConfigError(
                    f"{self.name(key)}: the environment variable {var} is not set",
                    hint=f"export {var}=... before starting episignal",
                )
            return self.env[var]

        return _ENV.sub(fill, text)

    def unknown(self, allowed: set[str]) -> None:
        extra = sorted(set(self.data) - allowed)
        if extra:
            raise ConfigError(
                f"{self.path or 'episignal.toml'}: unknown setting(s) {', '.join(extra)}",
                hint=f"known: {', '.join(sorted(allowed))}",
            )


# --------------------------------------------------------------------------- loading


def load_config(path: Path, env: Mapping[str, str] | None = None) -> WatchConfig:
    """Read and check ``path``; relative paths in it are taken from its folder."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    return parse_config(data, base=path.parent, env=os.environ if env is None else env)


def parse_config(
    data: Mapping[str, Any], *, base: Path, env: Mapping[str, str] | None = None
) -> WatchConfig:
    root = Table(data, "", os.environ if env is None else env)
    root.unknown({"database", "watch", "fetch", "alerts", "sources", "rules", "channels"})
    database = root.table("database")
    database.unknown({"path"})
    db_path = database.text("path")
    channels = _channels(root.table("channels"), base)
    rules = tuple(_rule(t, channels) for t in root.tables("rules"))
    return WatchConfig(
        database=_resolve(base, db_path) if db_path else None,
        sources=tuple(_source(t, base) for t in root.tables("sources")),
        rules=rules,
        channels=channels,
        watch=_settings(root.table("watch"), WatchSettings()),
        fetch=_settings(root.table("fetch"), FetchSettings()),
        alerts=_settings(root.table("alerts"), AlertSettings()),
    )


def _resolve(base: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


_S = TypeVar("_S", WatchSettings, FetchSettings, AlertSettings)


def _settings(table: Table, defaults: _S) -> _S:
    """A settings dataclass from a table whose keys are its fields (``*_s`` read as durations,
    written without the suffix: ``timeout = "20s"`` sets ``timeout_s``)."""
    names = {f.name for f in fields(defaults)}
    keys = {n.removesuffix("_s") for n in names}
    table.unknown(keys)
    changes: dict[str, Any] = {}
    for name in names:
        key = name.removesuffix("_s")
        if not table.has(key):
            continue
        current = getattr(defaults, name)
        if name.endswith("_s"):
            changes[name] = table.duration(key, current, zero_ok=True)
        elif isinstance(current, bool):
            changes[name] = table.flag(key, current)
        elif isinstance(current, int):
            changes[name] = table.integer(key, current, minimum=1)
        else:
            changes[name] = table.text(key, current)
    return replace(defaults, **changes)


def _source(table: Table, base: Path) -> SourceSpec:
    table.unknown({"url", "name", "kind", "every", "language", "allow_private", "follow_links"})
    url = table.required_text("url")
    kind = table.text("kind") or guess_kind(url)
    if kind not in SOURCE_KINDS:
        raise ConfigError(
            f"{table.name('kind')}: unknown kind {kind!r}", hint=f"one of {', '.join(SOURCE_KINDS)}"
        )
    if kind in ("folder", "warc-dir"):
        url = str(_resolve(base, url))
    return SourceSpec(
        url=url,
        name=table.text("name") or default_name(url),
        kind=kind,
        every_s=table.duration("every", DEFAULT_EVERY_S),
        language=table.text("language"),
        allow_private=table.flag("allow_private", False),
        follow_links=table.flag("follow_links", True),
    )


def _rule(table: Table, channels: Mapping[str, Channel]) -> Rule:
    table.unknown(
        {"name", "channels", "on", "diseases", "countries", "regions", "min_score", "flags"}
        | {"growth", "new_deaths"}
    )
    name = table.required_text("name")
    targets = table.strings("channels")
    if not targets:
        raise ConfigError(f"{table.name('channels')}: a rule needs at least one channel")
    for target in targets:
        if target not in channels:
            known = ", ".join(sorted(channels)) or "none defined"
            raise ConfigError(
                f"{table.name('channels')}: no channel named {target!r}", hint=f"known: {known}"
            )
    on = table.strings("on", DEFAULT_RULE_KINDS)
    for kind in on:
        if kind not in DELTA_KINDS:
            raise ConfigError(
                f"{table.name('on')}: unknown delta {kind!r}",
                hint=f"one of {', '.join(DELTA_KINDS)}",
            )
    return Rule(
        name=name,
        channels=targets,
        on=on,
        diseases=table.strings("diseases"),
        countries=tuple(c.upper() for c in table.strings("countries")),
        regions=table.strings("regions"),
        min_score=table.number("min_score", None),
        flags=table.strings("flags"),
        growth=_growth(table),
        new_deaths=table.flag("new_deaths", False),
    )


def _growth(table: Table) -> Growth | None:
    if not table.has("growth"):
        return None
    growth = table.table("growth")
    growth.unknown({"factor", "days"})
    factor = growth.number("factor", None)
    if factor is None or factor <= 1.0:
        raise ConfigError(f"{growth.name('factor')}: a growth factor above 1 is required")
    return Growth(factor=factor, days=growth.integer("days", 7, minimum=1))


# --------------------------------------------------------------------------- channels


def _channels(table: Table, base: Path) -> dict[str, Channel]:
    out: dict[str, Channel] = {}
    for name in table.data:
        sub = table.table(name)
        kind = sub.required_text("type")
        if kind == "webhook":
            out[name] = _webhook(name, sub)
        elif kind == "email":
            out[name] = _email(name, sub, base)
        elif kind == "digest":
            out[name] = _digest(name, sub, base)
        else:
            raise ConfigError(
                f"{sub.name('type')}: unknown channel type {kind!r}",
                hint="one of webhook, email, digest",
            )
    for channel in out.values():
        if isinstance(channel, DigestChannel) and channel.email is not None:
            target = out.get(channel.email)
            if not isinstance(target, EmailChannel):
                raise ConfigError(
                    f"channels.{channel.name}.email: {channel.email!r} is not an e-mail channel"
                )
    return out


def _webhook(name: str, table: Table) -> WebhookChannel:
    table.unknown({"type", "url", "format", "headers", "allow_private", "timeout", "per_hour"})
    fmt = table.text("format", "json") or "json"
    if fmt not in WEBHOOK_FORMATS:
        raise ConfigError(
            f"{table.name('format')}: unknown format {fmt!r}", hint=", ".join(WEBHOOK_FORMATS)
        )
    headers = table.table("headers")
    return WebhookChannel(
        name=name,
        url=table.required_text("url"),
        format=fmt,
        headers=tuple((key, headers.required_text(key)) for key in headers.data),
        allow_private=table.flag("allow_private", False),
        timeout_s=table.duration("timeout", 10.0),
        per_hour=table.integer("per_hour", 60, minimum=1),
    )


def _email(name: str, table: Table, base: Path) -> EmailChannel:
    table.unknown(
        {"type", "host", "port", "starttls", "ssl", "username", "password", "from", "to"}
        | {"ca_file", "timeout", "per_hour"}
    )
    to = table.strings("to")
    if not to:
        raise ConfigError(f"{table.name('to')}: at least one recipient is required")
    ssl = table.flag("ssl", False)
    return EmailChannel(
        name=name,
        host=table.required_text("host"),
        sender=table.required_text("from"),
        to=to,
        port=table.integer("port", 465 if ssl else 587, minimum=1),
        starttls=table.flag("starttls", not ssl),
        ssl=ssl,
        username=table.text("username"),
        password=table.text("password"),
        ca_file=_resolve(base, ca) if (ca := table.text("ca_file")) else None,
        timeout_s=table.duration("timeout", 20.0),
        per_hour=table.integer("per_hour", 30, minimum=1),
    )


def _digest(name: str, table: Table, base: Path) -> DigestChannel:
    table.unknown({"type", "at", "file", "email"})
    at = table.text("at", "07:00") or "07:00"
    try:
        when = time.fromisoformat(at)
    except ValueError as exc:
        raise ConfigError(f"{table.name('at')}: expected HH:MM (UTC), got {at!r}") from exc
    file = table.text("file")
    email = table.text("email")
    if file is None and email is None:
        raise ConfigError(f"channels.{name}: a digest needs a file, an email channel, or both")
    return DigestChannel(
        name=name, at=when, file=_resolve(base, file) if file else None, email=email
    )
