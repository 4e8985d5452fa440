"""Inline SVG time-series charts (no JavaScript, no library).

A chart shows one quantity over time: running totals as a line through the value chosen
for each date (one line per status when several are reported; a line is not drawn across
a silence of more than MAX_JOIN_DAYS, which would invent the figures in between), new
counts as bars (an epidemic curve), and one marker per claim, coloured by the source that
made it, so disagreeing reports are visible side by side. Markers carry a ``<title>``
tooltip (quote, outlet) and link to the quoted span. The one chart module of the static
report and the workbench; nothing here uses ``style`` attributes (the workbench's CSP).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from episignal.report.markup import esc, fmt_number, fmt_short

PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
    "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
)  # fmt: skip
LINE_DASHES = ("", "6 3", "2 3", "8 3 2 3")
WIDTH, HEIGHT = 560, 260
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 58, 24, 30, 34
Y_STEPS = 4
MAX_JOIN_DAYS = 14  # running totals further apart are not joined by a line
BAR_WIDTH = 8.0


@dataclass(frozen=True)
class ClaimMark:
    """One reported figure: where it goes, who said it, and where the quote is."""

    day: date
    value: float
    source: str
    tooltip: str
    href: str = ""


@dataclass(frozen=True)
class SeriesLine:
    """The chosen value per date for one status (e.g. "confirmed")."""

    label: str
    points: tuple[tuple[date, float], ...]


def source_colors(sources: Iterable[str]) -> dict[str, str]:
    """A stable colour per source, in order of first appearance (the palette repeats)."""
    colors: dict[str, str] = {}
    for source in sources:
        if source not in colors:
            colors[source] = PALETTE[len(colors) % len(PALETTE)]
    return colors


def nice_ceiling(value: float) -> float:
    """The smallest 1/2/2.5/5 x 10^k at or above ``value`` (an axis maximum)."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if value <= step * power + 1e-9 * power:
            return step * power
    return 10.0 * power


def axis_top(highest: float) -> float:
    """The y-axis maximum: ``Y_STEPS`` round steps (whole numbers: these are counts) that
    reach at least ``highest``."""
    return Y_STEPS * max(1.0, nice_ceiling(highest / Y_STEPS))


def line_chart(
    title: str,
    lines: Sequence[SeriesLine],
    claims: Sequence[ClaimMark],
    colors: dict[str, str],
    *,
    bars: bool = False,
) -> str:
    """An SVG chart (``bars``: the lines' values as bars); "" when there is nothing to draw."""
    days = [d for line in lines for d, _ in line.points] + [c.day for c in claims]
    values = [v for line in lines for _, v in line.points] + [c.value for c in claims]
    if not days:
        return ""
    frame = _Frame(min(days), max(days), axis_top(max(values)))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'class="series-chart" aria-label="{esc(title)}">',
        f"<title>{esc(title)}</title>",
        f'<text x="{MARGIN_LEFT}" y="18" font-size="13" font-weight="600" fill="#1f2933">'
        f"{esc(title)}</text>",
        frame.axes(),
        *(
            _bars(frame, line, i, len(lines))
            if bars
            else _line_path(frame, line, LINE_DASHES[i % len(LINE_DASHES)])
            for i, line in enumerate(lines)
        ),
        _disagreement_bars(frame, claims),
        *_claim_marks(frame, claims, colors),
        "</svg>",
    ]
    return "".join(parts)


def legend(
    colors: Mapping[str, str], lines: Sequence[str] = (), *, disagreement: bool = False
) -> str:
    """HTML legend of a chart: a dot per source, a dash style per status line and, when
    some date has disagreeing sources, the red band that marks it.

    Swatches are small SVGs with presentation attributes, never ``style=`` attributes, so
    the legend renders under a Content-Security-Policy without ``'unsafe-inline'``.
    """
    items = [
        '<span><svg width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="5" '
        f'fill="{esc(color)}"/></svg> {esc(source)}</span>'
        for source, color in colors.items()
    ]
    for i, label in enumerate(lines):
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


class _Frame:
    """Maps dates and values to chart pixels and draws the axes."""

    def __init__(self, first: date, last: date, top: float) -> None:
        if first == last:  # one date: give it a day either side so it sits in the middle
            # (within the calendar: a feed's zero time is 0001-01-01)
            first = date.fromordinal(max(1, first.toordinal() - 1))
            last = date.fromordinal(min(date.max.toordinal(), last.toordinal() + 1))
            if first == last:
                last = date.fromordinal(first.toordinal() + 1)
        self.first, self.last, self.top = first, last, top
        self.plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
        self.plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def x(self, day: date) -> float:
        span = self.last.toordinal() - self.first.toordinal()
        return MARGIN_LEFT + self.plot_w * (day.toordinal() - self.first.toordinal()) / span

    def y(self, value: float) -> float:
        return MARGIN_TOP + self.plot_h * (1.0 - value / self.top)

    def axes(self) -> str:
        out = ['<g class="axes" font-size="11" fill="#616e7c">']
        for i in range(Y_STEPS + 1):
            value = self.top * i / Y_STEPS
            y = self.y(value)
            out.append(
                f'<line x1="{MARGIN_LEFT}" y1="{y:.1f}" x2="{WIDTH - MARGIN_RIGHT}" y2="{y:.1f}" '
                f'stroke="{"#9aa5b1" if i == 0 else "#e4e7eb"}"/>'
                f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{fmt_short(value)}</text>'
            )
        for day in self.date_ticks():
            x = self.x(day)
            out.append(
                f'<line x1="{x:.1f}" y1="{HEIGHT - MARGIN_BOTTOM}" x2="{x:.1f}" '
                f'y2="{HEIGHT - MARGIN_BOTTOM + 4}" stroke="#9aa5b1"/>'
                f'<text x="{x:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 17}" text-anchor="middle">'
                f"{day.strftime('%d %b')}</text>"
            )
        out.append("</g>")
        return "".join(out)

    def date_ticks(self, most: int = 6) -> list[date]:
        first, last = self.first.toordinal(), self.last.toordinal()
        step = max(1, math.ceil((last - first) / (most - 1)))
        return [date.fromordinal(o) for o in range(first, last + 1, step)]


def _line_path(frame: _Frame, line: SeriesLine, dash: str) -> str:
    """One polyline per run of dates no more than MAX_JOIN_DAYS apart."""
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    paths = []
    for run in _runs(sorted(line.points)):
        if len(run) < 2:
            continue  # a lone figure is shown by its claims' markers
        coords = " ".join(f"{frame.x(d):.1f},{frame.y(v):.1f}" for d, v in run)
        paths.append(
            f'<polyline class="series-line" fill="none" stroke="#52606d" stroke-width="2"'
            f'{dash_attr} points="{coords}"><title>{esc(line.label)}</title></polyline>'
        )
    return "".join(paths)


def _runs(points: Sequence[tuple[date, float]]) -> list[list[tuple[date, float]]]:
    runs: list[list[tuple[date, float]]] = []
    for day, value in points:
        if not runs or (day - runs[-1][-1][0]).days > MAX_JOIN_DAYS:
            runs.append([])
        runs[-1].append((day, value))
    return runs


def _bars(frame: _Frame, line: SeriesLine, index: int, count: int) -> str:
    """New counts as bars from the axis; several status lines side by side."""
    width = BAR_WIDTH / max(count, 1)
    offset = (index - (count - 1) / 2) * width
    base = frame.y(0.0)
    rects = []
    for day, value in sorted(line.points):
        top = frame.y(value)
        x = frame.x(day) + offset - width / 2
        rects.append(
            f'<rect class="series-bar" x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" '
            f'height="{max(base - top, 0.5):.1f}" fill="#9aa5b1" fill-opacity=".7">'
            f"<title>{esc(line.label)}: {fmt_number(value)} on {day.isoformat()}</title></rect>"
        )
    return "".join(rects)


def _disagreement_bars(frame: _Frame, claims: Sequence[ClaimMark]) -> str:
    """A faint red bar spanning the claims of a date that do not agree."""
    by_day: dict[date, list[float]] = {}
    for claim in claims:
        by_day.setdefault(claim.day, []).append(claim.value)
    bars = []
    for day, values in sorted(by_day.items()):
        low, high = min(values), max(values)
        if high > low:
            x = frame.x(day)
            bars.append(
                f'<line class="disagreement" x1="{x:.1f}" y1="{frame.y(low):.1f}" x2="{x:.1f}" '
                f'y2="{frame.y(high):.1f}" stroke="#f8b4b4" stroke-width="8" stroke-linecap="round"/>'
            )
    return "".join(bars)


def _claim_marks(frame: _Frame, claims: Sequence[ClaimMark], colors: dict[str, str]) -> list[str]:
    """One circle per claim; claims of the same date are spread a little so all show."""
    seen: dict[date, int] = {}
    per_day: dict[date, int] = {}
    for claim in claims:
        per_day[claim.day] = per_day.get(claim.day, 0) + 1
    marks = []
    for claim in claims:
        index = seen.get(claim.day, 0)
        seen[claim.day] = index + 1
        offset = (index - (per_day[claim.day] - 1) / 2) * 5.0
        x, y = frame.x(claim.day) + offset, frame.y(claim.value)
        color = colors.get(claim.source, PALETTE[-1])
        tip = (
            f"{claim.day.isoformat()}: {fmt_number(claim.value)} ({claim.source})\n{claim.tooltip}"
        )
        circle = (
            f'<circle class="claim" cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{color}" '
            f'stroke="#fff" stroke-width="1.2"><title>{esc(tip)}</title></circle>'
        )
        marks.append(f'<a href="{esc(claim.href)}">{circle}</a>' if claim.href else circle)
    return marks
