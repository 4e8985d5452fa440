"""Signal scores: how much an event deserves a human's attention now.

``score`` (0-100) is the sum of capped components, times a recency factor:

==========  ====  ==========================================================
component   max   rule
==========  ====  ==========================================================
priority     25   disease tier 1 (high-consequence) 25, tier 2 12, tier 3 4
deaths       20   5 * log10(1 + latest deaths)
cases        10   2 * log10(1 + latest cases)
novelty      15   first event of the disease in the country, or the first
                  after a year without one, when the database holds reports
                  from the country from a year before (else "first seen", 0)
growth       15   7.5 * log2(cumulative cases now / a week before), >= 10 cases
surge        10   reporting surge on reports per day (documents x outlets): 10 when two or
                  more of EARS C1/C2/C3/epitweetr alarm in the last 7 days, 5
                  when one does
flags         5   any plausibility warning or error (figures need checking)
==========  ====  ==========================================================

Recency: 1.0 when the last report is at most 14 days before ``today``, then falling
linearly to 0.25 at 14 + 2 * gap_days days.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from episignal.events.aberration import BASELINE_DAYS, GUARD_DAYS, surge_methods
from episignal.events.novelty import FIRST_SEEN_NOTE, NOVELTY_NOTE, Novelty
from episignal.events.reference import priority_tier
from episignal.events.series import cumulative_series

TIER_POINTS = {1: 25.0, 2: 12.0, 3: 4.0}
TIER_TEXT = {1: "high-consequence pathogen", 2: "epidemic-prone disease", 3: ""}
NOVELTY_POINTS = 15.0
NOVELTY_YEAR_DAYS = 365
GROWTH_WINDOW_DAYS = 7
GROWTH_MIN_CASES = 10
SURGE_POINTS = {0: 0.0, 1: 5.0}
SURGE_MAX = 10.0
FLAG_POINTS = 5.0
RECENT_DAYS = 14
RECENCY_FLOOR = 0.25


@dataclass(slots=True)
class Score:
    total: float
    parts: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def growth_ratio(series: Sequence[Mapping[str, Any]]) -> tuple[float, int] | None:
    """(cumulative cases now / about a week earlier, days between), or None if unknown."""
    totals = cumulative_series(series, "cases")
    if len(totals) < 2 or totals[-1][1] < GROWTH_MIN_CASES:
        return None
    last_day, last_value, _ = totals[-1]
    earlier = [t for t in totals[:-1] if (last_day - t[0]).days >= GROWTH_WINDOW_DAYS]
    base_day, base_value, _ = earlier[-1] if earlier else totals[0]
    if base_value <= 0:
        return None
    return last_value / base_value, (last_day - base_day).days


def daily_documents(published: Sequence[date], first: date, last: date) -> list[int]:
    """Documents per day from BASELINE+GUARD days before ``first`` to ``last`` (zeros before)."""
    start = first - timedelta(days=BASELINE_DAYS + GUARD_DAYS)
    counts = [0] * ((last - start).days + 1)
    for day in published:
        if start <= day <= last:
            counts[(day - start).days] += 1
    return counts


def recency_factor(last_seen: date, today: date, gap_days: int) -> float:
    age = (today - last_seen).days
    if age <= RECENT_DAYS:
        return 1.0
    span = 2 * max(gap_days, 1)
    return max(RECENCY_FLOOR, 1.0 - (1.0 - RECENCY_FLOOR) * (age - RECENT_DAYS) / span)


def score_event(
    event: Mapping[str, Any],
    published: Sequence[date],
    novelty: Novelty,
    today: date,
    gap_days: int,
) -> Score:
    """Score one event record (series, latest, flags filled in)."""
    disease = event["disease"]
    latest = event["latest"]
    score = Score(0.0)
    tier = priority_tier(disease["name"], disease["icd10"])
    _add(score, "priority", TIER_POINTS[tier], TIER_TEXT[tier])
    deaths, cases = latest.get("deaths") or 0, latest.get("cases") or 0
    _add(score, "deaths", min(20.0, 5.0 * math.log10(1 + deaths)), "")
    _add(score, "cases", min(10.0, 2.0 * math.log10(1 + cases)), "")
    if novelty == "new":
        _add(score, "novelty", NOVELTY_POINTS, NOVELTY_NOTE)
    elif novelty == "first_seen":
        score.notes.append(FIRST_SEEN_NOTE.format(country=event["country"]))
    growth = growth_ratio(event["series"])
    if growth is not None and growth[0] > 1.0:
        ratio, days = growth
        _add(
            score, "growth", min(15.0, 7.5 * math.log2(ratio)), f"cases x{ratio:.1f} in {days} days"
        )
    first, last = date.fromisoformat(event["first_seen"]), date.fromisoformat(event["last_seen"])
    methods = surge_methods(daily_documents(published, first, last))
    if methods:
        points = SURGE_POINTS.get(len(methods), SURGE_MAX)
        _add(score, "surge", points, f"reporting surge ({', '.join(methods)})")
    serious = [f for f in event["flags"] if f["severity"] != "info"]
    if serious:
        kinds = sorted({f["kind"].replace("_", " ") for f in serious})
        _add(score, "flags", FLAG_POINTS, "check figures: " + ", ".join(kinds))
    elif event["flags"]:
        score.notes.append(
            "note: " + ", ".join(sorted({f["kind"].replace("_", " ") for f in event["flags"]}))
        )
    factor = recency_factor(last, today, gap_days)
    score.parts["recency"] = factor
    score.total = round(
        min(100.0, sum(v for k, v in score.parts.items() if k != "recency") * factor), 1
    )
    return score


def _add(score: Score, part: str, points: float, note: str) -> None:
    score.parts[part] = round(points, 2)
    if note:
        score.notes.append(note)


def reason_line(event: Mapping[str, Any], score: Score) -> str:
    """One line: what, where, how big, and why it ranks where it does."""
    disease = event["disease"]["name"]
    place = event["country"] + (f"/{event['admin1']}" if event.get("admin1") else "")
    latest = event["latest"]
    figures = [f"{latest[m]:,} {m}" for m in ("cases", "deaths") if latest.get(m) is not None]
    head = f"{disease} in {place}" + (f": {', '.join(figures)}" if figures else "")
    return "; ".join([head, *score.notes])


def rank_signals(events: list[dict[str, Any]], limit: int | None = None) -> list[dict[str, Any]]:
    """Events ranked by score (then most recent), as rows for ``episignal signals``.

    A sub-national event whose national event of the same disease runs over the same days
    is listed under it (``areas``), not as a signal of its own: one outbreak, one line.
    """
    areas = _areas_of_national_events(events)
    nested = {area["event"] for found in areas.values() for area in found}
    ranked = sorted(
        (e for e in events if e.get("id") not in nested),
        key=lambda e: (
            -(e.get("score") or 0.0),
            _desc(e.get("last_seen") or ""),
            e.get("id") or "",
        ),
    )
    if limit is not None:
        ranked = ranked[:limit]
    return [
        {
            "event": e.get("id"),
            "score": e.get("score"),
            "reason": e.get("reason"),
            "disease": (e.get("disease") or {}).get("name"),
            "icd10": (e.get("disease") or {}).get("icd10"),
            "country": e.get("country"),
            "admin1": e.get("admin1"),
            "first_seen": e.get("first_seen"),
            "last_seen": e.get("last_seen"),
            "latest": e.get("latest") or {},
            "flags": [f["kind"] for f in e.get("flags") or []],
            "documents": len(e.get("documents") or []),
            "areas": areas.get(str(e.get("id")), []),
        }
        for e in ranked
    ]


def _areas_of_national_events(events: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Per national event id, its overlapping sub-national events ({"admin1", "event"})."""
    national: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for e in events:
        if e.get("admin1") is None:
            national.setdefault(_place_key(e), []).append(e)
    out: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        if e.get("admin1") is None:
            continue
        for parent in national.get(_place_key(e), []):
            if _overlap(parent, e):
                out.setdefault(str(parent["id"]), []).append(
                    {"admin1": e["admin1"], "event": e["id"]}
                )
                break
    return out


def _place_key(event: dict[str, Any]) -> tuple[str, str]:
    return (str((event.get("disease") or {}).get("name") or "").lower(), str(event.get("country")))


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(
        str(a.get("first_seen")) <= str(b.get("last_seen"))
        and str(b.get("first_seen")) <= str(a.get("last_seen"))
    )


def _desc(iso: str) -> str:
    return "".join(chr(0x7F - ord(ch)) for ch in iso)
