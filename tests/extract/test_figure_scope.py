"""Where a figure belongs, by family (issue 8, round 3: scope and place).

Every sentence here is our own. Each test pins one family of series points the audit of
the WHO reports found on the wrong line: a district's or a camp's figure on the national
series, a figure of several countries given to one, the world's figure given to the
country a heading names, and a reporting country's figure of some of its areas.
"""

from __future__ import annotations

from typing import Any

import episignal


def counts(text: str, published: str = "2016-05-10") -> list[dict[str, Any]]:
    return list(episignal.extract(text, published)["counts"])


def only(text: str, value: int) -> dict[str, Any]:
    found = [c for c in counts(text) if c["value"] == value]
    assert len(found) == 1, [(c["value"], c["measure"]) for c in counts(text)]
    return found[0]


def where(count: dict[str, Any]) -> tuple[str, str | None, str | None]:
    return count["scope"], count["country"], count["area"]


# ----------------------------------------------------- a reporting country's areas


def test_a_country_that_reports_a_figure_of_its_districts_files_it_below_the_nation() -> None:
    text = (
        "Yellow fever in Gabon. On 2 May, the health ministry in Gabon reported four cases "
        "of yellow fever in Moanda and Bakoumba districts of the south-east."
    )
    assert where(only(text, 4))[:2] == ("subnational", "GA")


def test_a_country_that_reports_a_figure_of_itself_stays_national() -> None:
    text = "Cholera in Zambia. On 2 May, the health ministry of Zambia reported 410 cases."
    assert where(only(text, 410)) == ("national", "ZM", None)


# ----------------------------------------------------- asides between a figure and its place


def test_a_case_fatality_aside_does_not_cut_a_figure_from_its_town() -> None:
    text = (
        "Meningitis in Nigeria. The ministry counted 41 cases and 12 deaths, a case fatality "
        "rate of 29%, of meningococcal disease in Kaduna."
    )
    assert where(only(text, 41))[0] == "subnational"
    assert where(only(text, 12))[0] == "subnational"


def test_a_long_aside_does_not_push_a_list_of_regions_out_of_reach() -> None:
    text = (
        "Rift Valley fever in Tanzania. By 30 April, 96 suspected cases, including 31 deaths "
        "of Rift Valley fever (case-fatality ratio 32.3%) had been notified in Arusha region "
        "and Dodoma region, Tanzania."
    )
    assert where(only(text, 96)) == ("subnational", "TZ", None)  # both regions, not Arusha


def test_a_period_whose_second_day_follows_a_hyphen_does_not_cut_the_place() -> None:
    text = (
        "Meningitis in Mali. WHO has counted 640 cases including 51 deaths for the weeks "
        "3 April-24 April in Mopti, near the border with Burkina Faso."
    )
    assert where(only(text, 640))[0] == "subnational"


def test_a_direction_before_a_country_after_the_figure_is_a_part_of_it() -> None:
    text = (
        "Hepatitis E in Sudan. From 2 March to 30 April, 812 cases with an overall case "
        "fatality rate of 1.2% were reported from two towns in western Sudan, Geneina and "
        "Zalingei."
    )
    assert where(only(text, 812))[:2] == ("subnational", "SD")


# ----------------------------------------------------- some areas named by their kind


def test_a_figure_in_the_districts_of_two_towns_is_theirs() -> None:
    text = (
        "Ebola in Gabon. As of 4 May, a total of 23 probable cases, including 19 deaths, "
        "had been reported in Gabon in the districts of Makokou and Mekambo."
    )
    assert where(only(text, 23)) == ("subnational", "GA", None)


def test_a_country_then_one_of_its_districts_is_the_districts() -> None:
    text = "Ebola in Gabon. As of 4 May, 23 probable cases had been reported in Gabon, in Makokou."
    assert where(only(text, 23)) == ("subnational", "GA", "Makokou")


def test_an_area_opening_the_sentence_owns_the_ministrys_figure() -> None:
    text = (
        "Cholera in Burundi. The outbreak goes on. In Makamba province the Ministry of Health "
        "has counted 88 cases including 2 deaths since April, and 40 cases in Bururi province."
    )
    assert where(only(text, 88)) == ("subnational", "BI", "Makamba")
    assert where(only(text, 2)) == ("subnational", "BI", "Makamba")
    assert where(only(text, 40)) == ("subnational", "BI", "Bururi")


def test_a_second_figure_of_the_same_noun_keeps_its_place_to_itself() -> None:
    text = (
        "Cholera in Burundi. The ministry has reported 46 cases from 5 to 30 April and 157 "
        "cases from 1 to 20 May in Cibitoke province."
    )
    assert where(only(text, 46))[2] is None
    assert where(only(text, 157))[2] == "Cibitoke"


def test_a_country_opening_the_sentence_stays_national() -> None:
    text = (
        "Cholera in Burundi. The outbreak goes on. In Burundi the Ministry of Health has "
        "counted 88 cases including 2 deaths since April."
    )
    assert where(only(text, 88)) == ("national", "BI", None)


def test_a_district_in_the_region_of_another_area_is_the_districts() -> None:
    text = (
        "Cholera in Senegal. Podor district in the region of Saint-Louis has been affected "
        "since April, with 17 cases reported this week."
    )
    assert where(only(text, 17))[0] == "subnational"
    assert only(text, 17)["area"] == "Podor"


def test_a_figure_in_the_north_of_the_country_is_below_the_nation() -> None:
    text = (
        "Meningitis in Benin. WHO has received reports from Benin. In the north of the "
        "country, 270 cases and 31 deaths have been notified."
    )
    assert where(only(text, 270))[:2] == ("subnational", "BJ")


# ----------------------------------------------------- camps


def test_a_refugee_camps_figure_is_the_camps() -> None:
    text = (
        "Hepatitis E in Ethiopia. An outbreak has been reported in Ethiopia. Kobe refugee "
        "camp has notified 72 cases and 3 deaths."
    )
    assert where(only(text, 72)) == ("subnational", "ET", "Kobe")


# ----------------------------------------------------- several countries, or the world


def test_two_ministries_reporting_together_give_a_multi_country_figure() -> None:
    text = (
        "MERS in the Middle East. On 3 May, the Ministries of Health of Oman and the United "
        "Arab Emirates (UAE) reported 4 additional laboratory-confirmed cases."
    )
    assert where(only(text, 4))[0] == "multi_country"


def test_one_ministry_with_its_short_form_stays_national() -> None:
    text = (
        "MERS in the Middle East. On 3 May, the Ministry of Health of the United Arab "
        "Emirates (UAE) reported 4 additional laboratory-confirmed cases."
    )
    assert where(only(text, 4))[:2] == ("national", "AE")


def test_a_total_from_these_countries_is_several_countries() -> None:
    text = (
        "Meningitis in West Africa. Mali, Niger and Chad have reported epidemics. Early "
        "reports from these countries give a total of 3,410 cases (290 deaths)."
    )
    assert where(only(text, 3410))[0] == "multi_country"


def test_cases_globally_after_a_country_heading_are_the_worlds() -> None:
    text = "Situation in Canada, over 9000 cases globally, and the countries with recent cases."
    assert where(only(text, 9000))[0] == "world"


# ----------------------------------------------------- a place named before, or an island


def test_a_figure_in_the_city_is_the_city_named_before() -> None:
    text = (
        "Cholera in Mozambique. Most new cases were seen in Nampula City, Nampula Province. "
        "Some 350 cases with 12 deaths were notified this week in the city."
    )
    assert where(only(text, 350))[0] == "subnational"
    assert only(text, 350)["area"] == "Nampula"


def test_a_figure_notified_on_an_island_is_the_islands() -> None:
    text = (
        "Chikungunya in France. France reports that by 10 March, 1 420 cases had been "
        "notified on La Reunion."
    )
    assert where(only(text, 1420))[0] == "subnational"


# ----------------------------------------------------- neighbours, laboratories, parts


def test_a_neighbouring_countrys_district_is_not_the_figures_place() -> None:
    text = (
        "Meningitis in the Congo and Uganda. In the Democratic Republic of the Congo, "
        "teams are working in Mahagi district that neighbours Nebbi district in Uganda, "
        "where 88 cases, including 9 deaths, were counted in January."
    )
    assert only(text, 88)["country"] == "CD"


def test_reference_laboratories_in_two_places_are_not_the_figures() -> None:
    text = (
        "Avian influenza in Indonesia. Indonesia reports a family cluster. Two viruses "
        "isolated from the patients were sequenced by reference laboratories in Hong Kong and "
        "the United States."
    )
    assert [c["country"] for c in counts(text)] == ["ID"]


def test_the_northern_states_of_a_country_are_part_of_it() -> None:
    text = (
        "Polio in Nigeria. This year, the northern states of Nigeria have seen an outbreak "
        "of type 1 poliovirus with 120 cases."
    )
    assert where(only(text, 120))[:2] == ("subnational", "NG")


def test_a_figure_alone_in_brackets_takes_the_place_after_them() -> None:
    text = (
        "Cholera in Nigeria. Outbreaks are spreading. The largest number of cases (640 with "
        "21 deaths) was notified in Kaduna State."
    )
    assert where(only(text, 640))[0] == "subnational"
    assert only(text, 640)["admin1"] == "Kaduna"


def test_a_place_inside_the_figures_own_phrase_is_its_place() -> None:
    text = (
        "Cholera in Kenya. Kenya reports cholera. Since 2 May, the twelve patients in Mombasa "
        "are being treated in isolation in one ward."
    )
    assert where(only(text, 12))[2] == "Mombasa"


def test_a_collaborating_centres_country_named_far_after_its_name_is_not_the_figures() -> None:
    text = (
        "Yellow fever in Mali. Mali reports yellow fever in Kayes. After first tests, 9 "
        "blood samples from suspected cases were sent to the WHO Collaborating Centre for "
        "Yellow Fever, the Pasteur Institute, Dakar, Senegal."
    )
    assert only(text, 9)["country"] == "ML"


def test_what_other_countries_are_reporting_is_not_the_reports_country() -> None:
    text = (
        "Meningitis in Chad. Chad has notified 2 300 cases this year. Other countries of the "
        "belt are reporting fewer cases; other countries are reporting under 40 cases a week."
    )
    assert where(only(text, 40))[0] == "multi_country"


def test_a_district_then_its_province_is_the_district_not_a_list() -> None:
    text = (
        "Plague in Mozambique. The ministry reports that 64 cases of plague occurred in "
        "Mutarara District, Tete Province, since June."
    )
    assert where(only(text, 64)) == ("subnational", "MZ", "Mutarara")


def test_a_part_named_with_its_place_stays_a_part() -> None:
    text = "Ebola in Guinea. Eleven of the cases in Conakry have been confirmed by a laboratory."
    assert only(text, 11)["scope"] == "subset"


def test_a_countrys_figure_broken_down_by_town_stays_the_countrys() -> None:
    text = (
        "MERS in Saudi Arabia. During May, Saudi Arabia reported 9 cases, including 3 deaths, "
        "from Jeddah (4), Riyadh (3) and Taif (2)."
    )
    assert where(only(text, 9)) == ("national", "SA", None)


def test_the_areas_of_listed_villages_share_their_figure_and_its_deaths() -> None:
    text = (
        "Cholera in Sudan. The areas of Pibor, Nasir and Ulang have reported a total of 640 "
        "cases with 31 deaths."
    )
    assert where(only(text, 640)) == ("subnational", "SD", None)
    assert where(only(text, 31)) == ("subnational", "SD", None)
