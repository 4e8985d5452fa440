"""Parts of a named whole, past years, and the place a figure belongs to (issue 8, round 2).

Every sentence here is our own, modelled on the kinds of series points the audit of the WHO
reports found wrong: parts read as counts, a country's namesake town or state taken for the
country, district figures on the national series, figures of several areas given to one,
figures of last year in the current series, and stories that name a disease and a country
without reporting an outbreak there.
"""

from __future__ import annotations

from typing import Any

import pytest

import episignal
from episignal.document import Document
from episignal.extract.context import TextContext
from episignal.extract.pipeline import extract_text
from episignal.extract.relevance import occurrence_sentences
from episignal.prepare import report_rows


def counts(text: str, published: str = "2015-02-08") -> list[dict[str, Any]]:
    return list(episignal.extract(text, published)["counts"])


def only(text: str, value: int, published: str = "2015-02-08") -> dict[str, Any]:
    found = [c for c in counts(text, published) if c["value"] == value]
    assert len(found) == 1, [(c["value"], c["measure"]) for c in counts(text, published)]
    return found[0]


def places(text: str) -> dict[str, tuple[str, str | None]]:
    found = episignal.extract(text, "2015-02-08")["locations"]
    return {loc["name"]: (loc["kind"], loc["country"]) for loc in found}


# --------------------------------------------------------------------------- parts


def test_a_part_of_a_named_whole_is_a_subset_of_its_measure() -> None:
    text = (
        "Avian influenza in China: 41 cases were notified, with 9 deaths. "
        "27 of these 41 cases were female."
    )
    part = only(text, 27)
    assert (part["measure"], part["scope"]) == ("cases", "subset")  # never "27 deaths"


def test_out_of_the_whole_counts_the_part() -> None:
    text = "She is the sixth confirmed case of H5N1 in Egypt. Four out of the six cases died."
    assert only(text, 4)["measure"] == "deaths"
    assert all(c["value"] != 6 or c["measure"] == "cases" for c in counts(text))


def test_a_ratio_out_of_every_is_no_count() -> None:
    assert counts("Measles in Chad: one out of every ten children fell ill.") == []


def test_cases_found_by_screening_are_a_subset() -> None:
    text = (
        "Travellers were screened at the airport. From those tests, about 60 cases of "
        "tuberculosis were found."
    )
    assert only(text, 60)["scope"] == "subset"


# --------------------------------------------------------------------------- the past


@pytest.mark.parametrize(
    "text",
    [
        "Last year an epidemic of meningitis in Chad caused over 31 000 cases.",
        "In Mali 620 cases of cholera were reported last year.",
    ],
)
def test_figures_of_last_year_are_historical(text: str) -> None:
    (figure,) = [c for c in counts(text, "1998-02-01") if c["measure"] == "cases"]
    assert figure["historical"]


def test_this_year_after_last_year_is_current() -> None:
    text = "Last year 410 cases were reported; this year 17 cases have been confirmed in Chad."
    assert only(text, 410)["historical"]
    assert not only(text, 17)["historical"]


# --------------------------------------------------------------------------- places


def test_a_countrys_name_is_the_country_not_its_namesake() -> None:
    assert places("Meningitis in Nigeria and Niger: 33 cases in Niger.")["Niger"] == (
        "country",
        "NE",
    )
    assert places("Measles in Benin and Togo. Benin reported 30 cases.")["Benin"] == (
        "country",
        "BJ",
    )


def test_a_subdivision_named_with_its_suffix_stays_the_subdivision() -> None:
    found = places("Lassa fever in Nigeria: Niger State reported 14 cases.")
    assert found["Niger"] == ("admin1", "NG")
    figure = only("Lassa fever in Nigeria: Niger State reported 14 cases.", 14)
    assert (figure["scope"], figure["admin1"]) == ("subnational", "Niger")


@pytest.mark.parametrize(
    ("text", "value", "area"),
    [
        ("Cholera in Kenya: Garissa district has reported 52 cases.", 52, "Garissa"),
        ("The outbreak in Gambella region of Ethiopia has caused 31 cases of AWD.", 31, None),
        ("Since May, Foya district, Liberia, has reported 21 cases of Ebola.", 21, None),
        ("Cholera in Kenya: 18 new cases in Garissa, Kenya.", 18, "Garissa"),
    ],
)
def test_a_district_or_region_figure_is_subnational(
    text: str, value: int, area: str | None
) -> None:
    figure = only(text, value)
    assert figure["scope"] == "subnational"
    if area is not None:
        assert figure["admin1"] == area


def test_a_citys_figure_feeds_its_first_level_area() -> None:
    figure = only("Ebola in Guinea: Conakry, 61 cases and 27 deaths.", 61)
    assert (figure["area"], figure["admin1"]) == ("Conakry", "Conakry")


@pytest.mark.parametrize(
    ("text", "value", "scope"),
    [
        (
            "Cholera in Kenya and Tanzania. In Mombasa and Dar es Salaam, 13 cases were seen.",
            13,
            "multi_country",
        ),
        (
            "A cholera outbreak was declared in Angola on Monday; 44 cases of cholera were "
            "reported from Luanda and Benguela provinces.",
            44,
            "subnational",
        ),
    ],
)
def test_a_figure_of_several_areas_is_no_one_areas(text: str, value: int, scope: str) -> None:
    figure = only(text, value)
    assert figure["scope"] == scope
    assert figure["admin1"] is None and figure["area"] is None


# --------------------------------------------------------------------------- reports


def rows(text: str) -> list[str]:
    doc = Document(id="d", text=text, origin="test", language="en")
    extraction = extract_text(text, None, language="en")
    ctx = TextContext(doc.text, None, None)
    return [r.country for r in report_rows(ctx, extraction, None)] if extraction.relevant else []


def test_an_outbreak_report_opens_its_countrys_event() -> None:
    text = (
        "Cholera outbreak in Zambia. The Ministry of Health of Zambia has reported an "
        "outbreak of cholera in Lusaka, with new cases confirmed every day. The outbreak "
        "is spreading and cholera treatment centres have been opened."
    )
    assert rows(text) == ["ZM"]


def test_a_policy_story_that_names_a_disease_opens_no_event() -> None:
    text = (
        "Party plans tuberculosis checks for migrants. Migrants wanting to settle in Britain "
        "would have to be tested for tuberculosis under plans unveiled by the opposition. "
        "Tuberculosis is a serious disease and screening would protect public health, the "
        "party's health spokesman said. The plans would cover migrants from outside Europe "
        "and would be introduced within a year, with tuberculosis clinics in every region."
    )
    assert rows(text) == []


_FUND_STORY = (
    "Minister calls for a new tuberculosis fund. The health minister called on donors to "
    "fund a national tuberculosis programme in Britain. {middle} Tuberculosis clinics in "
    "London and Leeds say they need more nurses, and tuberculosis treatment must be free."
)


def test_a_policy_story_whose_quotes_say_a_disease_rises_opens_no_event() -> None:
    middle = (
        '"Tuberculosis is not only imported; we see it rising among young adults born in '
        'Britain," a chest physician said.'
    )
    text = _FUND_STORY.format(middle=middle)
    assert extract_text(text, None, language="en").relevant
    assert rows(text) == []


def test_a_policy_story_with_an_observed_figure_opens_its_event() -> None:
    middle = "Twelve new cases of tuberculosis were confirmed in Leeds this week, officials said."
    assert rows(_FUND_STORY.format(middle=middle)) == ["GB"]


def test_outbreak_news_that_opens_with_a_plan_opens_its_event() -> None:
    text = (
        "Ministry plans vaccination drive as cholera spreads in Zambia. The Ministry of Health "
        "of Zambia has confirmed 45 new cases of cholera in Lusaka, and 3 patients have died. "
        "The outbreak is spreading and cholera treatment centres have been opened."
    )
    assert rows(text) == ["ZM"]


def test_an_appeal_whose_opening_says_the_outbreak_spreads_opens_its_event() -> None:
    text = (
        "Agencies appeal for funds as cholera spreads in Zambia. Aid agencies called on "
        "donors to fund clean water and cholera treatment centres in Lusaka, where the "
        "outbreak is spreading through crowded townships, the Ministry of Health said."
    )
    assert rows(text) == ["ZM"]


def says_occurs(text: str) -> bool:
    extraction = extract_text(text, None, language="en")
    disease = extraction.primary.disease
    assert disease is not None
    ctx = TextContext(text, None, None)
    return bool(occurrence_sentences(ctx, disease.mentions, extraction.counts))


@pytest.mark.parametrize(
    ("text", "occurs"),
    [
        (
            "In March it emerged that the ministry had paid only half of the bills left by "
            "the cholera outbreak in Peru.",
            False,
        ),
        ("Cutting money for malaria drugs condemns thousands of children to death.", False),
        ("A new strain of cholera emerged in the port of Callao in March.", True),
        ("Malaria deaths have been reported in the district of Gulu.", True),
    ],
)
def test_an_idiom_with_an_occurrence_word_says_nothing_occurs(text: str, occurs: bool) -> None:
    assert says_occurs(text) is occurs


def test_a_regions_generic_name_is_read_in_the_documents_country() -> None:
    text = (
        "Cholera is spreading in Ghana. Eight districts of Northern Region reported 512 cases "
        "and six districts of Western Region have notified 230 cases."
    )
    assert (only(text, 512)["country"], only(text, 512)["admin1"]) == ("GH", "Northern")
    assert (only(text, 230)["country"], only(text, 230)["admin1"]) == ("GH", "Western")


def test_animals_named_after_the_verb_make_animal_cases() -> None:
    text = (
        "Nineteen cases of equine encephalitis have been diagnosed among 1 800 horses in "
        "the State of Sonora."
    )
    assert only(text, 19)["species"] == "animal"


def test_a_list_of_places_counts_what_its_own_sentence_counts() -> None:
    text = (
        "Ebola in Guinea: 14 people have died. Twenty patients are being treated in Conakry "
        "(12), Macenta (5) and Kissidougou (3)."
    )
    assert all(c["measure"] != "deaths" for c in counts(text) if c["value"] in (12, 5, 3))


def test_cases_found_negative_are_no_cases() -> None:
    text = (
        "Samples from four cases in Kassala state have been found negative for Rift Valley fever."
    )
    assert [c for c in counts(text) if c["measure"] == "cases"] == []


def test_a_subsets_sub_count_is_a_subset() -> None:
    text = (
        "Ebola in Uganda: 120 cases. Among the reported cases, 4 health care workers were "
        "also infected, including two fatalities."
    )
    assert only(text, 4)["scope"] == "subset"
    assert only(text, 2)["scope"] == "subset"


def test_a_breakdown_of_new_counts_by_place_is_new() -> None:
    text = (
        "Between 3 and 5 May 2014, 9 new cases of Ebola and 4 deaths were reported from "
        "Macenta (6 cases and 3 deaths) and Kissidougou (3 cases and 1 death)."
    )
    assert [c["cumulative"] for c in counts(text, "2014-05-06")] == [False] * 6


def test_figures_of_an_earlier_outbreak_are_historical() -> None:
    text = "During that outbreak, 512 suspected cases of yellow fever were reported in Sudan."
    assert only(text, 512, "2013-12-03")["historical"]


def test_figures_of_some_areas_are_not_the_countrys() -> None:
    text = (
        "Meningitis in Chad. Preliminary figures for these 4 villages (of the 15 affected) "
        "are about 2 100 cases."
    )
    figure = only(text, 2100)
    assert (figure["scope"], figure["country"], figure["admin1"]) == ("subnational", "TD", None)


def test_an_alias_of_a_country_does_not_hide_a_province() -> None:
    text = (
        "Cholera outbreak in Mozambique. The Ministry of Health has reported 812 cases in "
        "4 provinces (Gaza, Inhambane, Sofala and Zambezia)."
    )
    assert places(text)["Gaza"] == ("admin1", "MZ")


def test_a_figure_from_some_of_many_countries_is_multi_country() -> None:
    text = (
        "Since January, 4 120 suspected cases of meningitis have been reported from 14 of the "
        "19 countries under enhanced surveillance."
    )
    assert only(text, 4120)["scope"] == "multi_country"


def test_a_list_of_new_cases_by_country_is_new() -> None:
    text = "New cases were reported in Canada (3), Singapore (2) and Viet Nam (4)."
    assert [c["cumulative"] for c in counts(text, "2003-04-05")] == [False, False, False]


def test_a_past_years_figures_and_their_parts_are_historical() -> None:
    text = (
        "Plague in Malawi. The epidemic in 1994 lasted from the end of July to the end of "
        "September and caused 184 cases of plague, of which five were fatal."
    )
    found = counts(text, "1997-11-21")
    assert [(c["value"], c["historical"]) for c in found] == [(184, True), (5, True)]


# --------------------------------------------------------------------------- where (round 3)


def test_a_generic_area_name_is_no_place_of_a_country_never_named() -> None:
    text = (
        "Cholera in Afghanistan. The worst affected area is Herat province, Western region, "
        "where about 3 100 cases have been seen."
    )
    assert "Western" not in places(text)
    assert only(text, 3100)["country"] == "AF"


def test_a_laboratorys_address_is_not_where_the_outbreak_is() -> None:
    text = (
        "As of 2 May, 8 410 cases of meningitis, including 902 deaths, have been reported to "
        "WHO. Samples were sent to the WHO Collaborating Centre for Reference and Research "
        "on Meningococci, Oslo, Norway, and the epidemic in Chad is being studied."
    )
    assert only(text, 8410)["country"] == "TD"


def test_a_district_found_by_its_suffix_is_found_wherever_it_is_named() -> None:
    text = (
        "Meningitis in Chad: 52 cases. Two districts, Nakaro Bessi (41 cases, 6 deaths) and "
        "Loumbi (11 cases, 1 death), are above the epidemic threshold. Vaccination began in "
        "the Nakaro Bessi district."
    )
    assert (only(text, 41)["scope"], only(text, 41)["area"]) == ("subnational", "Nakaro Bessi")
    assert only(text, 6)["scope"] == "subnational"


def test_an_unknown_area_belongs_to_the_country_named_before_it() -> None:
    text = (
        "Polio in Nigeria: the virus has spread from Nigeria to the west of Chad (2 cases, in "
        "the Kalbassa province, near the border). Nigeria has reported 80 cases this year."
    )
    figure = only(text, 2)
    assert (figure["country"], figure["area"]) == ("TD", "Kalbassa")


def test_a_town_of_a_country_the_report_never_names_is_not_that_countrys() -> None:
    text = (
        "Ebola in the Democratic Republic of the Congo: 31 cases in Orientale province. "
        "The cases occurred in 3 health zones: 20 cases in Isiro, 7 cases in Viadana and 4 "
        "cases in Dungu. "
        "The Democratic Republic of the Congo has asked for help."
    )
    assert only(text, 7)["country"] == "CD"


def test_a_region_inside_a_disease_name_is_no_region() -> None:
    text = (
        "The Ministry of Health of Oman notified WHO of 3 additional cases of Middle East "
        "Respiratory Syndrome Coronavirus (MERS-CoV), including 1 death."
    )
    assert (only(text, 3)["scope"], only(text, 3)["country"]) == ("national", "OM")


def test_the_parts_in_brackets_hold_where_their_figure_holds() -> None:
    text = (
        "Ebola in Uganda. As of 2 May, a total of 41 (9 probable, 12 confirmed and 20 "
        "suspected) cases and 18 deaths have been reported from Kibaale district."
    )
    for value in (41, 9, 12, 20, 18):
        figure = only(text, value)
        assert (figure["scope"], figure["area"]) == ("subnational", "Kibaale"), value


def test_a_travellers_or_laboratorys_country_is_not_the_figures() -> None:
    text = (
        "MERS in the Republic of Korea: the Ministry of Health of the Republic of Korea has "
        "reported 48 cases. One of the 48 cases is a man who travelled to China, where he "
        "was diagnosed."
    )
    assert all(c["country"] == "KR" for c in counts(text) if c["measure"] == "cases")


def test_a_traveller_returning_from_abroad_counts_where_he_fell_ill() -> None:
    text = (
        "Avian influenza in Canada: 1 case was confirmed in a resident who had returned from "
        "Viet Nam, Canadian health officials said."
    )
    assert only(text, 1)["country"] == "CA"


def test_a_figure_mostly_in_one_country_is_of_several() -> None:
    text = (
        "SARS update: since yesterday there has been an increase of 53 cases, mostly in "
        "Taiwan, and of 2 deaths in Singapore."
    )
    assert only(text, 53)["scope"] == "multi_country"
    assert only(text, 2)["country"] == "SG"


def test_a_sentence_going_on_from_a_figure_of_many_countries_shares_its_scope() -> None:
    text = (
        "A cumulative total of 6 903 probable cases has been reported from 29 countries. "
        "This represents an increase of 130 new cases and 17 deaths since Monday."
    )
    assert only(text, 130)["scope"] == "multi_country"
    assert only(text, 17)["scope"] == "multi_country"


def test_a_figure_of_part_of_a_country_is_subnational() -> None:
    text = (
        "Cholera in Sudan. Since January, a total of 9 340 cases have been reported in 7 out "
        "of 9 states in eastern Sudan."
    )
    figure = only(text, 9340)
    assert (figure["scope"], figure["country"], figure["admin1"]) == ("subnational", "SD", None)


def test_the_county_named_before_is_the_figures() -> None:
    text = (
        "Yellow fever in Liberia: an outbreak was confirmed in Bong County. So far 17 cases, "
        "including 2 deaths, have been detected, from 3 districts in the county."
    )
    assert (only(text, 17)["scope"], only(text, 17)["admin1"]) == ("subnational", "Bong")


def test_the_period_between_a_figure_and_its_city_does_not_cut_them() -> None:
    text = (
        "Cholera in Senegal: a total of 214 cases and 3 deaths were reported from "
        "2 March - 19 March 2005 in Dakar."
    )
    assert (only(text, 214)["scope"], only(text, 214)["admin1"]) == ("subnational", "Dakar")


def test_a_figure_of_some_divisions_of_a_district_is_the_districts() -> None:
    text = (
        "Meningitis in Kenya: the Ministry of Health has reported 61 cases in 3 divisions "
        "(Alale, Kasei and Kiwawa) of West Pokot."
    )
    assert (only(text, 61)["scope"], only(text, 61)["area"]) == ("subnational", "West Pokot")


def test_a_country_heading_closed_by_a_full_stop_opens_its_section() -> None:
    text = (
        "Meningococcal disease after the Haj.\n\nSaudi Arabia. A total of 140 cases with 31 "
        "deaths has been reported since the Haj.\n\nBelgium. There have been 3 confirmed "
        "cases in contacts of returning pilgrims."
    )
    assert only(text, 3)["country"] == "BE"


def test_a_figure_after_a_town_of_the_outbreak_is_its_countrys() -> None:
    text = (
        "SARS in Asia. China has reported 1 190 cases.\n\n"
        + "Careful monitoring of contacts continues in the hospital. " * 12
        + "\n\nThe 63rd case is a nurse from Hanoi. Of the 63 cases, 45 have been discharged."
    )
    assert only(text, 45)["country"] == "VN"


@pytest.mark.parametrize(
    "text",
    [
        "Ebola in Sierra Leone. So far 14 and 6 cases have been confirmed in Kenema and "
        "Kailahun respectively.",
        "Ebola in Sierra Leone: the districts of Kenema and Kailahun have confirmed 14 and 6 "
        "cases, respectively.",
    ],
)
def test_respectively_pairs_each_figure_with_its_place(text: str) -> None:
    assert (only(text, 14)["area"], only(text, 6)["area"]) == ("Kenema", "Kailahun")


def test_respectively_pairs_figures_with_countries() -> None:
    text = "Cholera in southern Africa: Zambia and Malawi have reported 1 310 and 52 deaths respectively."
    assert (only(text, 1310)["country"], only(text, 52)["country"]) == ("ZM", "MW")
    assert only(text, 1310)["scope"] == "national"


def test_a_figure_for_the_entire_country_is_not_the_citys_named_after_it() -> None:
    text = (
        "Yellow fever in Guinea: the Ministry of Health has reported 118 suspected cases in "
        "the entire country, with 31 suspected cases in Conakry."
    )
    assert (only(text, 118)["scope"], only(text, 118)["admin1"]) == ("national", None)
    assert only(text, 31)["admin1"] == "Conakry"


def test_a_place_that_opens_the_sentence_owns_the_figure_after_with() -> None:
    text = (
        "Rift Valley fever in Kenya. Garissa district in North Eastern Province remains the "
        "worst affected area with 96 suspected cases and 41 deaths."
    )
    assert (only(text, 96)["scope"], only(text, 96)["area"]) == ("subnational", "Garissa")


def test_other_areas_of_a_province_are_not_the_province() -> None:
    text = (
        "Marburg in Angola. Uige municipality has 150 cases; other municipalities in Uige "
        "Province account for a further 38 cases."
    )
    figure = only(text, 38)
    assert (figure["scope"], figure["admin1"]) == ("subnational", None)


def test_an_island_named_with_its_country_owns_the_figure() -> None:
    text = (
        "Cholera has broken out on Moheli Island, Comoros, where 57 cases with 6 deaths were "
        "reported in December."
    )
    assert only(text, 57)["scope"] == "subnational"


def test_a_figure_of_these_countries_is_multi_country() -> None:
    text = "Polio in Asia and Africa. The outbreaks in these 12 countries caused 940 cases."
    assert only(text, 940)["scope"] == "multi_country"


def test_a_country_a_case_was_imported_from_is_not_the_figures() -> None:
    text = (
        "Chikungunya in France. Two cases were reported in Toulon, near a case imported from "
        "Cameroon, French health authorities said."
    )
    assert only(text, 2)["country"] == "FR"


def test_a_collaborating_centres_country_is_not_the_figures() -> None:
    text = (
        "Ebola in Sudan. Following tests at the WHO Collaborating Centre at the Centers for "
        "Disease Control and Prevention (CDC), United States, 9 of the 25 recent cases have "
        "been found to be measles."
    )
    assert all(c["country"] != "US" for c in counts(text))


def test_a_figures_parts_in_brackets_do_not_push_its_place_out_of_reach() -> None:
    text = (
        "Ebola in the Democratic Republic of the Congo. As of 3 May, a total of 31 (nine "
        "confirmed, seven probable, and 15 suspected) cases including 13 deaths had been "
        "reported from Kibali district in Orientale province."
    )
    assert only(text, 31)["scope"] == "subnational"


def test_a_town_named_twice_in_a_report_about_its_own_country_stays() -> None:
    text = (
        "Between January and May, 512 000 cases of malaria were reported by health centres, "
        "most of them near Karusi. In Karusi, 30 deaths were recorded in May."
    )
    assert only(text, 512000)["country"] == "BI"


def test_a_figure_after_countries_and_with_is_theirs_together() -> None:
    text = (
        "The epidemic in Guinea and Liberia remains serious, with 58 new cases and 21 deaths "
        "reported this week."
    )
    assert only(text, 58)["scope"] == "multi_country"
    assert only(text, 21)["scope"] == "multi_country"


def test_the_figures_of_one_bracket_hold_together() -> None:
    text = (
        "Meningitis in West Africa. The epidemic in Mali accounted for 40% (8,120 cases with "
        "903 deaths) and in Niger for 30%."
    )
    assert (only(text, 8120)["country"], only(text, 903)["country"]) == ("ML", "ML")


def test_a_name_with_digits_does_not_cut_a_figure_from_its_place() -> None:
    text = (
        "Meningitis in Burundi. Two cases were confirmed for serogroup W135 in Cankuzo "
        "province last week."
    )
    assert (only(text, 2)["scope"], only(text, 2)["admin1"]) == ("subnational", "Cankuzo")


def test_areas_joined_by_a_slash_are_a_list() -> None:
    text = (
        "Meningitis in Uganda: the Ministry of Health has reported 187 suspected cases in "
        "Arua/ Koboko and Yumbe districts."
    )
    figure = only(text, 187)
    assert (figure["scope"], figure["area"]) == ("subnational", None)


def test_the_area_of_a_number_that_has_risen_owns_the_figure() -> None:
    text = (
        "The number of suspected cases of Ebola in the Kibaale District of western Uganda "
        "has now risen to 71 cases, including 17 fatalities."
    )
    assert (only(text, 71)["scope"], only(text, 71)["area"]) == ("subnational", "Kibaale")


def test_a_place_then_where_owns_the_figure() -> None:
    text = "Cholera in Tanzania. Cases were also reported in Pemba where there were 41 cases."
    assert (only(text, 41)["scope"], only(text, 41)["area"]) == ("subnational", "Pemba")


def test_a_laboratorys_town_is_not_the_figures() -> None:
    text = (
        "St. Louis encephalitis in New York. Of the 7 cases confirmed by the CDC laboratory "
        "in Fort Collins, Colorado, 2 have died."
    )
    assert all(c["admin1"] != "Colorado" for c in counts(text))


def test_a_greater_region_owns_the_figure_in_it() -> None:
    text = (
        "Hepatitis E in Sudan: 830 cases have been notified by clinics in the Greater "
        "Darfur region since May."
    )
    assert (only(text, 830)["scope"], only(text, 830)["area"]) == ("subnational", "Darfur")


def test_health_workers_and_their_deaths_are_a_part_not_the_countrys_total() -> None:
    text = (
        "Ebola in Guinea: 520 cases have been reported. Eleven health care workers have also "
        "been infected, 6 of whom have died."
    )
    assert (only(text, 11)["scope"], only(text, 6)["scope"]) == ("subset", "subset")
    assert only(text, 520)["scope"] == "national"


def test_a_figure_from_the_capital_is_part_of_the_country() -> None:
    text = (
        "Influenza in Peru. Since April, health officials have counted 612 cases of severe "
        "pneumonia from the capital."
    )
    figure = only(text, 612)
    assert (figure["scope"], figure["country"]) == ("subnational", "PE")


def test_whos_running_total_is_the_worlds_not_the_reporting_countrys() -> None:
    text = (
        "Novel coronavirus in the United Kingdom. The UK has reported 3 cases. Since "
        "September 2012, WHO has been informed of a total of 14 confirmed cases of the virus."
    )
    assert (only(text, 14)["scope"], only(text, 14)["country"]) == ("world", None)
    assert only(text, 3)["country"] == "GB"


def test_zanzibar_is_part_of_tanzania_not_the_country() -> None:
    text = "Cholera in Tanzania: 47 cases have been notified in Zanzibar since January."
    figure = only(text, 47)
    assert (figure["scope"], figure["country"], figure["area"]) == (
        "subnational",
        "TZ",
        "Zanzibar",
    )


def test_a_region_that_accounts_for_a_share_owns_its_bracketed_figure() -> None:
    text = (
        "Cholera in Tanzania. A total of 5,100 cases have been notified. The region of Dar es "
        "Salam accounts for 64% of the cases (3,270)."
    )
    assert (only(text, 3270)["scope"], only(text, 3270)["admin1"]) == (
        "subnational",
        "Dar es Salaam",
    )
    assert only(text, 5100)["scope"] == "national"


def test_cap_verde_an_older_spelling_is_cabo_verde() -> None:
    text = "Cap Verde: since October, 310 cases of cholera and 6 deaths have been notified."
    assert (only(text, 310)["country"], only(text, 6)["country"]) == ("CV", "CV")


def test_cote_d_ivoire_with_a_tilde_for_its_circumflex_is_still_the_country() -> None:
    # A typing slip seen in real bulletins: "õ" for "ô".
    text = "Cõte d'Ivoire: 14 cases of yellow fever have been notified since March."
    assert only(text, 14)["country"] == "CI"
