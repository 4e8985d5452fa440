"""One set of page bodies (report/templates) for the static report and the workbench,
rendered from the same typed models: only the links differ."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from fastapi.testclient import TestClient
from serve_fixtures import log_in

from episignal.models import DocumentView
from episignal.report.html import render_document, render_event
from episignal.report.markup import doc_file
from episignal.report.templating import environment
from episignal.store import Store


class Text(HTMLParser):
    """The visible text of a page fragment, whitespace collapsed."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def visible(html: str) -> str:
    parser = Text()
    parser.feed(html)
    return parser.text()


def event_main(page: str) -> str:
    found = re.search(r'<div class="event-main">(.*)</div>\s*<aside class="triage', page, re.S)
    assert found, "no event body on the page"
    return found.group(1)


def test_report_and_workbench_render_the_same_event_body(
    app_client: TestClient, db: Path, kp: str
) -> None:
    with Store.open(db) as store:
        event = store.events.event(kp)
    assert event is not None
    report_body = render_event(environment(), event, "North Korea")
    log_in(app_client, "vic")  # a viewer: no correction buttons
    web_body = event_main(app_client.get(f"/events/{kp}").text)
    assert visible(report_body) == visible(web_body)
    first_doc = event.documents[0].id
    assert f'href="{doc_file(first_doc)}"' in report_body
    assert 'href="/documents/' not in report_body and 'href="/events/' not in report_body
    assert 'href="/documents/' in web_body
    assert "COVID-19 (U07) — North Korea" in report_body
    assert 'class="series-chart"' in report_body and 'class="series-bar"' in report_body
    assert "implausible cfr" in report_body and "exclude" not in report_body


def test_an_analyst_gets_correction_buttons_beside_claims_and_documents(
    analyst: TestClient, kp: str
) -> None:
    body = event_main(analyst.get(f"/events/{kp}").text)
    assert body.count('form="exclude-form"') >= 5 and 'form="move-form"' in body


def test_the_shared_document_body_escapes_article_text() -> None:
    doc = DocumentView("d1", "extracted", text="t", title="<b>x</b>", url="javascript:x")
    html = render_document(environment(), doc, [], [])
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "javascript:" not in html


def test_report_and_workbench_render_the_same_document_body(
    app_client: TestClient, db: Path, kp: str
) -> None:
    from episignal.report.templating import EventLink, claim_highlights
    from episignal.views import document_views

    with Store.open(db) as store:
        event = store.events.event(kp)
        assert event is not None
        doc_id = event.series[0].points[0].claims[0].document
        (doc,) = document_views(store, [doc_id])
    link = EventLink(event.id, event.disease.name, event.country)
    report_body = render_document(environment(), doc, claim_highlights([event], doc_id), [link])
    log_in(app_client, "vic")
    page = app_client.get("/documents/" + doc_id).text
    web_body = page.split('<p class="crumbs">', 1)[1].split("</p>", 1)[1].split("</main>")[0]
    assert visible(report_body) == visible(web_body)
    assert "Figures and where they went" in report_body and "in a series" in report_body
