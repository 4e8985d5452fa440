"""Signal scores: how much an event deserves a human's attention now.

``score`` (0-100) is the sum of capped components, times a recency factor:

==========  ====  ==========================================================
component   max   rule
==========  ====  ==========================================================
priority     25   disease tier 1 (high-consequence) 25, tier 2 12, tier 3 4
deaths       20   5 * log10(1 + latest deaths)
cases        10   2 * log10(1 + latest cases)
novelty      15   first event of the disease in the country, or the first
                  after a year without one, when the database holds a year of
                  reports from the country; else 0 and "first seen" (events.novelty)
growth       15   7.5 * log2(cumulative cases now / a week before), >= 10 cases
surge        10   reporting surge on reports per day (documents x outlets): 10 when two or
                  more of EARS C1/C2/C3/epitweetr alarm in the last 7 days, 5
                  when one does
flags         5   any plausibility warning or error (figures need checking)
==========  ====  ==========================================================

Recency: 1.0 when the last report is at most 14 days before ``today``, then falling
linearly to 0.25 at 14 + 2 * gap_days days. The sum before recency is the event's *base
score*: the store keeps it, so that the passing of time rescales scores without
rebuilding events.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from episignal.events.aberration import BASELINE_DAYS, GUARD_DAYS
from episignal.events.novelty import Novelty, novelty_note
from episignal.events.reference import priority_tier
from episignal.events.series import cumulative_series
from episignal.models.event import Disease, Event, Flag, Latest, Series
from episignal.models.signal import Signal

TIER_POINTS = {1: 25.0, 2: 12.0, 3: 4.0}
TIER_TEXT = {1: "high-consequence pathogen", 2: "epidemic-prone disease", 3: ""}
NOVELTY_POINTS = 15.0
GROWTH_WINDOW_DAYS = 7
GROWTH_MIN_CASES = 10
SURGE_POINTS = {0: 0.0, 1: 5.0}
SURGE_MAX = 10.0
FLAG_POINTS = 5.0
RECENT_DAYS = 14
RECENCY_FLOOR = 0.25
MAX_SURGE_DAYS = 3660  # a period of reporting longer than ten years is not counted per day


@dataclass(slots=True)
class Score:
    """Components (``parts``) and the notes that explain them; ``base`` = their sum."""

    parts: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def base(self) -> float:
        return round(sum(self.parts.values()), 2)


def growth_ratio(series: Sequence[Series]) -> tuple[float, int] | None:
    """(cumulative cases now / about a week earlier, days between), or None if unknown."""
    totals = cumulative_series(series, "cases")
    if len(totals) < 2 or totals[-1][1] < GROWTH_MIN_CASES:
        return None
    last_day, last_value = totals[-1][0], totals[-1][1]
    earlier = [t for t in totals[:-1] if (last_day - t[0]).days >= GROWTH_WINDOW_DAYS]
    base_day, base_value = (earlier[-1] if earlier else totals[0])[:2]
    if base_value <= 0:
        return None
    return last_value / base_value, (last_day - base_day).days


def daily_documents(published: Sequence[date], first: date, last: date) -> list[int]:
    """Documents per day from BASELINE+GUARD days before ``first`` to ``last`` (zeros before).

    Only the last MAX_SURGE_DAYS days are counted (surges are read on the last days), and
    the window never reaches before year 1, so no stored date can overflow it.
    """
    # In day ordinals: date arithmetic near year 1 (a feed's zero time) would overflow.
    end = last.toordinal()
    start = max(1, max(first.toordinal(), end - MAX_SURGE_DAYS) - BASELINE_DAYS - GUARD_DAYS)
    counts = [0] * (max(end - start, 0) + 1)
    for day in published:
        offset = day.toordinal() - start
        if 0 <= offset < len(counts):
            counts[offset] += 1
    return counts


def recency_factor(last_seen: date, today: date, gap_days: int) -> float:
    age = (today - last_seen).days
    if age <= RECENT_DAYS:
        return 1.0
    span = 2 * max(gap_days, 1)
    return max(RECENCY_FLOOR, 1.0 - (1.0 - RECENCY_FLOOR) * (age - RECENT_DAYS) / span)


def final_score(base: float, recency: float) -> float:
    return round(min(100.0, base * recency), 1)


def score_parts(
    disease: Disease,
    latest: Latest,
    growth_series: Sequence[Series],
    flags: Sequence[Flag],
    novelty: Novelty,
    surge: Sequence[str],
    country: str = "",
) -> Score:
    """The score's components (before recency) and the notes that explain them."""
    score = Score()
    tier = priority_tier(disease.name, disease.icd10)
    _add(score, "priority", TIER_POINTS[tier], TIER_TEXT[tier])
    deaths, cases = latest.get("deaths") or 0, latest.get("cases") or 0
    _add(score, "deaths", min(20.0, 5.0 * math.log10(1 + deaths)), "")
    _add(score, "cases", min(10.0, 2.0 * math.log10(1 + cases)), "")
    if novelty is not None:
        points = NOVELTY_POINTS if novelty == "new" else 0.0
        _add(score, "novelty", points, novelty_note(novelty, country))
    growth = growth_ratio(growth_series)
    if growth is not None and growth[0] > 1.0:
        ratio, days = growth
        note = f"cases x{ratio:.1f} in {days} days"
        _add(score, "growth", min(15.0, 7.5 * math.log2(ratio)), note)
    if surge:
        points = SURGE_POINTS.get(len(surge), SURGE_MAX)
        _add(score, "surge", points, f"reporting surge ({', '.join(surge)})")
    _add_flags(score, flags)
    return score


def _add_flags(score: Score, flags: Sequence[Flag]) -> None:
    serious = sorted({f.kind.replace("_", " ") for f in flags if f.severity != "info"})
    if serious:
        _add(score, "flags", FLAG_POINTS, "check figures: " + ", ".join(serious))
    elif flags:
        score.notes.append("note: " + ", ".join(sorted({f.kind.replace("_", " ") for f in flags})))


def _add(score: Score, part: str, points: float, note: str) -> None:
    score.parts[part] = round(points, 2)
    if note:
        score.notes.append(note)


def reason_line(disease: Disease, country: str, latest: Latest, notes: Sequence[str]) -> str:
    """One line: what, where, how big, and why it ranks where it does."""
    place = country + (f"/{latest.area}" if latest.area else "")
    figures = [f"{latest.values[m]:,} {m}" for m in ("cases", "deaths") if m in latest.values]
    head = f"{disease.name} in {place}" + (f": {', '.join(figures)}" if figures else "")
    return "; ".join([head, *notes])


def signal_of(event: Event, rank: int = 0) -> Signal:
    """An event's board row (what the store's query layer returns from its columns)."""
    return Signal(
        event=event.id,
        rank=rank,
        score=event.score,
        reason=event.reason,
        disease=event.disease,
        country=event.country,
        first_seen=event.first_seen,
        last_seen=event.last_seen,
        latest=event.latest,
        areas=event.areas,
        flags=tuple(f.kind for f in event.flags),
        severity=event.severity,
        documents=len(event.documents),
        created_at=event.created_at,
        updated_at=event.updated_at,
    )


def rank_signals(events: Sequence[Event], limit: int | None = None) -> list[Signal]:
    """Events ranked by score (then the most recent, then id), as board rows."""
    ranked = sorted(events, key=lambda e: (-e.score, -e.last_seen.toordinal(), e.id))
    if limit is not None:
        ranked = ranked[:limit]
    return [signal_of(e, rank) for rank, e in enumerate(ranked, 1)]
