from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from episignal.clean.dedup import text_signature
from episignal.store import DocumentWriter, Store
from episignal.store.nearindex import BANDS
from tests.store.store_factories import (
    BULLETIN,
    FakeIndex,
    load_events,
    make_doc,
    make_extraction,
    prepared,
)

# The same wire story with another outlet's furniture around it.
REPRINT = "Breaking | World news. " + BULLETIN + " Share this story."
# Next week's templated bulletin: same wording, other figures.
NEXT_WEEK = BULLETIN.replace("1,213,550", "1,982,390").replace("50 deaths", "65 deaths")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "e.db") as s:
        yield s


def statuses(store: Store) -> dict[str, tuple[str, str | None]]:
    rows = store.conn.execute("SELECT id, status, duplicate_of FROM documents").fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def test_new_then_unchanged(store: Store) -> None:
    writer = DocumentWriter(store, FakeIndex())
    p = prepared(make_doc("a"), make_extraction())
    assert writer.write(p) == "new"
    assert writer.write(p) == "unchanged"
    assert store.count("documents") == 1 and store.count("facts") == 2


def test_exact_copy_is_recorded_with_no_facts_and_its_outlet_listed(store: Store) -> None:
    writer = DocumentWriter(store, FakeIndex())
    assert writer.write(prepared(make_doc("a", source="Daily Courier"), make_extraction())) == "new"
    copy = make_doc("b", source="Evening Post", url="https://post.example/b")
    assert writer.write(prepared(copy, make_extraction())) == "exact"
    assert statuses(store)["b"] == ("duplicate", "a")
    assert store.conn.execute("SELECT * FROM duplicates").fetchall() == [("b", "a", "exact", 1.0)]
    assert store.count("facts", "document_id = 'b'") == 0
    (event,) = load_events(store)
    assert event.document_ids == ("a",)
    assert event.documents[0].outlets == ("Daily Courier", "Evening Post")
    assert len(list(event.claims())) == 2  # cases and deaths once each: no double count


def test_copy_without_source_name_is_listed_by_its_site(store: Store) -> None:
    writer = DocumentWriter(store, FakeIndex())
    writer.write(prepared(make_doc("a"), make_extraction()))
    writer.write(prepared(make_doc("b", source=None, url="https://www.wire.example/x"), None))
    (event,) = load_events(store)
    assert event.documents[0].outlets == ("Daily Courier", "wire.example")


def test_near_copy_with_the_same_facts_is_merged(store: Store) -> None:
    index = FakeIndex({"reprint": [("a", 0.83)]})
    writer = DocumentWriter(store, index)
    writer.write(prepared(make_doc("a"), make_extraction(), signature=b"orig"))
    reprint = make_doc("b", REPRINT, source="Evening Post")
    assert writer.write(prepared(reprint, make_extraction(REPRINT), signature=b"reprint")) == "near"
    assert statuses(store)["b"] == ("near_duplicate", "a")
    assert store.conn.execute("SELECT kind, similarity FROM duplicates").fetchall() == [
        ("near", 0.83)
    ]
    assert store.count("facts", "document_id = 'b'") == 0
    assert store.count("extractions", "document_id = 'b'") == 1  # its page can still be shown
    assert index.added == ["a"]  # only canonical documents are candidates
    (event,) = load_events(store)
    assert event.documents[0].outlets == ("Daily Courier", "Evening Post")


def test_near_identical_bulletin_with_other_figures_stays_separate(store: Store) -> None:
    writer = DocumentWriter(store, FakeIndex({"next": [("a", 0.91)]}))
    writer.write(prepared(make_doc("a"), make_extraction(), signature=b"orig"))
    ex = make_extraction(NEXT_WEEK, counts=(("1,982,390", 1982390, "cases"), ("65", 65, "deaths")))
    nxt = make_doc("b", NEXT_WEEK, published="2022-05-23")
    assert writer.write(prepared(nxt, ex, signature=b"next")) == "new"
    assert statuses(store)["b"] == ("extracted", None)
    assert store.count("facts") == 4


def test_bulletin_with_the_same_figures_on_another_date_stays_separate(store: Store) -> None:
    """Two weekly notes that each report the same numbers are still two reports."""
    writer = DocumentWriter(store, FakeIndex({"later": [("a", 0.93)]}))
    writer.write(prepared(make_doc("a"), make_extraction(), signature=b"orig"))
    later = BULLETIN.replace("16 May", "23 May")
    assert writer.write(
        prepared(make_doc("b", later), make_extraction(later), signature=b"later")
    ) == ("new")


@pytest.mark.parametrize(
    ("change", "kwargs"),
    [
        ("other country", {"country": "KR"}),
        ("other disease", {"disease": None}),
    ],
)
def test_near_identical_text_about_another_event_is_not_merged(
    store: Store, change: str, kwargs: dict[str, object]
) -> None:
    writer = DocumentWriter(store, FakeIndex({"other": [("a", 0.95)]}))
    writer.write(prepared(make_doc("a"), make_extraction(), signature=b"orig"))
    other = make_doc("b", REPRINT)
    ex = make_extraction(REPRINT, **kwargs)  # type: ignore[arg-type]
    assert writer.write(prepared(other, ex, signature=b"other")) == "new", change


def test_near_match_picks_the_most_similar_candidate_that_agrees(store: Store) -> None:
    index = FakeIndex({"c": [("a", 0.70), ("b", 0.90)]})
    writer = DocumentWriter(store, index)
    writer.write(prepared(make_doc("a"), make_extraction(), signature=b"a"))
    ex = make_extraction(NEXT_WEEK, counts=(("1,982,390", 1982390, "cases"), ("65", 65, "deaths")))
    writer.write(prepared(make_doc("b", NEXT_WEEK), ex, signature=b"b"))
    # c reports a's figures: b is more similar in wording but tells other facts
    c = make_doc("c", REPRINT)
    assert writer.write(prepared(c, make_extraction(REPRINT), signature=b"c")) == "near"
    assert statuses(store)["c"] == ("near_duplicate", "a")


def test_the_near_duplicate_index_lives_in_the_database(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    with Store.open(db) as store:
        original = prepared(make_doc("a"), make_extraction(), signature=text_signature(BULLETIN))
        assert DocumentWriter(store).write(original) == "new"
        assert store.count("near_bands", "document_id = 'a'") == BANDS
    with Store.open(db) as store:  # a later scan, with nothing in memory
        reprint = prepared(
            make_doc("b", REPRINT), make_extraction(REPRINT), signature=text_signature(REPRINT)
        )
        assert DocumentWriter(store).write(reprint) == "near"
        assert store.count("near_bands", "document_id = 'b'") == 0  # copies are not indexed


def test_unsupported_language_is_stored_not_extracted_and_exact_copies_still_caught(
    store: Store,
) -> None:
    writer = DocumentWriter(store, FakeIndex())
    text = "De autoriteiten meldden 40 gevallen van cholera."
    assert writer.write(prepared(make_doc("nl", text, language="nl"))) == "unsupported_language"
    assert writer.write(prepared(make_doc("nl2", text, language="nl"))) == "exact"
    assert statuses(store) == {"nl": ("unsupported_language", None), "nl2": ("duplicate", "nl")}


def test_changed_content_under_the_same_id_replaces_the_document(store: Store) -> None:
    writer = DocumentWriter(store, FakeIndex())
    writer.write(prepared(make_doc("a"), make_extraction()))
    ex = make_extraction(NEXT_WEEK, counts=(("1,982,390", 1982390, "cases"),))
    assert writer.write(prepared(make_doc("a", NEXT_WEEK), ex)) == "new"
    assert store.count("documents") == 1
    assert [r[0] for r in store.conn.execute("SELECT value FROM facts")] == [1982390]


def test_failed_document_is_retried_and_replaced_when_it_succeeds(store: Store) -> None:
    from episignal.document import RawItem

    item = RawItem(id="a", content=BULLETIN, format="text", origin="a.txt")
    store.put_unprocessed(item, "failed", "internal error")
    writer = DocumentWriter(store, FakeIndex())
    p = prepared(make_doc("a"), make_extraction())
    store.conn.execute("UPDATE documents SET raw_hash = ?", (p.raw_hash,))
    assert not writer.is_unchanged("a", p.raw_hash)  # failures are always retried
    assert writer.write(p) == "new"
    assert statuses(store) == {"a": ("extracted", None)}


def test_a_later_failure_does_not_erase_a_stored_document(store: Store) -> None:
    from episignal.document import RawItem

    DocumentWriter(store, FakeIndex()).write(prepared(make_doc("a"), make_extraction()))
    item = RawItem(id="a", content=b"", format="html", origin="https://x.example/a")
    store.put_unprocessed(item, "failed", "network error: timed out")
    assert statuses(store) == {"a": ("extracted", None)}
    assert store.count("facts") == 2
