"""The Jinja2 environment of the page bodies shared by the static report and the workbench
(``report/templates``: event body, document body, macros), and the two link policies.

The templates take every link from a ``links`` object: :class:`FileLinks` gives the static
report's file names, the workbench passes its URLs. Autoescaping is on for every template
and string: article text can never reach a page unescaped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from episignal.report.charts import source_colors
from episignal.report.epicurve import GAP_DAYS, point_chart
from episignal.report.event_page import (
    FLAG_EXPLANATIONS,
    _evidence_value,
    _percent,
    claim_source,
    series_groups,
)
from episignal.report.markup import doc_file, event_file, fmt_number, safe_href, span_anchor

TEMPLATES = Path(__file__).parent / "templates"
_SLUG = re.compile(r"[^a-z0-9]+")


class Links(Protocol):
    """Where a page links to an event, a document, and the quoted span of a claim."""

    def event(self, event_id: object) -> str: ...

    def document(self, document_id: object) -> str: ...

    def claim(self, claim: Mapping[str, Any]) -> str: ...


class FileLinks:
    """The static report's links: ``event-*.html`` and ``doc-*.html`` files side by side."""

    def event(self, event_id: object) -> str:
        return event_file(event_id)

    def document(self, document_id: object) -> str:
        return doc_file(document_id)

    def claim(self, claim: Mapping[str, Any]) -> str:
        return claim_href(self, claim)


def claim_href(links: Links, claim: Mapping[str, Any]) -> str:
    """The document link of a claim, anchored at its quoted span when it has one."""
    doc, span = claim.get("document"), claim.get("span")
    if doc is None:
        return ""
    if isinstance(span, Sequence) and len(span) == 2:
        return f"{links.document(doc)}#{span_anchor(int(span[0]), int(span[1]))}"
    return links.document(doc)


def kind_word(cumulative: object) -> str:
    return "total" if cumulative is True else "new" if cumulative is False else ""


def flag_evidence(flag: Mapping[str, Any]) -> str:
    """A flag's evidence in words (the quotes behind it are shown with the series)."""
    evidence = flag.get("evidence") or {}
    if not isinstance(evidence, Mapping):
        return ""
    return "; ".join(
        f"{k.replace('_', ' ')}: {_percent(v) if k == 'cfr' else _evidence_value(v)}"
        for k, v in evidence.items()
        if k not in ("quotes", "documents")
    )


def environment(*loaders: BaseLoader) -> Environment:
    """An autoescaping environment over ``loaders`` (searched first) and the shared templates."""
    env = Environment(
        loader=ChoiceLoader([*loaders, FileSystemLoader(TEMPLATES)]),
        autoescape=select_autoescape(["html"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        num=fmt_number,
        claim_source=claim_source,
        kind_word=kind_word,
        flag_explanation=lambda kind: FLAG_EXPLANATIONS.get(str(kind), ""),
        flag_evidence=flag_evidence,
        safe_url=lambda url: Markup(safe_href(url)),
        slug=lambda text: _SLUG.sub("-", str(text).lower()).strip("-"),
        url_quote=lambda text: quote(str(text), safe=""),
    )
    return env


@dataclass(frozen=True, slots=True)
class EventView:
    """The view data of an event page beside its record."""

    place: str
    charts: Markup
    timeline: list[dict[str, Any]]
    subnational: list[Any] = field(default_factory=list)  # rows with id, admin1, cases...
    gap_days: int = GAP_DAYS


def event_view(
    record: Mapping[str, Any], country_name: str, links: Links, subnational: Sequence[Any] = ()
) -> EventView:
    """What ``event_body.html`` shows besides the record: place, charts, timeline, areas."""
    series = record.get("series") or []
    claims = [c for p in series for c in p.get("claims") or [] if not c.get("excluded")]
    colors = source_colors(claim_source(c) for c in claims)
    charts = "".join(
        point_chart(title, points, colors, links.claim, claim_source)
        for title, points in series_groups(series)
    )
    place = country_name + (f", {record['admin1']}" if record.get("admin1") else "")
    return EventView(place, Markup(charts), timeline_items(record), list(subnational))


def timeline_items(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    items = []
    for m in record.get("measures") or []:
        where = f" ({m['country']})" if m.get("country") else ""
        head = str(m.get("kind") or "measure").replace("_", " ") + where
        items.append(_item("measure", m, head, ""))
    for r in record.get("resources") or []:
        qty = fmt_number(r.get("quantity")) if r.get("quantity") is not None else ""
        head = " ".join(str(w) for w in (qty, r.get("unit"), r.get("item")) if w)
        route = (
            f"{r.get('from') or '?'} → {r.get('to') or '?'}" if r.get("from") or r.get("to") else ""
        )
        if r.get("action"):
            route += f" · {r['action']}"
        items.append(_item("aid", r, head, route))
    items.sort(key=lambda i: (i["date"] == "", i["date"]))
    return items


def _item(css: str, item: Mapping[str, Any], head: str, route: str) -> dict[str, Any]:
    return {
        "css": css,
        "date": str(item.get("date") or ""),
        "head": head,
        "route": route,
        "quote": item.get("quote"),
        "document": item.get("document"),
    }
