"""Counts in a language read through its profile (issue 9, phase 2).

Every number the profile's :class:`~episignal.lang.numbers.NumberReader` reads is a count
only when a cue of the profile says what it counts, right beside it:

* a noun after it ("392 920 *nouveaux cas*", "8*명이 사망*", "392920*例*");
* a noun before it, maybe joined by a colon or a copula ("*死亡人数为*50", "*신규 발열자* 39만");
* a person word or counter after it and a verb in the clause ("1 213 550 *personnes ont
  présenté de la fièvre*", "8*人死亡*"), or a verb right after it ("50 *sont mortes*");
* a verb right before it ("*умерли* 8 человек", "*死亡*8人").

Numbers in dates, before units that are no counts (ages, money, per cent, days), and bare
years are never counts. The status (suspected, confirmed), new versus cumulative, world
scope and species come from cue words near the number in its sentence.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from episignal.document import CountMention, Measure, Scope, Span, Species, Status
from episignal.extract.lang_cues import CueHits
from episignal.extract.ruler import Match
from episignal.lang.dates import DateReading
from episignal.lang.numbers import Quantity

T = TypeVar("T")

# Characters that end a clause: no cue reaches a number across them.
_CLAUSE = frozenset(",;()[]\u3001\uff0c\uff1b\u060c\u061b\u2014\u2013|")
# Characters allowed between a noun and the number it introduces ("bilan : 32", "死亡人数：8").
_LINK = frozenset(":\uff1a")
_CURRENCY = frozenset("$€£¥₩₽")
_YEARS = (1800, 2100)


@dataclass(frozen=True, slots=True)
class Layout:
    """How far a cue may be from its number, in words (characters for unspaced scripts)."""

    unspaced: bool
    head_gap: int
    left_gap: int
    verb_gap: int
    subject_gap: int
    window: int  # characters either side searched for status, new and cumulative cues


SPACED = Layout(False, head_gap=2, left_gap=2, verb_gap=3, subject_gap=4, window=45)
UNSPACED = Layout(True, head_gap=2, left_gap=3, verb_gap=4, subject_gap=4, window=12)


@dataclass(frozen=True, slots=True)
class Cue:
    measure: Measure
    start: int
    end: int
    animal: bool = False


@dataclass(frozen=True, slots=True)
class Setting:
    """What a count takes from its document: the disease, places and dates around it."""

    disease: str | None
    country_at: dict[int, str]  # start of a country mention -> ISO code
    default_country: str | None
    dates: list[DateReading]
    sentences: list[Span]
    names: list[Span]  # disease and pathogen names, which may hold digits


@dataclass(frozen=True, slots=True)
class _Clause:
    """What a sentence says for every count in it, read once per sentence."""

    culling: bool  # a culling measure is named
    world: bool  # a global-scope word is named
    date: dt.date | None  # the first date that is not the start of a period
    since: bool  # a period start ("depuis janvier"): its counts are cumulative


def find_profile_counts(
    text: str, quantities: list[Quantity], hits: CueHits, setting: Setting, layout: Layout
) -> list[CountMention]:
    reader = _Reader(text, hits, setting, layout)
    out: list[CountMention] = []
    for q in quantities:
        count = reader.count(q)
        if count is not None:
            out.append(count)
    return out


class _Reader:
    def __init__(self, text: str, hits: CueHits, setting: Setting, layout: Layout) -> None:
        self.text = text
        self.hits = hits
        self.setting = setting
        self.layout = layout
        self._sentence_starts = [s for s, _ in setting.sentences]
        self._date_spans = sorted(d.span for d in setting.dates)
        self._names = sorted(setting.names)
        self._country_starts = sorted(setting.country_at)
        self._last: tuple[int, Cue] | None = None  # the sentence and cue of the last count
        self._used: set[tuple[int, int]] = set()  # cue spans that already name a count
        self._clauses: dict[Span, _Clause] = {}

    def _clause(self, lo: int, hi: int) -> _Clause:
        clause = self._clauses.get((lo, hi))
        if clause is None:
            dates = [d for d in self.setting.dates if lo <= d.span[0] < hi]
            clause = _Clause(
                culling=any(m.value == "culling" for m in self.hits.measures.within(lo, hi)),
                world=bool(self.hits.flag("global_scope", lo, hi)),
                date=next((d.date for d in dates if d.role != "since"), None),
                since=any(d.role == "since" for d in dates),
            )
            self._clauses[(lo, hi)] = clause
        return clause

    def count(self, q: Quantity) -> CountMention | None:
        if not float(q.value).is_integer() or q.value < 1 or self._not_a_count(q):
            return None
        lo, hi = self._sentence(q.number_span[0])
        cue = self._culled(q, lo, hi) or self._cue(q, lo, hi) or self._continuation(q, lo, hi)
        if cue is None or (self._is_year(q) and not 0 <= cue.start - q.span[1] <= 1):
            return None
        self._last = (lo, cue)
        self._used.add((cue.start, cue.end))
        start, end = min(q.span[0], cue.start), max(q.span[1], cue.end)
        value = int(q.value)
        return CountMention(
            value=value,
            measure=cue.measure,
            span=q.number_span,
            low=None if q.low is None else int(q.low),
            high=None if q.high is None else int(q.high),
            approximate=q.approximate,
            status=self._status(cue, start, end, lo, hi),
            cumulative=None if cue.measure == "active" else self._cumulative(start, end, lo, hi),
            species=self._species(cue, q),
            date=self._date(lo, hi),
            disease=self.setting.disease,
            country=self._country(lo, hi),
            source=self._source(q.number_span[0]),
            scope=self._scope(lo, hi),
        )

    # ------------------------------------------------------------------ not counts

    def _not_a_count(self, q: Quantity) -> bool:
        start, end = q.number_span
        if _overlaps(self._date_spans, start, end) or _overlaps(self._names, start, end):
            return True  # a number in a date, or in a name: H5N1, COVID-19
        if _before(self.text, start) in _CURRENCY or _after(self.text, end) in "%٪％":
            return True
        for m in self.hits.flags["exclusions"].starting_in(end, end + 12):
            if self._gap(end, m.start, 0) and m.start - end <= 2:
                return True
        return any(self._gap(m.end, start, 1) for m in self._ending_before("rate_nouns", start))

    def _is_year(self, q: Quantity) -> bool:
        start, end = q.number_span
        digits = self.text[start:end]
        return (
            not q.spelled
            and digits.isdigit()
            and len(digits) == 4
            and _YEARS[0] <= q.value <= _YEARS[1]
        )

    # ------------------------------------------------------------------ the measure

    def _cue(self, q: Quantity, lo: int, hi: int) -> Cue | None:
        start, end = q.span
        layout = self.layout
        for m in self.hits.heads.starting_in(end, min(hi, end + 40)):
            if self._gap(end, m.start, layout.head_gap):
                return Cue(m.value, m.start, m.end, self._animal_at(end, m.end))
            break
        counter = self._counter_after(end, hi)
        if counter is not None and counter.value == "cases":
            return Cue("cases", counter.start, counter.end)
        for m in self.hits.left_nouns.ending_in(max(lo, start - 60), start):
            if self._gap(m.end, start, layout.left_gap, link=True):
                return Cue(m.value, m.start, m.end)
            break
        after = counter.end if counter is not None else self._person_after(end, hi)
        verb = self._verb_after(after if after is not None else end, hi, after is not None)
        if verb is not None:
            return Cue(verb.value, verb.start, verb.end, self._animal_at(end, verb.end))
        for m in self.hits.predicates.ending_in(max(lo, start - 60), start):
            if self._gap(m.end, start, 1):
                return Cue(m.value, m.start, m.end, self._animal_at(end, min(hi, end + 20)))
            break
        return self._subject_before(start, lo, q.spelled)

    def _subject_before(self, start: int, lo: int, spelled: bool) -> Cue | None:
        """A count noun as the subject, the number its predicate: "i casi di morbillo sono
        3.672", "число заболевших достигло 1200"."""
        for m in self.hits.heads.ending_in(max(lo, start - 60), start):
            owned = (m.start, m.end) in self._used  # "472 cas confirmés dans 26 États"
            if self._gap(m.end, start, self.layout.subject_gap) and not spelled and not owned:
                return Cue(m.value, m.start, m.end, self._animal_at(m.start, m.end))
            break
        return None

    def _culled(self, q: Quantity, lo: int, hi: int) -> Cue | None:
        """Animals killed to stop an outbreak ("16 millions de volailles ont été abattues")."""
        if not self._clause(lo, hi).culling:
            return None
        end = q.span[1]
        for m in self.hits.flags["animals"].starting_in(end, min(hi, end + 30)):
            if self._gap(end, m.start, 2):
                return Cue("other", m.start, m.end, animal=True)
        counter = self._counter_after(end, hi)
        if counter is not None and counter.value == "animals":
            return Cue("other", counter.start, counter.end, animal=True)
        return None

    def _continuation(self, q: Quantity, lo: int, hi: int) -> Cue | None:
        """A number of people after a count of the same sentence counts the same thing:
        "79 casos; ocho de ellos son niños", "dont 41 femmes", "de ellos 724 confirmados"."""
        if self._last is None or self._last[0] != lo:
            return None
        end = q.span[1]
        after = [
            *(m.start for m in self.hits.flags["persons"].starting_in(end, min(hi, end + 30))),
            *(m.start for m in self.hits.status.starting_in(end, min(hi, end + 30))),
            *(m.start for m in self.hits.counters.starting_in(end, min(hi, end + 4))),
        ]
        if any(self._gap(end, start, 1) for start in after):
            last = self._last[1]
            return Cue(last.measure, q.span[0], end, last.animal)
        return None

    def _counter_after(self, end: int, hi: int) -> Match[str] | None:
        for m in self.hits.counters.starting_in(end, min(hi, end + 3)):
            if self._gap(end, m.start, 0):
                return m
        return None

    def _person_after(self, end: int, hi: int) -> int | None:
        for name in ("persons", "animals"):
            for m in self.hits.flags[name].starting_in(end, min(hi, end + 30)):
                if self._gap(end, m.start, 1):
                    return m.end
        return None

    def _verb_after(self, pos: int, hi: int, has_noun: bool) -> Match[Measure] | None:
        reach = self.layout.verb_gap + (2 if has_noun else 0)
        for m in self.hits.predicates.starting_in(pos, min(hi, pos + 60)):
            if self._gap(pos, m.start, reach):
                return m
            break
        return None

    def _animal_at(self, lo: int, hi: int) -> bool:
        return bool(self.hits.flags["animals"].starting_in(lo, hi)) or any(
            m.value == "animals" for m in self.hits.counters.starting_in(lo, hi)
        )

    def _gap(self, lo: int, hi: int, most: int, *, link: bool = False) -> bool:
        """Is text[lo:hi] short enough, and free of digits and clause breaks, to join a cue?"""
        if hi < lo:
            return False
        gap = self.text[lo:hi]
        if not gap.strip():
            return True
        if any(c.isdigit() or c in _CLAUSE for c in gap):
            return False
        if link:
            gap = "".join(" " if c in _LINK else c for c in gap)
        elif any(c in _LINK for c in gap):
            return False
        if self._size(gap) <= most:
            return True
        return self._size(self._without_cue_words(gap, lo, hi)) <= most

    def _size(self, gap: str) -> int:
        return len(gap.strip()) if self.layout.unspaced else len(gap.split())

    def _without_cue_words(self, gap: str, lo: int, hi: int) -> str:
        """The gap with its new, cumulative and status words blanked: they qualify the
        count and do not part it from its noun ("умерли в общей сложности 50 человек")."""
        spans = [
            *((m.start, m.end) for m in self.hits.flag("new", lo, hi)),
            *((m.start, m.end) for m in self.hits.flag("cumulative", lo, hi)),
            *((m.start, m.end) for m in self.hits.status.within(lo, hi)),
        ]
        for start, end in spans:
            gap = gap[: start - lo] + " " * (end - start) + gap[end - lo :]
        return gap

    def _ending_before(self, flag: str, start: int) -> list[Match[str]]:
        return self.hits.flags[flag].ending_in(start - 31, start)

    # ------------------------------------------------------------------ qualifiers

    def _near(self, matches: list[Match[T]], start: int, end: int) -> Match[T] | None:
        """The match nearest to [start, end)."""
        best = None
        best_distance = 10**9
        for m in matches:
            distance = max(0, start - m.end, m.start - end)
            if distance < best_distance:
                best, best_distance = m, distance
        return best

    def _window(self, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
        w = self.layout.window
        return max(lo, start - w), min(hi, end + w)

    def _status(self, cue: Cue, start: int, end: int, lo: int, hi: int) -> Status | None:
        if cue.measure not in ("cases", "deaths"):
            return None
        a, b = self._window(start, end, lo, hi) if cue.measure == "cases" else (start, end)
        m = self._near(self.hits.status.within(a, b), start, end)
        if m is not None:
            return m.value
        if cue.measure == "cases" and self.hits.flag("symptom_status", a, b):
            return "suspected"
        return None

    def _cumulative(self, start: int, end: int, lo: int, hi: int) -> bool | None:
        a, b = self._window(start, end, lo, hi)
        new = self._near(self.hits.flag("new", a, b), start, end)
        total = self._near(self.hits.flag("cumulative", a, b), start, end)
        if new is not None or total is not None:
            if new is None:
                return True
            if total is None:
                return False
            return _closer(total, new, start, end)
        return True if self._clause(lo, hi).since else None

    def _species(self, cue: Cue, q: Quantity) -> Species:
        return "animal" if cue.animal else "human"

    def _scope(self, lo: int, hi: int) -> Scope:
        return "world" if self._clause(lo, hi).world else "national"

    def _date(self, lo: int, hi: int) -> dt.date | None:
        return self._clause(lo, hi).date

    def _country(self, lo: int, hi: int) -> str | None:
        i = bisect.bisect_left(self._country_starts, lo)
        if i < len(self._country_starts) and self._country_starts[i] < hi:
            return self.setting.country_at[self._country_starts[i]]
        return self.setting.default_country

    def _source(self, pos: int) -> str | None:
        """The first source named in the sentence holding ``pos`` (none between sentences)."""
        sentences = self.setting.sentences
        i = bisect.bisect_right(sentences, (pos, 1 << 62)) - 1
        if i < 0 or not sentences[i][0] <= pos < sentences[i][1]:
            return None
        named = self.hits.sources.within(*sentences[i])
        return named[0].value.name if named else None

    def _sentence(self, pos: int) -> Span:
        sentences = self.setting.sentences
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        return sentences[i] if i >= 0 else (0, len(self.text))


def _overlaps(spans: list[Span], start: int, end: int) -> bool:
    """Does any of the sorted, non-nested ``spans`` overlap [start, end)?"""
    i = bisect.bisect_left(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, i - 2) : i])


def _distance(m: Match[T], start: int, end: int) -> int:
    return max(0, start - m.end, m.start - end)


def _closer(a: Match[T], b: Match[T], start: int, end: int) -> bool:
    """Is ``a`` the qualifier of the count [start, end) rather than ``b``? A word inside the
    count's phrase first ("392 920 nouveaux cas"), then one before it ("新增发热病例39万例 累计
    死亡50人": 新增 qualifies 39万, not the 累计 after it), then the nearer one after it."""

    def rank(m: Match[T]) -> tuple[int, int]:
        distance = _distance(m, start, end)
        return (0 if distance == 0 else 1 if m.end <= start else 2, distance)

    return rank(a) < rank(b)


def _before(text: str, pos: int) -> str:
    i = pos - 1
    while i >= 0 and text[i] in " \u00a0\u202f":
        i -= 1
    return text[i] if i >= 0 else ""


def _after(text: str, pos: int) -> str:
    i = pos
    while i < len(text) and text[i] in " \u00a0\u202f":
        i += 1
    return text[i] if i < len(text) else "\x00"
