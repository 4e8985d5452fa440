"""``latest``: the figures an event's row shows (the latest running total per measure).

Per measure, the latest point of the running totals (else of the figures of unstated
kind, else of the new counts); at that date the total as reported (unstated status) is
preferred, else the largest of the confirmed/probable/suspected figures — never their sum.
``new_<measure>`` is the latest new count, ``animal_<measure>`` an animal figure, ``as_of``
the date of the latest human figure. National series speak for the event; an event with
no national figure shows its largest area's, named in ``area`` (the national figure is at
least that).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from episignal.events.series import MEASURE_ORDER, merged_line
from episignal.models.event import Latest, Series, SeriesKind

KIND_PREFERENCE: tuple[SeriesKind, ...] = ("total", "unspecified", "new")


def area_latest(series: Sequence[Series]) -> Latest:
    """Latest values of one area's series (all of one admin1)."""
    values: dict[str, int] = {}
    as_of: date | None = None
    lines = {(s.measure, s.species) for s in series}
    for measure, species in sorted(lines, key=lambda ms: (ms[1] != "human", MEASURE_ORDER[ms[0]])):
        prefix = "" if species == "human" else f"{species}_"
        for kind in KIND_PREFERENCE:
            line = merged_line(series, measure, kind, species)
            if line:
                when, value, _, _ = line[-1]
                values[prefix + measure] = value
                if species == "human":
                    as_of = max(as_of, when) if as_of else when
                break
        new = merged_line(series, measure, "new", species)
        if new:
            values[f"{prefix}new_{measure}"] = new[-1][1]
    return Latest(values, as_of)


def event_latest(series: Sequence[Series]) -> Latest:
    """National latest values, else those of the area with the most cases (then deaths)."""
    national = area_latest([s for s in series if s.admin1 is None])
    if any(not k.startswith("animal_") for k in national.values):
        return national
    areas = sorted({s.admin1 for s in series if s.admin1 is not None})
    best: Latest | None = None
    for admin1 in areas:
        found = area_latest([s for s in series if s.admin1 == admin1])
        found = Latest(found.values, found.as_of, admin1)
        if best is None or _size(found) > _size(best):
            best = found
    if best is None or not best.values:
        return national
    return best


def _size(latest: Latest) -> tuple[int, int]:
    return (latest.get("cases") or 0, latest.get("deaths") or 0)
