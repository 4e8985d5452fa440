"""Alert rules over event deltas."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from episignal.watch.rules import grew, matches
from episignal.watch.seams import EventDelta, EventSummary
from episignal.watch.settings import Growth, Rule

EVENT = EventSummary(
    id="evt-1",
    disease="Ebola virus disease",
    icd10="A98.4",
    country="UG",
    admin1=None,
    areas=("Mubende",),
    first_seen="2022-03-01",
    last_seen="2022-03-10",
    score=62.0,
    reason="",
    latest={"cases": 31, "deaths": 9},
    flags=("implausible_cfr",),
    cumulative_cases=((date(2022, 3, 1), 12), (date(2022, 3, 6), 20), (date(2022, 3, 10), 31)),
)


def d(kind: str = "new_event", **changes: Any) -> EventDelta:
    return EventDelta(kind, EVENT, kind, **changes)  # type: ignore[arg-type]


def rule(**changes: Any) -> Rule:
    return dataclasses.replace(Rule("r", ("c",)), **changes)


@pytest.mark.parametrize(
    ("r", "delta", "expected"),
    [
        (rule(), d(), True),
        (rule(), d("score_change"), False),  # not in the default kinds
        (rule(on=("score_change",)), d("score_change"), True),
        (rule(diseases=("ebola virus disease",)), d(), True),
        (rule(diseases=("A98",)), d(), True),  # a code matches its subcodes
        (rule(diseases=("A9",)), d(), False),
        (rule(diseases=("Measles", "B05")), d(), False),
        (rule(countries=("UG",)), d(), True),
        (rule(countries=("KE",)), d(), False),
        (rule(regions=("mubende",)), d(), True),
        (rule(regions=("UG/Mubende",)), d(), True),
        (rule(regions=("Kampala",)), d(), False),
        (rule(regions=("Mubende",)), d("new_figure", measure="cases", admin1="Kampala"), False),
        (rule(regions=("Kampala",)), d("new_figure", measure="cases", admin1="Kampala"), True),
        (rule(min_score=60), d(), True),
        (rule(min_score=70), d(), False),
        (rule(flags=("implausible_cfr",)), d(), True),
        (rule(flags=("growth_jump",)), d(), False),
        (rule(flags=("growth_jump",)), d("flag_raised", flag="growth_jump"), True),
        (rule(flags=("implausible_cfr",)), d("flag_raised", flag="growth_jump"), False),
        (rule(growth=Growth(2.0, 10)), d(), True),  # 12 -> 31 within 9 days
        (rule(growth=Growth(2.0, 4)), d(), False),  # 20 -> 31 within 4 days
        (rule(new_deaths=True), d(), True),
        (rule(new_deaths=True), d("new_figure", measure="deaths", value=9, previous=5), True),
        (rule(new_deaths=True), d("new_figure", measure="deaths", value=5, previous=9), False),
        (rule(new_deaths=True), d("new_figure", measure="cases", value=31, previous=20), False),
    ],
)
def test_rules(r: Rule, delta: EventDelta, expected: bool) -> None:
    assert matches(r, delta) is expected


def test_growth_needs_two_points() -> None:
    single = dataclasses.replace(EVENT, cumulative_cases=((date(2022, 3, 1), 5),))
    assert not grew(single, Growth(2.0, 7))
