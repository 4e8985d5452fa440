"""Alert rules: which event deltas are worth a message (every condition of a rule holds)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from episignal.watch.seams import EventDelta, EventSummary
from episignal.watch.settings import Growth, Rule


def matches(rule: Rule, delta: EventDelta) -> bool:
    event = delta.event
    return (
        delta.kind in rule.on
        and _disease_ok(rule.diseases, event)
        and _place_ok(rule, delta)
        and (rule.min_score is None or event.score >= rule.min_score)
        and _flags_ok(rule.flags, delta)
        and (rule.growth is None or grew(event, rule.growth))
        and (not rule.new_deaths or _new_deaths(delta))
    )


def matching_rules(rules: Sequence[Rule], delta: EventDelta) -> list[Rule]:
    return [r for r in rules if matches(r, delta)]


def _disease_ok(wanted: Sequence[str], event: EventSummary) -> bool:
    """By name (any case) or ICD-10 code; a code matches its subcodes (A98 matches A98.4)."""
    if not wanted:
        return True
    name = event.disease.lower()
    code = (event.icd10 or "").upper()
    for w in wanted:
        if w.lower() == name:
            return True
        if code and (code == w.upper() or code.startswith(w.upper().rstrip(".") + ".")):
            return True
    return False


def _place_ok(rule: Rule, delta: EventDelta) -> bool:
    """Countries by code; regions by admin-1 name ("Kano" or "NG/Kano"): the area a delta
    is about, or for a national delta any area the event has a series for."""
    event = delta.event
    country = (event.country or "").upper()
    if rule.countries and country not in rule.countries:
        return False
    if not rule.regions:
        return True
    areas = [delta.admin1] if delta.admin1 else list(event.areas)
    names = {a.lower() for a in areas} | {f"{country.lower()}/{a.lower()}" for a in areas}
    return any(r.lower() in names for r in rule.regions)


def _flags_ok(wanted: Sequence[str], delta: EventDelta) -> bool:
    """A flag delta must be about one of the flags; any other delta's event must carry one."""
    if not wanted:
        return True
    if delta.flag is not None:
        return delta.flag in wanted
    return any(f in wanted for f in delta.event.flags)


def grew(event: EventSummary, growth: Growth) -> bool:
    """Cumulative cases at least ``factor`` times what they were within ``days`` days."""
    points = event.cumulative_cases
    if len(points) < 2:
        return False
    last_day, last_value = points[-1]
    window = [v for d, v in points[:-1] if last_day - d <= timedelta(days=growth.days) and v > 0]
    return bool(window) and last_value >= growth.factor * min(window)


def _new_deaths(delta: EventDelta) -> bool:
    """More deaths than before (a new event with deaths counts)."""
    deaths = delta.event.latest.get("deaths", 0) + delta.event.latest.get("new_deaths", 0)
    if delta.kind == "new_event":
        return deaths > 0
    if delta.kind != "new_figure" or delta.measure not in ("deaths", "new_deaths"):
        return False
    return (delta.value or 0) > (delta.previous or 0)
