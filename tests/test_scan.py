from __future__ import annotations

import gzip
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from episignal.errors import InputError
from episignal.scan import ScanResult, scan, short_reason
from episignal.store import Store

ROOT = Path(__file__).resolve().parents[1]

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
    "courthouse",
    "lighthouse",
    "quarry",
    "canal",
    "vineyard",
    "glacier",
    "prairie",
    "canyon",
    "reef",
    "lagoon",
    "delta",
    "plateau",
    "marsh",
    "summit",
]

ARTICLE = (
    "Health officials in Kenya reported 42 new cholera cases and 3 deaths in Garissa county "
    "on Monday. The county opened two treatment centres and asked residents to boil water."
)


def essay(rng: random.Random, sentences: int = 6) -> str:
    """A unique paragraph of plain sentences (no two share enough wording to be copies)."""
    out = []
    for _ in range(sentences):
        words = rng.sample(WORDS, 9)
        out.append(f"The {words[0]} near the {words[1]} " + " ".join(words[2:]) + ".")
    return " ".join(out)


def write_jsonl(path: Path, n: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            record = {
                "id": f"gen-{i}",
                "text": essay(rng),
                "published": f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "source": f"Outlet {i % 5}",
                "url": f"https://news.example/{i}",
                "title": f"Story {i}",
            }
            fh.write(json.dumps(record) + "\n")
    return path


def document_rows(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT id, status FROM documents ORDER BY id").fetchall()
    finally:
        conn.close()


def accounted(result: ScanResult) -> int:
    r = result
    processed = (
        r.new + r.unchanged + r.exact_duplicates + r.near_duplicates + r.unsupported_language
    )
    return processed + r.skipped.total() + r.failed.total()


def test_scan_stores_every_document_and_a_rescan_adds_nothing(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "news.jsonl", 40)
    (tmp_path / "kenya.txt").write_text(ARTICLE + "\n", encoding="utf-8")
    db = tmp_path / "e.db"
    first = scan([str(corpus), str(tmp_path / "kenya.txt")], db, workers=1)
    assert first.read == 41 and first.new == 41 and accounted(first) == 41
    rows = document_rows(db)
    assert len(rows) == 41
    second = scan([str(corpus), str(tmp_path / "kenya.txt")], db, workers=1)
    assert (second.read, second.new, second.unchanged) == (41, 0, 41)
    assert (second.events_created, second.events_updated) == (0, 0)
    assert document_rows(db) == rows


def test_summary_dict_has_the_contract_keys(tmp_path: Path) -> None:
    (tmp_path / "kenya.txt").write_text(ARTICLE, encoding="utf-8")
    summary = scan([str(tmp_path / "kenya.txt")], tmp_path / "e.db", workers=1).to_dict()
    for key in (
        "read",
        "new",
        "exact_duplicates",
        "near_duplicates",
        "unsupported_language",
        "irrelevant",
    ):
        assert isinstance(summary[key], int), key
    for key in ("events_created", "events_updated"):
        assert isinstance(summary[key], int), key
    assert summary["skipped"] == {} and summary["failed"] == {}
    assert isinstance(summary["seconds"], float)
    json.dumps(summary)


def test_exact_and_near_copies_are_counted_and_kept_as_rows(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    story = essay(random.Random(1), sentences=12)
    (folder / "a.txt").write_text(story, encoding="utf-8")
    (folder / "b.txt").write_text(story, encoding="utf-8")  # the very same text
    # the same story lightly edited by another outlet: a near copy
    edited = story.rsplit(". ", 1)[0] + ". Our correspondent added a closing remark here."
    (folder / "c.txt").write_text(edited, encoding="utf-8")
    db = tmp_path / "e.db"
    result = scan([str(folder)], db, workers=1)
    assert (result.new, result.exact_duplicates, result.near_duplicates) == (1, 1, 1)
    with Store.open(db) as store:
        rows = store.conn.execute(
            "SELECT d.status, u.kind FROM documents d JOIN duplicates u ON u.document_id = d.id "
            "ORDER BY d.status"
        ).fetchall()
    assert rows == [("duplicate", "exact"), ("near_duplicate", "near")]


def test_broken_inputs_are_recorded_with_reasons_and_lose_nothing_else(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 16)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "big.txt").write_text("word " * 5000, encoding="utf-8")
    (folder / "records.jsonl").write_text(
        json.dumps({"id": "r1", "text": essay(random.Random(3))})
        + "\n{not json at all\n"
        + json.dumps({"id": "r2", "text": essay(random.Random(4))})
        + "\n",
        encoding="utf-8",
    )
    warc = gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 900\r\n\r\n<html>")
    (folder / "cut.warc.gz").write_bytes(warc[: len(warc) - 6])
    db = tmp_path / "e.db"
    result = scan([str(folder)], db, workers=1, max_bytes=10_000)
    summary = result.to_dict()
    assert result.new == 3  # good.txt, r1, r2
    assert accounted(result) == result.read
    assert summary["skipped"].get("too large") == 1
    assert summary["skipped"].get("empty", 0) + summary["failed"].get("empty", 0) >= 1
    assert summary["failed"].get("malformed JSON") == 1
    assert summary["failed"].get("broken WARC") == 1
    assert "binary content" in {**summary["skipped"], **summary["failed"]}
    with Store.open(db) as store:
        reasons = store.conn.execute(
            "SELECT reason FROM documents WHERE status IN ('failed', 'skipped')"
        ).fetchall()
    assert len(reasons) == sum(summary["skipped"].values()) + sum(summary["failed"].values())
    assert all(r[0] for r in reasons)  # every failure says why


def test_workers_two_stores_the_same_as_one(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "news.jsonl", 60)
    one = scan([str(corpus)], tmp_path / "one.db", workers=1)
    two = scan([str(corpus)], tmp_path / "two.db", workers=2)
    strip = {"seconds"}
    assert {k: v for k, v in one.to_dict().items() if k not in strip} == {
        k: v for k, v in two.to_dict().items() if k not in strip
    }
    assert document_rows(tmp_path / "one.db") == document_rows(tmp_path / "two.db")


def test_progress_receives_every_document(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "news.jsonl", 25)
    seen: list[int] = []
    (tmp_path / "empty.txt").write_bytes(b"")
    result = scan(
        [str(corpus), str(tmp_path / "empty.txt")],
        tmp_path / "e.db",
        workers=1,
        progress=seen.append,
    )
    assert sum(seen) == result.read == 26


def test_a_missing_input_path_is_an_error_and_creates_no_database(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "news.jsonl", 3)
    db = tmp_path / "e.db"
    with pytest.raises(InputError, match=r"no such file or directory: .*missing\.txt"):
        scan([str(corpus), str(tmp_path / "missing.txt")], db, workers=1)
    assert not db.exists()


@pytest.mark.parametrize(
    ("message", "origin", "short"),
    [
        ("too large: 10485760 bytes > 5000000", None, "too large"),
        ("line 3: malformed JSON: Expecting value", None, "malformed JSON"),
        (
            "[E200] feeds/a.txt: binary data, not text (only text ...)",
            "feeds/a.txt",
            "binary content",
        ),
        (
            "news/rss_dump.txt: no article text left after cleaning",
            "news/rss_dump.txt",
            "no article text",
        ),
        ("empty", None, "empty"),
        ("something odd happened: Quite Unexpected.", None, "quite unexpected"),
    ],
)
def test_short_reason_groups_messages(message: str, origin: str | None, short: str) -> None:
    assert short_reason(message, origin) == short


# --------------------------------------------------------------------------- crash and resume

_SLOW_SCAN = """
import multiprocessing, sys, time
from pathlib import Path
from episignal.store import writer

original = writer.DocumentWriter.write

def slow_write(self, prepared):
    time.sleep(0.01)  # widen the window in which the scan is killed
    pids = Path(sys.argv[2] + ".workers")
    if not pids.exists():
        pids.write_text(" ".join(str(p.pid) for p in multiprocessing.active_children()))
    return original(self, prepared)

writer.DocumentWriter.write = slow_write
from episignal.scan import scan

scan([sys.argv[1]], Path(sys.argv[2]), workers=int(sys.argv[3]))
"""


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return 0
        raise
    finally:
        conn.close()


def _assert_exited(pids: list[int], within_s: float = 10.0) -> None:
    """Worker processes of a killed scan must not linger as orphans."""
    deadline = time.monotonic() + within_s
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if Path(f"/proc/{p}").exists() and not _zombie(p)]
        time.sleep(0.05)
    assert not alive, f"orphaned workers still running: {alive}"


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except OSError:
        return True


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_killed_scan_resumes_without_losing_or_doubling_documents(
    tmp_path: Path, workers: int
) -> None:
    n = 300
    corpus = write_jsonl(tmp_path / "news.jsonl", n)
    db = tmp_path / "e.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_SCAN, str(corpus), str(db), str(workers)], env=env
    )
    try:
        deadline = time.monotonic() + 60
        while _stored(db) < 40:  # a reader process reading while the scan writes (WAL)
            assert proc.poll() is None, "the scan ended before it could be killed"
            assert time.monotonic() < deadline, "the scan made no progress"
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    at_kill = _stored(db)
    assert 40 <= at_kill < n, "the kill must land mid-scan"
    _assert_exited([int(p) for p in Path(f"{db}.workers").read_text().split()])

    result = scan([str(corpus)], db, workers=1)
    assert result.unchanged == at_kill
    assert result.new == n - at_kill
    with Store.open(db) as store:
        assert store.count("documents") == n
        ids = {r[0] for r in store.conn.execute("SELECT id FROM documents")}
        assert len(ids) == n
        assert store.count("documents", "status IN ('extracted', 'irrelevant')") == store.count(
            "extractions"
        )
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert store.events.pending() == 0
    assert scan([str(corpus)], db, workers=1).new == 0


def test_a_profiled_language_is_extracted_and_one_without_a_profile_is_stored(
    tmp_path: Path,
) -> None:
    (tmp_path / "fr.txt").write_text(
        "Choléra en Haïti : le ministère de la Santé publique a recensé 32 décès et 224 cas "
        "confirmés dans la région de Port-au-Prince, selon un bulletin publié lundi.\n",
        encoding="utf-8",
    )
    (tmp_path / "nl.txt").write_text(
        "Het ministerie van Volksgezondheid meldde maandag twaalf nieuwe gevallen van cholera "
        "in de hoofdstad. De autoriteiten vragen de bevolking om kalm te blijven.\n",
        encoding="utf-8",
    )
    db = tmp_path / "e.db"
    summary = scan([str(tmp_path / "fr.txt"), str(tmp_path / "nl.txt")], db, workers=1).to_dict()
    assert summary["languages"] == {"fr": 1, "nl": 1}
    assert summary["languages_read"] == ["fr"] and summary["languages_stored_only"] == ["nl"]
    assert summary["unsupported_language"] == 1 and summary["new"] == 1
    statuses = {Path(i).stem: status for i, status in document_rows(db)}
    assert statuses == {"fr": "extracted", "nl": "unsupported_language"}
    conn = sqlite3.connect(db)
    try:
        facts = conn.execute("SELECT value, measure, country, quote FROM facts").fetchall()
    finally:
        conn.close()
    assert {(v, m, c) for v, m, c, _ in facts} == {(32, "deaths", "HT"), (224, "cases", "HT")}
    assert all("Port-au-Prince" in quote for *_, quote in facts)
    with Store.open(db) as store:
        (event_id,) = store.events.events_of_document(str(tmp_path / "fr.txt"))
        event = store.events.event(event_id)
    assert event is not None and (event.disease.name, event.country) == ("Cholera", "HT")
    claims = [c for s in event.series for p in s.points for c in p.claims]
    assert claims and {c.language for c in claims} == {"fr"}  # the quote's language
