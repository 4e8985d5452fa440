"""The 38 count behaviours of EpiTator's public count-annotator tests, as episignal's own.

EpiTator (EcoHealth Alliance) pins its count annotator with 38 behaviours: false
positives it must not report, verbs and linked nouns that make a count, written numbers,
hospitalisations, "Deaths: 2", ages, new and cumulative counts, ranges, single cases,
per-country figures, a full article and a slash table. Each behaviour is restated here in
episignal's terms through the public API (``episignal.extract``): long sentences are our
own, short ones ("The number of deaths is 30") are kept as inputs. Where EpiTator's output
shape differs from episignal's (a range is one count with ``low`` and ``high``; a span
covers the number), the behaviour is the same claim about the text.

``behaviour_results()`` is used by bench/bench_extract.py to print how many pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

import episignal

Record = dict[str, Any]
Check = Callable[[Record], bool]


@dataclass(frozen=True)
class Behaviour:
    name: str
    text: str
    expected: tuple[dict[str, Any], ...]  # each count's expected fields, in text order
    extra: Check | None = None  # a further check on the whole record


def _has(count: dict[str, Any], expected: dict[str, Any]) -> bool:
    return all(count.get(k) == v for k, v in expected.items())


def passes(b: Behaviour) -> bool:
    record = episignal.extract(b.text, "2017-03-21")
    found = record["counts"]
    if len(found) != len(b.expected):
        return False
    if not all(_has(c, e) for c, e in zip(found, b.expected, strict=True)):
        return False
    return b.extra is None or b.extra(record)


def _span_covers(text: str, needle: str) -> Check:
    def check(record: Record) -> bool:
        start, end = record["counts"][0]["span"]
        return needle in text[start:end]

    return check


def _countries(*codes: str) -> Check:
    def check(record: Record) -> bool:
        return [c["country"] for c in record["counts"]] == list(codes)

    return check


def _kind(kind: str) -> Check:
    def check(record: Record) -> bool:
        return all(c["kind"] == kind for c in record["counts"])

    return check


_ARTICLE = (
    "Last week two county health departments in Oregon reported a cluster of plague.\n"
    "The first case involved a 64 year old man with 4 sons and 1 daughter.\n"
    "They should be tested in case they were infected.\n"
    "He had visited between 3 and 5 different countries in the previous year.\n"
    "On 2/3/2017 he flew to Lusaka, stopping at lat/long 15.3875, 28.3228 for a total of 9 days.\n"
    'Asked for his lucky number he answered "774412098812", though his friends insist it is '
    "6002.4471.\n\n"
    "Within a 5 mile radius of the first home there were:\n"
    "    6 cases in Harlow Creek resulting in 3 deaths\n"
    "    17 cases in the Old Town of Millbrook causing 9 deaths\n"
    "    3 cases in East Rivera, which led to the sudden appearance of 1 ghost\n\n"
    "Experts put the chance that these figures are exact at only 14 percent.\n"
    "The county's director was quoted as saying "
    '"sixty thousand and four, five hundred and nine, eighty one, one thousand, three hundred '
    'and seventeen".\n'
    'Neighbours repeated "60,004, 509, 81, 300 and 17".\n'
)

_BULLETIN = (
    "31 new cases of EVD, including 17 deaths, were reported as follows:\n"
    "Guinea, 4 new cases and 6 deaths; Liberia, 9 new cases with 8 deaths; and Sierra Leone "
    "18 new cases and 3 deaths.\n"
)

_SLASH_TABLE = (
    "Cases / 25 / 612 / 151 / 80 / 868\n"
    "Deaths / 12 / 305 / 131 / 51 / 499\n\n"
    "*New cases were reported between 2-6 Jul 2014\n\n"
    "The total number of cases is subject to change\n"
)

BEHAVIOURS: tuple[Behaviour, ...] = (
    Behaviour("a symptom alone", "Fever", ()),
    Behaviour(
        "'in the case of' is no count",
        "In the case of tick-borne infections, repellents are the usual advice",
        (),
    ),
    Behaviour("an archive number", "Cholera - Republic of Chad (Salamat) 2012.0831", ()),
    Behaviour("a message number", "Anthrax - Kenya [03] 980512013344", ()),
    Behaviour("a slashed date", "On 3 / 14 / 1991 the song was top of the charts.", ()),
    Behaviour(
        "the number of cases reported to N",
        "this brings the number of cases reported to 28 in Riyadh since 2 April 2014",
        ({"value": 28, "measure": "cases"},),
    ),
    Behaviour(
        "a number in words",
        "There have been nine hundred and ninety-nine reported cases.",
        ({"value": 999, "measure": "cases"},),
    ),
    Behaviour(
        "the number of deaths is N",
        "The number of deaths is 30",
        ({"value": 30, "measure": "deaths"},),
    ),
    Behaviour(
        "unicode spaces",
        "The\u00a0number of\u00a0deaths is\u202f30",
        ({"value": 30, "measure": "deaths"},),
    ),
    Behaviour(
        "patients died", "Nine patients died last week", ({"value": 9, "measure": "deaths"},)
    ),
    Behaviour(
        "written hundreds",
        "Two hundred and twenty two patients were admitted to hospitals.",
        ({"value": 222, "measure": "hospitalized"},),
    ),
    Behaviour(
        "written millions",
        "In total, there were five million three hundred and forty eight thousand new cases "
        "last year.",
        ({"value": 5348000, "measure": "cases"},),
    ),
    Behaviour(
        "were hospitalized", "33 were hospitalized", ({"value": 33, "measure": "hospitalized"},)
    ),
    Behaviour(
        "admitted to hospitals",
        "222 were admitted to hospitals with symptoms of diarrhea",
        ({"value": 222, "measure": "hospitalized"},),
    ),
    Behaviour(
        "a colon label",
        "Deaths: 2",
        ({"value": 2, "measure": "deaths"},),
        _span_covers("Deaths: 2", "2"),
    ),
    Behaviour(
        "an age is no count",
        "1200 children under the age of 5 have fallen ill with an unexplained illness",
        ({"value": 1200, "measure": "cases"},),
    ),
    Behaviour("new ones", "There are 5 new ones.", ({"value": 5, "cumulative": False},)),
    Behaviour(
        "new cases bring to N the number",
        "These 2 new cases bring to 4 the number stricken in California this year [2012].",
        (
            {"value": 2, "measure": "cases", "cumulative": False},
            {"value": 4, "measure": "cases", "cumulative": True},
        ),
    ),
    Behaviour(
        "died out of N patients",
        "Two patients died out of four patients.",
        ({"value": 2, "measure": "deaths"}, {"value": 4, "measure": "cases"}),
    ),
    Behaviour(
        "in total, as of",
        "Across the country, 702 cases of the disease had been reported in total as of 9 June "
        "2016, with 58 deceased patients",
        (
            {"value": 702, "measure": "cases", "cumulative": True},
            {"value": 58, "measure": "deaths"},
        ),
    ),
    Behaviour(
        "claimed about N lives",
        "the virus has already claimed about 312 lives in Mali",
        ({"value": 312, "measure": "deaths", "cumulative": True, "approximate": True},),
    ),
    Behaviour(
        "one suspected case",
        "There have been 14 reported cases in Nevada. There was one suspected case of bird flu "
        "in the state.",
        (
            {"value": 14, "measure": "cases"},
            {"value": 1, "measure": "cases", "status": "suspected"},
        ),
    ),
    Behaviour(
        "an annual average is no observation",
        "The average number of cases reported annually is 600",
        ({"value": 600, "measure": "cases", "kind": "estimate"},),
    ),
    Behaviour(
        "a question and miles",
        "How many cases occurred within 4.5 miles of Kasai Province?\nFive fatalities have "
        "been reported.",
        ({"value": 5, "measure": "deaths"},),
    ),
    Behaviour("a percentage", "48 percent of the cases occurred in Seattle", ()),
    Behaviour("a distance", "28 kilometers away [17.4 miles]", ()),
    Behaviour(
        "status words without a number",
        "These figures include laboratory-confirmed, probable, and suspected cases and deaths "
        "of EVD.",
        (),
    ),
    Behaviour(
        "a bulletin by country",
        _BULLETIN,
        tuple(
            {"value": v, "measure": m}
            for v, m in (
                (31, "cases"),
                (17, "deaths"),
                (4, "cases"),
                (6, "deaths"),
                (9, "cases"),
                (8, "deaths"),
                (18, "cases"),
                (3, "deaths"),
            )
        ),
        lambda r: [c["country"] for c in r["counts"][2:]] == ["GN"] * 2 + ["LR"] * 2 + ["SL"] * 2,
    ),
    Behaviour(
        "a full article",
        _ARTICLE,
        tuple(
            {"value": v, "measure": m}
            for v, m in (
                (1, "cases"),
                (6, "cases"),
                (3, "deaths"),
                (17, "cases"),
                (9, "deaths"),
                (3, "cases"),
            )
        ),
    ),
    Behaviour(
        "the index case",
        "The index case occurred on January 22.",
        ({"value": 1, "measure": "cases"},),
    ),
    Behaviour(
        "a disease case",
        "A Lassa fever case was reported in Hawaii",
        ({"value": 1, "measure": "cases"},),
    ),
    Behaviour(
        "a patient infected",
        "They reported a patient infected with hepatitis B through a blood transfusion.",
        ({"value": 1, "measure": "cases"},),
    ),
    Behaviour(
        "a woman and 2 men",
        "the cases include a 31-year-old woman and 2 men, both aged 40",
        ({"value": 1, "measure": "cases"}, {"value": 2, "measure": "cases"}),
    ),
    Behaviour(
        "a bracketed date and a week",
        "As of [Mon 20 March 2017] (epidemiological week 12), a total of 1532 suspected cases "
        "of meningitis have been reported.",
        ({"value": 1532, "measure": "cases", "status": "suspected", "cumulative": True},),
    ),
    Behaviour(
        "a range",
        "10 to 13 suspected cases of Ebola.",
        ({"value": 10, "low": 10, "high": 13, "measure": "cases", "status": "suspected"},),
    ),
    Behaviour(
        "a count after a place fragment",
        "New confirmed cases: 20 in Bong County [Gbarnga and surroundings); 26 deaths are among "
        "the confirmed cases.",
        ({"value": 20}, {"value": 26, "measure": "deaths"}),
    ),
    Behaviour(
        "thousands separated by a space",
        "Ther were 565 749 new cases",
        ({"value": 565749, "measure": "cases", "cumulative": False},),
    ),
    Behaviour(
        "a slash table",
        _SLASH_TABLE,
        tuple({"value": v, "measure": "cases"} for v in (25, 612, 151, 80, 868))
        + tuple({"value": v, "measure": "deaths"} for v in (12, 305, 131, 51, 499)),
    ),
)


def behaviour_results() -> list[tuple[str, bool]]:
    """(name, passed) of every behaviour: the bench prints how many pass."""
    return [(b.name, passes(b)) for b in BEHAVIOURS]


def test_there_are_38_behaviours() -> None:
    assert len(BEHAVIOURS) == 38
    assert len({b.name for b in BEHAVIOURS}) == 38


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=[b.name for b in BEHAVIOURS])
def test_behaviour(behaviour: Behaviour) -> None:
    record = episignal.extract(behaviour.text, "2017-03-21")
    got = [
        {k: c[k] for k in ("value", "low", "high", "measure", "status", "cumulative", "country")}
        for c in record["counts"]
    ]
    assert passes(behaviour), got
