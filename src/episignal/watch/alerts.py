"""Alerts: event deltas matched against rules, stored, sent, retried, gathered in digests.

The table is an outbox. :meth:`Alerter.enqueue` stores one alert per (channel, event,
delta) in the same transaction that acknowledges the deltas, so none is lost or doubled by
a crash; :meth:`Alerter.deliver_due` sends what is due, each result (sent, or failed with
its reason and the time of the next try) in its own small transaction. A channel's rate
limit holds alerts back without losing them. Digest channels gather their alerts and send
them once a day, as an HTML file and/or an HTML e-mail.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from episignal.store import Store
from episignal.store.watch_alerts import (
    AlertDraft,
    AlertRow,
    DigestRow,
    defer_alert,
    digest_alerts,
    due_alerts,
    find_digest,
    insert_alert,
    mark_failed,
    mark_sent,
    record_digest,
    sent_since,
)
from episignal.watch.channels import (
    AlertFailure,
    AlertMessage,
    EmailSender,
    Sender,
    WebhookSender,
    alert_html,
)
from episignal.watch.clock import Clock, system_clock
from episignal.watch.fetch import SafeFetcher
from episignal.watch.rules import matching_rules
from episignal.watch.seams import EventDelta
from episignal.watch.settings import (
    AlertSettings,
    Channel,
    DigestChannel,
    EmailChannel,
    Rule,
    WebhookChannel,
)

log = logging.getLogger(__name__)

RATE_WINDOW_S = 3600.0


@dataclass(frozen=True, slots=True)
class Attempt:
    """One try at sending an alert: ``error`` is None when it went out."""

    row: AlertRow
    at: float
    error: str | None = None


def alert_payload(delta: EventDelta, rules: Sequence[Rule]) -> dict[str, Any]:
    """The alert's JSON body (the webhook's ``json`` format): what changed, the event, the
    documents behind the change, and the rules that matched."""
    e = delta.event
    return {
        "kind": delta.kind,
        "title": delta.describe(),
        "text": e.reason,
        "event": {
            "id": e.id,
            "disease": e.disease,
            "icd10": e.icd10,
            "country": e.country,
            "areas": list(e.areas),
            "first_seen": e.first_seen,
            "last_seen": e.last_seen,
            "score": e.score,
            "latest": dict(e.latest),
            "flags": list(e.flags),
        },
        "change": {
            "admin1": delta.admin1,
            "measure": delta.measure,
            "value": delta.value,
            "previous": delta.previous,
            "flag": delta.flag,
            "message": delta.message,
        },
        "documents": [
            {"id": d.id, "url": d.url, "title": d.title, "published": d.published}
            for d in delta.documents
        ],
        "rules": [r.name for r in rules],
    }


def alert_key(row: AlertRow) -> str:
    raw = f"{row.channel}|{row.event_id}|{row.delta_key}"
    return hashlib.blake2b(raw.encode("utf-8"), digest_size=10).hexdigest()


def message_of(row: AlertRow) -> AlertMessage:
    payload = json.loads(row.payload)
    payload["id"] = alert_key(row)
    return AlertMessage(row.id, alert_key(row), row.title, payload)


class Alerter:
    def __init__(
        self,
        store: Store,
        *,
        rules: Sequence[Rule],
        channels: dict[str, Channel],
        settings: AlertSettings,
        fetcher: SafeFetcher,
        clock: Clock | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.store = store
        self.rules = tuple(rules)
        self.channels = channels
        self.settings = settings
        self.fetcher = fetcher
        self.clock = clock or system_clock()
        self.stop = stop or threading.Event()

    # ----------------------------------------------------------------------- enqueue

    def enqueue(self, deltas: Sequence[EventDelta]) -> int:
        """Store the alerts ``deltas`` call for; call inside a transaction. Returns how many
        were new (a delta already alerted on a channel is not stored twice)."""
        now = self.clock()
        stored = 0
        for delta in deltas:
            matched = matching_rules(self.rules, delta)
            for channel in dict.fromkeys(c for r in matched for c in r.channels):
                rules = [r for r in matched if channel in r.channels]
                stored += insert_alert(self.store.conn, self._draft(channel, delta, rules), now)
        return stored

    def _draft(self, channel: str, delta: EventDelta, rules: Sequence[Rule]) -> AlertDraft:
        payload = alert_payload(delta, rules)
        digest = isinstance(self.channels.get(channel), DigestChannel)
        return AlertDraft(
            channel=channel,
            rules=",".join(r.name for r in rules),
            event_id=delta.event.id,
            delta_kind=delta.kind,
            delta_key=delta.key,
            title=str(payload["title"]),
            payload=json.dumps(payload, ensure_ascii=False, default=str),
            status="digest" if digest else "pending",
        )

    # ----------------------------------------------------------------------- delivery

    def deliver_due(self, limit: int = 100) -> tuple[int, int]:
        """Send the alerts that are due, one after the other; returns (sent, failed)."""
        sent = failed = 0
        for row in self.due(limit):
            if self.stop.is_set():
                break
            outcome = self.record(self.attempt(row))
            sent += outcome == "sent"
            failed += outcome == "failed"
        return sent, failed

    def due(self, limit: int = 100, busy: Collection[int] = ()) -> list[AlertRow]:
        """Alerts to send now (not those in ``busy``, on their way already), after holding
        back those their channel's rate limit does not allow yet. Main thread only."""
        now = self.clock()
        out: list[AlertRow] = []
        in_flight: Counter[str] = Counter()
        for row in due_alerts(self.store.conn, now, limit + len(busy)):
            if row.id in busy:
                in_flight[row.channel] += 1
                continue
            channel = self.channels.get(row.channel)
            if isinstance(channel, WebhookChannel | EmailChannel):
                held = self._rate_limited(channel, now, in_flight[row.channel])
                if held is not None:
                    with self.store.transaction() as conn:
                        defer_alert(conn, row.id, held, f"rate limit: {channel.per_hour} per hour")
                    continue
            in_flight[row.channel] += 1
            out.append(row)
        return out[:limit]

    def attempt(self, row: AlertRow) -> Attempt:
        """Send one alert; no database access, so it may run in any thread."""
        channel = self.channels.get(row.channel)
        if not isinstance(channel, WebhookChannel | EmailChannel):
            return Attempt(row, self.clock(), f"no channel named {row.channel!r} to send on")
        try:
            self._sender(channel).send(message_of(row))
        except AlertFailure as exc:
            return Attempt(row, self.clock(), exc.reason)
        except Exception as exc:  # a sender's bug must cost one attempt, not the watcher
            log.exception("sending alert %d failed", row.id)
            return Attempt(row, self.clock(), f"internal error: {type(exc).__name__}: {exc}")
        return Attempt(row, self.clock())

    def record(self, attempt: Attempt) -> str:
        """Store an attempt's outcome (main thread): ``sent`` or ``failed``."""
        row = attempt.row
        if attempt.error is not None:
            self._fail(row, attempt.at, attempt.error)
            return "failed"
        with self.store.transaction() as conn:
            mark_sent(conn, row.id, attempt.at)
        log.info("alert %d sent on %s: %s", row.id, row.channel, row.title)
        return "sent"

    def _fail(self, row: AlertRow, now: float, reason: str) -> None:
        attempts = row.attempts + 1
        retry_at: float | None = None
        if attempts < self.settings.max_attempts:
            retry_at = now + min(
                self.settings.retry_base_s * 2.0 ** (attempts - 1), self.settings.retry_max_s
            )
        with self.store.transaction() as conn:
            mark_failed(conn, row.id, now, reason, retry_at)
        when = "gave up" if retry_at is None else f"retry in {retry_at - now:.0f} s"
        log.warning(
            "alert %d on %s failed (%s): %s",
            row.id,
            row.channel,
            when,
            reason,
            extra={"alert": row.id, "channel": row.channel, "attempts": attempts},
        )

    def _rate_limited(
        self, channel: WebhookChannel | EmailChannel, now: float, in_flight: int = 0
    ) -> float | None:
        """When the channel may send again (counting ``in_flight`` sends as sent now), or
        None when it may send now."""
        recent = sent_since(self.store.conn, channel.name, now - RATE_WINDOW_S)
        recent += [now] * in_flight
        if len(recent) < channel.per_hour:
            return None
        return recent[len(recent) - channel.per_hour] + RATE_WINDOW_S

    def _sender(self, channel: WebhookChannel | EmailChannel) -> Sender:
        if isinstance(channel, WebhookChannel):
            return WebhookSender(channel, self.fetcher)
        return EmailSender(channel)

    # ----------------------------------------------------------------------- digests

    def run_digests(self, *, force: bool = False) -> list[DigestRow]:
        """Write or send each digest channel's digest when its time of day has come (or at
        once with ``force``) and it was not sent today; failures are retried with back-off."""
        done = []
        for channel in self.channels.values():
            if isinstance(channel, DigestChannel) and (force or self._digest_due(channel)):
                done.append(self.send_digest(channel))
        return done

    def _digest_due(self, channel: DigestChannel) -> bool:
        now = datetime.fromtimestamp(self.clock(), UTC)
        if now.time() < channel.at:
            return False
        previous = find_digest(self.store.conn, channel.name, now.date().isoformat())
        if previous is None:
            return True
        if previous.status == "sent":
            return False
        wait = min(self.settings.retry_base_s * 2.0 ** (previous.attempts - 1), 3600.0)
        return self.clock() >= (previous.sent_at or 0.0) + wait

    def send_digest(self, channel: DigestChannel) -> DigestRow:
        now = self.clock()
        day = datetime.fromtimestamp(now, UTC).date().isoformat()
        rows = digest_alerts(self.store.conn, channel.name)
        messages = [message_of(r) for r in rows]
        heading = f"episignal digest {day}: {len(messages)} alert{'s' * (len(messages) != 1)}"
        page = alert_html(messages, heading)
        path: str | None = None
        try:
            if channel.file is not None:
                path = str(write_digest_file(channel.file, day, page))
            if channel.email is not None:
                self._email_digest(channel.email, heading, messages, page, day)
        except (OSError, AlertFailure) as exc:
            reason = exc.reason if isinstance(exc, AlertFailure) else f"cannot write: {exc}"
            digest = DigestRow(channel.name, day, "failed", len(rows), path, 0, now, reason)
            log.warning("digest %s for %s failed: %s", channel.name, day, reason)
        else:
            digest = DigestRow(channel.name, day, "sent", len(rows), path, 0, now, None)
            log.info("digest %s for %s: %d alerts", channel.name, day, len(rows))
        with self.store.transaction() as conn:
            record_digest(conn, digest, [r.id for r in rows])
        return digest

    def _email_digest(
        self, name: str, heading: str, messages: Sequence[AlertMessage], page: str, day: str
    ) -> None:
        channel = self.channels.get(name)
        if not isinstance(channel, EmailChannel):
            raise AlertFailure(f"digest: no e-mail channel named {name!r}")
        text = "\n".join(f"- {m.title}: {m.text}" for m in messages) or "No alerts today."
        EmailSender(channel).deliver(
            f"[episignal] {heading}",
            text,
            page,
            message_id=f"<episignal-digest-{day}-{name}@episignal.invalid>",
        )


def write_digest_file(template: Path, day: str, page: str) -> Path:
    """Write the digest atomically (a reader never sees half a file); ``{date}`` in the
    file name becomes the day."""
    path = Path(str(template).replace("{date}", day))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, path)
    return path


def next_digest_at(channels: dict[str, Channel], now: float) -> float | None:
    """The next time of day a digest channel is due (today's if still ahead, else tomorrow's)."""
    current = datetime.fromtimestamp(now, UTC)
    times = []
    for channel in channels.values():
        if isinstance(channel, DigestChannel):
            at = datetime.combine(current.date(), channel.at, UTC)
            times.append((at if at > current else at + timedelta(days=1)).timestamp())
    return min(times) if times else None
