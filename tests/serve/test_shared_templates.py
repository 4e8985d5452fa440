"""The page bodies in report/templates render for the static report too (file links, no
server), from the same event records the workbench shows."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from episignal.report.markup import doc_file, event_file
from episignal.report.templating import FileLinks, environment, event_view


def kp_record(db: Path, kp: str) -> dict[str, object]:
    conn = sqlite3.connect(db)
    record = json.loads(conn.execute("SELECT record FROM events WHERE id = ?", (kp,)).fetchone()[0])
    conn.close()
    return dict(record)


def test_the_report_renders_the_shared_event_body_with_file_links(db: Path, kp: str) -> None:
    record = kp_record(db, kp)
    links = FileLinks()
    html = (
        environment()
        .get_template("event_body.html")
        .render(event=record, view=event_view(record, "North Korea", links), links=links)
    )
    first_doc = record["documents"][0]["id"]  # type: ignore[index]
    assert f'href="{doc_file(first_doc)}"' in html
    assert 'href="/documents/' not in html and 'href="/events/' not in html
    assert "COVID-19 (U07) — North Korea" in html
    assert 'class="series-chart"' in html and '<rect class="bar"' in html
    assert "implausible cfr" in html and "exclude" not in html  # no workbench forms
    assert event_file(kp).startswith("event-")


def test_the_shared_document_body_escapes_article_text() -> None:
    doc = {
        "id": "d1",
        "title": "<b>x</b>",
        "status": "extracted",
        "text": "t",
        "url": "javascript:x",
    }
    html = (
        environment()
        .get_template("document_body.html")
        .render(doc=doc, events=[], highlighted="t", side="", kinds={}, links=FileLinks())
    )
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "javascript:" not in html
