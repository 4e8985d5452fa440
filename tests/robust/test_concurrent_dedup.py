"""Deduplication holds across processes: the near-duplicate index lives in the database."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from episignal.clean.dedup import text_signature
from episignal.store import DocumentWriter, PreparedDocument, Store
from tests.store.store_factories import BULLETIN, make_doc, make_extraction, prepared

ROOT = Path(__file__).resolve().parents[2]
REPRINT = "Breaking | World news. " + BULLETIN + " Share this story."
OTHER = (
    "The harbour council met on Tuesday to discuss the new ferry timetable, the winter "
    "market and repairs to the old lighthouse, which has been closed since the storm."
)


def signed(doc_id: str, text: str) -> PreparedDocument:
    extraction = make_extraction(text) if "cases" in text else make_extraction(text, counts=())
    return prepared(make_doc(doc_id, text), extraction, signature=text_signature(text))


def test_a_writer_finds_a_near_copy_that_another_process_stored_after_it_started(
    tmp_path: Path,
) -> None:
    db = tmp_path / "e.db"
    with Store.open(db) as first, Store.open(db) as second:
        early, late = DocumentWriter(first), DocumentWriter(second)
        assert late.write(signed("other", OTHER)) == "new"  # this writer is under way
        assert early.write(signed("orig", BULLETIN)) == "new"  # another stores the original
        assert late.write(signed("copy", REPRINT)) == "near"  # ... and the copy is seen
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT document_id, canonical_id FROM duplicates").fetchall() == [
            ("copy", "orig")
        ]


WORDS = [
    "river",
    "harbour",
    "council",
    "market",
    "teacher",
    "winter",
    "garden",
    "bridge",
    "station",
    "village",
    "valley",
    "engine",
    "museum",
    "festival",
    "library",
    "orchard",
    "tunnel",
    "ferry",
    "highway",
    "meadow",
    "island",
    "forest",
    "factory",
    "stadium",
    "theatre",
    "airport",
    "clinic",
    "bakery",
    "quarry",
    "canal",
    "vineyard",
    "glacier",
]


def stories(n: int) -> list[str]:
    rng = random.Random(5)
    out = []
    for i in range(n):
        body = " ".join(
            f"The {' '.join(rng.sample(WORDS, 8))} were mentioned by the {rng.choice(WORDS)}."
            for _ in range(6)
        )
        out.append(f"Officials in Kenya reported {100 + i} new cholera cases on Monday. {body}")
    return out


@pytest.mark.slow
def test_concurrent_scans_find_every_near_copy_as_one_scan_would(tmp_path: Path) -> None:
    n = 60
    texts = stories(n)
    originals, reprints = tmp_path / "wire.jsonl", tmp_path / "outlets.jsonl"
    originals.write_text(
        "".join(json.dumps({"id": f"w{i}", "text": t}) + "\n" for i, t in enumerate(texts))
    )
    reprints.write_text(
        "".join(
            json.dumps({"id": f"o{i}", "text": f"Metro Herald | Home | World. {t} Share this."})
            + "\n"
            for i, t in enumerate(texts)
        )
    )
    db = tmp_path / "e.db"
    code = "import sys; from pathlib import Path; from episignal.scan import scan; scan([sys.argv[1]], Path(sys.argv[2]), workers=1)"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    scans = [
        subprocess.Popen([sys.executable, "-c", code, str(path), str(db)], env=env)
        for path in (originals, reprints)
    ]
    assert [p.wait(timeout=300) for p in scans] == [0, 0]
    with sqlite3.connect(db) as conn:
        statuses = dict(conn.execute("SELECT status, COUNT(*) FROM documents GROUP BY status"))
    assert statuses.get("near_duplicate") == n  # one copy of each pair, whichever came first


def test_finding_candidates_never_scans_the_documents(tmp_path: Path) -> None:
    from episignal.store import nearindex

    with Store.open(tmp_path / "e.db") as store:
        plan = " | ".join(
            str(row[3])
            for row in store.conn.execute(
                f"EXPLAIN QUERY PLAN {nearindex._CANDIDATES}", [0] * (2 * nearindex.BANDS)
            )
        )
    assert "SEARCH b USING PRIMARY KEY" in plan, plan
    assert "SCAN d" not in plan and "documents_status" not in plan, plan
