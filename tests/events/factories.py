"""Builders of Fact / DocumentInfo / ResponseItem objects for the events tests."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from episignal.document import DocumentInfo, Fact, ResponseItem

_ids = itertools.count(1)


def day(text: str) -> date:
    return date.fromisoformat(text)


def doc(
    doc_id: str, published: str, outlet: str = "Daily Courier", *, copies: tuple[str, ...] = ()
) -> DocumentInfo:
    return DocumentInfo(
        id=doc_id,
        url=f"https://news.example/{doc_id}",
        title=f"Report {doc_id}",
        source=outlet,
        published=day(published),
        outlets=(outlet, *copies),
    )


def fact(
    document: DocumentInfo,
    value: int,
    measure: str = "cases",
    *,
    cumulative: bool | None = True,
    status: str | None = None,
    disease: str | None = "COVID-19",
    icd10: str | None = "U07.1",
    country: str | None = "KP",
    admin1: str | None = None,
    source: str | None = None,
    as_of: str | None = None,
    species: str = "human",
    quote: str | None = None,
) -> Fact:
    fields: dict[str, Any] = {
        "id": next(_ids),
        "document_id": document.id,
        "value": value,
        "measure": measure,
        "span": (10, 20),
        "quote": quote or f"Officials counted {value:,} {measure} so far.",
        "status": status,
        "cumulative": cumulative,
        "species": species,
        "date": day(as_of) if as_of else None,
        "published": document.published,
        "disease": disease,
        "icd10": icd10,
        "country": country,
        "admin1": admin1,
        "source": source,
        "outlet": document.source,
    }
    return Fact(**fields)


def response(
    document: DocumentInfo,
    kind: str,
    data: dict[str, Any],
    *,
    disease: str | None = "COVID-19",
    country: str | None = "KP",
    when: str | None = None,
) -> ResponseItem:
    return ResponseItem(
        document_id=document.id,
        kind=kind,  # type: ignore[arg-type]
        span=(0, 5),
        quote=f"A sentence about {data.get('kind') or data.get('item')}.",
        data=data,
        disease=disease,
        country=country,
        date=day(when) if when else None,
        published=document.published,
    )
