"""The page of one event: figures, charts per area, quotes, flags, timeline, documents."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from episignal.models.event import Claim, DocumentRef, Event, Flag, JSONValue, Series
from episignal.report.charts import ClaimMark, SeriesLine, legend, line_chart, source_colors
from episignal.report.markup import (
    badge,
    doc_file,
    esc,
    fmt_number,
    safe_href,
    span_anchor,
    table,
)

NO_CHARTS = '<p class="empty">No dated figures.</p>'
KIND_WORDS = {"total": "running total", "new": "new", "unspecified": "unstated kind"}

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


def claim_link(claim: Claim, known_docs: set[str]) -> str:
    """Link to the quoted span on the document page (empty when that page is not written)."""
    if claim.document not in known_docs:
        return ""
    return f"{doc_file(claim.document)}#{span_anchor(claim.span[0], claim.span[1])}"


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
    title: str, members: Sequence[Series], colors: dict[str, str], known: set[str]
) -> str:
    lines: list[SeriesLine] = []
    marks: list[ClaimMark] = []
    for s in members:
        points = tuple((p.date, float(p.value)) for p in s.used_points())
        if points:
            lines.append(SeriesLine(s.status or "reported", points))
        for p in s.used_points():
            for c in p.claims:
                if c.excluded is not None:
                    continue
                tooltip = f"“{c.quote}” — {c.outlet or ''}"
                marks.append(
                    ClaimMark(
                        p.date, float(c.value), claim_source(c), tooltip, claim_link(c, known)
                    )
                )
    svg = line_chart(title, lines, marks, colors, bars=members[0].kind == "new")
    if not svg:
        return ""
    used = {m.source: colors[m.source] for m in marks if m.source in colors}
    labels = [line.label for line in lines] if len(lines) > 1 else []
    return f'<figure class="chart">{svg}{legend(used, labels)}</figure>'


def figures_table(series: Sequence[Series], known: set[str]) -> str:
    rows = []
    points = [(s, p) for s in series for p in s.points]
    for s, p in sorted(points, key=lambda sp: (sp[1].date, sp[0].measure)):
        claims = "".join(_claim_item(c, known) for c in p.claims)
        flag = badge("sources disagree", "disagree") if p.disagreement else ""
        struck = badge("excluded", "info") if p.excluded else ""
        status = f" <small>({esc(s.status)})</small>" if s.status else ""
        rows.append([
            esc(p.date.isoformat()),
            esc(s.measure) + status,
            esc(KIND_WORDS[s.kind]),
            f'<span class="num">{esc(fmt_number(p.value))}</span> {flag}{struck}',
            f'<ul class="claims">{claims}</ul>',
        ])  # fmt: skip
    if not rows:
        return '<p class="empty">No figures.</p>'
    return table(
        ["Date", "Measure", "Kind", "Value", "Claims (source, quote)"], rows, css="figures"
    )


def _claim_item(claim: Claim, known: set[str]) -> str:
    href = claim_link(claim, known)
    quote = f"“{esc(claim.quote)}”"
    quote = f'<a href="{esc(href)}">{quote}</a>' if href else quote
    via = f" via {esc(claim.outlet)}" if claim.outlet and claim.outlet != claim.source else ""
    item = (
        f"<b>{esc(fmt_number(claim.value))}</b> — {esc(claim_source(claim))}{via}: "
        f'<span class="quote">{quote}</span>'
    )
    if claim.excluded is not None:
        reason = esc(claim.excluded.reason)
        return f'<li class="excluded"><s>{item}</s> <small>excluded: {reason}</small></li>'
    return f"<li>{item}</li>"


def response_timeline(event: Event, known: set[str]) -> str:
    items: list[tuple[date | None, str]] = []
    for r in event.reports:
        items.append(
            (r.date, _timeline_item("report", r.document, r.date, "<b>report</b>", r.quote, known))
        )
    for m in event.measures:
        where = f" ({esc(m.country)})" if m.country else ""
        head = f"<b>{esc(m.kind.replace('_', ' '))}</b>{where}"
        items.append((m.date, _timeline_item("measure", m.document, m.date, head, m.quote, known)))
    for res in event.resources:
        qty = fmt_number(res.quantity) if res.quantity is not None else ""
        what = " ".join(esc(w) for w in (qty, res.unit, res.item) if w)
        route = (
            f" {esc(res.from_country or '?')} → {esc(res.to_country or '?')}"
            if res.from_country or res.to_country
            else ""
        )
        action = f" · {esc(res.action)}" if res.action else ""
        head = f"<b>{what}</b>{route}{action}"
        items.append(
            (res.date, _timeline_item("aid", res.document, res.date, head, res.quote, known))
        )
    if not items:
        return '<p class="empty">No reports, measures or supplies.</p>'
    items.sort(key=lambda x: (x[0] is None, x[0] or date.min))
    return '<ul class="timeline">' + "".join(html for _, html in items) + "</ul>"


def _timeline_item(
    css: str, doc_id: str, when: date | None, head: str, quote: str, known: set[str]
) -> str:
    link = f' <a href="{esc(doc_file(doc_id))}">document</a>' if doc_id in known else ""
    day = esc(when.isoformat()) if when else "undated"
    return (
        f'<li class="{css}"><span class="when">{day}</span>{head}{link}'
        f'<div class="quote">“{esc(quote)}”</div></li>'
    )


def flags_section(flags: Sequence[Flag]) -> str:
    if not flags:
        return '<p class="empty">No plausibility problems found.</p>'
    out = []
    for flag in flags:
        explain = FLAG_EXPLANATIONS.get(flag.kind, "")
        facts = ""
        if flag.evidence:
            facts = (
                "<br><small>"
                + "; ".join(
                    f"{esc(k.replace('_', ' '))}: "
                    f"{esc(_percent(v) if k == 'cfr' else _evidence_value(v))}"
                    for k, v in flag.evidence.items()
                    if k not in ("quotes", "documents")
                )
                + "</small>"
            )
        where = f" in {esc(flag.admin1)}" if flag.admin1 else ""
        out.append(
            f'<div class="flag {esc(flag.severity)}">{badge(flag.severity, flag.severity)} '
            f"<b>{esc(flag.kind.replace('_', ' '))}</b>{where} — {esc(flag.message)}<br>"
            f"{esc(explain)}{facts}</div>"
        )
    return "".join(out)


def _evidence_value(value: JSONValue) -> str:
    """Evidence in words: figures with their dates, ranges as percentages; the quotes
    behind them are shown with the series, not repeated here."""
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


def documents_list(docs: Iterable[DocumentRef], known: set[str]) -> str:
    rows = []
    for doc in sorted(docs, key=lambda d: (d.published or date.min, d.id)):
        title = esc(doc.title or doc.id)
        if doc.id in known:
            title = f'<a href="{esc(doc_file(doc.id))}">{title}</a>'
        url = safe_href(doc.url)
        original = f'<a href="{url}" rel="noopener noreferrer">original</a>' if url else ""
        outlets = ", ".join(esc(o) for o in doc.outlets)
        published = esc(doc.published.isoformat()) if doc.published else ""
        rows.append([published, title, esc(doc.source), outlets, original])
    if not rows:
        return '<p class="empty">No documents.</p>'
    return table(["Published", "Title", "Outlet", "Carried by", "Link"], rows)


def area_charts(series: Sequence[Series], known: set[str]) -> str:
    """Charts of the national series, then of each area with series of its own."""
    colors = source_colors(claim_source(c) for s in series for p in s.points for c in p.claims)
    areas = sorted({s.admin1 for s in series}, key=lambda a: (a is not None, a or ""))
    out = []
    for admin1 in areas:
        members = [s for s in series if s.admin1 == admin1]
        charts = "".join(chart_for(t, group, colors, known) for t, group in chart_groups(members))
        if admin1 is not None:
            out.append(f"<h3>{esc(admin1)}</h3>")
        out.append(f'<div class="charts">{charts or NO_CHARTS}</div>')
    return "".join(out) or NO_CHARTS


def event_body(event: Event, known: set[str], country_name: str) -> str:
    areas = f" (+{', '.join(event.areas)})" if event.areas else ""
    latest = event.latest
    stats = "".join(
        f'<div class="stat"><b>{esc(fmt_number(v))}</b><span>{esc(k.replace("_", " "))}</span></div>'
        for k, v in latest.values.items()
    )
    as_of = f" · figures as of {esc(latest.as_of.isoformat())}" if latest.as_of else ""
    if latest.area:
        as_of += f" (no national figure: those of {esc(latest.area)})"
    code = f" ({esc(event.disease.icd10)})" if event.disease.icd10 else ""
    return (
        f"<h1>{esc(event.disease.name)}{code} — {esc(country_name)}{esc(areas)}</h1>"
        f'<p class="sub">Score <span class="score">{esc(fmt_number(event.score))}</span> · '
        f"{esc(event.first_seen.isoformat())} to {esc(event.last_seen.isoformat())}{as_of}</p>"
        f'<p class="reason">{esc(event.reason)}</p>'
        f'<div class="stats">{stats}</div>'
        f"<h2>Plausibility</h2>{flags_section(event.flags)}"
        f"<h2>Time series</h2>{area_charts(event.series, known)}"
        f"<h2>Figures and quotes</h2>{figures_table(event.series, known)}"
        f"<h2>Timeline: reports, measures and supplies</h2>{response_timeline(event, known)}"
        f"<h2>Documents ({len(event.documents)})</h2>{documents_list(event.documents, known)}"
    )
