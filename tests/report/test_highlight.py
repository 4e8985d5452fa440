"""Highlighted document text: one anchor per span, nesting and crossing, escaping."""

from __future__ import annotations

import html
import re

import pytest

from episignal.report.highlight import (
    Highlight,
    collect_highlights,
    count_label,
    render_text,
    side_list,
)

TEXT = "Officials said 392,000 new fever cases were found in Kaesong on 15 May."


def strip_tags(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def span(needle: str, kind: str = "count", label: str = "x") -> Highlight:
    start = TEXT.index(needle)
    return Highlight(start, start + len(needle), kind, label)


def anchors(fragment: str) -> list[str]:
    return re.findall(r'<mark id="(span-\d+-\d+)"', fragment)


def assert_well_nested(fragment: str) -> None:
    depth = 0
    for tag in re.findall(r"</?mark", fragment):
        depth += -1 if tag.startswith("</") else 1
        assert depth >= 0
    assert depth == 0


@pytest.mark.parametrize(
    "highlights",
    [
        [],
        [span("392,000 new fever cases")],
        [span("392,000 new fever cases"), span("fever", "disease")],  # nested
        [span("392,000 new fever cases"), span("cases were found", "measure")],  # crossing
        [span("Kaesong", "location"), span("Kaesong", "claim")],  # same span twice
        [
            span("15 May.", "date"),
            Highlight(60, 999, "date", "past the end"),
            Highlight(5, 5, "date", "empty"),
        ],
    ],
)
def test_text_survives_and_marks_nest(highlights: list[Highlight]) -> None:
    out = render_text(TEXT, highlights)
    assert strip_tags(out) == TEXT
    assert_well_nested(out)
    valid = {(h.start, h.end) for h in highlights if 0 <= h.start < h.end <= len(TEXT)}
    assert sorted(anchors(out)) == sorted(f"span-{s}-{e}" for s, e in valid)


def test_crossing_span_keeps_its_anchor_offsets() -> None:
    crossing = span("cases were found", "measure")
    out = render_text(TEXT, [span("392,000 new fever cases"), crossing])
    assert f'id="span-{crossing.start}-{crossing.end}"' in out
    # drawn only up to the end of the enclosing count: "cases" inside, " were found" outside
    assert re.search(r'class="m-measure"[^>]*>cases</mark></mark> were found', out)


def test_repeated_span_is_one_mark_with_both_kinds() -> None:
    out = render_text(
        TEXT, [span("Kaesong", "location", "Kaesong (KP)"), span("Kaesong", "claim", "cited")]
    )
    assert out.count("<mark") == 1
    assert 'class="m-location m-claim"' in out
    assert 'title="location: Kaesong (KP)\nclaim: cited"' in out  # one tooltip line per kind


def test_untrusted_text_is_escaped() -> None:
    text = '<script>alert("x")</script> 5 <b>deaths</b>'
    start = text.index("5")
    out = render_text(text, [Highlight(start, start + 10, "count", '<img src=x onerror="y">')])
    assert "<script" not in out and "<b>" not in out and "<img" not in out
    assert strip_tags(out) == text


EXTRACTION = {
    "diseases": [{"name": "COVID-19", "icd10": "U07.1", "mentions": [[0, 5]], "pathogen_mentions": [[6, 9]]}],
    "locations": [{"name": "Kaesong", "country": "KP", "admin1": None, "affected": True, "mentions": [[10, 17]]}],
    "dates": [{"date": "2022-05-15", "precision": "day", "span": [18, 24]}],
    "counts": [{"value": 392000, "measure": "cases", "status": "suspected", "cumulative": False, "span": [25, 30]}],
    "sources": [{"name": "KCNA", "kind": "state_media", "span": [31, 35]}],
    "resources": [{"item": "masks", "quantity": 10600000, "unit": "units", "action": "import", "from": "CN",
                   "to": "KP", "span": [36, 40]}],
    "measures": [{"kind": "lockdown", "country": "KP", "span": [41, 45]}],
}  # fmt: skip


def test_collect_highlights_covers_every_kind() -> None:
    found = collect_highlights(EXTRACTION)
    assert [h.kind for h in found] == [
        "disease",
        "disease",
        "location",
        "date",
        "count",
        "source",
        "resource",
        "measure",
    ]
    labels = {h.kind: h.label for h in found}
    assert labels["count"] == "392,000 cases (suspected) new"
    assert labels["resource"] == "10,600,000 units masks · import CN → KP"
    assert labels["location"] == "Kaesong (KP) · affected"
    assert collect_highlights(None) == []


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        ({"value": 68, "measure": "deaths", "cumulative": True, "date": "2022-05-27", "source": "KCNA"},
         "68 deaths total as of 2022-05-27 per KCNA"),
        ({"value": 8, "measure": "deaths", "cumulative": None}, "8 deaths"),
    ],
)  # fmt: skip
def test_count_label(count: dict[str, object], expected: str) -> None:
    assert count_label(count) == expected


def test_side_list_links_to_anchors_and_lists_each_label_once() -> None:
    text = "x" * 50
    items = [*collect_highlights(EXTRACTION), Highlight(0, 5, "disease", "COVID-19 (U07.1)")]
    out = side_list(text, items)
    assert out.count("COVID-19 (U07.1)") == 1
    assert 'href="#span-0-5"' in out and 'href="#span-41-45"' in out
    assert "Diseases (2)" in out  # the disease and its pathogen
    assert "Nothing was extracted" in side_list(text, [])
