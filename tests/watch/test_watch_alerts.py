"""Alerts end to end: webhook (JSON, Slack, Teams), e-mail over STARTTLS with a password,
the daily digest; retries with back-off, failures shown, rate limits, no duplicates."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from episignal.store import Store
from episignal.store.watch_alerts import list_alerts
from episignal.watch.alerts import Alerter
from episignal.watch.channels import AlertMessage, slack_body, teams_body
from episignal.watch.fetch import SafeFetcher
from episignal.watch.seams import DocRef, EventDelta, EventSummary
from episignal.watch.settings import (
    AlertSettings,
    DigestChannel,
    EmailChannel,
    Rule,
    WebhookChannel,
)
from tests.watch.conftest import FAST_FETCH
from tests.watch.servers import FeedServer
from tests.watch.smtp import PASSWORD, USER, SmtpServer, smtp_server


class Clock:
    def __init__(self, start: float = 1_650_010_000.0) -> None:  # 2022-04-15 08:06 UTC
        self.now = start

    def __call__(self) -> float:
        return self.now


def delta(n: int = 1, kind: str = "new_event", **changes: object) -> EventDelta:
    event = EventSummary(
        id=f"evt-{n}",
        disease="Ebola virus disease",
        icd10="A98.4",
        country="UG",
        admin1=None,
        first_seen="2022-03-01",
        last_seen="2022-03-03",
        score=55.0,
        reason="Ebola virus disease in UG: 12 cases, 5 deaths; high-consequence pathogen",
        latest={"cases": 12, "deaths": 5},
        flags=(),
        cumulative_cases=((date(2022, 3, 1), 4), (date(2022, 3, 3), 12)),
    )
    docs = (DocRef("d1", "https://news.example/d1", "Ebola in <Uganda>", "2022-03-03"),)
    made = EventDelta(kind, event, f"{kind}:{n}", documents=docs)  # type: ignore[arg-type]
    return dataclasses.replace(made, **changes)  # type: ignore[arg-type]


@pytest.fixture
def smtp(tmp_path: Path) -> Iterator[SmtpServer]:
    with smtp_server(tmp_path) as server:
        yield server


def mail_channel(smtp: SmtpServer, **changes: object) -> EmailChannel:
    channel = EmailChannel(
        name="mail",
        host=smtp.host,
        port=smtp.port,
        sender="episignal@example.org",
        to=("analyst@example.org",),
        username=USER,
        password=PASSWORD,
        ca_file=smtp.ca_file,
        timeout_s=5.0,
    )
    return dataclasses.replace(channel, **changes)  # type: ignore[arg-type]


def alerter(store: Store, clock: Clock, channels: dict[str, object], **settings: object) -> Alerter:
    rules = (Rule("all", tuple(channels), on=("new_event", "new_figure", "flag_raised")),)
    return Alerter(
        store,
        rules=rules,
        channels=channels,  # type: ignore[arg-type]
        settings=AlertSettings(retry_base_s=60.0, retry_max_s=600.0, **settings),  # type: ignore[arg-type]
        fetcher=SafeFetcher(FAST_FETCH),
        clock=clock,
    )


def enqueue(a: Alerter, deltas: list[EventDelta]) -> int:
    with a.store.transaction():
        return a.enqueue(deltas)


# --------------------------------------------------------------------------- e-mail


def test_an_alert_email_is_received_over_starttls_with_authentication(
    store: Store, smtp: SmtpServer
) -> None:
    a = alerter(store, Clock(), {"mail": mail_channel(smtp)})
    assert enqueue(a, [delta()]) == 1
    assert a.deliver_due() == (1, 0)
    (message,) = smtp.inbox.messages
    assert message["Subject"] == "[episignal] new event: Ebola virus disease in UG"
    assert message["To"] == "analyst@example.org"
    assert message["Message-ID"].startswith("<episignal-alert-")
    parts = {
        p.get_content_type(): p.get_payload(decode=True).decode()
        for p in message.walk()
        if not p.is_multipart()
    }
    assert "12 cases, 5 deaths" in parts["text/plain"]
    assert "https://news.example/d1" in parts["text/plain"]
    assert "Ebola in &lt;Uganda&gt;" in parts["text/html"]  # escaped
    (row,) = list_alerts(store.conn)
    assert row.status == "sent" and row.attempts == 1 and row.reason is None


def test_a_wrong_password_is_stored_as_failed_with_the_servers_reason(
    store: Store, smtp: SmtpServer
) -> None:
    clock = Clock()
    a = alerter(store, clock, {"mail": mail_channel(smtp, password="wrong")})
    enqueue(a, [delta()])
    assert a.deliver_due() == (0, 1)
    (row,) = list_alerts(store.conn)
    assert row.status == "failed" and "535" in (row.reason or "")
    assert row.next_attempt_at == clock.now + 60.0
    assert smtp.inbox.messages == []


def test_an_unreachable_smtp_server_is_a_failure_not_a_crash(store: Store, tmp_path: Path) -> None:
    channel = EmailChannel(
        "mail", "127.0.0.1", "a@example.org", ("b@example.org",), port=9, timeout_s=1.0
    )
    a = alerter(store, Clock(), {"mail": channel})
    enqueue(a, [delta()])
    assert a.deliver_due() == (0, 1)
    (row,) = list_alerts(store.conn)
    assert "cannot reach 127.0.0.1:9" in (row.reason or "")


# --------------------------------------------------------------------------- webhooks


def hook(server: FeedServer, fmt: str = "json", **changes: object) -> WebhookChannel:
    channel = WebhookChannel("hook", server.url("/hook"), format=fmt, allow_private=True)
    return dataclasses.replace(channel, **changes)  # type: ignore[arg-type]


def test_a_failing_webhook_is_retried_with_back_off_then_sent(
    store: Store, server: FeedServer
) -> None:
    server.fail_first = 2
    clock = Clock()
    a = alerter(store, clock, {"hook": hook(server)})
    enqueue(a, [delta()])
    assert a.deliver_due() == (0, 1)
    (row,) = list_alerts(store.conn)
    assert row.status == "failed" and row.reason == "webhook hook: HTTP 500 Internal Server Error"
    assert a.deliver_due() == (0, 0)  # not due yet
    clock.now += 60
    assert a.deliver_due() == (0, 1)
    (row,) = list_alerts(store.conn)
    assert row.attempts == 2 and row.next_attempt_at == clock.now + 120.0  # doubled
    clock.now += 120
    assert a.deliver_due() == (1, 0)
    (row,) = list_alerts(store.conn)
    assert row.status == "sent" and row.attempts == 3
    bodies = server.posts()
    assert len(bodies) == 3 and bodies[-1]["event"]["id"] == "evt-1"
    keys = {r.headers.get("Idempotency-Key") for r in server.requests if r.method == "POST"}
    assert len(keys) == 1  # the same key on every try


def test_an_alert_is_given_up_after_its_last_attempt_and_stays_listed(
    store: Store, server: FeedServer
) -> None:
    server.fail_first = 100
    clock = Clock()
    a = alerter(store, clock, {"hook": hook(server)}, max_attempts=2)
    enqueue(a, [delta()])
    a.deliver_due()
    clock.now += 3600
    a.deliver_due()
    (row,) = list_alerts(store.conn)
    assert row.status == "dead" and row.attempts == 2 and "HTTP 500" in (row.reason or "")


def test_slack_and_teams_payloads(store: Store, server: FeedServer) -> None:
    for n, fmt in enumerate(("slack", "teams")):
        a = alerter(store, Clock(), {"hook": hook(server, fmt)})
        enqueue(a, [delta(n)])
        a.deliver_due()
    slack, teams = server.posts()
    assert slack["text"] == "new event: Ebola virus disease in UG"
    assert slack["blocks"][0]["text"]["type"] == "mrkdwn"
    assert (
        "<https://news.example/d1|Ebola in &lt;Uganda&gt;>"
        in slack["blocks"][1]["elements"][0]["text"]
    )
    card = teams["attachments"][0]
    assert teams["type"] == "message"
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["type"] == "AdaptiveCard"
    assert card["content"]["actions"][0]["url"] == "https://news.example/d1"


def test_payload_builders_escape_what_the_formats_need() -> None:
    message = AlertMessage(1, "k", "a <b> & c", {"text": "x", "documents": []})
    assert slack_body(message)["blocks"][0]["text"]["text"].startswith("*a &lt;b&gt; &amp; c*")
    assert teams_body(message)["attachments"][0]["content"]["actions"] == []


def test_the_same_delta_is_stored_once_and_one_alert_serves_every_matching_rule(
    store: Store, server: FeedServer
) -> None:
    a = alerter(store, Clock(), {"hook": hook(server)})
    a.rules = (*a.rules, Rule("ebola", ("hook",), diseases=("A98",)))
    assert enqueue(a, [delta(), delta()]) == 1
    assert enqueue(a, [delta()]) == 0
    (row,) = list_alerts(store.conn)
    assert row.rules == "all,ebola"


def test_a_channels_rate_limit_holds_alerts_back_without_losing_them(
    store: Store, server: FeedServer
) -> None:
    clock = Clock()
    a = alerter(store, clock, {"hook": hook(server, per_hour=2)})
    enqueue(a, [delta(n) for n in range(3)])
    assert a.deliver_due() == (2, 0)
    held = [r for r in list_alerts(store.conn) if r.status == "pending"]
    assert len(held) == 1 and held[0].reason == "rate limit: 2 per hour"
    clock.now += 3601
    assert a.deliver_due() == (1, 0)
    assert len(server.posts()) == 3


# --------------------------------------------------------------------------- digest


def test_the_daily_digest_is_written_and_mailed_once_a_day(
    store: Store, smtp: SmtpServer, tmp_path: Path
) -> None:
    clock = Clock()
    digest = DigestChannel("daily", file=tmp_path / "digests" / "digest-{date}.html", email="mail")
    channels = {"daily": digest, "mail": mail_channel(smtp)}
    a = alerter(store, clock, {"daily": digest})
    a.channels = channels  # the rule sends to the digest only
    enqueue(a, [delta(1), delta(2, "flag_raised", flag="implausible_cfr")])
    assert a.deliver_due() == (0, 0)  # digest alerts wait for the digest
    (sent,) = a.run_digests()
    day = "2022-04-15"
    assert sent.status == "sent" and sent.day == day and sent.alerts == 2
    page = (tmp_path / "digests" / f"digest-{day}.html").read_text()
    assert "episignal digest 2022-04-15: 2 alerts" in page and "implausible_cfr" in page
    (message,) = smtp.inbox.messages
    assert message["Subject"] == "[episignal] episignal digest 2022-04-15: 2 alerts"
    assert {r.status for r in list_alerts(store.conn)} == {"sent"}
    clock.now += 3600
    assert a.run_digests() == []  # once a day


def test_a_failed_digest_is_retried_and_its_alerts_say_why(store: Store, tmp_path: Path) -> None:
    clock = Clock()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    digest = DigestChannel("daily", file=blocked / "digest-{date}.html")
    a = alerter(store, clock, {"daily": digest})
    enqueue(a, [delta()])
    (failed,) = a.run_digests()
    assert failed.status == "failed" and "cannot write" in (failed.reason or "")
    (row,) = list_alerts(store.conn)
    assert row.status == "digest" and (row.reason or "").startswith("digest failed: cannot write")
    assert a.run_digests() == []  # backed off
    clock.now += 120
    blocked.unlink()
    (again,) = a.run_digests()
    assert again.status == "sent"
    assert json.loads(list_alerts(store.conn)[0].payload)["event"]["id"] == "evt-1"
