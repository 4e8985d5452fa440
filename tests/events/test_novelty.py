"""Novelty is claimed only where the database holds a year of history for the country."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from episignal.events import build_events
from episignal.events.novelty import assess_novelty
from episignal.store import DocumentWriter, Store
from tests.events.factories import doc, fact
from tests.store.store_factories import (
    BULLETIN,
    CHOLERA,
    FEVER,
    load_events,
    make_doc,
    make_extraction,
    prepared,
)


def test_a_country_covered_for_a_year_makes_a_new_disease_new() -> None:
    older = doc("older", "2020-06-01")
    now = doc("now", "2022-03-01")
    facts = [
        fact(older, 40, disease="Cholera", icd10="A00", country="UG"),
        fact(now, 12, disease="Ebola virus disease", icd10="A98.4", country="UG"),
    ]
    events = {e.disease.name: e for e in build_events(facts, [older, now])}
    ebola, cholera = events["Ebola virus disease"], events["Cholera"]
    assert "first report in this country in a year or more" in ebola.reason
    assert ebola.novel and ebola.score_parts["novelty"] == 15.0
    assert "first seen" in cholera.reason  # the database's first UG report
    assert not cholera.novel and cholera.score_parts["novelty"] == 0.0


def test_a_young_database_says_first_seen_and_gives_no_novelty_points() -> None:
    a = doc("a", "2022-03-01")
    b = doc("b", "2022-05-01")
    facts = [
        fact(a, 40, disease="Cholera", icd10="A00", country="HT"),
        fact(b, 12, disease="Measles", icd10="B05", country="HT"),
    ]
    for event in build_events(facts, [a, b], today=date(2022, 5, 2)):
        assert "first seen (the database holds under a year of reports from HT)" in event.reason
        assert "first report" not in event.reason


def test_assess_novelty_needs_no_recent_event_and_a_year_of_coverage() -> None:
    opened, covered = date(2022, 5, 12), date(2021, 1, 1)
    assert assess_novelty(True, opened, covered) == "new"
    assert assess_novelty(False, opened, covered) is None  # an event within the year
    assert assess_novelty(True, opened, date(2021, 9, 1)) == "first_seen"
    assert assess_novelty(True, opened, None) == "first_seen"  # nothing else from there
    assert assess_novelty(True, covered, opened) == "first_seen"  # its own first day counts


def test_the_event_store_vouches_with_its_own_history(tmp_path: Path) -> None:
    """The incremental update reads the country's coverage from the store's memberships."""
    with Store.open(tmp_path / "n.db") as store:
        writer = DocumentWriter(store)
        for doc_id, published, disease in (
            ("older", "2020-06-01", CHOLERA),
            ("now", "2022-03-01", FEVER),
        ):
            text = f"{doc_id}: {BULLETIN}"  # not duplicates of each other
            made = make_doc(doc_id, text, published=published)
            writer.write(prepared(made, make_extraction(text, disease=disease, country="UG")))
        reasons = {e.disease.name.lower(): e.reason for e in load_events(store)}
    assert "first report in this country in a year or more" in reasons["covid-19"]
    assert "first seen" in reasons["cholera"]
