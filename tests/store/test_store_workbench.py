"""The workbench's store modules: accounts and sessions, triage and its audit log, search."""

from __future__ import annotations

from pathlib import Path

import pytest

from episignal.store import Store
from episignal.store.accounts import AccountError, Accounts
from episignal.store.search import fts_query, search_documents
from episignal.store.triage import TriageError, TriageStore


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "w.db")


def test_passwords_are_argon2_and_checked_in_constant_shape(store: Store) -> None:
    accounts = Accounts(store.conn)
    user = accounts.add_user("Ana", "long-enough-1", "analyst")
    assert accounts.verify_password("ana", "long-enough-1") == accounts.require("ANA")
    assert accounts.verify_password("ana", "wrong-password") is None
    assert accounts.verify_password("nobody", "long-enough-1") is None
    with pytest.raises(AccountError, match="already exists"):
        accounts.add_user("ANA", "long-enough-1", "viewer")
    with pytest.raises(AccountError, match="unknown role"):
        accounts.add_user("bo", "long-enough-1", "root")  # type: ignore[arg-type]
    with pytest.raises(AccountError, match="invalid user name"):
        accounts.add_user("a b", "long-enough-1", "viewer")
    assert user.can("viewer") and user.can("analyst") and not user.can("admin")


def test_sessions_remember_the_previous_login_and_end(store: Store) -> None:
    accounts = Accounts(store.conn)
    user = accounts.add_user("ana", "long-enough-1", "analyst")
    first, session = accounts.start_session(user)
    assert session.since is None  # first visit: everything is new
    second, later = accounts.start_session(accounts.require("ana"))
    found = accounts.session(second)
    assert later.since is not None and found is not None
    assert (found.since, found.csrf_token, found.user.id) == (
        later.since,
        later.csrf_token,
        user.id,
    )
    stored = store.conn.execute("SELECT token_hash FROM sessions").fetchall()
    assert all(first not in row[0] and second not in row[0] for row in stored)
    accounts.end_session(first)
    assert accounts.session(first) is None and accounts.session(second) is not None
    store.conn.execute("UPDATE sessions SET expires_at = '2000-01-01T00:00:00Z'")
    assert accounts.session(second) is None


def test_tags_and_notes_write_one_audit_row_each(store: Store) -> None:
    triage = TriageStore(store.conn)
    assert triage.set_tags("e1", ["B", " a ", "b", "x,y"], "ana")
    assert not triage.set_tags("e1", ["a", "b", "x y"], "ana")  # no change, no row
    note = triage.add_note("e1", "checked", "ana")
    assert (note.author, note.body) == ("ana", "checked") and note.created_at
    rows = [(a.action, a.old_value, a.new_value) for a in reversed(triage.audit(event_id="e1"))]
    assert rows == [("tags", None, "a, b, x y"), ("note", None, "checked")]
    assert triage.tags("e1") == ("a", "b", "x y") and triage.audit_count(actor="ana") == 2
    assert store.events.triage("e1").tags == ("a", "b", "x y")  # the event store reads them
    with pytest.raises(TriageError):
        triage.add_note("e1", "   ", "ana")
    with pytest.raises(TriageError, match="at most"):
        triage.set_tags("e1", [f"t{i}" for i in range(60)], "ana")


def test_an_audit_row_joins_the_transaction_of_its_change(store: Store) -> None:
    triage = TriageStore(store.conn)
    with pytest.raises(RuntimeError), store.events.transaction():
        triage.audit_change("ana", "e1", "status", "new", "verified")
        raise RuntimeError("the change failed")
    assert triage.audit_count() == 0  # rolled back with it


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("cholera Malawi", '"cholera" "Malawi"'),
        ('"fever cases" kor*', '"fever cases" "kor"*'),
        ('a" OR title:x NEAR(', '"a" "OR" "title" "x" "NEAR"'),
        (")(*", ""),
        ("", ""),
    ],
)
def test_typed_words_become_quoted_terms(typed: str, query: str) -> None:
    assert fts_query(typed) == query


def test_search_finds_titles_and_texts_as_they_are_written(store: Store) -> None:
    store.conn.execute(
        "INSERT INTO documents (id, origin, title, status, text) VALUES "
        "('d1', 'x', 'Cholera in Malawi', 'extracted', 'The ministry counted 40 cases.'), "
        "('d2', 'x', 'Measles', 'extracted', 'Cases rose in Kano.')"
    )
    hits, total = search_documents(store.conn, "cases")
    assert total == 2 and {h.id for h in hits} == {"d1", "d2"}
    assert search_documents(store.conn, "malawi ministry")[1] == 1
    store.conn.execute("UPDATE documents SET text = 'nothing here' WHERE id = 'd2'")
    assert search_documents(store.conn, "kano")[1] == 0  # the index follows updates
    store.conn.execute("DELETE FROM documents WHERE id = 'd1'")
    assert search_documents(store.conn, "cholera")[1] == 0
