"""Metadata helpers: dates, datelines, headlines and title suffixes."""

from __future__ import annotations

import datetime as dt

import pytest

from episignal.clean.metadata import find_date_line, find_headline, parse_date, strip_site_suffix


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-05-12T08:30:00+09:00", dt.date(2022, 5, 12)),
        ("2022-05-12", dt.date(2022, 5, 12)),
        ("12 May 2022", dt.date(2022, 5, 12)),
        ("May 12, 2022", dt.date(2022, 5, 12)),
        ("Sept. 3, 2021", dt.date(2021, 9, 3)),
        ("3rd September 2021", dt.date(2021, 9, 3)),
        ("Published: 1 Jan 2020 | 10:00", dt.date(2020, 1, 1)),
        ("2022-13-45", None),
        ("1850-01-01", None),
        ("9999-01-01", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: str | None, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


def test_date_line_near_the_top() -> None:
    text = "Fever cases climb\nPublished: 12 May 2022\nOfficials said on Friday that cases rose."
    assert find_date_line(text) == dt.date(2022, 5, 12)


def test_date_inside_a_sentence_far_down_is_not_a_dateline() -> None:
    body = "\n".join(f"Paragraph {i} says the number of patients kept rising." for i in range(10))
    text = body + "\nThe outbreak began on 12 May 2022, officials said later."
    assert find_date_line(text) is None


def test_long_first_sentence_with_a_date_is_not_a_dateline() -> None:
    text = (
        "On 12 May 2022 the ministry of health announced that an outbreak of fever had spread "
        "to every province of the country, with hundreds of thousands of people ill."
    )
    assert find_date_line(text) is None


def test_headline_is_a_short_first_line() -> None:
    assert find_headline("Cholera spreads in port city\nOfficials said it spread.") == (
        "Cholera spreads in port city"
    )
    assert find_headline("Officials said on Friday that the outbreak had spread widely.") is None
    assert find_headline("") is None


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Measles cases rise in the north | The Valley Courier", "Measles cases rise in the north"),
        ("Weekly Tribune :: Anthrax in cattle confirmed", "Anthrax in cattle confirmed"),
        ("Plain headline without a site name", "Plain headline without a site name"),
    ],
)
def test_strip_site_suffix(title: str, expected: str) -> None:
    assert strip_site_suffix(title) == expected
