"""Number parsing: digits, scales, words, ranges, qualifiers; identifiers are not numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from episignal.extract.numbers import Quantity, find_quantities, parse_number


def quantities(text: str) -> list[tuple[str, float]]:
    return [(text[q.span[0] : q.span[1]], q.value) for q in find_quantities(text)]


def only(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, [text[q.span[0] : q.span[1]] for q in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,200", 1200),
        ("392 000", 392000),
        ("392\u202f000", 392000),
        ("392,920", 392920),
        ("1.200.000", 1200000),
        ("1.2m", 1200000),
        ("2.9 million", 2900000),
        ("3 mln", 3000000),
        ("50k", 50000),
        ("1.5 lakh", 150000),
        ("12", 12),
        ("sixty-three", 63),
        ("six hundred and seventy-eight", 678),
        ("two hundred thousand", 200000),
        ("a million", 1000000),
        ("one hundred and five", 105),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("Twenty", 20),
    ],
)
def test_single_values(text: str, value: float) -> None:
    q = only(f"There were {text} reported.")
    assert q.value == value
    assert not q.approximate


@pytest.mark.parametrize(
    ("text", "value", "low", "high"),
    [
        ("more than 2.9 million", 2900000, 2900000, None),
        ("at least 5", 5, 5, None),
        ("over 400", 400, 400, None),
        ("400,000+", 400000, 400000, None),
        ("10 or more", 10, 10, None),
        ("nearly 70", 70, None, 70),
        ("up to 30", 30, None, 30),
        ("fewer than 20", 20, None, 20),
        ("about 300", 300, None, None),
        ("some 300", 300, None, None),
        ("around a dozen", 12, None, None),
        ("roughly 1,000", 1000, None, None),
        ("dozens", 24, 24, None),
        ("hundreds", 200, 200, None),
        ("thousands", 2000, 2000, None),
        ("hundreds of thousands", 200000, 200000, None),
        ("a handful", 5, 5, None),
        ("150 to 200", 150, 150, 200),
        ("150-200", 150, 150, 200),
        ("between 150 and 200", 150, 150, 200),
        ("between five and ten", 5, 5, 10),
        ("about 150 to 200", 150, 150, 200),
    ],
)
def test_approximations_and_ranges(
    text: str, value: float, low: float | None, high: float | None
) -> None:
    sentence = f"Officials counted {text} in the camp."
    q = only(sentence)
    assert (q.value, q.low, q.high) == (value, low, high)
    assert q.approximate
    assert sentence[q.span[0] : q.span[1]] == text


def test_span_covers_qualifier_and_number_span_the_number() -> None:
    text = "It said more than 2.9 million people fell ill."
    q = only(text)
    assert text[q.span[0] : q.span[1]] == "more than 2.9 million"
    assert text[q.number_span[0] : q.number_span[1]] == "2.9 million"


def test_spelled_flag() -> None:
    assert only("sixty-three died").spelled
    assert not only("63 died").spelled


@pytest.mark.parametrize(
    "text",
    ["COVID-19", "H5N1", "A(H1N1)pdm09", "BA.2", "H7N9", "5km", "the 14th", "SARS-CoV-2"],
)
def test_identifiers_and_ordinals_are_not_numbers(text: str) -> None:
    assert find_quantities(f"Cases of {text} rose.") == []


def test_change_is_two_numbers_not_a_range() -> None:
    text = "The toll rose from 50 to 68."
    assert quantities(text) == [("50", 50), ("68", 68)]


def test_descending_pair_is_two_numbers() -> None:
    assert quantities("scores 3-2 today") == [("3", 3), ("2", 2)]


def test_words_joined_by_and_are_two_numbers() -> None:
    assert quantities("five and ten") == [("five", 5), ("ten", 10)]


def test_several_in_one_sentence_in_order() -> None:
    text = "392,920 new cases, eight deaths and 2.5 million recoveries."
    assert quantities(text) == [("392,920", 392920), ("eight", 8), ("2.5 million", 2500000)]


def test_window_restricts_the_search_and_offsets_index_the_text() -> None:
    text = "3 cases. Then 7 deaths. And 9 more."
    start = text.index("Then")
    end = text.index("And")
    found = find_quantities(text, start, end)
    assert [(q.value, text[q.span[0] : q.span[1]]) for q in found] == [(7, "7")]


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (0, 99), (5, 2)])
def test_bad_window_is_a_clear_error(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="bad window"):
        find_quantities("short text", start, end)


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("2.9 million", 2900000), ("sixty-three", 63), ("1,200", 1200), ("five and ten", None)],
)
def test_parse_number(phrase: str, value: float | None) -> None:
    assert parse_number(phrase) == value


@given(st.text(alphabet=st.sampled_from("0123456789 ,.-+abcdefghijklmnopqrstuvwxyz"), max_size=80))
def test_any_text_terminates_with_spans_inside(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.span[0] <= q.number_span[0] < q.number_span[1] <= q.span[1] <= len(text)
        assert q.value >= 0
        if q.low is not None and q.high is not None:
            assert q.low <= q.high


def test_space_separated_table_cells_are_not_thousands_groups() -> None:
    text = "Guinea Cases 36 423 140 16 579 Deaths 2 254 140 2 396"
    assert [q.value for q in find_quantities(text)] == [36, 423, 140, 16, 579, 2, 254, 140, 2, 396]
    assert [q.value for q in find_quantities("They reported 392 000 new cases.")] == [392000]


def test_more_than_three_space_groups_are_table_cells() -> None:
    text = "Liberia Cases 118 231 425 202 858 Deaths"
    assert [q.value for q in find_quantities(text)] == [118, 231, 425, 202, 858]
    assert [q.value for q in find_quantities("About 1 234 567 people live there.")] == [1234567]
