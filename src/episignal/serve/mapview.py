"""The workbench map: countries with events shaded by their best score, the view zoomed to
where the events are, and a dot per first-level area with a series of its own where its
place is known.

Outlines are the report's (``data/worldmap.json``, Equal Earth, pre-projected). The
gazetteer has no coordinates for admin-1 areas, so an area is placed at its country's
largest city of the same name (Kano, Lagos); areas without such a city (Edo, Kagera) are
listed under the map.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from markupsafe import Markup

from episignal.data import load_json
from episignal.models import Signal
from episignal.report.markup import esc, fmt_number
from episignal.report.worldmap import shade
from episignal.serve.render import LINKS

PADDING = 0.15  # of the events' extent, on each side
MIN_WIDTH = 120.0  # never zoom closer than this many map units across
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
# Equal Earth (Šavrič, Patterson & Jenny 2018), as scripts/datagen/worldmap.py projects.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
X_MAX = 2.0 * math.sqrt(3.0) * math.pi / (3.0 * A1)


@dataclass(frozen=True, slots=True)
class AreaDot:
    signal: Signal
    area: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Unplaced:
    """An area the map cannot place (no gazetteer city of that name in its country)."""

    signal: Signal
    area: str


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    theta = math.asin(math.sqrt(3.0) / 2.0 * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        2.0
        * math.sqrt(3.0)
        * math.radians(lon)
        * math.cos(theta)
        / (3.0 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1))
    )
    return x, theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))


def project(lon: float, lat: float, width: float) -> tuple[float, float]:
    scale = width / (2.0 * X_MAX)
    top = equal_earth(0.0, 90.0)[1]
    x, y = equal_earth(lon, lat)
    return (x + X_MAX) * scale, (top - y) * scale


@cache
def _outlines() -> dict[str, Any]:
    data: dict[str, Any] = load_json("worldmap.json")
    return data


@cache
def _city_points() -> dict[tuple[str, str], tuple[float, float]]:
    """(country, lower-case name) -> (lat, lon) of the most populous city of that name."""
    best: dict[tuple[str, str], tuple[int, float, float]] = {}
    for row in load_json("gazetteer.json")["places"]:
        name, kind, country, _, lat, lon, _, prior = row[:8]
        if kind != "city" or lat is None or lon is None:
            continue
        key = (str(country), str(name).lower())
        if key not in best or int(prior or 0) > best[key][0]:
            best[key] = (int(prior or 0), float(lat), float(lon))
    return {k: (v[1], v[2]) for k, v in best.items()}


def path_box(d: str) -> tuple[float, float, float, float]:
    values = [float(v) for v in _NUMBER.findall(d)]
    xs, ys = values[0::2], values[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def view_box(
    boxes: Sequence[tuple[float, float, float, float]], width: float, height: float
) -> str:
    """A viewBox around ``boxes`` with some margin, keeping the map's aspect ratio."""
    if not boxes:
        return f"0 0 {width:g} {height:g}"
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    w = max(
        MIN_WIDTH, (x1 - x0) * (1 + 2 * PADDING), (y1 - y0) * (1 + 2 * PADDING) * width / height
    )
    h = w * height / width
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    left = min(max(0.0, cx - w / 2), max(0.0, width - w))
    top = min(max(0.0, cy - h / 2), max(0.0, height - h))
    return f"{left:.1f} {top:.1f} {min(w, width):.1f} {min(h, height):.1f}"


def area_dots(signals: Sequence[Signal], width: float) -> tuple[list[AreaDot], list[Unplaced]]:
    """The events' first-level areas placed on the map, and those whose place is unknown."""
    placed, unplaced = [], []
    cities = _city_points()
    for signal in signals:
        for area in signal.areas:
            point = cities.get((signal.country.upper(), area.lower()))
            if point is None:
                unplaced.append(Unplaced(signal, area))
                continue
            x, y = project(point[1], point[0], width)
            placed.append(AreaDot(signal, area, x, y))
    return placed, unplaced


def event_map(signals: Sequence[Signal]) -> tuple[Markup, list[Unplaced]]:
    """The map's SVG and the areas it could not place."""
    data = _outlines()
    outlines: dict[str, dict[str, Any]] = data["countries"]
    width, height = float(data["width"]), float(data["height"])
    best: dict[str, Signal] = {}
    for signal in signals:
        code = signal.country.upper()
        if code and (code not in best or signal.score > best[code].score):
            best[code] = signal
    top = max((s.score for s in best.values()), default=0.0)
    shapes = [_country(outline, best.get(code), top) for code, outline in sorted(outlines.items())]
    dots, unplaced = area_dots(signals, width)
    boxes = [path_box(outlines[c]["d"]) for c in best if c in outlines]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box(boxes, width, height)}" '
        'role="img" class="world-map" aria-label="Map of events">'
        f"{''.join(shapes)}{''.join(_dot(d) for d in dots)}</svg>"
    )
    return Markup(svg), unplaced


def _country(outline: dict[str, Any], signal: Signal | None, top: float) -> str:
    if signal is None:
        return f'<path class="land" d="{outline["d"]}"><title>{esc(outline["name"])}</title></path>'
    color = shade(signal.score / top if top > 0 else 1.0)
    tip = f"{outline['name']}: {signal.disease.name} (score {fmt_number(round(signal.score, 1))})"
    return (
        f'<a href="{esc(LINKS.event(signal.event))}"><path class="event-country" '
        f'd="{outline["d"]}" fill="{color}" stroke="#7c2d12" stroke-width=".4">'
        f"<title>{esc(tip)}</title></path></a>"
    )


def _dot(dot: AreaDot) -> str:
    s = dot.signal
    tip = f"{dot.area}, {s.country}: {s.disease.name} (score {fmt_number(round(s.score, 1))})"
    return (
        f'<a href="{esc(LINKS.event(s.event))}"><circle class="area" cx="{dot.x:.1f}" '
        f'cy="{dot.y:.1f}" r="2.2" fill="#1d4ed8" stroke="#fff" stroke-width=".5">'
        f"<title>{esc(tip)}</title></circle></a>"
    )
