"""Place extraction: gazetteer names, disambiguation rules, roles and ranking."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from episignal.document import DiseaseMention, LocationMention
from episignal.extract.context import TextContext
from episignal.extract.geo import country_code, country_name
from episignal.extract.places import find_locations

ROOT = Path(__file__).resolve().parents[2]


def locate(text: str, published: dt.date | None = None) -> list[LocationMention]:
    return find_locations(TextContext(text, published), [])


def by_name(locs: list[LocationMention], name: str) -> LocationMention | None:
    return next((loc for loc in locs if loc.name == name), None)


def affected(locs: list[LocationMention]) -> list[str]:
    out: list[str] = []
    for loc in locs:
        if loc.affected and loc.country and loc.country not in out:
            out.append(loc.country)
    return out


def countries(locs: list[LocationMention]) -> set[str]:
    return {loc.country for loc in locs if loc.country}


# --------------------------------------------------------------------------- gazetteer API


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Democratic Republic of the Congo", "CD"),
        ("DRC", "CD"),
        ("DPRK", "KP"),
        ("North Korean", "KP"),
        ("UAE", "AE"),
        ("U.S.", "US"),
        ("UK", "GB"),
        ("Congolese", "CD"),
        ("Saudi", "SA"),
        ("the Netherlands", "NL"),
        ("Viet Nam", "VN"),
        ("Côte d'Ivoire", "CI"),
        ("kp", "KP"),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_country_code(name: str, code: str | None) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize(
    ("code", "name"),
    [("CD", "Democratic Republic of the Congo"), ("KP", "North Korea"), ("ZZ", None)],
)
def test_country_name(code: str, name: str | None) -> None:
    assert country_name(code) == name


# --------------------------------------------------------------------------- names and kinds


@pytest.mark.parametrize(
    ("text", "name", "kind", "country"),
    [
        ("Cases rose in the Democratic Republic of the Congo this week.", None, "country", "CD"),
        ("The DRC reported new cases.", None, "country", "CD"),
        ("Officials in the DPRK said nothing.", None, "country", "KP"),
        ("The UAE confirmed one infection.", None, "country", "AE"),
        ("The U.S. reported two deaths.", None, "country", "US"),
        ("Pyongyang said the outbreak was under control.", "Pyongyang", "city", "KP"),
        ("Cases were found in Guangdong Province last week.", None, "admin1", "CN"),
        ("Cases were found in Kerala, according to officials.", "Kerala", "admin1", "IN"),
        ("A cluster was reported in Kinshasa.", None, "city", "CD"),
        ("Clinics in Haut-Uele reported cases.", None, "admin1", "CD"),
        ("Travel to Bombay was suspended.", "Mumbai", "city", "IN"),
        ("Pigs died on farms in Polk County last week.", "Polk County", "admin2", "US"),
    ],
)
def test_finds_place(text: str, name: str | None, kind: str, country: str) -> None:
    locs = locate(text)
    match = [loc for loc in locs if loc.country == country and loc.kind == kind]
    assert match, locs
    if name is not None:
        assert match[0].name == name


def test_city_has_coordinates_and_geonameid() -> None:
    (loc,) = [x for x in locate("Doctors in Nairobi treated the patients.") if x.kind == "city"]
    assert loc.country == "KE" and loc.geonameid is not None
    assert loc.lat is not None and -2 < loc.lat < 0 and loc.lon is not None and 36 < loc.lon < 37


@pytest.mark.parametrize(
    ("text", "surface", "kind"),
    [
        ("Samples came from Guangdong Province.", "Guangdong", "admin1"),
        ("Samples came from Guangdong province.", "Guangdong", "admin1"),
        ("Cases rose in Kerala state last week.", "Kerala", "admin1"),
        ("Horses died in Pinal County, officials said.", "Pinal County", "admin2"),
    ],
)
def test_which_suffixes_belong_to_the_mention(text: str, surface: str, kind: str) -> None:
    (loc,) = locate(text)
    start, end = loc.mentions[0]
    assert (text[start:end], loc.kind) == (surface, kind)


def test_us_county_admin1() -> None:
    loc = by_name(locate("A rabid fox was found in Travis County on Monday."), "Travis County")
    assert loc is not None and loc.admin1 == "Texas"


# --------------------------------------------------------------------------- disambiguation


@pytest.mark.parametrize(
    "text",
    [
        "In March the rains began.",
        "Of the 95 suspected cases, four were confirmed.",
        "Reading the report, officials said little.",
        "Police said the farm was closed.",
        "Most of the cases were children.",
        "the situation in the country is nice and calm",  # "nice" in lower case
        "Member States should report promptly.",
        "Cases rose in Central America and South America.",
        "Patients with SARI were tested.",
        "The ICG released US$ 2.1 million.",
        "To date, no cases have been confirmed.",
        "As of 15 May, 12 cases were confirmed.",
        "We can say more when tests are back.",
    ],
)
def test_common_words_are_not_places(text: str) -> None:
    assert locate(text) == []


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Michael Jordan visited the hospital.", "JO"),
        ("Dr. Chad Smith led the team.", "TD"),
        ("West Nile virus was found in mosquitoes.", None),
        ("Cases of Rift Valley fever rose.", None),
        ("Crimean-Congo haemorrhagic fever was confirmed.", "CG"),
        ("Japanese encephalitis is endemic there.", "JP"),
        ("The guinea pig colony was culled.", "GN"),
        ("Spanish flu killed millions.", "ES"),
    ],
)
def test_names_inside_other_names(text: str, absent: str | None) -> None:
    locs = locate(text)
    if absent is None:
        assert locs == []
    else:
        assert absent not in countries(locs)


def test_disease_mentions_block_places() -> None:
    text = "Lassa cases rose."
    disease = DiseaseMention("Lassa fever", "A96", mentions=((0, 5),))
    assert find_locations(TextContext(text), [disease]) == []


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Health officials in Atlanta said cases in Georgia doubled.", "Georgia", "US"),
        ("Tbilisi reported that Georgia had its first case.", "Georgia", "GE"),
        ("Cases were reported in Bulgaria, Georgia and Greece.", "Georgia", "GE"),
        ("A case was confirmed in Paris, Texas, on Friday.", "Paris", "US"),
        ("Hospitals in Paris treated patients from Lyon.", "Paris", "FR"),
        ("Jordan reported a new case in Amman.", "Jordan", "JO"),
        ("Mobile clinics were sent to Alabama; Mobile reported two cases.", "Mobile", "US"),
        # two ambiguous names settle each other
        ("Cases rose in Melbourne and in western Victoria.", "Victoria", "AU"),
    ],
)
def test_context_picks_the_reading(text: str, name: str, country: str) -> None:
    loc = by_name(locate(text), name)
    assert loc is not None and loc.country == country


def test_us_postal_code_after_a_town() -> None:
    text = "The outbreak began at a plant in Dalton, GA, and spread."
    locs = locate(text)
    state = next(loc for loc in locs if loc.kind == "admin1")
    assert (state.name, state.country) == ("Georgia", "US")
    town = by_name(locs, "Dalton")
    assert town is not None and town.country == "US"


@pytest.mark.parametrize("text", ["GA officials met.", "The GA is a meeting."])
def test_postal_code_alone_is_not_a_place(text: str) -> None:
    assert locate(text) == []


def test_coordinated_names_before_a_plural_suffix() -> None:
    text = "Cattle died in Gotham and Metropolis districts of Zimbabwe."
    names = {loc.name: loc.kind for loc in locate(text)}
    assert names.get("Gotham") == "admin2" and names.get("Metropolis") == "admin2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cholera hit the villages of Mbandaka, Zorvakh and Quellin.", {"Zorvakh", "Quellin"}),
        ("Contacts live in Mbandaka and Zorvakh.", {"Zorvakh"}),
        ("Cases rose in Baghdad and Zorvakh governorates.", {"Zorvakh"}),
        # a bare comma and a person's name: no list
        ("The director of the zoo in Hyderabad, Manzoor Bhatti, said so.", set()),
        ("The capital, Pemba, and Marlene has admitted it.", set()),
        # an institution's name, and a list of people
        ("The Cairns and Hinterland Hospital called.", set()),
    ],
)
def test_unknown_names_listed_with_known_places(text: str, expected: set[str]) -> None:
    unknown = {loc.name for loc in locate(text) if loc.geonameid is None}
    assert unknown == expected


def test_listed_name_takes_the_kind_of_the_closing_plural() -> None:
    loc = by_name(locate("Cases rose in Baghdad and Zorvakh governorates."), "Zorvakh")
    assert loc is not None and loc.kind == "admin1"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Seattle Children's Hospital has revealed a case.", "Seattle"),
        ("The head of the Atlanta Rescue Mission says so.", "Atlanta"),
        # a capitalised word that merely follows: not the start of a person's name
        ("A case in Nairobi Thursday was confirmed.", "Nairobi"),
    ],
)
def test_big_city_starting_an_institution_name_stays_a_place(text: str, name: str) -> None:
    assert by_name(locate(text), name) is not None


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Cholera patients were treated at Zorvakh Island since August.", "Zorvakh Island"),
        ("Plague killed squirrels at Quellin Grove Campground.", "Quellin Grove Campground"),
        ("Oysters from Zorvakh Canal were recalled.", "Zorvakh Canal"),
    ],
)
def test_unknown_natural_features(text: str, surface: str) -> None:
    loc = by_name(locate(text), surface)
    assert loc is not None and loc.kind == "place"
    assert [text[s:e] for s, e in loc.mentions] == [surface]


@pytest.mark.parametrize(
    ("text", "names", "kind"),
    [
        ("Anthrax hit the Bulgarian village of Zorvakovo last week.", ["Zorvakovo"], "city"),
        ("Fever was reported in the far north coastal town of Quellin.", ["Quellin"], "city"),
        (
            "Pigs died in the nearby villages of Zorvak and Quel Dorra.",
            ["Zorvak", "Quel Dorra"],
            "city",
        ),
        ("Cases came from the municipality of Zorvakia.", ["Zorvakia"], "admin2"),
        ("Dogs died in the town of Sazl\u0131ca in Turkey.", ["Sazl\u0131ca"], "city"),
    ],
)
def test_names_after_a_place_head(text: str, names: list[str], kind: str) -> None:
    locs = locate(text)
    for name in names:
        loc = by_name(locs, name)
        assert loc is not None and loc.kind == kind


def test_a_community_of_believers_is_no_place() -> None:
    assert locate("A community of Orthodox believers fell ill.") == []


def test_small_town_name_that_speaks_is_a_surname() -> None:
    text = "Mayen said the first cases were mild. Later Mayen urged calm in Germany."
    assert by_name(locate(text), "Mayen") is None


def test_town_after_a_locative_still_speaks_as_a_place() -> None:
    text = "Health officials in Mayen said the outbreak in Germany was over."
    assert by_name(locate(text), "Mayen") is not None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("A 55-year-old man from Zorvakh died at the hospital.", True),
        ("Goats died of the disease in Quellin by Tuesday.", True),
        ("Three patients were treated at Zorvakh clinic.", False),  # an institution
        ("Funds are awaited from Treasury officials.", False),
        ("Cases in Africa's meningitis belt rose.", False),
        ("Outbreaks in Asian countries continued.", False),
    ],
)
def test_unknown_name_after_a_locative(text: str, found: bool) -> None:
    unknown = [loc for loc in locate(text) if loc.geonameid is None]
    assert bool(unknown) == found


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        ("One of the dead was an Islamic State member held in Iraq.", "Islamic", "Iraq"),
        ("Rivera said the outbreak in Uruguay was over.", "Rivera", "Uruguay"),
        ("Jordan said the outbreak was over; cases in Amman fell.", None, "Jordan"),
        ("Staff of the Miami-Dade Health Department met.", "Dade", "Miami"),
        ("Trade on the US-Mexico border resumed.", None, "Mexico"),
        ("Cases were reported near Kisangani in Haut-Zaire Province.", "Zaire", "Haut-Zaire"),
    ],
)
def test_names_that_are_not_places_here(text: str, absent: str | None, present: str) -> None:
    locs = locate(text)
    assert by_name(locs, present) is not None
    if absent is not None:
        assert by_name(locs, absent) is None


def test_hyphenated_province_written_with_a_space() -> None:
    loc = by_name(
        locate("Cases were reported in Etoumbi in Cuvette Ouest Region."), "Cuvette-Ouest"
    )
    assert loc is not None and loc.country == "CG"


def test_each_section_of_a_multi_country_bulletin_is_affected() -> None:
    text = (
        "Chad: 3579 cases were reported in Moyen Chari, Logone Oriental and Logone "
        "Occidental, Chad, and in Mayo Kebbi; Chad asks for vaccine.\n"
        "Ethiopia: 12 cases.\n"
    )
    assert set(affected(locate(text))) == {"TD", "ET"}


def test_name_after_the_district_of() -> None:
    text = "Two cases were found in the district of Casa Pequena in Peru."
    loc = by_name(locate(text), "Casa Pequena")
    assert loc is not None and loc.kind == "admin2"


def test_city_and_province_of_the_same_name() -> None:
    assert locate("Hospitals in Madrid filled up.")[0].kind == "city"
    # a village that shares a province's name is not what the name means
    assert locate("Public Health Wales said so.")[0].kind == "admin1"
    assert locate("Hospitals in New York filled up.")[0].kind == "admin1"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Reports said Gatundu mattered.", False),
        ("Two cases were seen in Gatundu.", True),  # after a locative preposition
        ("Gatundu reported cases, Kenya said.", True),  # its country is named
    ],
)
def test_small_town_needs_support(text: str, found: bool) -> None:
    # Towns of 5,000 to 15,000 people (cities5000) need the document's support.
    loc = by_name(locate(text), "Gatundu")
    assert (loc is not None and loc.country == "KE") == found


def test_place_names_must_be_capitalised() -> None:
    assert locate("they were in jordan and in georgia") == []


def test_headline_capitals_name_countries() -> None:
    assert countries(locate("CHOLERA IN ZIMBABWE")) == {"ZW"}


def test_country_from_towns_and_provinces() -> None:
    text = "Cases were reported in the Watsa zone, Haut-Uele province, in the north-east."
    locs = locate(text)
    assert affected(locs)[0] == "CD"
    watsa = by_name(locs, "Watsa")
    assert watsa is not None and watsa.country == "CD" and watsa.geonameid is not None


def test_unknown_name_with_an_admin_suffix() -> None:
    text = "Cases were reported in the Bulape health zone of Kasai province."
    zone = by_name(locate(text), "Bulape")
    assert zone is not None and zone.kind == "admin2" and zone.country == "CD"
    start, end = zone.mentions[0]
    assert text[start:end] == "Bulape"


def test_south_sudan_before_independence() -> None:
    text = "Cases rose in Juba, South Sudan."
    assert countries(locate(text, dt.date(2004, 5, 1))) == {"SD"}
    assert countries(locate(text, dt.date(2014, 5, 1))) == {"SS"}


# --------------------------------------------------------------------------- roles


@pytest.mark.parametrize(
    ("text", "affected_code", "other"),
    [
        ("North Korea received vaccines as aid from China.", "KP", "CN"),
        ("Japan donated masks to Viet Nam after cases rose in Viet Nam.", "VN", "JP"),
        ("Samples from Guinea were tested at the Institut Pasteur in Dakar, Senegal.", "GN", "SN"),
        ("WHO headquarters in Geneva was informed of cases in Liberia.", "LR", "CH"),
        ("Chinese customs data show imports rose while cases spread in North Korea.", "KP", "CN"),
        ("Cases rose in Uganda; the US CDC sent a team to Uganda.", "UG", "US"),
        ("In Chad, Medecins sans Frontieres-Holland treated 8 meningitis cases.", "TD", "NL"),
        ("WHO and MSF- Spain support the response in the Central African Republic.", "CF", "ES"),
        ("MSF Belgium is vaccinating in Chad, where cholera spreads.", "TD", "BE"),
        (
            "Samples from Kosovo went to the WHO Collaborating Centre for Arboviruses and "
            "Haemorrhagic Fevers in Thessaloniki, Greece.",
            "XK",
            "GR",
        ),
    ],
)
def test_affected_vs_donor_and_incidental(text: str, affected_code: str, other: str) -> None:
    locs = locate(text)
    assert affected_code in affected(locs)
    assert other not in affected(locs)


@pytest.mark.parametrize(
    ("text", "affected_code", "other"),
    [
        ("Teams of Médecins Sans Frontières (Belgium) arrived in Kasai, DRC.", "CD", "BE"),
        (
            "Samples from Kikwit were confirmed by the National Institute for Virology, "
            "(NIV), South Africa, and cases in the DRC rose.",
            "CD",
            "ZA",
        ),
        ("The WHO team in Nairobi supports the response in Somalia.", "SO", "KE"),
    ],
)
def test_institutions_and_their_addresses_are_incidental(
    text: str, affected_code: str, other: str
) -> None:
    locs = locate(text)
    assert affected_code in affected(locs)
    assert other not in affected(locs)


def test_travel_origin_stays_affected() -> None:
    text = "Germany reported a case in a traveller returning from Thailand, where dengue is rife."
    assert {"DE", "TH"} <= set(affected(locate(text)))


def test_demonym_is_a_country_cue() -> None:
    locs = locate("North Korean authorities reported a fever outbreak.")
    assert affected(locs) == ["KP"]
    assert locs[0].mentions == ((0, 12),)


def test_demonym_spans_yield_to_names() -> None:
    text = "Congolese doctors in the DRC reported cases."
    (loc,) = [x for x in locate(text) if x.country == "CD"]
    assert [text[s:e] for s, e in loc.mentions] == ["DRC"]


# --------------------------------------------------------------------------- output shape


def test_one_location_per_place_with_all_mentions_and_salience_order() -> None:
    text = (
        "Ebola spread in Guinea. Guinea reported 20 cases. Liberia reported one case.\n"
        "Guinea closed schools."
    )
    locs = locate(text)
    assert [loc.name for loc in locs][:2] == ["Guinea", "Liberia"]
    assert len(locs[0].mentions) == 3
    assert locs[0].salience > locs[1].salience


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "No places here at all.",
        "Kinshasa, DRC, Congo-Brazzaville, U.S.A., Côte d’Ivoire, São Tomé and Príncipe.",
        "İstanbul and ſome odd characters: Kinshasa.",
        "(Guinea)[Liberia]{Mali}",
    ],
)
def test_spans_index_the_text(text: str) -> None:
    for loc in locate(text):
        assert loc.mentions
        for start, end in loc.mentions:
            assert 0 <= start < end <= len(text)
            assert text[start:end].strip() == text[start:end]


def test_title_counts_for_salience_only() -> None:
    text = "Cases rose in the north. Kenya and Uganda sent teams."
    locs = find_locations(TextContext(text, None, "Cholera in Uganda"), [])
    assert locs[0].country == "UG"
    for loc in locs:
        for start, end in loc.mentions:
            assert text[start:end] in ("Kenya", "Uganda")


# --------------------------------------------------------------------------- builder


def test_builder_is_deterministic(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from datagen import gazetteer as builder
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    first, second = tmp_path / "a", tmp_path / "b"
    builder.build(ROOT / "data_src", first)
    builder.build(ROOT / "data_src", second)
    a = (first / "gazetteer.json").read_bytes()
    assert a == (second / "gazetteer.json").read_bytes()
    assert a == (ROOT / "src" / "episignal" / "data" / "gazetteer.json").read_bytes()
    assert len(a) < 15_000_000


# --------------------------------------------------------------------------- coordinator additions


def test_a_town_that_starts_a_persons_name_is_that_person_throughout() -> None:
    text = (
        "Leader Kim Jong Un ordered the army to deliver medicines in North Korea. "
        "Kim said the outbreak was a great upheaval."
    )
    locs = locate(text)
    assert countries(locs) == {"KP"}


def test_a_town_before_an_institution_word_stays_a_place() -> None:
    locs = locate("Eight patients were treated at Mubende Regional Referral Hospital in Uganda.")
    assert by_name(locs, "Mubende") is not None


def test_dateline_city_is_not_affected() -> None:
    text = "SEOUL, May 24 (Wire) - North Korea reported 134,510 new fever cases in Pyongyang."
    locs = locate(text, dt.date(2022, 5, 24))
    assert affected(locs)[0] == "KP"
    seoul = by_name(locs, "Seoul")
    assert seoul is None or not seoul.affected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Mpox in the Democratic Republic of the Congo: Congo reported 537 deaths.", "CD"),
        ("Cholera in Congo: 40 cases in Brazzaville and Pointe-Noire.", "CG"),
    ],
)
def test_bare_congo_follows_the_documents_other_places(text: str, code: str) -> None:
    assert affected(locate(text))[0] == code


@pytest.mark.parametrize(
    ("text", "expected", "not_affected"),
    [
        (
            "The Department of Health, Hong Kong, China, has reported a human case of "
            "avian influenza.",
            ["HK"],
            "CN",
        ),
        (
            "Testing was done at the United States Centers for Disease Control and "
            "Prevention for the cases in Guatemala.",
            ["GT"],
            "US",
        ),
        ("Italy received aid from China and Japan for its outbreak.", ["IT"], "JP"),
    ],
)
def test_addresses_institutions_and_donor_lists_are_not_affected(
    text: str, expected: list[str], not_affected: str
) -> None:
    found = affected(locate(text))
    assert found[: len(expected)] == expected and not_affected not in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("A farmer at Mukkola, near the coast of Kerala, fell ill with malaria.", "Mukkola"),
        ("Cases were confirmed in Parita and in Chitre, Panama.", "Parita"),
    ],
)
def test_villages_the_gazetteer_lacks_are_found_by_their_frame(text: str, name: str) -> None:
    place = by_name(locate(text), name)
    assert place is not None and place.kind == "place" and not place.affected


@pytest.mark.parametrize(
    "text", ["The meeting in Europe was held in March.", "She trained in Epidemiology, Kenya."]
)
def test_regions_and_fields_after_in_are_not_villages(text: str) -> None:
    assert all(loc.kind != "place" for loc in locate(text))


def test_an_outlets_footer_never_makes_the_affected_place() -> None:
    text = (
        "More than 240 million people in Latin America are yet to receive a single dose of a "
        "COVID-19 vaccine, the Pan American Health Organization said on Wednesday.\n"
        "Channel 5 is a news site in Belize. Follow us on social media."
    )
    assert "BZ" not in affected(locate(text))
    assert "US" not in affected(locate(text))


def test_north_korean_provinces_are_in_north_korea() -> None:
    text = "Fever cases were reported in North Hamgyong province and South Pyongan province."
    names = {(loc.name, loc.country) for loc in locate(text)}
    assert {("North Hamgyong", "KP"), ("South Pyongan", "KP")} <= names
