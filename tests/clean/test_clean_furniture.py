"""Site furniture in scraped plain text: the article stays, the furniture goes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from episignal.clean.furniture import (
    classify,
    find_source_stub,
    is_dateline,
    is_junk,
    is_link_list,
    is_prose,
    is_timestamp,
    remove_furniture,
    strip_source_stub,
    unwrap,
)
from tests.clean.clean_fixtures import FIXTURES

TEXT_PAGES = sorted(p for p in FIXTURES.glob("scraped_*.txt"))


def _expect(page: Path) -> dict[str, list[str]]:
    data: dict[str, list[str]] = json.loads(page.with_name(page.stem + ".expect.json").read_text())
    return data


@pytest.mark.parametrize("page", TEXT_PAGES, ids=lambda p: p.stem)
def test_fixture_keeps_article_and_drops_furniture(page: Path) -> None:
    clean = remove_furniture(page.read_text(encoding="utf-8"))
    expect = _expect(page)
    assert [s for s in expect["must"] if s not in clean] == []
    assert [s for s in expect["must_not"] if s in clean] == []


def test_there_are_several_page_styles() -> None:
    assert len(TEXT_PAGES) >= 3


@pytest.mark.parametrize(
    "line",
    [
        "28 seconds ago",
        "3 minutes ago",
        "1 hour ago",
        "2 days ago",
        "Updated 5 mins ago",
        "just now",
    ],
)
def test_timestamps(line: str) -> None:
    assert is_timestamp(line)
    assert is_junk(line)


@pytest.mark.parametrize(
    "line",
    [
        "About Us | Contact Us | Advertisment",
        "Home - World - Business - Sport - Health - Science - Technology",
        "News · Sport · Weather · Travel",
        "Terms of Service|Privacy Policy|Cookies",
    ],
)
def test_link_lists(line: str) -> None:
    assert is_link_list(line)
    assert is_junk(line)


@pytest.mark.parametrize(
    "line",
    [
        "The outbreak - which began in May - has now spread to four provinces, officials said.",
        "Cases rose in the north - but fell in the south.",
        "Health officials confirmed 412 cases.",
    ],
)
def test_sentences_with_dashes_are_not_link_lists(line: str) -> None:
    assert not is_link_list(line)
    assert not is_junk(line)


@pytest.mark.parametrize(
    "line",
    [
        "Copyright 2022,",
        "Copyright 2022, Daily Planet Media Group.",
        "© 2022 Example News Ltd. All rights reserved.",
        "We use cookies to improve your experience. Accept all",
        "Subscribe to our newsletter",
        "Share this article",
        "Follow us on Facebook and X",
        "Related Topics",
        "Related Topics: North Korea, COVID-19",
        "Recent Stories",
        "More Stories From World",
        "Most Read",
        "Advertisement",
        "( –",
        "Jane Doe is the Daily Example's health reporter. She joined the paper in 2015.",
        "Letters to the editor :: Advertise :: Archive",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_junk(line)


@pytest.mark.parametrize(
    "line",
    [
        "The campaign is sponsored by UNICEF and the Red Cross.",
        "The share of positive tests rose to 12 percent.",
        "The ministry's weekly newsletter listed 14 new cases.",
        "Patients must register at the clinic before noon.",
    ],
)
def test_short_sentences_with_interface_words_stay(line: str) -> None:
    assert not is_junk(line)


@pytest.mark.parametrize(
    "line", ["Share", "Sign in", "Menu", "Search", "Read more", "Comments (3)"]
)
def test_interface_words_alone_are_junk(line: str) -> None:
    assert is_junk(line)


def test_a_long_sentence_about_cookies_is_not_a_prompt() -> None:
    line = (
        "Investigators said the bakery had sold contaminated cookies to at least three schools, "
        "where 46 children developed vomiting and diarrhoea within hours of eating them at lunch."
    )
    assert not is_junk(line)
    assert is_prose(line)


def test_datelines() -> None:
    assert is_dateline("Published: 12 May 2022")
    assert is_dateline("May 12, 2022")
    assert is_dateline("Thursday, 12 May 2022 | 09:30")
    assert not is_dateline("The outbreak started on 12 May 2022 in the capital and spread quickly.")


def test_recent_story_headlines_before_timestamps_are_junk() -> None:
    text = (
        "Officials reported 30 new cholera cases in the port city on Monday, the ministry said.\n"
        "Nearby towns were not affected, according to the district health office.\n"
        "Council votes to extend the tram line to the airport\n"
        "28 seconds ago\n"
    )
    labels = [line.label for line in classify(text)]
    assert labels == ["prose", "prose", "junk", "junk"]


def test_repeated_headline_and_source_stub() -> None:
    text = (
        "Flu season arrives early in the south\n"
        "Flu season arrives early in the south\n"
        "( – Influenza activity rose sharply in the southern region last week, with 1,204 "
        "laboratory-confirmed cases, health officials said.\n"
        "Copyright 2022,\n"
    )
    clean = remove_furniture(text)
    assert clean.count("Flu season arrives early in the south") == 1
    assert "\nInfluenza activity rose sharply" in clean
    assert "Copyright" not in clean


def test_subheadings_inside_the_body_stay() -> None:
    text = (
        "Officials confirmed 12 new measles cases in the eastern district on Tuesday.\n\n"
        "Vaccination campaign\n"
        "Mobile teams will visit every school in the district during the next two weeks.\n"
    )
    assert "Vaccination campaign" in remove_furniture(text)


def test_known_title_trims_the_masthead_above_it() -> None:
    text = (
        "THE DAILY EXAMPLE - WEEKEND EDITION\n"
        "Typhoid cases climb in river towns\n"
        "Doctors in three river towns have treated 85 people for typhoid since the start of May.\n"
    )
    clean = remove_furniture(text, title="Typhoid cases climb in river towns | The Daily Example")
    assert clean.startswith("Typhoid cases climb in river towns\n")


def test_paragraph_breaks_are_kept() -> None:
    text = (
        "The first paragraph reports 40 new cases in the capital on Friday.\n"
        "It goes on for a second sentence on a new line.\n\n"
        "The second paragraph says the ministry has opened three treatment centres.\n"
    )
    clean = remove_furniture(text)
    assert clean.count("\n\n") == 1
    assert "Friday.\nIt goes on" in clean


def test_hard_wrapped_lines_are_joined() -> None:
    lines = [
        "The ministry of health reported on Monday that the number of",
        "suspected cases had risen to 310, including 12 deaths.",
    ]
    assert unwrap(lines) == [" ".join(lines)]


def test_source_stub_variants() -> None:
    assert strip_source_stub("(Newser) – North Korea said") == "North Korea said"
    assert strip_source_stub("( – North Korea said") == "North Korea said"
    assert strip_source_stub("(a) the first option") == "(a) the first option"


def test_text_without_any_sentence_keeps_its_non_furniture() -> None:
    assert remove_furniture("Cholera outbreak declared in coastal province") == (
        "Cholera outbreak declared in coastal province"
    )


def test_only_furniture_leaves_nothing() -> None:
    assert remove_furniture("Home\nAbout Us | Contact Us | Careers\nCopyright 2024,\n") == ""


def test_empty_text() -> None:
    assert remove_furniture("") == ""


def test_masthead_goes_and_standfirst_stays_without_a_known_title() -> None:
    text = (
        "THE MORNING LEDGER - ASIA EDITION\n"
        "World\n"
        "Hospitals fill up as dengue season peaks\n"
        "Doctors warn that the worst weeks may still be ahead\n"
        "By Lin Wei\n"
        "Hospitals in the southern provinces admitted 3,400 dengue patients last week, "
        "the highest weekly figure this year.\n"
    )
    clean = remove_furniture(text)
    assert clean.startswith("Hospitals fill up as dengue season peaks\n")
    assert "Doctors warn that the worst weeks may still be ahead" in clean
    assert "By Lin Wei" in clean
    assert "MORNING LEDGER" not in clean


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        (
            "Cholera deaths pass 1,300\nCholera deaths pass 1,300\n( – Lakeside Times)\n",
            "Lakeside Times",
        ),
        ("(Newser) – Malawi's cholera outbreak has killed 1,316 people.", "Newser"),
        ("Malawi's cholera outbreak (the worst yet) - has killed 1,316 people.", None),
    ],
)
def test_a_source_stub_names_the_outlet(text: str, outlet: str | None) -> None:
    assert find_source_stub(text) == outlet


@pytest.mark.parametrize(
    "table",
    [
        "State | Confirmed | Deaths\nOndo | 262 | 43\nEdo | 241 | 32",
        "State\tConfirmed\tDeaths\nOndo\t262\t43\nEdo\t241\t32",
        "State        Confirmed    Deaths\nOndo               262        43\nEdo                241        32",
    ],
)
def test_tables_of_figures_are_kept_as_pipe_separated_rows(table: str) -> None:
    text = (
        "Nigeria has recorded 733 confirmed cases of Lassa fever this year, the agency said.\n\n"
        f"{table}\n\nHealth workers are among those infected, the agency said on Tuesday.\n"
        "About Us | Contact Us | Advertisment\n"
    )
    cleaned = remove_furniture(text)
    assert "State | Confirmed | Deaths\nOndo | 262 | 43\nEdo | 241 | 32" in cleaned
    assert "About Us" not in cleaned
