"""The multilingual number reader: every writing of a number that issue 9 lists, with spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from episignal.lang.numbers import NumberReader, reader_for
from episignal.lang.profile import load_profile


def read(lang: str, text: str) -> list[tuple[float, str]]:
    return [(q.value, text[q.span[0] : q.span[1]]) for q in reader_for(lang).find(text)]


@pytest.mark.parametrize(
    ("lang", "text", "value", "written"),
    [
        ("fr", "soit 1 254 cas", 1254, "1 254"),
        ("fr", "392\u202f920 cas", 392920, "392\u202f920"),
        ("de", "3.120 Fälle", 3120, "3.120"),
        ("fr", "1,48 million de cas", 1_480_000, "1,48 million"),
        ("ru", "2,9 млн человек", 2_900_000, "2,9 млн"),
        ("ru", "392 тыс. случаев", 392_000, "392 тыс."),
        ("ar", "392 ألف حالة", 392_000, "392 ألف"),
        ("ar", "تسجيل ٣ وفيات", 3, "٣"),
        ("ar", "٣٩٢٬٩٢٠ إصابة", 392_920, "٣٩٢٬٩٢٠"),
        ("zh", "累计148万例", 1_480_000, "148万"),
        ("zh", "新增39万2920例", 392_920, "39万2920"),
        ("zh", "三十九万二千九百二十人", 392_920, "三十九万二千九百二十"),
        ("zh", "约1.2亿元", 120_000_000, "约1.2亿"),
        ("ko", "39만2920명", 392_920, "39만2920"),
        ("ko", "1억2천만 원", 120_000_000, "1억2천만"),
        ("es", "392.920 casos en México y 1,254 en Perú", 392_920, "392.920"),
        ("es", "392 mil casos", 392_000, "392 mil"),
        ("pt", "2,5 milhões de casos", 2_500_000, "2,5 milhões"),
        ("it", "1,2 milioni di dosi", 1_200_000, "1,2 milioni"),
        ("de", "2,9 Mio. Menschen", 2_900_000, "2,9 Mio."),
        ("fr", "trois morts", 3, "trois"),
        ("de", "zwei Tote", 2, "zwei"),
        ("es", "ocho muertos", 8, "ocho"),
        ("ru", "шесть человек", 6, "шесть"),
        ("ru", "двадцать пять тысяч", 25_000, "двадцать пять тысяч"),
        ("ar", "ثمانية أشخاص", 8, "ثمانية"),
        ("ar", "ثلاثة آلاف", 3000, "ثلاثة آلاف"),
        ("ko", "여덟 명", 8, "여덟"),
        ("pt", "duzentos e trinta casos", 230, "duzentos e trinta"),
        ("it", "sei morti", 6, "sei"),
    ],
)
def test_numbers_as_each_language_writes_them(
    lang: str, text: str, value: float, written: str
) -> None:
    assert (value, written) in read(lang, text)


@pytest.mark.parametrize(
    ("lang", "text", "written", "low", "high"),
    [
        ("fr", "plus de 2,9 millions", "plus de 2,9 millions", 2_900_000, None),
        ("fr", "près de 70 morts", "près de 70", None, 70),
        ("de", "rund 400.000 Menschen", "rund 400.000", None, None),
        ("es", "más de 58.000 contagios", "más de 58.000", 58_000, None),
        ("ru", "более 389 тыс. человек", "более 389 тыс.", 389_000, None),
        ("ar", "وأكثر من 2.9 مليون", "أكثر من 2.9 مليون", 2_900_000, None),
        ("zh", "超过148万", "超过148万", 1_480_000, None),
        ("zh", "300余例", "300余", 300, None),
        ("zh", "2万多例", "2万多", 20_000, None),
        ("ko", "2만여 명", "2만여", 20_000, None),
        ("ko", "약 3천 명", "약 3천", None, None),
    ],
)
def test_approximation_words_become_bounds(
    lang: str, text: str, written: str, low: float | None, high: float | None
) -> None:
    (q,) = [q for q in reader_for(lang).find(text) if text[q.span[0] : q.span[1]] == written]
    assert q.approximate and (q.low, q.high) == (low, high)


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [("fr", "une centaine de cas", 100), ("fr", "des milliers de personnes", 2000),
     ("es", "miles de personas", 2000), ("ru", "десятки тысяч", 20_000), ("zh", "数百人", 300)],
)  # fmt: skip
def test_vague_amounts_are_approximate(lang: str, text: str, value: float) -> None:
    (q,) = reader_for(lang).find(text)
    assert q.value == value and q.approximate and q.spelled


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [("fr", "quatre-vingt-dix-sept cas", 97), ("de", "zweihundertneunundachtzig Fälle", 289),
     ("de", "dreiundzwanzig Tote", 23), ("it", "ventitré morti", 23), ("it", "trentuno casi", 31)],
)  # fmt: skip
def test_text2num_reads_the_numbers_the_word_lists_cannot(
    lang: str, text: str, value: float
) -> None:
    assert value in reader_for(lang).values(text)
    assert value not in NumberReader(load_profile(lang), text2num="off").values(text)


def test_a_glued_metre_is_not_a_million() -> None:
    assert read("fr", "5 m de haut et 2,5M de doses") == [(5, "5"), (2_500_000, "2,5M")]


def test_a_year_before_a_count_is_not_grouped_with_it() -> None:
    assert read("fr", "en 2022 12 000 cas") == [(2022, "2022"), (12_000, "12 000")]


@pytest.mark.parametrize("lang", ["ar", "de", "es", "fr", "it", "ko", "pt", "ru", "zh"])
def test_a_text_without_numbers_reads_nothing(lang: str) -> None:
    assert reader_for(lang).find("") == []
    assert reader_for(lang).find("... — !") == []


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1000, max_value=99_999_999),
    st.sampled_from(["fr", "de", "es", "ru", "ar"]),
)
def test_grouped_digits_read_back_to_their_value(value: int, lang: str) -> None:
    separator = {"fr": "\u202f", "de": ".", "es": ".", "ru": " ", "ar": ","}[lang]
    written = f"{value:,}".replace(",", separator)
    text = f"x {written} y"
    (q,) = reader_for(lang).find(text)
    assert q.value == value and text[q.number_span[0] : q.number_span[1]] == written


@settings(max_examples=60, deadline=None)
@given(
    st.text(max_size=80), st.sampled_from(["ar", "de", "es", "fr", "it", "ko", "pt", "ru", "zh"])
)
def test_spans_always_index_the_text(text: str, lang: str) -> None:
    for q in reader_for(lang).find(text):
        assert 0 <= q.span[0] <= q.number_span[0] < q.number_span[1] <= q.span[1] <= len(text)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("fr", "1 254 cas, 3.120 décès, 1,48 million; 12.5.2022, 2,5M et x9 1,234,567."),
        ("ar", "٣٩٢ ألف و1٬254 حالة، 2,9 مليون؛ 12٫5"),
        ("ru", "2,9 млн, 1 254 человек и 15.05.2022"),
    ],
)
def test_digits_tried_only_where_a_run_starts_find_what_a_full_scan_finds(
    code: str, text: str
) -> None:
    reader = reader_for(code)
    lowered = text.lower()
    full = [m.span() for m in reader._digits.finditer(lowered)]
    assert [m.span() for m in reader._digit_matches(lowered)] == full
    assert full
