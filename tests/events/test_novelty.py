"""Novelty is claimed only where the database holds a year of history for the country."""

from __future__ import annotations

from datetime import date

from episignal.events import build_events
from episignal.events.novelty import assess_novelty, country_coverage
from tests.events.factories import doc, fact


def test_a_country_covered_for_a_year_makes_a_new_disease_new() -> None:
    older = doc("older", "2020-06-01")
    now = doc("now", "2022-03-01")
    facts = [
        fact(older, 40, disease="Cholera", icd10="A00", country="UG"),
        fact(now, 12, disease="Ebola virus disease", icd10="A98.4", country="UG"),
    ]
    events = {e["disease"]["name"]: e for e in build_events(facts, [older, now], [])}
    assert (
        "first report in this country in a year or more" in events["Ebola virus disease"]["reason"]
    )
    assert "first seen" in events["Cholera"]["reason"]  # the database's first UG report
    assert events["Ebola virus disease"]["score"] > 0


def test_a_young_database_says_first_seen_and_gives_no_novelty_points() -> None:
    a = doc("a", "2022-03-01")
    b = doc("b", "2022-05-01")
    facts = [
        fact(a, 40, disease="Cholera", icd10="A00", country="HT"),
        fact(b, 12, disease="Measles", icd10="B05", country="HT"),
    ]
    events = build_events(facts, [a, b], [], today=date(2022, 5, 2))
    for event in events:
        assert "first seen (the database holds under a year of reports from HT)" in event["reason"]
        assert "first report" not in event["reason"]


def test_assess_novelty_needs_no_recent_event_and_a_year_of_coverage() -> None:
    events = [
        {"country": "KP", "first_seen": "2021-01-01"},
        {"country": "KP", "first_seen": "2022-05-12"},
    ]
    coverage = country_coverage(events)
    assert coverage == {"KP": date(2021, 1, 1)}
    assert assess_novelty(events[1], True, coverage, 365) == "new"
    assert assess_novelty(events[1], False, coverage, 365) is None
    assert assess_novelty(events[0], True, coverage, 365) == "first_seen"
