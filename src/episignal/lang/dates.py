"""Dates as each language writes them, resolved against the publication date (issue 9).

``DateReader(profile).find(text, published)`` returns, in order:

* calendar dates in the shapes the profile lists ("15 mai 2022", "15. Mai", "15 мая 2022
  года", "el 15 de mayo", "2022年5月15日", "2022년 5월 15일", "15.05.2022"), with CLDR month
  names in every form; a date without a year takes the publication year (or the year before
  when that would put it more than a week after publication);
* relative days ("hier", "ayer", "gestern", "вчера", "أمس", "昨天", "전날") and weekday
  names (the latest such day up to publication), which need a publication date;
* the start of a period ("depuis janvier", "seit dem 3. Mai", "seit Jahresbeginn") with the
  role ``since``, and the date a total stands at ("截至10月20日", "по состоянию на 1 июня")
  with the role ``as_of``.

Offsets index the original text (lower-casing and folding keep lengths).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Literal

import ahocorasick_rs

from episignal.document import DatePrecision
from episignal.lang.charmap import CharMap
from episignal.lang.profile import DateWords, LanguageProfile, load_profile

DateRole = Literal["point", "since", "as_of"]
DateField = Literal["day", "month"]
_FIELD = re.compile(r"\{(day|month|mm|year)\}")
# A date this far after publication is last year's ("le 28 décembre" in a January paper).
FUTURE_SLACK = dt.timedelta(days=7)


@dataclass(frozen=True, slots=True)
class DateReading:
    date: dt.date
    precision: DatePrecision
    span: tuple[int, int]
    role: DateRole
    relative: bool  # resolved from the publication date ("hier", "vendredi", no year given)


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    day: int | None
    month: int | None
    year: int | None
    offset: int | None = None  # relative days
    weekday: int | None = None
    year_start: bool = False


class DateReader:
    """Reads the dates of one language; build once per profile (``date_reader_for``)."""

    def __init__(self, profile: LanguageProfile) -> None:
        self._fold = CharMap(profile.fold)
        self.words = _folded(profile.dates, str.maketrans(dict(profile.fold)))
        # Chinese runs on after a date, Korean adds particles (15일에): no word end there.
        spaced = profile.script not in ("han", "hangul")
        self._patterns = [
            (_compile(p, self.words, spaced), _first_field(p, self.words))
            for p in self.words.patterns
        ]
        months = [m for m in self.words.months if m]
        self._month_finder = (
            ahocorasick_rs.AhoCorasick(months, matchkind=ahocorasick_rs.MatchKind.Standard)
            if months
            else None
        )
        self._months_alone = _alternation(self.words.months)
        self._relative = _alternation(self.words.relative_days)
        self._weekdays = _alternation(self.words.weekdays)
        self._year_start = _alternation(dict.fromkeys(self.words.year_start, 0))
        self._since = sorted(self.words.since, key=len, reverse=True)
        self._as_of = sorted(self.words.as_of, key=len, reverse=True)
        self._since_after = sorted(self.words.since_after, key=len, reverse=True)
        self._as_of_after = sorted(self.words.as_of_after, key=len, reverse=True)
        self._parts = sorted(self.words.month_parts, key=len, reverse=True)

    def find(self, text: str, published: dt.date | None = None) -> list[DateReading]:
        lowered = self._fold(_lower(text))
        hits = _leftmost_longest(
            [*self._calendar(lowered), *self._relative_hits(lowered), *self._period_starts(lowered)]
        )
        out = []
        for hit in hits:
            reading = self._resolve(hit, lowered, published)
            if reading is not None:
                out.append(reading)
        return out

    # ------------------------------------------------------------------ finding

    def _calendar(self, lowered: str) -> list[_Hit]:
        out = []
        starts = _Starts(lowered, self._month_finder)
        for pattern, first in self._patterns:
            for m in _finditer_at(pattern, starts.of(first), lowered):
                fields = m.groupdict()
                month = self.words.months.get(fields.get("month") or "") or _int(fields.get("mm"))
                out.append(
                    _Hit(
                        m.start(), m.end(), _int(fields.get("day")), month, _int(fields.get("year"))
                    )
                )
        return out

    def _relative_hits(self, lowered: str) -> list[_Hit]:
        out = []
        for m in _finditer(self._relative, lowered):
            out.append(
                _Hit(
                    m.start(),
                    m.end(),
                    None,
                    None,
                    None,
                    offset=self.words.relative_days[m.group(0)],
                )
            )
        for m in _finditer(self._weekdays, lowered):
            out.append(
                _Hit(m.start(), m.end(), None, None, None, weekday=self.words.weekdays[m.group(0)])
            )
        return out

    def _period_starts(self, lowered: str) -> list[_Hit]:
        """ "Since January" (a bare month after a since-word) and "since the start of the year"."""
        out = [
            _Hit(m.start(), m.end(), None, None, None, year_start=True)
            for m in _finditer(self._year_start, lowered)
        ]
        for m in _finditer(self._months_alone, lowered):
            end = _after_parts(lowered, m.end(), self._parts)
            before = _cue_before(lowered, m.start(), self._since) is not None
            if before or _cue_after(lowered, end, self._since_after):
                out.append(_Hit(m.start(), end, None, self.words.months[m.group(0)], None))
        return out

    # ------------------------------------------------------------------ resolving

    def _resolve(self, hit: _Hit, lowered: str, published: dt.date | None) -> DateReading | None:
        role = self._role(lowered, hit)
        span = (hit.start, hit.end)
        if hit.year_start:
            return (
                None
                if published is None
                else DateReading(dt.date(published.year, 1, 1), "year", span, "since", True)
            )
        if hit.offset is not None or hit.weekday is not None:
            day = _relative_day(hit, published)
            return None if day is None else DateReading(day, "day", span, role, True)
        return _calendar_reading(hit, span, role, published)

    def _role(self, lowered: str, hit: _Hit) -> DateRole:
        end = _after_parts(lowered, hit.end, self._parts)
        if _cue_before(lowered, hit.start, self._since) is not None:
            return "since"
        if _cue_after(lowered, end, self._since_after):
            return "since"
        if _cue_before(lowered, hit.start, self._as_of) is not None:
            return "as_of"
        if _cue_after(lowered, end, self._as_of_after):
            return "as_of"
        return "point"


@cache
def date_reader_for(code: str) -> DateReader:
    """The date reader of a packaged profile, built once per process."""
    return DateReader(load_profile(code))


# --------------------------------------------------------------------------- patterns


def _folded(words: DateWords, fold: dict[int, str]) -> DateWords:
    """The profile's date words in the folded form the text is matched in (ё -> е)."""

    def keys(table: Mapping[str, int]) -> dict[str, int]:
        return {k.translate(fold): v for k, v in table.items()}

    def items(phrases: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(p.translate(fold) for p in phrases)

    return replace(
        words,
        months=keys(words.months),
        weekdays=keys(words.weekdays),
        relative_days=keys(words.relative_days),
        since=items(words.since),
        since_after=items(words.since_after),
        as_of_after=items(words.as_of_after),
        month_parts=items(words.month_parts),
        year_start=items(words.year_start),
        as_of=items(words.as_of),
        year_words=items(words.year_words),
    )


def _compile(template: str, words: DateWords, spaced: bool) -> re.Pattern[str]:
    """A date template ("{day} {month} {year}") as a regular expression over lowered text."""
    months = "|".join(re.escape(m) for m in sorted(words.months, key=len, reverse=True))
    day_words = "|".join(re.escape(w) for w in words.day_words)
    year_words = "|".join(re.escape(w) for w in sorted(words.year_words, key=len, reverse=True))
    fields = {
        "day": rf"(?<!\d)(?P<day>[0-3]?\d)(?!\d)(?:{day_words})?"
        if day_words
        else r"(?<!\d)(?P<day>[0-3]?\d)(?!\d)",
        "month": rf"(?P<month>{months})",
        "mm": r"(?P<mm>[01]?\d)",
        "year": rf"(?P<year>(?:19|20)\d\d)(?!\d)(?:\s?(?:{year_words}))?"
        if year_words
        else r"(?P<year>(?:19|20)\d\d)(?!\d)",
    }
    parts = []
    pos = 0
    for m in _FIELD.finditer(template):
        parts.append(_literal(template[pos : m.start()]))
        parts.append(fields[m.group(1)])
        pos = m.end()
    parts.append(_literal(template[pos:]))
    guard = spaced and template.endswith("}")
    return re.compile("".join(parts) + (r"(?!\w)" if guard else ""))


def _first_field(template: str, words: DateWords) -> DateField | None:
    """The field a date of ``template`` starts with, when the text's places where that
    field can start are quick to list (a day starts a run of digits: ``(?<!\\d)``)."""
    if template.startswith("{day}"):
        return "day"
    if template.startswith("{month}") and words.months and all(words.months):
        return "month"
    return None


class _Starts:
    """Where a day or a month name can start in one text, listed once for every pattern."""

    def __init__(self, lowered: str, months: ahocorasick_rs.AhoCorasick | None) -> None:
        self._text = lowered
        self._months = months
        self._found: dict[DateField, list[int]] = {}

    def of(self, field: DateField | None) -> list[int] | None:
        if field is None:
            return None
        found = self._found.get(field)
        if found is None:
            if field == "day":
                found = [m.start() for m in _DIGIT_RUN.finditer(self._text)]
            else:
                assert self._months is not None
                hits = self._months.find_matches_as_indexes(self._text, overlapping=True)
                found = sorted({start for _, start, _ in hits})
            self._found[field] = found
        return found


def _finditer_at(
    pattern: re.Pattern[str], starts: list[int] | None, text: str
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, the pattern tried only at ``starts``, the places where a
    match can start (sorted; None: everywhere). The regex engine would try every position
    of the text, and a month alternation at each: most of the time of reading dates."""
    if starts is None:
        yield from pattern.finditer(text)
        return
    pos = 0
    for start in starts:
        if start < pos:
            continue
        m = pattern.match(text, start)  # lookbehinds still see the text before ``start``
        if m is not None:
            yield m
            pos = max(m.end(), start + 1)


_DIGIT_RUN = re.compile(r"\d+")


def _literal(text: str) -> str:
    return "".join(r"\s*" if c == " " else re.escape(c) for c in text)


def _alternation(phrases: Mapping[str, int]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?:{alternation})")


def _finditer(pattern: re.Pattern[str] | None, text: str) -> list[re.Match[str]]:
    """Matches that are whole words, or any match in a script without spaces."""
    if pattern is None:
        return []
    return [m for m in pattern.finditer(text) if _whole(text, m.start(), m.end())]


def _whole(text: str, start: int, end: int) -> bool:
    if _unspaced(text[start:end]):
        return True
    before = start == 0 or not text[start - 1].isalnum()
    after = end == len(text) or not text[end].isalnum()
    return before and after


def _unspaced(phrase: str) -> bool:
    """Chinese and Korean cue words attach to what follows (截至10月20日, 전날)."""
    return any("\u4e00" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7a3" for c in phrase)


def _cue_before(lowered: str, start: int, cues: list[str]) -> int | None:
    # Offsets, not a copy of the text before the date: that copy made reading quadratic.
    stop = start
    while stop > 0 and lowered[stop - 1].isspace():
        stop -= 1
    for cue in cues:
        if lowered.endswith(cue, 0, stop):
            begin = stop - len(cue)
            if begin == 0 or not lowered[begin - 1].isalnum() or _unspaced(cue):
                return begin
    return None


def _after_parts(lowered: str, end: int, parts: list[str]) -> int:
    """The end of a month with its narrowing word ("4월 말", "4月末")."""
    begin = _skip_spaces(lowered, end)
    for part in parts:
        if lowered.startswith(part, begin):
            return begin + len(part)
    return end


def _cue_after(lowered: str, end: int, cues: list[str]) -> bool:
    """A postposition right after the date ("以来", "이후", "현재"), particles allowed after it."""
    begin = _skip_spaces(lowered, end)
    return any(lowered.startswith(cue, begin) for cue in cues)


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _lower(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _leftmost_longest(hits: list[_Hit]) -> list[_Hit]:
    hits.sort(key=lambda h: (h.start, -h.end))
    out: list[_Hit] = []
    taken = 0
    for hit in hits:
        if hit.start >= taken:
            out.append(hit)
            taken = hit.end
    return out


# --------------------------------------------------------------------------- values


def _relative_day(hit: _Hit, published: dt.date | None) -> dt.date | None:
    if published is None:
        return None
    if hit.offset is not None:
        return published + dt.timedelta(days=hit.offset)
    assert hit.weekday is not None
    back = (published.isoweekday() - hit.weekday) % 7
    return published - dt.timedelta(days=back)


def _calendar_reading(
    hit: _Hit, span: tuple[int, int], role: DateRole, published: dt.date | None
) -> DateReading | None:
    if hit.month is None and hit.day is not None:
        return _day_of_month(hit.day, span, role, published)
    if hit.month is None or not 1 <= hit.month <= 12:
        return None
    year, relative = hit.year, False
    if year is None:
        if published is None:
            return None
        year, relative = published.year, True
    precision: DatePrecision = "day" if hit.day else "month"
    try:
        date = dt.date(year, hit.month, hit.day or 1)
    except ValueError:
        return None  # "31 février": not a date
    if relative and published is not None and date > published + FUTURE_SLACK:
        date = _year_before(date)
    return DateReading(date, precision, span, role, relative)


def _day_of_month(
    day: int, span: tuple[int, int], role: DateRole, published: dt.date | None
) -> DateReading | None:
    """ "15日" alone: that day of the publication month, or of the month before it."""
    if published is None:
        return None
    month = published.replace(day=1)
    if day > published.day + FUTURE_SLACK.days:
        month = (month - dt.timedelta(days=1)).replace(day=1)
    try:
        return DateReading(month.replace(day=day), "day", span, role, True)
    except ValueError:
        return None


def _year_before(date: dt.date) -> dt.date:
    try:
        return date.replace(year=date.year - 1)
    except ValueError:  # 29 February
        return date.replace(year=date.year - 1, day=28)
