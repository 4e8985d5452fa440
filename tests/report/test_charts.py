"""Inline SVG charts: scales, markers per claim, colours per source, escaping."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from episignal.report.charts import (
    PALETTE,
    ClaimMark,
    SeriesLine,
    axis_top,
    legend,
    line_chart,
    nice_ceiling,
    source_colors,
)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 1.0),
        (-5, 1.0),
        (1, 1.0),
        (1.1, 2.0),
        (2.2, 2.5),
        (3, 5.0),
        (7, 10.0),
        (725_000, 1_000_000),
        (17, 20),
    ],
)
def test_nice_ceiling(value: float, expected: float) -> None:
    assert nice_ceiling(value) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("highest", "expected"), [(2_900_000, 4_000_000), (392_000, 400_000), (68, 80), (1, 4)]
)
def test_axis_top_is_four_round_steps(highest: float, expected: float) -> None:
    assert axis_top(highest) == pytest.approx(expected)


def test_source_colors_are_stable_and_cycle() -> None:
    colors = source_colors(["KCNA", "RFA", "KCNA", *[f"s{i}" for i in range(12)]])
    assert colors["KCNA"] == PALETTE[0] and colors["RFA"] == PALETTE[1]
    assert list(colors)[:2] == ["KCNA", "RFA"]
    assert colors["s8"] == PALETTE[0]  # the eleventh source reuses the first colour


def claims() -> list[ClaimMark]:
    return [
        ClaimMark(date(2022, 5, 16), 1_213_550, "KCNA", "quote one", "doc-a.html#span-1-9"),
        ClaimMark(date(2022, 5, 16), 1_480_000, "<b>RFA</b>", "quote <two>"),
        ClaimMark(date(2022, 5, 27), 2_900_000, "KCNA", "quote three"),
    ]


def test_line_chart_has_one_marker_per_claim_coloured_by_source() -> None:
    marks = claims()
    colors = source_colors(m.source for m in marks)
    line = SeriesLine("reported", ((date(2022, 5, 16), 1_213_550), (date(2022, 5, 27), 2_900_000)))
    svg = line_chart("Cases, cumulative", [line], marks, colors)
    root = ET.fromstring(svg)  # well-formed XML: nothing unescaped broke it
    circles = root.findall(f".//{SVG}circle")
    assert len(circles) == 3
    assert [c.get("fill") for c in circles] == [PALETTE[0], PALETTE[1], PALETTE[0]]
    tips = [c.find(f"{SVG}title").text or "" for c in circles]  # type: ignore[union-attr]
    assert "1,480,000 (<b>RFA</b>)" in tips[1] and "quote <two>" in tips[1]
    assert root.findall(f".//{SVG}a")[0].get("href") == "doc-a.html#span-1-9"
    assert len(root.findall(f".//{SVG}polyline")) == 1
    assert len(root.findall(f".//{SVG}line[@class='disagreement']")) == 1  # only 16 May disagrees


def test_line_chart_places_higher_values_higher() -> None:
    svg = line_chart("t", [], claims(), source_colors(["KCNA", "<b>RFA</b>"]))
    ys = [float(y) for y in re.findall(r'class="claim" cx="[\d.]+" cy="([\d.]+)"', svg)]
    assert ys[0] > ys[1] > ys[2]  # SVG y grows downwards


def test_line_chart_with_a_single_date_does_not_divide_by_zero() -> None:
    svg = line_chart("t", [], [ClaimMark(date(2022, 5, 17), 392_000, "officials", "q")], {})
    cx = float(re.findall(r'cx="([\d.]+)"', svg)[0])
    assert 200 < cx < 400  # in the middle of the plot


def test_line_chart_without_data_is_empty() -> None:
    assert line_chart("t", [], [], {}) == ""


def test_legend_escapes_and_shows_status_lines() -> None:
    html = legend({"<i>x</i>": "#000"}, ["confirmed", "suspected"])
    assert "<i>x</i>" not in html and "&lt;i&gt;x&lt;/i&gt;" in html
    assert html.count("stroke-dasharray") == 2


def test_running_totals_weeks_apart_are_not_joined() -> None:
    from datetime import date

    from episignal.report.charts import SeriesLine, line_chart

    days = [date(2023, 1, 1), date(2023, 1, 8), date(2023, 3, 1), date(2023, 3, 5)]
    line = SeriesLine("reported", tuple((d, float(10 * (i + 1))) for i, d in enumerate(days)))
    svg = line_chart("Cases", [line], [], {})
    assert svg.count('class="series-line"') == 2  # January, then March: no line across


def test_new_counts_are_bars() -> None:
    from datetime import date

    from episignal.report.charts import SeriesLine, line_chart

    line = SeriesLine("reported", ((date(2023, 1, 1), 5.0), (date(2023, 1, 2), 9.0)))
    svg = line_chart("New cases", [line], [], {}, bars=True)
    assert svg.count('class="series-bar"') == 2 and "series-line" not in svg


def test_charts_at_the_edges_of_the_calendar() -> None:
    from datetime import date

    from episignal.report.charts import SeriesLine, line_chart

    for day in (date.min, date.max):
        assert "series-bar" in line_chart("x", [SeriesLine("r", ((day, 3.0),))], [], {}, bars=True)
