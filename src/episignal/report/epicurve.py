"""Epidemic curves: new counts as bars, running totals as lines that break across gaps.

Shared by the workbench's event page (and meant for the static report's): a chart per
measure, claims drawn as dots coloured by source, dates where sources disagree marked with
a red band, and a legend that says so. No ``style`` attributes anywhere, so the SVG and the
legend render under a Content-Security-Policy without ``'unsafe-inline'``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from episignal.report.charts import (
    HEIGHT,
    LINE_DASHES,
    MARGIN_BOTTOM,
    PALETTE,
    WIDTH,
    ClaimMark,
    SeriesLine,
    _claim_marks,
    _disagreement_bars,
    _Frame,
    axis_top,
)
from episignal.report.markup import esc, fmt_number

GAP_DAYS = 14  # running-total reports further apart than this are not joined by a line
BAR_COLOR = "#7b9acc"
ClaimHref = Callable[[Mapping[str, Any]], str]


def split_at_gaps(
    points: Sequence[tuple[date, float]], gap_days: int = GAP_DAYS
) -> list[list[tuple[date, float]]]:
    """Runs of points no more than ``gap_days`` apart (each run is drawn as one line)."""
    runs: list[list[tuple[date, float]]] = []
    for day, value in sorted(points):
        if runs and (day - runs[-1][-1][0]).days <= gap_days:
            runs[-1].append((day, value))
        else:
            runs.append([(day, value)])
    return runs


def time_chart(
    title: str,
    lines: Sequence[SeriesLine],
    claims: Sequence[ClaimMark],
    colors: dict[str, str],
    *,
    bars: bool,
) -> str:
    """One SVG: bars (new counts) or gap-broken lines (totals), with the claims on top."""
    days = [d for line in lines for d, _ in line.points] + [c.day for c in claims]
    values = [v for line in lines for _, v in line.points] + [c.value for c in claims]
    if not days:
        return ""
    first, last = min(days), max(days)
    if bars:  # half a day of room either side, so the first and last bars are whole
        first = date.fromordinal(first.toordinal() - 1)
        last = date.fromordinal(last.toordinal() + 1)
    frame = _Frame(first, last, axis_top(max(values)))
    drawn = _bars(frame, lines) if bars else "".join(_lines(frame, lines))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'class="series-chart" aria-label="{esc(title)}"><title>{esc(title)}</title>'
        f'<text x="58" y="18" font-size="13" font-weight="600" fill="#1f2933">{esc(title)}</text>'
        f"{frame.axes()}{drawn}{_disagreement_bars(frame, claims)}"
        f"{''.join(_claim_marks(frame, claims, colors))}</svg>"
    )


def _bars(frame: _Frame, lines: Sequence[SeriesLine]) -> str:
    """One bar per date and status (side by side when several statuses share a date)."""
    span = max(1, frame.last.toordinal() - frame.first.toordinal())
    slot = frame.plot_w / span * 0.8
    out = []
    for i, line in enumerate(lines):
        width = max(1.5, slot / max(1, len(lines)))
        for day, value in line.points:
            x = frame.x(day) - slot / 2 + i * width
            y = frame.y(value)
            base = HEIGHT - MARGIN_BOTTOM
            out.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
                f'height="{max(0.5, base - y):.1f}" fill="{BAR_COLOR}" fill-opacity="{1 - 0.3 * i:.1f}">'
                f"<title>{esc(line.label)} {day.isoformat()}: {esc(fmt_number(value))}</title></rect>"
            )
    return "".join(out)


def _lines(frame: _Frame, lines: Sequence[SeriesLine]) -> list[str]:
    out = []
    for i, line in enumerate(lines):
        dash = LINE_DASHES[i % len(LINE_DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        for run in split_at_gaps(line.points):
            if len(run) < 2:
                continue  # a lone point is shown by its claim dots
            coords = " ".join(f"{frame.x(d):.1f},{frame.y(v):.1f}" for d, v in run)
            out.append(
                f'<polyline class="series-line" fill="none" stroke="#52606d" stroke-width="2"'
                f'{dash_attr} points="{coords}"><title>{esc(line.label)}</title></polyline>'
            )
    return out


def chart_legend(colors: Mapping[str, str], statuses: Sequence[str], disagreement: bool) -> str:
    """HTML legend with SVG swatches: sources, status lines, and the disagreement band."""
    items = [
        f'<span><svg width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="5" '
        f'fill="{esc(color)}"/></svg> {esc(source)}</span>'
        for source, color in colors.items()
    ]
    for i, label in enumerate(statuses):
        dash = LINE_DASHES[i % len(LINE_DASHES)]
        items.append(
            '<span><svg width="22" height="8" aria-hidden="true"><line x1="0" y1="4" x2="22" '
            f'y2="4" stroke="#52606d" stroke-width="2" stroke-dasharray="{dash}"/></svg> '
            f"{esc(label)}</span>"
        )
    if disagreement:
        items.append(
            '<span><svg width="10" height="14" aria-hidden="true"><line x1="5" y1="1" x2="5" '
            'y2="13" stroke="#f8b4b4" stroke-width="8"/></svg> sources disagree on this date: '
            "each dot is one source's figure</span>"
        )
    return f'<div class="legend">{"".join(items)}</div>'


def point_chart(
    title: str,
    points: Sequence[Mapping[str, Any]],
    colors: dict[str, str],
    href: ClaimHref,
    source_of: Callable[[Mapping[str, Any]], str],
) -> str:
    """A figure (chart + legend) for the points of one measure and kind; excluded claims
    and points are left out. Empty when nothing is dated."""
    lines: dict[str, list[tuple[date, float]]] = {}
    marks: list[ClaimMark] = []
    for point in points:
        day = _day(point.get("date"))
        if day is None or point.get("excluded"):
            continue
        lines.setdefault(str(point.get("status") or "reported"), []).append(
            (day, float(point["value"]))
        )
        for claim in point.get("claims") or []:
            if claim.get("excluded") or not isinstance(claim.get("value"), int | float):
                continue
            tip = f"“{claim.get('quote') or ''}” — {claim.get('outlet') or ''}"
            marks.append(ClaimMark(day, float(claim["value"]), source_of(claim), tip, href(claim)))
    bars = any(p.get("cumulative") is False for p in points)
    svg = time_chart(
        title, [SeriesLine(k, tuple(v)) for k, v in lines.items()], marks, colors, bars=bars
    )
    if not svg:
        return ""
    used = {m.source: colors.get(m.source, PALETTE[-1]) for m in marks}
    disagree = any(p.get("disagreement") and not p.get("excluded") for p in points)
    statuses = list(lines) if len(lines) > 1 and not bars else []
    return f'<figure class="chart">{svg}{chart_legend(used, statuses, disagree)}</figure>'


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
