"""Stored data never makes a later command fail: every command runs on a database holding
every kind of hostile value (as an older version, a hand edit or another tool might
leave it)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from episignal.clean import clean_item
from episignal.clean.dedup import text_signature
from episignal.cli import cli
from episignal.document import RawItem
from episignal.store.nearindex import band_keys

KENYA = (
    "Kenya: the health ministry reported 42 new cholera cases and 3 deaths in Garissa on Monday.\n"
)
PERU = "Peru: the ministry reported 12 new dengue cases and one death in Lima on Tuesday.\n"
DATES = ["0001-01-01", "9999-12-31", "garbage", 20220101, b"\x00\xff", "2022-02-30", None]
VALUES = [2**63 - 1, -5, "abc", 1.5e300, 0, "12", 3.5]
SPANS = [(-10, 5), (5, 10**12), ("a", "b"), (9, 3), (0, 10)]
JSON = ["not json", "[]", '{"kind": 5}', '{"item": null}', "[" * 10_000 + "]" * 10_000, "{}"]


def hostile_database(path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["scan", "-", "--db", str(path), "--workers", "1"], input=KENYA
    )
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    for n, published in enumerate(DATES):
        conn.execute(
            "INSERT INTO documents (id, origin, url, title, source, published, language, "
            "status, text) VALUES (?, ?, ?, ?, ?, ?, ?, 'extracted', ?)",
            (
                f"h{n}",
                "hostile",
                ["javascript:alert(1)", "http://[oops", 42, None][n % 4],
                ["<script>alert(1)</script>", "\x00title", 7, None][n % 4],
                ["Outlet\u202e", 3.5, None][n % 3],
                published,
                ["en", 5, None][n % 3],
                [None, "", "short", 12][n % 4],
            ),
        )
        conn.execute(
            "INSERT INTO extractions (document_id, record) VALUES (?, ?)",
            (f"h{n}", JSON[n % len(JSON)]),
        )
        for m, value in enumerate(VALUES):
            start, end = SPANS[(n + m) % len(SPANS)]
            conn.execute(
                "INSERT INTO facts (document_id, disease, icd10, country, admin1, date, measure, "
                "status, cumulative, species, value, low, high, approximate, source, "
                "span_start, span_end, quote) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    f"h{n}",
                    ["cholera", "", 5, None][m % 4],
                    ["A00", "??", None][m % 3],
                    ["KE", "ZZZ", "ke", 7, None][m % 5],
                    ["Garissa", 3, None][m % 3],
                    DATES[(n + m) % len(DATES)],
                    ["cases", "deaths", "bogus"][m % 3],
                    ["confirmed", "weird", None][m % 3],
                    [1, 0, 7, "yes", None][m % 5],
                    ["human", "alien"][m % 2],
                    value,
                    [None, -1, value, "x"][m % 4],
                    [None, 0, 10**18, "y"][m % 4],
                    [0, 1, 9][m % 3],
                    ["WHO", None, 1][m % 3],
                    start,
                    end,
                    ["a quote", ""][m % 2],
                ),
            )
        for m, data in enumerate(JSON):
            conn.execute(
                "INSERT INTO responses (document_id, kind, disease, country, date, span_start, "
                "span_end, quote, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (f"h{n}", ["measure", "resource"][m % 2], None, "ZZ", DATES[m % len(DATES)],
                 0, 5, "q", data),
            )  # fmt: skip
    conn.execute(
        "INSERT INTO duplicates (document_id, canonical_id, kind, similarity) "
        "VALUES ('h1', 'nowhere', 'near', 'NaN')"
    )
    # Near-duplicate candidates of the next story whose guard and signature are garbage.
    signature = text_signature(clean_item(RawItem("p", PERU, "text", "p")).text)
    for n, (guard, stored) in enumerate([("not json", signature), ("{}", b"\x01" * 7)]):
        conn.execute(
            "UPDATE documents SET guard = ?, signature = ? WHERE id = ?", (guard, stored, f"h{n}")
        )
        conn.executemany(
            "INSERT INTO near_bands (band, key, document_id) VALUES (?, ?, ?)",
            [(band, key, f"h{n}") for band, key in band_keys(signature)],
        )
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'events_dirty'")
    conn.close()


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    hostile_database(path)
    return path


COMMANDS = [
    ["events"],
    ["events", "--format", "json"],
    ["events", "--format", "csv"],
    ["events", "--since", "2000-01-01"],
    ["signals"],
    ["signals", "--format", "json"],
    ["report", "--out", "{tmp}/report"],
    ["export", "--out", "{tmp}/export"],
    ["scan", "-", "--workers", "1"],
    ["scan", "-", "--workers", "1", "--published", "2022-05-17"],
    ["demo", "--out", "{tmp}/demo", "--workers", "1"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_command_runs_on_a_database_full_of_hostile_values(
    hostile_db: Path, tmp_path: Path, command: list[str]
) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    story = PERU if "--published" in args else KENYA
    result = CliRunner().invoke(cli, [*args, "--db", str(hostile_db)], input=story)
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if "json" in args:
        json.loads(result.stdout)
    if "--published" in args:  # garbage candidates are no match: the story is stored
        assert "new: 1" in result.stdout
