"""PhraseRuler: English whole words unchanged; each language's boundary policy (issue 9)."""

from __future__ import annotations

import re

import pytest

from episignal.extract import ruler as ruler_module
from episignal.extract.ruler import (
    PhraseRuler,
    RulerSet,
    alternation,
    lower_preserving_length,
    phrase_pattern,
    scan_document,
)
from episignal.lang.boundary import Boundary


def spans(ruler: PhraseRuler[str], text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.value) for m in ruler.find(text)]


def test_english_whole_words_and_leftmost_longest() -> None:
    ruler = PhraseRuler([("measles", "M"), ("h5n1 avian influenza", "A"), ("avian influenza", "A")])
    assert spans(ruler, "Measles and measlesvirus") == [("Measles", "M")]
    assert spans(ruler, "H5N1 avian influenza are spreading") == [("H5N1 avian influenza", "A")]
    assert spans(ruler, "the avian influenzas") == []


def test_phrases_that_start_or_end_with_punctuation_need_no_boundary_there() -> None:
    ruler = PhraseRuler([("(h5n1)", "A")])
    assert spans(ruler, "flu(H5N1)x") == [("(H5N1)", "A")]


def test_the_whole_word_test_never_matches_inside_chinese_text() -> None:
    # The failure the issue reports: the English policy finds nothing in unsegmented text.
    assert spans(PhraseRuler([("霍乱", "cholera")]), "朝鲜报告霍乱病例") == []


def test_character_policy_matches_anywhere_longest_first() -> None:
    ruler = PhraseRuler(
        [("霍乱", "cholera"), ("朝鲜", "KP"), ("朝鲜中央通讯社", "KCNA")],
        boundary=Boundary("char"),
    )
    assert spans(ruler, "朝鲜报告霍乱病例") == [("朝鲜", "KP"), ("霍乱", "cholera")]
    assert spans(ruler, "据朝鲜中央通讯社报道") == [("朝鲜中央通讯社", "KCNA")]


@pytest.mark.parametrize(
    ("text", "found"),
    [("홍역이 유행", ["홍역"]), ("북한에서 발열자", ["북한"]), ("남북한", [])],
)
def test_prefix_policy_lets_korean_particles_run_on(text: str, found: list[str]) -> None:
    ruler = PhraseRuler([("홍역", "measles"), ("북한", "KP")], boundary=Boundary("prefix"))
    assert [t for t, _ in spans(ruler, text)] == found


def test_prefix_policy_reads_german_compounds_from_their_first_word() -> None:
    ruler = PhraseRuler([("masern", "measles")], boundary=Boundary("prefix"))
    assert spans(ruler, "Der Masernausbruch in Berlin") == [("Masern", "measles")]
    assert spans(ruler, "Impfmasern") == []


def test_endings_accept_listed_case_endings_only() -> None:
    boundary = Boundary("word", endings=frozenset({"е", "а", "и"}))
    ruler = PhraseRuler([("дагестан", "RU-DA"), ("росси", "RU")], boundary=boundary)
    assert spans(ruler, "в Дагестане и России") == [("Дагестан", "RU-DA"), ("Росси", "RU")]
    assert spans(ruler, "Дагестанский") == []


def test_clitics_let_arabic_prefixes_attach() -> None:
    boundary = Boundary("word", clitics=frozenset({"ب", "و", "وب", "لل"}))
    ruler = PhraseRuler([("الكوليرا", "cholera"), ("كوليرا", "cholera")], boundary=boundary)
    assert spans(ruler, "إصابة بالكوليرا") == [("الكوليرا", "cholera")]
    assert spans(ruler, "لقاح للكوليرا") == [("كوليرا", "cholera")]
    assert spans(ruler, "مالكوليرا") == []


def test_fold_maps_letters_that_newsrooms_write_either_way() -> None:
    ruler = PhraseRuler([("всё", "all"), ("إنفلونزا", "flu")], fold={"ё": "е", "إ": "ا", "أ": "ا"})
    assert spans(ruler, "все и всё") == [("все", "all"), ("всё", "all")]
    assert spans(ruler, "انفلونزا الطيور") == [("انفلونزا", "flu")]


def test_fold_must_keep_offsets() -> None:
    with pytest.raises(ValueError, match="one character"):
        PhraseRuler([("a", "a")], fold={"ß": "ss"})


def test_unknown_boundary_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown boundary mode"):
        Boundary("syllable")  # type: ignore[arg-type]


def test_ruler_set_gives_each_ruler_its_own_answer() -> None:
    """One scan for several rulers: shared phrases, overlaps and boundaries as each alone."""
    cases = PhraseRuler([("cas", "cases"), ("cas confirmés", "cases"), ("décès", "deaths")])
    status = PhraseRuler([("confirmés", "confirmed"), ("cas confirmés", "confirmed")])
    new = PhraseRuler([("nouveaux", "new"), ("nouveaux cas", "new")])
    text = "12 nouveaux cas confirmés et 3 décès; cascade de cas."
    found = RulerSet([cases, status, new]).find(lower_preserving_length(text))
    for ruler in (cases, status, new):
        assert found.of(ruler) == ruler.find(text)
    assert [m.value for m in found.of(new)] == ["new"]


def test_ruler_set_refuses_rulers_of_different_boundaries() -> None:
    with pytest.raises(ValueError, match="share their case and boundary"):
        RulerSet([PhraseRuler([("a", 1)]), PhraseRuler([("b", 2)], case_sensitive=True)])


# --------------------------------------------------------------------------- speed work (issue 8)
# The speed-ups must find exactly what the plain forms found.


def _one_test_per_phrase(phrases: list[str]) -> str:
    """The alternation as it was written before: a boundary test before every phrase."""
    items = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(phrase_pattern(p) for p in items)


_CUE_PHRASES = [
    "case",
    "fatal case",
    "death case",
    "Cases",
    "(h5n1)",
    "$",
    "us$",
    "e.g.",
    "a",
    "an",
]
_CUE_TEXT = (
    "A fatal case, an index CASE and two cases (H5N1) cost US$ 3 and $4, e.g. in a showcase; "
    "Ａ wide ſtate of case-control studies: acase, casework, a case."
)


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
def test_alternation_finds_what_one_boundary_test_per_phrase_found(flags: int) -> None:
    shared = re.compile(rf"\b(?:{alternation(_CUE_PHRASES)})", flags)
    plain = re.compile(rf"\b(?:{_one_test_per_phrase(_CUE_PHRASES)})", flags)
    found = [m.span() for m in shared.finditer(_CUE_TEXT)]
    assert found == [m.span() for m in plain.finditer(_CUE_TEXT)]
    assert found  # the text holds cues under either flag


def test_a_dfa_and_the_default_automaton_find_the_same_matches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    phrases = [(p, p) for p in _CUE_PHRASES]
    dfa = PhraseRuler(phrases)
    monkeypatch.setattr(ruler_module, "_DFA_MAX_PATTERNS", 0)
    default = PhraseRuler(phrases)
    assert spans(dfa, _CUE_TEXT) == spans(default, _CUE_TEXT) != []


def test_a_per_document_ruler_answers_from_the_document_scan() -> None:
    phrases = [("measles", "M"), ("avian influenza", "A"), ("h5n1 avian influenza", "A")]
    alone = PhraseRuler(phrases)
    shared = PhraseRuler(phrases, per_document=True)
    text = "H5N1 avian influenza and measles; measlesvirus, avian influenza."
    scan_document(lower_preserving_length(text))
    assert spans(shared, text) == spans(alone, text) != []
    # Another text (a sentence, a title) is scanned by the ruler itself.
    other = "Measles in the north."
    assert spans(shared, other) == [("Measles", "M")]
    # Its answer is a copy: a caller that edits it leaves the next caller's intact.
    shared.find(text).clear()
    assert spans(shared, text) == spans(alone, text)


def test_a_per_document_ruler_must_read_lowered_plain_words() -> None:
    with pytest.raises(ValueError):
        PhraseRuler([("Measles", "M")], case_sensitive=True, per_document=True)
