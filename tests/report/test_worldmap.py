"""The packaged world map and the index map of events."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest

from episignal.data import load_json
from episignal.models import Disease, Signal
from episignal.report.markup import event_file
from episignal.report.worldmap import events_by_country, shade, world_map

ROOT = Path(__file__).resolve().parents[2]
PATH_RE = re.compile(r"(?:M[-\d.]+,[-\d.]+(?:L[-\d.]+,[-\d.]+){2,}Z)+")


def test_map_data_has_valid_outlines_for_major_countries() -> None:
    data = load_json("worldmap.json")
    countries = data["countries"]
    assert len(countries) > 150
    for code in ("KP", "KR", "CN", "US", "FR", "NO", "BR", "NG", "IN", "RU"):
        assert PATH_RE.fullmatch(countries[code]["d"]), code
    assert countries["KP"]["name"] == "North Korea"
    width, height = data["width"], data["height"]
    for outline in countries.values():
        x, y = outline["label"]
        assert 0 <= x <= width and 0 <= y <= height


def test_map_data_places_countries_roughly_right() -> None:
    label = {c: v["label"] for c, v in load_json("worldmap.json")["countries"].items()}
    assert label["US"][0] < label["FR"][0] < label["CN"][0] < label["KP"][0]  # west to east
    assert label["NO"][1] < label["NG"][1] < label["ZA"][1]  # north to south


@pytest.mark.skipif(
    importlib.util.find_spec("geopandas") is None,
    reason="the map builder reads Natural Earth from the geopandas==0.14.4 wheel (pip install --no-deps)",
)
def test_builder_reproduces_the_packaged_file(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from datagen import worldmap

    entries = worldmap.build(ROOT / "data_src", tmp_path)
    assert entries[0]["file"] == "worldmap.json" and "Natural Earth" in str(entries[0]["source"])
    built = json.loads((tmp_path / "worldmap.json").read_text(encoding="utf-8"))
    assert built == load_json("worldmap.json")


@pytest.mark.parametrize(
    ("fraction", "expected"),
    [(0.0, "#fde0c5"), (0.5, "#f59e0b"), (1.0, "#b91c1c"), (7, "#b91c1c"), (-1, "#fde0c5")],
)
def test_shade_ramp(fraction: float, expected: str) -> None:
    assert shade(fraction) == expected


def event(ident: str, country: str, score: float) -> Signal:
    day = date(2022, 5, 1)
    return Signal(ident, 1, score, "", Disease(f"<{ident}>"), country, day, day)


def test_events_by_country_best_first() -> None:
    grouped = events_by_country([event("a", "kp", 10), event("b", "KP", 30), event("c", "", 50)])
    assert [e.event for e in grouped["KP"]] == ["b", "a"]
    assert list(grouped) == ["KP"]


def test_world_map_shades_and_links_event_countries() -> None:
    html = world_map([event("e1", "KP", 60.0), event("e2", "BR", 15.0), event("e3", "SG", 5.0)])
    assert html.count('class="event-country"') == 2
    fills = dict(
        re.findall(
            r'<a href="([^"]+)"><path class="event-country" d="[^"]+" fill="(#[0-9a-f]{6})"', html
        )
    )
    assert fills[event_file("e1")] == "#b91c1c"  # top score: darkest
    assert fills[event_file("e2")] == shade(15.0 / 60.0)
    assert f'href="{event_file("e3")}">SG</a>' in html  # too small to draw: listed
    assert "&lt;e1&gt;" in html and "<e1>" not in html  # tooltips are escaped
    assert html.count('class="land"') == len(load_json("worldmap.json")["countries"]) - 2


def test_world_map_without_events() -> None:
    html = world_map([])
    assert "event-country" not in html and "0 countries with events" in html
