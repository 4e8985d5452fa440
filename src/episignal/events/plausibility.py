"""Plausibility checks of an event's series: figures that cannot all be true, or are unlikely.

Each check returns flags ``{"kind", "severity", "message", "evidence"}``; severity is
"info" (worth a look, uncertain), "warning" (probably wrong or misreported) or "error"
(arithmetically impossible). Evidence carries the values, dates, documents and quotes.
Thresholds are module constants, documented in docs/events.md.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from episignal.events.reference import CfrRange, cfr_range
from episignal.events.series import cumulative_series

Point = Mapping[str, Any]
Flag = dict[str, Any]

PAIR_WINDOW_DAYS = 3  # deaths and cases reported within 3 days are compared
CFR_MIN_CASES = 30
CFR_MIN_EVENT_DAYS = 14  # earlier than this, a CFR flag is "info" and says "uncertain"
CFR_FACTOR = 5.0  # "far outside": below low/5 or above high*5
CFR_MIN_EXPECTED_DEATHS = 3.0  # below this, too few deaths are expected to judge a low CFR
DISCORDANCE_MARGIN = 0.10  # claims from different sources differing by >10% of the larger
TOTALS_TOLERANCE = 0.10  # new counts may miss the change in totals by 10% ...
TOTALS_SLACK = 5  # ... or by 5, whichever is larger
JUMP_FACTOR = 10.0  # cumulative x10 ...
JUMP_MAX_DAYS = 2  # ... within 2 days ...
JUMP_MIN_VALUE = 100  # ... to at least 100
MAX_FLAGS_PER_KIND = 5  # a messy series must not drown the event in flags


def check_series(
    series: Sequence[Point],
    disease: str | None,
    icd10: str | None,
    start: date,
    variant: str | None = None,
) -> list[Flag]:
    """All plausibility flags of one event's series; ``start`` is the event's first date."""
    checks: list[list[Flag]] = [
        implausible_cfr(series, disease, icd10, start, variant),
        decreasing_cumulative(series),
        exceeds(series, "deaths", "cases", "deaths_exceed_cases"),
        exceeds(series, "recovered", "cases", "recovered_exceed_cases"),
        new_exceeds_cumulative(series),
        inconsistent_totals(series),
        growth_jump(series),
        discordant_sources(series),
    ]
    return [flag for found in checks for flag in latest_few(found)]


def latest_few(flags: list[Flag]) -> list[Flag]:
    """At most MAX_FLAGS_PER_KIND flags of one check (the last found); the rest counted."""
    if len(flags) <= MAX_FLAGS_PER_KIND:
        return flags
    kept = flags[-MAX_FLAGS_PER_KIND:]
    kept[-1]["evidence"]["more_occurrences"] = len(flags) - MAX_FLAGS_PER_KIND
    return kept


def make_flag(kind: str, severity: str, message: str, evidence: dict[str, Any]) -> Flag:
    return {"kind": kind, "severity": severity, "message": message, "evidence": evidence}


def fmt_int(value: float) -> str:
    return f"{value:,.0f}"


def fmt_pct(ratio: float) -> str:
    pct = ratio * 100
    if pct == 0:
        return "0%"
    digits = max(0, min(4, 1 - int(f"{pct:e}".split("e")[1])))
    text = f"{pct:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + "%"


def point_evidence(point: Point) -> dict[str, Any]:
    return {
        "date": point["date"],
        "value": point["value"],
        "status": point["status"],
        "documents": sorted({c["document"] for c in point["claims"]}),
        "quotes": [c["quote"] for c in point["claims"]][:3],
    }


# --------------------------------------------------------------------------- pairing


def human_totals(series: Sequence[Point], measure: str) -> list[Point]:
    """Human points of a measure that are running totals (explicitly, or of unknown kind)."""
    return [
        p
        for p in series
        if p["measure"] == measure
        and p.get("species", "human") == "human"
        and p["cumulative"] is not False
    ]


def _ordinal(point: Point) -> int:
    return date.fromisoformat(point["date"]).toordinal()


def best_partner(point: Point, by_day: Mapping[int, Sequence[Point]]) -> Point | None:
    """The partner reported closest in time (<= PAIR_WINDOW_DAYS) on the same status basis.

    Same status first, then a figure of unstated status, then any; among those the nearest
    date, then the later one. ``by_day`` indexes the candidates by date ordinal.
    """
    day = _ordinal(point)
    best: tuple[tuple[int, int, int], Point] | None = None
    for offset in range(-PAIR_WINDOW_DAYS, PAIR_WINDOW_DAYS + 1):
        for c in by_day.get(day + offset, ()):
            basis = 0 if c["status"] == point["status"] else 1 if c["status"] is None else 2
            rank = (basis, abs(offset), -offset)
            if best is None or rank < best[0]:
                best = (rank, c)
    return None if best is None else best[1]


def pairs(series: Sequence[Point], numerator: str, denominator: str) -> list[tuple[Point, Point]]:
    """(numerator point, denominator point) pairs of running totals, latest first."""
    by_day: dict[int, list[Point]] = defaultdict(list)
    for c in human_totals(series, denominator):
        by_day[_ordinal(c)].append(c)
    out: list[tuple[Point, Point]] = []
    for p in sorted(human_totals(series, numerator), key=lambda p: p["date"], reverse=True):
        partner = best_partner(p, by_day)
        if partner is not None:
            out.append((p, partner))
    return out


# --------------------------------------------------------------------------- checks


def implausible_cfr(
    series: Sequence[Point],
    disease: str | None,
    icd10: str | None,
    start: date,
    variant: str | None = None,
) -> list[Flag]:
    """Deaths/cases far outside the disease's reference CFR range (latest usable pair)."""
    ref = cfr_range(disease, icd10, variant)
    if ref is None:
        return []
    for deaths, cases in pairs(series, "deaths", "cases"):
        if cases["value"] < CFR_MIN_CASES or deaths["value"] > cases["value"]:
            continue
        cfr = deaths["value"] / cases["value"]
        direction = _cfr_direction(cfr, cases["value"], deaths["value"], ref)
        if direction is None:
            return []  # the latest usable pair is plausible: earlier ones are superseded
        return [_cfr_flag(deaths, cases, cfr, direction, ref, start)]
    return []


def _cfr_direction(cfr: float, cases: int, deaths: int, ref: CfrRange) -> str | None:
    if cfr < ref.low / CFR_FACTOR and cases * ref.low >= CFR_MIN_EXPECTED_DEATHS:
        return "below"
    if (
        ref.high * CFR_FACTOR < 1.0
        and cfr > ref.high * CFR_FACTOR
        and deaths >= CFR_MIN_EXPECTED_DEATHS
    ):
        return "above"
    return None


def _cfr_factor(cfr: float, direction: str, ref: CfrRange) -> float | None:
    """How many times below the low bound (above the high bound); None for zero deaths."""
    if direction == "below":
        return ref.low / cfr if cfr > 0 else None
    return cfr / ref.high


def _cfr_flag(
    deaths: Point, cases: Point, cfr: float, direction: str, ref: CfrRange, start: date
) -> Flag:
    when = max(date.fromisoformat(deaths["date"]), date.fromisoformat(cases["date"]))
    early = (when - start).days < CFR_MIN_EVENT_DAYS
    factor = _cfr_factor(cfr, direction, ref)
    if factor is None:
        factor_text = "no deaths reported"
    elif direction == "below":
        factor_text = f"{factor:,.0f} times below the low bound"
    else:
        factor_text = f"{factor:,.0f} times above the high bound"
    message = (
        f"{fmt_int(deaths['value'])} deaths among {fmt_int(cases['value'])} cases is a "
        f"case-fatality ratio of {fmt_pct(cfr)}, far {direction} the {fmt_pct(ref.low)}-"
        f"{fmt_pct(ref.high)} expected for {ref.disease} ({factor_text})"
    )
    if early:
        message += "; uncertain this early in the event"
    elif direction == "below":
        message += "; deaths may be under-reported or cases over-counted"
    else:
        message += "; cases may be under-ascertained or deaths misattributed"
    return make_flag(
        "implausible_cfr",
        "info" if early else "warning",
        message,
        {
            "cfr": cfr,
            "direction": direction,
            "factor": factor,
            "reference": {
                "low": ref.low,
                "high": ref.high,
                "basis": ref.basis,
                "source": ref.source,
            },
            "deaths": point_evidence(deaths),
            "cases": point_evidence(cases),
            "days_into_event": (when - start).days,
        },
    )


def decreasing_cumulative(series: Sequence[Point]) -> list[Flag]:
    """A running total (explicitly cumulative) that falls from one date to a later one."""
    flags: list[Flag] = []
    for (measure, status, species), points in _explicit_totals(series).items():
        drops = [(a, b) for a, b in itertools.pairwise(points) if b["value"] < a["value"]]
        if not drops:
            continue
        a, b = drops[0]
        label = f"{status} {measure}" if status else measure
        flags.append(
            make_flag(
                "decreasing_cumulative",
                "warning",
                f"The cumulative number of {label} falls from {fmt_int(a['value'])} on {a['date']} "
                f"to {fmt_int(b['value'])} on {b['date']}; a running total cannot decrease "
                "unless figures were revised",
                {
                    "measure": measure,
                    "status": status,
                    "species": species,
                    "drop_count": len(drops),
                    "drops": [
                        {"before": point_evidence(x), "after": point_evidence(y)}
                        for x, y in drops[:MAX_FLAGS_PER_KIND]
                    ],
                },
            )
        )
    return flags


def _explicit_totals(series: Sequence[Point]) -> dict[tuple[str, str | None, str], list[Point]]:
    out: dict[tuple[str, str | None, str], list[Point]] = defaultdict(list)
    for p in series:
        if p["cumulative"] is True:
            out[(p["measure"], p["status"], p.get("species", "human"))].append(p)
    for points in out.values():
        points.sort(key=lambda p: p["date"])
    return out


def exceeds(series: Sequence[Point], part: str, whole: str, kind: str) -> list[Flag]:
    """A total that must stay below another (deaths, recovered <= cases) exceeds it."""
    bad = [(a, b) for a, b in pairs(series, part, whole) if a["value"] > b["value"]]
    if not bad:
        return []
    a, b = bad[0]
    return [
        make_flag(
            kind,
            "error",
            f"{fmt_int(a['value'])} {part} ({a['date']}) exceed the {fmt_int(b['value'])} {whole} "
            f"reported for {b['date']}",
            {part: point_evidence(a), whole: point_evidence(b), "occurrences": len(bad)},
        )
    ]


def new_exceeds_cumulative(series: Sequence[Point]) -> list[Flag]:
    """A count of new cases/deaths larger than the running total on the same date."""
    totals = {
        (p["measure"], p["status"], p.get("species"), p["date"]): p
        for p in series
        if p["cumulative"] is True
    }
    flags: list[Flag] = []
    for p in series:
        if p["cumulative"] is not False:
            continue
        total = totals.get((p["measure"], p["status"], p.get("species"), p["date"])) or totals.get(
            (p["measure"], None, p.get("species"), p["date"])
        )
        if total is not None and p["value"] > total["value"]:
            flags.append(
                make_flag(
                    "new_exceeds_cumulative",
                    "error",
                    f"{fmt_int(p['value'])} new {p['measure']} on {p['date']} exceed the cumulative "
                    f"total of {fmt_int(total['value'])} given for the same date",
                    {"new": point_evidence(p), "cumulative": point_evidence(total)},
                )
            )
    return flags


def _new_by_date(series: Sequence[Point], measure: str) -> dict[date, int]:
    by_date: dict[str, list[Point]] = defaultdict(list)
    for p in series:
        if (
            p["measure"] == measure
            and p["cumulative"] is False
            and p.get("species", "human") == "human"
        ):
            by_date[p["date"]].append(p)
    out: dict[date, int] = {}
    for day, points in by_date.items():
        unstated = [p for p in points if p["status"] is None]
        out[date.fromisoformat(day)] = int(
            (unstated[0] if unstated else max(points, key=lambda p: p["value"]))["value"]
        )
    return out


def inconsistent_totals(series: Sequence[Point]) -> list[Flag]:
    """New counts between two cumulative reports that do not add up to the change.

    A sum larger than the change is always inconsistent; a smaller sum only when a new
    count was reported for every day of the interval (otherwise days are simply missing).
    """
    flags: list[Flag] = []
    for measure in ("cases", "deaths"):
        new = _new_by_date(series, measure)
        if not new:
            continue
        totals = [t for t in cumulative_series(series, measure) if t[2]["cumulative"] is True]
        for (d1, v1, p1), (d2, v2, p2) in itertools.pairwise(totals):
            flag = _check_interval(measure, new, d1, v1, p1, d2, v2, p2)
            if flag is not None:
                flags.append(flag)
    return flags


def _check_interval(
    measure: str,
    new: Mapping[date, int],
    d1: date,
    v1: int,
    p1: Point,
    d2: date,
    v2: int,
    p2: Point,
) -> Flag | None:
    change = v2 - v1
    if change < 0:
        return None  # a falling total is flagged by decreasing_cumulative
    days = [date.fromordinal(o) for o in range(d1.toordinal() + 1, d2.toordinal() + 1)]
    reported = {d: new[d] for d in days if d in new}
    if not reported:
        return None
    total_new = sum(reported.values())
    complete = len(reported) == len(days)
    if _adds_up(total_new, change, complete):
        return None
    if total_new > change and _adds_up_shifted(new, days, change):
        return None
    return make_flag(
        "inconsistent_totals",
        "warning",
        f"New {measure} reported between {d1} and {d2} add up to {fmt_int(total_new)}, but the "
        f"cumulative total changes by {fmt_int(change)} (from {fmt_int(v1)} to {fmt_int(v2)})",
        {
            "measure": measure,
            "new": {d.isoformat(): v for d, v in sorted(reported.items())},
            "sum_new": total_new,
            "change": change,
            "every_day_reported": complete,
            "from": point_evidence(p1),
            "to": point_evidence(p2),
        },
    )


def _adds_up_shifted(new: Mapping[date, int], days: Sequence[date], change: int) -> bool:
    """Do the daily counts add up once dated one day earlier or later?

    News dates a daily count by the day it was announced ("21 new deaths on Saturday" may be
    Friday's), bulletins by the day it covers, and a total may be dated either way: a count
    can then fall on both sides of a total and be added twice. Only an excess is forgiven
    this way; a shortfall over fully reported days still stands.
    """
    for shift in (-1, 1):
        shifted = [date.fromordinal(d.toordinal() + shift) for d in days]
        reported = [new[d] for d in shifted if d in new]
        if reported and _adds_up(sum(reported), change, len(reported) == len(shifted)):
            return True
    return False


def _adds_up(total_new: int, change: int, complete: bool) -> bool:
    tolerance = max(TOTALS_SLACK, TOTALS_TOLERANCE * change)
    return total_new <= change + tolerance and (not complete or total_new >= change - tolerance)


def growth_jump(series: Sequence[Point]) -> list[Flag]:
    """A running total multiplied by JUMP_FACTOR or more within JUMP_MAX_DAYS."""
    flags: list[Flag] = []
    for measure in ("cases", "deaths"):
        totals = cumulative_series(series, measure)
        for (d1, v1, p1), (d2, v2, p2) in itertools.pairwise(totals):
            days = (d2 - d1).days
            if v1 > 0 and v2 >= JUMP_MIN_VALUE and days <= JUMP_MAX_DAYS and v2 / v1 >= JUMP_FACTOR:
                flags.append(
                    make_flag(
                        "growth_jump",
                        "warning",
                        f"Cumulative {measure} jump from {fmt_int(v1)} on {d1} to {fmt_int(v2)} on {d2} "
                        f"(x{v2 / v1:,.0f} in {days} day{'s' if days != 1 else ''}); check for a "
                        "change of definition or a misread figure",
                        {
                            "measure": measure,
                            "factor": v2 / v1,
                            "days": days,
                            "from": point_evidence(p1),
                            "to": point_evidence(p2),
                        },
                    )
                )
    return flags


def _speaker(claim: Mapping[str, Any]) -> str:
    return str(claim.get("source") or claim.get("outlet") or claim["document"]).lower()


def discordant_sources(series: Sequence[Point]) -> list[Flag]:
    """Claims for the same point from different sources that differ by more than the margin."""
    flags: list[Flag] = []
    for p in series:
        if not p["disagreement"]:
            continue
        pair = _most_discordant(p["claims"], _speaker)
        if pair is None:
            continue
        low, high = pair
        flags.append(
            make_flag(
                "discordant_sources",
                "warning",
                f"Sources disagree on {p['measure']} for {p['date']}: {_speaker(low)} says "
                f"{fmt_int(low['value'])}, {_speaker(high)} says {fmt_int(high['value'])}",
                {
                    "measure": p["measure"],
                    "date": p["date"],
                    "chosen": p["value"],
                    "claims": [
                        {k: c.get(k) for k in ("document", "source", "outlet", "value", "quote")}
                        for c in (low, high)
                    ],
                },
            )
        )
    return flags


def _most_discordant(
    claims: Sequence[Mapping[str, Any]], speaker: Callable[[Mapping[str, Any]], str]
) -> tuple[Mapping[str, Any], Mapping[str, Any]] | None:
    """The pair of claims by different speakers with the largest relative gap, if > margin.

    Linear: the best pair always contains the overall smallest or the overall largest
    claim (paired with the extreme claim of another speaker).
    """
    low = min(claims, key=lambda c: c["value"])
    high = max(claims, key=lambda c: c["value"])
    candidates: list[tuple[Mapping[str, Any], Mapping[str, Any]]] = []
    others_high = [c for c in claims if speaker(c) != speaker(low)]
    if others_high:
        candidates.append((low, max(others_high, key=lambda c: c["value"])))
    others_low = [c for c in claims if speaker(c) != speaker(high)]
    if others_low:
        candidates.append((min(others_low, key=lambda c: c["value"]), high))
    best: tuple[float, Mapping[str, Any], Mapping[str, Any]] | None = None
    for a, b in candidates:
        gap = (b["value"] - a["value"]) / b["value"] if b["value"] else 0.0
        if gap > DISCORDANCE_MARGIN and (best is None or gap > best[0]):
            best = (gap, a, b)
    return None if best is None else (best[1], best[2])
