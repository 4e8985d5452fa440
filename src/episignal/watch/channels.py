"""Where alerts go: a webhook (JSON, Slack or Teams), e-mail over SMTP, a daily digest.

A sender raises :class:`AlertFailure` with a reason; the alert is stored as failed and
retried with back-off by :mod:`episignal.watch.alerts`. Every message carries the alert's
stable key (``Idempotency-Key`` header, e-mail ``Message-ID``) so that a receiver can drop
the rare copy sent again after a crash between sending and recording.
"""

from __future__ import annotations

import html
import json
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any, Protocol

from episignal.errors import AlertError
from episignal.watch.fetch import FetchFailure, SafeFetcher
from episignal.watch.settings import EmailChannel, WebhookChannel


class AlertFailure(AlertError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True, slots=True)
class AlertMessage:
    """One stored alert, ready to send: ``payload`` is the JSON body of the json format."""

    alert_id: int
    key: str
    title: str
    payload: Mapping[str, Any]

    @property
    def text(self) -> str:
        return str(self.payload.get("text") or self.title)

    @property
    def links(self) -> list[tuple[str, str]]:
        """(label, url) of the documents behind the change."""
        out = []
        for doc in self.payload.get("documents") or []:
            if doc.get("url"):
                out.append((str(doc.get("title") or doc["url"]), str(doc["url"])))
        return out


class Sender(Protocol):
    def send(self, message: AlertMessage) -> None: ...


# --------------------------------------------------------------------------- webhook


class WebhookSender:
    def __init__(self, channel: WebhookChannel, fetcher: SafeFetcher) -> None:
        self.channel = channel
        self.fetcher = fetcher

    def send(self, message: AlertMessage) -> None:
        body = json.dumps(webhook_body(self.channel.format, message), ensure_ascii=False)
        headers = {"Idempotency-Key": message.key, **dict(self.channel.headers)}
        try:
            self.fetcher.post_json(
                self.channel.url,
                body.encode("utf-8"),
                headers=headers,
                allow_private=self.channel.allow_private,
                timeout_s=self.channel.timeout_s,
            )
        except FetchFailure as exc:
            raise AlertFailure(f"webhook {self.channel.name}: {exc.reason}") from None


def webhook_body(fmt: str, message: AlertMessage) -> dict[str, Any]:
    if fmt == "slack":
        return slack_body(message)
    if fmt == "teams":
        return teams_body(message)
    return dict(message.payload)


def slack_body(message: AlertMessage) -> dict[str, Any]:
    """Slack incoming-webhook payload: ``text`` (the notification) and Block Kit blocks."""
    links = " · ".join(f"<{url}|{_slack_escape(label)}>" for label, url in message.links[:5])
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": f"*{_slack_escape(message.title)}*\n{_slack_escape(message.text)}",
            },
        }
    ]
    if links:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": links}]})
    return {"text": message.title, "blocks": blocks}


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def teams_body(message: AlertMessage) -> dict[str, Any]:
    """Microsoft Teams (Workflows webhook) payload: a message with one Adaptive Card."""
    event = message.payload.get("event") or {}
    facts = [
        {"title": "Event", "value": str(event.get("id", ""))},
        {"title": "Score", "value": f"{float(event.get('score') or 0):.0f}"},
    ]
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {"type": "TextBlock", "text": message.title, "weight": "Bolder", "wrap": True},
            {"type": "TextBlock", "text": message.text, "wrap": True},
            {"type": "FactSet", "facts": facts},
        ],
        "actions": [
            {"type": "Action.OpenUrl", "title": label[:60], "url": url}
            for label, url in message.links[:3]
        ],
    }
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }


# --------------------------------------------------------------------------- e-mail


class EmailSender:
    def __init__(self, channel: EmailChannel) -> None:
        self.channel = channel

    def send(self, message: AlertMessage) -> None:
        self.deliver(
            f"[episignal] {message.title}",
            message.text + _text_links(message.links),
            alert_html([message]),
            message_id=f"<episignal-alert-{message.key}@{_domain(self.channel.sender)}>",
        )

    def deliver(self, subject: str, text: str, html_body: str, *, message_id: str) -> None:
        """Send one multipart (text + HTML) e-mail; any SMTP or network failure is an
        :class:`AlertFailure` with the server's reason."""
        c = self.channel
        mail = EmailMessage()
        mail["Subject"] = subject
        mail["From"] = c.sender
        mail["To"] = ", ".join(c.to)
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = message_id
        mail.set_content(text)
        mail.add_alternative(html_body, subtype="html")
        try:
            with self._connect() as smtp:
                if c.username is not None:
                    smtp.login(c.username, c.password or "")
                smtp.send_message(mail)
        except smtplib.SMTPException as exc:
            raise AlertFailure(f"e-mail {c.name}: {_smtp_reason(exc)}") from None
        except (OSError, ssl.SSLError) as exc:
            raise AlertFailure(f"e-mail {c.name}: cannot reach {c.host}:{c.port}: {exc}") from None

    def _connect(self) -> smtplib.SMTP:
        c = self.channel
        context = ssl.create_default_context(cafile=str(c.ca_file) if c.ca_file else None)
        if c.ssl:
            return smtplib.SMTP_SSL(c.host, c.port, timeout=c.timeout_s, context=context)
        smtp = smtplib.SMTP(c.host, c.port, timeout=c.timeout_s)
        try:
            smtp.ehlo()
            if c.starttls:
                smtp.starttls(context=context)
                smtp.ehlo()
        except BaseException:
            smtp.close()
            raise
        return smtp


def _smtp_reason(exc: smtplib.SMTPException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        detail = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else exc.smtp_error
        )
        return f"SMTP {exc.smtp_code} {detail}".strip()
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return f"recipients refused: {', '.join(exc.recipients)}"
    return f"{type(exc).__name__}: {exc}"


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip("> ") or "episignal.invalid"


def _text_links(links: Sequence[tuple[str, str]]) -> str:
    return "".join(f"\n- {label}: {url}" for label, url in links)


# --------------------------------------------------------------------------- HTML


def alert_html(messages: Sequence[AlertMessage], heading: str | None = None) -> str:
    """A small self-contained HTML page (e-mail body or digest file); all text escaped."""
    items = "\n".join(_alert_item(m) for m in messages)
    title = html.escape(heading or (messages[0].title if messages else "episignal"))
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f'<title>{title}</title></head>\n<body style="font-family: sans-serif">\n'
        f'<h1 style="font-size: 1.2em">{title}</h1>\n<ul>\n{items}\n</ul>\n'
        '<p style="color: #666">Sent by episignal watch.</p>\n</body></html>\n'
    )


def _alert_item(message: AlertMessage) -> str:
    links = "".join(
        f'<li><a href="{html.escape(url, quote=True)}">{html.escape(label)}</a></li>'
        for label, url in message.links
        if url.lower().startswith(("http://", "https://"))
    )
    docs = f"<ul>{links}</ul>" if links else ""
    return (
        f"<li><strong>{html.escape(message.title)}</strong><br>"
        f"{html.escape(message.text)}{docs}</li>"
    )
