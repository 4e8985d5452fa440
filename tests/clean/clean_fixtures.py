from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class HtmlCase:
    """A realistic page written for these tests and what its main text must (not) contain."""

    path: Path
    expect: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.stem


def html_cases() -> list[HtmlCase]:
    pages = sorted((FIXTURES / "html").glob("*.html"))
    return [
        HtmlCase(p, json.loads(p.with_name(p.stem + ".expect.json").read_text())) for p in pages
    ]
