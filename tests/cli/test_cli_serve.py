"""``episignal serve``: the real command on uvicorn, on 127.0.0.1 by default."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.cli.conftest import run_cli

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_listens_on_localhost_and_asks_for_a_login(sample_db: Path) -> None:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "episignal",
        "serve",
        "--db",
        str(sample_db),
        "--port",
        str(port),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        health = None
        for _ in range(100):  # at most ~20 s
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert health is not None and health.json()["status"] == "ok"
        board = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
        assert board.status_code == 303 and board.headers["location"].startswith("/login")
        listening = subprocess.run(["ss", "-ltn"], capture_output=True, text=True).stdout
        if listening:
            assert f"127.0.0.1:{port}" in listening and f"0.0.0.0:{port}" not in listening
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    assert "no accounts yet" in err


def test_serve_without_a_database_fails_clearly(tmp_path: Path) -> None:
    result = run_cli("serve", "--db", str(tmp_path / "missing.db"))
    assert result.exit_code == 1 and "no database" in result.output
