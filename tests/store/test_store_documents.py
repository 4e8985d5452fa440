from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from episignal.document import CountMention, RawItem
from episignal.errors import StoreError
from episignal.store import Store
from episignal.store.queries import document_facts
from tests.store.store_factories import (
    BULLETIN,
    CHOLERA,
    load_events,
    make_doc,
    make_extraction,
    prepared,
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "e.db") as s:
        yield s


def test_add_document_stores_row_extraction_facts_and_responses(store: Store) -> None:
    status = store.add_document(prepared(make_doc("a"), make_extraction()))
    assert status == "extracted"
    assert store.count("documents") == 1
    assert store.count("extractions") == 1
    assert store.count("facts") == 2
    assert store.count("responses") == 2
    row = store.conn.execute("SELECT status, text, language, published FROM documents").fetchone()
    assert row == ("extracted", BULLETIN, "en", "2022-05-16")


def test_facts_carry_quote_disease_code_variant_and_outlet(store: Store) -> None:
    store.add_document(prepared(make_doc("a", source="Korea Wire"), make_extraction()))
    cases, deaths = document_facts(store.conn, "a")
    assert cases.measure == "cases" and cases.value == 1_213_550
    assert deaths.measure == "deaths" and deaths.value == 50
    assert (
        cases.quote == "State media reported 1,213,550 fever cases and 50 deaths since late April."
    )
    assert BULLETIN[cases.span[0] : cases.span[1]] == "1,213,550"
    assert (cases.disease, cases.icd10, cases.variant) == ("COVID-19", "U07.1", "Omicron BA.2")
    assert (cases.country, cases.status, cases.cumulative, cases.source) == (
        "KP",
        "suspected",
        True,
        "state media",
    )
    assert cases.outlet == "Korea Wire"
    assert cases.published is not None and cases.published.isoformat() == "2022-05-16"
    assert cases.date is not None and cases.date.isoformat() == "2022-05-15"


def test_irrelevant_and_unsupported_language_documents_store_no_facts(store: Store) -> None:
    assert (
        store.add_document(prepared(make_doc("off"), make_extraction(relevant=False)))
        == "irrelevant"
    )
    other = make_doc("nl", "Het ministerie meldde gevallen van cholera.", language="nl")
    assert store.add_document(prepared(other, None)) == "unsupported_language"
    assert store.count("facts") == 0 and store.count("responses") == 0
    assert store.count("extractions") == 1  # the Dutch one (no profile) was never extracted


def test_document_write_is_atomic(store: Store) -> None:
    """A failure while writing facts leaves neither the row nor its extraction behind."""
    doc = make_doc("a")
    p = prepared(doc, make_extraction())
    p.facts.append(p.facts[0]._replace(value=None))  # type: ignore[arg-type]  # NOT NULL
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.put_canonical(p)
    assert store.count("documents") == 0
    assert store.count("extractions") == 0
    assert store.count("facts") == 0


def test_add_document_refuses_a_second_canonical_copy(store: Store) -> None:
    store.add_document(prepared(make_doc("a"), make_extraction()))
    with pytest.raises(StoreError, match="same text"):
        store.add_document(prepared(make_doc("b"), make_extraction()))
    assert store.count("documents") == 1


def test_unprocessed_items_are_recorded_with_their_reason(store: Store) -> None:
    item = RawItem(
        id="junk.txt", content=b"", format="text", origin="junk.txt", error="binary content"
    )
    store.put_unprocessed(item, "failed", "binary content")
    store.put_unprocessed(item, "failed", "binary content")  # a rescan updates, never doubles
    assert store.conn.execute("SELECT status, reason FROM documents").fetchall() == [
        ("failed", "binary content")
    ]


def test_stored_events_give_the_events_contract(store: Store) -> None:
    store.add_document(prepared(make_doc("a"), make_extraction()))
    (event,) = load_events(store)
    assert (event.disease.name, event.disease.icd10, event.country) == ("COVID-19", "U07.1", "KP")
    assert event.document_ids == ("a",) and event.documents[0].outlets == ("Daily Courier",)
    values = {(s.measure, p.value) for s in event.series for p in s.points}
    assert values == {("cases", 1_213_550), ("deaths", 50)}
    claim = event.series[0].points[0].claims[0]
    assert claim.document == "a" and claim.quote.startswith("State media reported")
    assert [m.kind for m in event.measures] == ["lockdown"]
    assert event.measures[0].quote == "Authorities ordered a lockdown of every city."
    assert [(r.item, r.quantity, r.from_country) for r in event.resources] == [
        ("test", 10000, "CN")
    ]
    (report,) = event.reports
    assert (report.document, report.quote) == ("a", "Pyongyang, 16 May.")


def test_count_without_its_own_disease_takes_the_documents(store: Store) -> None:
    text = "Officials in Kenya counted 42 cholera cases in Garissa."
    ex = make_extraction(text, disease=CHOLERA, country="KE", counts=(("42", 42, "cases"),))
    ex.counts[0] = CountMention(value=42, measure="cases", span=(27, 29), country="KE")
    store.add_document(prepared(make_doc("k", text), ex))
    (fact,) = document_facts(store.conn, "k")
    assert (fact.disease, fact.icd10) == ("cholera", "A00")


def test_iter_documents_with_extractions_shape(store: Store) -> None:
    store.add_document(prepared(make_doc("a"), make_extraction()))
    store.add_document(prepared(make_doc("nl", "Goedemorgen allemaal.", language="nl"), None))
    docs = list(store.iter_documents_with_extractions())
    assert [d.id for d in docs] == ["a", "nl"]
    first = docs[0]
    assert (first.title, first.source, first.language, first.status) == (
        "Title of a",
        "Daily Courier",
        "en",
        "extracted",
    )
    assert first.extraction is not None and first.extraction["text"] == BULLETIN
    assert first.extraction["counts"][0]["value"] == 1_213_550
    assert first.extraction["primary"]["disease"]["name"] == "COVID-19"
    assert docs[1].extraction is None and docs[1].status == "unsupported_language"
    only = list(store.iter_documents_with_extractions(ids={"nl"}))
    assert [d.id for d in only] == ["nl"]
    json.dumps(first.extraction)  # plain JSON types only


def test_refresh_counts_created_and_updated_events(store: Store) -> None:
    from episignal.events import refresh_events

    store.add_document(prepared(make_doc("a"), make_extraction()))
    changes = refresh_events(store.events)
    assert (changes.created, changes.updated) == (1, 0)
    assert store.count("events") == 1 and store.events.pending() == 0
    assert refresh_events(store.events).keys == 0  # nothing new: nothing rebuilt
    later = BULLETIN.replace("1,213,550", "1,483,060").replace("16 May", "17 May")
    ex = make_extraction(later, counts=(("1,483,060", 1483060, "cases"),))
    store.add_document(prepared(make_doc("b", later, published="2022-05-17"), ex))
    changes = refresh_events(store.events)
    assert (changes.created, changes.updated) == (0, 1)
    (event,) = load_events(store)
    assert len(event.fact_ids) == 3 and event.version == 2


def test_reader_reads_while_the_writer_holds_a_transaction(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    with Store.open(db) as writer:
        writer.add_document(prepared(make_doc("a"), make_extraction()))
        load_events(writer)
        writer.conn.execute("BEGIN IMMEDIATE")
        writer.put_canonical(prepared(make_doc("b", BULLETIN + " More."), make_extraction()))
        seen: list[int] = []

        def read() -> None:
            with Store.open(db) as reader:
                seen.append(reader.count("documents"))
                seen.append(reader.events.count())

        thread = threading.Thread(target=read)
        thread.start()
        thread.join(timeout=10)
        assert not thread.is_alive(), "the reader was blocked by the writer"
        assert seen == [1, 1]  # the committed state, not the writer's pending row
        writer.conn.execute("COMMIT")
        assert writer.count("documents") == 2
