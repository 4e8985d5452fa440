"""Events and documents for the report tests, written for these tests (NK-like example)."""

from __future__ import annotations

from datetime import date
from typing import Any

from episignal.models import (
    Claim,
    Disease,
    DocumentRef,
    DocumentView,
    Event,
    EventReport,
    Flag,
    Latest,
    MeasureEntry,
    Point,
    ResourceEntry,
    Series,
)
from episignal.models.signal import Signal

DOC_A_TEXT = (
    "Pyongyang, 16 May. State radio said 1,213,550 people have had a fever since late April "
    "and 50 have died, as the country fights its first Covid-19 outbreak. "
    "Authorities ordered a lockdown of all cities."
)
DOC_B_TEXT = (
    "A relay service quoting KCNA put the fever count at 1,480,000 on 16 May, "
    "while health officials reported 392,000 new cases in one day. "
    "China shipped 10.6 million masks to North Korea."
)
DOC_C_TEXT = (
    "By 27 May the total reached 2.9 million fever cases and 68 deaths in North Korea, "
    "according to KCNA."
)


def span_of(text: str, needle: str) -> list[int]:
    start = text.index(needle)
    return [start, start + len(needle)]


_facts = iter(range(1, 1000))


def claim(doc: str, text: str, needle: str, value: int, source: str, outlet: str) -> Claim:
    start, end = span_of(text, needle)
    return Claim(
        key=f"k-{doc}-{start}",
        fact=next(_facts),
        document=doc,
        span=(start, end),
        quote=needle,
        value=value,
        source=source,
        outlet=outlet,
    )


def point(day: str, value: int, *claims: Claim) -> Point:
    return Point(
        date.fromisoformat(day),
        value,
        claims[0].fact,
        claims,
        disagreement=len({c.value for c in claims}) > 1,
    )


def nk_document_records() -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = []
    for doc_id, text, title, outlet, day in (
        ("feeds/wire-a/2022-05-16.json", DOC_A_TEXT, "Fever spreads across the North", "Wire A", "2022-05-16"),
        ("https://relay.example/nk?id=7", DOC_B_TEXT, "Relay: fever count rises", "Relay B", "2022-05-17"),
        ("doc-c", DOC_C_TEXT, "Totals pass 2.9 million", "Agency C", "2022-05-27"),
    ):  # fmt: skip
        docs.append(
            {
                "id": doc_id,
                "url": f"https://news.example/{len(docs)}",
                "title": title,
                "source": outlet,
                "published": day,
                "language": "en",
                "status": "ok",
                "text": text,
                "extraction": None,
            }
        )
    a = DOC_A_TEXT
    docs[0]["extraction"] = {
        "diseases": [
            {"name": "COVID-19", "icd10": "U07.1", "mentions": [span_of(a, "Covid-19")], "pathogen_mentions": []}
        ],
        "locations": [
            {"name": "Pyongyang", "country": "KP", "admin1": None, "affected": True, "mentions": [span_of(a, "Pyongyang")]}
        ],
        "dates": [{"date": "2022-05-16", "precision": "day", "span": span_of(a, "16 May")}],
        # "1,213,550 people have had a fever" overlaps the count "1,213,550" and crosses
        # the date-free "fever since late April" span below: nesting and crossing both occur.
        "counts": [
            {"value": 1213550, "measure": "cases", "status": None, "cumulative": True, "span": span_of(a, "1,213,550 people")},
            {"value": 50, "measure": "deaths", "status": None, "cumulative": True, "span": span_of(a, "50 have died")},
        ],
        "sources": [{"name": "State radio", "kind": "media", "span": span_of(a, "State radio")}],
        "resources": [],
        "measures": [
            {"kind": "lockdown", "country": "KP", "date": "2022-05-16", "span": span_of(a, "a lockdown of all cities")}
        ],
    }  # fmt: skip
    return docs


def nk_documents() -> list[DocumentView]:
    return [
        DocumentView(
            id=r["id"],
            status="extracted",
            text=r["text"],
            url=r["url"],
            title=r["title"],
            source=r["source"],
            published=date.fromisoformat(r["published"]),
            language="en",
            extraction=r["extraction"],
        )
        for r in nk_document_records()
    ]


IDS = ("feeds/wire-a/2022-05-16.json", "https://relay.example/nk?id=7", "doc-c")


def nk_event() -> Event:
    a, b, c = DOC_A_TEXT, DOC_B_TEXT, DOC_C_TEXT
    ida, idb, idc = IDS
    series = (
        Series("cases", "total", points=(
            point("2022-05-16", 1213550,
                  claim(ida, a, "1,213,550 people", 1213550, "KCNA", "Wire A"),
                  claim(idb, b, "1,480,000", 1480000, "RFA", "Relay B")),
            point("2022-05-27", 2900000, claim(idc, c, "2.9 million fever cases", 2900000, "KCNA", "Agency C")),
        )),
        Series("cases", "new", points=(
            point("2022-05-17", 392000, claim(idb, b, "392,000 new cases", 392000, "health officials", "Relay B")),
        )),
        Series("deaths", "total", points=(
            point("2022-05-16", 50, claim(ida, a, "50 have died", 50, "KCNA", "Wire A")),
            point("2022-05-27", 68, claim(idc, c, "68 deaths", 68, "KCNA", "Agency C")),
        )),
    )  # fmt: skip
    day = date.fromisoformat
    return Event(
        id="evt-1a2b3c4d5e6f",
        disease=Disease("COVID-19", "U07.1"),
        country="KP",
        first_seen=day("2022-05-16"),
        last_seen=day("2022-05-27"),
        series=series,
        reports=(EventReport(idc, day("2022-05-27"), "By 27 May the total reached 2.9 million.", (0, 10)),),
        documents=(
            DocumentRef(ida, "https://news.example/0", "Fever spreads across the North", "Wire A",
                        day("2022-05-16"), ("Wire A", "Portal D")),
            DocumentRef(idb, "https://news.example/1", "Relay: fever count rises", "Relay B",
                        day("2022-05-17"), ("Relay B",)),
            DocumentRef(idc, "https://news.example/2", "Totals pass 2.9 million", "Agency C",
                        day("2022-05-27"), ("Agency C",)),
        ),
        latest=Latest({"cases": 2900000, "deaths": 68, "new_cases": 392000}, day("2022-05-27")),
        measures=(
            MeasureEntry("lockdown", ida, "Authorities ordered a lockdown of all cities.", (0, 5),
                         day("2022-05-16"), "KP"),
        ),
        resources=(
            ResourceEntry("masks", idb, "China shipped 10.6 million masks to North Korea.", (0, 5),
                          10600000, "units", "import", "CN", "KP", day("2022-05-17")),
        ),
        flags=(
            Flag("implausible_cfr", "warning",
                 "CFR 0.0023% is far below the 0.05%-0.5% expected for COVID-19",
                 {"deaths": 68, "cases": 2900000, "cfr": 2.3448e-05}),
            Flag("discordant_sources", "warning", "1,213,550 vs 1,480,000 cases on 2022-05-16",
                 {"date": "2022-05-16"}),
        ),
        score=61.2,
        reason="COVID-19 in KP: 2,900,000 cases, 68 deaths; implausible CFR",
    )  # fmt: skip


def second_event() -> Event:
    return Event(
        id="evt-000000000002",
        disease=Disease("Cholera", "A00"),
        country="SG",  # too small for the 110m map: listed under it
        first_seen=date(2022, 5, 20),
        last_seen=date(2022, 5, 20),
        score=12.5,
        reason="Cholera in SG",
    )


def signals_of(events: list[Event]) -> list[Signal]:
    from episignal.events import rank_signals

    return rank_signals(events)
