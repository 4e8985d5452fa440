from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from episignal.cli import cli


def run_cli(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample corpus scanned once into a database shared by the CLI tests."""
    from episignal.samples import sample_corpus_path

    db = tmp_path_factory.mktemp("cli") / "sample.db"
    result = run_cli("scan", str(sample_corpus_path()), "--db", str(db), "--workers", "2")
    assert result.exit_code == 0, result.output
    return db
