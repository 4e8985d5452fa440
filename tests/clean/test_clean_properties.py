"""Properties: cleaning never raises anything but DocumentError and keeps the article."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from episignal.clean import clean_item
from episignal.clean.furniture import remove_furniture
from episignal.document import RawItem
from episignal.errors import DocumentError

# Words for generated prose; none of them is a furniture cue (cookie, share, copyright...).
WORDS = [
    "officials",
    "reported",
    "new",
    "cases",
    "of",
    "fever",
    "in",
    "the",
    "northern",
    "district",
    "on",
    "monday",
    "and",
    "said",
    "that",
    "patients",
    "were",
    "treated",
    "at",
    "local",
    "clinics",
    "while",
    "teams",
    "visited",
    "villages",
    "to",
    "test",
    "water",
    "samples",
    "from",
    "wells",
    "near",
    "the",
    "river",
    "after",
    "heavy",
    "rain",
]
FURNITURE = [
    "Related Topics",
    "North Korea, COVID-19, Pandemic",
    "Recent Stories",
    "Prices rise again at the pump",
    "28 seconds ago",
    "3 minutes ago",
    "More Stories From World",
    "About Us | Contact Us | Advertisment",
    "Home - World - Business - Sport - Health - Science - Weather",
    "Copyright 2022,",
    "© 2022 Example Media. All rights reserved.",
    "We use cookies to improve your experience.",
    "Subscribe to our newsletter",
    "Share this article",
    "Advertisement",
    "Home",
]

sentence = st.lists(st.sampled_from(WORDS), min_size=8, max_size=24).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
furniture_block = st.lists(st.sampled_from(FURNITURE), min_size=0, max_size=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    head=furniture_block,
    body=st.lists(paragraph, min_size=1, max_size=6),
    tail=furniture_block,
    separator=st.sampled_from(["\n", "\n\n", "\r\n"]),
)
def test_article_sentences_survive_among_furniture(
    head: list[str], body: list[str], tail: list[str], separator: str
) -> None:
    page = separator.join([*head, *body, *tail])
    clean = remove_furniture(page)
    for para in body:
        assert para in clean
    after_body = clean[clean.rindex(body[-1]) + len(body[-1]) :]
    assert after_body.strip() == ""


# Furniture that sits between an article's paragraphs (ads, prompts, inline link lists).
INLINE = [
    "Advertisement",
    "Share this article",
    "Subscribe to our newsletter",
    "We use cookies to improve your experience.",
    "Read more: Prices rise again at the pump",
    "Home - World - Business - Sport - Health",
    "About Us | Contact Us | Advertisment",
]


@settings(max_examples=150, deadline=None)
@given(
    body=st.lists(paragraph, min_size=2, max_size=6),
    inline=st.lists(st.sampled_from(INLINE), min_size=1, max_size=5),
    data=st.data(),
)
def test_article_sentences_survive_inline_furniture(
    body: list[str], inline: list[str], data: st.DataObject
) -> None:
    lines = list(body)
    for junk in inline:
        lines.insert(data.draw(st.integers(1, len(lines) - 1)), junk)
    clean = remove_furniture("\n".join(lines))
    for para in body:
        assert para in clean
    assert not set(inline) & set(clean.split("\n"))


@settings(max_examples=200, deadline=None)
@given(
    content=st.one_of(st.text(max_size=3000), st.binary(max_size=3000)),
    fmt=st.sampled_from(["text", "html"]),
)
def test_cleaning_never_raises_anything_but_document_error(content: str | bytes, fmt: str) -> None:
    item = RawItem(id="x", content=content, format=fmt, origin="hypothesis")  # type: ignore[arg-type]
    try:
        doc = clean_item(item)
    except DocumentError:
        return
    assert doc.text.strip()
    assert len(doc.content_hash) == 40


@settings(max_examples=100, deadline=None)
@given(
    body=st.lists(paragraph, min_size=1, max_size=4),
    junk=st.lists(st.sampled_from(FURNITURE), max_size=4),
    tags=st.sampled_from(["p", "div", "section"]),
)
def test_html_pages_keep_their_paragraphs(body: list[str], junk: list[str], tags: str) -> None:
    html = (
        "<html><body><nav>"
        + "".join(f"<a href='#'>{j}</a>" for j in junk)
        + "</nav><article>"
        + "".join(f"<{tags}>{para}</{tags}>" for para in body)
        + "</article><footer>"
        + "".join(f"<div>{j}</div>" for j in junk)
        + "</footer></body></html>"
    )
    item = RawItem(id="x", content=html, format="html", origin="hypothesis")
    text = clean_item(item).text
    for para in body:
        assert para in text
