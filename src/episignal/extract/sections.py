"""The sections of a bulletin: the country and disease each part of a document is about.

A report on several countries or outbreaks gives each its own part, opened by a heading
line ("GUATEMALA", "Cholera in Angola") that holds until the next heading, or by a label
that opens a paragraph ("Bolivia: Cases of yellow fever ...", "Dengue: 45 new cases ...")
and holds for that paragraph. A figure whose sentence names no place of its own belongs
to its section's country, not to a country named in another section; one whose sentence
names no disease belongs to its section's disease, not to the document's leading one.

One pass over the document's lines; each line is looked up in the sorted starts of the
place and disease mentions, so the cost is a few bisections a line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from episignal.document import DiseaseMention, LocationMention, Span

# A heading line is short and says no sentence: a few words, no figure, no full stop.
_HEADING_MAX_CHARS = 80
_HEADING_MAX_WORDS = 10
# The label of a paragraph ("Iran, Islamic Republic of,:", "Netherlands Antilles, Curaçao
# *:"): a few words before a colon at the start of the line, with no figure or full stop.
_LABEL = re.compile(r"[ \t]*(?P<label>[^\n:.;\d]{2,60}?)[ \t,*]*:(?:\s|$)")
_LABEL_MAX_WORDS = 8
_DIGIT = re.compile(r"\d")
_SENTENCE_END = (".", ";", ",", "!", "?")


@dataclass(frozen=True, slots=True)
class Section:
    """A part of a document about one country and/or disease (either may be unknown)."""

    span: Span
    country: LocationMention | None
    disease: DiseaseMention | None


class Sections:
    """The headed parts of a document, looked up by character position."""

    def __init__(
        self,
        text: str,
        locations: list[LocationMention],
        diseases: list[DiseaseMention],
    ) -> None:
        self._places = sorted(
            ((span, loc) for loc in locations if loc.country for span in loc.mentions),
            key=lambda item: item[0],
        )
        self._place_starts = [span[0] for span, _ in self._places]
        self._diseases = sorted(
            ((span, d) for d in diseases for span in (*d.mentions, *d.pathogen_mentions)),
            key=lambda item: item[0],
        )
        self._disease_starts = [span[0] for span, _ in self._diseases]
        self._headed: list[Section] = []  # heading lines' parts, in order, not overlapping
        self._labelled: list[Section] = []  # labelled paragraphs, in order
        if self._places or self._diseases:
            self._read_lines(text)
        self._headed_starts = [s.span[0] for s in self._headed]
        self._labelled_starts = [s.span[0] for s in self._labelled]

    def _read_lines(self, text: str) -> None:
        start = 0
        size = len(text)
        while start < size:
            end = text.find("\n", start)
            if end < 0:
                end = size
            if end > start:
                self._read_line(text, start, end)
            start = end + 1
        if self._headed:
            last = self._headed[-1]
            self._headed[-1] = Section((last.span[0], size), last.country, last.disease)

    def _read_line(self, text: str, start: int, end: int) -> None:
        line = text[start:end].strip()
        if _is_heading(line):
            country, disease = self._named_in(start, end)
            if country is not None or disease is not None:
                self._close_heading(start)
                self._headed.append(Section((start, end), country, disease))
            return
        label = _LABEL.match(text, start, end)
        if label is None or len(label.group("label").split()) > _LABEL_MAX_WORDS:
            return
        country, disease = self._named_in(start, label.end("label"))
        if country is not None or disease is not None:
            self._labelled.append(Section((start, end), country, disease))

    def _close_heading(self, start: int) -> None:
        if self._headed:
            last = self._headed[-1]
            self._headed[-1] = Section((last.span[0], start), last.country, last.disease)

    def _named_in(
        self, start: int, end: int
    ) -> tuple[LocationMention | None, DiseaseMention | None]:
        """The country (else the place) and the disease a heading or label names."""
        lo = bisect.bisect_left(self._place_starts, start)
        hi = bisect.bisect_left(self._place_starts, end)
        places = [loc for _, loc in self._places[lo:hi]]
        country = next((p for p in places if p.kind == "country"), places[0] if places else None)
        lo = bisect.bisect_left(self._disease_starts, start)
        hi = bisect.bisect_left(self._disease_starts, end)
        disease = self._diseases[lo][1] if hi > lo else None
        return country, disease

    def at(self, pos: int) -> Section | None:
        """The part of the document ``pos`` stands in: its labelled paragraph (with the
        heading's country or disease where the label names only one), else its heading's
        part, else None."""
        headed = _containing(self._headed, self._headed_starts, pos)
        labelled = _containing(self._labelled, self._labelled_starts, pos)
        if labelled is None:
            return headed
        if headed is None or (labelled.country is not None and labelled.disease is not None):
            return labelled
        return Section(
            labelled.span,
            labelled.country or headed.country,
            labelled.disease or headed.disease,
        )

    def labelled_country(self, pos: int) -> LocationMention | None:
        """The country the label of ``pos``'s paragraph names ("Bolivia: ..."), else None."""
        labelled = _containing(self._labelled, self._labelled_starts, pos)
        return labelled.country if labelled is not None else None


def _is_heading(line: str) -> bool:
    return (
        0 < len(line) <= _HEADING_MAX_CHARS
        and not line.endswith(_SENTENCE_END)
        and len(line.split()) <= _HEADING_MAX_WORDS
        and _DIGIT.search(line) is None
    )


def _containing(sections: list[Section], starts: list[int], pos: int) -> Section | None:
    i = bisect.bisect_right(starts, pos) - 1
    if i < 0:
        return None
    section = sections[i]
    return section if pos < section.span[1] else None
