"""A profile's lexicons found in text with its boundary policy (issue 9's failure cases)."""

from __future__ import annotations

import pytest

from episignal.extract.terms import terms_for


@pytest.mark.parametrize(
    ("lang", "text", "disease", "written"),
    [("zh", "朝鲜报告霍乱病例", "Cholera", "霍乱"),
     ("ar", "إصابة بالكوليرا في اليمن", "Cholera", "كوليرا"),
     ("ar", "لقاح للكوليرا", "Cholera", "كوليرا"),
     ("ar", "حالة خناق", "Diphtheria", "خناق"),
     ("ru", "вспышка кори в Дагестане", "Measles", "кори"),
     ("de", "Masernfälle in Berlin", "Measles", "Masern"),
     ("de", "der Choleraausbruch", "Cholera", "Cholera"),
     ("ko", "홍역이 유행", "Measles", "홍역"),
     ("fr", "cas de rougeole", "Measles", "rougeole"),
     ("es", "brote de sarampión", "Measles", "sarampión"),
     ("pt", "casos de sarampo", "Measles", "sarampo"),
     ("it", "casi di morbillo", "Measles", "morbillo")],
)  # fmt: skip
def test_diseases_are_found_across_writing_systems(
    lang: str, text: str, disease: str, written: str
) -> None:
    found = [(m.value.disease, text[m.start : m.end]) for m in terms_for(lang).diseases(text)]
    assert (disease, written) in found


@pytest.mark.parametrize(
    ("lang", "text", "disease"),
    [("fr", "une fièvre inexpliquée", "Unexplained fever"), ("fr", "la fièvre jaune", "Yellow fever"),
     ("de", "Fieber", "Unexplained fever"), ("de", "Gelbfieber", "Yellow fever"),
     ("ru", "лихорадкой", "Unexplained fever"), ("ru", "лихорадка Эбола", "Ebola virus disease"),
     ("zh", "发热病例", "Unexplained fever"), ("zh", "登革热", "Dengue"),
     ("ko", "발열자가", "Unexplained fever"), ("ar", "الحمى الصفراء", "Yellow fever"),
     ("ar", "بالحمى", "Unexplained fever")],
)  # fmt: skip
def test_fever_alone_is_the_syndrome_and_named_fevers_win(
    lang: str, text: str, disease: str
) -> None:
    assert [m.value.disease for m in terms_for(lang).diseases(text)] == [disease]


@pytest.mark.parametrize(
    ("lang", "text", "country"),
    [("ru", "в Дагестане", "RU"), ("ru", "в России", "RU"), ("ru", "в Северной Корее", "KP"),
     ("ko", "북한에서", "KP"), ("zh", "朝鲜中央通讯社称", "KP"), ("ar", "في اليمن", "YE"),
     ("ar", "وللصين", "CN"), ("de", "Deutschlands", "DE"), ("de", "die nordkoreanischen Behörden", "KP"),
     ("fr", "les autorités nord-coréennes", "KP"), ("es", "el régimen norcoreano", "KP"),
     ("pt", "em Moçambique", "MZ"), ("it", "in Lombardia", "IT")],
)  # fmt: skip
def test_places_with_inflection_particles_and_clitics(lang: str, text: str, country: str) -> None:
    assert country in terms_for(lang).countries(text)


@pytest.mark.parametrize(
    ("lang", "text"),
    [("ar", "وأن الوكالة"), ("ar", "جديدة"), ("ko", "남북한"), ("ru", "малый"), ("fr", "nice")],
)  # fmt: skip
def test_common_words_are_not_places(lang: str, text: str) -> None:
    assert terms_for(lang).places(text) == []
