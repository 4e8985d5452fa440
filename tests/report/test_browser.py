"""Render the event page in headless Chromium and check the charts are drawn.

Needs Debian's chromium (``apt-get install -y chromium``); skipped when it is absent.
The screenshot is decoded with the standard library (zlib + struct), no Pillow.
"""

from __future__ import annotations

import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from report_fixtures import nk_documents, nk_event, second_event, signals_of

from episignal.report import write_report
from episignal.report.charts import PALETTE
from episignal.report.markup import event_file

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"
    ),
]
WIDTH, HEIGHT = 1280, 1400
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--force-device-scale-factor=1",
]  # fmt: skip


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    command = [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and unfiltered rows (RGB or RGBA, 8-bit, not interlaced)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and color in (2, 6) and interlace == 0
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        row = bytearray(raw[start + 1 : start + 1 + stride])
        unfilter(raw[start], row, previous, bpp)
        rows.append(bytes(row))
        previous = row
    return width, height, [r if bpp == 3 else strip_alpha(r) for r in rows]


def unfilter(kind: int, row: bytearray, prev: bytearray, bpp: int) -> None:
    if kind == 0:
        return
    for i in range(len(row)):
        left = row[i - bpp] if i >= bpp else 0
        up = prev[i]
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 2:
            row[i] = (row[i] + up) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + (left + up) // 2) & 0xFF
        else:
            corner = prev[i - bpp] if i >= bpp else 0
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            row[i] = (row[i] + pred) & 0xFF


def strip_alpha(row: bytes) -> bytes:
    return bytes(b for i, b in enumerate(row) if i % 4 != 3)


def count_near(rows: list[bytes], color: str, tolerance: int = 24) -> int:
    target = tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))
    found = 0
    for row in rows:
        for i in range(0, len(row), 3):
            if all(abs(row[i + k] - target[k]) <= tolerance for k in range(3)):
                found += 1
    return found


@pytest.fixture(scope="module")
def event_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    events, docs = [nk_event(), second_event()], nk_documents()
    write_report(signals_of(events), events, lambda ids: [d for d in docs if d.id in ids], out)
    return out / event_file(nk_event().id)


def test_event_page_renders_its_charts(event_page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "event.png"
    chromium(
        tmp_path, f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}", event_page.as_uri()
    )
    width, height, rows = decode_png(shot.read_bytes())
    assert (width, height) == (WIDTH, HEIGHT)
    colours = {row[i : i + 3] for row in rows[::7] for i in range(0, len(row), 21)}
    assert len(colours) > 20, "the screenshot is blank"
    # The charts sit below the header, stats and flags: markers of the first two sources
    # (KCNA blue, RFA red) and the grey series line must be drawn there.
    charts = rows[height // 3 :]
    assert count_near(charts, PALETTE[0]) > 40
    assert count_near(charts, PALETTE[1]) > 20
    assert count_near(charts, "#52606d", tolerance=12) > 600  # a page without charts: ~135


def test_event_page_dom_has_the_chart_elements(event_page: Path, tmp_path: Path) -> None:
    dom = chromium(tmp_path, "--dump-dom", event_page.as_uri()).stdout
    assert dom.count('class="series-chart"') == 3
    assert dom.count('<circle class="claim"') == 6
    assert dom.count('class="series-line"') == 2  # the running totals of cases and deaths
    assert dom.count('class="series-bar"') == 1  # the new cases: an epidemic curve
