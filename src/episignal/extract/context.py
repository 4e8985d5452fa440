"""The text every extractor reads: clean text, its sentences, and the publication date."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from episignal.document import Span
from episignal.lang.english import english

# Tokens that end in a period without ending a sentence ("Dr. Tedros", "U.S. officials"):
# data_src/en/sentences.yaml (abbreviations).
_ABBREVIATIONS = frozenset(english("sentences")["abbreviations"])
# A sentence ends at . ! ? ؟ (optionally followed by closing quotes/brackets) and white space,
# at the full-width 。！？ of Chinese (no space follows them), or at a line break: scraped
# news puts headlines, datelines and list items on lines of their own. The pattern opens
# with the class of every mark that may end a sentence, each alternative then checking
# (looking back) which mark it was: a pattern that opens with one class lets the engine
# skip the text between marks at once, where three alternatives made it try each position.
_BOUNDARY = re.compile(
    r"""[.!?\u061f\u3002\uff01\uff1f\n]"""
    r"""(?:(?<=[.!?\u061f])["')\]\u201d\u2019]*\s+"""
    r"""|(?<=[\u3002\uff01\uff1f])["')\]\u201d\u2019\u300d]*\s*"""
    r"""|(?<=\n)\s*)"""
)
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentence spans with an abbreviation-aware regex (one pass)."""
    spans: list[Span] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group().startswith(".") and _ends_with_abbreviation(text, start, m.start() + 1):
            continue
        if _next_starts_lowercase(text, m.end()) and m.group()[0] in ".!?":
            continue
        _append_trimmed(spans, text, start, m.end())
        start = m.end()
    _append_trimmed(spans, text, start, len(text))
    return spans


def _ends_with_abbreviation(text: str, start: int, end: int) -> bool:
    m = _LAST_WORD.search(text, max(start, end - 12), end)
    if m is None:
        return False
    word = m.group(1).lower()
    # Single capital initials ("J. Smith") and listed abbreviations do not end a sentence.
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _next_starts_lowercase(text: str, pos: int) -> bool:
    return pos < len(text) and text[pos].islower()


def _append_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


@dataclass
class TextContext:
    """Shared, lazily computed views of one document's text for the extractors."""

    text: str
    published: date | None = None
    title: str | None = None
    _starts: list[int] = field(default_factory=list, init=False, repr=False)

    @cached_property
    def sentences(self) -> list[Span]:
        spans = split_sentences(self.text)
        self._starts = [s for s, _ in spans]
        return spans

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    # These two run for every number, name and cue of a document (tens of thousands of
    # calls over a corpus): one bisection each, no further calls.
    def sentence_index(self, pos: int) -> int:
        """Index of the sentence containing character ``pos`` (the nearest one before it)."""
        if not self.sentences:
            return -1
        i = bisect.bisect_right(self._starts, pos) - 1
        return i if i > 0 else 0

    def sentence_span(self, pos: int) -> Span:
        sentences = self.sentences
        if not sentences:
            return (0, len(self.text))
        i = bisect.bisect_right(self._starts, pos) - 1
        return sentences[i if i > 0 else 0]

    def sentence_text(self, pos: int) -> str:
        start, end = self.sentence_span(pos)
        return self.text[start:end]
