"""Hand-built documents and extractions for the store tests (extractors not needed)."""

from __future__ import annotations

import hashlib
from datetime import date

from episignal.document import (
    CountMention,
    DateMention,
    DiseaseMention,
    Document,
    Extraction,
    LocationMention,
    MeasureMention,
    Primary,
    ResourceMention,
)
from episignal.models import Event
from episignal.prepare import prepare_document
from episignal.store.records import PreparedDocument, raw_hash

FEVER = DiseaseMention(name="COVID-19", icd10="U07.1", variant="Omicron BA.2", salience=1.0)
CHOLERA = DiseaseMention(name="cholera", icd10="A00", salience=1.0)

BULLETIN = (
    "Pyongyang, 16 May. State media reported 1,213,550 fever cases and 50 deaths "
    "since late April. Authorities ordered a lockdown of every city. "
    "China offered 10,000 test kits to the country."
)


def make_doc(
    doc_id: str,
    text: str = BULLETIN,
    *,
    source: str | None = "Daily Courier",
    published: str | None = "2022-05-16",
    url: str | None = None,
    language: str | None = "en",
) -> Document:
    return Document(
        id=doc_id,
        text=text,
        origin=f"fixture/{doc_id}",
        title=f"Title of {doc_id}",
        url=url if url is not None else f"https://news.example/{doc_id}",
        source=source,
        published=date.fromisoformat(published) if published else None,
        language=language,
        content_hash=hashlib.sha1(" ".join(text.lower().split()).encode()).hexdigest(),
    )


def span_of(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def make_extraction(
    text: str = BULLETIN,
    *,
    disease: DiseaseMention | None = FEVER,
    country: str = "KP",
    counts: tuple[tuple[str, int, str], ...] = (
        ("1,213,550", 1213550, "cases"),
        ("50", 50, "deaths"),
    ),
    with_responses: bool = True,
    relevant: bool = True,
) -> Extraction:
    """An extraction of ``text``: ``counts`` are (snippet, value, measure) found in it."""
    count_mentions = [
        CountMention(
            value=value,
            measure=measure,  # type: ignore[arg-type]
            span=span_of(text, snippet),
            status="suspected",
            cumulative=True,
            date=date(2022, 5, 15),
            disease=disease.name if disease else None,
            country=country,
            source="state media",
        )
        for snippet, value, measure in counts
    ]
    measures = []
    resources = []
    if with_responses and "lockdown" in text:
        measures.append(
            MeasureMention(kind="lockdown", span=span_of(text, "lockdown"), country=country)
        )
    if with_responses and "test kits" in text:
        resources.append(
            ResourceMention(
                item="test",
                span=span_of(text, "10,000 test kits"),
                quantity=10000,
                unit="units",
                action="pledged",
                from_country="CN",
                to_country=country,
            )
        )
    location = LocationMention(name=country, kind="country", country=country, affected=True)
    dates = [
        DateMention(date(2022, 5, int(day)), "day", f"{day} May", span_of(text, f"{day} May"))
        for day in ("16", "17", "23")
        if f"{day} May" in text
    ]
    return Extraction(
        language="en",
        relevant=relevant,
        relevance=0.9 if relevant else 0.1,
        diseases=[disease] if disease else [],
        locations=[location],
        dates=dates,
        counts=count_mentions if relevant else [],
        measures=measures,
        resources=resources,
        primary=Primary(disease if relevant else None, (country,)),
    )


def prepared(
    doc: Document,
    extraction: Extraction | None = None,
    *,
    signature: bytes | None = b"sig",
    content: str | None = None,
) -> PreparedDocument:
    """A PreparedDocument as a scan worker would produce it."""
    return prepare_document(
        doc,
        extraction,
        raw_hash=raw_hash(content if content is not None else doc.text),
        signature=signature if extraction is not None else None,
    )


class FakeIndex:
    """A near-duplicate index that reports the similarities a test declares."""

    def __init__(self, similar: dict[str, list[tuple[str, float]]] | None = None) -> None:
        self.similar = similar or {}
        self.added: list[str] = []

    def add(self, doc_id: str, signature: bytes) -> None:
        self.added.append(doc_id)

    def candidates(self, signature: bytes) -> list[tuple[str, float]]:
        return [c for c in self.similar.get(signature.decode(), []) if c[0] in self.added]


def load_events(store: object) -> list[Event]:
    """Bring the events up to date and read them all (as the CLI does)."""
    from episignal.events import refresh_events
    from episignal.models import EventQuery
    from episignal.store import Store

    assert isinstance(store, Store)
    refresh_events(store.events)
    return list(store.events.events(EventQuery(limit=None)))
