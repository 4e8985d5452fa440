"""Inline SVG world map of events: countries shaded by their best event's score.

Outlines come from ``episignal/data/worldmap.json`` (Natural Earth 1:110m, public
domain, pre-projected; see ``scripts/datagen/worldmap.py``). Countries too small for that
scale (Singapore, Hong Kong, ...) are listed under the map instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from episignal.data import load_json
from episignal.models.signal import Signal
from episignal.report.markup import esc, event_file, fmt_number

RAMP = ((0xFD, 0xE0, 0xC5), (0xF5, 0x9E, 0x0B), (0xB9, 0x1C, 0x1C))  # low -> high score


def shade(fraction: float) -> str:
    """Colour of the score ramp at ``fraction`` in [0, 1] (clamped)."""
    t = min(1.0, max(0.0, fraction)) * (len(RAMP) - 1)
    i = min(int(t), len(RAMP) - 2)
    local = t - i
    rgb = (round(a + (b - a) * local) for a, b in zip(RAMP[i], RAMP[i + 1], strict=True))
    return "#" + "".join(f"{c:02x}" for c in rgb)


def events_by_country(events: Sequence[Signal]) -> dict[str, list[Signal]]:
    """Events grouped by ISO alpha-2 country (upper case), best score first."""
    grouped: dict[str, list[Signal]] = {}
    for event in events:
        country = event.country.upper()
        if country:
            grouped.setdefault(country, []).append(event)
    for group in grouped.values():
        group.sort(key=lambda e: -e.score)
    return grouped


def world_map(events: Sequence[Signal]) -> str:
    """The map as HTML (an SVG plus a scale and the list of countries not drawn)."""
    data = load_json("worldmap.json")
    outlines: dict[str, dict[str, Any]] = data["countries"]
    grouped = events_by_country(events)
    top_score = max((g[0].score for g in grouped.values()), default=0.0)
    width, height = data["width"], data["height"]
    shapes = []
    for code, outline in sorted(outlines.items()):
        if code not in grouped:
            shapes.append(
                f'<path class="land" d="{outline["d"]}"><title>{esc(outline["name"])}</title></path>'
            )
    markers = []
    for code, group in sorted(grouped.items()):
        if code in outlines:
            shapes.append(_event_country(outlines[code], group, top_score))
            markers.append(_marker(outlines[code], group, top_score))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" role="img" '
        f'class="world-map" aria-label="Map of events by country">{"".join(shapes)}'
        f"{''.join(markers)}</svg>"
    )
    missing = sorted(code for code in grouped if code not in outlines)
    note = ""
    if missing:
        links = ", ".join(
            f'<a href="{esc(event_file(grouped[c][0].event))}">{esc(c)}</a>' for c in missing
        )
        note = f'<div class="scale">Too small for this map: {links}</div>'
    scale = (
        '<div class="scale"><span>score 0</span><span class="bar"></span>'
        f"<span>{fmt_number(round(top_score, 1))}</span>"
        f"<span>· {len(grouped)} countries with events</span></div>"
    )
    return f'<div class="map">{svg}{scale}{note}</div>'


def _tooltip(name: str, group: Sequence[Signal]) -> str:
    lines = [f"{name}: {len(group)} event(s)"]
    for event in group[:5]:
        lines.append(f"{event.disease.name} (score {fmt_number(round(event.score, 1))})")
    return "\n".join(lines)


def _event_country(outline: Mapping[str, Any], group: Sequence[Signal], top: float) -> str:
    score = group[0].score
    color = shade(score / top if top > 0 else 1.0)
    href = esc(event_file(group[0].event))
    return (
        f'<a href="{href}"><path class="event-country" d="{outline["d"]}" fill="{color}" '
        f'stroke="#7c2d12" stroke-width=".6"><title>{esc(_tooltip(outline["name"], group))}</title>'
        "</path></a>"
    )


def _marker(outline: Mapping[str, Any], group: Sequence[Signal], top: float) -> str:
    """A dot on the country's main landmass so small countries stay visible and clickable."""
    x, y = outline["label"]
    score = group[0].score
    radius = 2.0 + 2.5 * (score / top if top > 0 else 1.0)
    return (
        f'<a href="{esc(event_file(group[0].event))}"><circle cx="{x}" cy="{y}" r="{radius:.1f}" '
        f'fill="#7f1d1d" fill-opacity=".75" stroke="#fff" stroke-width=".8">'
        f"<title>{esc(_tooltip(outline['name'], group))}</title></circle></a>"
    )
