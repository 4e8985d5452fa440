"""The multilingual date reader: CLDR months, relative days, period starts and as-of dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from episignal.lang.dates import DateReading, date_reader_for

PUBLISHED = dt.date(2022, 5, 16)  # a Monday


def read(lang: str, text: str, published: dt.date | None = PUBLISHED) -> list[DateReading]:
    return date_reader_for(lang).find(text, published)


def first(lang: str, text: str) -> tuple[dt.date, str, str]:
    (reading,) = read(lang, text)
    return reading.date, reading.role, text[reading.span[0] : reading.span[1]]


@pytest.mark.parametrize(
    ("lang", "text", "written"),
    [("fr", "hier soir", "hier"), ("es", "ayer por la tarde", "ayer"), ("de", "gestern", "gestern"),
     ("ru", "вчера вечером", "вчера"), ("ar", "أمس الأحد", "أمس"), ("zh", "昨天新增", "昨天"),
     ("ko", "전날 하루 동안", "전날"), ("pt", "ontem", "ontem"), ("it", "ieri sera", "ieri")],
)  # fmt: skip
def test_yesterday_in_every_language(lang: str, text: str, written: str) -> None:
    readings = read(lang, text)
    assert (readings[0].date, text[readings[0].span[0] : readings[0].span[1]]) == (
        dt.date(2022, 5, 15),
        written,
    )
    assert readings[0].relative


@pytest.mark.parametrize(
    ("lang", "text", "date", "written"),
    [("fr", "le 15 mai 2022", dt.date(2022, 5, 15), "15 mai 2022"),
     ("fr", "le 1er juin", dt.date(2021, 6, 1), "1er juin"),
     ("de", "am 15. Mai 2022", dt.date(2022, 5, 15), "15. Mai 2022"),
     ("de", "am 15.05.2022", dt.date(2022, 5, 15), "15.05.2022"),
     ("es", "el 15 de mayo de 2022", dt.date(2022, 5, 15), "15 de mayo de 2022"),
     ("pt", "em 15 de maio", dt.date(2022, 5, 15), "15 de maio"),
     ("it", "il 15 maggio 2022", dt.date(2022, 5, 15), "15 maggio 2022"),
     ("ru", "15 мая 2022 года", dt.date(2022, 5, 15), "15 мая 2022 года"),
     ("ar", "في 15 أيار/مايو 2022", dt.date(2022, 5, 15), "15 أيار/مايو 2022"),
     ("ar", "في 15 مايو", dt.date(2022, 5, 15), "15 مايو"),
     ("zh", "2022年5月15日报道", dt.date(2022, 5, 15), "2022年5月15日"),
     ("zh", "朝鲜15日新增", dt.date(2022, 5, 15), "15日"),
     ("ko", "2022년 5월 15일에", dt.date(2022, 5, 15), "2022년 5월 15일"),
     ("ko", "15일 하루", dt.date(2022, 5, 15), "15일")],
)  # fmt: skip
def test_calendar_dates(lang: str, text: str, date: dt.date, written: str) -> None:
    assert first(lang, text)[0::2] == (date, written)


@pytest.mark.parametrize(
    ("lang", "text", "date", "role"),
    [("fr", "depuis janvier", dt.date(2022, 1, 1), "since"),
     ("fr", "depuis fin avril", dt.date(2022, 4, 1), "since"),
     ("de", "seit Jahresbeginn", dt.date(2022, 1, 1), "since"),
     ("es", "en lo que va del año", dt.date(2022, 1, 1), "since"),
     ("ru", "с начала года", dt.date(2022, 1, 1), "since"),
     ("ar", "منذ أواخر أبريل", dt.date(2022, 4, 1), "since"),
     ("zh", "自4月末以来", dt.date(2022, 4, 1), "since"),
     ("zh", "今年以来", dt.date(2022, 1, 1), "since"),
     ("ko", "4월 말 이후", dt.date(2022, 4, 1), "since"),
     ("zh", "截至5月15日", dt.date(2022, 5, 15), "as_of"),
     ("ko", "5월 15일 현재", dt.date(2022, 5, 15), "as_of"),
     ("ru", "по состоянию на 15 мая", dt.date(2022, 5, 15), "as_of")],
)  # fmt: skip
def test_period_starts_and_as_of_dates(lang: str, text: str, date: dt.date, role: str) -> None:
    found = first(lang, text)
    assert found[:2] == (date, role)


def test_as_of_october_in_a_may_paper_is_last_october() -> None:
    assert first("zh", "截至10月20日")[:2] == (dt.date(2021, 10, 20), "as_of")


def test_weekday_names_resolve_to_the_latest_such_day() -> None:
    assert first("fr", "vendredi")[0] == dt.date(2022, 5, 13)
    assert first("de", "am Montag")[0] == PUBLISHED


def test_relative_dates_need_a_publication_date() -> None:
    assert read("fr", "hier, le 15 mai", None) == []
    assert [r.date for r in read("fr", "le 15 mai 2022", None)] == [dt.date(2022, 5, 15)]


def test_an_impossible_date_is_not_a_date() -> None:
    assert read("fr", "le 31 février 2022") == []


@settings(max_examples=60, deadline=None)
@given(
    st.text(max_size=60), st.sampled_from(["ar", "de", "es", "fr", "it", "ko", "pt", "ru", "zh"])
)
def test_spans_always_index_the_text(text: str, lang: str) -> None:
    for reading in read(lang, text):
        assert 0 <= reading.span[0] < reading.span[1] <= len(text)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("fr", "Le 3 mai 2022, puis 12 mai et 2022 mai; 115 mai 2021 et mai 2020, 31 février."),
        ("de", "Am 3. Mai 2022 und 14. März, seit März 2021; 03.05.2022 und 1203.05.2022."),
        ("ar", "في ٣ مايو ٢٠٢٢ و15 أيار 2022 ثم مايو 2021 و 3/5/2022"),
        ("zh", "2022年5月15日，5月16日，16日，17号，2022-05-18"),
    ],
)
def test_patterns_tried_only_where_a_date_can_start_find_what_a_full_scan_finds(
    code: str, text: str
) -> None:
    reader = date_reader_for(code)
    lowered = text.lower()
    full = [m.span() for pattern, _ in reader._patterns for m in pattern.finditer(lowered)]
    assert [(h.start, h.end) for h in reader._calendar(lowered)] == full
    assert full
