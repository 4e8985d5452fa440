"""Builder "worldmap": low-resolution country outlines for the HTML report's map.

Source: Natural Earth 1:110m admin-0 countries (public domain), as shipped in the PyPI
wheel ``geopandas==0.14.4`` (``geopandas/datasets/naturalearth_lowres``, BSD-3-Clause
package). Only the wheel's data files are read (shapefile + dBASE, parsed here with the
standard library), so ``pip install --no-deps geopandas==0.14.4`` is enough at build
time; nothing of it is needed at run time.

Writes ``worldmap.json``::

    {"projection": "equal-earth", "width": W, "height": H,
     "countries": {"KP": {"name": "North Korea", "d": "M..Z", "label": [x, y]}, ...}}

``d`` is an SVG path in the Equal Earth projection, already scaled to the viewBox
``0 0 W H``; points closer than ``MIN_STEP`` px are dropped to keep the file small.
"""

from __future__ import annotations

import importlib.util
import math
import struct
from pathlib import Path

import pycountry
from build_data import write_json

OUT_FILE = "worldmap.json"
WIDTH = 1000.0
MIN_STEP = 0.6  # px; below this a vertex is invisible at report sizes
MIN_LAT = -60.0  # Antarctica is left out: no events there, and it wastes a third of the map
# Natural Earth codes some places with "-99" or a non-ISO code; these are fixed by name.
NAME_FIXES = {"Kosovo": "XK", "N. Cyprus": "", "Somaliland": "", "Norway": "NO", "France": "FR"}

# Equal Earth projection constants (Šavrič, Patterson & Jenny 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
SQRT3 = math.sqrt(3.0)
X_MAX = 2.0 * SQRT3 * math.pi / (3.0 * A1)  # x at longitude 180 on the equator


def build(src_dir: Path, out_dir: Path) -> list[dict[str, object]]:
    folder = dataset_folder()
    records = read_dbf(folder / "naturalearth_lowres.dbf")
    shapes = read_polygons(folder / "naturalearth_lowres.shp")
    scale = WIDTH / (2.0 * X_MAX)
    top = equal_earth(0.0, 90.0)[1]
    bottom = equal_earth(0.0, MIN_LAT)[1]
    countries: dict[str, dict[str, object]] = {}
    for record, rings in zip(records, shapes, strict=True):
        code = alpha2(record["iso_a3"], record["name"])
        if not code:
            continue
        d, label = country_path(rings, scale, top)
        if d:
            countries[code] = {"name": record["name"], "d": d, "label": label}
    height = round((top - bottom) * scale, 1)
    data = {"projection": "equal-earth", "width": WIDTH, "height": height, "countries": countries}
    write_json(out_dir / OUT_FILE, data)
    return [
        {
            "file": OUT_FILE,
            "source": "Natural Earth 1:110m admin-0 countries, from the PyPI wheel geopandas==0.14.4 "
            "(geopandas/datasets/naturalearth_lowres); Equal Earth projection, simplified",
            "licence": "Public domain (Natural Earth); packaged by geopandas under BSD-3-Clause",
        }
    ]


def dataset_folder() -> Path:
    spec = importlib.util.find_spec("geopandas")  # locate only: importing needs its deps
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("worldmap: run `pip install --no-deps geopandas==0.14.4` first")
    return Path(next(iter(spec.submodule_search_locations))) / "datasets" / "naturalearth_lowres"


def read_dbf(path: Path) -> list[dict[str, str]]:
    """Records of a dBASE III file as text fields (enough for names and codes)."""
    data = path.read_bytes()
    encoding = path.with_suffix(".cpg").read_text(encoding="ascii").strip() or "latin-1"
    count, header_len, record_len = struct.unpack("<4xIHH", data[:12])
    fields: list[tuple[str, int]] = []
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos : pos + 11].split(b"\0", 1)[0].decode("ascii")
        fields.append((name, data[pos + 16]))
        pos += 32
    records = []
    for i in range(count):
        start = header_len + i * record_len + 1  # skip the deletion flag
        record = {}
        for name, length in fields:
            record[name] = data[start : start + length].decode(encoding).strip()
            start += length
        records.append(record)
    return records


def read_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Rings (lists of lon/lat) of each record of a polygon shapefile."""
    data = path.read_bytes()
    shapes: list[list[list[tuple[float, float]]]] = []
    pos = 100
    while pos < len(data):
        length = struct.unpack(">i", data[pos + 4 : pos + 8])[0] * 2
        body = data[pos + 8 : pos + 8 + length]
        pos += 8 + length
        shape_type = struct.unpack("<i", body[:4])[0]
        if shape_type != 5:
            shapes.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", body[44 : 44 + 4 * n_parts]))
        offset = 44 + 4 * n_parts
        coords = struct.unpack(f"<{2 * n_points}d", body[offset : offset + 16 * n_points])
        points = list(zip(coords[0::2], coords[1::2], strict=True))
        bounds = [*parts, n_points]
        shapes.append([points[bounds[k] : bounds[k + 1]] for k in range(n_parts)])
    return shapes


def alpha2(iso_a3: str, name: str) -> str:
    if name in NAME_FIXES:
        return NAME_FIXES[name]
    country = pycountry.countries.get(alpha_3=iso_a3)
    return str(country.alpha_2) if country else ""


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(SQRT3 / 2.0 * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        2.0
        * SQRT3
        * lam
        * math.cos(theta)
        / (3.0 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1))
    )
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def country_path(
    rings: list[list[tuple[float, float]]], scale: float, top: float
) -> tuple[str, list[float]]:
    """SVG path of all rings and the centre of the largest ring (for labels/markers)."""
    parts: list[str] = []
    best_area, label = 0.0, [0.0, 0.0]
    for ring in rings:
        if max(lat for _, lat in ring) < MIN_LAT:
            continue
        points = thin([project(lon, max(lat, MIN_LAT), scale, top) for lon, lat in ring])
        if len(points) < 3:
            continue
        parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
        area = abs(shoelace(points))
        if area > best_area:
            best_area = area
            label = [
                round(sum(p[0] for p in points) / len(points), 1),
                round(sum(p[1] for p in points) / len(points), 1),
            ]
    return "".join(parts), label


def project(lon: float, lat: float, scale: float, top: float) -> tuple[float, float]:
    x, y = equal_earth(lon, lat)
    return round((x + X_MAX) * scale, 1), round((top - y) * scale, 1)


def thin(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    kept = [points[0]]
    for x, y in points[1:]:
        px, py = kept[-1]
        if abs(x - px) + abs(y - py) >= MIN_STEP:
            kept.append((x, y))
    return kept


def shoelace(points: list[tuple[float, float]]) -> float:
    return 0.5 * sum(
        x1 * y2 - x2 * y1
        for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
    )
