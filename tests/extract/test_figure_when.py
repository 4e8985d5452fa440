"""What a figure is and when: its date, status, cumulative flag and value, as families.

Each case is a sentence of our own; a family is pinned with several wordings so that a rule
fitted to one instance fails here.
"""

from __future__ import annotations

from typing import Any

import pytest

import episignal


def _counts(text: str, published: str) -> list[dict[str, Any]]:
    return list(episignal.extract(text, published)["counts"])


def _first(text: str, published: str, measure: str = "cases") -> dict[str, Any]:
    return next(c for c in _counts(text, published) if c["measure"] == measure)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # a month that ends a period: its last day, not the report's date
        (
            "Between February and April 2003, the ministry recorded 9 410 cases of malaria.",
            "2003-07-02",
            "2003-04-30",
        ),
        (
            "By October 2011, 812 cases of cholera had been notified in Benin.",
            "2011-12-05",
            "2011-10-31",
        ),
        (
            "As of August 2006, the authorities of Chad counted 1 230 cases of hepatitis E.",
            "2006-09-14",
            "2006-08-31",
        ),
        # a month the figure fell in, once it has ended
        ("In March, Togo reported 57 cases of meningitis.", "2007-05-20", "2007-03-31"),
        ("Ghana notified 210 cases of cholera during January 2012.", "2012-02-15", "2012-01-31"),
        # a part of a month: its day
        (
            "Eleven cases of anthrax were seen in Kyrgyzstan during the first half of July.",
            "2010-07-28",
            "2010-07-15",
        ),
        # a past year: its last day
        ("Last year, Mali notified 4 310 cases of meningitis.", "2008-03-03", "2007-12-31"),
        (
            "In a 2004 outbreak of anthrax in Zambia, 71 cases were treated at clinics.",
            "2006-05-02",
            "2004-12-31",
        ),
        # a month the figure's own phrase names, over the day the report came or a day of
        # something else in its sentence
        (
            "On 4 June 2012, the ministry notified 61 cases of dengue in Suva in May.",
            "2012-06-08",
            "2012-05-31",
        ),
        (
            "Vaccination ran from 3 to 9 June 2012 in Suva, after three cases of measles were "
            "confirmed there in April 2012.",
            "2012-06-20",
            "2012-04-30",
        ),
        # an end date after "since ... up to": the end, not the report's date
        (
            "Some 2 118 cases of cholera were notified in Angola since November up to 12 March.",
            "2006-03-20",
            "2006-03-12",
        ),
    ],
)
def test_a_figure_of_an_ended_period_is_dated_by_its_end(
    text: str, published: str, expected: str
) -> None:
    assert _first(text, published)["date"] == expected


@pytest.mark.parametrize(
    ("text", "published"),
    [
        # the current month and year are still running: the report's date holds downstream
        ("In May, Togo reported 57 cases of meningitis.", "2007-05-20"),
        ("So far this year, 88 cases of cholera have been reported in Malawi.", "2009-06-01"),
        # when something began is no figure's date
        (
            "The outbreak was first identified in March 2014 and has caused 88 cases of Ebola.",
            "2014-06-01",
        ),
        # a month named after another figure belongs to that figure
        ("Benin now counts 61 cases of cholera, against 20 in April.", "2009-06-01"),
    ],
)
def test_a_running_or_opening_period_gives_no_date(text: str, published: str) -> None:
    assert _first(text, published)["date"] is None


def test_a_month_of_another_figure_leaves_the_day_of_the_report() -> None:
    text = "On 4 June, Benin counted 61 cases of cholera, against 20 in April."
    assert _first(text, "2009-06-08")["date"] == "2009-06-04"


# --------------------------------------------------------------------------- status


@pytest.mark.parametrize(
    "text",
    [
        # after the noun, past the disease's name and a bracket
        "In Niger, 4 cases of circulating vaccine-derived poliovirus (cVDPV2) have been confirmed.",
        "Six cases of yellow fever have been laboratory confirmed in Guinea.",
        "To date 31 cases of avian influenza have been laboratory-confirmed in Egypt.",
        # before the noun
        "Peru reported 12 laboratory-confirmed cases of plague.",
        "Spraying began after laboratory confirmation of 12 cases of plague in Peru.",
        "Peru reported 12 confirmed cases of plague.",
    ],
)
def test_a_status_word_before_or_after_the_noun_is_read(text: str) -> None:
    assert _first(text, "2014-03-01")["status"] == "confirmed"


def test_a_status_in_brackets_and_of_which_are_read() -> None:
    bracket = _counts(
        "Liberia has 48 cases of Lassa fever (19 laboratory-confirmed).", "2014-03-01"
    )
    assert [(c["value"], c["status"]) for c in bracket] == [(48, None), (19, "confirmed")]
    of_which = _counts(
        "Kenya has notified 90 cases of cholera, of which 14 were confirmed.", "2014-03-01"
    )
    assert [(c["value"], c["status"]) for c in of_which] == [(90, None), (14, "confirmed")]


def test_a_list_of_places_takes_the_status_of_the_noun_it_counts() -> None:
    text = (
        "These countries have reported laboratory confirmed cases of influenza with no deaths "
        "- Chile (3), Japan (17) and Norway (2)."
    )
    found = _counts(text, "2009-05-20")
    assert [(c["value"], c["country"], c["status"]) for c in found] == [
        (3, "CL", "confirmed"),
        (17, "JP", "confirmed"),
        (2, "NO", "confirmed"),
    ]
    plain = _counts("Cases of cholera came from Kenya (12) and Uganda (4).", "2009-05-20")
    assert [c["status"] for c in plain] == [None, None]


# --------------------------------------------------------------------------- cumulative


def test_a_cue_right_after_another_number_is_that_numbers() -> None:
    text = (
        "The tally of dengue cases in Fiji has grown with 9 new cases and is now at 130 cases, "
        "with 70 cases in Suva."
    )
    assert [(c["value"], c["cumulative"]) for c in _counts(text, "2014-02-01")] == [
        (9, False),
        (130, True),
        (70, True),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "During the second week of March a total of 640 cases of cholera were seen in Haiti.",
        "In the past 24 hours, a total of 72 cases of cholera were admitted in Haiti.",
        "In total, 515 cases of cholera were notified in Haiti during epidemiological week 9.",
    ],
)
def test_a_total_over_a_day_or_week_is_that_periods_new_cases(text: str) -> None:
    assert _first(text, "2011-03-20")["cumulative"] is False


@pytest.mark.parametrize(
    "text",
    [
        "A total of 812 cases of cholera had been notified in Haiti on Sunday.",
        "From 1 January to 6 March, Chad notified WHO of 1 214 cases of meningitis.",
        "Between 1 January and 6 March, 1 214 cases of meningitis were notified in Chad.",
    ],
)
def test_a_total_since_the_year_began_is_cumulative(text: str) -> None:
    assert _first(text, "2011-03-20")["cumulative"] is True


def test_a_period_not_from_the_years_start_says_nothing_of_the_flag() -> None:
    text = "From 14 February to 6 March, Chad notified WHO of 1 214 cases of meningitis."
    assert _first(text, "2011-03-20")["cumulative"] is None


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    "text",
    [
        "Fewer pandemic H1N1 2009 virus infected cases were seen in Chile this winter.",
        "Chile saw fewer influenza A(H1N1) 2009 cases this winter than last.",
    ],
)
def test_a_year_in_a_virus_name_is_no_count(text: str) -> None:
    assert all(c["value"] != 2009 for c in _counts(text, "2010-08-27"))


# --------------------------------------------------------------------------- report days


def test_a_days_new_figures_reported_on_a_weekday_cover_the_day_before() -> None:
    # published on a Sunday: the bulletin out that day counts Saturday, and so do the
    # report's undated figures; a figure recorded on a day is that day's
    text = (
        "Laos on Sunday reported 120 new cases of dengue and 3 more deaths. "
        "Altogether 4 410 people have fallen ill with dengue since March, the ministry said. "
        "On Friday alone, 95 people fell ill with dengue."
    )
    found = [(c["value"], c["date"]) for c in _counts(text, "2019-07-14")]
    assert found == [
        (120, "2019-07-13"),
        (3, "2019-07-13"),
        (4410, "2019-07-13"),
        (95, "2019-07-12"),
    ]


def test_a_day_a_figure_was_recorded_is_its_own() -> None:
    text = "Laos recorded 140 new cases of dengue on Sunday, the ministry reported on Monday."
    assert _first(text, "2019-07-15")["date"] == "2019-07-14"


def test_a_report_of_today_keeps_its_day() -> None:
    text = "China has today reported 40 new cases of SARS, bringing the total to 1 200 cases."
    assert [c["date"] for c in _counts(text, "2003-04-21")] == ["2003-04-21", "2003-04-21"]


# --------------------------------------------------------------------------- persons


@pytest.mark.parametrize(
    "text",
    [
        "The disease is named for the bent posture of a person suffering from chikungunya.",
        "A person infected with rabies can die within days of the first symptoms.",
        "If a person is infected with anthrax, antibiotics are given at once.",
    ],
)
def test_a_person_of_a_general_statement_is_no_case(text: str) -> None:
    assert _counts(text, "2010-08-27") == []


def test_a_person_of_a_report_is_a_case() -> None:
    text = "A man suffering from rabies died in Goa after a dog bite."
    assert [(c["value"], c["measure"]) for c in _counts(text, "2010-08-27")] == [(1, "cases")]


# --------------------------------------------------------------------------- diseases


def test_a_figure_takes_the_disease_its_sentence_names_by_its_virus() -> None:
    text = (
        "Cholera: the ministry counted 14 new suspected cases of cholera in Leon. "
        "Dengue: the ministry counted 31 new suspected cases of classic dengue in Leon. "
        "Yellow fever: 4 cases of yellow fever were notified in Leon."
    )
    found = [(c["value"], c["disease"]) for c in _counts(text, "1998-11-30")]
    assert found == [(14, "Cholera"), (31, "Dengue"), (4, "Yellow fever")]


# --------------------------------------------------------------------------- flattened tables


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("New (2) Confirmed Probable Suspect Totals", (None, False)),
        ("New Confirmed Probable Suspect Totals by country", (None, False)),
        ("Confirmed Probable Suspect New Totals", ("confirmed", None)),
    ],
)
def test_a_flattened_table_rows_first_figure_is_its_first_columns(
    header: str, expected: tuple[str | None, bool | None]
) -> None:
    text = (
        f"Table 2. Cases of Lassa fever by state. {header} Ghana Cases 14 301 77 9 401 "
        "Deaths 3 150 77 1 231 Togo Cases 22 111 205 84 422 Deaths 8 90 101 30 229"
    )
    found = _counts(text, "2015-03-01")
    assert [c["value"] for c in found] == [14, 3, 22, 8]
    assert {(c["status"], c["cumulative"]) for c in found} == {expected}


# --------------------------------------------------------------------------- pairs


def _frames(text: str, published: str) -> list[tuple[int, str, str | None, bool | None]]:
    return [
        (c["value"], c["measure"], c["status"], c["cumulative"]) for c in _counts(text, published)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "In all, 418 cases and 11 deaths of dengue were recorded in Samoa from 2 May to 9 July.",
        "A total of 418 cases with 11 deaths has been notified in Samoa.",
        "Since March, Samoa has notified 418 cases, including 11 deaths.",
        "Since March, the number of cases in Samoa was 418 with 11 deaths.",
    ],
)
def test_the_second_figure_of_a_pair_shares_the_firsts_period(text: str) -> None:
    assert [(v, cum) for v, _, _, cum in _frames(text, "2013-07-15")] == [(418, True), (11, True)]


@pytest.mark.parametrize(
    "text",
    [
        "Niger notified 1 906 cases and 42 deaths of suspected cholera in Maradi.",
        "Since June, 1 906 cases and 42 deaths of confirmed cholera were seen in Maradi.",
    ],
)
def test_a_status_after_a_pair_scopes_both_figures(text: str) -> None:
    statuses = {status for _, _, status, _ in _frames(text, "2012-09-01")}
    assert len(statuses) == 1 and None not in statuses


def test_a_status_before_the_first_figure_stays_its_own() -> None:
    found = _frames("Niger notified 1 906 suspected cases and 42 deaths.", "2012-09-01")
    assert [(v, status) for v, _, status, _ in found] == [(1906, "suspected"), (42, None)]


# --------------------------------------------------------------------------- running totals


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("In Benin, 612 cases and 19 deaths had been notified by 3 April.", "2011-04-03"),
        ("By 3 April, the number of measles cases in Benin was said to be 612.", "2011-04-03"),
        ("Benin had notified 612 cases of measles up to 3 April.", "2011-04-03"),
    ],
)
def test_a_figure_by_a_date_is_a_running_total_as_of_it(text: str, date: str) -> None:
    found = _counts(text, "2011-04-20")
    assert found and all(c["cumulative"] is True and c["date"] == date for c in found)
    assert found[0]["value"] == 612


def test_a_figure_reported_by_someone_is_not_a_running_total() -> None:
    found = _first("Five new cases of measles were reported by the ministry in May.", "2011-06-20")
    assert found["cumulative"] is False


# --------------------------------------------------------------------------- breakdowns


@pytest.mark.parametrize(
    "breakdown",
    [
        "The distribution of these cases is as follows: Kindia, 71 cases including 40 deaths; "
        "Boke, 233 cases including 129 deaths.",
        "The classification of the cases and deaths is as follows: confirmed (71 cases and "
        "40 deaths); probable (233 cases and 129 deaths).",
    ],
)
def test_a_breakdown_of_a_running_total_shares_its_frame(breakdown: str) -> None:
    text = (
        "As of 21 August, the cumulative number of cases of Ebola virus disease in Guinea "
        f"stands at 304, including 169 deaths. {breakdown}"
    )
    found = _counts(text, "2014-08-28")
    assert [c["value"] for c in found] == [304, 169, 71, 40, 233, 129]
    assert {(c["cumulative"], c["date"]) for c in found} == {(True, "2014-08-21")}


def test_a_breakdown_of_new_cases_stays_new() -> None:
    text = (
        "On 26 August, 9 new cases were notified in Guinea. The distribution of these cases "
        "is as follows: Kindia, 5 cases; Boke, 4 cases."
    )
    found = _counts(text, "2014-08-28")
    assert {(c["cumulative"], c["date"]) for c in found} == {(False, "2014-08-26")}


def test_figures_after_a_running_total_without_a_breakdown_keep_their_own_frame() -> None:
    text = (
        "As of 21 August, the cumulative number of cases in Guinea stands at 304. "
        "Kindia reported 5 cases."
    )
    found = _counts(text, "2014-08-28")
    assert [(c["value"], c["cumulative"]) for c in found] == [(304, True), (5, None)]


def test_a_status_that_labels_a_pair_scopes_both_figures() -> None:
    text = "By status: confirmed (71 cases and 40 deaths); probable: 233 cases and 129 deaths."
    found = _frames(text, "2014-08-28")
    assert [(v, status) for v, _, status, _ in found] == [
        (71, "confirmed"),
        (40, "confirmed"),
        (233, "probable"),
        (129, "probable"),
    ]


def test_a_breakdown_details_the_running_total_not_the_new_figures_before_it() -> None:
    text = (
        "On 20 August, 12 new cases were notified in Guinea. As of 21 August, the cumulative "
        "number of cases in Guinea stands at 304, including 169 deaths. The distribution of "
        "the cases is as follows: Kindia, 71 cases; Boke, 233 cases."
    )
    found = _counts(text, "2014-08-28")
    assert [(c["value"], c["cumulative"]) for c in found][-2:] == [(71, True), (233, True)]
    assert found[-1]["date"] == "2014-08-21"
