from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import run_cli


def test_report_writes_a_self_contained_site(sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = run_cli("report", "--db", str(sample_db), "--out", str(out))
    assert result.exit_code == 0, result.output
    index = out / "index.html"
    assert index.exists() and str(index.resolve()) in result.stdout
    pages = list(out.glob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "http://cdn" not in html and "<script src=" not in html
