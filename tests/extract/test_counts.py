"""Count extraction: what each number counts, how, and what it links to.

The other extractors' outputs are built by hand here, so these tests pin the count
extractor alone (the gold set in tests/gold covers the whole pipeline).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from episignal.document import (
    CountMention,
    DateMention,
    DiseaseMention,
    LocationMention,
    ResourceMention,
    SourceMention,
)
from episignal.extract.context import TextContext
from episignal.extract.counts import find_counts
from episignal.extract.numbers import find_quantities

PUBLISHED = dt.date(2022, 5, 16)


def counts(
    text: str,
    *,
    diseases: list[DiseaseMention] | None = None,
    locations: list[LocationMention] | None = None,
    dates: list[DateMention] | None = None,
    sources: list[SourceMention] | None = None,
    resources: list[ResourceMention] | None = None,
) -> list[CountMention]:
    ctx = TextContext(text, PUBLISHED)
    return find_counts(
        ctx, diseases or [], locations or [], dates or [], sources or [], resources or []
    )


def summary(text: str) -> list[tuple[int, str, str | None, bool | None]]:
    return [(c.value, c.measure, c.status, c.cumulative) for c in counts(text)]


def span_of(text: str, phrase: str, start: int = 0) -> tuple[int, int]:
    i = text.index(phrase, start)
    return (i, i + len(phrase))


def test_north_korea_report() -> None:
    text = (
        "North Korea reported 392,920 new fever cases and eight deaths on Sunday, state media "
        "said. More than 2.9 million people have shown fever symptoms since late April, and 68 "
        "have died. About 2.5 million have recovered so far and more than 400,000 are under "
        "treatment. Earlier, 1.2 million cases and 50 deaths had been recorded in total."
    )
    found = counts(text)
    got = [(c.value, c.measure, c.status, c.cumulative, c.approximate) for c in found]
    assert got == [
        (392920, "cases", "suspected", False, False),
        (8, "deaths", None, False, False),
        (2900000, "cases", "suspected", True, True),
        (68, "deaths", None, True, False),
        (2500000, "recovered", None, True, True),
        (400000, "active", None, None, True),
        (1200000, "cases", None, True, False),
        (50, "deaths", None, True, False),
    ]
    more_than = found[2]
    assert text[more_than.span[0] : more_than.span[1]] == "More than 2.9 million"
    assert more_than.low == 2900000 and more_than.high is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The death toll rose to 68.", [(68, "deaths", None, True)]),
        ("The outbreak killed 12 people.", [(12, "deaths", None, None)]),
        ("The illness caused the deaths of 3 people.", [(3, "deaths", None, None)]),
        ("Three dozen people fell ill.", [(36, "cases", None, None)]),
        # things sampled and places are not people
        ("About 3 dozen water samples were tested.", []),
        ("The quarantine of the 2 infected barns was extended.", []),
        ("The outbreak has been isolated to one herd.", []),
        ("The total number of infected farms is 99.", []),
        ("Newly reported fatalities ( 4 cases ) are listed.", [(4, "deaths", None, False)]),
        (
            "Total outbreak : 3919 Hospitalizations : 1905 Deaths : 25",
            [(1905, "hospitalized", None, None), (25, "deaths", None, None)],
        ),
        (
            "There are 7 confirmed deaths and another 4 under investigation.",
            [(7, "deaths", "confirmed", None), (4, "deaths", "suspected", False)],
        ),
        ("Infected babies rose to 1 in 63 births.", []),
        # a campaign's target and a population are not counts
        ("A campaign is being prepared, targeting 334 124 people in the affected areas.", []),
        ("The campaign aims to vaccinate 1.2 million children.", []),
        (
            "Mexico has reported 2059 laboratory confirmed human cases.",
            [(2059, "cases", "confirmed", None)],
        ),
        ("It led to the hospitalization of 30 children.", [(30, "hospitalized", None, None)]),
        ("Sixty-eight people have died.", [(68, "deaths", None, None)]),
        (
            "There were 120 suspected cases, including 4 deaths, as of 3 March.",
            [(120, "cases", "suspected", True), (4, "deaths", None, True)],
        ),
        (
            "Officials confirmed 339 cases, of which 102 were fatal.",
            [(339, "cases", "confirmed", None), (102, "deaths", None, None)],
        ),
        (
            "Italy reported 587 new cases, bringing the total to 2,502.",
            [(587, "cases", None, False), (2502, "cases", None, True)],
        ),
        (
            "Uganda has 3 confirmed and 27 suspected cases.",
            [(3, "cases", "confirmed", None), (27, "cases", "suspected", None)],
        ),
        (
            "In all, 131 cases: 100 are confirmed and 31 probable.",
            [
                (131, "cases", None, True),
                (100, "cases", "confirmed", None),
                (31, "cases", "probable", None),
            ],
        ),
        ("Some 400,000 people are receiving treatment.", [(400000, "active", None, None)]),
        ("A dozen patients were hospitalized.", [(12, "hospitalized", None, None)]),
        ("Health workers have tested 46,000 people.", [(46000, "tested", None, None)]),
        ("More than 3,481 people were vaccinated.", [(3481, "vaccinated", None, None)]),
        ("A further 52 people are in isolation.", [(52, "isolated", None, False)]),
        ("In the past 24 hours, 15 more died.", [(15, "deaths", None, False)]),
        ("Daily infections hit 2,214.", [(2214, "cases", None, False)]),
        ("The tally of infections climbed to 4,129.", [(4129, "cases", None, True)]),
        (
            "Liberia: cases 3,458; deaths 1,830.",
            [(3458, "cases", None, None), (1830, "deaths", None, None)],
        ),
        ("Dozens of people have fallen ill.", [(24, "cases", None, None)]),
        ("The disease has sickened 1,600 people.", [(1600, "cases", None, None)]),
        ("Twelve new cases were notified last week.", [(12, "cases", None, False)]),
        ("New Brunswick is reporting 2 suspect cases.", [(2, "cases", "suspected", None)]),
        ("For April 5 and 6, 21 new cases were reported.", [(21, "cases", None, False)]),
        ("There were 29 suspected cases in hospital staff.", [(29, "cases", "suspected", None)]),
        ("Three patients remain in hospital.", [(3, "hospitalized", None, None)]),
        (
            "The number of people in quarantine rose to 3,439.",
            [(3439, "isolated", None, None)],
        ),
        (
            "A total of 1,502 cases were reported, compared with 987 cases in 2014.",
            [(1502, "cases", None, True), (987, "cases", None, None)],
        ),
        (
            "Korea's total rose to 3,526, with 17 deaths.",
            [(3526, "cases", None, True), (17, "deaths", None, True)],
        ),
        ("Another 47 deaths are under investigation.", [(47, "deaths", "suspected", False)]),
        ("Two patients, aged 19 and 34, remain in hospital.", [(2, "hospitalized", None, None)]),
        ("Officials said 48,000 chickens will be culled.", [(48000, "other", None, None)]),
        ("13 children have been confirmed killed.", [(13, "deaths", "confirmed", None)]),
    ],
)
def test_measure_status_and_period(
    text: str, expected: list[tuple[int, str, str | None, bool | None]]
) -> None:
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "A 34-year-old man turned 35 on 28 April.",
        "Most patients are children aged 5 to 14 years.",
        "The 12 victims were all over 70.",
        "In 2015, the country had its worst year since 1998.",
        "The meeting began at 10:30.",
        "Some 79% of cases were women and 21 per cent were under 15.",
        "Incidence reached 3 per 100,000 inhabitants.",
        "The attack rate was 12 cases per 1,000 population.",
        "China sent $311,126 worth of vaccines.",
        "The bank pledged 300 million dollars.",
        "This is the 3rd outbreak this year.",
        "The country was declared free after 42 days without a case.",
        "They began a 14-day quarantine.",
        "Call the hotline 0800 029 999 now.",
        "The COVID-19 variant BA.2 and H5N1 were seen in week 14.",
        "Under Article 12 of the IHR, the committee met.",
        "Mpox has been reported in 29 countries.",
        "Cases were reported in 12 of the 26 provinces.",
        "Eighteen districts have reported cases.",
        "Ghana received 600,000 doses of vaccine.",
        "The government bought 10.6 million masks.",
        "See page 14 of the bulletin.",
        "No one has died.",
        "One in five tests came back positive.",
        "Poland has recorded 12 outbreaks in poultry.",
        "The incubation period ranges from 2 to 14 days.",
        "Summary: total outbreaks (1).",
        "It is the first deer from Hunt Area 1 to test positive.",
    ],
)
def test_numbers_that_are_not_counts(text: str) -> None:
    assert counts(text) == []


def test_a_single_person_with_a_verb_of_illness_is_one_count() -> None:
    text = "A 34-year-old man was admitted on 28 April."
    assert [(c.value, c.measure, text[c.span[0] : c.span[1]]) for c in counts(text)] == [
        (1, "hospitalized", "A 34-year-old")
    ]
    assert counts("A 64-year-old man with 4 sons and 1 daughter has moved.") == []


def test_animal_counts() -> None:
    text = "At the farm 3,000 birds died and the remaining 22,000 were culled."
    found = counts(text)
    assert [(c.value, c.measure, c.species) for c in found] == [
        (3000, "deaths", "animal"),
        (22000, "other", "animal"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Anthrax killed 28 hippos in the park.",
        "Plague was found in 12 prairie dogs.",
        "Some 300 beehives were destroyed.",
    ],
)
def test_wild_and_farmed_animals_are_animal_counts(text: str) -> None:
    assert {c.species for c in counts(text)} == {"animal"}


def test_human_and_animal_in_one_sentence() -> None:
    text = "Four people were infected, and 20,000 chickens were slaughtered."
    assert [(c.value, c.measure, c.species) for c in counts(text)] == [
        (4, "cases", "human"),
        (20000, "other", "animal"),
    ]


def test_text_table() -> None:
    text = "Province | Cases | Deaths\nKinshasa | 120 | 4\nEquateur | 1,034 | 12\n"
    assert [(c.value, c.measure) for c in counts(text)] == [
        (120, "cases"),
        (4, "deaths"),
        (1034, "cases"),
        (12, "deaths"),
    ]


def test_table_columns_give_status_and_period_and_skip_rates() -> None:
    text = "Zone\tNew confirmed\tTotal deaths\tCFR (%)\nNorth\t12\t3\t25.0"
    assert [(c.value, c.measure, c.status, c.cumulative) for c in counts(text)] == [
        (12, "cases", "confirmed", False),
        (3, "deaths", None, True),
    ]


def test_links_to_nearest_disease_place_date_and_source() -> None:
    text = (
        "Cholera is spreading. In Garissa, Kenya, 120 cases of cholera were reported on "
        "3 March, the ministry said. Measles has caused 40 cases in Nairobi."
    )
    cholera = DiseaseMention(
        "Cholera",
        "A00",
        mentions=(span_of(text, "Cholera"), span_of(text, "cholera", 40)),
    )
    measles = DiseaseMention("Measles", "B05", mentions=(span_of(text, "Measles"),))
    kenya = LocationMention(
        "Kenya", "country", "KE", affected=True, mentions=(span_of(text, "Kenya"),)
    )
    garissa = LocationMention(
        "Garissa", "admin1", "KE", affected=True, mentions=(span_of(text, "Garissa"),)
    )
    date = DateMention(dt.date(2022, 3, 3), "day", "3 March", span_of(text, "3 March"))
    source = SourceMention("ministry of health", "government", span_of(text, "the ministry"))
    found = counts(
        text,
        diseases=[cholera, measles],
        locations=[kenya, garissa],
        dates=[date],
        sources=[source],
    )
    first, second = found
    assert (first.value, first.disease, first.country, first.date, first.source) == (
        120,
        "Cholera",
        "KE",
        dt.date(2022, 3, 3),
        "ministry of health",
    )
    # "In Garissa, Kenya, 120 cases": the country only names the area's country
    assert (first.admin1, first.scope) == ("Garissa", "subnational")
    # The second sentence has no place, date or source of its own: the first affected place
    # of the document, no date, and the source of the sentence before.
    assert (second.value, second.disease, second.country, second.date, second.source) == (
        40,
        "Measles",
        "KE",
        None,
        "ministry of health",
    )


def test_links_fall_back_to_top_disease_and_nothing_when_lists_are_empty() -> None:
    flu = DiseaseMention("Influenza", "J11", mentions=((0, 9),))
    text = "Influenza season. 12 deaths were reported."
    (only,) = counts(text, diseases=[flu])
    assert only.disease == "Influenza"
    (bare,) = counts(text)
    assert (bare.disease, bare.country, bare.date, bare.source) == (None, None, None, None)


def test_numbers_inside_other_extractors_spans_are_skipped() -> None:
    text = "They donated 3 million doses; 12 cases were found in District 9."
    doses = ResourceMention("vaccine", span_of(text, "3 million doses"), quantity=3e6)
    district = LocationMention("District 9", "place", "ZA", mentions=(span_of(text, "District 9"),))
    assert [c.value for c in counts(text, resources=[doses], locations=[district])] == [12]


def test_fever_in_a_disease_name_is_not_a_symptom() -> None:
    text = "Angola has 582 yellow fever cases and 12 people with fever."
    yellow = DiseaseMention("Yellow fever", "A95", mentions=(span_of(text, "yellow fever"),))
    found = counts(text, diseases=[yellow])
    assert [(c.value, c.status) for c in found] == [(582, None), (12, "suspected")]


def test_empty_and_numberless_texts() -> None:
    assert counts("") == []
    assert counts("No figures were given.") == []


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "12",
                "1,200",
                "2.9 million",
                "sixty-three",
                "cases",
                "deaths",
                "died",
                "people",
                "new",
                "total",
                "including",
                "of which",
                "aged",
                "per",
                "%",
                ",",
                ".",
                "|",
                "\n",
                "the death toll rose to",
                "between",
                "and",
                "birds",
                "culled",
                "more than",
                "week",
            ]
        ),
        max_size=30,
    )
)
def test_any_text_yields_counts_whose_span_parses_to_the_value(parts: list[str]) -> None:
    text = " ".join(parts)
    for c in counts(text):
        assert 0 <= c.span[0] < c.span[1] <= len(text)
        values = [q.value for q in find_quantities(text[c.span[0] : c.span[1]])]
        assert c.value in values
        assert c.value >= 0


# --------------------------------------------------------------------------- as-of dates


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # A date that opens the counting period is not the figure's as-of date.
        (
            "North Korea said 350,000 people had shown fever symptoms since late April in its COVID-19 outbreak.",
            "2022-05-13",
            None,
        ),
        (
            "Since the first cases were reported in March 2022, Malawi has recorded 30,621 "
            "cholera cases.",
            "2023-01-24",
            None,
        ),
        (
            "As of 3 March 2017, Kenya reported 120 cholera cases since January.",
            "2017-03-05",
            "2017-03-03",
        ),
        # a day's new figures reported on Sunday are the bulletin's: they cover Saturday
        ("Malawi reported 612 new cholera cases on Sunday.", "2023-02-06", "2023-02-04"),
        ("Congo has reported 537 mpox deaths so far this year.", "2024-08-14", None),
    ],
)
def test_as_of_date_skips_period_starts(text: str, published: str, expected: str | None) -> None:
    import episignal

    counts = episignal.extract(text, published)["counts"]
    assert counts and counts[0]["date"] == expected


@pytest.mark.parametrize(
    ("text", "published", "historical"),
    [
        # a previous outbreak's figures are background
        (
            "An outbreak last occurred there in late 1994, when 216 plague cases were reported.",
            "1997-08-08",
            True,
        ),
        ("In 2012, the last Marburg outbreak in Uganda caused 20 cases.", "2014-10-10", True),
        ("Cholera is endemic and 1197 cholera cases were notified in 1998.", "1999-05-21", True),
        # the current figures are not
        ("Kenya reported 115 cholera cases between 7 June and 4 July.", "1997-08-08", False),
        ("Since 1990, 500 cholera deaths were recorded in Kenya.", "1997-08-08", False),
        ("In 2022, Malawi recorded 30,621 cholera cases.", "2023-01-24", False),
        ("Malawi reported 612 new cholera cases on Sunday.", "2023-02-06", False),
        # the outbreak's peak dates the outbreak, not the total
        (
            "Senegal: 19 863 cholera cases and 231 deaths have occurred during the outbreak, "
            "which began in January and peaked at the end of March.",
            "2005-08-26",
            False,
        ),
    ],
)
def test_figures_of_a_past_period_are_historical(
    text: str, published: str, historical: bool
) -> None:
    import episignal

    counts = episignal.extract(text, published)["counts"]
    assert counts and {c["historical"] for c in counts} == {historical}


def test_a_date_after_publication_is_no_figures_date() -> None:
    import episignal

    text = "Kenya reported 120 cholera cases; a campaign starts on 3 April."
    counts = episignal.extract(text, "2014-03-21")["counts"]
    assert [(c["value"], c["date"]) for c in counts] == [(120, None)]


def test_world_wide_figures_belong_to_no_country() -> None:
    import episignal

    text = (
        "Globally, since September 2012, WHO has been notified of 1,621 laboratory-confirmed "
        "cases of MERS-CoV, including at least 584 related deaths. The Republic of Korea "
        "reported 2 new cases."
    )
    counts = episignal.extract(text, "2015-11-26")["counts"]
    assert [(c["value"], c["country"]) for c in counts] == [(1621, None), (584, None), (2, "KR")]


def test_multi_country_figures_belong_to_no_country() -> None:
    import episignal

    text = "Mpox has spread to Kenya; 15,000 cases were reported in twelve countries."
    assert [c["country"] for c in episignal.extract(text, "2024-08-14")["counts"]] == [None]


def test_people_who_fell_ill_of_nothing_are_not_cases() -> None:
    import episignal

    text = "Iraq has 3,000 cholera cases. A total of 10 million pilgrims are expected to attend."
    assert [c["value"] for c in episignal.extract(text, "2015-11-26")["counts"]] == [3000]


def test_a_figure_named_again_with_nothing_new_is_one_claim() -> None:
    import episignal

    text = (
        "North Korea said 68 people had died of COVID-19 and nearly 2.9 million had fallen ill "
        "since late April. A death toll of 68 among 2.9 million patients would be a fatality "
        "rate of about 0.002 per cent."
    )
    counts = episignal.extract(text, "2022-05-24")["counts"]
    assert sorted(c["value"] for c in counts) == [68, 2900000]


def test_figures_of_many_reporting_countries_belong_to_no_country() -> None:
    import episignal

    text = (
        "As of 13 May 2009, 33 countries have officially reported 5728 cases of influenza "
        "A(H1N1) infection. Mexico has reported 2059 laboratory confirmed human cases."
    )
    found = {c["value"]: c["country"] for c in episignal.extract(text, "2009-05-13")["counts"]}
    assert found == {5728: None, 2059: "MX"}


# --------------------------------------------------------------------------- issue 8: what a figure is


def _figures(text: str, published: str = "2014-07-30") -> list[tuple[Any, ...]]:
    import episignal

    return [
        (c["value"], c["measure"], c["status"], c["cumulative"], c["date"])
        for c in episignal.extract(text, published)["counts"]
    ]


def test_a_breakdown_by_status_in_brackets_counts_the_measure_before_it() -> None:
    text = (
        "Ebola virus disease in Liberia: 212 cases (101 confirmed, 70 probable and 41 "
        "suspected) and 97 deaths (61 confirmed, 25 probable and 11 suspected)."
    )
    assert [(v, m, s) for v, m, s, _, _ in _figures(text)] == [
        (212, "cases", None),
        (101, "cases", "confirmed"),
        (70, "cases", "probable"),
        (41, "cases", "suspected"),
        (97, "deaths", None),
        (61, "deaths", "confirmed"),
        (25, "deaths", "probable"),
        (11, "deaths", "suspected"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # positive samples are neither people tested nor cases
        (
            "Of 14 specimens sent to the reference laboratory, 6 were confirmed as cholera.",
            [(14, "tested"), (6, "other")],
        ),
        ("In Kenya, 31 blood samples tested positive for Rift Valley fever.", [(31, "other")]),
        ("Laboratories in Kenya have tested 850 samples of cholera.", [(850, "tested")]),
        ("Of the 40 people tested, 9 were confirmed with cholera.", [(40, "tested"), (9, "cases")]),
    ],
)
def test_positive_specimens_are_no_people(text: str, expected: list[tuple[int, str]]) -> None:
    assert [(v, m) for v, m, *_ in _figures(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        # one case or death of those already counted, described
        "The third death occurred on 9 May in a 41-year-old farmer who died of pneumonia.",
        "The patient, a 36-year-old man from Kampala, fell ill on 2 May with H5N1.",
        "The index case developed fever on 2 May and died of H5N1 on 9 May.",
        "The first case occurred in a 6-year-old girl from Lampung, with H5N1.",
        "A nurse had provided care to a confirmed MERS-CoV case in Riyadh.",
    ],
)
def test_a_case_already_counted_and_described_is_no_figure(text: str) -> None:
    assert _figures(text, "2014-06-01") == []


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # the end of the period the figure covers, not the dateline nor the day it was told
        (
            "12 March 2009 - The ministry reported 2 114 suspected cases of meningitis from "
            "1 January to 1 March 2009.",
            "2009-03-12",
            "2009-03-01",
        ),
        (
            "Chad told WHO on 20 May that 412 cholera cases had occurred from 2 April to 16 May.",
            "2010-05-25",
            "2010-05-16",
        ),
        ("By end-June, 1 906 cholera cases had been reported in Chad.", "2010-09-01", "2010-06-30"),
        # a date of another clause is not the figure's when its own clause names a time:
        # its own months, which have ended (the last day of the last one)
        (
            "In Bol, 17 cholera deaths were recorded between March and June; in Mao, 4 deaths "
            "were recorded between 1 and 20 July.",
            "2010-08-01",
            "2010-06-30",
        ),
    ],
)
def test_as_of_date_is_the_period_end(text: str, published: str, expected: str | None) -> None:
    assert _figures(text, published)[0][4] == expected


@pytest.mark.parametrize(
    "text",
    [
        "By end-June, 1 906 cholera cases had been reported in Chad.",
        "From the beginning of the epidemic up to 2 May, 4,200 cholera cases were notified.",
    ],
)
def test_figures_up_to_a_date_are_running_totals(text: str) -> None:
    assert _figures(text, "2010-09-01")[0][3] is True


def test_a_dateline_gives_way_to_the_period_end_but_not_to_a_persons_day() -> None:
    text = (
        "3 June 2010 - Chad has notified WHO of a confirmed case of cholera in a man who fell "
        "ill on 24 May."
    )
    assert _figures(text, "2010-06-03")[0][4] == "2010-06-03"


def test_of_two_measures_named_together_the_first_figure_counts_the_first() -> None:
    text = (
        "This brings the cumulative number of cases and deaths of Ebola virus disease in "
        "Guinea to 212 (101 confirmed, 70 probable and 41 suspected) and 97 deaths."
    )
    assert [(v, m) for v, m, *_ in _figures(text)] == [
        (212, "cases"),
        (101, "cases"),
        (70, "cases"),
        (41, "cases"),
        (97, "deaths"),
    ]


def test_the_samples_a_positive_share_is_of_were_tested() -> None:
    text = "In Kenya, 14 out of the 52 serum samples were positive for dengue."
    assert [(v, m) for v, m, *_ in _figures(text)] == [(14, "other"), (52, "tested")]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # days listed together: the figure is as of the last
        (
            "On 4, 6 and 9 June 2014, Chad notified WHO of 5 additional cholera cases.",
            "2014-06-12",
            "2014-06-09",
        ),
        # the day a person fell ill is no figure's as-of date
        (
            "The new cholera cases include two patients from Bol, a man who became ill on "
            "2 June 2014 and a woman who became ill on 4 June 2014.",
            "2014-06-12",
            None,
        ),
    ],
)
def test_as_of_date_of_lists_and_persons(text: str, published: str, expected: str | None) -> None:
    assert _figures(text, published)[0][4] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Only 1 confirmed cholera case was reported in Chad in the last 7 days.",
        "Chad reported 241 cholera cases during the epidemiological week of 22 to 28 "
        "November; the cumulative total for November is 2,723 cases.",
    ],
)
def test_one_weeks_figures_are_new(text: str) -> None:
    assert _figures(text, "2014-12-02")[0][3] is False


def test_a_pathogen_isolated_in_samples_counts_positive_samples() -> None:
    text = "Cholera: Vibrio cholerae O1 was isolated in 4 samples in Chad."
    assert [(v, m) for v, m, *_ in _figures(text)] == [(4, "other")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In Chad, cholera proved fatal in 6 confirmed cases and in 2 suspected cases.",
            [(6, "deaths", "confirmed"), (2, "deaths", "suspected")],
        ),
        ("Jordan reported the death of 3 MERS-CoV cases.", [(3, "deaths", None)]),
        (
            "Chad reported 40 cholera cases, 9 of them fatal.",
            [(40, "cases", None), (9, "deaths", None)],
        ),
    ],
)
def test_cases_that_died_are_deaths(text: str, expected: list[tuple[int, str, str | None]]) -> None:
    assert [(v, m, s) for v, m, s, _, _ in _figures(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "In Chad the number of cholera cases and deaths is 640 and 21, respectively.",
        "The cumulative number of cholera cases and deaths in Chad rose to 640 and 21.",
    ],
)
def test_two_measures_named_together_pair_with_two_figures(text: str) -> None:
    assert [(v, m) for v, m, *_ in _figures(text)] == [(640, "cases"), (21, "deaths")]


def test_a_flattened_table_keeps_each_rows_first_figure_without_the_headers_status() -> None:
    import episignal

    text = (
        "Cases and deaths of Ebola virus disease in Guinea, Liberia and Sierra Leone, "
        "as of 3 September 2014\n\n"
        "New Confirmed Probable Suspect Totals Guinea Cases 21 310 112 14 457 Deaths 4 201 "
        "112 3 320 Liberia Cases 118 231 425 202 858 Deaths 61 190 214 101 505 Totals Cases "
        "139 541 537 216 1315 Deaths 65 391 326 104 825"
    )
    got = [
        (c["value"], c["measure"], c["status"], c["scope"])
        for c in episignal.extract(text, "2014-09-05")["counts"]
    ]
    assert got == [
        (21, "cases", None, "national"),
        (4, "deaths", None, "national"),
        (118, "cases", None, "national"),
        (61, "deaths", None, "national"),
        (139, "cases", None, "multi_country"),
        (65, "deaths", None, "multi_country"),
    ]


def test_a_bound_on_a_share_does_not_make_its_whole_new() -> None:
    text = "Chad reported 212 cholera cases. More than 60% of the 212 cases were children."
    assert {c for _, _, _, c, _ in _figures(text)} == {None}


def test_a_share_of_cases_described_is_a_subset() -> None:
    import episignal

    text = "Cholera in Chad has caused 30 cases. Eleven cases (37%) were women."
    scopes = [(c["value"], c["scope"]) for c in episignal.extract(text, "2014-06-01")["counts"]]
    assert scopes == [(30, "national"), (11, "subset")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # people lost to a disaster, not to the disease
        (
            "After the cyclone, 1 204 cholera deaths were confirmed and 310 people have "
            "disappeared.",
            [(1204, "deaths"), (310, "other")],
        ),
        ("Ebola in Guinea: 17 patients are now in isolation units.", [(17, "isolated")]),
        # isolates of a virus are no cases
        (
            "Of the influenza viruses typed so far in Chile, 12 have been confirmed as H3N2.",
            [(12, "other")],
        ),
    ],
)
def test_what_else_a_figure_counts(text: str, expected: list[tuple[int, str]]) -> None:
    assert [(v, m) for v, m, *_ in _figures(text)] == expected


def test_an_increase_since_the_last_update_is_new() -> None:
    text = "SARS: an increase of 40 new cases and 6 deaths since the last update on Monday."
    assert [(v, c) for v, _, _, c, _ in _figures(text, "2003-05-01")] == [(40, False), (6, False)]


def test_a_range_glued_to_its_month_ends_on_its_last_day() -> None:
    text = "For the period 2 May-30 June, Chad reported 1 280 cholera cases."
    assert _figures(text, "2014-07-15")[0][4] == "2014-06-30"


def test_cases_of_a_whole_named_after_them_are_a_subset() -> None:
    import episignal

    text = "Dengue in Timor: 120 cases of the 215 cases had haemorrhagic signs."
    got = [(c["value"], c["scope"]) for c in episignal.extract(text, "2005-02-15")["counts"]]
    assert got == [(120, "subset"), (215, "national")]


def test_a_noun_of_its_own_keeps_a_figure_from_the_next_measure() -> None:
    text = "Cholera in Chad: about 9 000 consultations and 31 deaths were registered."
    assert [(v, m) for v, m, *_ in _figures(text)] == [(31, "deaths")]


def test_the_whole_after_a_part_and_its_noun_is_not_what_died() -> None:
    text = "Avian influenza in Thailand: 60 tigers out of 200 died of H5N1 infection."
    assert all(v != 200 for v, *_ in _figures(text))


def test_rows_of_a_weekly_list_are_new() -> None:
    text = (
        "Avian influenza A(H7N9) cases in China by week:\n"
        "Week 6 (2 - 8 February) 11 cases\nWeek 7 (9 - 15 February) 7 cases"
    )
    assert [(v, c) for v, _, _, c, _ in _figures(text, "2015-03-01")] == [(11, False), (7, False)]


def test_a_new_figure_in_brackets_does_not_make_the_next_clauses_new() -> None:
    text = (
        "Ebola in Guinea: 70 probable cases, 51 deaths (2 new probable deaths); and 40 "
        "suspected cases (19 deaths)."
    )
    assert [(v, c) for v, _, _, c, _ in _figures(text)][-2:] == [(40, None), (19, None)]


def test_the_day_an_outbreak_was_declared_is_no_figures_date() -> None:
    text = "In Gabon, 37 Ebola cases were detected in the outbreak declared on 10 October."
    assert _figures(text, "1997-01-02")[0][4] is None


@pytest.mark.parametrize(
    "text",
    [
        "Cholera: strains of Vibrio cholerae 01 Inaba were isolated in Chad.",
        "MERS: all cases (excluding the index case) are linked to one hospital.",
    ],
)
def test_codes_and_excluded_cases_are_no_figures(text: str) -> None:
    assert _figures(text) == []


def test_a_date_of_a_sentence_glued_to_the_next_does_not_date_its_figures() -> None:
    text = (
        "On 16 May 2014, Chad confirmed an outbreak of cholera in Bol.To date, 29 cases "
        "have been detected."
    )
    assert _figures(text, "2014-05-24")[0][4] is None


def test_a_list_of_places_after_an_aside_of_deaths_counts_cases() -> None:
    text = (
        "During May, Saudi Arabia reported 9 MERS-CoV cases, including 2 deaths, from "
        "Riyadh (6), Jeddah (2) and Taif (1)."
    )
    assert {m for _, m, *_ in _figures(text, "2014-06-02")} == {"cases", "deaths"}
    assert [m for v, m, *_ in _figures(text, "2014-06-02") if v == 6] == ["cases"]


def test_a_total_of_several_named_countries_is_multi_country() -> None:
    import episignal

    text = (
        "The four countries (Chad, Mali, Niger and Nigeria) reported a total of 9 120 "
        "meningitis cases including 610 deaths."
    )
    scopes = {c["scope"] for c in episignal.extract(text, "2012-05-24")["counts"]}
    assert scopes == {"multi_country"}


def test_a_total_of_one_country_compared_with_another_stays_national() -> None:
    import episignal

    text = (
        "Chad: with a cumulative total of 870 cholera cases, Chad has the largest outbreak "
        "after Niger."
    )
    got = [
        (c["value"], c["scope"], c["country"])
        for c in episignal.extract(text, "2010-09-01")["counts"]
    ]
    assert got == [(870, "national", "TD")]
