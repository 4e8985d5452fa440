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


def test_a_record_dated_year_one_breaks_no_command(tmp_path: Path) -> None:
    import json

    text = (
        "The Ministry of Health of Malawi reported {n} cases of cholera and {d} deaths this week."
    )
    records = [
        {"id": "zero", "published": "0001-01-01T00:00:00Z", "text": text.format(n=120, d=4)},
        {"id": "now", "published": "2023-01-24", "text": text.format(n=300, d=9)},
        {"id": "end", "published": "9999-12-31", "text": text.format(n=310, d=9)},
    ]
    source = tmp_path / "feed.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = str(tmp_path / "e.db")
    assert run_cli("scan", str(source), "--db", db, "--workers", "1").exit_code == 0
    for args in (
        ("events", "--format", "json"),
        ("signals",),
        ("export", "--out", str(tmp_path / "x")),
        ("report", "--out", str(tmp_path / "r")),
        ("explain", "zero"),
    ):
        result = run_cli(*args, "--db", db)
        assert result.exit_code == 0, (args, result.output)
