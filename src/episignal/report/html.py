"""The self-contained HTML report: index (ranked signals + map), event pages, document pages.

All pages are static files that open from disk without any network access: CSS is
inlined, charts and the map are inline SVG, there is no script. File names come from
``markup.event_file``/``markup.doc_file`` (slug + short hash), since ids may be paths or URLs.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from episignal.data import load_json
from episignal.errors import InputError
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
    table,
)
from episignal.report.worldmap import world_map

log = logging.getLogger(__name__)


def write_report(
    events: list[dict[str, Any]],
    documents: list[dict[str, Any]],
    out_dir: Path,
    *,
    title: str = "episignal report",
    generated: datetime | None = None,
) -> Path:
    """Write index.html, one event-*.html per event and one doc-*.html per document.

    ``events`` are event records (sorted by score, highest first), ``documents`` document
    records with their text and extraction. Only documents that an event refers to get a
    page (a page nothing links to is of no use, and a store may hold millions). Returns the
    path of index.html.
    """
    generated = generated or datetime.now(UTC)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create report folder {out_dir}: {exc}") from exc
    cited_ids = referenced_document_ids(events)
    documents = [d for d in documents if str(d.get("id")) in cited_ids]
    known = {str(d.get("id")) for d in documents}
    names = country_names()
    index = out_dir / "index.html"
    _write(index, index_page(events, documents, title=title, generated=generated, names=names))
    for event in events:
        body = event_body(
            event,
            known,
            names.get(str(event.get("country") or "").upper(), str(event.get("country") or "?")),
        )
        heading = (
            f"{(event.get('disease') or {}).get('name') or 'Event'} — {event.get('country') or '?'}"
        )
        crumb = f'<span class="crumb">{esc(heading)}</span>'
        _write(
            out_dir / event_file(event.get("id")),
            page(heading, body, crumbs=crumb, generated=generated),
        )
    cited = claim_spans_by_document(events)
    by_doc = events_by_document(events)
    for doc in documents:
        doc_id = doc.get("id")
        body = document_body(doc, cited.get(str(doc_id), []), by_doc.get(str(doc_id), []))
        crumb = f'<span class="crumb">{esc(doc.get("title") or doc_id)}</span>'
        _write(
            out_dir / doc_file(doc_id),
            page(str(doc.get("title") or doc_id), body, crumbs=crumb, generated=generated),
        )
    log.info("report: %d events, %d documents -> %s", len(events), len(documents), out_dir)
    return index


def referenced_document_ids(events: Sequence[Mapping[str, Any]]) -> set[str]:
    """Ids of the documents events list, quote (claims) or take measures/supplies from."""
    ids: set[str] = set()
    for event in events:
        ids.update(str(d.get("id")) for d in event.get("documents") or [])
        for point in event.get("series") or []:
            ids.update(str(c.get("document")) for c in point.get("claims") or [])
        for item in [*(event.get("measures") or []), *(event.get("resources") or [])]:
            ids.add(str(item.get("document")))
    ids.discard("None")
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
    events: Sequence[Mapping[str, Any]],
    documents: Sequence[Mapping[str, Any]],
    *,
    title: str,
    generated: datetime,
    names: Mapping[str, str],
) -> str:
    outlets = {o for e in events for d in e.get("documents") or [] for o in d.get("outlets") or []}
    flagged = sum(1 for e in events if e.get("flags"))
    countries = {str(e.get("country")) for e in events if e.get("country")}
    stats = "".join(
        f'<div class="stat"><b>{fmt_number(v)}</b><span>{esc(k)}</span></div>'
        for k, v in (
            ("events", len(events)),
            ("countries", len(countries)),
            ("documents", len(documents)),
            ("outlets", len(outlets)),
            ("flagged events", flagged),
        )
    )
    body = (
        f"<h1>{esc(title)}</h1>"
        f'<p class="sub">Signals ranked by score. Generated {esc(generated.strftime("%Y-%m-%d %H:%M UTC"))}.</p>'
        f'<div class="stats">{stats}</div>'
        f'<div class="card">{world_map(events)}</div>'
        f"<h2>Signals</h2>{signals_table(events, names)}"
    )
    return page(title, body, generated=generated)


def signals_table(events: Sequence[Mapping[str, Any]], names: Mapping[str, str]) -> str:
    if not events:
        return '<p class="empty">No events.</p>'
    rows = []
    for rank, event in enumerate(events, 1):
        disease = event.get("disease") or {}
        latest = event.get("latest") or {}
        docs = event.get("documents") or []
        outlets = {o for d in docs for o in d.get("outlets") or []}
        country = str(event.get("country") or "")
        place = esc(names.get(country.upper(), country)) + (
            f", {esc(event['admin1'])}" if event.get("admin1") else ""
        )
        flags = "".join(
            badge(str(f.get("kind") or "").replace("_", " "), str(f.get("severity") or ""))
            for f in event.get("flags") or []
        )
        code = f" <small>{esc(disease.get('icd10'))}</small>" if disease.get("icd10") else ""
        rows.append([
            f'<span class="num">{rank}</span>',
            f'<span class="score">{esc(fmt_number(round(float(event.get("score") or 0), 1)))}</span>',
            f'<a href="{esc(event_file(event.get("id")))}">{esc(disease.get("name") or "?")}</a>{code}',
            place,
            f'<span class="reason">{esc(event.get("reason"))}</span>',
            f'<span class="num">{esc(fmt_number(latest.get("cases")))}</span>',
            f'<span class="num">{esc(fmt_number(latest.get("deaths")))}</span>',
            flags,
            f"{len(docs)} / {len(outlets)}",
            f"{esc(event.get('first_seen'))} – {esc(event.get('last_seen'))}",
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
        "Docs / outlets",
        "Period",
    ]
    return table(headers, rows, css="signals")


def claim_spans_by_document(events: Sequence[Mapping[str, Any]]) -> dict[str, list[Highlight]]:
    """Spans that events cite, per document: they must have an anchor even if the
    extraction record does not list them (e.g. a fact edited by hand)."""
    cited: dict[str, list[Highlight]] = {}
    for event in events:
        for point in event.get("series") or []:
            for claim in point.get("claims") or []:
                span = claim.get("span")
                if (
                    claim.get("document") is None
                    or not isinstance(span, Sequence)
                    or len(span) != 2
                ):
                    continue
                label = f"{fmt_number(claim.get('value'))} {point.get('measure')} per {claim_source(claim)}"
                cited.setdefault(str(claim["document"]), []).append(
                    Highlight(int(span[0]), int(span[1]), "claim", label)
                )
    return cited


def events_by_document(events: Sequence[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    found: dict[str, list[Mapping[str, Any]]] = {}
    for event in events:
        for doc in event.get("documents") or []:
            found.setdefault(str(doc.get("id")), []).append(event)
    return found


def document_body(
    doc: Mapping[str, Any], cited: Sequence[Highlight], events: Sequence[Mapping[str, Any]]
) -> str:
    text = str(doc.get("text") or "")
    highlights = collect_highlights(doc.get("extraction")) + list(cited)
    url = safe_href(doc.get("url"))
    meta = " · ".join(
        part
        for part in (
            esc(doc.get("source")),
            esc(doc.get("published")),
            f"language {esc(doc.get('language'))}" if doc.get("language") else "",
            f"status {esc(doc.get('status'))}" if doc.get("status") else "",
            f'<a href="{url}" rel="noopener noreferrer">original</a>' if url else "",
        )
        if part
    )
    event_links = " ".join(
        f'<a href="{esc(event_file(e.get("id")))}">{esc((e.get("disease") or {}).get("name"))} '
        f"— {esc(e.get('country'))}</a>"
        for e in events
    )
    key = " ".join(f'<span class="badge m-{k}">{esc(v)}</span>' for k, v in KIND_LABELS.items())
    shown = (
        render_text(text, highlights) if text else '<span class="empty">Text not available.</span>'
    )
    return (
        f"<h1>{esc(doc.get('title') or doc.get('id'))}</h1>"
        f'<p class="sub">{meta}</p>'
        + (f"<p>Events: {event_links}</p>" if event_links else "")
        + f'<p class="legend">{key}</p>'
        f'<div class="doc"><article class="doctext">{shown}</article>'
        f'<aside class="side card">{side_list(text, highlights)}</aside></div>'
    )
