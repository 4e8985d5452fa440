"""End-to-end event building: an outbreak told by several outlets, responses, ranking."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from episignal.document import DocumentInfo, Fact, ResponseItem
from episignal.events import build_events, rank_signals
from tests.events.factories import doc, fact, response


def fever_outbreak() -> tuple[list[Fact], list[DocumentInfo], list[ResponseItem]]:
    """A made-up fever outbreak in KP reported by state media and relayed abroad."""
    d1 = doc("d1", "2022-05-12", "Wire A", copies=("Portal B", "Portal C"))
    d2 = doc("d2", "2022-05-16", "Radio D")
    d3 = doc("d3", "2022-05-16", "Wire A")
    d4 = doc("d4", "2022-05-27", "Radio D")
    d5 = doc("d5", "2022-05-27", "Customs Weekly")
    facts = [
        fact(d1, 350_000, source="state media", status="suspected"),
        fact(d1, 6, "deaths", source="state media"),
        fact(d2, 1_213_550, source="state media", as_of="2022-05-15"),
        fact(d3, 1_500_000, source="a diplomat", as_of="2022-05-15"),
        fact(d2, 50, "deaths", source="state media", as_of="2022-05-15"),
        fact(d4, 2_900_000, source="KCNA"),
        fact(d4, 68, "deaths", source="KCNA"),
        fact(d4, 2_500_000, "recovered", source="KCNA"),
        fact(d4, 400_000, "active", source="KCNA"),
        fact(d4, 392_000, cumulative=False, source="KCNA"),
    ]
    responses = [
        response(d1, "measure", {"kind": "lockdown", "country": "KP", "date": "2022-05-12"}),
        response(
            d5,
            "resource",
            {
                "item": "mask",
                "quantity": 10_600_000,
                "unit": "units",
                "action": "delivered",
                "from": "CN",
                "to": "KP",
            },
        ),
        response(
            d5,
            "resource",
            {
                "item": "vaccine",
                "quantity": 3_000_000,
                "unit": "doses",
                "action": "refused",
                "to": "KP",
            },
            when="2021-09-01",
        ),
        response(d5, "measure", {"kind": "travel_restriction", "country": "CN"}, country="CN"),
    ]
    return facts, [d1, d2, d3, d4, d5], responses


@pytest.fixture
def outbreak() -> dict[str, Any]:
    facts, docs, responses = fever_outbreak()
    (event,) = build_events(facts, docs, responses)
    return event


def test_one_event_with_every_fact_and_document(outbreak: dict[str, Any]) -> None:
    assert outbreak["id"].startswith("evt-")
    assert outbreak["disease"] == {"name": "COVID-19", "icd10": "U07.1"}
    assert (outbreak["country"], outbreak["admin1"]) == ("KP", None)
    assert (outbreak["first_seen"], outbreak["last_seen"]) == ("2022-05-12", "2022-05-27")
    assert len(outbreak["fact_ids"]) == 10
    assert outbreak["document_ids"] == ["d1", "d2", "d3", "d4", "d5"]  # d5 through its resource
    wire = outbreak["documents"][0]
    assert wire["id"] == "d1" and wire["outlets"] == ["Wire A", "Portal B", "Portal C"]


def test_conflicting_figures_keep_both_and_choose_the_official(outbreak: dict[str, Any]) -> None:
    (point,) = [
        p for p in outbreak["series"] if p["date"] == "2022-05-15" and p["measure"] == "cases"
    ]
    assert point["value"] == 1_213_550 and point["disagreement"]
    assert sorted(c["value"] for c in point["claims"]) == [1_213_550, 1_500_000]
    discordant = [f for f in outbreak["flags"] if f["kind"] == "discordant_sources"]
    assert discordant and discordant[0]["evidence"]["date"] == "2022-05-15"


def test_latest_and_cfr_flag(outbreak: dict[str, Any]) -> None:
    latest = outbreak["latest"]
    assert (latest["cases"], latest["deaths"], latest["recovered"], latest["active"]) == (
        2_900_000,
        68,
        2_500_000,
        400_000,
    )
    assert latest["new_cases"] == 392_000
    (cfr,) = [f for f in outbreak["flags"] if f["kind"] == "implausible_cfr"]
    assert cfr["severity"] == "warning"  # 15 days after the first report
    assert cfr["evidence"]["deaths"]["value"] == 68


def test_responses_form_the_timeline(outbreak: dict[str, Any]) -> None:
    assert [(m["kind"], m["document"]) for m in outbreak["measures"]] == [("lockdown", "d1")]
    # the refusal dates from months before the event's reports: not attached
    assert [(r["item"], r["quantity"], r["from"], r["to"]) for r in outbreak["resources"]] == [
        ("mask", 10_600_000, "CN", "KP")
    ]
    assert outbreak["resources"][0]["date"] == "2022-05-27"


def test_event_ids_are_stable() -> None:
    first = build_events(*fever_outbreak())
    again = build_events(*fever_outbreak())
    assert [e["id"] for e in first] == [e["id"] for e in again]


def test_nothing_in_nothing_out() -> None:
    assert build_events([], [], []) == []


# --------------------------------------------------------------------------- ranking


def ranked_world() -> list[dict[str, Any]]:
    a = doc("a", "2022-03-01")
    b = doc("b", "2022-03-02")
    old = doc("old", "2021-12-01")
    facts = [
        fact(
            a,
            12,
            disease="Ebola virus disease",
            icd10="A98.4",
            country="UG",
            source="Ministry of Health",
        ),
        fact(a, 5, "deaths", disease="Ebola virus disease", icd10="A98.4", country="UG"),
        fact(b, 900, disease="Measles", icd10="B05", country="FR"),
        fact(old, 700, disease="Measles", icd10="B05", country="FR"),
    ]
    return build_events(facts, [a, b, old], [], today=date(2022, 3, 5))


def test_high_consequence_pathogen_ranks_first_and_novelty_counts() -> None:
    events = ranked_world()
    assert [(e["disease"]["name"], e["first_seen"]) for e in events] == [
        ("Ebola virus disease", "2022-03-01"),
        ("Measles", "2022-03-02"),
        ("Measles", "2021-12-01"),
    ]
    ebola, measles_now, measles_old = events
    # Nothing earlier of the disease in the country, but no year of history either: the
    # database cannot vouch for novelty (tests/events/test_novelty.py has the "new" case).
    assert "high-consequence pathogen" in ebola["reason"] and "first seen" in ebola["reason"]
    assert "first" not in measles_now["reason"]  # an earlier event within a year
    assert "first seen" in measles_old["reason"]
    assert measles_now["score"] > measles_old["score"]  # recency
    assert all(0 <= e["score"] <= 100 for e in events)


def test_rank_signals_rows() -> None:
    rows = rank_signals(ranked_world(), limit=2)
    assert [r["disease"] for r in rows] == ["Ebola virus disease", "Measles"]
    top = rows[0]
    assert top["country"] == "UG" and top["latest"]["deaths"] == 5
    assert top["reason"].startswith("Ebola virus disease in UG: 12 cases, 5 deaths")
    assert set(top) >= {"event", "score", "reason", "disease", "country", "latest", "flags"}
    assert len(rank_signals(ranked_world(), None)) == 3


def test_growth_and_surge_raise_the_score() -> None:
    quiet_docs = [doc(f"q{i}", f"2022-04-{i + 1:02d}") for i in range(10)]
    busy_docs = quiet_docs + [doc(f"s{i}", "2022-04-12") for i in range(6)]

    def build(docs: list[DocumentInfo]) -> dict[str, Any]:
        facts = [
            fact(d, 100 + 10 * i, disease="Cholera", icd10="A00", country="HT")
            for i, d in enumerate(docs)
        ]
        (event,) = build_events(facts, docs, [])
        return event

    quiet, busy = build(quiet_docs), build(busy_docs)
    assert "reporting surge" in busy["reason"] and "reporting surge" not in quiet["reason"]
    assert "cases x" in busy["reason"]
    assert busy["score"] > quiet["score"]


def test_wire_copies_count_as_reports_in_surge_detection() -> None:
    quiet = [doc(f"q{i}", f"2022-04-{i + 1:02d}") for i in range(10)]
    relayed = doc("w", "2022-04-12", "Wire A", copies=tuple(f"Portal {i}" for i in range(5)))
    alone = doc("w", "2022-04-12", "Wire A")

    def reason(last: DocumentInfo) -> str:
        docs = [*quiet, last]
        facts = [fact(d, 100, disease="Cholera", icd10="A00", country="HT") for d in docs]
        (event,) = build_events(facts, docs, [])
        return str(event["reason"])

    assert "reporting surge" in reason(relayed)
    assert "reporting surge" not in reason(alone)


def test_a_province_event_opening_with_the_national_one_is_not_novel_on_its_own() -> None:
    d = doc("a", "2022-05-01")
    facts = [
        fact(d, 10, disease="Poliomyelitis", icd10="A80", country="MM"),
        fact(d, 2, disease="Poliomyelitis", icd10="A80", country="MM", admin1="Rakhine"),
    ]
    events = build_events(facts, [d], [])
    novelty = {e["admin1"]: "first seen" in e["reason"] for e in events}
    assert novelty == {None: True, "Rakhine": False}


def test_province_events_are_listed_under_their_national_signal() -> None:
    d = doc("a", "2022-05-01")
    facts = [
        fact(d, 10, disease="Diphtheria", icd10="A36", country="NG"),
        fact(d, 25, "deaths", disease="Diphtheria", icd10="A36", country="NG", admin1="Kano"),
    ]
    events = build_events(facts, [d], [])
    rows = rank_signals(events)
    assert len(events) == 2 and len(rows) == 1
    kano = next(e for e in events if e["admin1"] == "Kano")
    assert rows[0]["admin1"] is None
    assert rows[0]["areas"] == [{"admin1": "Kano", "event": kano["id"]}]
