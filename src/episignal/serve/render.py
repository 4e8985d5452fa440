"""Templates and what they show: the Jinja2 environment (autoescaped, the workbench's
templates over the page bodies shared with the static report) and the workbench's links.

Event and document pages render ``report/templates/event_body.html`` and
``document_body.html`` from the same view data as the static report
(:mod:`episignal.report.templating`); only the links differ.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from math import ceil
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from episignal.models import Event, Page, Signal
from episignal.report.html import country_names
from episignal.report.markup import esc, fmt_number
from episignal.report.templating import (
    DocumentBody,
    EventView,
    claim_highlights,
    document_body,
    event_links,
    event_view,
)
from episignal.report.templating import environment as shared_environment
from episignal.serve.workbench import DocumentPage, Workbench

SERVE_TEMPLATES = Path(__file__).parent / "templates"


class WebLinks:
    """URLs of the workbench's pages (the static report uses file names: FileLinks)."""

    def event(self, event_id: str) -> str:
        return "/events/" + quote(event_id, safe="")

    def document(self, document_id: str) -> str:
        return "/documents/" + quote(document_id, safe="")


LINKS = WebLinks()


def environment() -> Environment:
    """The workbench's templates over the ones shared with the static report."""
    env = shared_environment(FileSystemLoader(SERVE_TEMPLATES))
    env.globals["links"] = LINKS
    env.globals["names"] = names()
    return env


@cache
def names() -> dict[str, str]:
    """ISO alpha-2 -> country name (read once per process)."""
    return country_names()


def country_name(code: str) -> str:
    return names().get(code.upper(), code or "?")


def page_event_view(event: Event) -> EventView:
    return event_view(event, country_name(event.country), LINKS)


def event_page_parts(
    env: Environment, workbench: Workbench, event_id: str, corrections: bool
) -> tuple[str, Markup] | None:
    """The title and shared body of a live event's page (with correction buttons for
    analysts), built once per stamp of the event; None when it is not live."""
    stamp = workbench.events.stamp(event_id)
    if stamp is None:
        return None

    def build() -> tuple[str, Markup]:
        event = workbench.event(event_id)
        if event is None:
            return "", Markup("")
        view = page_event_view(event)
        html = env.get_template("event_body.html").render(
            view=view, links=LINKS, corrections=corrections
        )
        return f"{event.disease.name} — {view.place}", Markup(html)

    title, body = workbench.caches.pages.get((event_id, stamp, corrections), build)
    return (title, body) if title else None


def page_document_body(found: DocumentPage) -> DocumentBody:
    cited = claim_highlights(found.events, found.view.id)
    return document_body(found.view, cited, event_links(found.events))


def page_numbers(page: Page[Any]) -> tuple[int, int]:
    """(this page's number, how many pages) of a query result."""
    size = page.limit or max(1, len(page.items))
    return page.offset // size + 1, max(1, ceil(page.total / size))


def board_rows(signals: Sequence[Signal], markers: Mapping[str, str | None]) -> Markup:
    """The board's table rows, formatted here rather than in the template: a row has about
    twenty values, and Jinja's per-value escaping and attribute lookups took most of a board
    page's time (the figures table of event pages is built the same way)."""
    return Markup("\n".join(board_row(s, markers.get(s.event)) for s in signals))


def board_row(s: Signal, marker: str | None) -> str:
    status = esc(s.triage.status)
    badge = f'<span class="badge marker-{esc(marker)}">{esc(marker)}</span>' if marker else ""
    icd10 = f" <small>{esc(s.disease.icd10)}</small>" if s.disease.icd10 else ""
    areas = f" <small>(+{esc(', '.join(s.areas))})</small>" if s.areas else ""
    flag_kind = esc(s.severity or "warning")
    flags = "".join(
        f'<span class="badge badge-{flag_kind}">{esc(f.replace("_", " "))}</span>' for f in s.flags
    )
    tags = "".join(f' <span class="badge tag">{esc(t)}</span>' for t in s.triage.tags)
    cells = (
        f'<td class="num">{s.rank}</td>',
        f"<td>{badge}</td>",
        f'<td><span class="score">{esc(fmt_number(round(s.score, 1)))}</span></td>',
        f'<td><a href="{esc(LINKS.event(s.event))}" class="event-link">'
        f"{esc(s.disease.name)}</a>{icd10}</td>",
        f"<td>{esc(names().get(s.country, s.country))}{areas}</td>",
        f'<td class="reason">{esc(s.reason)}</td>',
        f'<td class="num">{esc(fmt_number(s.latest.cases))}</td>',
        f'<td class="num">{esc(fmt_number(s.latest.deaths))}</td>',
        f"<td>{flags}</td>",
        f'<td class="num">{s.documents}</td>',
        f"<td>{s.first_seen} – {s.last_seen}</td>",
        f'<td><span class="badge status status-{status}">{status}</span>{tags}</td>',
        f"<td>{esc(s.triage.assignee or '')}</td>",
    )
    return f'<tr class="status-{status}">\n  ' + "\n  ".join(cells) + "\n</tr>"
