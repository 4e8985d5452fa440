"""Disease extraction: lexicon coverage, matching rules, variants, salience and the builder."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from episignal.data import load_json
from episignal.document import DiseaseMention
from episignal.extract.context import TextContext
from episignal.extract.diseases import find_diseases, lexicon_size

ROOT = Path(__file__).resolve().parents[2]


def diseases(
    text: str, published: dt.date | None = None, title: str | None = None
) -> list[DiseaseMention]:
    found = find_diseases(TextContext(text, published, title))
    for d in found:  # every span indexes the text
        for start, end in (*d.mentions, *d.pathogen_mentions):
            assert 0 <= start < end <= len(text)
            assert text[start:end].strip() == text[start:end]
    return found


def names(text: str, published: dt.date | None = None) -> list[str]:
    return [d.name for d in diseases(text, published)]


def spans_text(text: str, d: DiseaseMention) -> tuple[list[str], list[str]]:
    return [text[s:e] for s, e in d.mentions], [text[s:e] for s, e in d.pathogen_mentions]


# --------------------------------------------------------------------------- lexicon


def test_lexicon_has_at_least_200_diseases() -> None:
    assert lexicon_size() >= 200


def test_lexicon_codes_are_well_formed() -> None:
    data = load_json("diseases.json")
    for entry in data["diseases"]:
        code = entry["icd10"]
        assert code is None or (code[0].isupper() and code[1:3].isdigit()), entry["name"]
    assert all(len(row) == 7 for row in data["phrases"])


@pytest.mark.parametrize(
    ("text", "name", "icd10"),
    [
        ("Health officials confirmed 12 cases of cholera in the district.", "Cholera", "A00"),
        ("An outbreak of bird flu was detected on a duck farm.", "Avian influenza", "J09"),
        ("Two people caught avian flu after handling sick hens.", "Avian influenza", "J09"),
        ("The number of mpox cases rose to 40.", "Mpox", "B04"),
        ("Doctors reported three new monkeypox patients.", "Mpox", "B04"),
        (
            "A man died of Middle East respiratory syndrome in Riyadh.",
            "Middle East respiratory syndrome",
            "U04",
        ),
        ("Four more MERS infections were recorded.", "Middle East respiratory syndrome", "U04"),
        ("The ministry counted 300 new COVID-19 infections.", "COVID-19", "U07"),
        ("Testing found SARS-CoV-2 in all samples.", "COVID-19", "U07"),
        ("Twenty children were paralysed by polio this year.", "Poliomyelitis", "A80"),
        ("Whooping cough is spreading among infants.", "Pertussis", "A37"),
        ("The farm lost 2,000 pigs to African swine fever.", "African swine fever", None),
        (
            "Veterinarians confirmed foot-and-mouth disease in cattle.",
            "Foot-and-mouth disease",
            None,
        ),
        ("Lumpy skin disease reached the northern herds.", "Lumpy skin disease", None),
        ("Goats died of peste des petits ruminants.", "Peste des petits ruminants", None),
        ("Bluetongue was found in sheep near the border.", "Bluetongue", None),
        ("Newcastle disease killed backyard chickens.", "Newcastle disease", None),
        ("Hunters must test deer for chronic wasting disease.", "Chronic wasting disease", None),
        ("A rabid fox tested positive for rabies.", "Rabies", "A82"),
        ("Nine people fell ill with anthrax after eating meat.", "Anthrax", "A22"),
        ("Dengue hemorrhagic fever cases doubled.", "Dengue", "A99"),
        ("Cases of tularemia were linked to hares.", "Tularaemia", "A21"),
        (
            "Crimean Congo hemorrhagic fever was confirmed in a farmer.",
            "Crimean-Congo haemorrhagic fever",
            "A99",
        ),
    ],
)
def test_names_and_synonyms(text: str, name: str, icd10: str | None) -> None:
    found = diseases(text)
    assert found and found[0].name == name
    assert found[0].icd10 == icd10


def test_icd10_is_three_characters_and_icd11_given() -> None:
    d = diseases("Ebola virus disease has killed 20 people.")[0]
    assert d.icd10 == "A98" and d.icd11 == "1D60.0" and d.pathogen == "Ebola virus"


def test_named_haemorrhagic_fever_takes_the_vhf_code() -> None:
    # The WHO outbreak dataset codes reports of an "Ebola haemorrhagic fever" under A99.
    assert diseases("An outbreak of Ebola haemorrhagic fever was declared.")[0].icd10 == "A99"
    assert diseases("An outbreak of Ebola virus disease was declared.")[0].icd10 == "A98"


# --------------------------------------------------------------------------- case and ambiguity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ASF was confirmed on a pig farm.", ["African swine fever"]),
        ("The asf file was corrupted.", []),
        ("FMD spread to three villages.", ["Foot-and-mouth disease"]),
        ("The report reached Merseyside on Monday.", []),
        ("Officials told AFP that the bridge collapsed.", []),
        ("The AIDS epidemic is slowing.", ["HIV/AIDS"]),
        ("Hearing aids were donated to the clinic.", []),
        ("Floods hit the Mekong Delta again.", []),
        ("Fishermen in the Niger Delta protested.", []),
        ("The CSF samples were clear.", []),
        ("A new LSD laboratory was raided.", []),
        ("The town of Marburg hosted the festival.", []),
        ("The laptop has 2 TB of storage.", []),
        ("Officials counted 40 TB patients.", ["Tuberculosis"]),
        ("", []),
        ("No disease is named in this sentence about 40 tractors.", []),
    ],
)
def test_case_sensitive_and_ambiguous_forms(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_ambiguous_abbreviation_counts_when_disease_is_named() -> None:
    text = "Acute flaccid paralysis surveillance found 3 AFP cases, AFP reported."
    found = diseases(text)
    assert found[0].name == "Acute flaccid paralysis"
    mentions, _ = spans_text(text, found[0])
    assert mentions.count("AFP") == 2 and "Acute flaccid paralysis" in mentions


def test_weak_variant_needs_its_disease() -> None:
    text = "The Delta variant drove COVID-19 admissions; Delta now dominates."
    d = diseases(text)[0]
    assert d.name == "COVID-19" and d.variant == "Delta"
    assert names("Rain flooded the Delta farms.") == []


# --------------------------------------------------------------------------- pathogens and variants


@pytest.mark.parametrize(
    ("text", "name", "variant", "pathogen_text"),
    [
        ("The Omicron BA.2 subvariant drove the wave.", "COVID-19", "Omicron BA.2", "Omicron BA.2"),
        ("Omicron cases rose after the holidays.", "COVID-19", "Omicron", "Omicron"),
        ("Farmers culled ducks after H5N1 was detected.", "Avian influenza", "A(H5N1)", "H5N1"),
        (
            "A child was infected with avian influenza A(H7N9).",
            "Avian influenza",
            "A(H7N9)",
            "avian influenza A(H7N9)",
        ),
        ("HPAI H5N8 struck a turkey farm.", "Avian influenza", "A(H5N8)", "HPAI H5N8"),
        ("The H5N1 bird flu reached Antarctica.", "Avian influenza", "A(H5N1)", "H5N1 bird flu"),
        ("A clade Ib mpox case was confirmed in Sweden.", "Mpox", "clade Ib", "clade Ib"),
        (
            "Vibrio cholerae O139 was isolated from stool.",
            "Cholera",
            "O139",
            "Vibrio cholerae O139",
        ),
        ("Sequencing found cVDPV2 in sewage.", "Poliomyelitis", "cVDPV2", "cVDPV2"),
    ],
)
def test_variants(text: str, name: str, variant: str, pathogen_text: str) -> None:
    d = diseases(text)[0]
    assert (d.name, d.variant) == (name, variant)
    assert pathogen_text in spans_text(text, d)[1]


def test_pathogen_and_disease_spans_are_kept_apart() -> None:
    text = "Vibrio cholerae was found; the cholera outbreak grew."
    d = diseases(text)[0]
    assert spans_text(text, d) == (["cholera"], ["Vibrio cholerae"])


def test_virus_named_like_its_disease_is_a_pathogen_mention() -> None:
    text = "Measles is spreading; the measles virus was sequenced."
    d = diseases(text)[0]
    assert d.name == "Measles"
    # a pathogen mention spans the virus's own name, not the generic "virus"
    assert spans_text(text, d)[1] == ["Measles", "measles"]


@pytest.mark.parametrize(
    ("text", "disease_spans", "pathogen_spans"),
    [
        (
            "Avian influenza hit farms; avian influenza virus was found.",
            ["Avian influenza"],
            ["avian influenza"],
        ),
        ("A fresh case of polio was confirmed.", ["polio"], []),
        ("Two cases of bubonic plague were reported.", ["bubonic plague"], []),
        ("West Nile virus was found in crows.", [], ["West Nile"]),
    ],
)
def test_disease_and_pathogen_spans(
    text: str, disease_spans: list[str], pathogen_spans: list[str]
) -> None:
    d = diseases(text)[0]
    assert spans_text(text, d) == (disease_spans, pathogen_spans)


def test_tokenised_feeds_are_matched_as_one_span() -> None:
    text = "Officials reported avian influenza A ( H5N1 ) in poultry ."
    d = diseases(text)[0]
    assert spans_text(text, d)[1] == ["avian influenza A ( H5N1 )"]


# --------------------------------------------------------------------------- merging and salience


def test_generic_folds_into_specific() -> None:
    text = "Influenza cases rose. Tests confirmed avian influenza A(H5N1) in two of the influenza patients."
    found = diseases(text)
    assert [d.name for d in found] == ["Avian influenza"]
    # "influenza" is also the virus's name, so it is a pathogen mention.
    assert spans_text(text, found[0])[1] == ["Influenza", "avian influenza A(H5N1)", "influenza"]


def test_coronavirus_in_a_covid_story_is_covid() -> None:
    text = (
        "The coronavirus has infected 500 people. COVID-19 wards are full; the coronavirus spreads."
    )
    found = diseases(text)
    assert [d.name for d in found] == ["COVID-19"]
    assert found[0].icd10 == "U07"


@pytest.mark.parametrize(
    ("published", "name"),
    [
        (dt.date(2013, 5, 2), "Middle East respiratory syndrome"),
        (dt.date(2020, 2, 1), "COVID-19"),
        (dt.date(2003, 4, 1), "Severe acute respiratory syndrome"),
        (None, "Coronavirus infection"),
    ],
)
def test_novel_coronavirus_is_the_one_of_its_time(published: dt.date | None, name: str) -> None:
    assert names("Two patients were infected with the novel coronavirus.", published)[0] == name


def test_north_korea_fever_story_is_covid_omicron() -> None:
    text = (
        "North Korea said 392,920 more people had unexplained fever, and 8 died. "
        "State media said the fever cases follow the first Omicron infections. "
        "Samples from Pyongyang tested positive for the Omicron BA.2 subvariant, and the "
        "country is fighting COVID-19 under a maximum emergency epidemic prevention system."
    )
    found = diseases(text, dt.date(2022, 5, 15))
    assert found[0].name == "COVID-19" and found[0].icd10 == "U07"
    assert found[0].variant == "Omicron BA.2"
    assert "unexplained fever" in spans_text(text, found[0])[0]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "All samples tested negative for dengue. The cholera outbreak has caused 40 cases.",
            "Cholera",
        ),
        (
            "Unlike Ebola, the Marburg virus disease outbreak has caused 12 deaths.",
            "Marburg virus disease",
        ),
        (
            "Children were given measles vaccines last year. Diphtheria has killed 7 children.",
            "Diphtheria",
        ),
        ("Malaria was ruled out in the patients. Leptospirosis cases rose to 52.", "Leptospirosis"),
        (
            "A mysterious illness has killed 12 children. Samples tested negative for Ebola.",
            "Unknown disease",
        ),
        (
            "The previous outbreak of plague in 2017 killed hundreds. Now 15 anthrax cases were reported.",
            "Anthrax",
        ),
        ("A mystery illness with flu-like symptoms has killed 9 people.", "Unknown disease"),
    ],
)
def test_incidental_mentions_rank_lower(text: str, first: str) -> None:
    found = names(text, dt.date(2023, 1, 10))
    assert found[0] == first


def test_syndromic_term_alone_stands_for_the_event() -> None:
    d = diseases("A mysterious illness has killed 12 children in a remote village.")[0]
    assert d.name == "Unknown disease" and d.icd10 == "B99"


def test_title_mention_counts_up() -> None:
    text = "Officials said 40 people were sick with typhoid. Measles was noted once in a school."
    assert names(text)[0] == "Typhoid fever"
    found = diseases(text, title="Measles outbreak in the capital")
    assert found[0].name == "Measles"


def test_frequency_and_position_rank_the_event_disease() -> None:
    text = (
        "Yellow fever has spread to four provinces, with 60 cases. "
        "Yellow fever vaccination teams were deployed. Yellow fever deaths rose to 9. "
        "A case of malaria was also seen."
    )
    assert names(text) == ["Yellow fever", "Malaria"]


def test_institution_names_are_not_disease_mentions() -> None:
    assert names("The National Institute for Communicable Diseases ran the tests.") == []


# --------------------------------------------------------------------------- builder


def builder() -> ModuleType:
    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    return importlib.import_module("datagen.diseases")


def test_builder_is_deterministic_and_matches_package(tmp_path: Path) -> None:
    module = builder()
    first, second = tmp_path / "a", tmp_path / "b"
    module.build(ROOT / "data_src", first)
    module.build(ROOT / "data_src", second)
    built = (first / "diseases.json").read_bytes()
    assert built == (second / "diseases.json").read_bytes()
    assert built == (ROOT / "src" / "episignal" / "data" / "diseases.json").read_bytes()


def _entry(**fields: Any) -> dict[str, Any]:
    return {"name": "Test fever", "icd10": "A99", "names": ["test fever"], **fields}


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([_entry(), _entry()], "defined twice"),
        ([_entry(icd10="99A")], "bad ICD-10"),
        ([_entry(parent="Nothing")], "unknown parent"),
        ([_entry(kind="odd")], "bad kind"),
        ([_entry(), _entry(name="Other", names=["Test fever"])], "names both"),
        ([_entry(eras=[{"from": "2020-01-01", "disease": "Nope"}])], "unknown disease"),
    ],
)
def test_builder_rejects_bad_entries(entries: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        builder().compile_lexicon(entries)


def test_builder_generates_spelling_variants() -> None:
    data = builder().compile_lexicon(
        [_entry(names=["Test haemorrhagic fever", "Legionnaires' test"])]
    )
    texts = {row[0] for row in data["phrases"]}
    assert {"Test hemorrhagic fever", "Legionnaires test", "Legionnaires ' test"} <= texts
    assert json.dumps(data)  # serialisable


# --------------------------------------------------------------------------- any text

_WORDS = st.sampled_from(
    [
        "cholera",
        "ASF",
        "asf",
        "H5N1",
        "bird",
        "flu",
        "(",
        ")",
        "Omicron",
        "BA.2",
        "tested",
        "negative",
        "for",
        "dengue",
        "AFP",
        "unlike",
        "Ebola",
        "novel",
        "coronavirus",
        "fever",
        ".",
        "\n",
        "é",
        "İ",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=40), st.booleans())
def test_any_text_terminates_with_valid_spans(words: list[str], dated: bool) -> None:
    text = " ".join(words)
    published = dt.date(2021, 6, 1) if dated else None
    found = diseases(text, published)  # asserts every span indexes the text
    assert len({d.name for d in found}) == len(found)
    assert all(d.icd10 is None or len(d.icd10) == 3 for d in found)


@pytest.mark.parametrize(
    ("text", "published", "name"),
    [
        (
            "Swine flu cases rose in Mexico.",
            dt.date(2009, 4, 28),
            "Pandemic influenza A(H1N1) 2009",
        ),
        (
            "Swine flu was found in pigs at a county fair.",
            dt.date(2016, 8, 1),
            "Variant swine influenza",
        ),
        (
            "A case of influenza A(H1N2)v was reported.",
            dt.date(2023, 5, 1),
            "Variant swine influenza",
        ),
        ("Candida auris spread in a hospital ward.", dt.date(2023, 5, 1), "Candidiasis"),
    ],
)
def test_names_whose_meaning_depends_on_the_year_or_the_agent(
    text: str, published: dt.date, name: str
) -> None:
    found = find_diseases(TextContext(text, published))
    assert found and found[0].name == name


# --------------------------------------------------------------------------- outbreak-news additions


@pytest.mark.parametrize(
    ("text", "name", "icd10"),
    [
        (
            "Two patients died of Lujo haemorrhagic fever last week.",
            "Lujo haemorrhagic fever",
            "A96",
        ),
        ("A farmer was infected with Bourbon virus in Kansas.", "Bourbon virus disease", "A93"),
        (
            "Jamestown Canyon virus infection was confirmed in a hiker.",
            "Jamestown Canyon virus disease",
            "A83",
        ),
        ("The state reported its first fatal case of Alaskapox.", "Alaskapox", "B08"),
        ("A tampon user developed toxic shock syndrome.", "Toxic shock syndrome", "A48"),
        ("A toddler caught cat-scratch disease from a kitten.", "Cat-scratch disease", "A28"),
        ("Homeless men were treated for trench fever.", "Trench fever", "A79"),
        ("Tourists returning from the island had sarcocystosis.", "Sarcocystosis", "A07"),
        ("Ringworm spread among wrestlers at the school.", "Dermatophytosis", "B35"),
        ("Marek's disease killed half of the backyard flock.", "Marek's disease", None),
        ("Fowl typhoid was confirmed in a flock of layer hens.", "Fowl typhoid", None),
        ("Avian cholera killed hundreds of snow geese.", "Pasteurellosis", "A28"),
        (
            "Infectious haematopoietic necrosis was found at a trout farm.",
            "Infectious haematopoietic necrosis",
            None,
        ),
        ("Beekeepers must report European foulbrood to inspectors.", "European foulbrood", None),
        ("Surra was diagnosed in camels; surra is spread by biting flies.", "Surra", None),
        ("Ash dieback has killed trees along the motorway.", "Ash dieback", None),
        ("Inspectors found potato wart in a field.", "Potato wart", None),
        ("Growers fear cassava brown streak disease.", "Cassava brown streak disease", None),
        (
            "Shrimp ponds were hit by acute hepatopancreatic necrosis disease.",
            "Acute hepatopancreatic necrosis disease",
            None,
        ),
    ],
)
def test_added_outbreak_diseases(text: str, name: str, icd10: str | None) -> None:
    found = diseases(text)
    assert found and found[0].name == name
    assert found[0].icd10 == icd10


@pytest.mark.parametrize(
    "text",
    [
        "The bourbon was aged for twelve years in oak casks.",
        "Officer Surra said the pancreas disease clinic would open on Monday.",
        "Sea stars and corals were photographed by divers near the reef.",
    ],
)
def test_added_outbreak_diseases_ignore_ordinary_sentences(text: str) -> None:
    assert names(text) == []
