"""The workbench map: zoomed to the events, areas placed where the gazetteer knows them.
(Charts are the report's: tests/report/test_charts.py.)"""

from __future__ import annotations

from datetime import date

from episignal.models import Disease, Signal
from episignal.serve.mapview import event_map, project, view_box


def signal(event: str, country: str, score: float, areas: tuple[str, ...] = ()) -> Signal:
    day = date(2023, 1, 1)
    return Signal(event, 1, score, "r", Disease("Lassa fever"), country, day, day, areas=areas)


def test_the_map_zooms_to_the_events() -> None:
    assert view_box([], 1000.0, 444.4) == "0 0 1000 444.4"
    left, top, width, height = (
        float(v) for v in view_box([(600, 150, 640, 170)], 1000, 444.4).split()
    )
    assert left <= 600 and left + width >= 640 and top <= 150 and top + height >= 170
    assert width < 300 and abs(width / height - 1000 / 444.4) < 0.01
    x, y = project(125.7, 39.0, 1000.0)  # Pyongyang: east and north of the map's centre
    assert 800 < x < 900 and y < 200


def test_areas_are_dots_where_a_city_shares_their_name() -> None:
    svg, unplaced = event_map(
        [signal("evt-1", "NG", 9.0, ("Kano", "Edo")), signal("evt-2", "GN", 3.0)]
    )
    assert svg.count('<circle class="area"') == 1 and "Kano, NG" in svg
    assert [(u.signal.event, u.area) for u in unplaced] == [("evt-1", "Edo")]
    assert svg.count('class="event-country"') == 2 and 'href="/events/evt-1"' in svg
    viewbox = svg.split('viewBox="', 1)[1].split('"', 1)[0]
    assert float(viewbox.split()[2]) < 400  # zoomed in on West Africa
