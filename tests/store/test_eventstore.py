"""The persistent event store: stable ids, incremental updates, deltas, the query layer,
corrections and triage that survive rescans, backfills and rebuilds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from episignal.document import CountMention
from episignal.events import refresh_events
from episignal.models import CorrectionError, Event, EventQuery, QueryError
from episignal.store import DocumentWriter, Store
from tests.store.store_factories import (
    BULLETIN,
    CHOLERA,
    FakeIndex,
    load_events,
    make_doc,
    make_extraction,
    prepared,
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "e.db") as s:
        yield s


def add(
    store: Store,
    doc_id: str,
    published: str,
    *,
    cases: int = 1_213_550,
    country: str = "KP",
    disease: object = None,
) -> None:
    """A bulletin of ``cases`` cases (and 50 deaths) published on ``published``."""
    number = f"{cases:,}"
    text = BULLETIN.replace("1,213,550", number) + f" Bulletin {doc_id}."
    extra = {"disease": disease} if disease is not None else {}
    ex = make_extraction(
        text,
        country=country,
        counts=((number, cases, "cases"), ("50", 50, "deaths")),
        **extra,  # type: ignore[arg-type]
    )
    DocumentWriter(store, FakeIndex()).write(
        prepared(make_doc(doc_id, text, published=published), ex)
    )


def only(store: Store) -> Event:
    (event,) = load_events(store)
    return event


# --------------------------------------------------------------------------- ids


def test_a_backfilled_earlier_report_keeps_the_event_id(store: Store) -> None:
    add(store, "b", "2022-05-16")
    first = only(store)
    add(store, "a", "2022-05-01", cases=20_000)  # an earlier report, scanned later
    later = only(store)
    assert later.id == first.id and later.first_seen.isoformat() == "2022-05-01"
    assert later.version == first.version + 1 and later.created_at == first.created_at


def test_a_rescan_and_a_full_rebuild_change_nothing(store: Store) -> None:
    add(store, "a", "2022-05-16")
    before = only(store)
    add(store, "a", "2022-05-16")  # the same item again: unchanged
    assert refresh_events(store.events).keys == 0
    store.mark_all_events_dirty()
    result = refresh_events(store.events)
    assert (result.created, result.updated, result.removed) == (0, 0, 0)
    after = only(store)
    assert (after.id, after.version, after.updated_at) == (
        before.id,
        before.version,
        before.updated_at,
    )


def test_a_bridging_report_merges_two_events_and_the_newer_id_redirects(store: Store) -> None:
    add(store, "a", "2022-01-01", cases=100)
    add(store, "c", "2022-04-01", cases=900)
    older, newer = sorted(load_events(store), key=lambda e: e.first_seen)
    add(store, "b", "2022-02-15", cases=400)
    result = refresh_events(store.events)
    assert (result.created, result.updated, result.removed) == (0, 1, 1)
    merged = only(store)
    assert merged.id == older.id and merged.merged_from == (newer.id,)
    assert store.events.resolve(newer.id) == older.id
    assert store.events.event(newer.id) == merged


def test_the_deltas_say_what_changed(store: Store) -> None:
    add(store, "a", "2022-05-16")
    first = refresh_events(store.events)
    assert [d.kind for d in first.deltas] == ["event_created"]
    add(store, "b", "2022-05-24", cases=2_900_000)
    second = refresh_events(store.events)
    kinds = [d.kind for d in second.deltas]
    assert "figure_added" in kinds and "event_created" not in kinds
    logged = store.events.deltas()
    assert [d.delta.kind for d in logged] == ["event_created", *kinds]
    assert [d.delta for d in store.events.deltas(after=second.since)] == list(second.deltas)
    assert [d.seq for d in logged] == sorted(d.seq for d in logged)
    assert store.events.deltas(after=logged[0].seq)[0].seq == logged[1].seq


def test_a_year_one_date_never_breaks_the_update(store: Store) -> None:
    add(store, "zero", "0001-01-01")
    add(store, "now", "2022-05-16", cases=5)
    events = load_events(store)
    # The year-1 date is unknown on reading (episignal.bounds), so it dates no event.
    assert events and all(0 <= e.score <= 100 for e in events)
    assert all(e.first_seen.year > 1 for e in events)


def test_a_figure_less_report_opens_its_event(store: Store) -> None:
    text = "An isolated case of cholera was confirmed in Malawi, officials said."
    ex = make_extraction(text, disease=CHOLERA, country="MW", counts=(), with_responses=False)
    DocumentWriter(store, FakeIndex()).write(prepared(make_doc("iso", text), ex))
    event = only(store)
    assert (event.disease.name, event.country, event.series) == ("cholera", "MW", ())
    assert [r.document for r in event.reports] == ["iso"]


# --------------------------------------------------------------------------- query layer


@pytest.fixture
def world(store: Store) -> Store:
    add(store, "kp", "2022-05-16")
    add(store, "kr", "2022-05-20", country="KR", cases=10_000)
    add(store, "mw", "2023-01-24", country="MW", disease=CHOLERA, cases=41_930)
    load_events(store)
    return store


def ids(store: Store, **filters: object) -> list[str]:
    page = store.events.signals(EventQuery(limit=None, **filters))  # type: ignore[arg-type]
    return [s.country for s in page.items]


def test_filters_run_in_sql(world: Store) -> None:
    assert sorted(ids(world)) == ["KP", "KR", "MW"]
    assert ids(world, countries=("KR",)) == ["KR"]
    assert ids(world, diseases=("cholera",)) == ["MW"]
    assert sorted(ids(world, diseases=("U07",))) == ["KP", "KR"]  # a category matches U07.1
    assert ids(world, since=__import__("datetime").date(2023, 1, 1)) == ["MW"]
    assert sorted(ids(world, until=__import__("datetime").date(2022, 12, 31))) == ["KP", "KR"]
    assert ids(world, flags=("implausible_cfr",)) == ["KP"]  # 50 deaths of 1.2 million
    assert ids(world, flags=("growth_jump",)) == []
    assert ids(world, language="en") and ids(world, language="fr") == []
    assert ids(world, text="cholera Malawi") == [] or ids(world, text="cholera") == ["MW"]
    assert ids(world, min_score=1000.0) == []


def test_sorting_and_paging_are_stable(world: Store) -> None:
    by_cases = ids(world, sort="-cases")
    assert by_cases == ["KP", "MW", "KR"]
    page = world.events.signals(EventQuery(sort="-cases", limit=2, offset=1))
    assert [s.country for s in page.items] == ["MW", "KR"] and page.total == 3
    assert [s.rank for s in page.items] == [2, 3] and not page.has_more


@pytest.mark.parametrize(
    "hostile",
    ["' OR 1=1 --", '"; DROP TABLE events; --', "%", "_", "NEAR(", "*", "a\x00b", "🦠"],
)
def test_sql_and_fts_metacharacters_are_harmless(world: Store, hostile: str) -> None:
    for field in ("countries", "diseases", "flags", "ids"):
        assert ids(world, **{field: (hostile,)}) == []
    ids(world, text=hostile, admin1=hostile, language=hostile)  # no error
    assert world.count("events") == 3


def test_bad_query_values_are_refused_with_their_name() -> None:
    with pytest.raises(QueryError, match="sort"):
        EventQuery(sort="-nonsense")
    with pytest.raises(QueryError, match="limit"):
        EventQuery(limit=0)
    with pytest.raises(QueryError, match="status"):
        EventQuery(statuses=("closed",))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- corrections


def test_an_excluded_claim_stays_excluded_through_rescans_and_rebuilds(store: Store) -> None:
    add(store, "a", "2022-05-16")
    event = only(store)
    series = next(s for s in event.series if s.measure == "cases")
    claim = series.points[0].claims[0]
    store.events.exclude_claim(event.id, claim.key, reason="a vaccination figure", by="ana")
    refresh_events(store.events)
    struck = next(s for s in only(store).series if s.measure == "cases").points[0]
    assert struck.excluded and struck.claims[0].excluded is not None
    assert struck.claims[0].excluded.reason == "a vaccination figure"
    # the document is re-extracted (new fact ids) and everything rebuilt: still excluded
    store.conn.execute("UPDATE documents SET raw_hash = 'changed' WHERE id = 'a'")
    add(store, "a", "2022-05-16")
    store.mark_all_events_dirty()
    again = only(store)
    point = next(s for s in again.series if s.measure == "cases").points[0]
    assert again.id == event.id and point.excluded
    store.events.include_claim(event.id, claim.key, by="ana")
    refresh_events(store.events)
    assert not next(s for s in only(store).series if s.measure == "cases").points[0].excluded


def test_a_moved_document_stays_moved_and_a_merge_holds(store: Store) -> None:
    add(store, "kp", "2022-05-16")
    add(store, "kr", "2022-05-20", country="KR")
    kp, kr = sorted(load_events(store), key=lambda e: e.country)
    store.events.move_document("kr", kr.id, kp.id, by="ana", note="about the North")
    refresh_events(store.events)
    (merged,) = load_events(store)  # kr's event had no other document: it is gone
    assert merged.id == kp.id and set(merged.document_ids) == {"kp", "kr"}
    assert store.events.resolve(kr.id) == kp.id
    store.mark_all_events_dirty()
    assert only(store).document_ids == merged.document_ids
    with pytest.raises(CorrectionError, match="no event"):
        store.events.move_document("kp", kp.id, "evt-missing")


def test_an_analysts_merge_survives_later_reports(store: Store) -> None:
    add(store, "kp", "2022-05-16")
    add(store, "kr", "2022-05-20", country="KR")
    kp, kr = sorted(load_events(store), key=lambda e: e.country)
    store.events.set_triage(kr.id, status="monitoring", by="ana")
    correction = store.events.merge_events(kp.id, kr.id, by="ana")
    assert (correction.kind, correction.event, correction.other) == ("merge_events", kp.id, kr.id)
    refresh_events(store.events)
    add(store, "kr2", "2022-05-25", country="KR")  # a new report of the merged outbreak
    (event,) = load_events(store)
    assert event.id == kp.id and {"kp", "kr", "kr2"} <= set(event.document_ids)
    assert store.events.event(kr.id) == event
    merged = [d.delta for d in store.events.deltas() if d.delta.kind == "event_merged"]
    assert len(merged) == 1
    assert store.events.triage(kr.id).status == "monitoring"  # the merged id keeps its own
    assert store.events.triage(kp.id).status == "new"


def test_triage_survives_rebuilds_and_filters_the_board(store: Store) -> None:
    add(store, "a", "2022-05-16")
    event = only(store)
    before, after = store.events.set_triage(event.id, status="verified", assignee="ana", by="lead")
    assert (before.status, after.status, after.assignee) == ("new", "verified", "ana")
    store.mark_all_events_dirty()
    load_events(store)
    assert store.events.triage(event.id).status == "verified"
    verified = store.events.signals(EventQuery(statuses=("verified",)))
    assert [s.event for s in verified.items] == [event.id]
    assert verified.items[0].triage.assignee == "ana"
    assert store.events.signals(EventQuery(statuses=("new",))).total == 0
    with pytest.raises(CorrectionError, match="status"):
        store.events.set_triage(event.id, status="closed")  # type: ignore[arg-type]


def test_corrections_name_events_that_exist(store: Store) -> None:
    with pytest.raises(CorrectionError, match="no event"):
        store.events.exclude_claim("evt-missing", "k", reason="x")
    add(store, "a", "2022-05-16")
    event = only(store)
    with pytest.raises(CorrectionError, match="no claim"):
        store.events.exclude_claim(event.id, "not-a-claim", reason="x")
    with pytest.raises(CorrectionError, match="reason"):
        store.events.exclude_claim(event.id, "k", reason="  ")


def test_documents_without_facts_of_their_own_disease_count_under_the_primary(store: Store) -> None:
    text = "Officials in Kenya counted 42 cholera cases in Garissa."
    ex = make_extraction(text, disease=CHOLERA, country="KE", counts=(("42", 42, "cases"),))
    ex.counts[0] = CountMention(value=42, measure="cases", span=(27, 29), country="KE")
    DocumentWriter(store, FakeIndex()).write(prepared(make_doc("k", text), ex))
    event = only(store)
    assert (event.disease.name, event.latest.cases) == ("cholera", 42)


# --------------------------------------------------------------------------- workbench filters


def test_the_query_layer_filters_on_tags_assignee_and_creation(store: Store) -> None:
    from episignal.store.triage import TriageStore

    add(store, "kp", "2022-05-16")
    add(store, "ng", "2023-01-10", country="NG")
    refresh_events(store.events)
    kp, ng = (s.event for s in store.events.signals(EventQuery(sort="country")).items[::-1])
    TriageStore(store.conn).set_tags(kp, ["Watch"], "ana")
    store.events.set_triage(ng, assignee="Ana", by="ana")
    stamps = [s.created_at for s in store.events.signals(EventQuery()).items]
    created = max(s for s in stamps if s is not None)

    def ids(**filters: object) -> list[str]:
        return [s.event for s in store.events.signals(EventQuery(**filters)).items]  # type: ignore[arg-type]

    assert ids(tags=("watch",)) == [kp] and ids(tags=("other",)) == []
    assert ids(assignee="ana") == [ng] and ids(assignee="bo") == []
    assert sorted(ids(created_since="")) == sorted([kp, ng]) and ids(created_since=created) == []
    (row,) = store.events.signals(EventQuery(ids=(kp,))).items
    assert row.triage.tags == ("watch",)
    plan = " ".join(
        str(r[3])
        for r in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT 1 FROM events e LEFT JOIN event_triage t "
            "ON t.event_id = e.id WHERE t.assignee = ? COLLATE NOCASE",
            ("ana",),
        )
    )
    assert "event_triage_assignee" in plan  # an index, not a scan of every event
