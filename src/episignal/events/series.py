"""Time series with provenance: one point per (measure, status, cumulative, species, date).

Every point keeps all the claims behind it (document, span, quote, who said it, which
outlet published it). When claims disagree the point's value is chosen by this rule:

1. a claim attributed to an official source (government, ministry, WHO, CDC, state media)
   beats one that is relayed without official attribution;
2. then the latest-published claim wins (later reports correct earlier ones);
3. then, for cumulative counts, the larger value (totals only grow);
4. then the lowest fact id, so that the choice is deterministic.

``latest`` takes, per measure, the latest point of the cumulative series (cumulative counts
preferred, then counts of unknown kind, then new counts). At that date a figure without a
case status (the total as reported) is preferred; otherwise the largest of the
confirmed/probable/suspected figures is used — they are never added up, because reports
often give "N cases, including M confirmed", where summing would double count.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from episignal.document import MEASURES, DocumentInfo, Fact
from episignal.events.aggregate import as_of_date, report_date

PointKey = tuple[str, str | None, bool | None, str, date]

OFFICIAL_SOURCE = re.compile(
    r"\b(who|world health organi[sz]ation|ministry|minister|government|state media|"
    r"state[- ]run|state news|kcna|korean central|xinhua|cdc|centres? for disease|"
    r"centers? for disease|ncdc|health (?:department|authorit\w*|commission|bureau|agency|"
    r"service|officials?)|department of health|public health|authorit\w*|officials?|"
    r"headquarters|paho|ecdc|unicef|governor|prefecture)\b",
    re.IGNORECASE,
)

_MEASURE_ORDER: dict[str, int] = {m: i for i, m in enumerate(MEASURES)}
_STATUS_ORDER = {None: 0, "confirmed": 1, "probable": 2, "suspected": 3}
_CUMULATIVE_PREFERENCE: tuple[bool | None, ...] = (True, None, False)


def is_official(source: str | None) -> bool:
    """Whether a source attribution names an official body (government, WHO, state media)."""
    return bool(source) and OFFICIAL_SOURCE.search(source or "") is not None


def claim_record(fact: Fact, docs: Mapping[str, DocumentInfo]) -> dict[str, Any]:
    doc = docs.get(fact.document_id)
    published = report_date(fact, docs)
    return {
        "document": fact.document_id,
        "fact": fact.id,
        "span": [fact.span[0], fact.span[1]],
        "quote": fact.quote,
        "source": fact.source,
        "outlet": fact.outlet or (doc.source if doc is not None else None),
        "value": fact.value,
        "published": published.isoformat() if published is not None else None,
        "official": is_official(fact.source),
    }


def _claim_rank(claim: Mapping[str, Any], cumulative: bool | None) -> tuple[Any, ...]:
    size = claim["value"] if cumulative is not False else 0
    return (claim["official"], claim["published"] or "", size, -claim["fact"])


def choose_claim(claims: Sequence[Mapping[str, Any]], cumulative: bool | None) -> Mapping[str, Any]:
    """The claim whose value a point takes (see the module docstring for the rule)."""
    return max(claims, key=lambda c: _claim_rank(c, cumulative))


def build_series(facts: Iterable[Fact], docs: Mapping[str, DocumentInfo]) -> list[dict[str, Any]]:
    """Series points of an event's facts, sorted by measure, status, kind, species, date."""
    grouped: dict[PointKey, list[dict[str, Any]]] = defaultdict(list)
    for f in facts:
        when = as_of_date(f, docs)
        if when is None:
            continue
        key: PointKey = (f.measure, f.status, f.cumulative, f.species, when)
        grouped[key].append(claim_record(f, docs))
    return [_point(key, claims) for key, claims in sorted(grouped.items(), key=_point_order)]


def _point_order(item: tuple[PointKey, Any]) -> tuple[Any, ...]:
    measure, status, cumulative, species, when = item[0]
    kind = {True: 0, None: 1, False: 2}[cumulative]
    return (species != "human", _MEASURE_ORDER[measure], _STATUS_ORDER[status], kind, when)


def _point(key: PointKey, claims: list[dict[str, Any]]) -> dict[str, Any]:
    measure, status, cumulative, species, when = key
    claims.sort(key=lambda c: (c["published"] or "", c["fact"]))
    chosen = choose_claim(claims, cumulative)
    return {
        "date": when.isoformat(),
        "measure": measure,
        "status": status,
        "cumulative": cumulative,
        "species": species,
        "value": chosen["value"],
        "chosen": chosen["fact"],
        "claims": claims,
        "disagreement": len({c["value"] for c in claims}) > 1,
    }


def latest_values(series: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Latest value per measure; animal figures as ``animal_<measure>``, new counts as ``new_<measure>``."""
    latest: dict[str, Any] = {}
    as_of = ""
    for (measure, species), points in _by_measure(series).items():
        prefix = "" if species == "human" else f"{species}_"
        best = _latest_point(points)
        if best is not None:
            latest[prefix + measure] = best["value"]
            as_of = max(as_of, best["date"]) if not prefix else as_of
        new = [p for p in points if p["cumulative"] is False]
        if new:
            latest[f"{prefix}new_{measure}"] = _latest_point(new, kinds=(False,))["value"]  # type: ignore[index]
    if as_of:
        latest["as_of"] = as_of
    return latest


def _by_measure(
    series: Sequence[Mapping[str, Any]],
) -> dict[tuple[str, str], list[Mapping[str, Any]]]:
    out: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for p in series:
        out[(p["measure"], p.get("species", "human"))].append(p)
    return out


def _latest_point(
    points: Sequence[Mapping[str, Any]], kinds: tuple[bool | None, ...] = _CUMULATIVE_PREFERENCE
) -> Mapping[str, Any] | None:
    for kind in kinds:
        of_kind = [p for p in points if p["cumulative"] is kind]
        if not of_kind:
            continue
        last = max(p["date"] for p in of_kind)
        at_last = [p for p in of_kind if p["date"] == last]
        unstated = [p for p in at_last if p["status"] is None]
        return unstated[0] if unstated else max(at_last, key=lambda p: p["value"])
    return None


def cumulative_series(
    series: Sequence[Mapping[str, Any]], measure: str, species: str = "human"
) -> list[tuple[date, int, Mapping[str, Any]]]:
    """(date, value, point) of the running total of one measure, one value per date.

    Cumulative points are used (unknown-kind points when there are none); per date the
    point of unstated status wins, else the largest figure — as in :func:`latest_values`.
    """
    points = [p for p in series if p["measure"] == measure and p.get("species", "human") == species]
    for kind in (True, None):
        of_kind = [p for p in points if p["cumulative"] is kind]
        if of_kind:
            break
    else:
        return []
    by_date: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for p in of_kind:
        by_date[p["date"]].append(p)
    out: list[tuple[date, int, Mapping[str, Any]]] = []
    for day in sorted(by_date):
        chosen = _latest_point(by_date[day], kinds=(by_date[day][0]["cumulative"],))
        if chosen is not None:
            out.append((date.fromisoformat(day), int(chosen["value"]), chosen))
    return out
