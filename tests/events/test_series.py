"""Series lines, the claim-choice rule, disagreement, exclusions and ``latest``."""

from __future__ import annotations

from datetime import date

import pytest

from episignal.document import DocumentInfo, Fact
from episignal.events.latest import area_latest, event_latest
from episignal.events.series import build_series, claim_key, fits_totals, is_official
from episignal.models import Exclusion, Latest, Point, Series
from tests.events.factories import day, doc, fact


def series_of(
    facts: list[Fact], docs: list[DocumentInfo], exclusions: dict[str, Exclusion] | None = None
) -> tuple[Series, ...]:
    return build_series(facts, {d.id: d for d in docs}, exclusions)


def points_of(series: tuple[Series, ...]) -> list[tuple[Series, Point]]:
    return [(s, p) for s in series for p in s.points]


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
    ((_, point),) = points_of(series_of(facts, [early, late]))
    assert point.value == 1000 and point.disagreement is True
    assert [c.document for c in point.claims] == ["early", "late"]
    assert {c.outlet for c in point.claims} == {"Gov Gazette", "Relay Radio"}
    assert all(c.quote and c.span == (10, 20) for c in point.claims)


def test_latest_published_wins_between_equals_then_larger_total() -> None:
    a, b, c = doc("a", "2022-05-15"), doc("b", "2022-05-17"), doc("c", "2022-05-17")
    facts = [
        fact(a, 900, source="WHO", as_of="2022-05-14"),
        fact(b, 1000, source="WHO", as_of="2022-05-14"),
        fact(c, 1100, source="WHO", as_of="2022-05-14"),
    ]
    ((_, point),) = points_of(series_of(facts, [a, b, c]))
    assert point.value == 1100  # b and c published the same day: the larger total


def test_agreeing_claims_are_not_a_disagreement() -> None:
    a, b = doc("a", "2022-05-15", "Wire"), doc("b", "2022-05-15", "Paper")
    ((_, point),) = points_of(series_of([fact(a, 68, "deaths"), fact(b, 68, "deaths")], [a, b]))
    assert point.disagreement is False and len(point.claims) == 2


def test_lines_split_by_area_measure_kind_status_and_species() -> None:
    d = doc("a", "2022-05-15")
    facts = [
        fact(d, 100),
        fact(d, 10, cumulative=False),
        fact(d, 60, status="confirmed"),
        fact(d, 7, "deaths"),
        fact(d, 300, species="animal"),
        fact(d, 90, as_of="2022-05-13"),
        fact(d, 40, admin1="Kano"),
    ]
    keys = [
        (s.admin1, s.measure, s.kind, s.status, s.species, [p.date.isoformat() for p in s.points])
        for s in series_of(facts, [d])
    ]
    assert keys == [
        (None, "cases", "total", None, "human", ["2022-05-13", "2022-05-15"]),
        (None, "cases", "total", "confirmed", "human", ["2022-05-15"]),
        (None, "cases", "new", None, "human", ["2022-05-15"]),
        (None, "deaths", "total", None, "human", ["2022-05-15"]),
        ("Kano", "cases", "total", None, "human", ["2022-05-15"]),
        (None, "cases", "total", None, "animal", ["2022-05-15"]),
    ]


def test_as_of_date_falls_back_to_publication() -> None:
    d = doc("a", "2022-05-15")
    ((_, point),) = points_of(series_of([fact(d, 5)], [d]))
    assert point.date == day("2022-05-15")


def test_a_growing_outbreak_is_one_running_total() -> None:
    """12 cases, then "rose to 57" (cumulative), then 143: one line that grows."""
    a, b, c = doc("a", "2023-03-01"), doc("b", "2023-03-08"), doc("c", "2023-03-15")
    facts = [
        fact(a, 12, cumulative=None),
        fact(b, 57, cumulative=True),
        fact(c, 143, cumulative=None),
    ]
    (line,) = series_of(facts, [a, b, c])
    assert line.kind == "total" and [p.value for p in line.points] == [12, 57, 143]
    assert [p.cumulative for p in line.points] == [None, True, None]


def test_unstated_figures_below_the_totals_are_not_totals() -> None:
    a, b, c = doc("a", "2023-03-01"), doc("b", "2023-03-08"), doc("c", "2023-03-15")
    facts = [fact(a, 500, cumulative=True), fact(b, 40, cumulative=None), fact(c, 620)]
    kinds = {s.kind: [p.value for p in s.points] for s in series_of(facts, [a, b, c])}
    assert kinds == {"total": [500, 620], "unspecified": [40]}


@pytest.mark.parametrize(
    ("value", "fits"),
    [(50, True), (10, True), (100, True), (9, False), (101, False)],
)
def test_fits_between_the_totals_before_and_after(value: int, fits: bool) -> None:
    totals = [(date(2023, 1, 1), 10), (date(2023, 1, 5), 999), (date(2023, 1, 9), 100)]
    assert fits_totals(date(2023, 1, 7), value, totals[::2]) is fits


def test_excluded_claim_is_kept_but_never_chosen() -> None:
    a, b = doc("a", "2022-05-15", "Gov Gazette"), doc("b", "2022-05-16", "Relay")
    wrong = fact(a, 9_999_999, source="Ministry of Health", as_of="2022-05-14")
    right = fact(b, 1200, as_of="2022-05-14")
    key = claim_key(wrong.document_id, wrong.measure, wrong.value, wrong.quote)
    ((_, point),) = points_of(series_of([wrong, right], [a, b], {key: Exclusion("misread")}))
    assert point.value == 1200 and not point.disagreement and not point.excluded
    (struck,) = [c for c in point.claims if c.excluded is not None]
    assert struck.value == 9_999_999 and struck.excluded.reason == "misread"  # type: ignore[union-attr]


def test_a_point_with_every_claim_excluded_is_kept_and_unused() -> None:
    a = doc("a", "2022-05-15")
    wrong = fact(a, 77)
    key = claim_key(wrong.document_id, wrong.measure, wrong.value, wrong.quote)
    (line,) = series_of([wrong], [a], {key: Exclusion("a vaccination figure")})
    assert line.points[0].excluded and line.used_points() == ()
    assert area_latest([line]).values == {}


def test_claim_keys_survive_re_extraction_of_the_same_sentence() -> None:
    assert claim_key("d", "cases", 5, "Five  cases\nwere seen.") == claim_key(
        "d", "cases", 5, "Five cases were seen."
    )
    assert claim_key("d", "cases", 5, "x") != claim_key("d", "deaths", 5, "x")


def test_latest_prefers_totals_and_unstated_status() -> None:
    d1, d2 = doc("a", "2022-05-15"), doc("b", "2022-05-20")
    facts = [
        fact(d1, 1000),
        fact(d2, 1500, status="suspected"),
        fact(d2, 400, status="confirmed"),
        fact(d2, 200, cumulative=False),
        fact(d2, 12, "deaths", cumulative=None),
        fact(d2, 300, species="animal"),
    ]
    latest = event_latest(series_of(facts, [d1, d2]))
    # at the latest date only status-specific totals exist: the largest, never their sum
    assert latest == Latest(
        {"cases": 1500, "new_cases": 200, "deaths": 12, "animal_cases": 300}, day("2022-05-20")
    )


def test_latest_with_total_of_unstated_status() -> None:
    d = doc("a", "2022-05-20")
    facts = [fact(d, 1500), fact(d, 400, status="confirmed")]
    assert event_latest(series_of(facts, [d])).cases == 1500


def test_latest_of_an_event_with_only_area_figures_names_the_area() -> None:
    d = doc("a", "2022-05-20")
    facts = [
        fact(d, 40, admin1="Kano"),
        fact(d, 90, admin1="Lagos"),
        fact(d, 3, "deaths", admin1="Kano"),
    ]
    latest = event_latest(series_of(facts, [d]))
    assert (latest.cases, latest.area) == (90, "Lagos")
    national = event_latest(series_of([*facts, fact(d, 130)], [d]))
    assert (national.cases, national.area) == (130, None)
