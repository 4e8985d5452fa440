"""Epidemic curves, gap-broken lines and the map's zoom."""

from __future__ import annotations

from datetime import date

from episignal.report.charts import SeriesLine
from episignal.report.epicurve import split_at_gaps, time_chart
from episignal.serve.mapview import project, view_box


def test_lines_break_where_reports_are_weeks_apart() -> None:
    points = [(date(2022, 5, d), float(d)) for d in (1, 3, 10)] + [(date(2022, 6, 20), 99.0)]
    runs = split_at_gaps(points, gap_days=14)
    assert [len(r) for r in runs] == [3, 1]
    svg = time_chart("t", [SeriesLine("reported", tuple(points))], [], {}, bars=False)
    assert svg.count("<polyline") == 1  # the lone June point is not joined to May


def test_new_counts_are_bars() -> None:
    points = ((date(2022, 5, 1), 5.0), (date(2022, 5, 2), 8.0))
    svg = time_chart("new", [SeriesLine("reported", points)], [], {}, bars=True)
    assert svg.count('<rect class="bar"') == 2 and "<polyline" not in svg


def test_the_map_zooms_to_the_events() -> None:
    assert view_box([], 1000.0, 444.4) == "0 0 1000 444.4"
    left, top, width, height = (
        float(v) for v in view_box([(600, 150, 640, 170)], 1000, 444.4).split()
    )
    assert left <= 600 and left + width >= 640 and top <= 150 and top + height >= 170
    assert width < 300 and abs(width / height - 1000 / 444.4) < 0.01
    x, y = project(125.7, 39.0, 1000.0)  # Pyongyang: east and north of the map's centre
    assert 800 < x < 900 and y < 200
