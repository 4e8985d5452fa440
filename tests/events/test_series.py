"""Series points, the claim-choice rule, disagreement and ``latest``."""

from __future__ import annotations

from typing import Any

import pytest

from episignal.document import DocumentInfo, Fact
from episignal.events.series import build_series, is_official, latest_values
from tests.events.factories import doc, fact


def series_of(facts: list[Fact], docs: list[DocumentInfo]) -> list[dict[str, Any]]:
    return build_series(facts, {d.id: d for d in docs})


@pytest.mark.parametrize(
    ("source", "official"),
    [
        ("state media", True),
        ("KCNA", True),
        ("WHO", True),
        ("the Ministry of Public Health", True),
        ("health authorities", True),
        ("Reuters", False),
        ("a local resident", False),
        (None, False),
    ],
)
def test_is_official(source: str | None, official: bool) -> None:
    assert is_official(source) is official


def test_official_claim_beats_later_relay_and_keeps_all_claims() -> None:
    early = doc("early", "2022-05-15", "Gov Gazette")
    late = doc("late", "2022-05-16", "Relay Radio")
    facts = [
        fact(early, 1000, source="Ministry of Health", as_of="2022-05-14"),
        fact(late, 1200, source="Relay Radio", as_of="2022-05-14"),
    ]
    (point,) = series_of(facts, [early, late])
    assert point["value"] == 1000 and point["disagreement"] is True
    assert [c["document"] for c in point["claims"]] == ["early", "late"]
    assert {c["outlet"] for c in point["claims"]} == {"Gov Gazette", "Relay Radio"}
    assert all(c["quote"] and c["span"] == [10, 20] for c in point["claims"])


def test_latest_published_wins_between_equals_then_larger_total() -> None:
    a, b, c = doc("a", "2022-05-15"), doc("b", "2022-05-17"), doc("c", "2022-05-17")
    facts = [
        fact(a, 900, source="WHO", as_of="2022-05-14"),
        fact(b, 1000, source="WHO", as_of="2022-05-14"),
        fact(c, 1100, source="WHO", as_of="2022-05-14"),
    ]
    (point,) = series_of(facts, [a, b, c])
    assert point["value"] == 1100  # b and c published the same day: the larger total


def test_agreeing_claims_are_not_a_disagreement() -> None:
    a, b = doc("a", "2022-05-15", "Wire"), doc("b", "2022-05-15", "Paper")
    (point,) = series_of([fact(a, 68, "deaths"), fact(b, 68, "deaths")], [a, b])
    assert point["disagreement"] is False and len(point["claims"]) == 2


def test_points_split_by_measure_status_kind_species_and_date() -> None:
    d = doc("a", "2022-05-15")
    facts = [
        fact(d, 100),
        fact(d, 10, cumulative=False),
        fact(d, 60, status="confirmed"),
        fact(d, 7, "deaths"),
        fact(d, 300, species="animal"),
        fact(d, 90, as_of="2022-05-13"),
    ]
    keys = [
        (p["measure"], p["status"], p["cumulative"], p["species"], p["date"])
        for p in series_of(facts, [d])
    ]
    assert keys == [
        ("cases", None, True, "human", "2022-05-13"),
        ("cases", None, True, "human", "2022-05-15"),
        ("cases", None, False, "human", "2022-05-15"),
        ("cases", "confirmed", True, "human", "2022-05-15"),
        ("deaths", None, True, "human", "2022-05-15"),
        ("cases", None, True, "animal", "2022-05-15"),
    ]


def test_as_of_date_falls_back_to_publication() -> None:
    d = doc("a", "2022-05-15")
    (point,) = series_of([fact(d, 5)], [d])
    assert point["date"] == "2022-05-15"


def test_latest_prefers_cumulative_and_unstated_status() -> None:
    d1, d2 = doc("a", "2022-05-15"), doc("b", "2022-05-20")
    facts = [
        fact(d1, 1000),
        fact(d2, 1500, status="suspected"),
        fact(d2, 400, status="confirmed"),
        fact(d2, 200, cumulative=False),
        fact(d2, 12, "deaths", cumulative=None),
        fact(d2, 300, species="animal"),
    ]
    latest = latest_values(series_of(facts, [d1, d2]))
    # at the latest date only status-specific totals exist: the largest, never their sum
    assert latest == {
        "cases": 1500,
        "new_cases": 200,
        "deaths": 12,
        "animal_cases": 300,
        "as_of": "2022-05-20",
    }


def test_latest_with_total_of_unstated_status() -> None:
    d = doc("a", "2022-05-20")
    facts = [fact(d, 1500), fact(d, 400, status="confirmed")]
    assert latest_values(series_of(facts, [d]))["cases"] == 1500
