"""Public-health measures: kinds, negations, non-health uses, country and date, spans."""

from __future__ import annotations

import datetime as dt
import re
from typing import get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from episignal.document import DateMention, LocationMention, MeasureKind, MeasureMention
from episignal.extract.context import TextContext
from episignal.extract.measures import find_measures

# Place names the tests know, with their country; the places extractor is not used here.
PLACES = {
    "North Korea": "KP",
    "Pyongyang": "KP",
    "South Korea": "KR",
    "China": "CN",
    "Italy": "IT",
    "Lombardy": "IT",
    "Peru": "PE",
    "Nigeria": "NG",
    "Viet Nam": "VN",
}


def places_in(text: str, affected: tuple[str, ...] = ()) -> list[LocationMention]:
    """Hand-built location mentions for every known place name in ``text``."""
    out = []
    for name, code in PLACES.items():
        spans = tuple((m.start(), m.end()) for m in re.finditer(rf"\b{name}\b", text))
        if spans:
            out.append(
                LocationMention(name, "country", code, affected=code in affected, mentions=spans)
            )
    return out


def date_of(text: str, phrase: str, value: dt.date) -> DateMention:
    start = text.index(phrase)
    return DateMention(value, "day", phrase, (start, start + len(phrase)))


def measures(text: str, affected: tuple[str, ...] = ()) -> list[MeasureMention]:
    return find_measures(TextContext(text), places_in(text, affected), [])


@pytest.mark.parametrize(
    ("text", "kind", "trigger"),
    [
        (
            "North Korea switched to the maximum emergency epidemic prevention system after "
            "its first Omicron case.",
            "emergency_declaration",
            "maximum emergency epidemic prevention system",
        ),
        (
            "The governor declared a state of emergency in Lombardy.",
            "emergency_declaration",
            "declared a state of emergency",
        ),
        (
            "The Director-General declared the outbreak a public health emergency of "
            "international concern.",
            "emergency_declaration",
            "public health emergency of international concern",
        ),
        (
            "Authorities imposed lockdowns in all cities and counties to stem the spread.",
            "lockdown",
            "lockdowns",
        ),
        ("Pyongyang was locked down for five days.", "lockdown", "locked down"),
        ("A night-time curfew remains in force in the capital.", "curfew", "night-time curfew"),
        (
            "Officials ordered the isolation of fever patients and their close contacts.",
            "isolation",
            "isolation",
        ),
        ("Both patients were isolated at the district hospital.", "isolation", "were isolated"),
        (
            "Forty-two contacts of the case were placed under quarantine at home.",
            "quarantine",
            "placed under quarantine",
        ),
        ("The village has been quarantined since Monday.", "quarantine", "quarantined"),
        (
            "China closed its border with North Korea in January.",
            "border_closure",
            "closed its border",
        ),
        (
            "All international flights were suspended until further notice.",
            "travel_restriction",
            "flights were suspended",
        ),
        (
            "Peru announced a travel ban on arrivals from the region.",
            "travel_restriction",
            "travel ban",
        ),
        (
            "Schools remain closed in the three affected districts.",
            "school_closure",
            "Schools remain closed",
        ),
        (
            "The ministry ordered the closure of all schools.",
            "school_closure",
            "closure of all schools",
        ),
        (
            "The city imposed a ban on public gatherings of more than fifty people.",
            "mass_gathering_ban",
            "ban on public gatherings",
        ),
        (
            "A reactive vaccination campaign targeting 300,000 children began in Nigeria.",
            "vaccination_campaign",
            "reactive vaccination campaign",
        ),
        (
            "Supplementary immunization activities are planned in four provinces.",
            "vaccination_campaign",
            "Supplementary immunization activities",
        ),
        ("More than 12,000 birds were culled on the affected farm.", "culling", "culled"),
        ("Stamping out of infected herds is under way.", "culling", "Stamping out"),
        (
            "North Korea has sealed its borders since early 2020.",
            "border_closure",
            "sealed its borders",
        ),
        (
            "Residents were ordered to stay home for a week.",
            "lockdown",
            "ordered to stay home",
        ),
        (
            "Contact tracing is ongoing for all household members.",
            "contact_tracing",
            "Contact tracing",
        ),
        (
            "Viet Nam ordered the closure of live poultry markets in the province.",
            "market_closure",
            "closure of live poultry markets",
        ),
    ],
)
def test_finds_measure_kind_and_trigger_span(text: str, kind: str, trigger: str) -> None:
    found = measures(text)
    assert [m.kind for m in found] == [kind]
    start, end = found[0].span
    assert text[start:end] == trigger


@pytest.mark.parametrize(
    "text",
    [
        "No lockdown is planned for the capital, the minister said.",
        "A lockdown is not planned at this stage.",
        "WHO does not recommend any travel or trade restrictions based on the current information.",
        "WHO advises against the application of travel restrictions to the country.",
        "The government lifted the lockdown on Monday.",
        "Officials said schools would be closed if cases rise.",
        "The aircraft made an emergency landing in Anchorage.",
        "The country is facing an economic emergency after the currency collapsed.",
        "The Emergency Committee will meet again in three months.",
        "The virus was isolated from a throat swab sample.",
        "Poliovirus type 2 was isolated in culture from an environmental sample.",
        "Isolated cases have been reported in rural areas.",
        "Gold prices rose 3% on Tuesday as the dollar weakened.",
        "",
    ],
)
def test_skips_negated_hypothetical_and_non_health_uses(text: str) -> None:
    assert measures(text) == []


def test_country_is_the_place_in_the_sentence_else_the_first_affected() -> None:
    text = (
        "Italy reported 40 new cases. Authorities in Lombardy ordered a lockdown of ten towns. "
        "Schools were closed nationwide."
    )
    found = measures(text, affected=("IT", "CN"))
    assert [(m.kind, m.country) for m in found] == [
        ("lockdown", "IT"),
        ("school_closure", "IT"),
    ]
    # A sentence with no place takes the first affected location of the document.
    locations = [
        LocationMention("China", "country", "CN", affected=False, mentions=((100, 105),)),
        LocationMention("Peru", "country", "PE", affected=True, mentions=((200, 204),)),
    ]
    found = find_measures(TextContext("Schools were closed."), locations, [])
    assert [m.country for m in found] == ["PE"]


def test_affected_place_in_the_sentence_wins_over_a_nearer_donor() -> None:
    text = "North Korea declared a state of emergency, China said."
    found = measures(text, affected=("KP",))
    assert [m.country for m in found] == ["KP"]


def test_date_comes_from_the_same_sentence() -> None:
    text = (
        "On 12 May 2022 North Korea switched to the maximum emergency epidemic prevention system. "
        "Lockdowns in all cities and counties followed."
    )
    dates = [date_of(text, "12 May 2022", dt.date(2022, 5, 12))]
    found = find_measures(TextContext(text), places_in(text, ("KP",)), dates)
    assert [(m.kind, m.date, m.country) for m in found] == [
        ("emergency_declaration", dt.date(2022, 5, 12), "KP"),
        ("lockdown", None, "KP"),
    ]


def test_one_mention_per_kind_and_sentence() -> None:
    text = "The lockdown was extended and a second lockdown was announced. A lockdown began."
    found = measures(text)
    assert [m.kind for m in found] == ["lockdown", "lockdown"]
    assert found[0].span == (4, 12)


def test_several_kinds_in_one_sentence() -> None:
    text = "Pyongyang declared a state of emergency, ordered lockdowns and closed schools."
    kinds = [m.kind for m in measures(text)]
    assert kinds == ["emergency_declaration", "lockdown", "school_closure"]


def test_spans_index_the_text_with_non_ascii_before_them() -> None:
    text = "İstanbul officials said the ward was under quarantine; the ﬁrst lockdown began."
    for m in measures(text):
        assert text[m.span[0] : m.span[1]].lower() in {"under quarantine", "lockdown"}


WORDS = [
    "lockdown",
    "no",
    "not",
    "isolated",
    "from",
    "state of emergency",
    "declared",
    "China",
    "quarantine",
    "schools",
    "closed",
    ",",
    ".",
    "\n",
    "culled",
    "emergency landing",
    "İ",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=30))
def test_any_text_gives_valid_mentions(tokens: list[str]) -> None:
    text = " ".join(tokens)
    for m in measures(text, affected=("CN",)):
        assert 0 <= m.span[0] < m.span[1] <= len(text)
        assert m.kind in get_args(MeasureKind)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "The government is banning travel in and out of Mubende and Kassanda.",
            "travel_restriction",
        ),
        ("Kenya closed its border with Somalia on Tuesday.", "border_closure"),
        ("Veterinary officers destroyed about 12,000 chickens on the farm.", "culling"),
        ("Authorities closed childcare centres across the city.", "school_closure"),
        ("Live bird markets were closed in Guangzhou.", "market_closure"),
        ("A night-time curfew was imposed in Freetown.", "curfew"),
        ("Masks are mandatory on public transport from Monday.", "mask_mandate"),
        ("The city began mass testing of its nine million residents.", "mass_testing"),
        ("Contact tracing is under way in the district.", "contact_tracing"),
        (
            "Vector control, including fogging and larviciding, has been stepped up.",
            "vector_control",
        ),
        ("A vaccination campaign against measles began on Monday.", "vaccination_campaign"),
        ("The ministry banned public gatherings of more than 50 people.", "mass_gathering_ban"),
    ],
)
def test_the_measures_vocabulary(text: str, kind: str) -> None:
    import episignal

    assert kind in [m["kind"] for m in episignal.extract(text, "2022-09-20")["measures"]]


def test_a_measure_not_taken_is_no_measure() -> None:
    import episignal

    assert episignal.extract("Officials did not close schools.", "2022-09-20")["measures"] == []
