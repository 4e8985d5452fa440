"""Imports point downstream only: events, report and models never read the store."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "episignal"
ALLOWED = {
    "models": {"episignal.document", "episignal.models"},
    "events": {"episignal.document", "episignal.models", "episignal.events", "episignal.data"},
    "report": {
        "episignal.document",
        "episignal.models",
        "episignal.events",
        "episignal.report",
        "episignal.data",
        "episignal.errors",
    },
}


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {n for n in names if n.startswith("episignal")}


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_a_layer_imports_only_what_is_upstream_of_it(layer: str) -> None:
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in imported(path):
            assert any(name == ok or name.startswith(ok + ".") for ok in ALLOWED[layer]), (
                f"{path.relative_to(PACKAGE)} imports {name}"
            )


def test_the_store_never_imports_events() -> None:
    for path in sorted((PACKAGE / "store").rglob("*.py")):
        for name in imported(path):
            assert not name.startswith("episignal.events"), (path, name)
