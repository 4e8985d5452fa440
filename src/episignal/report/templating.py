"""The templates of the page bodies shared by the static report and the workbench
(``report/templates``: event body, document body, macros), their view data, built from the
typed models, and the two link policies.

Every link comes from a ``links`` object: :class:`FileLinks` gives the static report's
file names, the workbench passes its URLs. Autoescaping is on for every template and
string: article text can never reach a page unescaped. Charts and highlighted text are
built escaped in Python and handed over as :class:`~markupsafe.Markup`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from episignal.models.document_view import DocumentView
from episignal.models.event import Claim, DocumentRef, Event, Exclusion
from episignal.report.event_page import (
    FLAG_EXPLANATIONS,
    GAP_NOTE_DAYS,
    AreaCharts,
    TimelineItem,
    area_charts,
    cited_claims,
    claim_source,
    figure_rows,
    flag_evidence,
    sorted_documents,
    timeline_items,
)
from episignal.report.highlight import (
    KIND_LABELS,
    Highlight,
    collect_highlights,
    render_text,
    side_list,
)
from episignal.report.markup import doc_file, event_file, fmt_number, safe_href, span_anchor

TEMPLATES = Path(__file__).parent / "templates"
_SLUG = re.compile(r"[^a-z0-9]+")
FATE_WORDS = {
    "placed": "in a series",
    "excluded": "excluded",
    "not_placed": "in no series",
    "not_stored": "not a fact",
}


class Links(Protocol):
    """Where a page links to an event, a document, and the quoted span of a claim."""

    def event(self, event_id: str) -> str: ...

    def document(self, document_id: str) -> str: ...


class FileLinks:
    """The static report's links: ``event-*.html`` and ``doc-*.html`` files side by side."""

    def event(self, event_id: str) -> str:
        return event_file(event_id)

    def document(self, document_id: str) -> str:
        return doc_file(document_id)


def slug(text: object) -> str:
    """Lower-case letters and digits joined by dashes (element ids, anchors)."""
    return _SLUG.sub("-", str(text).lower()).strip("-")


def claim_href(links: Links, claim: Claim) -> str:
    """The document link of a claim, anchored at its quoted span."""
    return f"{links.document(claim.document)}#{span_anchor(claim.span[0], claim.span[1])}"


def environment(*loaders: BaseLoader) -> Environment:
    """An autoescaping environment over ``loaders`` (searched first) and the shared templates."""
    env = Environment(
        loader=ChoiceLoader([*loaders, FileSystemLoader(TEMPLATES)]),
        autoescape=select_autoescape(["html"], default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(
        num=fmt_number,
        claim_source=claim_source,
        flag_explanation=lambda kind: FLAG_EXPLANATIONS.get(str(kind), ""),
        flag_evidence=flag_evidence,
        safe_url=lambda url: Markup(safe_href(url)),
        slug=slug,
        url_quote=lambda text: quote(str(text), safe=""),
        span_anchor=lambda span: span_anchor(int(span[0]), int(span[1])),
        fate_word=lambda fate: FATE_WORDS.get(str(fate), str(fate)),
    )
    env.globals["claim_href"] = claim_href
    return env


# --------------------------------------------------------------------------- event pages


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim as the figures table shows it (text formatted, link resolved: the table of
    a large event has hundreds of claims, so the template only places them)."""

    key: str
    anchor: str  # the list item's id
    href: str  # the quoted span on the document's page
    value: str
    source: str
    via: str  # the outlet, when not the source itself
    quote: str
    excluded: Exclusion | None
    language: str = ""  # the quote's language, when known


@dataclass(frozen=True, slots=True)
class FigureView:
    """One row of the figures table: a point of a series and every claim behind it."""

    date: str
    measure: str
    status: str | None
    species: str
    area: str | None
    kind: str
    value: str
    excluded: bool
    disagreement: bool
    claims: tuple[ClaimView, ...]


@dataclass(frozen=True, slots=True)
class EventView:
    """What ``event_body.html`` shows: the event, where it is, its charts per area (the
    national ones first), the figures table's rows, the timeline and the documents."""

    event: Event
    place: str
    areas: tuple[AreaCharts, ...]
    rows: tuple[FigureView, ...]
    timeline: tuple[TimelineItem, ...]
    documents: tuple[DocumentRef, ...]
    gap_days: int = GAP_NOTE_DAYS

    @property
    def subnational(self) -> tuple[AreaCharts, ...]:
        return tuple(a for a in self.areas if a.area is not None)


class _ClaimLinks:
    """Claim links with each document's URL worked out once."""

    def __init__(self, links: Links) -> None:
        self.links = links
        self.documents: dict[str, str] = {}

    def __call__(self, claim: Claim) -> str:
        url = self.documents.get(claim.document)
        if url is None:
            url = self.documents[claim.document] = self.links.document(claim.document)
        return f"{url}#{span_anchor(claim.span[0], claim.span[1])}"


def claim_view(claim: Claim, href: str) -> ClaimView:
    source = claim_source(claim)
    via = claim.outlet if claim.outlet and claim.outlet != claim.source else ""
    return ClaimView(
        claim.key,
        "claim-" + slug(claim.key),
        href,
        fmt_number(claim.value),
        source,
        via,
        claim.quote,
        claim.excluded,
        claim.language or "",
    )


def figure_views(event: Event, href: _ClaimLinks) -> tuple[FigureView, ...]:
    return tuple(
        FigureView(
            row.point.date.isoformat(),
            row.series.measure,
            row.series.status,
            row.series.species,
            row.series.admin1,
            row.kind,
            fmt_number(row.point.value),
            row.point.excluded,
            row.point.disagreement,
            tuple(claim_view(c, href(c)) for c in row.point.claims),
        )
        for row in figure_rows(event.series)
    )


def event_view(event: Event, country_name: str, links: Links) -> EventView:
    areas = f" (+{', '.join(event.areas)})" if event.areas else ""
    href = _ClaimLinks(links)
    charts = tuple(
        AreaCharts(a.area, Markup(a.charts), a.cases, a.deaths, a.first, a.last)
        for a in area_charts(event, href)
    )
    return EventView(
        event,
        country_name + areas,
        charts,
        figure_views(event, href),
        tuple(timeline_items(event)),
        tuple(sorted_documents(event)),
    )


# --------------------------------------------------------------------------- document pages


@dataclass(frozen=True, slots=True)
class EventLink:
    """An event a document page links back to."""

    id: str
    disease: str
    country: str


@dataclass(frozen=True, slots=True)
class DocumentBody:
    """What ``document_body.html`` shows: the document, its text with every extraction
    and every cited claim highlighted, the side list, and the events citing it."""

    doc: DocumentView
    highlighted: Markup
    side: Markup
    events: tuple[EventLink, ...] = ()
    kinds: Mapping[str, str] = field(default_factory=lambda: KIND_LABELS)


def claim_highlights(events: Iterable[Event], document_id: str) -> list[Highlight]:
    """The claims that events quote from a document, as highlights of its text."""
    return [
        Highlight(
            claim.span[0],
            claim.span[1],
            "claim",
            f"{fmt_number(claim.value)} {series.measure} per {claim_source(claim)}",
        )
        for series, claim in cited_claims(events, document_id)
    ]


def document_body(
    doc: DocumentView, cited: Sequence[Highlight], events: Sequence[EventLink]
) -> DocumentBody:
    text = doc.text or ""
    highlights = collect_highlights(doc.extraction) + list(cited)
    shown = Markup(render_text(text, highlights)) if text else Markup("")
    return DocumentBody(doc, shown, Markup(side_list(text, highlights)), tuple(events))


def event_links(events: Iterable[Event]) -> list[EventLink]:
    return [EventLink(e.id, e.disease.name, e.country) for e in events]
