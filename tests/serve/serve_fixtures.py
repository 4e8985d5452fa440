"""Helpers and fixtures of the workbench tests (imported by conftest.py): a scanned sample database with one user per role,
logged-in test clients, and the app served by uvicorn on 127.0.0.1 for the browser."""

from __future__ import annotations

import re
import shutil
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from episignal.models import EventQuery
from episignal.serve import create_app
from episignal.store import Store
from episignal.store.accounts import Accounts

PASSWORDS = {"ana": "analyst-password-1", "vic": "viewer-password-1", "ada": "admin-password-1"}
ROLES = {"ana": "analyst", "vic": "viewer", "ada": "admin"}


def scan_sample(db: Path) -> None:
    from episignal.samples import sample_corpus_path
    from episignal.scan import scan

    scan([str(sample_corpus_path())], db, workers=1)


@pytest.fixture(scope="session")
def sample_workbench_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("serve") / "workbench.db"
    scan_sample(db)
    with Store.open(db) as store:
        accounts = Accounts(store.conn)
        for name, password in PASSWORDS.items():
            accounts.add_user(name, password, ROLES[name])  # type: ignore[arg-type]
    checkpoint(db)
    return db


def checkpoint(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


@pytest.fixture
def db(sample_workbench_db: Path, tmp_path: Path) -> Path:
    """A private copy of the sample database (tests change triage)."""
    copy = tmp_path / "workbench.db"
    shutil.copyfile(sample_workbench_db, copy)
    return copy


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "page has no CSRF token"
    return found.group(1)


def log_in(client: TestClient, name: str, password: str | None = None) -> TestClient:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"username": name, "password": password or PASSWORDS[name], "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def app_client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        yield client


@pytest.fixture
def analyst(app_client: TestClient) -> TestClient:
    return log_in(app_client, "ana")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """The app on uvicorn in a thread, on a free port of 127.0.0.1."""

    def __init__(self, db: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(db), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(db: Path) -> Iterator[LiveServer]:
    with LiveServer(db) as server:
        yield server


def event_id(db: Path, country: str, disease: str) -> str:
    """The id of the highest-ranked event of ``disease`` in ``country`` (the store's id)."""
    with Store.open(db) as store:
        query = EventQuery(countries=(country,), diseases=(disease,), limit=1)
        found = store.events.signals(query).items
    assert found, f"no {disease} event in {country}"
    return found[0].event


@pytest.fixture
def kp(db: Path) -> str:
    """COVID-19 in North Korea: the sample corpus's running example."""
    return event_id(db, "KP", "COVID-19")
