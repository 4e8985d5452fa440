"""Dates: absolute dates, epidemiological weeks and relative expressions, resolved to calendar days.

Speed comes from triggers: three cheap scans (digit runs, month and weekday names, and a few
keywords such as "yesterday", "week" or "ago" in the lower-cased text) find the few places a
date can be, and small anchored patterns, compiled once, read the expression there (forwards)
and its modifiers ("since late", "last", "two weeks") just before it. Conventions, chosen
once and used everywhere:

* A date written without a year ("19 August", "in May", "week 14") takes the year of the
  *anchor* -- the publication date, or, when the document has none, its first date that
  states a year -- unless that puts it more than :data:`FUTURE_TOLERANCE_DAYS` after the
  anchor, in which case it is last year's (a report published on 3 January about
  "28 December" means the December just gone).
* Relative expressions ("yesterday", "on Sunday", "last week", "earlier this month") are
  resolved against the publication date only; without one they are skipped.
* Weekdays: "Sunday" / "on Sunday" is the most recent Sunday on or before publication;
  "last Sunday" the most recent one strictly before it; "next Sunday" the first one after.
* Weeks resolve to their last day: epidemiological week N is the ISO week (Monday to
  Sunday) and yields its Sunday, because bulletins report counts "as of" a week's end;
  "last week" yields the Sunday that ended the previous week; "this week" the publication
  day itself. "N weeks ago" and "N days ago" count back from publication.
* Parts of a month are approximated with precision "day": "early May" = 5 May, "mid-May" =
  15 May, "late May" = 25 May, "beginning/start of May" = 1 May, "end of May" = 31 May.
* Month expressions ("May 2022", "in May", "last month", "earlier this month") yield the
  first of the month with precision "month"; years ("in 2019", "last year") 1 January with
  precision "year".
* Lists and ranges give one mention per day: "6, 25 and 31 January 2014" -> "6", "25" and
  "31 January 2014"; "28 April to 3 May 2022" -> the range start borrows the end's year. A
  weekday before a date ("Sunday, 15 May 2022") is left to the date.
* Numeric dates need a four-digit year and an unambiguous order: "19/08/2017" (day > 12) or
  "08/19/2017" (month-first, second field > 12), or both fields equal; "03/04/2017" is skipped.

What is never a date: percentages, counts and ages ("79%", "aged 19"), names with digits
("COVID-19", "H1N1"), a year-like number followed by a noun of counting ("in 2019 cases").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import string
from dataclasses import dataclass

from episignal.calendar_names import MONTH_NUMBERS
from episignal.document import DateMention, DatePrecision
from episignal.extract.context import TextContext
from episignal.lang.english import alternation, english

# A yearless date up to this many days after the anchor is this year's (reports announce
# figures "as of" the coming days and campaigns planned for the coming weeks); anything
# later was last year's.
FUTURE_TOLERANCE_DAYS = 30

# The English date words of these rules: data_src/en/dates.yaml (not ``calendar``, whose
# names follow the process locale).
_WORDS = english("dates")
# The first name of a month is its full name, the others its abbreviations; matched
# title-cased (and upper-cased, see _alternation).
_FULL_MONTHS = [names[0].title() for names in _WORDS["months"]]
_ABBR_MONTHS = [name.title() for names in _WORDS["months"] for name in names[1:]]
# Monday first: a weekday's number (Monday 0) is its place in the data.
_WEEKDAYS = [name.title() for name in _WORDS["weekdays"]]
_WEEKDAY_NUMBERS = {name.lower(): i for i, name in enumerate(_WEEKDAYS)}
# "two weeks ago", "a couple of days ago": the number of a group of words is its place.
_SMALL_NUMBERS = {
    word: number for number, words in enumerate(_WORDS["number_words"], start=1) for word in words
}
# Day within the month that each "part of the month" modifier stands for (0 = last day).
_PART_OF_MONTH_DAY: dict[str, int] = _WORDS["month_parts"]
# Units of time: day, week, month and year, each with its forms (singular first).
_DAY_UNIT, _WEEK_UNIT, _MONTH_UNIT, _YEAR_UNIT = (forms[0] for forms in _WORDS["units"])
_UNIT_OF_FORM = {form: forms[0] for forms in _WORDS["units"] for form in forms}
_AGO_WORDS = frozenset(_WORDS["ago"])
_PERIOD_PREVIOUS = frozenset(_WORDS["period_previous"])


def _alternation(words: list[str]) -> str:
    """Title-case and upper-case forms, longest first (case-sensitive: "may" is a verb)."""
    forms = {w for word in words for w in (word, word.upper())}
    return "|".join(sorted(forms, key=lambda w: (-len(w), w)))


def _spaced(phrases: list[str]) -> str:
    """The phrases as alternatives of a regular expression, any run of white space where
    they have a space ("a couple of" matches "a  couple\nof")."""
    return "|".join(phrase.replace(" ", r"\s+") for phrase in phrases)


def _longest_first(words: list[str]) -> str:
    """The words as alternatives, longest first ("weeks" before "week")."""
    return _spaced(sorted(words, key=lambda w: (-len(w), w)))


# The words of the patterns below, as alternatives (each used inside a group).
_OF = _spaced(_WORDS["of"])
_THE = _spaced(_WORDS["the"])
_WEEK_FORMS = _longest_first(_WORDS["units"][1])
_YEAR_FORM = _spaced([_YEAR_UNIT])
_MONTH_FORM = _spaced([_MONTH_UNIT])


_MONTH = rf"(?:{_alternation(_FULL_MONTHS)}|(?:{_alternation(_ABBR_MONTHS)})\.?)(?![A-Za-z])"
_FULL_MONTH = rf"(?:{_alternation(_FULL_MONTHS)})(?![A-Za-z])"
_DAY = rf"(?:3[01]|[12][0-9]|0?[1-9])(?:{_spaced(_WORDS['ordinal_suffixes'])})?(?![0-9]|[.,:][0-9])"
# The letters of the ordinal suffixes, stripped off a day ("21st" 21).
_SUFFIX_LETTERS = "".join(sorted(set("".join(_WORDS["ordinal_suffixes"]))))
_YEAR = r"(?:19|20)[0-9]{2}(?![0-9])"
_DAY_SEP = (
    rf"(?:\s*[-\u2013\u2014]\s*|\s*,\s*(?:(?:{_spaced(_WORDS['day_list_after_comma'])})\s+)?"
    rf"|\s+(?:{_spaced(_WORDS['day_list_words'])})\s+)"
)
# Longest first: "a couple of" before "a".
_SMALL = _spaced(sorted(_SMALL_NUMBERS, key=lambda w: (-len(w), w)))
# Longest first: "the end of" before "end" (the data's mapping keeps no order).
_PART = _spaced(sorted(_PART_OF_MONTH_DAY, key=lambda w: (-len(w), w)))
# Words after a year-like number that show it is a count ("in 2019 cases").
_COUNT_NOUN = rf"(?i:{_spaced(_WORDS['year_count_nouns'])})\b"

# --------------------------------------------------------------------------- triggers
_DIGIT_RUN = re.compile(r"[0-9][0-9]*")  # "[0-9]+", opened by a class the engine skips to
_NAME_TRIGGER = re.compile(
    rf"(?:{_alternation(_FULL_MONTHS + _ABBR_MONTHS + _WEEKDAYS)})(?![A-Za-z])"
)
# A day word with the phrase before it: its last word, the phrase's pattern, the days back.
_DAY_WORD_PREFIX = {
    phrase.split()[-1]: (re.compile(rf"\b{_spaced([phrase.rsplit(None, 1)[0]])}\s+\Z"), back)
    for phrase, back in _WORDS["day_word_phrases"].items()
}
# Searched in the lower-cased text; a hit must start a word (checked in code).
_KEYWORD_TRIGGER = re.compile(
    "|".join(
        dict.fromkeys(
            [
                *_WORDS["day_words_back"],
                *_DAY_WORD_PREFIX,
                _WEEK_UNIT,
                _MONTH_UNIT,
                _YEAR_UNIT,
                *_WORDS["ago"],
            ]
        )
    )
)

# --------------------------------------------------------------------------- forward patterns
_DIGIT_DATE = re.compile(
    rf"""
    (?P<iso>(?P<iso_y>{_YEAR})(?P<iso_sep>[-/])(?P<iso_m>0?[1-9]|1[0-2])(?P=iso_sep)
        (?P<iso_d>3[01]|[12][0-9]|0?[1-9])(?![0-9]|[-/][0-9]))
    |(?P<isowk>(?P<isowk_y>{_YEAR})-?W(?P<isowk_n>[0-5][0-9])(?![0-9]))
    |(?P<num>(?P<num_a>[0-3]?[0-9])(?P<num_sep>[/.])(?P<num_b>[0-3]?[0-9])(?P=num_sep)
        (?P<num_y>{_YEAR})(?![/.]?[0-9]))
    |(?P<dmy>(?P<dmy_days>{_DAY}(?:{_DAY_SEP}{_DAY})*)\s+(?:(?:{_OF})\s+)?(?P<dmy_m>{_MONTH})
        (?:,?\s+(?P<dmy_y>{_YEAR}))?)
    |(?P<yrange>{_YEAR}\s*[-\u2013\u2014/]\s*(?P<yrange_end>{_YEAR}|[0-9]{{2}}(?![0-9])))
    |(?P<yr>{_YEAR})(?!\s*(?:[-\u2013/%]|{_COUNT_NOUN}))
    |(?P<wkn>[0-5]?[0-9])(?![0-9])
    """,
    re.VERBOSE,
)
_MONTH_FORWARD = re.compile(
    rf"""
    (?P<mdy>(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>{_DAY})(?:\s*[-\u2013\u2014]\s*(?P<mdy_d2>{_DAY}))?
        (?:,?\s+(?P<mdy_y>{_YEAR}))?(?![0-9:]))
    |(?P<mon>(?P<mon_m>{_FULL_MONTH}(?!\.?\s+{_DAY})|{_MONTH}(?=,?\s+{_YEAR}))
        (?:,?\s+(?P<mon_y>{_YEAR}))?)
    """,
    re.VERBOSE,
)
_WEEKDAY_THEN_DATE = re.compile(
    rf",?\s+(?:(?:{_THE})\s+)?(?:{_DAY}\s+(?:(?:{_OF})\s+)?{_MONTH}|{_MONTH}\s+{_DAY}"
    r"|[0-9]{1,4}[/.\-][0-9])"
)
_WEEK_NUMBER = re.compile(  # in the lower-cased text
    rf"""(?:{_WEEK_FORMS})\s+(?:(?:{alternation(_WORDS["week_number_abbreviations"])})\s*)?
    (?P<n>[0-5]?[0-9])
    (?:\s*(?:[-\u2013\u2014]|{_spaced(_WORDS["week_range_words"])})\s*(?P<n2>[0-5]?[0-9]))?
    (?![0-9])
    (?:(?:\s+(?:{_OF})|,)\s+(?P<y>{_YEAR})|\s*\(\s*(?P<y2>{_YEAR})\s*\))?
    (?P<bad>\s+(?:{_OF})\s+(?![0-9]))?
    (?P<count>\s+(?:{_spaced(_WORDS["week_count_words"])})\b)?""",
    re.VERBOSE,
)

# --------------------------------------------------------------------------- look-backs
# Each ends at the trigger (\Z with endpos) and runs on the lower-cased text.
_LOOKBACK = 48
_MONTH_PREFIX = re.compile(
    rf"""(?:\b(?P<prep>{_spaced(_WORDS["month_prepositions"])})\s+
    (?:(?:{_THE})\s+(?:{_MONTH_FORM})\s+(?:{_OF})\s+)?)?
    (?:\b(?P<part>{_PART})[\s\-]*)?\Z""",
    re.VERBOSE,
)
_YEAR_PREFIX = re.compile(
    rf"""\b(?P<pre>{_spaced(_WORDS["year_prepositions"])}|(?:(?:{_THE})\s+)?(?:{_YEAR_FORM})|
    {_PART})[\s\-]+(?:(?:{_THE})\s+(?:{_YEAR_FORM})\s+)?\Z""",
    re.VERBOSE,
)
# "the 2014 outbreak", "a 2003 outbreak"
_THE_BEFORE = re.compile(rf"\b(?:{_spaced(_WORDS['year_articles'])})\s+\Z")
_YEAR_NOUN_AFTER = re.compile(rf"\s+(?:{_spaced(_WORDS['year_nouns_after'])})\b")
# "last Sunday" is the one strictly before publication, "next Sunday" the one after.
_WEEKDAY_BEFORE = frozenset(_WORDS["weekday_before"])
_WEEKDAY_AFTER = frozenset(_WORDS["weekday_after"])
_WEEKDAY_MODIFIERS = _WORDS["weekday_before"] + _WORDS["weekday_this"] + _WORDS["weekday_after"]
_WEEKDAY_PREFIX = re.compile(rf"\b(?P<mod>{_spaced(_WEEKDAY_MODIFIERS)})\s+\Z")
_PERIOD_PREFIX = re.compile(
    rf"\b(?P<mod>{_spaced(_WORDS['period_this'] + _WORDS['period_previous'])})\s+\Z"
)
_AGO_PREFIX = re.compile(
    rf"\b(?P<n>[0-9]{{1,2}}|{_SMALL})\s+(?P<u>{_longest_first(list(_UNIT_OF_FORM))})\s+\Z"
)
_EPI_PREFIX = re.compile(rf"\b(?:{alternation(_WORDS['epi_week_prefixes'])})[\s\-]*\Z")
_EW_PREFIX = re.compile(rf"\b(?:{alternation(_WORDS['epi_week_abbreviations'])})\s?\Z")
# Days back from publication: "today" 0, "yesterday" 1.
_DAY_WORD_BACK: dict[str, int] = _WORDS["day_words_back"]
# Parts of a year whose word the year's span takes in ("mid-2020"; "the end of 2019" too).
_PART_PREFIXES = frozenset(_WORDS["year_parts"])
_PART_OF_ENDINGS = tuple(f" {word}" for word in _WORDS["of"])
# A digit run glued to one of these is a year ("mid-2020"); glued to another word it is not.
_GLUED_YEAR_PARTS = tuple(f"{word}-" for word in _WORDS["year_parts_glued"])
# "during the week 5 new cases were seen": after the article, "week 5" is no week.
_THE_ENDINGS = tuple(f"{word} " for word in _WORDS["the"])


def _look_back(pattern: re.Pattern[str], lower: str, pos: int) -> re.Match[str] | None:
    return pattern.search(lower, max(0, pos - _LOOKBACK), pos)


@dataclass(frozen=True, slots=True)
class _Found:
    """A resolved candidate; ``year_given`` tells whether the text stated the year."""

    date: dt.date
    precision: DatePrecision
    span: tuple[int, int]
    year_given: bool


@dataclass(frozen=True, slots=True)
class _Scan:
    text: str
    lower: str
    anchor: dt.date | None  # for yearless absolute dates
    published: dt.date | None  # for relative expressions


def find_dates(ctx: TextContext) -> list[DateMention]:
    """Every date mention in ``ctx.text``, in text order (spans index the text)."""
    text = ctx.text
    if not text:
        return []
    lower = ctx.lower
    if len(lower) != len(text):  # a few characters lower-case to two: keep offsets aligned
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    scan = _Scan(text, lower, ctx.published, ctx.published)
    if scan.anchor is None:
        scan = _Scan(text, lower, _first_stated_date(scan), None)
    found = _digit_dates(scan) + _named_dates(scan) + _keyword_dates(scan)
    found = _borrow_years(text, _without_overlaps(found))
    return [DateMention(f.date, f.precision, text[f.span[0] : f.span[1]], f.span) for f in found]


def _first_stated_date(scan: _Scan) -> dt.date | None:
    """The first date that states its year: the anchor when there is no ``published``."""
    stated = [f for f in _digit_dates(scan) + _named_dates(scan) if f.year_given]
    if not stated:
        return None
    return min(stated, key=lambda f: f.span[0]).date


def _without_overlaps(found: list[_Found]) -> list[_Found]:
    """Text order; where two candidates overlap, the one starting first (then longer) wins."""
    out: list[_Found] = []
    for f in sorted(found, key=lambda f: (f.span[0], -f.span[1])):
        if out and f.span[0] < out[-1].span[1]:
            continue
        out.append(f)
    return out


# --------------------------------------------------------------------------- helpers


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_number(token: str) -> int:
    return MONTH_NUMBERS[token.rstrip(".").lower()]


def _day_number(token: str) -> int:
    return int(token.rstrip(_SUFFIX_LETTERS))


def _normal(phrase: str) -> str:
    return " ".join(phrase.split())


def _infer_year(month: int, day: int, anchor: dt.date) -> int:
    """This year's date, unless it lies too far after the anchor: then last year's."""
    candidate = _safe_date(anchor.year, month, day)
    if candidate is None:  # 29 February of a non-leap year: look back one year
        return anchor.year - 1
    if (candidate - anchor).days > FUTURE_TOLERANCE_DAYS:
        return anchor.year - 1
    return anchor.year


def _day_found(
    year: int | None, month: int, day: int, span: tuple[int, int], anchor: dt.date | None
) -> _Found | None:
    year_given = year is not None
    if year is None:
        if anchor is None:
            return None
        year = _infer_year(month, day, anchor)
    d = _safe_date(year, month, day)
    return None if d is None else _Found(d, "day", span, year_given)


def _month_year(month: int, anchor: dt.date) -> int:
    start = dt.date(anchor.year, month, 1)
    return anchor.year if (start - anchor).days <= FUTURE_TOLERANCE_DAYS else anchor.year - 1


def _iso_week_end(year: int, week: int) -> dt.date | None:
    try:
        return dt.date.fromisocalendar(year, week, 7)
    except ValueError:  # week 0, or week 53 of a 52-week year
        return None


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


# --------------------------------------------------------------------------- digit-led dates

# A digit run right after these is part of something else ("COVID-19", "H5N1", "1,200", "2.5").
_NOT_BEFORE_DATE = frozenset("-/.,:_" + string.ascii_letters)


# "30 May-29 June", "1 January-1 April": a range's end glued to the month before it.
_MONTH_DASH_BEFORE = re.compile(rf"(?:{_MONTH})\s*[-\u2013]\Z")


def _after_month_dash(text: str, start: int) -> bool:
    return text[start - 1] in "-\u2013" and bool(
        _MONTH_DASH_BEFORE.search(text, max(0, start - 14), start)
    )


def _digit_dates(scan: _Scan) -> list[_Found]:
    text = scan.text
    out: list[_Found] = []
    covered = 0
    for run in _DIGIT_RUN.finditer(text):
        start = run.start()
        glued = start > 0 and text[start - 1] in _NOT_BEFORE_DATE
        if start < covered or (
            glued
            and not scan.lower.endswith(_GLUED_YEAR_PARTS, 0, start)
            and not _after_month_dash(text, start)
        ):
            continue  # inside a date already read, or glued to a word ("mid-2020" is fine)
        if len(run.group()) not in (1, 2, 4):
            continue
        m = _DIGIT_DATE.match(text, start)
        if m is None:
            continue
        kind = m.lastgroup
        if kind == "iso":
            out.extend(_resolve_iso(m, scan))
        elif kind == "isowk":
            out.extend(_resolve_iso_week(m))
        elif kind == "num":
            out.extend(_resolve_numeric(m))
        elif kind == "dmy":
            out.extend(_resolve_dmy(m, scan))
        elif kind == "yr":
            out.extend(_resolve_year(m, scan))
        elif kind == "yrange":
            out.extend(_resolve_year_range(m, scan))
        elif kind == "wkn":
            out.extend(_resolve_ew(m, scan))
        if out:
            covered = max(covered, out[-1].span[1])
    return out


def _resolve_iso(m: re.Match[str], scan: _Scan) -> list[_Found]:
    f = _day_found(int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"]), m.span(), scan.anchor)
    return [f] if f else []


def _resolve_iso_week(m: re.Match[str]) -> list[_Found]:
    d = _iso_week_end(int(m["isowk_y"]), int(m["isowk_n"]))
    return [_Found(d, "day", m.span(), True)] if d else []


def _resolve_numeric(m: re.Match[str]) -> list[_Found]:
    a, b = int(m["num_a"]), int(m["num_b"])
    if a > 12 >= b:
        day, month = a, b
    elif b > 12 >= a:
        month, day = a, b
    elif a == b:
        day = month = a
    else:  # "03/04/2017": day-first and month-first disagree
        return []
    f = _day_found(int(m["num_y"]), month, day, m.span(), None)
    return [f] if f else []


_DAY_TOKEN = re.compile(_DAY)


def _resolve_dmy(m: re.Match[str], scan: _Scan) -> list[_Found]:
    """Read "19 Aug 2017", "6, 25 and 31 January 2014", "1-7 May": one date per listed day."""
    month = _month_number(m["dmy_m"])
    year = int(m["dmy_y"]) if m["dmy_y"] else None
    days_start = m.start("dmy_days")
    tokens = list(_DAY_TOKEN.finditer(m["dmy_days"]))
    out: list[_Found] = []
    for i, tok in enumerate(tokens):
        start = days_start + tok.start()
        # Each listed day spans its number; the last one also the month and year.
        end = m.end() if i == len(tokens) - 1 else days_start + tok.end()
        f = _day_found(year, month, _day_number(tok.group()), (start, end), scan.anchor)
        if f is not None:
            out.append(f)
    return out


def _resolve_year(m: re.Match[str], scan: _Scan) -> list[_Found]:
    """Read "in 2019", "since 2015", "mid-2020", "the end of 2019": only after such a word."""
    prefix = _look_back(_YEAR_PREFIX, scan.lower, m.start())
    if prefix is None:
        if _look_back(_THE_BEFORE, scan.lower, m.start()) and _YEAR_NOUN_AFTER.match(
            scan.lower, m.end()
        ):
            # "The 1997 total of reported cases", "the 2014 outbreak"
            return [_Found(dt.date(int(m["yr"]), 1, 1), "year", m.span(), True)]
        return []
    pre = _normal(prefix["pre"])
    is_part = pre in _PART_PREFIXES or pre.endswith(_PART_OF_ENDINGS)
    start = prefix.start("pre") if is_part else m.start()
    return [_Found(dt.date(int(m["yr"]), 1, 1), "year", (start, m.end()), True)]


def _resolve_year_range(m: re.Match[str], scan: _Scan) -> list[_Found]:
    """Read "in 1996-1997", "during 2005-06" as the range's last year: a figure of that
    period is background once it lies well before publication."""
    prefix = _look_back(_YEAR_PREFIX, scan.lower, m.start())
    if prefix is None:
        return []
    first = int(m.group("yrange")[:4])
    end = m["yrange_end"]
    last = int(end) if len(end) == 4 else first // 100 * 100 + int(end)
    if not first < last <= first + 10:
        return []  # "1998/2001" is no range of years a figure belongs to
    return [_Found(dt.date(last, 1, 1), "year", m.span(), True)]


def _resolve_ew(m: re.Match[str], scan: _Scan) -> list[_Found]:
    """Read "EW 14", "epiweek 14": a week number right after its abbreviation."""
    prefix = _look_back(_EW_PREFIX, scan.lower, m.start())
    if prefix is None:
        return []
    return _week_found(int(m["wkn"]), None, (prefix.start(), m.end()), scan.anchor)


def _week_found(
    week: int, year: int | None, span: tuple[int, int], anchor: dt.date | None
) -> list[_Found]:
    if year is not None:
        d = _iso_week_end(year, week)
        return [_Found(d, "day", span, True)] if d else []
    if anchor is None:
        return []
    d = _iso_week_end(anchor.year, week)
    if d is not None and (d - anchor).days > FUTURE_TOLERANCE_DAYS:
        d = _iso_week_end(anchor.year - 1, week)
    return [_Found(d, "day", span, False)] if d else []


# --------------------------------------------------------------------------- month and weekday names


def _named_dates(scan: _Scan) -> list[_Found]:
    out: list[_Found] = []
    for trigger in _NAME_TRIGGER.finditer(scan.text):
        name = trigger.group().rstrip(".").lower()
        if name in _WEEKDAY_NUMBERS:
            out.extend(_resolve_weekday(trigger, scan))
            continue
        m = _MONTH_FORWARD.match(scan.text, trigger.start())
        if m is None:
            continue
        if m.lastgroup == "mdy":
            out.extend(_resolve_mdy(m, scan))
        else:
            out.extend(_resolve_month(m, scan))
    return out


def _resolve_mdy(m: re.Match[str], scan: _Scan) -> list[_Found]:
    """Read "August 19, 2017", "May 15-17, 2022"."""
    month = _month_number(m["mdy_m"])
    year = int(m["mdy_y"]) if m["mdy_y"] else None
    if m["mdy_d2"] is None:
        f = _day_found(year, month, _day_number(m["mdy_d"]), m.span(), scan.anchor)
        return [f] if f else []
    # A range: the first day spans "May 15", the second "17, 2022".
    out: list[_Found] = []
    for day, span in (
        (m["mdy_d"], (m.start(), m.end("mdy_d"))),
        (m["mdy_d2"], (m.start("mdy_d2"), m.end())),
    ):
        f = _day_found(year, month, _day_number(day), span, scan.anchor)
        if f is not None:
            out.append(f)
    return out


def _resolve_month(m: re.Match[str], scan: _Scan) -> list[_Found]:
    """Read "May 2022", "in May", "since late April", "mid-May": a month or a part of one."""
    prefix = _look_back(_MONTH_PREFIX, scan.lower, m.start())
    prep = prefix["prep"] if prefix else None
    part = prefix["part"] if prefix else None
    year_text = m["mon_y"]
    if prep is None and part is None and year_text is None:
        return []  # a bare month name ("May") is too often something else
    month = _month_number(m["mon_m"])
    start = prefix.start("part") if prefix is not None and part is not None else m.start()
    if year_text is not None:
        year, year_given = int(year_text), True
    elif scan.anchor is not None:
        # Month precision: the month is "this year's" once it has begun by the anchor.
        year, year_given = _month_year(month, scan.anchor), False
    else:
        return []
    span = (start, m.end())
    if part is None:
        return [_Found(dt.date(year, month, 1), "month", span, year_given)]
    day = _PART_OF_MONTH_DAY[_normal(part)]
    if day == 0:
        day = calendar.monthrange(year, month)[1]
    return [_Found(dt.date(year, month, day), "day", span, year_given)]


def _resolve_weekday(trigger: re.Match[str], scan: _Scan) -> list[_Found]:
    published = scan.published
    if published is None or _WEEKDAY_THEN_DATE.match(scan.text, trigger.end()):
        return []  # "Sunday, 15 May 2022": the date that follows says it all
    target = _WEEKDAY_NUMBERS[trigger.group().lower()]
    prefix = _look_back(_WEEKDAY_PREFIX, scan.lower, trigger.start())
    mod = _normal(prefix["mod"]) if prefix else ""
    span = (prefix.start() if prefix else trigger.start(), trigger.end())
    if mod in _WEEKDAY_AFTER:
        ahead = (target - published.weekday()) % 7 or 7
        return [_Found(published + dt.timedelta(days=ahead), "day", span, False)]
    back = (published.weekday() - target) % 7  # 0 when published on that weekday
    if mod in _WEEKDAY_BEFORE and back == 0:
        back = 7
    return [_Found(published - dt.timedelta(days=back), "day", span, False)]


# --------------------------------------------------------------------------- keywords


def _keyword_dates(scan: _Scan) -> list[_Found]:
    lower = scan.lower
    out: list[_Found] = []
    for trigger in _KEYWORD_TRIGGER.finditer(lower):
        word, start, end = trigger.group(), trigger.start(), trigger.end()
        if word == _WEEK_UNIT and _EPI_PREFIX.search(lower, max(0, start - _LOOKBACK), start):
            out.extend(_resolve_week_number(scan, start))
            continue
        if start > 0 and lower[start - 1].isalpha():
            continue
        if word in (_WEEK_UNIT, _MONTH_UNIT, _YEAR_UNIT):
            if word == _WEEK_UNIT:
                out.extend(_resolve_week_number(scan, start))
            if end == len(lower) or not lower[end].isalpha():
                out.extend(_resolve_period(scan, word, start, end))
            continue
        if end < len(lower) and lower[end].isalpha():
            continue
        if word in _AGO_WORDS:
            out.extend(_resolve_ago(scan, start, end))
        else:
            out.extend(_resolve_day_word(scan, word, start, end))
    return out


def _resolve_week_number(scan: _Scan, start: int) -> list[_Found]:
    """Read "week 14", "epidemiological week 14 of 2022", "weeks 10-14" (the last week counts)."""
    m = _WEEK_NUMBER.match(scan.lower, start)
    if m is None or m["bad"] is not None:  # "week 2 of the outbreak" is no calendar week
        return []
    prefix = _EPI_PREFIX.search(scan.lower, max(0, start - _LOOKBACK), start)
    span_start = prefix.start() if prefix else start
    year_text = m["y"] or m["y2"]
    year = int(year_text) if year_text else None
    if (
        prefix is None
        and year is None
        and (m["count"] or scan.lower.endswith(_THE_ENDINGS, 0, start))
    ):
        return []  # "during the week 5 new cases were seen": a count, not week 5
    return _week_found(int(m["n2"] or m["n"]), year, (span_start, m.end()), scan.anchor)


_OF_AFTER = re.compile(rf"\s+(?:{_OF})\b")


def _resolve_period(scan: _Scan, unit: str, start: int, end: int) -> list[_Found]:
    """Read "last week", "earlier this month", "this year"."""
    published = scan.published
    prefix = _look_back(_PERIOD_PREFIX, scan.lower, start)
    if published is None or prefix is None or _OF_AFTER.match(scan.lower, end):
        return []  # "the last week of February" is a week of that month, not last week
    previous = _normal(prefix["mod"]) in _PERIOD_PREVIOUS
    span = (prefix.start(), end)
    if unit == _WEEK_UNIT:
        if not previous:
            return [_Found(published, "day", span, False)]
        last_sunday = published - dt.timedelta(days=published.weekday() + 1)
        return [_Found(last_sunday, "day", span, False)]
    if unit == _MONTH_UNIT:
        year, month = _shift_month(published.year, published.month, -1 if previous else 0)
        return [_Found(dt.date(year, month, 1), "month", span, False)]
    year = published.year - 1 if previous else published.year
    return [_Found(dt.date(year, 1, 1), "year", span, False)]


def _resolve_ago(scan: _Scan, start: int, end: int) -> list[_Found]:
    """Read "two weeks ago", "3 days ago", "a month ago"."""
    published = scan.published
    prefix = _look_back(_AGO_PREFIX, scan.lower, start)
    if published is None or prefix is None:
        return []
    raw = _normal(prefix["n"])
    n = int(raw) if raw.isdigit() else _SMALL_NUMBERS[raw]
    unit = _UNIT_OF_FORM[prefix["u"]]
    span = (prefix.start(), end)
    if unit == _DAY_UNIT:
        return [_Found(published - dt.timedelta(days=n), "day", span, False)]
    if unit == _WEEK_UNIT:
        return [_Found(published - dt.timedelta(weeks=n), "day", span, False)]
    if unit == _MONTH_UNIT:
        year, month = _shift_month(published.year, published.month, -n)
        return [_Found(dt.date(year, month, 1), "month", span, False)]
    return [_Found(dt.date(published.year - n, 1, 1), "year", span, False)]


def _resolve_day_word(scan: _Scan, word: str, start: int, end: int) -> list[_Found]:
    """Read "today", "yesterday", "the day before yesterday", "last night", "this morning"."""
    published = scan.published
    if published is None:
        return []
    back = _DAY_WORD_BACK.get(word)
    span_start = start
    rule = _DAY_WORD_PREFIX.get(word)
    if rule is not None:
        prefix = _look_back(rule[0], scan.lower, start)
        if prefix is not None:
            back, span_start = rule[1], prefix.start()
    if back is None:  # "night", "morning" without "last" / "this"
        return []
    return [_Found(published - dt.timedelta(days=back), "day", (span_start, end), False)]


# Between the two ends of a date range: "28 April - 3 May 2022", "from 28 April to 3 May 2022".
_RANGE_GAP = re.compile(rf"\s*(?:[-\u2013\u2014]|{_spaced(_WORDS['range_words'])})\s*")


def _borrow_years(text: str, found: list[_Found]) -> list[_Found]:
    """A yearless range start takes the year of its end ("28 April to 3 May 2022", "May and June 2014")."""
    out = list(found)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        if first.year_given or not second.year_given or first.precision == "year":
            continue
        if not _RANGE_GAP.fullmatch(text, first.span[1], second.span[0]):
            continue
        year = second.date.year - (1 if first.date.month > second.date.month else 0)
        d = _safe_date(year, first.date.month, first.date.day)
        if d is not None:
            out[i] = _Found(d, first.precision, first.span, False)
    return out
