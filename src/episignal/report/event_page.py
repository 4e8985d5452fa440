"""The page of one event: figures, charts, quotes, flags, responses, documents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

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
MEASURE_ORDER = ("cases", "deaths", "recovered", "active", "hospitalised", "tested", "vaccinated")

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


def parse_day(value: object) -> date | None:
    """An ISO date (or the date part of an ISO timestamp), else None."""
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def claim_source(claim: Mapping[str, Any]) -> str:
    """Who a claim is attributed to: the named source, else the outlet that carried it."""
    return str(claim.get("source") or claim.get("outlet") or "unattributed")


def claim_link(claim: Mapping[str, Any], known_docs: set[str]) -> str:
    """Link to the quoted span on the document page (empty when that page is not written)."""
    doc_id = claim.get("document")
    span = claim.get("span")
    if doc_id is None or str(doc_id) not in known_docs:
        return ""
    if isinstance(span, Sequence) and len(span) == 2:
        return f"{doc_file(doc_id)}#{span_anchor(int(span[0]), int(span[1]))}"
    return doc_file(doc_id)


def series_groups(series: Sequence[Mapping[str, Any]]) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """Series points grouped into charts: one per (measure, total/new, species)."""
    groups: dict[tuple[int, str, int, str], list[Mapping[str, Any]]] = {}
    for point in series:
        measure = str(point.get("measure") or "count")
        rank = MEASURE_ORDER.index(measure) if measure in MEASURE_ORDER else len(MEASURE_ORDER)
        cumulative = point.get("cumulative")
        kind_rank = 0 if cumulative is True else 1 if cumulative is False else 2
        species = str(point.get("species") or "human")
        groups.setdefault((rank, measure, kind_rank, species), []).append(point)
    titled = []
    for (_, measure, kind_rank, species), points in sorted(groups.items()):
        kind = ("cumulative", "new", "unspecified")[kind_rank]
        animal = " (animals)" if species != "human" else ""
        titled.append((f"{measure.capitalize()}{animal}, {kind}", points))
    return titled


def chart_for(
    title: str, points: Sequence[Mapping[str, Any]], colors: dict[str, str], known: set[str]
) -> str:
    lines: dict[str, list[tuple[date, float]]] = {}
    marks: list[ClaimMark] = []
    for point in points:
        day = parse_day(point.get("date"))
        if day is None:
            continue
        if isinstance(point.get("value"), int | float):
            lines.setdefault(str(point.get("status") or "reported"), []).append(
                (day, float(point["value"]))
            )
        for claim in point.get("claims") or []:
            if not isinstance(claim.get("value"), int | float):
                continue
            tooltip = f"“{claim.get('quote') or ''}” — {claim.get('outlet') or ''}"
            marks.append(
                ClaimMark(
                    day,
                    float(claim["value"]),
                    claim_source(claim),
                    tooltip,
                    claim_link(claim, known),
                )
            )
    svg = line_chart(title, [SeriesLine(k, tuple(v)) for k, v in lines.items()], marks, colors)
    if not svg:
        return ""
    used = {m.source: colors[m.source] for m in marks if m.source in colors}
    return (
        f'<figure class="chart">{svg}{legend(used, list(lines) if len(lines) > 1 else [])}</figure>'
    )


def figures_table(series: Sequence[Mapping[str, Any]], known: set[str]) -> str:
    rows = []
    for point in sorted(series, key=lambda p: (str(p.get("date")), str(p.get("measure")))):
        kind = _kind_word(point.get("cumulative"))
        claims = "".join(_claim_item(c, known) for c in point.get("claims") or [])
        flag = badge("sources disagree", "disagree") if point.get("disagreement") else ""
        rows.append([
            esc(point.get("date")),
            esc(point.get("measure")) + (f" <small>({esc(point['status'])})</small>" if point.get("status") else ""),
            esc(kind),
            f'<span class="num">{esc(fmt_number(point.get("value")))}</span> {flag}',
            f'<ul class="claims">{claims}</ul>',
        ])  # fmt: skip
    if not rows:
        return '<p class="empty">No figures.</p>'
    return table(
        ["Date", "Measure", "Kind", "Value", "Claims (source, quote)"], rows, css="figures"
    )


def _kind_word(cumulative: object) -> str:
    if cumulative is True:
        return "total"
    return "new" if cumulative is False else ""


def _claim_item(claim: Mapping[str, Any], known: set[str]) -> str:
    href = claim_link(claim, known)
    quote = f"“{esc(claim.get('quote'))}”"
    quote = f'<a href="{esc(href)}">{quote}</a>' if href else quote
    outlet = claim.get("outlet")
    via = f" via {esc(outlet)}" if outlet and outlet != claim.get("source") else ""
    return (
        f"<li><b>{esc(fmt_number(claim.get('value')))}</b> — {esc(claim_source(claim))}{via}: "
        f'<span class="quote">{quote}</span></li>'
    )


def response_timeline(event: Mapping[str, Any], known: set[str]) -> str:
    items: list[tuple[str, str]] = []
    for m in event.get("measures") or []:
        where = f" ({esc(m['country'])})" if m.get("country") else ""
        text = f"<b>{esc(str(m.get('kind') or 'measure').replace('_', ' '))}</b>{where}"
        items.append((str(m.get("date") or ""), _timeline_item("measure", m, text, known)))
    for r in event.get("resources") or []:
        qty = fmt_number(r.get("quantity")) if r.get("quantity") is not None else ""
        what = " ".join(esc(w) for w in (qty, r.get("unit"), r.get("item")) if w)
        route = (
            f" {esc(r.get('from') or '?')} → {esc(r.get('to') or '?')}"
            if r.get("from") or r.get("to")
            else ""
        )
        action = f" · {esc(r['action'])}" if r.get("action") else ""
        items.append(
            (
                str(r.get("date") or ""),
                _timeline_item("aid", r, f"<b>{what}</b>{route}{action}", known),
            )
        )
    if not items:
        return '<p class="empty">No measures or supplies reported.</p>'
    items.sort(key=lambda x: (x[0] == "", x[0]))
    return '<ul class="timeline">' + "".join(html for _, html in items) + "</ul>"


def _timeline_item(css: str, item: Mapping[str, Any], head: str, known: set[str]) -> str:
    doc_id = item.get("document")
    link = (
        f' <a href="{esc(doc_file(doc_id))}">document</a>'
        if doc_id is not None and str(doc_id) in known
        else ""
    )
    when = esc(item.get("date") or "undated")
    return (
        f'<li class="{css}"><span class="when">{when}</span>{head}{link}'
        f'<div class="quote">“{esc(item.get("quote"))}”</div></li>'
    )


def flags_section(flags: Sequence[Mapping[str, Any]]) -> str:
    if not flags:
        return '<p class="empty">No plausibility problems found.</p>'
    out = []
    for flag in flags:
        kind = str(flag.get("kind") or "")
        severity = str(flag.get("severity") or "warning")
        explain = FLAG_EXPLANATIONS.get(kind, "")
        evidence = flag.get("evidence") or {}
        facts = ""
        if isinstance(evidence, Mapping) and evidence:
            facts = (
                "<br><small>"
                + "; ".join(
                    f"{esc(k.replace('_', ' '))}: "
                    f"{esc(_percent(v) if k == 'cfr' else _evidence_value(v))}"
                    for k, v in evidence.items()
                    if k not in ("quotes", "documents")
                )
                + "</small>"
            )
        out.append(
            f'<div class="flag {esc(severity)}">{badge(severity, severity)} <b>{esc(kind.replace("_", " "))}</b>'
            f" — {esc(flag.get('message'))}<br>{esc(explain)}{facts}</div>"
        )
    return "".join(out)


def _evidence_value(value: object) -> str:
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
    if isinstance(value, list):
        return ", ".join(_evidence_value(v) for v in value[:10])
    return str(value)


def _evidence_mapping(value: Mapping[str, Any]) -> str:
    if "value" in value and "date" in value:  # a point of the series
        status = f" {value['status']}" if value.get("status") else ""
        return f"{_evidence_value(value['value'])}{status} as of {value['date']}"
    if "low" in value and "high" in value:  # a reference range
        where = "; ".join(str(value[k]) for k in ("basis", "source") if value.get(k))
        return f"{_percent(value['low'])}–{_percent(value['high'])}" + (
            f" ({where})" if where else ""
        )
    return "; ".join(
        f"{k}: {_evidence_value(v)}" for k, v in value.items() if k not in ("quotes", "documents")
    )


def _percent(value: object) -> str:
    return f"{float(value) * 100:.3g}%" if isinstance(value, int | float) else str(value)


def documents_list(docs: Sequence[Mapping[str, Any]], known: set[str]) -> str:
    rows = []
    for doc in sorted(docs, key=lambda d: str(d.get("published") or "")):
        doc_id = doc.get("id")
        title = esc(doc.get("title") or doc_id)
        if doc_id is not None and str(doc_id) in known:
            title = f'<a href="{esc(doc_file(doc_id))}">{title}</a>'
        url = safe_href(doc.get("url"))
        original = f'<a href="{url}" rel="noopener noreferrer">original</a>' if url else ""
        outlets = ", ".join(esc(o) for o in doc.get("outlets") or [])
        rows.append([esc(doc.get("published")), title, esc(doc.get("source")), outlets, original])
    if not rows:
        return '<p class="empty">No documents.</p>'
    return table(["Published", "Title", "Outlet", "Carried by", "Link"], rows)


def event_body(event: Mapping[str, Any], known: set[str], country_name: str) -> str:
    disease = event.get("disease") or {}
    place = country_name + (f", {event['admin1']}" if event.get("admin1") else "")
    series = event.get("series") or []
    colors = source_colors(claim_source(c) for p in series for c in p.get("claims") or [])
    charts = "".join(chart_for(t, pts, colors, known) for t, pts in series_groups(series))
    latest = event.get("latest") or {}
    stats = "".join(
        f'<div class="stat"><b>{esc(fmt_number(v))}</b><span>{esc(str(k).replace("_", " "))}</span></div>'
        for k, v in latest.items()
        if k != "as_of"
    )
    as_of = f" · figures as of {esc(latest['as_of'])}" if latest.get("as_of") else ""
    code = f" ({esc(disease.get('icd10'))})" if disease.get("icd10") else ""
    return (
        f"<h1>{esc(disease.get('name') or 'Unknown disease')}{code} — {esc(place)}</h1>"
        f'<p class="sub">Score <span class="score">{esc(fmt_number(event.get("score")))}</span> · '
        f"{esc(event.get('first_seen'))} to {esc(event.get('last_seen'))}{as_of}</p>"
        f'<p class="reason">{esc(event.get("reason"))}</p>'
        f'<div class="stats">{stats}</div>'
        f"<h2>Plausibility</h2>{flags_section(event.get('flags') or [])}"
        f'<h2>Time series</h2><div class="charts">{charts or NO_CHARTS}</div>'
        f"<h2>Figures and quotes</h2>{figures_table(series, known)}"
        f"<h2>Response: measures and supplies</h2>{response_timeline(event, known)}"
        f"<h2>Documents ({len(event.get('documents') or [])})</h2>"
        f"{documents_list(event.get('documents') or [], known)}"
    )
