"""Language profiles load, hold every class the engine reads, and point to shared entries."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from episignal.data import load_json
from episignal.errors import DataError
from episignal.lang.profile import UnknownLanguageError, available_languages, load_profile

LANGUAGES = ("ar", "de", "es", "fr", "it", "ko", "pt", "ru", "zh")
# The fever of an unexplained outbreak, as issue 9 lists it per language.
FEVER = {"fr": "fièvre", "de": "fieber", "ru": "лихорадка", "ar": "حمى", "zh": "发热", "ko": "발열",
         "es": "fiebre", "pt": "febre", "it": "febbre"}  # fmt: skip


def test_the_nine_profiles_are_packaged() -> None:
    assert set(LANGUAGES) <= set(available_languages())


def test_an_unknown_language_says_which_ones_exist() -> None:
    with pytest.raises(UnknownLanguageError, match="no language profile for 'xx'") as info:
        load_profile("xx")
    assert "fr" in str(info.value) and info.value.code == "E410"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_disease_name_is_an_entry_of_the_shared_lexicon_with_its_code(lang: str) -> None:
    shared = {d["name"]: (d["icd10"] or "")[:3] for d in load_json("diseases.json")["diseases"]}
    profile = load_profile(lang)
    assert len({d.disease for d in profile.diseases}) >= 45
    for name in profile.diseases:
        assert shared[name.disease] == name.icd10, name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_fever_syndrome_word_names_the_unexplained_fever_entry(lang: str) -> None:
    names = {d.phrase: d.disease for d in load_profile(lang).diseases}
    assert names[FEVER[lang]] == "Unexplained fever"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_profile_fills_the_cue_classes_of_the_engine(lang: str) -> None:
    p = load_profile(lang)
    for measure in ("cases", "deaths", "recovered", "hospitalized"):
        assert p.counts.heads.get(measure) or p.counts.left_nouns.get(measure), measure
    assert p.counts.predicates["deaths"] and p.counts.new and p.counts.cumulative
    assert p.counts.status["suspected"] and p.counts.status["confirmed"] and p.counts.exclusions
    assert p.numbers.prefix_bounds or p.numbers.suffix_bounds
    assert p.dates.months and p.dates.relative_days and p.dates.patterns
    assert p.sources.attribution and "KCNA" in p.sources.names and "WHO" in p.sources.names
    assert p.responses.measures["lockdown"] and p.responses.measures["culling"]
    assert p.responses.items["vaccine"] and p.responses.actions["delivered"]
    assert p.relevance.strong and p.relevance.negative


@pytest.mark.parametrize(
    ("lang", "name", "country"),
    [("fr", "Corée du Nord", "KP"), ("fr", "nord-coréenne", "KP"), ("es", "Perú", "PE"),
     ("pt", "Moçambique", "MZ"), ("de", "Nordkorea", "KP"), ("de", "nordkoreanischen", "KP"),
     ("it", "Corea del Nord", "KP"), ("ru", "Дагестане", "RU"), ("ru", "России", "RU"),
     ("ru", "Северной Корее", "KP"), ("ar", "كوريا الشمالية", "KP"), ("ar", "صين", "CN"),
     ("zh", "朝鲜", "KP"), ("zh", "平安南道", "KP"), ("ko", "북한", "KP"), ("ko", "평안남도", "KP")],
)  # fmt: skip
def test_places_have_their_local_and_inflected_names(lang: str, name: str, country: str) -> None:
    found = {p.place.country for p in load_profile(lang).places if p.phrase == name}
    assert country in found


def test_a_kcna_name_in_each_script() -> None:
    assert "цтак" in load_profile("ru").sources.names["KCNA"]
    assert "朝鲜中央通讯社" in load_profile("zh").sources.names["KCNA"]
    assert "조선중앙통신" in load_profile("ko").sources.names["KCNA"]


def test_boundaries_follow_the_writing_system() -> None:
    assert load_profile("zh").boundary.diseases.mode == "char"
    assert load_profile("ko").boundary.places.mode == "prefix"
    assert load_profile("de").boundary.diseases.mode == "prefix"
    assert "بال" in load_profile("ar").boundary.diseases.clitics
    assert load_profile("fr").boundary.diseases.is_plain_word


def test_a_malformed_profile_is_a_data_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from episignal.lang import profile as module

    real = module._read

    def broken(code: str, name: str) -> object:
        data = real(code, name)
        return {k: v for k, v in data.items() if k != "numbers"} if name == "profile.json" else data

    monkeypatch.setattr(module, "_read", broken)
    module.load_profile.cache_clear()
    try:
        with pytest.raises(DataError, match="malformed"):
            module.load_profile("fr")
    finally:
        module.load_profile.cache_clear()


def test_profiles_are_plain_json_under_a_language_folder() -> None:
    folder = resources.files("episignal.data") / "fr"
    data = json.loads((folder / "profile.json").read_text(encoding="utf-8"))
    assert data["code"] == "fr" and data["script"] == "latin"
    assert {"diseases.json", "places.json"} <= {p.name for p in folder.iterdir()}
