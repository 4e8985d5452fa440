from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from episignal.cli import cli
from episignal.store import connect
from tests.cli.conftest import run_cli

KENYA = (
    "Kenya: the health ministry reported 42 new cholera cases and 3 deaths in Garissa on Monday.\n"
)
PERU = "Peru: the ministry reported 12 new dengue cases and one death in Lima on Tuesday.\n"


def scan(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["scan", *args, "--workers", "1"], input=input)


def test_rescan_adds_nothing(sample_db: Path) -> None:
    from episignal.samples import sample_corpus_path

    result = run_cli("scan", str(sample_corpus_path()), "--db", str(sample_db), "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["read"] >= 30
    assert summary["new"] == 0


def test_scan_reads_stdin_and_reports_table(tmp_path: Path) -> None:
    result = scan("-", "--db", str(tmp_path / "s.db"), input=KENYA)
    assert result.exit_code == 0, result.output
    assert "read: 1" in result.stdout and "new: 1" in result.stdout


def test_two_documents_piped_one_after_the_other_are_both_kept(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert scan("-", "--db", str(db), input=KENYA).exit_code == 0
    assert scan("-", "--db", str(db), input=PERU).exit_code == 0
    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]
    assert len(ids) == 2 and all(i.startswith("stdin#") for i in ids)
    events = run_cli("events", "--db", str(db), "--format", "json")
    assert {e["country"] for e in json.loads(events.stdout)} == {"KE", "PE"}


def test_a_missing_input_path_is_an_error_not_an_empty_database(tmp_path: Path) -> None:
    (tmp_path / "kenya.txt").write_text(KENYA)
    db = tmp_path / "m.db"
    result = scan(str(tmp_path / "kenya.txt"), str(tmp_path / "nothing-here"), "--db", str(db))
    assert result.exit_code == 1
    assert "no such file or directory" in result.output and "nothing-here" in result.output
    assert "Traceback" not in result.output
    assert not db.exists()


def test_a_year_one_record_leaves_every_command_working(tmp_path: Path) -> None:
    corpus = tmp_path / "z.jsonl"
    records = [
        {"id": "z", "published": "0001-01-01T00:00:00Z", "text": KENYA},
        {"id": "y", "published": "9999-12-31", "text": PERU},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records))
    db = str(tmp_path / "z.db")
    result = scan(str(corpus), "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["undated"] == {"file": 2}  # the file date stands in
    for command in (["events"], ["signals"], ["export", "--out", str(tmp_path / "x")]):
        assert run_cli(*command, "--db", db).exit_code == 0, command
    assert run_cli("report", "--db", db, "--out", str(tmp_path / "r")).exit_code == 0
    assert scan(str(corpus), "--db", db).exit_code == 0  # and a rescan
    with sqlite3.connect(db) as conn:
        notes = [r[0] for r in conn.execute("SELECT notes FROM documents ORDER BY id")]
    assert all("treated as unknown" in n for n in notes)


def test_published_overrides_every_date_and_is_checked(tmp_path: Path) -> None:
    (tmp_path / "kenya.txt").write_text(KENYA)
    db = tmp_path / "p.db"
    result = scan(str(tmp_path / "kenya.txt"), "--db", str(db), "--published", "2022-05-16")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT published, published_source FROM documents").fetchone()
    assert row == ("2022-05-16", "option")
    bad = scan(str(tmp_path / "kenya.txt"), "--db", str(db), "--published", "0001-01-01")
    assert bad.exit_code == 2 and "before 1900" in bad.output


def test_file_names_that_are_not_utf8_do_not_abort_the_scan(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as fh:
        fh.write(KENYA.encode())
    (folder / "peru.txt").write_text(PERU)
    db = tmp_path / "n.db"
    result = scan(str(folder), "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["new"] == 2
    with sqlite3.connect(db) as conn:
        ids = sorted(r[0] for r in conn.execute("SELECT id FROM documents"))
    assert ids == [f"{folder}/caf\\xe9.txt", f"{folder}/peru.txt"]


@pytest.fixture
def locked_db(tmp_path: Path) -> Iterator[Path]:
    db = tmp_path / "l.db"
    assert scan("-", "--db", str(db), input=KENYA).exit_code == 0
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        yield db
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def test_a_locked_database_is_waited_for_visibly_then_refused(
    locked_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connect, "NOTICE_AFTER_S", 0.2)
    monkeypatch.setattr(connect, "LOCK_TIMEOUT_S", 1.0)
    result = scan("-", "--db", str(locked_db), input=PERU)
    assert result.exit_code == 1
    assert "is locked by another process" in result.output and "waiting up to" in result.output
    assert "Traceback" not in result.output


def test_a_lock_released_while_waiting_lets_the_scan_finish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connect, "NOTICE_AFTER_S", 0.2)
    db = tmp_path / "l.db"
    assert scan("-", "--db", str(db), input=KENYA).exit_code == 0
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(1.0, lambda: holder.execute("ROLLBACK")).start()
    result = scan("-", "--db", str(db), input=PERU)
    holder.close()
    assert result.exit_code == 0, result.output
    assert "waiting up to" in result.output


def test_a_read_only_database_can_be_read_but_not_scanned_into(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "r.db"
    assert scan("-", "--db", str(db), input=KENYA).exit_code == 0
    db.chmod(0o444)
    real_access = os.access
    # root writes whatever the mode: make the store see the file as the user would
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode: False if Path(p) == db and mode & os.W_OK else real_access(p, mode),
    )
    result = scan("-", "--db", str(db), input=PERU)
    assert result.exit_code == 1
    assert "read-only" in result.output and "Traceback" not in result.output
    events = run_cli("events", "--db", str(db), "--format", "json")
    assert events.exit_code == 0 and json.loads(events.stdout)


def test_a_damaged_database_is_a_clean_error(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    assert scan("-", "--db", str(db), input=KENYA).exit_code == 0
    data = bytearray(db.read_bytes())
    data[4096 : 4096 * 3] = b"\xa5" * 8192  # pages 2 and 3 overwritten
    db.write_bytes(bytes(data))
    for args in (["scan", "-", "--workers", "1"], ["events"], ["signals"]):
        result = CliRunner().invoke(cli, [*args, "--db", str(db)], input=PERU)
        assert result.exit_code == 1, (args, result.output)
        assert "damaged" in result.output, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_another_applications_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "addresses.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT, email TEXT)")
    result = scan("-", "--db", str(db), input=KENYA)
    assert result.exit_code == 1
    assert "another application" in result.output and "contacts" in result.output
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert tables == {"contacts"}
    marked = tmp_path / "marked.db"
    with sqlite3.connect(marked) as conn:
        conn.execute("PRAGMA application_id = 1234")
    assert scan("-", "--db", str(marked), input=KENYA).exit_code == 1


def test_an_episignal_database_is_marked_with_its_application_id(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    assert scan("-", "--db", str(db), input=KENYA).exit_code == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x65707369


def test_other_packages_log_lines_show_only_with_verbose(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from episignal.clean import html

    def noisy(page: str) -> None:
        logging.getLogger("htmldate.core").error("ERROR: no date found")
        logging.getLogger("trafilatura.core").error("empty HTML tree")
        return None

    monkeypatch.setattr(html, "_htmldate", noisy)
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><p>{KENYA}</p><p>{PERU}</p></body></html>")
    quiet = scan(str(page), "--db", str(tmp_path / "q.db"))
    assert quiet.exit_code == 0 and "no date found" not in quiet.output
    assert "empty HTML tree" not in quiet.output
    loud = CliRunner().invoke(
        cli, ["-v", "scan", str(page), "--db", str(tmp_path / "v.db"), "--workers", "1"]
    )
    assert loud.exit_code == 0 and "no date found" in loud.output
