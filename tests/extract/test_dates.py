"""Dates: absolute formats, epidemiological weeks, relative expressions, and traps."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from episignal.extract.context import TextContext
from episignal.extract.dates import find_dates

# A Monday, so that weekday arithmetic is easy to check by hand.
PUBLISHED = dt.date(2022, 5, 16)


def dates_of(text: str, published: dt.date | None = PUBLISHED) -> list[tuple[str, str, str]]:
    found = find_dates(TextContext(text, published))
    for d in found:
        assert text[d.span[0] : d.span[1]] == d.text
    return [(d.text, d.date.isoformat(), d.precision) for d in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The cluster began on 19 Aug 2017.", [("19 Aug 2017", "2017-08-19", "day")]),
        (
            "Reported on August 19, 2017 by the ministry.",
            [("August 19, 2017", "2017-08-19", "day")],
        ),
        ("Data as of 2017-08-19 were used.", [("2017-08-19", "2017-08-19", "day")]),
        ("The form is dated 19/08/2017 here.", [("19/08/2017", "2017-08-19", "day")]),
        ("The form is dated 08/19/2017 here.", [("08/19/2017", "2017-08-19", "day")]),
        ("Counted on 19.08.2017 in the camp.", [("19.08.2017", "2017-08-19", "day")]),
        ("Seen on Aug. 3, 2021, at the clinic.", [("Aug. 3, 2021", "2021-08-03", "day")]),
        ("Since the 5th of May the count doubled.", [("5th of May", "2022-05-05", "day")]),
        ("Reported on Sunday, 15 May 2022.", [("15 May 2022", "2022-05-15", "day")]),
        ("Onset was in March 2020.", [("March 2020", "2020-03-01", "month")]),
        ("Onset was in Sept 2019, the team said.", [("Sept 2019", "2019-09-01", "month")]),
        ("The first case died on 12 May.", [("12 May", "2022-05-12", "day")]),
        ("The first case died on May 12.", [("May 12", "2022-05-12", "day")]),
        # Yearless dates more than a week after publication belong to last year.
        ("Cases have risen since 28 December.", [("28 December", "2021-12-28", "day")]),
        ("Cases have risen since 20 May.", [("20 May", "2022-05-20", "day")]),
        ("The outbreak began in May.", [("May", "2022-05-01", "month")]),
        ("The outbreak began in December.", [("December", "2021-12-01", "month")]),
        ("Cases peaked in mid-May.", [("mid-May", "2022-05-15", "day")]),
        ("Fever spread since late April.", [("late April", "2022-04-25", "day")]),
        ("It began in early March.", [("early March", "2022-03-05", "day")]),
        ("It ends at the end of February.", [("the end of February", "2022-02-28", "day")]),
        ("The virus was first seen in 2019.", [("2019", "2019-01-01", "year")]),
        ("It has circulated since 2015, officials said.", [("2015", "2015-01-01", "year")]),
        ("Vaccination started in mid-2021.", [("mid-2021", "2021-01-01", "year")]),
    ],
)
def test_absolute_dates(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert dates_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Lists and ranges give one date per day; the range start borrows the end's year.
        (
            "Onset of paralysis on 6, 25 and 31 January 2014.",
            [
                ("6", "2014-01-06", "day"),
                ("25", "2014-01-25", "day"),
                ("31 January 2014", "2014-01-31", "day"),
            ],
        ),
        (
            "Cases from 28 April to 3 May 2021 were counted.",
            [("28 April", "2021-04-28", "day"), ("3 May 2021", "2021-05-03", "day")],
        ),
        (
            "Between 1-7 March 2020 there were 40 cases.",
            [("1", "2020-03-01", "day"), ("7 March 2020", "2020-03-07", "day")],
        ),
        (
            "Reported May 15-17, 2021.",
            [("May 15", "2021-05-15", "day"), ("17, 2021", "2021-05-17", "day")],
        ),
        (
            "Campaigns ran in November and December 2013.",
            [("November", "2013-11-01", "month"), ("December 2013", "2013-12-01", "month")],
        ),
    ],
)
def test_lists_and_ranges(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert dates_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO weeks, resolved to their Sunday (the week's end).
        ("In epidemiological week 14 of 2022, 30 cases.", [("2022-04-10", "day")]),
        ("In week 14, 30 cases were reported.", [("2022-04-10", "day")]),
        ("In EW 14 the count fell.", [("2022-04-10", "day")]),
        ("Epi week 3 of 2021 saw a peak.", [("2021-01-24", "day")]),
        ("Data for weeks 10-12 show a decline.", [("2022-03-27", "day")]),
        ("The 2022-W10 bulletin.", [("2022-03-13", "day")]),
        # A week number far after publication is last year's week.
        ("In week 40, 12 cases were reported.", [("2021-10-10", "day")]),
    ],
)
def test_epidemiological_weeks(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(iso, p) for _, iso, p in dates_of(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministry said on Sunday that 8 died.", [("Sunday", "2022-05-15", "day")]),
        ("The ministry said on Monday that 8 died.", [("Monday", "2022-05-16", "day")]),
        ("The ministry said last Monday that 8 died.", [("last Monday", "2022-05-09", "day")]),
        ("The ministry said last Thursday that 8 died.", [("last Thursday", "2022-05-12", "day")]),
        ("Talks are set for next Friday.", [("next Friday", "2022-05-20", "day")]),
        ("Two more died yesterday.", [("yesterday", "2022-05-15", "day")]),
        ("Two more died today.", [("today", "2022-05-16", "day")]),
        ("Yesterday two more died.", [("Yesterday", "2022-05-15", "day")]),
        ("He died the day before yesterday.", [("the day before yesterday", "2022-05-14", "day")]),
        ("The clinic closed last night.", [("last night", "2022-05-15", "day")]),
        ("Cases doubled earlier this month.", [("earlier this month", "2022-05-01", "month")]),
        ("Cases doubled last month.", [("last month", "2022-04-01", "month")]),
        ("Cases doubled last week.", [("last week", "2022-05-15", "day")]),
        ("Cases doubled this week.", [("this week", "2022-05-16", "day")]),
        ("Cases doubled last year.", [("last year", "2021-01-01", "year")]),
        ("The first case was found two weeks ago.", [("two weeks ago", "2022-05-02", "day")]),
        ("The first case was found 3 days ago.", [("3 days ago", "2022-05-13", "day")]),
        ("The first case was found a month ago.", [("a month ago", "2022-04-01", "month")]),
        # a week of a named month is not last week
        ("Cases rose in the last week of April.", [("April", "2022-04-01", "month")]),
        # a yearless date in the coming weeks is a plan of this year, not last year's date
        ("Campaigns are planned for 3 June.", [("3 June", "2022-06-03", "day")]),
        ("The first case fell ill on 3 July.", [("3 July", "2021-07-03", "day")]),
    ],
)
def test_relative_dates(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert dates_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Cases rose by 79% in a week-long surge.",
        "COVID-19 and H5N1 are both circulating; A(H1N1)pdm09 too.",
        "The patients, aged 19 to 45, recovered.",
        "A total of 1,200 cases and 2019 deaths were counted.",
        "In 2019 cases were reported in three provinces.",
        "The 34-year-old man and 12 others were treated.",
        "He may return; she will march on.",
        "Stocks rose 2.9 million shares.",
        "The outbreak was in its week 2 of the response.",
        "During the week 5 new cases were seen.",
        "In that week 12 patients died.",
        "03/04/2017 is ambiguous between day-first and month-first.",
    ],
)
def test_no_false_dates(text: str) -> None:
    assert dates_of(text) == []


def test_relative_dates_need_a_publication_date() -> None:
    text = "Eight died on Sunday and 12 yesterday, two weeks ago and last month."
    assert dates_of(text, None) == []


def test_without_publication_date_the_first_full_date_anchors_the_year() -> None:
    text = "17 March 2014 - Cases rose between 6 March and 12 March."
    assert dates_of(text, None) == [
        ("17 March 2014", "2014-03-17", "day"),
        ("6 March", "2014-03-06", "day"),
        ("12 March", "2014-03-12", "day"),
    ]


def test_spans_are_in_text_order_and_do_not_overlap() -> None:
    text = (
        "As of 15 October 2010, 26 cases; on Sunday 3 died, in week 41 of 2010 and "
        "since late September, up from August 2010 and yesterday."
    )
    found = find_dates(TextContext(text, dt.date(2010, 10, 25)))
    assert len(found) == 6
    for a, b in itertools.pairwise(found):
        assert a.span[1] <= b.span[0]


def test_empty_text() -> None:
    assert find_dates(TextContext("", PUBLISHED)) == []


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789 /.-,May Sunday week ago last in of ")),
        max_size=80,
    )
)
def test_any_text_terminates_and_spans_index_it(text: str) -> None:
    for d in find_dates(TextContext(text, PUBLISHED)):
        assert text[d.span[0] : d.span[1]] == d.text
        assert d.precision in ("day", "month", "year")
