"""The written report: pages, links between them, and escaping of untrusted text."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_fixtures import nk_documents, nk_event, second_event, signals_of

from episignal.models import DocumentFates, DocumentRef, DocumentView, Event, FigureFate, Flag
from episignal.report import write_report
from episignal.report.charts import PALETTE
from episignal.report.markup import doc_file, event_file

WHEN = datetime(2022, 5, 28, 6, 0, tzinfo=UTC)
HOSTILE = (
    '<script>alert("x")</script><img src=x onerror=alert(1)><iframe src="https://evil.example">'
)


def report(tmp_path: Path, events: list[Event], docs: list[DocumentView]) -> Path:
    def load(ids: Collection[str]) -> Iterator[DocumentView]:
        return (d for d in docs if d.id in ids)

    return write_report(
        signals_of(events),
        iter(events),
        load,
        tmp_path / "out",
        title="Daily <b>report</b>",
        generated=WHEN,
    )


def test_writes_one_page_per_event_and_document(tmp_path: Path) -> None:
    index = report(tmp_path, [nk_event(), second_event()], nk_documents())
    assert index.name == "index.html"
    names = sorted(p.name for p in index.parent.iterdir())
    expected = {"index.html", event_file(nk_event().id), event_file(second_event().id)}
    expected |= {doc_file(d.id) for d in nk_documents()}
    assert set(names) == expected
    assert all(re.fullmatch(r"[a-z0-9.-]+", n) for n in names)


def test_index_lists_signals_in_order_with_map_and_stats(tmp_path: Path) -> None:
    page = report(tmp_path, [nk_event(), second_event()], nk_documents()).read_text(
        encoding="utf-8"
    )
    assert page.index(event_file(nk_event().id)) < page.index(
        f'href="{event_file(second_event().id)}">Cholera'
    )
    assert "North Korea" in page and "2,900,000" in page and "implausible cfr" in page
    assert 'class="world-map"' in page and 'class="event-country"' in page
    assert re.search(r"<b>3</b><span>documents</span>", page)
    assert re.search(r"<b>4</b><span>outlets</span>", page)  # Wire A, Portal D, Relay B, Agency C
    assert "Daily &lt;b&gt;report&lt;/b&gt;" in page


def test_event_page_has_charts_figures_timeline_and_flags(tmp_path: Path) -> None:
    out = report(tmp_path, [nk_event()], nk_documents()).parent
    page = (out / event_file(nk_event().id)).read_text(encoding="utf-8")
    titles = re.findall(r'class="series-chart" aria-label="([^"]+)"', page)
    assert titles == ["Cases, running total", "Cases, new", "Deaths, running total"]
    assert page.count('class="claim"') == 6  # one marker per claim
    assert "sources disagree" in page
    assert "case-fatality ratio far outside" in page  # the flag explained
    assert page.index("lockdown") < page.index("10,600,000 units masks")  # timeline by date
    assert f'fill="{PALETTE[0]}"/></svg> KCNA' in page  # legend: colour per source
    assert f'fill="{PALETTE[1]}"/></svg> RFA' in page
    assert "style=" not in page.split("</style>", 1)[1]  # the workbench's CSP allows none
    assert "RFA via Relay B" in page


def test_every_claim_link_lands_on_an_anchor(tmp_path: Path) -> None:
    out = report(tmp_path, [nk_event()], nk_documents()).parent
    page = (out / event_file(nk_event().id)).read_text(encoding="utf-8")
    links = set(re.findall(r'href="(doc-[^"#]+\.html)#(span-\d+-\d+)"', page))
    assert len(links) == 6
    for target, anchor in links:
        assert f'id="{anchor}"' in (out / target).read_text(encoding="utf-8"), (target, anchor)


def test_document_page_highlights_extraction(tmp_path: Path) -> None:
    out = report(tmp_path, [nk_event()], nk_documents()).parent
    doc = nk_documents()[0]
    page = (out / doc_file(doc.id)).read_text(encoding="utf-8")
    for kind in ("disease", "location", "date", "count", "source", "measure"):
        assert f'class="m-{kind}' in page, kind
    assert f'href="{event_file(nk_event().id)}"' in page  # back to the event
    assert "Places (1)" in page and "Measures (1)" in page


def test_document_without_text_or_extraction(tmp_path: Path) -> None:
    event = replace(second_event(), documents=(DocumentRef("empty"),))
    docs = [DocumentView("empty", "failed", reason="binary content")]
    out = report(tmp_path, [event], docs).parent
    page = (out / doc_file("empty")).read_text(encoding="utf-8")
    assert "Text not available" in page and "Nothing was extracted" in page


def test_only_documents_that_events_refer_to_get_a_page(tmp_path: Path) -> None:
    docs = [*nk_documents(), DocumentView("unrelated", "extracted", text="y", title="x")]
    out = report(tmp_path, [], docs).parent
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert "No events." in (out / "index.html").read_text(encoding="utf-8")
    out = report(tmp_path / "2", [nk_event()], docs).parent
    assert not (out / doc_file("unrelated")).exists() and (out / doc_file("doc-c")).exists()


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs.update(name for name, _ in attrs)


def parsed(text: str) -> tuple[set[str], set[str]]:
    """Tag and attribute names as a browser's parser sees them."""
    collector = _Collector()
    collector.feed(text)
    return collector.tags, collector.attrs


def hostile_input() -> tuple[list[Event], list[DocumentView]]:
    event, docs = nk_event(), nk_documents()
    series = tuple(
        replace(
            s,
            admin1=HOSTILE,
            points=tuple(
                replace(
                    p,
                    claims=tuple(
                        replace(c, quote=HOSTILE, source=HOSTILE, outlet=HOSTILE) for c in p.claims
                    ),
                )
                for p in s.points
            ),
        )
        for s in event.series
    )
    event = replace(
        event,
        disease=replace(event.disease, name=HOSTILE),
        reason=HOSTILE,
        series=series,
        flags=(Flag("implausible_cfr", "warning", HOSTILE, {HOSTILE: HOSTILE}, HOSTILE),),
        measures=(replace(event.measures[0], quote=HOSTILE, kind=HOSTILE),),
        resources=(replace(event.resources[0], item=HOSTILE),),
        reports=(replace(event.reports[0], quote=HOSTILE),),
        documents=tuple(
            replace(d, title=HOSTILE, outlets=(HOSTILE,), url="javascript:alert(1)")
            for d in event.documents
        ),
    )
    fates = DocumentFates(
        docs[0].id,
        HOSTILE,
        (FigureFate(5, HOSTILE, (0, 1), HOSTILE, "not_placed", HOSTILE, HOSTILE, HOSTILE),),
        note=HOSTILE,
    )
    extraction = dict(docs[0].extraction or {})
    extraction["locations"] = [{**extraction["locations"][0], "name": HOSTILE}]
    docs = [
        replace(
            d,
            title=HOSTILE,
            source=HOSTILE,
            url="javascript:alert(1)",
            language=HOSTILE,
            text=HOSTILE + (d.text or ""),  # spans shift: some now cut through the tags
        )
        for d in docs
    ]
    docs[0] = replace(docs[0], extraction=extraction, fates=fates)
    return [event], docs


@pytest.mark.parametrize("tag", ["<script", "<img", "<iframe", "javascript:"])
def test_untrusted_text_never_reaches_the_page_raw(tmp_path: Path, tag: str) -> None:
    events, docs = hostile_input()
    out = report(tmp_path, events, docs).parent
    pages = list(out.glob("*.html"))
    assert len(pages) == 5
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert tag not in text.lower(), (path.name, tag)
        tags, attrs = parsed(text)
        assert not tags & {"script", "img", "iframe", "object", "embed"}, path.name
        assert not [a for a in attrs if a.startswith("on")], path.name  # no event handlers
    event_page = (out / event_file(events[0].id)).read_text(encoding="utf-8")
    assert "&lt;script&gt;" in event_page
    assert {"svg", "circle", "polyline", "table"} <= parsed(event_page)[0]  # the page still renders


def test_pages_load_nothing_from_outside(tmp_path: Path) -> None:
    out = report(tmp_path, [nk_event(), second_event()], nk_documents()).parent
    for path in out.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<(script|link|img|iframe)\b", text), path.name
        assert not re.search(r"\bsrc=", text) and "@import" not in text and "url(" not in text
        assert "default-src 'none'" in text


def test_unwritable_folder_is_an_input_error(tmp_path: Path) -> None:
    from episignal.errors import InputError

    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(InputError):
        write_report([], [], lambda ids: [], blocker / "sub")


def test_a_province_has_its_own_charts_and_the_timeline_shows_reports(tmp_path: Path) -> None:
    event = nk_event()
    kano = replace(event.series[0], admin1="Kaesong")
    event = replace(event, series=(*event.series, kano))
    out = report(tmp_path, [event], nk_documents()).parent
    page = (out / event_file(event.id)).read_text(encoding="utf-8")
    assert '<h3 id="area-kaesong">Kaesong</h3>' in page and "(+Kaesong)" in page
    assert "Sub-national series" in page and 'href="#area-kaesong"' in page
    assert '<li class="report">' in page and "By 27 May the total reached" in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "(+Kaesong)" in index


def test_excluded_claims_are_struck_through_with_the_reason(tmp_path: Path) -> None:
    event = nk_event()
    first = event.series[0]
    claims = first.points[0].claims
    from episignal.models import Exclusion

    struck = replace(claims[1], excluded=Exclusion("a vaccination figure", "ana"))
    point = replace(first.points[0], claims=(claims[0], struck), disagreement=False)
    event = replace(
        event, series=(replace(first, points=(point, *first.points[1:])), *event.series[1:])
    )
    out = report(tmp_path, [event], nk_documents()).parent
    page = (out / event_file(event.id)).read_text(encoding="utf-8")
    assert '<li class="quoted excluded"' in page and "<s><b>" in page
    assert "excluded by ana: a vaccination figure" in page
    assert page.count('class="claim"') == 5  # the excluded claim is not drawn


def test_document_page_says_where_each_figure_went(tmp_path: Path) -> None:
    doc = nk_documents()[0]
    fates = DocumentFates(
        doc.id,
        "extracted",
        (
            FigureFate(1213550, "cases", (0, 5), "q", "placed", event="evt-1a2b3c4d5e6f",
                       series="cases, total", date=None, chosen=True),
            FigureFate(80_000_000, "cases", (6, 9), "q", "not_placed",
                       reason="scope is world: only national and sub-national figures are drawn"),
        ),
    )  # fmt: skip
    out = report(tmp_path, [nk_event()], [replace(doc, fates=fates), *nk_documents()[1:]]).parent
    page = (out / doc_file(doc.id)).read_text(encoding="utf-8")
    assert "Figures and where they went" in page and "in a series" in page
    assert "scope is world" in page and "(its value)" in page
