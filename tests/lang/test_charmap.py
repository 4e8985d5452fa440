"""CharMap gives what str.translate gives, without a lookup per character."""

from __future__ import annotations

import pytest

from episignal.lang.charmap import CharMap


@pytest.mark.parametrize(
    ("table", "text"),
    [
        ({"أ": "ا", "إ": "ا", "ى": "ي"}, "أكثر من إصابة في مستشفى"),
        ({"٣": "3", "٩": "9", "٬": ","}, "٣٩٬٣ حالة"),
        ({"a": "b", "b": "c"}, "abba"),  # chained: replacing in turn would give "cccc"
        ({"ё": "ё"}, "ёж"),  # an identity pair changes nothing
        ({}, "unchanged"),
    ],
)
def test_same_as_translate(table: dict[str, str], text: str) -> None:
    assert CharMap(table)(text) == text.translate(str.maketrans(table))


def test_chained_map_maps_each_character_once() -> None:
    assert CharMap({"a": "b", "b": "c"})("ab") == "bc"


def test_empty_map_is_false() -> None:
    assert not CharMap({})
    assert not CharMap({"x": "x"})
    assert CharMap({"ё": "е"})


def test_rejects_a_map_that_changes_lengths() -> None:
    with pytest.raises(ValueError, match="one character to one character"):
        CharMap({"ß": "ss"})
