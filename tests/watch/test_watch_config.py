"""episignal.toml: every setting read, checked, and named in errors; secrets from the env."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path

import pytest

from episignal.errors import ConfigError
from episignal.watch.config import load_config, parse_config
from episignal.watch.settings import (
    DigestChannel,
    EmailChannel,
    Growth,
    WebhookChannel,
    format_duration,
    parse_duration,
)

FULL = """
[database]
path = "data/outbreaks.db"

[watch]
parallel_sources = 4
workers = 2
events_every = "5s"
settle = "0"

[fetch]
connect_timeout = "9s"
read_timeout = "15s"
max_bytes = 2000000
robots = false

[alerts]
retry_base = "30s"
max_attempts = 5

[[sources]]
url = "https://news.example/feed.xml"
every = "15m"
language = "fr"

[[sources]]
url = "incoming"
kind = "folder"
every = "1m"

[[rules]]
name = "ebola anywhere"
diseases = ["Ebola virus disease", "A98"]
on = ["new_event", "new_figure"]
channels = ["ops", "mail", "daily"]

[[rules]]
name = "surges in West Africa"
countries = ["ng", "GH"]
regions = ["Kano"]
min_score = 40
flags = ["implausible_cfr"]
growth = { factor = 2, days = 7 }
new_deaths = true
channels = ["ops"]

[channels.ops]
type = "webhook"
url = "${HOOK_URL}"
format = "slack"
headers = { Authorization = "Bearer ${HOOK_TOKEN}" }

[channels.mail]
type = "email"
host = "smtp.example.org"
from = "episignal@example.org"
to = ["a@example.org", "b@example.org"]
username = "alerts"
password = "${SMTP_PASSWORD}"

[channels.daily]
type = "digest"
at = "06:30"
file = "digests/{date}.html"
email = "mail"
"""
ENV = {"HOOK_URL": "https://hooks.example/T1", "HOOK_TOKEN": "tok", "SMTP_PASSWORD": "pw"}


def test_a_full_configuration_is_read(tmp_path: Path) -> None:
    path = tmp_path / "episignal.toml"
    path.write_text(FULL)
    cfg = load_config(path, env=ENV)
    assert cfg.database == tmp_path / "data" / "outbreaks.db"
    assert cfg.watch.parallel_sources == 4 and cfg.watch.settle_s == 0.0
    assert cfg.watch.events_every_s == 5.0 and cfg.watch.workers == 2
    assert cfg.fetch.connect_timeout_s == 9.0 and cfg.fetch.read_timeout_s == 15.0
    assert cfg.fetch.robots is False and cfg.fetch.max_bytes == 2_000_000
    assert cfg.alerts.retry_base_s == 30.0 and cfg.alerts.max_attempts == 5
    feed, folder = cfg.sources
    assert (feed.kind, feed.every_s, feed.language, feed.name) == (
        "feed",
        900.0,
        "fr",
        "news.example",
    )
    assert folder.kind == "folder" and folder.url == str(tmp_path / "incoming")
    ebola, west = cfg.rules
    assert ebola.channels == ("ops", "mail", "daily")
    assert west.countries == ("NG", "GH") and west.growth == Growth(2.0, 7)
    assert (
        west.min_score == 40
        and west.new_deaths
        and west.on == ("new_event", "new_figure", "flag_raised")
    )
    ops, mail, daily = cfg.channels["ops"], cfg.channels["mail"], cfg.channels["daily"]
    assert isinstance(ops, WebhookChannel) and ops.url == "https://hooks.example/T1"
    assert ops.headers == (("Authorization", "Bearer tok"),)
    assert isinstance(mail, EmailChannel) and mail.password == "pw" and mail.port == 587
    assert mail.starttls and not mail.ssl
    assert isinstance(daily, DigestChannel) and daily.at == time(6, 30)
    assert daily.file == tmp_path / "digests" / "{date}.html"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("HOOK_URL", None), "channels.ops.url: the environment variable HOOK_URL is not set"),
        (
            ("parallel_sources = 4", 'parallel_sources = "four"'),
            "watch.parallel_sources: expected an integer",
        ),
        (
            ('events_every = "5s"', 'events_every = "soon"'),
            "watch.events_every: cannot read 'soon'",
        ),
        (
            ('format = "slack"', 'format = "discord"'),
            "channels.ops.format: unknown format 'discord'",
        ),
        (
            ('channels = ["ops"]', 'channels = ["pager"]'),
            "rules[1].channels: no channel named 'pager'",
        ),
        (
            ('on = ["new_event", "new_figure"]', 'on = ["new_thing"]'),
            "rules[0].on: unknown delta 'new_thing'",
        ),
        (('kind = "folder"', 'kind = "ftp"'), "sources[1].kind: unknown kind 'ftp'"),
        (('at = "06:30"', 'at = "half past six"'), "channels.daily.at: expected HH:MM"),
        (("[fetch]", "[fetch]\ncolour = 1"), "fetch: unknown setting(s) colour"),
        (
            ('email = "mail"', 'email = "ops"'),
            "channels.daily.email: 'ops' is not an e-mail channel",
        ),
        (("factor = 2", "factor = 1"), "rules[1].growth.factor: a growth factor above 1"),
    ],
)
def test_errors_name_the_setting(
    tmp_path: Path, change: tuple[str, str | None], message: str
) -> None:
    env = dict(ENV)
    old, new = change
    text = FULL
    if new is None:
        env.pop(old)
    else:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "episignal.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(path, env=env)


def test_a_file_that_is_not_toml_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "episignal.toml"
    path.write_text("[watch\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.toml")


def test_an_empty_configuration_gives_the_defaults(tmp_path: Path) -> None:
    cfg = parse_config({}, base=tmp_path, env={})
    assert cfg.sources == () and cfg.rules == () and cfg.channels == {}
    assert cfg.fetch.max_redirects == 5 and cfg.fetch.per_host == 2
    assert "episignal" in cfg.fetch.user_agent


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("30m", 1800.0),
        ("1h30m", 5400.0),
        ("2d", 172800.0),
        ("45", 45.0),
        (90, 90.0),
        ("500ms", 0.5),
    ],
)
def test_durations(text: str | int, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "30 minutes", "-5m", "0", True])
def test_bad_durations(text: object) -> None:
    with pytest.raises(ConfigError):
        parse_duration(text)  # type: ignore[arg-type]


def test_format_duration() -> None:
    assert [format_duration(s) for s in (1800, 5400, 90061, 0.5)] == [
        "30m",
        "1h30m",
        "1d1h1m1s",
        "0.5s",
    ]
