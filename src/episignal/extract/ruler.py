"""Whole-word multi-pattern matching over a lexicon in one pass (Aho-Corasick).

The ruler holds only mechanism: patterns and what they mean come from data files.
Matching is case-insensitive by default on a length-preserving lower-cased copy of
the text, so match offsets index the original text.

What a "whole word" is depends on the language (``episignal.lang.boundary``): English keeps
the default (no affixes, whole words); a language profile passes its own boundary (Chinese
matches anywhere, Korean and German compounds run on after the phrase, Russian adds case
endings, Arabic allows clitics before it) and its ``fold``, a character-for-character
table applied to phrases and text alike (Russian ё -> е; Arabic أ/إ/آ -> ا).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

import ahocorasick_rs

from episignal.lang.boundary import WORD, Boundary, is_word_char
from episignal.lang.charmap import CharMap

T = TypeVar("T")


def lower_preserving_length(text: str) -> str:
    """``text.lower()``, except characters whose lower case is longer stay as they are."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


_WORD_BEFORE = r"(?<![\w])"


def phrase_pattern(phrase: str) -> str:
    """A regex for one cue phrase: flexible inner spaces, word boundaries where words end."""
    return (_WORD_BEFORE if phrase[0].isalnum() else "") + _phrase_rest(phrase)


def _phrase_rest(phrase: str) -> str:
    """:func:`phrase_pattern` less the word boundary before it."""
    body = r"\s+".join(re.escape(w) for w in phrase.split())
    after = r"(?![\w])" if phrase[-1].isalnum() or phrase[-1] == "." else ""
    return body + after


def alternation(phrases: Iterable[str]) -> str:
    r"""One regex alternative per phrase, longest first (never matches when there are none).

    A run of phrases that start with a word character shares one test of the boundary
    before them, ``(?<![\w])(?:a|b|...)``: it means what one test per phrase means (the
    phrases are still tried in the same order), but the regex engine skips an alternative
    by its first letter only when a literal opens it; with a lookbehind before every
    phrase, each position of the text ran the lookbehind once per phrase (a list of
    currencies searched fifteen times slower). A lookahead for the run's first letters
    (in either case, whatever the flags) then spares the engine entering the alternatives
    at all elsewhere: case-insensitive literals are not skipped by their first letter.
    """
    items = sorted(set(phrases), key=lambda p: (-len(p), p))
    if not items:
        return r"(?!)"
    parts: list[str] = []
    run: list[str] = []
    for p in items:
        if p[0].isalnum():
            run.append(p)
            continue
        if run:
            parts.append(_word_run(run))
            run = []
        parts.append(_phrase_rest(p))
    if run:
        parts.append(_word_run(run))
    return "|".join(parts)


def _word_run(phrases: list[str]) -> str:
    """Phrases that start with a word character, as one alternative (see :func:`alternation`)."""
    body = "|".join(_phrase_rest(p) for p in phrases)
    return f"{_WORD_BEFORE}{first_letters(phrases)}(?:{body})"


def first_letters(phrases: Iterable[str]) -> str:
    """A lookahead for the first letters of ``phrases``, in either case: put right after a
    ``\\b`` that opens an alternation of words, it spares the engine trying the
    alternatives at every other word of a text (see :func:`alternation`)."""
    firsts = "".join(re.escape(c) for c in sorted({p[0] for p in phrases if p}))
    return f"(?=(?i:[{firsts}]))" if firsts else r"(?!)"


class Match(NamedTuple, Generic[T]):
    """One phrase found: its span in the text and what it means.

    A named tuple, not a frozen dataclass: a text yields hundreds of matches, and a
    frozen dataclass takes four times as long to build (a third of the time of finding a
    profile's cue words in an article went there).
    """

    start: int
    end: int
    value: T


class PhraseRuler(Generic[T]):
    """Find leftmost-longest whole-word occurrences of phrases, each mapped to a value.

    Several values may share one phrase (``"Georgia"``: a country and a US state);
    ``find`` then reports one match per value, for the caller to disambiguate.

    Whole words are checked before the longest match is chosen: an automaton in
    leftmost-longest mode would prefer "h5n1 avian influenza a" in "H5N1 avian influenza
    are ...", reject it (it ends inside "are"), and never report the shorter phrase.
    """

    def __init__(
        self,
        phrases: Iterable[tuple[str, T]],
        *,
        case_sensitive: bool = False,
        boundary: Boundary = WORD,
        fold: Mapping[str, str] | None = None,
        per_document: bool = False,
    ) -> None:
        """``per_document``: the ruler reads every English document; its matches are then
        found together with the other such rulers' in one pass (:func:`scan_document`)."""
        self.case_sensitive = case_sensitive
        self.boundary = boundary
        # Folding must keep offsets: one character per character (CharMap checks).
        self._fold = CharMap(fold or {})
        keys: dict[str, int] = {}
        values: list[list[T]] = []
        # self._key, inlined: a gazetteer has a hundred thousand phrases and more.
        lower, folding = not case_sensitive, self._fold if self._fold else None
        for phrase, value in phrases:
            key = phrase
            if lower:
                key = phrase.lower()
                if len(key) != len(phrase):
                    key = lower_preserving_length(phrase)
            if folding is not None:
                key = folding(key)
            if not key.strip():
                continue
            idx = keys.get(key)
            if idx is None:
                keys[key] = len(values)
                values.append([value])
            else:
                values[idx].append(value)
        self._patterns = list(keys)
        self._values = values
        self._automaton = _automaton(self._patterns)
        self._per_document = per_document
        if per_document:
            _DOCUMENT_SCAN.add(self)

    def __len__(self) -> int:
        return len(self._patterns)

    def find(
        self, text: str, *, haystack: str | None = None, folded: bool = False
    ) -> list[Match[T]]:
        """All whole-word matches in ``text`` (pass ``haystack``, its lowered copy, to reuse
        it; ``folded`` when it is already folded, as :meth:`fold` does, to fold it once for
        many rulers)."""
        if haystack is None:
            haystack = text if self.case_sensitive else _lowered(text)
        if not folded:
            haystack = self._fold(haystack)
        if self._per_document:
            scanned = _DOCUMENT_SCAN.hits(self, haystack)
            if scanned is not None:
                return scanned
        found = self._automaton.find_matches_as_indexes(haystack, overlapping=True)
        if self.boundary.is_plain_word:
            words = _whole_words(haystack, found)
        else:
            accepts = self.boundary.accepts
            words = [
                (start, -end, idx) for idx, start, end in found if accepts(haystack, start, end)
            ]
        return self._leftmost_longest(words)

    def _accepts(self) -> Callable[[str, int, int], bool]:
        return _is_whole_word if self.boundary.is_plain_word else self.boundary.accepts

    def _leftmost_longest(self, words: list[tuple[int, int, int]]) -> list[Match[T]]:
        """The matches kept from whole-word candidates (start, -end, pattern index)."""
        # Leftmost first, then longest; one span is one pattern, so the index never decides.
        words.sort()
        out: list[Match[T]] = []
        taken = 0
        for start, neg_end, idx in words:
            if start >= taken:
                taken = -neg_end
                for value in self._values[idx]:
                    out.append(Match(start, taken, value))
        return out

    def fold(self, haystack: str) -> str:
        """``haystack`` folded as this ruler folds (unchanged without a fold table)."""
        return self._fold(haystack)

    def values_for(self, phrase: str) -> Sequence[T]:
        key = self._key(phrase)
        try:
            return self._values[self._patterns.index(key)]
        except ValueError:
            return ()

    def _key(self, phrase: str) -> str:
        key = phrase if self.case_sensitive else lower_preserving_length(phrase)
        return self._fold(key)


# A DFA scans a text two to three times as fast as the default automaton (an NFA for
# more than a hundred phrases) and finds the same matches; it takes memory and time to
# build in proportion to its phrases, so the gazetteer's hundred thousand names keep the NFA.
_DFA_MAX_PATTERNS = 2000


def _automaton(patterns: list[str]) -> ahocorasick_rs.AhoCorasick:
    # Standard match kind: the only one that can report overlapping matches.
    return ahocorasick_rs.AhoCorasick(
        patterns,
        matchkind=ahocorasick_rs.MatchKind.Standard,
        implementation=(
            ahocorasick_rs.Implementation.DFA if len(patterns) <= _DFA_MAX_PATTERNS else None
        ),
    )


_last_lowered: tuple[str, str] = ("", "")


def _lowered(text: str) -> str:
    """:func:`lower_preserving_length` of ``text``, remembered for the last text: a
    document's extractors run a dozen rulers over the same text one after another."""
    global _last_lowered
    last_text, last_lower = _last_lowered
    if text is last_text:
        return last_lower
    lowered = lower_preserving_length(text)
    _last_lowered = (text, lowered)
    return lowered


def _whole_words(text: str, found: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """(start, -end, pattern index) of the matches ``(index, start, end)`` that are whole
    words (:func:`_is_whole_word`, inlined: it runs for every candidate of every ruler)."""
    n = len(text)
    out = []
    for idx, start, end in found:
        if start:
            prev, first = text[start - 1], text[start]
            if (prev.isalnum() or prev == "_") and (first.isalnum() or first == "_"):
                continue
        if end != n:
            nxt, last = text[end], text[end - 1]
            if (nxt.isalnum() or nxt == "_") and (last.isalnum() or last == "_"):
                continue
        out.append((start, -end, idx))
    return out


def _is_whole_word(text: str, start: int, end: int) -> bool:
    before_ok = start == 0 or not is_word_char(text[start - 1]) or not is_word_char(text[start])
    after_ok = end == len(text) or not is_word_char(text[end]) or not is_word_char(text[end - 1])
    return before_ok and after_ok


class RulerSet:
    """Several rulers of one case, boundary and fold run over a text in one automaton pass.

    Each ruler's answer is what its own ``find`` gives (a candidate match is tested once
    for its word boundary, then kept or not by each ruler that holds the phrase); a
    profile's twenty-odd cue classes then cost one scan of the text, not twenty.
    """

    def __init__(self, rulers: Sequence[PhraseRuler[Any]]) -> None:
        first = rulers[0]
        for other in rulers:
            if (other.case_sensitive, other.boundary) != (first.case_sensitive, first.boundary):
                raise ValueError("a RulerSet's rulers share their case and boundary")
        self._rulers = tuple(rulers)
        keys: dict[str, int] = {}
        self._owners: list[list[tuple[int, int]]] = []  # pattern -> (ruler, its index)
        for r, ruler in enumerate(rulers):
            for local, key in enumerate(ruler._patterns):
                idx = keys.setdefault(key, len(self._owners))
                if idx == len(self._owners):
                    self._owners.append([])
                self._owners[idx].append((r, local))
        self._automaton = _automaton(list(keys))
        self._accepts = first._accepts()

    def find(self, haystack: str) -> RulerHits:
        """The matches of every ruler in ``haystack``, lowered and folded as they fold."""
        words: list[list[tuple[int, int, int]]] = [[] for _ in self._rulers]
        found = self._automaton.find_matches_as_indexes(haystack, overlapping=True)
        if self._rulers[0].boundary.is_plain_word:
            for start, neg_end, idx in _whole_words(haystack, found):
                for r, local in self._owners[idx]:
                    words[r].append((start, neg_end, local))
        else:
            accepts = self._accepts
            for idx, start, end in found:
                if accepts(haystack, start, end):
                    for r, local in self._owners[idx]:
                        words[r].append((start, -end, local))
        return RulerHits(
            {
                id(ruler): ruler._leftmost_longest(w)
                for ruler, w in zip(self._rulers, words, strict=True)
            }
        )


class RulerHits:
    """What each ruler of a :class:`RulerSet` found in one text."""

    def __init__(self, by_ruler: dict[int, list[Match[Any]]]) -> None:
        self._by_ruler = by_ruler

    def of(self, ruler: PhraseRuler[T]) -> list[Match[T]]:
        found: list[Match[T]] = self._by_ruler[id(ruler)]
        return found

    def get(self, ruler: PhraseRuler[T]) -> list[Match[T]] | None:
        """What ``ruler`` found, or None when it is not one of the set's."""
        found: list[Match[T]] | None = self._by_ruler.get(id(ruler))
        return found


class _DocumentScan:
    """The rulers made with ``per_document``, run over a document in one pass.

    An English document is read by a dozen rulers (diseases, cues of counts, relevance,
    sources, supplies, measures ...), each of which scanned the whole text with its own
    automaton: an eighth of all extraction time. :func:`scan_document` finds all their
    matches at once; each ruler's ``find`` on that same haystack then answers from them,
    and on any other text (a sentence, a title) scans as before. The answer is the same
    either way (a :class:`RulerSet` gives each ruler what its own ``find`` gives), so a
    scan left over from another document or thread can never be misread: it is used only
    for a haystack equal to the one scanned.
    """

    def __init__(self) -> None:
        self._rulers: list[PhraseRuler[Any]] = []
        self._set: RulerSet | None = None
        self._last: tuple[str, RulerHits] | None = None
        self._lock = threading.Lock()

    def add(self, ruler: PhraseRuler[Any]) -> None:
        if ruler.case_sensitive or not ruler.boundary.is_plain_word or ruler._fold:
            raise ValueError("a per-document ruler is case-insensitive, plain-word, unfolded")
        with self._lock:
            self._rulers.append(ruler)
            self._set = None  # rebuilt by the next scan (lexicons load on first use)

    def scan(self, haystack: str) -> None:
        ruler_set = self._set
        if ruler_set is None:
            with self._lock:
                if not self._rulers:
                    return
                ruler_set = self._set = RulerSet(self._rulers)
        self._last = (haystack, ruler_set.find(haystack))

    def hits(self, ruler: PhraseRuler[T], haystack: str) -> list[Match[T]] | None:
        last = self._last
        if last is None or (last[0] is not haystack and last[0] != haystack):
            return None
        found = last[1].get(ruler)
        return None if found is None else list(found)


_DOCUMENT_SCAN = _DocumentScan()


def scan_document(haystack: str) -> None:
    """Find the matches of every ``per_document`` ruler in ``haystack`` (a document's
    text as :func:`lower_preserving_length` lowers it) in one pass, for their ``find``."""
    _DOCUMENT_SCAN.scan(haystack)
