"""Highlighting extracted spans in a document's text.

Every span becomes a ``<mark id="span-<start>-<end>">`` so event claims can link to it.
Spans may repeat (a count that is also a claim), nest (a place inside a measure) or
cross (a date that starts inside a count and ends after it). Repeats are merged into one
mark; nested spans nest; a span that crosses the end of an enclosing mark is cut at that
end — its anchor keeps the original offsets, so links still land on it. The text between
marks is escaped; nothing from the document reaches the page unescaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from episignal.report.markup import esc, fmt_number, span_anchor

KINDS = ("disease", "location", "date", "count", "source", "resource", "measure", "claim")
KIND_LABELS = {
    "disease": "Diseases",
    "location": "Places",
    "date": "Dates",
    "count": "Counts",
    "source": "Sources",
    "resource": "Supplies and aid",
    "measure": "Measures",
    "claim": "Cited in events",
}


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    kind: str
    label: str


def collect_highlights(extraction: Mapping[str, Any] | None) -> list[Highlight]:
    """All spans of an extraction record (the ``episignal extract`` JSON contract)."""
    if not extraction:
        return []
    found: list[Highlight] = []
    for disease in extraction.get("diseases") or []:
        code = f" ({disease['icd10']})" if disease.get("icd10") else ""
        found += _spans(disease.get("mentions"), "disease", f"{disease.get('name')}{code}")
        pathogen = disease.get("pathogen") or disease.get("name")
        found += _spans(disease.get("pathogen_mentions"), "disease", f"pathogen: {pathogen}")
    for loc in extraction.get("locations") or []:
        where = ", ".join(str(p) for p in (loc.get("admin1"), loc.get("country")) if p)
        affected = " · affected" if loc.get("affected") else ""
        label = f"{loc.get('name')} ({where}){affected}"
        found += _spans(loc.get("mentions"), "location", label)
        found += _spans(loc.get("demonym_mentions"), "location", label)
    for item in extraction.get("dates") or []:
        found += _spans([item.get("span")], "date", f"{item.get('date')} ({item.get('precision')})")
    for count in extraction.get("counts") or []:
        found += _spans([count.get("span")], "count", count_label(count))
    for source in extraction.get("sources") or []:
        found += _spans(
            [source.get("span")], "source", f"{source.get('name')} ({source.get('kind')})"
        )
    for resource in extraction.get("resources") or []:
        found += _spans([resource.get("span")], "resource", resource_label(resource))
    for measure in extraction.get("measures") or []:
        where = f" ({measure['country']})" if measure.get("country") else ""
        found += _spans([measure.get("span")], "measure", f"{measure.get('kind')}{where}")
    return found


def count_label(count: Mapping[str, Any]) -> str:
    words = [fmt_number(count.get("value")), str(count.get("measure") or "")]
    if count.get("status"):
        words.append(f"({count['status']})")
    if count.get("cumulative") is True:
        words.append("total")
    elif count.get("cumulative") is False:
        words.append("new")
    if count.get("date"):
        words.append(f"as of {count['date']}")
    if count.get("source"):
        words.append(f"per {count['source']}")
    return " ".join(w for w in words if w)


def resource_label(resource: Mapping[str, Any]) -> str:
    quantity = fmt_number(resource.get("quantity")) if resource.get("quantity") is not None else ""
    words = [quantity, str(resource.get("unit") or ""), str(resource.get("item") or "")]
    if resource.get("action"):
        words.append(f"· {resource['action']}")
    if resource.get("from") or resource.get("to"):
        words.append(f"{resource.get('from') or '?'} → {resource.get('to') or '?'}")
    return " ".join(w for w in words if w)


def _spans(spans: Iterable[Any] | None, kind: str, label: str) -> list[Highlight]:
    out = []
    for span in spans or []:
        if isinstance(span, Sequence) and len(span) == 2:
            out.append(Highlight(int(span[0]), int(span[1]), kind, label))
    return out


@dataclass
class _Mark:
    start: int
    end: int  # where the mark is drawn to (may be cut short of the span's end)
    anchor: str
    kinds: list[str]
    labels: list[str]


def render_text(text: str, highlights: Iterable[Highlight]) -> str:
    """The escaped text with one properly nested ``<mark>`` per distinct span."""
    marks = _nest(_merge(text, highlights))
    opens: dict[int, list[_Mark]] = {}
    closes: dict[int, int] = {}
    for mark in marks:
        opens.setdefault(mark.start, []).append(mark)
        closes[mark.end] = closes.get(mark.end, 0) + 1
    cuts = sorted(set(opens) | set(closes) | {0, len(text)})
    out: list[str] = []
    for here, nxt in zip(cuts, [*cuts[1:], len(text)], strict=True):
        out.append("</mark>" * closes.get(here, 0))
        out.extend(_open_tag(m) for m in opens.get(here, []))
        out.append(esc(text[here:nxt]))
    return "".join(out)


def _merge(text: str, highlights: Iterable[Highlight]) -> list[_Mark]:
    """Valid spans only, one mark per (start, end) with every kind and label it has."""
    merged: dict[tuple[int, int], _Mark] = {}
    for h in highlights:
        if not 0 <= h.start < h.end <= len(text):
            continue
        mark = merged.get((h.start, h.end))
        if mark is None:
            mark = merged[(h.start, h.end)] = _Mark(
                h.start, h.end, span_anchor(h.start, h.end), [], []
            )
        if h.kind not in mark.kinds:
            mark.kinds.append(h.kind)
        label = f"{h.kind}: {h.label}"
        if label not in mark.labels:
            mark.labels.append(label)
    return sorted(merged.values(), key=lambda m: (m.start, -m.end))


def _nest(marks: list[_Mark]) -> list[_Mark]:
    """Cut crossing marks so that all marks nest; outer marks come first at equal starts."""
    stack: list[_Mark] = []
    for mark in marks:
        while stack and stack[-1].end <= mark.start:
            stack.pop()
        if stack and mark.end > stack[-1].end:
            mark.end = stack[-1].end
        stack.append(mark)
    return sorted(marks, key=lambda m: (m.start, -m.end))


def _open_tag(mark: _Mark) -> str:
    primary = next((k for k in mark.kinds if k != "claim"), mark.kinds[0])
    classes = " ".join(f"m-{k}" for k in [primary, *(k for k in mark.kinds if k != primary)])
    title = "\n".join(mark.labels)
    return f'<mark id="{mark.anchor}" class="{esc(classes)}" title="{esc(title)}">'


def side_list(text: str, highlights: Sequence[Highlight]) -> str:
    """The extracted items grouped by kind, each linking to its first span in the text."""
    sections = []
    for kind in KINDS:
        items: dict[str, tuple[int, int]] = {}
        for h in sorted(highlights, key=lambda x: x.start):
            if h.kind == kind and 0 <= h.start < h.end <= len(text) and h.label not in items:
                items[h.label] = (h.start, h.end)
        if not items:
            continue
        rows = "".join(
            f'<li><a href="#{span_anchor(s, e)}">{esc(label)}</a> '
            f'<span class="quote">“{esc(text[s:e])}”</span></li>'
            for label, (s, e) in items.items()
        )
        sections.append(
            f'<h3><span class="kind m-{kind}"></span>{esc(KIND_LABELS[kind])} ({len(items)})</h3>'
            f"<ul>{rows}</ul>"
        )
    return "".join(sections) or '<p class="empty">Nothing was extracted from this document.</p>'
