"""Step 1 of the update: documents of a key cut into periods, ids kept for good."""

from __future__ import annotations

from datetime import date

import pytest

from episignal.events import build_events
from episignal.events.segments import contributions, new_id, plan_key, runs_by_gap
from episignal.models.inputs import KeyItem, KeyPlan, KeyState, Membership
from tests.events.factories import day, doc, fact

KEY = ("cholera", "MW")


def report(doc_id: str, when: str | None) -> KeyItem:
    return KeyItem(doc_id, day(when) if when else None, "report")


def figure(doc_id: str, when: str, scope: str | None = None, kind: str | None = None) -> KeyItem:
    return KeyItem(doc_id, day(when), "fact", scope, kind)


def state(items: list[KeyItem], before: KeyPlan | None = None, **extra: object) -> KeyState:
    members = {m.document: m for m in before.memberships} if before else {}
    segments = dict(before.segment_events) if before else {}
    return KeyState(KEY, tuple(items), members, segments, **extra)  # type: ignore[arg-type]


def events_of(plan: KeyPlan) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in sorted(plan.memberships, key=lambda m: (m.date, m.document)):
        out.setdefault(m.event, []).append(m.document)
    return out


def test_gap_rule_closes_and_reopens_periods() -> None:
    dated = [(day("2022-01-01"), "jan"), (day("2022-02-15"), "feb"), (day("2022-05-01"), "may")]
    assert [[d for _, d in run] for run in runs_by_gap(dated, 60)] == [["jan", "feb"], ["may"]]
    assert len(runs_by_gap(dated, 90)) == 1  # 75 days of silence is within a 90-day gap


def test_only_admitted_items_make_contributions() -> None:
    items = [
        report("a", "2022-01-05"),
        figure("a", "2022-01-03"),
        figure("b", "2022-01-09", scope="world"),  # a global figure opens no event
        figure("c", "2022-01-09", kind="forecast"),
        report("d", None),  # undated
        figure("e", "2022-01-10", scope="subnational"),  # no area: not drawn
    ]
    assert contributions(items) == {"a": date(2022, 1, 3)}


def test_ids_are_deterministic_and_avoid_taken_ones() -> None:
    first = new_id(KEY, day("2022-01-01"), "a", ())
    assert first == new_id(KEY, day("2022-01-01"), "a", ()) and first.startswith("evt-")
    assert new_id(KEY, day("2022-01-01"), "a", {first}) != first


def test_a_backfilled_earlier_report_keeps_the_id() -> None:
    first = plan_key(state([report("b", "2022-03-10"), report("c", "2022-03-20")]))
    (event_id,) = events_of(first)
    backfilled = plan_key(
        state(
            [report("a", "2022-02-01"), report("b", "2022-03-10"), report("c", "2022-03-20")], first
        )
    )
    assert events_of(backfilled) == {event_id: ["a", "b", "c"]}


def test_a_report_bridging_two_periods_merges_them_into_the_older() -> None:
    apart = plan_key(state([report("a", "2022-01-01"), report("c", "2022-04-01")]))
    older, newer = (next(m.event for m in apart.memberships if m.document == d) for d in "ac")
    assert older != newer
    bridged = plan_key(
        state(
            [report("a", "2022-01-01"), report("b", "2022-02-15"), report("c", "2022-04-01")], apart
        )
    )
    assert events_of(bridged) == {older: ["a", "b", "c"]}
    assert bridged.merged_segments == {newer: older}
    assert {older, newer} <= bridged.events  # the retired one is rebuilt (and dropped)


def test_a_period_torn_apart_splits_and_the_larger_part_keeps_the_id() -> None:
    whole = plan_key(
        state(
            [report(d, f"2022-01-{i + 1:02d}") for i, d in enumerate("abc")]
            + [report("x", "2022-02-20"), report("y", "2022-04-10")]
        )
    )
    (event_id,) = events_of(whole)
    # x, the report that bridged the gap, is gone (its document was replaced)
    torn = plan_key(
        state(
            [report(d, f"2022-01-{i + 1:02d}") for i, d in enumerate("abc")]
            + [report("y", "2022-04-10")],
            whole,
        )
    )
    found = events_of(torn)
    assert found[event_id] == ["a", "b", "c"]
    (other,) = set(found) - {event_id}
    assert found[other] == ["y"] and torn.split_from == {other: event_id}


def test_a_moved_document_stays_where_an_analyst_put_it() -> None:
    plan = plan_key(
        state([report("a", "2022-01-01"), report("b", "2022-01-02")], moves={"b": "evt-elsewhere"})
    )
    by_doc = {m.document: m for m in plan.memberships}
    assert by_doc["b"].event == "evt-elsewhere" and by_doc["b"].segment is None
    assert by_doc["a"].event != "evt-elsewhere"
    assert "evt-elsewhere" in plan.events


def test_segments_merged_by_an_analyst_keep_resolving_to_the_survivor() -> None:
    apart = plan_key(state([report("a", "2022-01-01"), report("c", "2022-09-01")]))
    older, _newer = sorted(apart.segment_events, key=lambda s: events_of(apart)[s][0])
    merged = {s: older for s in apart.segment_events}  # the analyst merged newer into older
    members = {
        m.document: Membership(m.document, m.key, m.date, m.segment, older)
        for m in apart.memberships
    }
    later = plan_key(
        KeyState(
            KEY,
            (report("a", "2022-01-01"), report("c", "2022-09-01"), report("d", "2022-09-05")),
            members,
            merged,
        )
    )
    assert events_of(later) == {older: ["a", "c", "d"]}
    assert later.split_from == {}


def test_events_per_disease_and_country_with_areas_inside() -> None:
    d = doc("a", "2022-05-01")
    facts = [
        fact(d, 10),
        fact(d, 11, country="CN"),
        fact(d, 12, disease="Cholera", icd10="A00"),
        fact(d, 13, admin1="Kaesong"),
    ]
    events = build_events(facts, [d])
    assert sorted((e.disease.name, e.country, e.areas) for e in events) == [
        ("COVID-19", "CN", ()),
        ("COVID-19", "KP", ("Kaesong",)),
        ("Cholera", "KP", ()),
    ]


def test_one_disease_under_two_codes_stays_one_event() -> None:
    a, b, c = doc("a", "2022-05-01"), doc("b", "2022-05-03"), doc("c", "2022-05-05")
    facts = [
        fact(a, 10, disease="Ebola virus disease", icd10="A99"),  # "Ebola haemorrhagic fever"
        fact(b, 20, disease="Ebola virus disease", icd10="A98"),
        fact(c, 30, disease="Ebola virus disease", icd10="A98"),
    ]
    (event,) = build_events(facts, [a, b, c])
    assert event.disease.icd10 == "A98"


@pytest.mark.parametrize(
    ("changes", "refused"),
    [
        ({"disease": None, "icd10": None}, "no disease"),
        ({"country": None}, "no country"),  # "Globally, 1,621 cases": no country's figure
    ],
)
def test_a_figure_without_disease_or_country_enters_no_event(
    changes: dict[str, None], refused: str
) -> None:
    from dataclasses import replace

    from episignal.events.admission import fact_refusal

    d = doc("a", "2022-05-01")
    stray = replace(fact(d, 1621), **changes)  # type: ignore[arg-type]
    (event,) = build_events([fact(d, 7), stray], [d])
    assert stray.id not in event.fact_ids
    assert refused in (fact_refusal(stray) or "")


def test_fact_without_any_date_is_dropped() -> None:
    from dataclasses import replace

    from episignal.document import DocumentInfo

    d = doc("a", "2022-05-01")
    undated = DocumentInfo(id="undated")
    f = replace(fact(d, 5), document_id="undated", published=None)
    (event,) = build_events([fact(d, 10), f], [d, undated])
    assert f.id not in event.fact_ids
