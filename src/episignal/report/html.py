"""The self-contained HTML report: index (ranked signals + map), event pages, document pages.

All pages are static files that open from disk without any network access: CSS is
inlined, charts and the map are inline SVG, there is no script. File names come from
``markup.event_file``/``markup.doc_file`` (slug + short hash), since ids may be paths or URLs.

Events are read one at a time and documents are loaded only once every event page is
written, so a report of a large store never holds it in memory.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment

from episignal.data import load_json
from episignal.errors import InputError
from episignal.models.document_view import DocumentView
from episignal.models.event import Event
from episignal.models.signal import CHANGE_MARKERS, Change, Signal
from episignal.report.highlight import Highlight
from episignal.report.markup import (
    badge,
    doc_file,
    esc,
    event_file,
    fmt_number,
    page,
    table,
)
from episignal.report.templating import (
    EventLink,
    FileLinks,
    claim_highlights,
    document_body,
    environment,
    event_view,
)
from episignal.report.worldmap import world_map

log = logging.getLogger(__name__)

DocumentLoader = Callable[[Collection[str]], Iterable[DocumentView]]


@dataclass(slots=True)
class _Cited:
    """What the event pages cite, gathered while they are written."""

    highlights: dict[str, list[Highlight]] = field(default_factory=dict)
    events: dict[str, list[EventLink]] = field(default_factory=dict)
    outlets: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    flagged: int = 0
    count: int = 0


def write_report(
    signals: Sequence[Signal],
    events: Iterable[Event],
    documents: DocumentLoader,
    out_dir: Path,
    *,
    title: str = "episignal report",
    generated: datetime | None = None,
    changes: Changes | None = None,
) -> Path:
    """Write index.html, one event-*.html per event and one doc-*.html per cited document.

    ``signals`` are the index's rows (ranked); ``events`` the events to write pages for;
    ``changes`` (event id -> new, changed or None, since ``changes.since``) adds a column
    marking NEW and ↑ signals;
    ``documents`` loads the documents with the given ids (only cited ones get a page: a
    page nothing links to is of no use, and a store may hold millions). Returns the path
    of index.html.
    """
    generated = generated or datetime.now(UTC)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create report folder {out_dir}: {exc}") from exc
    names = country_names()
    cited = _Cited()
    env = environment()
    for event in events:
        _write_event(event, cited, names, out_dir, generated, env)
    written = 0
    for doc in documents(set(cited.events)):
        body = render_document(
            env, doc, cited.highlights.get(doc.id, []), cited.events.get(doc.id, [])
        )
        crumb = f'<span class="crumb">{esc(doc.title or doc.id)}</span>'
        _write(
            out_dir / doc_file(doc.id),
            page(doc.title or doc.id, body, crumbs=crumb, generated=generated),
        )
        written += 1
    index = out_dir / "index.html"
    _write(
        index,
        index_page(
            signals,
            cited,
            written,
            title=title,
            generated=generated,
            names=names,
            changes=changes,
        ),
    )
    log.info("report: %d events, %d documents -> %s", cited.count, written, out_dir)
    return index


def _write_event(
    event: Event,
    cited: _Cited,
    names: Mapping[str, str],
    out_dir: Path,
    generated: datetime,
    env: Environment,
) -> None:
    known = referenced_document_ids(event)
    body = render_event(env, event, names.get(event.country.upper(), event.country))
    heading = f"{event.disease.name} — {event.country}"
    crumb = f'<span class="crumb">{esc(heading)}</span>'
    _write(out_dir / event_file(event.id), page(heading, body, crumbs=crumb, generated=generated))
    link = EventLink(event.id, event.disease.name, event.country)
    for doc_id in known:
        cited.events.setdefault(doc_id, []).append(link)
        cited.highlights.setdefault(doc_id, []).extend(claim_highlights([event], doc_id))
    cited.outlets.update(o for d in event.documents for o in d.outlets)
    cited.countries.add(event.country)
    cited.flagged += bool(event.flags)
    cited.count += 1


LINKS = FileLinks()


def render_event(env: Environment, event: Event, country_name: str) -> str:
    """The shared event body (``event_body.html``) with the report's file links."""
    view = event_view(event, country_name, LINKS)
    return env.get_template("event_body.html").render(view=view, links=LINKS)


def render_document(
    env: Environment, doc: DocumentView, cited: Sequence[Highlight], events: Sequence[EventLink]
) -> str:
    """The shared document body (``document_body.html``) with the report's file links."""
    body = document_body(doc, cited, events)
    return env.get_template("document_body.html").render(body=body, links=LINKS)


def referenced_document_ids(event: Event) -> set[str]:
    """Ids of the documents an event lists, quotes (claims, reports) or takes items from."""
    ids = set(event.document_ids)
    ids.update(c.document for _, _, c in event.claims())
    ids.update(r.document for r in event.reports)
    ids.update(m.document for m in event.measures)
    ids.update(r.document for r in event.resources)
    return ids


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc}") from exc


def country_names() -> dict[str, str]:
    """ISO alpha-2 -> short English name, from the map data (codes shown for the rest)."""
    countries: dict[str, dict[str, Any]] = load_json("worldmap.json")["countries"]
    return {code: str(c["name"]) for code, c in countries.items()}


def index_page(
    signals: Sequence[Signal],
    cited: _Cited,
    documents: int,
    *,
    title: str,
    generated: datetime,
    names: Mapping[str, str],
    changes: Changes | None = None,
) -> str:
    stats = "".join(
        f'<div class="stat"><b>{fmt_number(v)}</b><span>{esc(k)}</span></div>'
        for k, v in (
            ("events", cited.count),
            ("countries", len(cited.countries)),
            ("documents", documents),
            ("outlets", len(cited.outlets)),
            ("flagged events", cited.flagged),
        )
    )
    body = (
        f"<h1>{esc(title)}</h1>"
        f'<p class="sub">Signals ranked by score. Generated {esc(generated.strftime("%Y-%m-%d %H:%M UTC"))}.</p>'
        f'<div class="stats">{stats}</div>'
        f'<div class="card">{world_map(signals)}</div>'
        f"<h2>Signals</h2>{_changes_note(changes)}{signals_table(signals, names, changes)}"
    )
    return page(title, body, generated=generated)


def _changes_note(changes: Changes | None) -> str:
    if changes is None:
        return ""
    since = f"since {changes.since}" if changes.since else "(no earlier look: all new)"
    counts = Counter(c for c in changes.marks.values() if c is not None)
    return f'<p class="sub">{esc(since)}: {counts["new"]} NEW, {counts["changed"]} changed (↑)</p>'


def signals_table(
    signals: Sequence[Signal], names: Mapping[str, str], changes: Changes | None = None
) -> str:
    if not signals:
        return '<p class="empty">No events.</p>'
    rows = []
    for s in signals:
        place = esc(names.get(s.country.upper(), s.country))
        if s.areas:
            place += f" <small>(+{esc(', '.join(s.areas))})</small>"
        flags = "".join(badge(kind.replace("_", " "), s.severity or "") for kind in s.flags)
        code = f" <small>{esc(s.disease.icd10)}</small>" if s.disease.icd10 else ""
        rows.append([
            f'<span class="num">{s.rank}</span>',
            f'<span class="score">{esc(fmt_number(round(s.score, 1)))}</span>',
            f'<a href="{esc(event_file(s.event))}">{esc(s.disease.name)}</a>{code}',
            place,
            f'<span class="reason">{esc(s.reason)}</span>',
            f'<span class="num">{esc(fmt_number(s.latest.cases))}</span>',
            f'<span class="num">{esc(fmt_number(s.latest.deaths))}</span>',
            flags,
            f"{s.documents}",
            f"{esc(s.first_seen.isoformat())} – {esc(s.last_seen.isoformat())}",
        ])  # fmt: skip
        if changes is not None:
            rows[-1].insert(0, _change_badge(changes.marks.get(s.event)))
    headers = [
        "#",
        "Score",
        "Disease",
        "Place",
        "Why",
        "Cases",
        "Deaths",
        "Flags",
        "Docs",
        "Period",
    ]
    if changes is not None:
        headers.insert(0, "Change")
    return table(headers, rows, css="signals")


def _change_badge(change: Change | None) -> str:
    if change is None:
        return ""
    return badge(CHANGE_MARKERS[change], "new" if change == "new" else "changed")


@dataclass(frozen=True, slots=True)
class Changes:
    """Which signals are new or changed since a moment (``since``, as people read it;
    None when there was no earlier look and everything is new)."""

    since: str | None
    marks: Mapping[str, Change | None]
