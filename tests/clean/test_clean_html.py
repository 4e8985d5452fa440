"""HTML pages of several layouts: main text, title, date, outlet and URL."""

from __future__ import annotations

import datetime as dt

import pytest

from episignal.clean import clean_item
from episignal.clean.decode import decode_bytes
from episignal.clean.html import careful_main_text, extract_html, looks_like_article
from episignal.document import RawItem
from tests.clean.clean_fixtures import FIXTURES, HtmlCase, html_cases

CASES = html_cases()


def _clean(case: HtmlCase) -> str:
    item = RawItem(id=case.name, content=case.path.read_bytes(), format="html", origin="test")
    return clean_item(item).text


def test_there_are_several_layouts() -> None:
    assert len(CASES) >= 5


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_main_text_keeps_the_article(case: HtmlCase) -> None:
    text = _clean(case)
    assert [s for s in case.expect["must"] if s not in text] == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_main_text_drops_navigation_banners_and_related_links(case: HtmlCase) -> None:
    text = _clean(case)
    assert [s for s in case.expect["must_not"] if s in text] == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_metadata(case: HtmlCase) -> None:
    item = RawItem(id=case.name, content=case.path.read_bytes(), format="html", origin="test")
    doc = clean_item(item)
    assert doc.title == case.expect["title"]
    published = case.expect["published"]
    assert doc.published == (dt.date.fromisoformat(published) if published else None)
    assert doc.source == case.expect["source"]
    assert doc.url == case.expect["url"]
    assert doc.language == case.expect.get("language", "en")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_fallback_extractor_also_finds_the_article(case: HtmlCase) -> None:
    html = decode_bytes(case.path.read_bytes())
    text = careful_main_text(html, case.expect["title"])
    assert case.expect["must"][0] in text


def test_fast_path_is_used_on_a_typical_page() -> None:
    html = decode_bytes(CASES[0].path.read_bytes())
    assert extract_html(html).method == "fast"


def test_page_hidden_from_the_selectors_falls_back_to_trafilatura() -> None:
    html = (FIXTURES / "html" / "sidebar_wrapper.html").read_text(encoding="utf-8")
    page = extract_html(html)
    assert page.method == "fallback"
    assert "About 2,000 doses are available in the first round" in page.text
    no_fallback = extract_html(html, fallback=False)
    assert "2,000 doses" not in no_fallback.text


def test_looks_like_article() -> None:
    menu = "Home\nNews\nSport\nAbout Us | Contact Us | Careers"
    assert not looks_like_article(menu)
    story = (
        "Officials in the river district confirmed 58 cases of typhoid fever on Thursday.\n"
        "The district hospital has set aside a ward for the patients, and water samples have "
        "been sent to the provincial laboratory for testing.\n"
        "Residents have been told to boil drinking water until further notice from the council."
    )
    assert looks_like_article(story)


def test_teaser_page_falls_back_and_keeps_the_short_story() -> None:
    html = (
        "<html><head><title>Short item</title></head><body>"
        "<div class='menu'><a href='/'>Home</a> <a href='/n'>News</a></div>"
        "<div class='story'><h1>Rabies case reported</h1>"
        "<p>A rabies case was reported in a dog in the northern suburbs on Sunday.</p></div>"
        "<div class='more'><a href='/1'>Markets rally</a></div></body></html>"
    )
    page = extract_html(html)
    assert "A rabies case was reported in a dog in the northern suburbs on Sunday." in page.text


def test_metadata_from_meta_name_date_and_time_element() -> None:
    html = (
        "<html><head><meta name='date' content='2019-07-02'></head><body><article>"
        "<h1>Dengue cases double in the capital</h1>"
        "<p>The number of dengue cases in the capital has doubled in a month, reaching 2,400, "
        "according to the city health office.</p>"
        "<p>Officials blamed heavy rains and urged residents to remove standing water.</p>"
        "</article></body></html>"
    )
    page = extract_html(html)
    assert page.meta.published == dt.date(2019, 7, 2)
    assert page.meta.title == "Dengue cases double in the capital"
    html2 = html.replace("<meta name='date' content='2019-07-02'>", "").replace(
        "<article>", "<article><time datetime='2019-07-03T10:00:00Z'>3 July</time>"
    )
    assert extract_html(html2).meta.published == dt.date(2019, 7, 3)


def test_broken_markup_does_not_crash() -> None:
    html = "<html><body><div><p>Unclosed paragraph about 12 cholera cases in the port city.<div>"
    page = extract_html(html + "<<<>>></span></td></table>" * 50)
    assert isinstance(page.text, str)


def test_without_trafilatura_the_unfiltered_fast_path_recovers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from episignal.clean import html as html_module

    monkeypatch.setattr(html_module, "_trafilatura_extract", lambda: None)
    html = (FIXTURES / "html" / "sidebar_wrapper.html").read_text(encoding="utf-8")
    page = extract_html(html)
    assert page.method == "unfiltered"
    assert "About 2,000 doses are available in the first round" in page.text


def test_a_data_table_keeps_its_rows() -> None:
    page = (
        "<html><head><title>Lassa fever update</title></head><body><nav><a href='/'>Home</a> "
        "<a href='/news'>News</a></nav><article><h1>Lassa fever update</h1><p>Nigeria has "
        "recorded 733 confirmed cases of Lassa fever this year, the NCDC said on Tuesday in "
        "its weekly report on the outbreak.</p><table><tr><th>State</th><th>Confirmed</th>"
        "<th>Deaths</th></tr><tr><td>Ondo</td><td>262</td><td>43</td></tr><tr><td>Edo</td>"
        "<td>241</td><td>32</td></tr></table><p>Health workers are among those infected, the "
        "agency said in its statement on Tuesday.</p></article></body></html>"
    )
    text = extract_html(page).text
    assert "State | Confirmed | Deaths\nOndo | 262 | 43\nEdo | 241 | 32" in text
