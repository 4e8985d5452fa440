"""Workbench accounts: users with roles, Argon2 password hashes, sessions and API tokens.

Session and API tokens are random (256 bits) and only their SHA-256 is stored. Every write
commits on its own (``BEGIN IMMEDIATE`` ... ``COMMIT``) through :func:`write`.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from episignal.errors import EpisignalError

Role = Literal["viewer", "analyst", "admin"]
ROLES: tuple[Role, ...] = ("viewer", "analyst", "admin")
MIN_PASSWORD_LENGTH = 10
SESSION_DAYS = 7
_HASHER = PasswordHasher()
# Verified when the user is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


class AccountError(EpisignalError):
    """A user could not be added or changed (name taken, weak password, unknown user)."""

    code = "E500"


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    role: Role
    disabled: bool
    created_at: str
    last_login_at: str | None

    def can(self, role: Role) -> bool:
        """Whether this user has at least ``role`` (viewer < analyst < admin)."""
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True, slots=True)
class Session:
    user: User
    csrf_token: str
    since: str | None  # the user's previous login: what is "new since my last visit"


@dataclass(frozen=True, slots=True)
class ApiToken:
    id: int
    name: str
    created_at: str
    last_used_at: str | None
    revoked: bool


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One atomic write on an autocommit connection; inside another transaction (an event
    store correction and its audit row) it joins that one."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


_USER_COLUMNS = "id, username, role, disabled, created_at, last_login_at"


def _user(row: tuple[object, ...]) -> User:
    return User(
        id=int(cast(int, row[0])),
        username=str(row[1]),
        role=cast(Role, row[2]),
        disabled=bool(row[3]),
        created_at=str(row[4]),
        last_login_at=None if row[5] is None else str(row[5]),
    )


class Accounts:
    """Users, sessions and API tokens in one episignal database."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # ------------------------------------------------------------------- users

    def add_user(self, username: str, password: str, role: Role) -> User:
        name = username.strip()
        _check_new_user(name, password, role)
        try:
            with write(self.conn):
                self.conn.execute(
                    "INSERT INTO users (username, password_hash, role) VALUES (?, ?, ?)",
                    (name, _HASHER.hash(password), role),
                )
        except sqlite3.IntegrityError as exc:
            raise AccountError(f"user {name!r} already exists") from exc
        return self.require(name)

    def user(self, username: str) -> User | None:
        row = self.conn.execute(
            f"SELECT {_USER_COLUMNS} FROM users WHERE username = ?", (username,)
        ).fetchone()
        return None if row is None else _user(row)

    def require(self, username: str) -> User:
        found = self.user(username)
        if found is None:
            raise AccountError(f"no user {username!r}", hint="see `episignal user list`")
        return found

    def users(self) -> list[User]:
        rows = self.conn.execute(f"SELECT {_USER_COLUMNS} FROM users ORDER BY username")
        return [_user(r) for r in rows]

    def set_disabled(self, username: str, disabled: bool = True) -> User:
        user = self.require(username)
        with write(self.conn):
            self.conn.execute(
                "UPDATE users SET disabled = ? WHERE id = ?", (int(disabled), user.id)
            )
            if disabled:  # a disabled account is logged out everywhere at once
                self.conn.execute("DELETE FROM sessions WHERE user_id = ?", (user.id,))
                self.conn.execute(
                    "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                    (now_iso(), user.id),
                )
        return self.require(username)

    def set_password(self, username: str, password: str) -> None:
        user = self.require(username)
        _check_password(password)
        with write(self.conn):
            self.conn.execute(
                "UPDATE users SET password_hash = ? WHERE id = ?", (_HASHER.hash(password), user.id)
            )
            self.conn.execute("DELETE FROM sessions WHERE user_id = ?", (user.id,))

    def verify_password(self, username: str, password: str) -> User | None:
        """The user when the name and password match an enabled account, else None."""
        row = self.conn.execute(
            f"SELECT {_USER_COLUMNS}, password_hash FROM users WHERE username = ?", (username,)
        ).fetchone()
        stored = str(row[6]) if row is not None else _DUMMY_HASH
        try:
            _HASHER.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None or bool(row[3]):
            return None
        if _HASHER.check_needs_rehash(stored):
            with write(self.conn):
                self.conn.execute(
                    "UPDATE users SET password_hash = ? WHERE id = ?",
                    (_HASHER.hash(password), row[0]),
                )
        return _user(row)

    # ------------------------------------------------------------------- sessions

    def start_session(self, user: User) -> tuple[str, Session]:
        """A new session token (to put in the cookie) and the session it opens."""
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        expires = (datetime.now(UTC) + timedelta(days=SESSION_DAYS)).strftime("%Y-%m-%dT%H:%M:%SZ")
        with write(self.conn):
            self.conn.execute(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, since, expires_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (token_digest(token), user.id, csrf, user.last_login_at, expires),
            )
            self.conn.execute(
                "UPDATE users SET last_login_at = ? WHERE id = ?", (now_iso(), user.id)
            )
            self.conn.execute("DELETE FROM sessions WHERE expires_at < ?", (now_iso(),))
        return token, Session(user, csrf, user.last_login_at)

    def session(self, token: str) -> Session | None:
        row = self.conn.execute(
            f"SELECT s.csrf_token, s.since, {', '.join('u.' + c for c in _USER_COLUMNS.split(', '))} "
            "FROM sessions s JOIN users u ON u.id = s.user_id "
            "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0",
            (token_digest(token), now_iso()),
        ).fetchone()
        if row is None:
            return None
        return Session(_user(row[2:]), str(row[0]), None if row[1] is None else str(row[1]))

    def mark_seen(self, token: str) -> None:
        """From now on, nothing on the board is "new" to this session."""
        with write(self.conn):
            self.conn.execute(
                "UPDATE sessions SET since = ? WHERE token_hash = ?",
                (now_iso(), token_digest(token)),
            )

    def end_session(self, token: str) -> None:
        with write(self.conn):
            self.conn.execute("DELETE FROM sessions WHERE token_hash = ?", (token_digest(token),))

    # ------------------------------------------------------------------- API tokens

    def create_token(self, user: User, name: str) -> str:
        """A new API token for ``user``; shown once, only its hash is kept."""
        label = name.strip() or "token"
        token = "eps_" + secrets.token_urlsafe(32)
        with write(self.conn):
            self.conn.execute(
                "INSERT INTO api_tokens (token_hash, user_id, name) VALUES (?, ?, ?)",
                (token_digest(token), user.id, label[:80]),
            )
        return token

    def token_user(self, token: str) -> User | None:
        digest = token_digest(token)
        row = self.conn.execute(
            f"SELECT {', '.join('u.' + c for c in _USER_COLUMNS.split(', '))} "
            "FROM api_tokens t JOIN users u ON u.id = t.user_id "
            "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled = 0",
            (digest,),
        ).fetchone()
        return None if row is None else _user(row)

    def tokens(self, user: User) -> list[ApiToken]:
        rows = self.conn.execute(
            "SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens "
            "WHERE user_id = ? ORDER BY id",
            (user.id,),
        )
        return [ApiToken(int(r[0]), str(r[1]), str(r[2]), r[3], r[4] is not None) for r in rows]

    def revoke_token(self, user: User, token_id: int) -> bool:
        with write(self.conn):
            cursor = self.conn.execute(
                "UPDATE api_tokens SET revoked_at = ? "
                "WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
                (now_iso(), token_id, user.id),
            )
        return cursor.rowcount > 0


def _check_new_user(name: str, password: str, role: str) -> None:
    if not name or len(name) > 64 or any(ch.isspace() or not ch.isprintable() for ch in name):
        raise AccountError(f"invalid user name {name!r}", hint="1-64 characters, no spaces")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}", hint=f"one of {', '.join(ROLES)}")
    _check_password(password)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            "password too short", hint=f"use at least {MIN_PASSWORD_LENGTH} characters"
        )
