"""Where a lexicon phrase may start and end inside a text: a language's word-boundary policy.

English and most European languages separate words with spaces and punctuation, so a phrase
counts only as a whole word ("measles", not "measlesvirus"). Other writing systems need
other tests (issue 9):

* ``char``: Chinese is written without spaces: 霍乱 in 朝鲜报告霍乱病例 is a match wherever
  the characters occur (the longest phrase wins, as everywhere);
* ``prefix``: the phrase must start a word but may run on into it: Korean particles and
  compounds attach to the noun (홍역이, 북한에서, 발열자), German compounds start with a
  disease name (Masernausbruch, Choleraepidemie);
* ``suffix``: the phrase must end a word but may start inside it: German compounds end
  with the count noun (Masern*fälle*, Verdachts*fälle*, Masern*erkrankungen*);
* ``word`` with ``endings``: an inflected form is the phrase plus one listed ending (Russian
  Дагестан-е, Росси-и from a stem; German Deutschland-s);
* ``word`` with ``clitics``: Arabic glues conjunctions, prepositions and the article to the
  word (بالكوليرا = ب + الكوليرا, وفي, للكوليرا): the phrase may follow one of the listed
  prefixes inside the word.

A boundary is data (each profile's ``boundary`` section); this module holds the test only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

BoundaryMode = Literal["word", "prefix", "suffix", "char"]
BOUNDARY_MODES: tuple[BoundaryMode, ...] = ("word", "prefix", "suffix", "char")


def is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


@dataclass(frozen=True, slots=True)
class Boundary:
    """A word-boundary policy: ``mode`` plus the affixes a whole word may carry.

    ``endings`` and ``clitics`` apply in ``word`` mode (and ``clitics`` in ``prefix`` mode):
    the characters of the word after the phrase must be exactly one of ``endings``, and
    those before it exactly one of ``clitics``. Both are matched in the ruler's haystack
    (lower-cased, folded), so they are listed in that form.
    """

    mode: BoundaryMode = "word"
    endings: frozenset[str] = frozenset()
    clitics: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.mode not in BOUNDARY_MODES:
            raise ValueError(f"unknown boundary mode {self.mode!r}; known: {BOUNDARY_MODES}")

    @property
    def is_plain_word(self) -> bool:
        """The English test: whole words, no affixes (the ruler's fast path)."""
        return self.mode == "word" and not self.endings and not self.clitics

    def accepts(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` may be reported as a phrase under this policy."""
        if self.mode == "char":
            return True
        if self.mode == "suffix":
            return self._right_ok(text, start, end)
        if not self._left_ok(text, start):
            return False
        if self.mode == "prefix":
            return True
        return self._right_ok(text, start, end)

    def _left_ok(self, text: str, start: int) -> bool:
        # is_word_char inlined: this runs for every candidate match of every lexicon.
        if start == 0:
            return True
        cur, prev = text[start], text[start - 1]
        if not (cur.isalnum() or cur == "_") or not (prev.isalnum() or prev == "_"):
            return True
        if not self.clitics:
            return False
        word_start = _word_start(text, start)
        return text[word_start:start] in self.clitics

    def _right_ok(self, text: str, start: int, end: int) -> bool:
        if end == len(text):
            return True
        nxt, last = text[end], text[end - 1]
        if not (nxt.isalnum() or nxt == "_") or not (last.isalnum() or last == "_"):
            return True
        if not self.endings:
            return False
        return text[end : _word_end(text, end)] in self.endings


WORD = Boundary()


def _word_start(text: str, pos: int) -> int:
    while pos > 0 and is_word_char(text[pos - 1]):
        pos -= 1
    return pos


def _word_end(text: str, pos: int) -> int:
    while pos < len(text) and is_word_char(text[pos]):
        pos += 1
    return pos
