"""End-to-end event building: an outbreak told by several outlets, responses, ranking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from episignal.document import DocumentInfo, Fact, ResponseItem
from episignal.events import build_events, rank_signals
from episignal.models import Event, ReportItem
from tests.events.factories import day, doc, fact, response


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
def outbreak() -> Event:
    facts, docs, responses = fever_outbreak()
    (event,) = build_events(facts, docs, responses)
    return event


def point(event: Event, when: str, measure: str, kind: str = "total") -> tuple[int, ...]:
    found = [
        p
        for s in event.series
        if s.measure == measure and s.kind == kind and s.admin1 is None
        for p in s.points
        if p.date == day(when)
    ]
    return tuple(p.value for p in found)


def test_one_event_with_every_fact_and_document(outbreak: Event) -> None:
    assert outbreak.id.startswith("evt-")
    assert (outbreak.disease.name, outbreak.disease.icd10) == ("COVID-19", "U07.1")
    assert (outbreak.country, outbreak.areas) == ("KP", ())
    assert (outbreak.first_seen, outbreak.last_seen) == (day("2022-05-12"), day("2022-05-27"))
    assert len(outbreak.fact_ids) == 10
    assert outbreak.document_ids == ("d1", "d2", "d3", "d4", "d5")  # d5 through its resource
    wire = outbreak.documents[0]
    assert wire.id == "d1" and wire.outlets == ("Wire A", "Portal B", "Portal C")


def test_conflicting_figures_keep_both_and_choose_the_official(outbreak: Event) -> None:
    (p,) = [
        p
        for s in outbreak.series
        for p in s.points
        if p.date == day("2022-05-15") and s.measure == "cases"
    ]
    assert p.value == 1_213_550 and p.disagreement
    assert sorted(c.value for c in p.claims) == [1_213_550, 1_500_000]
    discordant = [f for f in outbreak.flags if f.kind == "discordant_sources"]
    assert discordant and discordant[0].evidence["date"] == "2022-05-15"


def test_latest_and_cfr_flag(outbreak: Event) -> None:
    latest = outbreak.latest
    assert [latest.get(m) for m in ("cases", "deaths", "recovered", "active")] == [
        2_900_000,
        68,
        2_500_000,
        400_000,
    ]
    assert latest.get("new_cases") == 392_000
    (cfr,) = [f for f in outbreak.flags if f.kind == "implausible_cfr"]
    assert cfr.severity == "warning"  # 15 days after the first report
    assert cfr.evidence["deaths"]["value"] == 68  # type: ignore[index]


def test_responses_form_the_timeline(outbreak: Event) -> None:
    assert [(m.kind, m.document) for m in outbreak.measures] == [("lockdown", "d1")]
    # the refusal dates from months before the event's reports: not attached
    assert [(r.item, r.quantity, r.from_country, r.to_country) for r in outbreak.resources] == [
        ("mask", 10_600_000, "CN", "KP")
    ]
    assert outbreak.resources[0].date == day("2022-05-27")


def test_event_ids_are_stable() -> None:
    first = build_events(*fever_outbreak())
    again = build_events(*fever_outbreak())
    assert [e.id for e in first] == [e.id for e in again]


def test_nothing_in_nothing_out() -> None:
    assert build_events([], [], []) == []


# --------------------------------------------------------------------------- reports


def report_item(
    document: DocumentInfo, country: str, disease: str = "Nipah virus infection"
) -> ReportItem:
    return ReportItem(
        id=hash((document.id, country)) & 0xFFFF,
        document_id=document.id,
        disease=disease,
        country=country,
        span=(0, 5),
        quote=f"An isolated case of {disease} was reported in {country}.",
    )


def test_a_report_without_figures_opens_its_event() -> None:
    d = doc("nipah", "2023-09-15")
    (event,) = build_events([], [d], [], [report_item(d, "IN")])
    assert (event.disease.name, event.country, event.series) == ("Nipah virus infection", "IN", ())
    (entry,) = event.reports
    assert (entry.document, entry.date) == (
        "nipah",
        day("2023-09-15"),
    ) and "isolated" in entry.quote
    assert "Nipah virus infection in IN" in event.reason


def test_every_affected_country_of_a_multi_country_report_has_its_event() -> None:
    d = doc("mpox", "2022-06-01")
    countries = ["GB", "ES", "PT", "DE", "FR"]
    reports = [report_item(d, c, "Mpox") for c in countries]
    facts = [fact(d, 207, disease="Mpox", icd10="B04", country="GB")]
    events = build_events(facts, [d], [], reports)
    assert sorted(e.country for e in events) == sorted(countries)
    gb = next(e for e in events if e.country == "GB")
    assert gb.latest.cases == 207 and gb.reports


def test_figure_less_reports_extend_an_event_with_figures() -> None:
    a, b = doc("a", "2023-01-01"), doc("b", "2023-01-20")
    facts = [fact(a, 40, disease="Nipah virus infection", icd10=None, country="BD")]
    (event,) = build_events(facts, [a, b], [], [report_item(b, "BD")])
    assert (event.first_seen, event.last_seen) == (day("2023-01-01"), day("2023-01-20"))
    assert event.document_ids == ("a", "b")


def test_only_observed_national_and_subnational_figures_are_drawn() -> None:
    d = doc("a", "2022-05-01")
    kept = fact(d, 10)
    world = scoped(fact(d, 80_000_000), scope="world", kind="estimate")
    target = scoped(fact(d, 14_579_818, "vaccinated"), scope="national", kind="target")
    district = scoped(fact(d, 148, admin1="North Kivu"), scope="subnational", kind="observed")
    (event,) = build_events([kept, world, target, district], [d])
    assert event.fact_ids == (kept.id, district.id)
    assert event.areas == ("North Kivu",)


@dataclass(frozen=True, slots=True)
class ScopedFact(Fact):
    """A fact with the extraction's scope and kind (as the figure extraction records them)."""

    scope: str | None = None
    kind: str | None = None


def scoped(f: Fact, **fields: str) -> Fact:
    values = {name: getattr(f, name) for name in Fact.__dataclass_fields__}
    return ScopedFact(**{**values, **fields})


# --------------------------------------------------------------------------- ranking


def ranked_world() -> list[Event]:
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
    assert [(e.disease.name, e.first_seen) for e in events] == [
        ("Ebola virus disease", day("2022-03-01")),
        ("Measles", day("2022-03-02")),
        ("Measles", day("2021-12-01")),
    ]
    ebola, measles_now, measles_old = events
    # The database holds under a year of reports from UG and FR: novelty cannot be vouched for.
    assert "high-consequence pathogen" in ebola.reason
    assert "first seen (the database holds under a year of reports from UG)" in ebola.reason
    assert "first" not in measles_now.reason  # an earlier event within a year
    assert "first seen" in measles_old.reason and ebola.score_parts["novelty"] == 0
    assert measles_now.score > measles_old.score  # recency
    assert all(0 <= e.score <= 100 for e in events)


def test_recency_and_novelty_across_periods() -> None:
    old, now = doc("old", "2021-06-01"), doc("now", "2022-03-02")
    recent = doc("recent", "2022-01-10")
    facts = [fact(d, 700, disease="Measles", icd10="B05", country="FR") for d in (old, recent, now)]
    events = build_events(facts, [old, recent, now], today=date(2022, 3, 5), gap_days=30)
    by_start = {e.first_seen.isoformat(): e for e in events}
    assert set(by_start) == {"2021-06-01", "2022-01-10", "2022-03-02"}
    assert "first seen" in by_start["2021-06-01"].reason  # the database's first FR report
    assert "first" not in by_start["2022-01-10"].reason  # within a year of June's
    assert "first" not in by_start["2022-03-02"].reason
    assert by_start["2022-03-02"].score > by_start["2021-06-01"].score  # recency


def test_rank_signals_rows() -> None:
    rows = rank_signals(ranked_world(), limit=1)
    (top,) = rows
    assert (top.rank, top.disease.name, top.country) == (1, "Ebola virus disease", "UG")
    assert top.latest.deaths == 5
    assert top.reason.startswith("Ebola virus disease in UG: 12 cases, 5 deaths")
    assert len(rank_signals(ranked_world(), None)) == 3


def test_growth_and_surge_raise_the_score() -> None:
    quiet_docs = [doc(f"q{i}", f"2022-04-{i + 1:02d}") for i in range(10)]
    busy_docs = quiet_docs + [doc(f"s{i}", "2022-04-12") for i in range(6)]

    def build(docs: list[DocumentInfo]) -> Event:
        facts = [
            fact(d, 100 + 10 * i, disease="Cholera", icd10="A00", country="HT")
            for i, d in enumerate(docs)
        ]
        (event,) = build_events(facts, docs, [])
        return event

    quiet, busy = build(quiet_docs), build(busy_docs)
    assert "reporting surge" in busy.reason and "reporting surge" not in quiet.reason
    assert "cases x" in busy.reason
    assert busy.score > quiet.score


def test_wire_copies_count_as_reports_in_surge_detection() -> None:
    quiet = [doc(f"q{i}", f"2022-04-{i + 1:02d}") for i in range(10)]
    relayed = doc("w", "2022-04-12", "Wire A", copies=tuple(f"Portal {i}" for i in range(5)))
    alone = doc("w", "2022-04-12", "Wire A")

    def reason(last: DocumentInfo) -> str:
        docs = [*quiet, last]
        facts = [fact(d, 100, disease="Cholera", icd10="A00", country="HT") for d in docs]
        (event,) = build_events(facts, docs, [])
        return event.reason

    assert "reporting surge" in reason(relayed)
    assert "reporting surge" not in reason(alone)


def test_a_province_is_a_series_inside_the_national_event() -> None:
    d = doc("a", "2022-05-01")
    facts = [
        fact(d, 10, disease="Diphtheria", icd10="A36", country="NG"),
        fact(d, 25, "deaths", disease="Diphtheria", icd10="A36", country="NG", admin1="Kano"),
    ]
    (event,) = build_events(facts, [d], [])
    assert event.areas == ("Kano",)
    assert [(s.admin1, s.measure) for s in event.series] == [(None, "cases"), ("Kano", "deaths")]
    (row,) = rank_signals([event])
    assert row.place == "NG (+Kano)"
    assert event.latest.cases == 10 and event.latest.get("deaths") is None


def test_a_year_one_date_does_not_break_event_building() -> None:
    zero, now = doc("zero", "0001-01-01"), doc("now", "2022-05-01")
    events = build_events([fact(zero, 5), fact(now, 10)], [zero, now])
    assert len(events) == 2 and all(0 <= e.score <= 100 for e in events)
