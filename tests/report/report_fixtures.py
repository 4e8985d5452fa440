"""Events and documents for the report tests, written for these tests (NK-like example)."""

from __future__ import annotations

from typing import Any

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


def claim(doc: str, text: str, needle: str, value: int, source: str, outlet: str) -> dict[str, Any]:
    return {
        "document": doc,
        "span": span_of(text, needle),
        "quote": needle,
        "source": source,
        "outlet": outlet,
        "value": value,
    }


def nk_documents() -> list[dict[str, Any]]:
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


def nk_event() -> dict[str, Any]:
    a, b, c = DOC_A_TEXT, DOC_B_TEXT, DOC_C_TEXT
    ida, idb, idc = "feeds/wire-a/2022-05-16.json", "https://relay.example/nk?id=7", "doc-c"
    series = [
        {
            "date": "2022-05-16", "measure": "cases", "status": None, "cumulative": True, "value": 1213550,
            "disagreement": True,
            "claims": [
                claim(ida, a, "1,213,550 people", 1213550, "KCNA", "Wire A"),
                claim(idb, b, "1,480,000", 1480000, "RFA", "Relay B"),
            ],
        },
        {
            "date": "2022-05-16", "measure": "deaths", "status": None, "cumulative": True, "value": 50,
            "disagreement": False, "claims": [claim(ida, a, "50 have died", 50, "KCNA", "Wire A")],
        },
        {
            "date": "2022-05-17", "measure": "cases", "status": None, "cumulative": False, "value": 392000,
            "disagreement": False, "claims": [claim(idb, b, "392,000 new cases", 392000, "health officials", "Relay B")],
        },
        {
            "date": "2022-05-27", "measure": "cases", "status": None, "cumulative": True, "value": 2900000,
            "disagreement": False, "claims": [claim(idc, c, "2.9 million fever cases", 2900000, "KCNA", "Agency C")],
        },
        {
            "date": "2022-05-27", "measure": "deaths", "status": None, "cumulative": True, "value": 68,
            "disagreement": False, "claims": [claim(idc, c, "68 deaths", 68, "KCNA", "Agency C")],
        },
    ]  # fmt: skip
    return {
        "id": "evt-1a2b3c4d5e6f",
        "disease": {"name": "COVID-19", "icd10": "U07.1"},
        "country": "KP",
        "admin1": None,
        "first_seen": "2022-05-16",
        "last_seen": "2022-05-27",
        "documents": [
            {
                "id": ida,
                "url": "https://news.example/0",
                "title": "Fever spreads across the North",
                "source": "Wire A",
                "published": "2022-05-16",
                "outlets": ["Wire A", "Portal D"],
            },
            {
                "id": idb,
                "url": "https://news.example/1",
                "title": "Relay: fever count rises",
                "source": "Relay B",
                "published": "2022-05-17",
                "outlets": ["Relay B"],
            },
            {
                "id": idc,
                "url": "https://news.example/2",
                "title": "Totals pass 2.9 million",
                "source": "Agency C",
                "published": "2022-05-27",
                "outlets": ["Agency C"],
            },
        ],
        "series": series,
        "latest": {"cases": 2900000, "deaths": 68, "new_cases": 392000, "as_of": "2022-05-27"},
        "measures": [
            {
                "kind": "lockdown",
                "date": "2022-05-16",
                "quote": "Authorities ordered a lockdown of all cities.",
                "document": ida,
                "country": "KP",
            }
        ],
        "resources": [
            {
                "item": "masks",
                "quantity": 10600000,
                "unit": "units",
                "action": "import",
                "from": "CN",
                "to": "KP",
                "date": "2022-05-17",
                "quote": "China shipped 10.6 million masks to North Korea.",
                "document": idb,
            }
        ],
        "flags": [
            {
                "kind": "implausible_cfr",
                "severity": "warning",
                "message": "CFR 0.0023% is far below the 0.05%-0.5% expected for COVID-19",
                "evidence": {"deaths": 68, "cases": 2900000, "cfr": 2.3448e-05},
            },
            {
                "kind": "discordant_sources",
                "severity": "warning",
                "message": "1,213,550 vs 1,480,000 cases on 2022-05-16",
                "evidence": {"date": "2022-05-16"},
            },
        ],
        "score": 61.2,
        "reason": "COVID-19 in KP: 2,900,000 cases, 68 deaths; implausible CFR",
    }


def second_event() -> dict[str, Any]:
    return {
        "id": "evt-000000000002",
        "disease": {"name": "Cholera", "icd10": "A00"},
        "country": "SG",  # too small for the 110m map: listed under it
        "admin1": None,
        "first_seen": "2022-05-20",
        "last_seen": "2022-05-20",
        "documents": [],
        "series": [],
        "latest": {},
        "measures": [],
        "resources": [],
        "flags": [],
        "score": 12.5,
        "reason": "Cholera in SG",
    }
