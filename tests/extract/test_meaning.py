"""What each figure is and where it holds: scope, kind, condition (issue 8).

Every sentence here is our own, modelled on what real reports say; the figures in the
comments are the ones the issue saw go wrong.
"""

from __future__ import annotations

from typing import Any

import pytest

import episignal


def counts(text: str, published: str = "2023-06-01") -> list[dict[str, Any]]:
    return list(episignal.extract(text, published)["counts"])


def only(text: str, value: int, published: str = "2023-06-01") -> dict[str, Any]:
    found = [c for c in counts(text, published) if c["value"] == value]
    assert len(found) == 1, [(c["value"], c["measure"]) for c in counts(text, published)]
    return found[0]


# --------------------------------------------------------------------------- kind


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        # burden and annual estimates, averages
        (
            "Each year dengue is estimated to cause at least 90 million cases worldwide.",
            90000000,
            "estimate",
        ),
        (
            "An estimated 2,000 people have been infected with cholera in the camps.",
            2000,
            "estimate",
        ),
        ("The average number of malaria cases reported annually is 4,500.", 4500, "estimate"),
        ("Rabies kills about 59,000 people a year.", 59000, "estimate"),
        # forecasts, projections, scenarios
        (
            "Officials said the city could see up to 2,300 new cases per day by November.",
            2300,
            "forecast",
        ),
        (
            "Modelling suggests the epidemic is expected to reach 5,000 cases by July.",
            5000,
            "forecast",
        ),
        ("In the worst-case scenario, 12,000 people would be infected.", 12000, "forecast"),
        # targets and capacities
        ("The new laboratory can test up to 800 samples a day.", 800, "target"),
        ("The campaign is to reach 1.2 million vaccinated children by June.", 1200000, "target"),
        # baselines
        ("Normally, about 25 bodies a week are buried at the cemetery.", 25, "baseline"),
        # an observation
        ("Kenya reported 40 new cholera cases on Monday.", 40, "observed"),
    ],
)
def test_figures_that_are_not_observations(text: str, value: int, kind: str) -> None:
    assert only(text, value)["kind"] == kind


@pytest.mark.parametrize(
    "text",
    [
        "The campaign aims to vaccinate 1.2 million children against measles.",
        "Over 235,000 people in the affected districts have been targeted for vaccination.",
    ],
)
def test_a_campaigns_target_is_never_an_observed_count(text: str) -> None:
    assert all(c["kind"] != "observed" for c in counts(text))


def test_frequencies_and_ratios_are_no_counts() -> None:
    assert counts("The players were tested two or three times a week.") == []
    assert counts("One in 63 babies was born with the condition.") == []


# --------------------------------------------------------------------------- what is counted


@pytest.mark.parametrize(
    ("text", "value", "measure"),
    [
        (
            "In 2018, 14,579,818 under-5 children were vaccinated against measles.",
            14579818,
            "vaccinated",
        ),
        ("By Friday, 5,892,901 people had been vaccinated in Luanda.", 5892901, "vaccinated"),
        # positive samples are neither people tested nor cases
        ("Of 100 samples, 64 samples were positive for common respiratory viruses.", 64, "other"),
        ("Of 100 samples, 64 samples were positive for common respiratory viruses.", 100, "tested"),
        ("Health workers have traced 320 contacts of the cases.", 320, "other"),
    ],
)
def test_people_vaccinated_tested_or_traced_are_never_cases(
    text: str, value: int, measure: str
) -> None:
    assert only(text, value)["measure"] == measure


def test_populations_and_animal_outbreaks_are_no_human_cases() -> None:
    text = (
        "The affected districts have a total population of approximately 300 million. "
        "In Brazil, 883 epizootics of non-human primates were reported."
    )
    assert counts(text) == []


def test_a_figure_of_another_condition_never_goes_to_the_disease() -> None:
    text = (
        "Malaria cases are rising in Niger, where 3.1 million cases of moderate acute "
        "malnutrition were recorded this year."
    )
    figure = only(text, 3100000)
    assert figure["condition"] == "moderate acute malnutrition"


def test_a_job_pages_sidebar_makes_no_deaths() -> None:
    text = "Workplace safety: in 2021 there were 5,333 fatal occupational injuries in the US."
    assert all(c["condition"] for c in counts(text))


# --------------------------------------------------------------------------- scope


@pytest.mark.parametrize(
    ("text", "value", "scope"),
    [
        (
            "There were 3.1 million dengue cases for the Region of the Americas in 2023.",
            3100000,
            "region",
        ),
        ("Globally, 1,621 laboratory-confirmed cases of MERS have been reported.", 1621, "world"),
        (
            "A total of 28,600 Ebola cases were reported in Guinea, Liberia and Sierra Leone.",
            28600,
            "multi_country",
        ),
        ("Of the 148 cases reported in Katwa to date, 30 were health workers.", 148, "subnational"),
        (
            "Cases were also reported in Mandiana (13 cases) and Kankan (4 cases).",
            13,
            "subnational",
        ),
        ("Investigators found 66 cases linked to one hospital in the capital.", 66, "facility"),
        (
            "Out of 100 probable cases with available clinical data, most had fever.",
            100,
            "subset",
        ),
        ("The outbreak has caused 40 cases, including 12 health workers.", 12, "subset"),
        ("Kenya has reported 40 cholera cases this week.", 40, "national"),
    ],
)
def test_where_a_figure_holds(text: str, value: int, scope: str) -> None:
    assert only(text, value)["scope"] == scope


def test_a_district_figure_carries_its_area() -> None:
    figure = only("Of the 148 cases reported in Katwa to date, 30 were health workers.", 148)
    assert figure["area"] == "Katwa" and figure["country"] == "CD"


def test_per_country_figures_in_brackets() -> None:
    text = (
        "Most of the 780 monkeypox cases were reported from the United Kingdom (207), "
        "Spain (156) and Portugal (138)."
    )
    by_value = {c["value"]: c for c in counts(text)}
    assert {v: by_value[v]["country"] for v in (207, 156, 138)} == {
        207: "GB",
        156: "ES",
        138: "PT",
    }
    assert all(by_value[v]["measure"] == "cases" for v in (207, 156, 138))
    assert by_value[780]["scope"] == "multi_country"


def test_per_country_figures_in_a_table() -> None:
    text = "Country | Cases | Deaths\nGuinea | 3,108 | 2,057\nLiberia | 9,007 | 3,900\nTotal | 12,115 | 5,957\n"
    by_value = {c["value"]: c for c in counts(text)}
    assert by_value[3108]["country"] == "GN" and by_value[3900]["country"] == "LR"
    assert by_value[12115]["scope"] == "multi_country"


def test_a_bulletins_sections_give_their_figures_a_country() -> None:
    text = (
        "Benin: The outbreak has spread to two regions.\n"
        "A total of 210 cases including 4 deaths has been reported.\n"
        "Niger: The outbreak continues.\n"
        "To date, a total of 431 cases including 44 deaths has been reported.\n"
    )
    by_value = {c["value"]: c["country"] for c in counts(text)}
    assert by_value[210] == "BJ" and by_value[431] == "NE"


# --------------------------------------------------------------------------- running totals


@pytest.mark.parametrize(
    "text",
    [
        "The number of cholera cases rose to 57.",
        "The cholera case count now stands at 57.",
        "The cholera outbreak has reached 57 cases.",
        "Three new cases bring the total to 57 cholera cases.",
        "A total of 57 cholera cases have been reported.",
    ],
)
def test_running_totals_are_cumulative(text: str) -> None:
    assert only(text, 57)["cumulative"] is True


# --------------------------------------------------------------------------- single cases


@pytest.mark.parametrize(
    ("text", "measure", "status", "cumulative"),
    [
        (
            "Health officials in Indonesia reported a case of avian influenza A(H5N1) in Bali.",
            "cases",
            None,
            None,
        ),
        (
            "China notified WHO of an additional laboratory-confirmed case of avian influenza "
            "A(H5N6).",
            "cases",
            "confirmed",
            False,
        ),
        ("Peru confirmed the first case of dengue in Lima this year.", "cases", None, False),
        ("Bangladesh reported an isolated case of Nipah virus infection.", "cases", None, None),
        ("Uganda reported a fatal case of Marburg virus disease.", "deaths", None, None),
        ("The index case of the measles cluster was a traveller.", "cases", None, None),
        (
            "A probable case of sexual transmission of Zika was reported in France.",
            "cases",
            "probable",
            None,
        ),
    ],
)
def test_single_cases_are_counts(
    text: str, measure: str, status: str | None, cumulative: bool | None
) -> None:
    (figure,) = counts(text)
    assert (figure["value"], figure["measure"], figure["status"], figure["cumulative"]) == (
        1,
        measure,
        status,
        cumulative,
    )


@pytest.mark.parametrize(
    "text",
    [
        "In the case of cholera, oral rehydration is the first treatment.",
        "The court will hear a case against the company next week.",
        "Nigeria was declared free of Ebola after 42 days without a new case.",
        "Contacts of a case are followed for 21 days.",
        "The first case is a 45-year-old man from Riyadh with diabetes.",
    ],
)
def test_case_in_other_senses_is_no_count(text: str) -> None:
    assert [c for c in counts(text) if c["value"] == 1] == []
