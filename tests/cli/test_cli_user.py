"""``episignal user add/list/disable/enable/password/token``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from episignal.store import Store
from episignal.store.accounts import Accounts
from tests.cli.conftest import run_cli


@pytest.fixture
def db(sample_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "users.db"
    shutil.copyfile(sample_db, copy)
    return copy


def test_add_asks_the_password_twice_and_lists_the_user(db: Path) -> None:
    result = run_cli("user", "add", "alice", "--role", "admin", "--db", str(db),
                     input="a-long-password\na-long-password\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "added alice (admin)" in result.output
    listed = json.loads(run_cli("user", "list", "--db", str(db), "--format", "json").output)
    assert [(u["username"], u["role"], u["state"]) for u in listed] == [
        ("alice", "admin", "active")
    ]
    with Store.open(db) as store:
        user = Accounts(store.conn).verify_password("alice", "a-long-password")
        assert user is not None and user.role == "admin"
        stored = store.conn.execute("SELECT password_hash FROM users").fetchone()[0]
        assert stored.startswith("$argon2id$") and "a-long-password" not in stored


def test_a_generated_password_is_printed_once_and_works(db: Path) -> None:
    result = run_cli("user", "add", "bob", "--generate-password", "--db", str(db))
    assert result.exit_code == 0, result.output
    password = next(line for line in result.output.splitlines() if line.startswith("password: "))
    with Store.open(db) as store:
        assert Accounts(store.conn).verify_password("bob", password.split(": ", 1)[1])


def test_bad_input_is_a_clear_error(db: Path) -> None:
    short = run_cli("user", "add", "carol", "--db", str(db), input="short\nshort\n")
    assert short.exit_code == 1 and "password too short" in short.output
    run_cli("user", "add", "dan", "--generate-password", "--db", str(db))
    again = run_cli("user", "add", "DAN", "--generate-password", "--db", str(db))
    assert again.exit_code == 1 and "already exists" in again.output
    missing = run_cli("user", "disable", "nobody", "--db", str(db))
    assert missing.exit_code == 1 and "no user 'nobody'" in missing.output
    nodb = run_cli("user", "list", "--db", str(db.parent / "none.db"))
    assert nodb.exit_code == 1 and "no database" in nodb.output


def test_disable_and_enable(db: Path) -> None:
    run_cli("user", "add", "erin", "--role", "viewer", "--generate-password", "--db", str(db))
    token = run_cli("user", "token", "erin", "--db", str(db)).output.strip()
    assert token.startswith("eps_")
    assert run_cli("user", "disable", "erin", "--db", str(db)).exit_code == 0
    with Store.open(db) as store:
        accounts = Accounts(store.conn)
        assert accounts.require("erin").disabled and accounts.token_user(token) is None
    assert run_cli("user", "enable", "erin", "--db", str(db)).exit_code == 0
    with Store.open(db) as store:
        assert not Accounts(store.conn).require("erin").disabled


def test_password_change(db: Path) -> None:
    run_cli("user", "add", "fay", "--generate-password", "--db", str(db))
    result = run_cli(
        "user", "password", "fay", "--db", str(db), input="new-password-9\nnew-password-9\n"
    )
    assert result.exit_code == 0, result.output
    with Store.open(db) as store:
        assert Accounts(store.conn).verify_password("fay", "new-password-9") is not None
