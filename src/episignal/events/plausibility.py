"""Plausibility checks of an event's series: figures that cannot all be true, or are unlikely.

Checks run per area (the national series, then each first-level area's), and each returns
:class:`~episignal.models.event.Flag`\\ s; severity is "info" (worth a look, uncertain),
"warning" (probably wrong or misreported) or "error" (arithmetically impossible). Evidence
carries the values, dates, documents and quotes. Thresholds are module constants,
documented in docs/events.md.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from episignal.events.reference import CfrRange, cfr_range
from episignal.events.series import cumulative_series, merged_line
from episignal.models.event import Claim, Flag, JSONValue, Point, Series, Severity

Pair = tuple[Series, Point]
Evidence = dict[str, JSONValue]

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


def check_event(
    series: Sequence[Series],
    disease: str | None,
    icd10: str | None,
    start: date,
    variant: str | None = None,
) -> tuple[Flag, ...]:
    """Flags of every area of an event: national first, then areas in name order."""
    areas = sorted({s.admin1 for s in series}, key=lambda a: (a is not None, a or ""))
    flags: list[Flag] = []
    for admin1 in areas:
        found = check_series(
            [s for s in series if s.admin1 == admin1], disease, icd10, start, variant
        )
        flags.extend(replace(f, admin1=admin1) for f in found)
    return tuple(flags)


def check_series(
    series: Sequence[Series],
    disease: str | None,
    icd10: str | None,
    start: date,
    variant: str | None = None,
) -> list[Flag]:
    """All plausibility flags of one area's series; ``start`` is the event's first date."""
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
    evidence = {**kept[-1].evidence, "more_occurrences": len(flags) - MAX_FLAGS_PER_KIND}
    kept[-1] = replace(kept[-1], evidence=evidence)
    return kept


def make_flag(kind: str, severity: Severity, message: str, evidence: Evidence) -> Flag:
    return Flag(kind, severity, message, evidence)


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


def point_evidence(series: Series, point: Point) -> Evidence:
    used = [c for c in point.claims if c.excluded is None]
    return {
        "date": point.date.isoformat(),
        "value": point.value,
        "status": series.status,
        "documents": sorted({c.document for c in used}),
        "quotes": [c.quote for c in used][:3],
    }


# --------------------------------------------------------------------------- pairing


def human_totals(series: Sequence[Series], measure: str) -> list[Pair]:
    """Human running totals of a measure (all statuses), one pair per point."""
    return [
        (s, p)
        for s in series
        if s.measure == measure and s.species == "human" and s.kind == "total"
        for p in s.used_points()
    ]


def best_partner(pair: Pair, by_day: Mapping[int, Sequence[Pair]]) -> Pair | None:
    """The partner reported closest in time (<= PAIR_WINDOW_DAYS) on the same status basis.

    Same status first, then a figure of unstated status, then any; among those the nearest
    date, then the later one. ``by_day`` indexes the candidates by date ordinal.
    """
    series, point = pair
    day = point.date.toordinal()
    best: tuple[tuple[int, int, int], Pair] | None = None
    for offset in range(-PAIR_WINDOW_DAYS, PAIR_WINDOW_DAYS + 1):
        for cs, cp in by_day.get(day + offset, ()):
            basis = 0 if cs.status == series.status else 1 if cs.status is None else 2
            rank = (basis, abs(offset), -offset)
            if best is None or rank < best[0]:
                best = (rank, (cs, cp))
    return None if best is None else best[1]


def pairs(series: Sequence[Series], numerator: str, denominator: str) -> list[tuple[Pair, Pair]]:
    """(numerator, denominator) pairs of running totals, latest first."""
    by_day: dict[int, list[Pair]] = defaultdict(list)
    for sp in human_totals(series, denominator):
        by_day[sp[1].date.toordinal()].append(sp)
    out: list[tuple[Pair, Pair]] = []
    for sp in sorted(human_totals(series, numerator), key=lambda sp: sp[1].date, reverse=True):
        partner = best_partner(sp, by_day)
        if partner is not None:
            out.append((sp, partner))
    return out


# --------------------------------------------------------------------------- CFR


def implausible_cfr(
    series: Sequence[Series],
    disease: str | None,
    icd10: str | None,
    start: date,
    variant: str | None = None,
) -> list[Flag]:
    """Deaths/cases far outside the disease's reference CFR range (latest usable pair),
    against the range of the period the figures describe."""
    for deaths, cases in pairs(series, "deaths", "cases"):
        d, c = deaths[1].value, cases[1].value
        if c < CFR_MIN_CASES or d > c:
            continue
        ref = cfr_range(disease, icd10, variant, when=max(deaths[1].date, cases[1].date))
        if ref is None:
            return []
        cfr = d / c
        direction = _cfr_direction(cfr, c, d, ref)
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


def _cfr_message(deaths: int, cases: int, cfr: float, direction: str, ref: CfrRange) -> str:
    factor = _cfr_factor(cfr, direction, ref)
    if factor is None:
        factor_text = "no deaths reported"
    else:
        side = "below the low" if direction == "below" else "above the high"
        factor_text = f"{factor:,.0f} times {side} bound"
    return (
        f"{fmt_int(deaths)} deaths among {fmt_int(cases)} cases is a case-fatality ratio of "
        f"{fmt_pct(cfr)}, far {direction} the {fmt_pct(ref.low)}-{fmt_pct(ref.high)} expected "
        f"for {ref.disease}{f' ({ref.period})' if ref.period else ''} ({factor_text})"
    )


def _cfr_flag(
    deaths: Pair, cases: Pair, cfr: float, direction: str, ref: CfrRange, start: date
) -> Flag:
    when = max(deaths[1].date, cases[1].date)
    early = (when - start).days < CFR_MIN_EVENT_DAYS
    message = _cfr_message(deaths[1].value, cases[1].value, cfr, direction, ref)
    if early:
        message += "; uncertain this early in the event"
    elif direction == "below":
        message += "; deaths may be under-reported or cases over-counted"
    else:
        message += "; cases may be under-ascertained or deaths misattributed"
    reference: Evidence = {
        "low": ref.low,
        "high": ref.high,
        "basis": ref.basis,
        "source": ref.source,
        "period": ref.period,
    }
    return make_flag(
        "implausible_cfr",
        "info" if early else "warning",
        message,
        {
            "cfr": cfr,
            "direction": direction,
            "factor": _cfr_factor(cfr, direction, ref),
            "reference": reference,
            "deaths": point_evidence(*deaths),
            "cases": point_evidence(*cases),
            "days_into_event": (when - start).days,
        },
    )


# --------------------------------------------------------------------------- totals


def decreasing_cumulative(series: Sequence[Series]) -> list[Flag]:
    """A running total said to be cumulative that falls from one date to a later one."""
    flags: list[Flag] = []
    for s in series:
        if s.kind != "total":
            continue
        explicit = [p for p in s.used_points() if p.cumulative is True]
        drops = [(a, b) for a, b in itertools.pairwise(explicit) if b.value < a.value]
        if drops:
            flags.append(_decrease_flag(s, drops))
    return flags


def _decrease_flag(s: Series, drops: list[tuple[Point, Point]]) -> Flag:
    a, b = drops[0]
    label = f"{s.status} {s.measure}" if s.status else s.measure
    drop_list: list[JSONValue] = [
        {"before": point_evidence(s, x), "after": point_evidence(s, y)}
        for x, y in drops[:MAX_FLAGS_PER_KIND]
    ]
    return make_flag(
        "decreasing_cumulative",
        "warning",
        f"The cumulative number of {label} falls from {fmt_int(a.value)} on {a.date} to "
        f"{fmt_int(b.value)} on {b.date}; a running total cannot decrease unless figures "
        "were revised",
        {
            "measure": s.measure,
            "status": s.status,
            "species": s.species,
            "drop_count": len(drops),
            "drops": drop_list,
        },
    )


def exceeds(series: Sequence[Series], part: str, whole: str, kind: str) -> list[Flag]:
    """A total that must stay below another (deaths, recovered <= cases) exceeds it."""
    bad = [(a, b) for a, b in pairs(series, part, whole) if a[1].value > b[1].value]
    if not bad:
        return []
    a, b = bad[0]
    return [
        make_flag(
            kind,
            "error",
            f"{fmt_int(a[1].value)} {part} ({a[1].date}) exceed the {fmt_int(b[1].value)} "
            f"{whole} reported for {b[1].date}",
            {part: point_evidence(*a), whole: point_evidence(*b), "occurrences": len(bad)},
        )
    ]


def new_exceeds_cumulative(series: Sequence[Series]) -> list[Flag]:
    """A count of new cases/deaths larger than the running total on the same date."""
    totals: dict[tuple[str, str | None, str, date], Pair] = {}
    for s in series:
        if s.kind == "total":
            for p in s.used_points():
                totals[(s.measure, s.status, s.species, p.date)] = (s, p)
    flags: list[Flag] = []
    for s in series:
        if s.kind != "new":
            continue
        for p in s.used_points():
            total = totals.get((s.measure, s.status, s.species, p.date)) or totals.get(
                (s.measure, None, s.species, p.date)
            )
            if total is not None and p.value > total[1].value:
                flags.append(
                    make_flag(
                        "new_exceeds_cumulative",
                        "error",
                        f"{fmt_int(p.value)} new {s.measure} on {p.date} exceed the cumulative "
                        f"total of {fmt_int(total[1].value)} given for the same date",
                        {"new": point_evidence(s, p), "cumulative": point_evidence(*total)},
                    )
                )
    return flags


def _new_by_date(series: Sequence[Series], measure: str) -> dict[date, int]:
    return {day: value for day, value, _, _ in merged_line(series, measure, "new")}


def inconsistent_totals(series: Sequence[Series]) -> list[Flag]:
    """New counts between two cumulative reports that do not add up to the change.

    A sum larger than the change is always inconsistent; a smaller sum only when a new
    count was reported for every day of the interval (otherwise days are simply missing).
    """
    flags: list[Flag] = []
    for measure in ("cases", "deaths"):
        new = _new_by_date(series, measure)
        if not new:
            continue
        totals = [t for t in cumulative_series(series, measure) if t[3].cumulative is True]
        for first, second in itertools.pairwise(totals):
            flag = _check_interval(measure, new, first, second)
            if flag is not None:
                flags.append(flag)
    return flags


Total = tuple[date, int, Series, Point]


def _check_interval(
    measure: str, new: Mapping[date, int], first: Total, second: Total
) -> Flag | None:
    (d1, v1, s1, p1), (d2, v2, s2, p2) = first, second
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
            "from": point_evidence(s1, p1),
            "to": point_evidence(s2, p2),
        },
    )


def _adds_up_shifted(new: Mapping[date, int], days: Sequence[date], change: int) -> bool:
    """Do the daily counts add up once dated one day earlier or later?

    News dates a daily count by the day it was announced ("21 new deaths on Saturday" may be
    Friday's), bulletins by the day it covers, and a total may be dated either way: a count
    can then fall on both sides of a total and be added twice. Only an excess is forgiven
    this way; a shortfall over fully reported days still stands.
    """
    top = date.max.toordinal()
    for shift in (-1, 1):
        ordinals = [d.toordinal() + shift for d in days]
        shifted = [date.fromordinal(o) for o in ordinals if 1 <= o <= top]
        reported = [new[d] for d in shifted if d in new]
        if reported and _adds_up(sum(reported), change, len(reported) == len(shifted)):
            return True
    return False


def _adds_up(total_new: int, change: int, complete: bool) -> bool:
    tolerance = max(TOTALS_SLACK, TOTALS_TOLERANCE * change)
    return total_new <= change + tolerance and (not complete or total_new >= change - tolerance)


def growth_jump(series: Sequence[Series]) -> list[Flag]:
    """A running total multiplied by JUMP_FACTOR or more within JUMP_MAX_DAYS."""
    flags: list[Flag] = []
    for measure in ("cases", "deaths"):
        totals = cumulative_series(series, measure)
        for (d1, v1, s1, p1), (d2, v2, s2, p2) in itertools.pairwise(totals):
            days = (d2 - d1).days
            if v1 > 0 and v2 >= JUMP_MIN_VALUE and days <= JUMP_MAX_DAYS and v2 / v1 >= JUMP_FACTOR:
                flags.append(
                    make_flag(
                        "growth_jump",
                        "warning",
                        f"Cumulative {measure} jump from {fmt_int(v1)} on {d1} to {fmt_int(v2)} "
                        f"on {d2} (x{v2 / v1:,.0f} in {days} day{'s' if days != 1 else ''}); "
                        "check for a change of definition or a misread figure",
                        {
                            "measure": measure,
                            "factor": v2 / v1,
                            "days": days,
                            "from": point_evidence(s1, p1),
                            "to": point_evidence(s2, p2),
                        },
                    )
                )
    return flags


# --------------------------------------------------------------------------- sources


def _speaker(claim: Claim) -> str:
    return str(claim.source or claim.outlet or claim.document).lower()


def discordant_sources(series: Sequence[Series]) -> list[Flag]:
    """Claims for the same point from different sources that differ by more than the margin."""
    flags: list[Flag] = []
    for s in series:
        for p in s.used_points():
            if not p.disagreement:
                continue
            pair = _most_discordant([c for c in p.claims if c.excluded is None], _speaker)
            if pair is not None:
                flags.append(_discord_flag(s, p, *pair))
    return flags


def _discord_flag(s: Series, p: Point, low: Claim, high: Claim) -> Flag:
    claims: list[JSONValue] = [
        {
            "document": c.document,
            "source": c.source,
            "outlet": c.outlet,
            "value": c.value,
            "quote": c.quote,
        }
        for c in (low, high)
    ]
    return make_flag(
        "discordant_sources",
        "warning",
        f"Sources disagree on {s.measure} for {p.date}: {_speaker(low)} says "
        f"{fmt_int(low.value)}, {_speaker(high)} says {fmt_int(high.value)}",
        {"measure": s.measure, "date": p.date.isoformat(), "chosen": p.value, "claims": claims},
    )


def _claim_range(claim: Claim) -> tuple[float, float]:
    """The values a claim allows: a bound ("over N", "up to N") or a range, else its value."""
    if claim.low is None and claim.high is None:
        return float(claim.value), float(claim.value)
    low = float(claim.low) if claim.low is not None else 0.0
    high = float(claim.high) if claim.high is not None else float("inf")
    return low, high


def _bounds_agree(a: Claim, b: Claim) -> bool:
    """One claim's bound or range holds the other's figure: the two do not disagree."""
    a_low, a_high = _claim_range(a)
    b_low, b_high = _claim_range(b)
    return a_low <= b_high and b_low <= a_high


def _most_discordant(
    claims: Sequence[Claim], speaker: Callable[[Claim], str]
) -> tuple[Claim, Claim] | None:
    """The pair of claims by different speakers with the largest relative gap, if > margin.

    Linear: the best pair always contains the overall smallest or the overall largest
    claim (paired with the extreme claim of another speaker).
    """
    low = min(claims, key=lambda c: c.value)
    high = max(claims, key=lambda c: c.value)
    candidates: list[tuple[Claim, Claim]] = []
    others_high = [c for c in claims if speaker(c) != speaker(low)]
    if others_high:
        candidates.append((low, max(others_high, key=lambda c: c.value)))
    others_low = [c for c in claims if speaker(c) != speaker(high)]
    if others_low:
        candidates.append((min(others_low, key=lambda c: c.value), high))
    best: tuple[float, Claim, Claim] | None = None
    for a, b in candidates:
        gap = (b.value - a.value) / b.value if b.value else 0.0
        if _bounds_agree(a, b):
            continue  # "over 2 million" and 2,241,610 say the same thing
        if gap > DISCORDANCE_MARGIN and (best is None or gap > best[0]):
            best = (gap, a, b)
    return None if best is None else (best[1], best[2])
