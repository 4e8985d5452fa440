"""The profile engine (issue 9): counts, places and diseases of other languages, one text each."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from episignal.extract.context import split_sentences
from episignal.extract.pipeline import extract_text
from episignal.lang.boundary import Boundary

DAY = dt.date(2022, 5, 16)


def counts(text: str, language: str) -> list[tuple[int, str]]:
    ex = extract_text(text, DAY, language=language)
    return [(c.value, c.measure) for c in ex.counts]


def test_full_width_and_arabic_marks_end_sentences() -> None:
    text = "朝鲜新增发热病例39万例。死亡8人！هل انتهى الوباء؟ لا."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "朝鲜新增发热病例39万例。",
        "死亡8人！",
        "هل انتهى الوباء؟",
        "لا.",
    ]


def test_chinese_counts_with_counters_and_nouns_before_the_number() -> None:
    text = "截至15日18时，朝鲜全国新增发热病例39万2920例，新增死亡8人。"
    ex = extract_text(text, DAY, language="zh")
    assert ex.relevant and ex.primary.countries == ("KP",)
    assert ex.primary.disease is not None and ex.primary.disease.name == "Unexplained fever"
    found = {(c.value, c.measure, c.cumulative) for c in ex.counts}
    assert found == {(392920, "cases", False), (8, "deaths", False)}
    for c in ex.counts:  # every figure keeps its span in the original text
        assert text[c.span[0] : c.span[1]] in ("39万2920", "8")


def test_korean_counts_with_particles_and_myriads() -> None:
    text = "북한에서 하루 동안 39만2920명의 발열자가 새로 발생하고 8명이 숨졌다."
    assert counts(text, "ko") == [(392920, "cases"), (8, "deaths")]


def test_arabic_clitics_and_thousands_word() -> None:
    text = "أعلنت وزارة الصحة اليمنية تسجيل 392 ألف حالة إصابة بالكوليرا و8 وفيات."
    ex = extract_text(text, DAY, language="ar")
    assert ex.primary.disease is not None and ex.primary.disease.icd10 == "A00"
    assert ex.primary.countries == ("YE",)
    assert (392000, "cases") in [(c.value, c.measure) for c in ex.counts]


def test_verb_before_the_number_and_qualifiers_between() -> None:
    text = "С конца апреля лихорадкой заболели в общей сложности 1 213 550 человек."
    assert counts(text, "ru") == [(1213550, "cases")]


def test_years_ages_money_and_pathogen_names_are_no_counts() -> None:
    assert counts("En 2019, un hombre de 47 años pagó 300 dólares por la vacuna H5N1.", "es") == []
    assert counts("Ein 18 Monate alter Junge starb an Masern.", "de") == []


def test_list_continuation_counts_the_same_thing() -> None:
    text = "La Ciudad de México reporta 79 casos de sarampión; ocho de ellos son niños."
    assert counts(text, "es") == [(79, "cases"), (8, "cases")]


def test_culled_animals_are_other_figures_of_animals() -> None:
    ex = extract_text(
        "Grippe aviaire : plus de 16 millions de volailles ont été abattues en France.",
        DAY,
        language="fr",
    )
    assert [(c.value, c.measure, c.species) for c in ex.counts] == [(16_000_000, "other", "animal")]


def test_sport_metaphor_is_not_outbreak_news() -> None:
    ex = extract_text(
        "Das EM-Fieber hat das Land gepackt: 50.000 Menschen feierten.", DAY, language="de"
    )
    assert not ex.relevant and ex.primary.disease is None


def test_a_region_name_reads_as_a_region_of_the_country_the_text_names() -> None:
    text = "Un cas d'Ebola a été enregistré à Mbandaka, dans la province de l'Équateur."
    ex = extract_text(text, DAY, language="fr")
    assert ex.primary.countries == ("CD",)


def test_suffix_boundary_matches_the_end_of_a_compound() -> None:
    suffix = Boundary("suffix")
    text = "masernfälle und fälle"
    assert suffix.accepts(text, 6, 11)  # Masern|fälle
    assert not suffix.accepts(text, 0, 6)  # masern| ends inside the word
    assert counts("Berlin meldet 724 Masernfälle.", "de") == [(724, "cases")]


LANGUAGES = ("ar", "de", "es", "fr", "it", "ko", "pt", "ru", "zh")
PIECES = [
    "392 920",
    "39만2920명",
    "新增发热病例",
    "例",
    "٣٩٢",
    "ألف",
    "cas",
    "décès",
    "умерли",
    "человек",
    "fiebre",
    "H5N1",
    "2022",
    "%",
    ":",
    "。",
    "؟",
    " ",
    "\n",
    "Corée du Nord",
    "북한",
    "朝鲜",
]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(LANGUAGES),
    st.lists(st.one_of(st.text(max_size=12), st.sampled_from(PIECES)), max_size=30),
)
def test_any_text_in_any_language_extracts_with_spans_inside_it(
    language: str, pieces: list[str]
) -> None:
    text = "".join(pieces)
    ex = extract_text(text, DAY, language=language)
    assert ex.language == language
    for c in ex.counts:
        assert 0 <= c.span[0] < c.span[1] <= len(text) and c.value >= 1
    for loc in ex.locations:
        assert all(0 <= a < b <= len(text) for a, b in loc.mentions)
    for d in ex.diseases:
        assert all(0 <= a < b <= len(text) for a, b in d.mentions)
