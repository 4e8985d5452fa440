"""The self-contained HTML report: index (ranked signals + map), event pages, document pages.

All pages are static files that open from disk without any network access: CSS is
inlined, charts and the map are inline SVG, there is no script. File names come from
``markup.event_file``/``markup.doc_file`` (slug + short hash), since ids may be paths or URLs.

Events are read one at a time and documents are loaded only once every event page is
written, so a report of a large store never holds it in memory.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from episignal.data import load_json
from episignal.errors import InputError
from episignal.models.document_view import DocumentView
from episignal.models.event import Event
from episignal.models.explain import DocumentFates
from episignal.models.signal import Signal
from episignal.report.event_page import claim_source, event_body
from episignal.report.highlight import (
    KIND_LABELS,
    Highlight,
    collect_highlights,
    render_text,
    side_list,
)
from episignal.report.markup import (
    badge,
    doc_file,
    esc,
    event_file,
    fmt_number,
    page,
    safe_href,
    span_anchor,
    table,
)
from episignal.report.worldmap import world_map

log = logging.getLogger(__name__)

DocumentLoader = Callable[[Collection[str]], Iterable[DocumentView]]


@dataclass(slots=True)
class _Cited:
    """What the event pages cite, gathered while they are written."""

    highlights: dict[str, list[Highlight]] = field(default_factory=dict)
    events: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
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
) -> Path:
    """Write index.html, one event-*.html per event and one doc-*.html per cited document.

    ``signals`` are the index's rows (ranked); ``events`` the events to write pages for;
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
    for event in events:
        _write_event(event, cited, names, out_dir, generated)
    written = 0
    for doc in documents(set(cited.events)):
        body = document_body(doc, cited.highlights.get(doc.id, []), cited.events.get(doc.id, []))
        crumb = f'<span class="crumb">{esc(doc.title or doc.id)}</span>'
        _write(
            out_dir / doc_file(doc.id),
            page(doc.title or doc.id, body, crumbs=crumb, generated=generated),
        )
        written += 1
    index = out_dir / "index.html"
    _write(
        index, index_page(signals, cited, written, title=title, generated=generated, names=names)
    )
    log.info("report: %d events, %d documents -> %s", cited.count, written, out_dir)
    return index


def _write_event(
    event: Event, cited: _Cited, names: Mapping[str, str], out_dir: Path, generated: datetime
) -> None:
    known = referenced_document_ids(event)
    body = event_body(event, known, names.get(event.country.upper(), event.country))
    heading = f"{event.disease.name} — {event.country}"
    crumb = f'<span class="crumb">{esc(heading)}</span>'
    _write(out_dir / event_file(event.id), page(heading, body, crumbs=crumb, generated=generated))
    link = (event.id, event.disease.name, event.country)
    for doc_id in known:
        cited.events.setdefault(doc_id, []).append(link)
    for series, _point, claim in event.claims():
        label = f"{fmt_number(claim.value)} {series.measure} per {claim_source(claim)}"
        cited.highlights.setdefault(claim.document, []).append(
            Highlight(claim.span[0], claim.span[1], "claim", label)
        )
    cited.outlets.update(o for d in event.documents for o in d.outlets)
    cited.countries.add(event.country)
    cited.flagged += bool(event.flags)
    cited.count += 1


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
        f"<h2>Signals</h2>{signals_table(signals, names)}"
    )
    return page(title, body, generated=generated)


def signals_table(signals: Sequence[Signal], names: Mapping[str, str]) -> str:
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
    return table(headers, rows, css="signals")


def document_body(
    doc: DocumentView, cited: Sequence[Highlight], events: Sequence[tuple[str, str, str]]
) -> str:
    text = doc.text or ""
    highlights = collect_highlights(doc.extraction) + list(cited)
    url = safe_href(doc.url)
    meta = " · ".join(
        part
        for part in (
            esc(doc.source),
            esc(doc.published.isoformat()) if doc.published else "",
            f"language {esc(doc.language)}" if doc.language else "",
            f"status {esc(doc.status)}",
            f'<a href="{url}" rel="noopener noreferrer">original</a>' if url else "",
        )
        if part
    )
    event_links = " ".join(
        f'<a href="{esc(event_file(event_id))}">{esc(disease)} — {esc(country)}</a>'
        for event_id, disease, country in events
    )
    key = " ".join(f'<span class="badge m-{k}">{esc(v)}</span>' for k, v in KIND_LABELS.items())
    shown = (
        render_text(text, highlights) if text else '<span class="empty">Text not available.</span>'
    )
    return (
        f"<h1>{esc(doc.title or doc.id)}</h1>"
        f'<p class="sub">{meta}</p>'
        + (f"<p>Events: {event_links}</p>" if event_links else "")
        + f'<p class="legend">{key}</p>'
        f'<div class="doc"><article class="doctext">{shown}</article>'
        f'<aside class="side card">{side_list(text, highlights)}</aside></div>'
        f"<h2>Figures and where they went</h2>{fates_table(doc.fates)}"
    )


FATE_WORDS = {
    "placed": "in a series",
    "excluded": "excluded",
    "not_placed": "in no series",
    "not_stored": "not a fact",
}


def fates_table(fates: DocumentFates | None) -> str:
    """Per figure: the series point it went to, or why it went nowhere."""
    if fates is None:
        return '<p class="empty">Not known for this document.</p>'
    note = f'<p class="sub">{esc(fates.note)}</p>' if fates.note else ""
    if not fates.figures:
        return note + '<p class="empty">No figures.</p>'
    rows = []
    for f in fates.figures:
        figure = f'<a href="#{span_anchor(f.span[0], f.span[1])}">{esc(fmt_number(f.value))} {esc(f.measure)}</a>'
        where = ""
        if f.event is not None:
            point = f" on {esc(f.date.isoformat())}" if f.date else ""
            chosen = " (its value)" if f.chosen else ""
            where = f'<a href="{esc(event_file(f.event))}">{esc(f.series)}</a>{point}{chosen}'
        rows.append(
            [
                figure,
                f'<span class="fate-{esc(f.fate)}">{esc(FATE_WORDS[f.fate])}</span>',
                where,
                esc(f.reason),
            ]
        )
    return note + table(["Figure", "Fate", "Series", "Why"], rows, css="fates")
