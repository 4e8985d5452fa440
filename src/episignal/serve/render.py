"""Templates and what they show: the Jinja2 environment (autoescaped), links, and the
view data of event and document pages built from the shared report code.

Templates come from ``serve/templates`` and, for the page bodies shared with the static
report, ``report/templates``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
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
from episignal.report.highlight import KIND_LABELS, collect_highlights, render_text, side_list
from episignal.report.markup import fmt_number, safe_href, span_anchor
from episignal.serve.source import DocumentView, EventRow

SERVE_TEMPLATES = Path(__file__).parent / "templates"
REPORT_TEMPLATES = Path(__file__).parent.parent / "report" / "templates"
_SLUG = re.compile(r"[^a-z0-9]+")


class WebLinks:
    """URLs of the workbench's pages (the static report uses file names instead)."""

    def event(self, event_id: object) -> str:
        return "/events/" + quote(str(event_id), safe="")

    def document(self, document_id: object) -> str:
        return "/documents/" + quote(str(document_id), safe="")

    def claim(self, claim: Mapping[str, Any]) -> str:
        doc, span = claim.get("document"), claim.get("span")
        if doc is None:
            return ""
        if isinstance(span, Sequence) and len(span) == 2:
            return f"{self.document(doc)}#{span_anchor(int(span[0]), int(span[1]))}"
        return self.document(doc)


LINKS = WebLinks()


def kind_word(cumulative: object) -> str:
    return "total" if cumulative is True else "new" if cumulative is False else ""


def flag_evidence(flag: Mapping[str, Any]) -> str:
    evidence = flag.get("evidence") or {}
    if not isinstance(evidence, Mapping):
        return ""
    return "; ".join(
        f"{k.replace('_', ' ')}: {_percent(v) if k == 'cfr' else _evidence_value(v)}"
        for k, v in evidence.items()
        if k not in ("quotes", "documents")
    )


def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(SERVE_TEMPLATES), FileSystemLoader(REPORT_TEMPLATES)]
        ),
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
    env.globals["links"] = LINKS
    return env


@dataclass(frozen=True, slots=True)
class EventView:
    place: str
    charts: Markup
    timeline: list[dict[str, Any]]
    subnational: list[EventRow] = field(default_factory=list)
    gap_days: int = GAP_DAYS


def event_view(
    record: Mapping[str, Any], country_name: str, subnational: Sequence[EventRow]
) -> EventView:
    series = record.get("series") or []
    claims = [c for p in series for c in p.get("claims") or [] if not c.get("excluded")]
    colors = source_colors(claim_source(c) for c in claims)
    charts = "".join(
        point_chart(title, points, colors, LINKS.claim, claim_source)
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


def document_markup(doc: DocumentView) -> tuple[Markup, Markup]:
    """The document's text with its extractions highlighted, and the side list."""
    text = doc.text or ""
    extraction = dict(doc.extraction or {})
    extraction["text"] = text
    highlights = collect_highlights(extraction)
    return Markup(render_text(text, highlights)), Markup(side_list(text, highlights))


KINDS = KIND_LABELS
