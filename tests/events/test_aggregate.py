"""Grouping facts into events: keys, borrowing of missing fields, the gap rule."""

from __future__ import annotations

from dataclasses import replace

from episignal.document import DocumentInfo
from episignal.events import build_events
from episignal.events.aggregate import complete_facts, group_events
from tests.events.factories import doc, fact


def test_gap_rule_closes_and_reopens_events() -> None:
    docs = [doc("jan", "2022-01-01"), doc("feb", "2022-02-15"), doc("may", "2022-05-01")]
    facts = [fact(d, 10 * (i + 1)) for i, d in enumerate(docs)]
    groups = group_events(facts, {d.id: d for d in docs}, gap_days=60)
    assert [(g.first_seen.isoformat(), g.last_seen.isoformat(), len(g.facts)) for g in groups] == [
        ("2022-01-01", "2022-02-15", 2),
        ("2022-05-01", "2022-05-01", 1),
    ]
    # 75 days of silence is within a 90-day gap
    assert len(group_events(facts, {d.id: d for d in docs}, gap_days=90)) == 1
    events = build_events(facts, docs, [], gap_days=60)
    assert len({e["id"] for e in events}) == 2


def test_keys_separate_disease_country_and_admin1() -> None:
    d = doc("a", "2022-05-01")
    facts = [
        fact(d, 10),
        fact(d, 11, country="CN"),
        fact(d, 12, disease="Cholera", icd10="A00"),
        fact(d, 13, admin1="Kaesong"),
    ]
    groups = group_events(facts, {d.id: d})
    assert sorted((g.key for g in groups), key=str) == [
        ("cholera", "KP", None),
        ("covid-19", "CN", None),
        ("covid-19", "KP", "Kaesong"),
        ("covid-19", "KP", None),
    ]


def test_one_disease_under_two_codes_stays_one_event() -> None:
    a, b, c = doc("a", "2022-05-01"), doc("b", "2022-05-03"), doc("c", "2022-05-05")
    facts = [
        fact(a, 10, disease="Ebola virus disease", icd10="A99"),  # "Ebola haemorrhagic fever"
        fact(b, 20, disease="Ebola virus disease", icd10="A98"),
        fact(c, 30, disease="Ebola virus disease", icd10="A98"),
    ]
    groups = group_events(facts, {d.id: d for d in (a, b, c)})
    assert len(groups) == 1 and groups[0].icd10 == "A98"


def test_disease_without_code_joins_its_coded_peers() -> None:
    a, b = doc("a", "2022-05-01"), doc("b", "2022-05-02")
    groups = group_events([fact(a, 10), fact(b, 20, icd10=None)], {a.id: a, b.id: b})
    assert len(groups) == 1 and groups[0].icd10 == "U07.1"


def test_missing_disease_borrowed_only_when_unambiguous_country_never() -> None:
    one = doc("one", "2022-05-01")
    two = doc("two", "2022-05-01")
    world = doc("world", "2022-05-01")
    facts = [
        fact(one, 10),
        fact(one, 2, "deaths", disease=None, icd10=None),  # borrows COVID-19
        fact(two, 10),
        fact(two, 5, disease="Measles", icd10="B05"),
        fact(two, 3, "deaths", disease=None, icd10=None),  # two diseases: dropped
        fact(world, 7),
        fact(world, 1621, country=None),  # "Globally, 1,621 cases": no country's figure
    ]
    kept = complete_facts(facts)
    borrowed = [f for f in kept if f.document_id == "one" and f.measure == "deaths"]
    assert borrowed and (borrowed[0].disease, borrowed[0].icd10, borrowed[0].country) == (
        "COVID-19",
        "U07.1",
        "KP",
    )
    assert {(f.document_id, f.value) for f in kept} == {
        ("one", 10),
        ("one", 2),
        ("two", 10),
        ("two", 5),
        ("world", 7),
    }


def test_same_disease_with_and_without_code_is_not_ambiguous() -> None:
    d = doc("a", "2022-05-01")
    facts = [fact(d, 10), fact(d, 20, icd10=None), fact(d, 2, "deaths", disease=None, icd10=None)]
    borrowed = [f for f in complete_facts(facts) if f.measure == "deaths"]
    assert [(f.disease, f.icd10) for f in borrowed] == [("COVID-19", "U07.1")]


def test_fact_without_any_date_is_dropped() -> None:
    d = doc("a", "2022-05-01")
    undated = DocumentInfo(id="undated")
    f = replace(fact(d, 5), document_id="undated", published=None)
    groups = group_events([fact(d, 10), f], {d.id: d, undated.id: undated})
    assert [len(g.facts) for g in groups] == [1]
