"""Alert rules over event deltas, and the deltas the snapshot adapter finds."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from episignal.watch.adapters import event_deltas
from episignal.watch.rules import grew, matches
from episignal.watch.seams import EventDelta, EventSummary
from episignal.watch.settings import Growth, Rule

EVENT = EventSummary(
    id="evt-1",
    disease="Ebola virus disease",
    icd10="A98.4",
    country="UG",
    admin1="Mubende",
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


def record(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "evt-1",
        "disease": {"name": "Cholera", "icd10": "A00"},
        "country": "HT",
        "admin1": None,
        "first_seen": "2022-03-01",
        "last_seen": "2022-03-04",
        "score": 30.0,
        "reason": "Cholera in HT",
        "latest": {"cases": 240, "deaths": 4, "as_of": "2022-03-04"},
        "flags": [],
        "series": [
            {
                "date": "2022-03-04",
                "measure": "cases",
                "cumulative": True,
                "species": "human",
                "value": 240,
            }
        ],
        "documents": [{"id": "d1", "url": "http://x/1", "title": "t1", "published": "2022-03-04"}],
    }
    return base | changes


def mark_of(rec: dict[str, Any]) -> dict[str, Any]:
    import json

    from episignal.watch.adapters import _mark

    return dict(json.loads(_mark(rec)))


def test_a_new_event_is_one_delta_with_its_documents() -> None:
    (delta,) = event_deltas(record(), None)
    assert delta.kind == "new_event" and delta.key == "new_event"
    assert [doc.id for doc in delta.documents] == ["d1"]
    assert delta.event.cumulative_cases == ((date(2022, 3, 4), 240),)
    assert delta.event.latest == {"cases": 240, "deaths": 4}


def test_figures_flags_and_score_changes_are_deltas() -> None:
    before = record()
    after = record(
        latest={"cases": 300, "deaths": 4},
        flags=[{"kind": "implausible_cfr", "severity": "warning", "message": "CFR far below"}],
        score=45.0,
        documents=[*before["documents"], {"id": "d2", "url": "http://x/2"}],
    )
    deltas = event_deltas(after, mark_of(before))
    kinds = [(x.kind, x.measure or x.flag) for x in deltas]
    assert kinds == [
        ("new_figure", "cases"),
        ("flag_raised", "implausible_cfr"),
        ("score_change", None),
    ]
    figure = deltas[0]
    assert (figure.value, figure.previous) == (300, 240)
    assert [doc.id for doc in figure.documents] == ["d2"]  # only what is new to the event
    assert deltas[1].message == "CFR far below"
    assert deltas[2].describe() == "Cholera in HT: score 30 -> 45"
    cleared = event_deltas(before, mark_of(after))
    assert ("flag_cleared", "implausible_cfr") in [(x.kind, x.flag) for x in cleared]


def test_delta_keys_repeat_for_the_same_change_and_differ_for_a_later_one() -> None:
    one, two = record(), record(latest={"cases": 300, "deaths": 4})
    first = event_deltas(two, mark_of(one))
    assert [x.key for x in first] == [x.key for x in event_deltas(two, mark_of(one))]
    back = event_deltas(one, mark_of(two))
    again = event_deltas(two, mark_of(one) | {"hash": "later"})
    assert first[0].key != again[0].key and back[0].value == 240


def test_small_score_moves_are_not_deltas() -> None:
    assert event_deltas(record(score=35.0), mark_of(record())) == []
