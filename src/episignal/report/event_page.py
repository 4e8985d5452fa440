"""What an event page shows besides the event itself: charts per area, the figures table's
rows, the timeline, flag explanations and evidence in words.

The HTML is in the shared templates (``report/templates/event_body.html``, rendered by
:mod:`episignal.report.templating` for the static report and the workbench alike); this
module turns an :class:`~episignal.models.Event` into the values they need.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from episignal.models.event import Claim, DocumentRef, Event, Flag, JSONValue, Point, Series
from episignal.report.charts import ClaimMark, SeriesLine, legend, line_chart, source_colors
from episignal.report.markup import fmt_number

KIND_WORDS = {"total": "running total", "new": "new", "unspecified": "unstated kind"}
GAP_NOTE_DAYS = 14  # charts.MAX_JOIN_DAYS, as the page says it
ClaimHref = Callable[[Claim], str]

FLAG_EXPLANATIONS = {
    "implausible_cfr": "Deaths divided by cases gives a case-fatality ratio far outside what is "
    "known for this disease. One of the two figures is probably wrong or not comparable: deaths "
    "may be under-reported, or the 'cases' may include people who were never tested.",
    "decreasing_cumulative": "A running total went down from one report to a later one. Totals "
    "only grow, so one of the reports is a correction, uses another definition, or was misread.",
    "deaths_exceed_cases": "More deaths than cases were reported for about the same date. That "
    "is impossible if both figures count the same outbreak.",
    "recovered_exceed_cases": "More people recovered than were ever counted as cases. One of "
    "the totals is wrong or they count different groups.",
    "new_exceeds_cumulative": "A daily (new) count is larger than the running total of the "
    "same date, which cannot be.",
    "inconsistent_totals": "The new counts reported between two totals do not add up to the "
    "change in the total.",
    "growth_jump": "The total grew tenfold or more within two days. Check for a backlog being "
    "cleared, a change of case definition, or a misread number.",
    "discordant_sources": "Sources give different figures for the same date. The quotes below "
    "show who said what.",
}


def claim_source(claim: Claim) -> str:
    """Who a claim is attributed to: the named source, else the outlet that carried it."""
    return str(claim.source or claim.outlet or "unattributed")


# --------------------------------------------------------------------------- charts


def chart_groups(series: Sequence[Series]) -> list[tuple[str, list[Series]]]:
    """Series grouped into charts: one per (measure, kind, species); statuses are lines."""
    groups: dict[tuple[str, str, str], list[Series]] = {}
    for s in series:
        groups.setdefault((s.measure, s.kind, s.species), []).append(s)
    titled = []
    for (measure, kind, species), members in groups.items():
        animal = " (animals)" if species != "human" else ""
        titled.append((f"{measure.capitalize()}{animal}, {KIND_WORDS[kind]}", members))
    return titled


def chart_for(
    title: str, members: Sequence[Series], colors: Mapping[str, str], href: ClaimHref
) -> str:
    """A figure (SVG chart and legend) of series of one measure and kind: new counts as
    bars, running totals as lines; excluded claims and points are left out."""
    lines: list[SeriesLine] = []
    marks: list[ClaimMark] = []
    for s in members:
        used = s.used_points()
        if used:
            lines.append(SeriesLine(s.status or "reported", tuple((p.date, p.value) for p in used)))
        for p in used:
            for c in p.claims:
                if c.excluded is None:
                    tooltip = f"“{c.quote}” — {c.outlet or ''}"
                    marks.append(
                        ClaimMark(p.date, float(c.value), claim_source(c), tooltip, href(c))
                    )
    svg = line_chart(title, lines, marks, dict(colors), bars=members[0].kind == "new")
    if not svg:
        return ""
    used_colors = {m.source: colors[m.source] for m in marks if m.source in colors}
    labels = [line.label for line in lines] if len(lines) > 1 else []
    disagree = any(p.disagreement for s in members for p in s.used_points())
    return (
        f'<figure class="chart">{svg}{legend(used_colors, labels, disagreement=disagree)}</figure>'
    )


@dataclass(frozen=True, slots=True)
class AreaCharts:
    """The charts of the national series (``area`` None) or of one first-level area, with
    the area's latest running totals of cases and deaths and its period."""

    area: str | None
    charts: str
    cases: int | None = None
    deaths: int | None = None
    first: date | None = None
    last: date | None = None


def area_charts(event: Event, href: ClaimHref) -> list[AreaCharts]:
    """The national charts first, then each area with series of its own."""
    claims = (c for s in event.series for p in s.points for c in p.claims)
    colors = source_colors(claim_source(c) for c in claims)
    out = []
    for area in (None, *event.areas):
        members = event.series_of(area)
        if area is None and not members and event.areas:
            continue  # no national figure: the areas carry the event
        charts = "".join(chart_for(t, group, colors, href) for t, group in chart_groups(members))
        days = [p.date for s in members for p in s.used_points()]
        out.append(
            AreaCharts(
                area,
                charts,
                _latest_total(members, "cases"),
                _latest_total(members, "deaths"),
                min(days, default=None),
                max(days, default=None),
            )
        )
    return out


def _latest_total(series: Sequence[Series], measure: str) -> int | None:
    points = [
        p
        for s in series
        if s.measure == measure and s.kind == "total" and s.species == "human"
        for p in s.used_points()
    ]
    return max(points, key=lambda p: p.date).value if points else None


# --------------------------------------------------------------------------- table, timeline


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One row of the figures table: a point of a series with every claim behind it."""

    series: Series
    point: Point

    @property
    def kind(self) -> str:
        return KIND_WORDS[self.series.kind]


def figure_rows(series: Sequence[Series]) -> list[FigureRow]:
    rows = [FigureRow(s, p) for s in series for p in s.points]
    rows.sort(key=lambda r: (r.point.date, r.series.measure, r.series.admin1 or ""))
    return rows


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """A dated report, measure or supply of the event's timeline."""

    css: str  # report / measure / aid
    date: date | None
    head: str
    detail: str
    quote: str
    document: str


def timeline_items(event: Event) -> list[TimelineItem]:
    items = [
        TimelineItem("report", r.date, "report", "", r.quote, r.document) for r in event.reports
    ]
    for m in event.measures:
        where = f"({m.country})" if m.country else ""
        items.append(
            TimelineItem("measure", m.date, m.kind.replace("_", " "), where, m.quote, m.document)
        )
    for r in event.resources:
        qty = fmt_number(r.quantity) if r.quantity is not None else ""
        head = " ".join(str(w) for w in (qty, r.unit, r.item) if w)
        route = (
            f"{r.from_country or '?'} → {r.to_country or '?'}"
            if r.from_country or r.to_country
            else ""
        )
        if r.action:
            route = f"{route} · {r.action}" if route else r.action
        items.append(TimelineItem("aid", r.date, head, route, r.quote, r.document))
    items.sort(key=lambda i: (i.date is None, i.date or date.min))
    return items


# --------------------------------------------------------------------------- flags


def flag_evidence(flag: Flag) -> str:
    """A flag's evidence in words (the quotes behind it are shown with the series)."""
    return "; ".join(
        f"{k.replace('_', ' ')}: {_percent(v) if k == 'cfr' else _evidence_value(v)}"
        for k, v in flag.evidence.items()
        if k not in ("quotes", "documents")
    )


def _evidence_value(value: JSONValue) -> str:
    """Evidence in words: figures with their dates, ranges as percentages."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, int):
        return fmt_number(value)
    if isinstance(value, Mapping):
        return _evidence_mapping(value)
    if isinstance(value, list | tuple):
        return ", ".join(_evidence_value(v) for v in value[:10])
    return str(value)


def _evidence_mapping(value: Mapping[str, JSONValue]) -> str:
    if "value" in value and "date" in value:  # a point of the series
        status = f" {value['status']}" if value.get("status") else ""
        return f"{_evidence_value(value['value'])}{status} as of {value['date']}"
    if "low" in value and "high" in value:  # a reference range
        where = "; ".join(str(value[k]) for k in ("period", "basis", "source") if value.get(k))
        return f"{_percent(value['low'])}–{_percent(value['high'])}" + (
            f" ({where})" if where else ""
        )
    return "; ".join(
        f"{k}: {_evidence_value(v)}" for k, v in value.items() if k not in ("quotes", "documents")
    )


def _percent(value: object) -> str:
    return f"{float(value) * 100:.3g}%" if isinstance(value, int | float) else str(value)


def sorted_documents(event: Event) -> list[DocumentRef]:
    return sorted(event.documents, key=lambda d: (d.published or date.min, d.id))


def cited_claims(events: Iterable[Event], document_id: str) -> Iterable[tuple[Series, Claim]]:
    """The claims of ``events`` quoted from one document (its page highlights them)."""
    for event in events:
        for series, _point, claim in event.claims():
            if claim.document == document_id:
                yield series, claim
