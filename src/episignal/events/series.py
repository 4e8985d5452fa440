"""Series an analyst would draw, with every claim behind every point.

Facts are cut into lines by (area, measure, species, case status) and, within a line,
by kind:

* ``total``: running totals — figures the text calls cumulative ("rose to", "a total
  of"), and figures of unstated kind that fit between them (not below the total reported
  before, not above the total reported after), so 12 -> "rose to 57" -> 143 is one line;
* ``new``: counts the text calls new;
* ``unspecified``: figures of unstated kind that cannot be running totals.

One point per date; every claim is kept. When claims disagree, the point's value comes
from the claim that ranks first:

1. attributed to an official source (government, ministry, WHO, CDC, state media) over
   one relayed without official attribution;
2. then the latest published (later reports correct earlier ones);
3. then, for running totals, the larger value (totals only grow);
4. then the lowest fact id, so that the choice is deterministic.

Claims an analyst excluded stay in the point (struck through) but are never chosen; a
point whose every claim is excluded is marked ``excluded`` and used by no check.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from episignal.document import MEASURES, DocumentInfo, Fact, Measure, Species, Status
from episignal.events.admission import report_date
from episignal.models.event import Claim, Exclusion, Point, Series, SeriesKind

LineKey = tuple[str | None, Measure, Species, Status | None]  # admin1, measure, species, status

OFFICIAL_SOURCE = re.compile(
    r"\b(who|world health organi[sz]ation|ministry|minister|government|state media|"
    r"state[- ]run|state news|kcna|korean central|xinhua|cdc|centres? for disease|"
    r"centers? for disease|ncdc|health (?:department|authorit\w*|commission|bureau|agency|"
    r"service|officials?)|department of health|public health|authorit\w*|officials?|"
    r"headquarters|paho|ecdc|unicef|governor|prefecture)\b",
    re.IGNORECASE,
)

MEASURE_ORDER: dict[str, int] = {m: i for i, m in enumerate(MEASURES)}
STATUS_ORDER: dict[str | None, int] = {None: 0, "confirmed": 1, "probable": 2, "suspected": 3}
KIND_ORDER: dict[str, int] = {"total": 0, "new": 1, "unspecified": 2}


def is_official(source: str | None) -> bool:
    """Whether a source attribution names an official body (government, WHO, state media)."""
    return bool(source) and OFFICIAL_SOURCE.search(source or "") is not None


def claim_key(document_id: str, measure: str, value: int, quote: str) -> str:
    """A claim's identity across re-extractions of the same text (exclusions use it)."""
    raw = "\x1f".join((document_id, measure, str(value), " ".join(quote.split())))
    return hashlib.blake2b(raw.encode("utf-8"), digest_size=8).hexdigest()


def make_claim(
    fact: Fact, docs: Mapping[str, DocumentInfo], exclusions: Mapping[str, Exclusion]
) -> Claim:
    doc = docs.get(fact.document_id)
    key = claim_key(fact.document_id, fact.measure, fact.value, fact.quote)
    return Claim(
        key=key,
        fact=fact.id,
        document=fact.document_id,
        span=(fact.span[0], fact.span[1]),
        quote=fact.quote,
        value=fact.value,
        cumulative=fact.cumulative,
        low=fact.low,
        high=fact.high,
        approximate=fact.approximate,
        source=fact.source,
        outlet=fact.outlet or (doc.source if doc is not None else None),
        published=report_date(fact, dict(docs)),
        official=is_official(fact.source),
        excluded=exclusions.get(key),
        language=doc.language if doc is not None else None,
    )


def as_of_date(fact: Fact, docs: Mapping[str, DocumentInfo]) -> date | None:
    """What date the figure describes: the text's as-of date, else the report date."""
    return fact.date if fact.date is not None else report_date(fact, dict(docs))


# --------------------------------------------------------------------------- choice


def _rank(claim: Claim, kind: SeriesKind) -> tuple[bool, str, int, int]:
    size = claim.value if kind != "new" else 0
    published = claim.published.isoformat() if claim.published else ""
    return (claim.official, published, size, -claim.fact)


def choose_claim(claims: Sequence[Claim], kind: SeriesKind) -> Claim:
    """The claim whose value a point takes (the rule in the module docstring)."""
    used = [c for c in claims if c.excluded is None] or list(claims)
    return max(used, key=lambda c: _rank(c, kind))


def make_point(day: date, claims: list[Claim], kind: SeriesKind) -> Point:
    claims.sort(key=lambda c: (c.published or date.min, c.fact))
    chosen = choose_claim(claims, kind)
    used = [c for c in claims if c.excluded is None]
    return Point(
        date=day,
        value=chosen.value,
        chosen=chosen.fact,
        claims=tuple(claims),
        disagreement=len({c.value for c in used}) > 1,
        excluded=not used,
    )


# --------------------------------------------------------------------------- lines


def build_series(
    facts: Iterable[Fact],
    docs: Mapping[str, DocumentInfo],
    exclusions: Mapping[str, Exclusion] | None = None,
) -> tuple[Series, ...]:
    """The series of an event's facts (all already admitted), national lines first."""
    lines: dict[LineKey, list[tuple[date, Claim]]] = defaultdict(list)
    for f in facts:
        when = as_of_date(f, docs)
        if when is None:
            continue
        key: LineKey = (f.admin1, f.measure, f.species, f.status)
        lines[key].append((when, make_claim(f, docs, exclusions or {})))
    out: list[Series] = []
    for key, dated in lines.items():
        for kind, members in split_kinds(dated).items():
            if members:
                out.append(_series(key, kind, members))
    out.sort(key=series_order)
    return tuple(out)


def series_order(s: Series) -> tuple[int, int, str, int, int, int]:
    return (
        s.species != "human",
        s.admin1 is not None,
        s.admin1 or "",
        MEASURE_ORDER[s.measure],
        KIND_ORDER[s.kind],
        STATUS_ORDER[s.status],
    )


def _series(key: LineKey, kind: SeriesKind, dated: list[tuple[date, Claim]]) -> Series:
    admin1, measure, species, status = key
    by_day: dict[date, list[Claim]] = defaultdict(list)
    for when, claim in dated:
        by_day[when].append(claim)
    points = tuple(make_point(d, by_day[d], kind) for d in sorted(by_day))
    return Series(measure, kind, status, species, admin1, points)


def split_kinds(dated: list[tuple[date, Claim]]) -> dict[SeriesKind, list[tuple[date, Claim]]]:
    """Claims of one line by kind; unstated ones join the totals when they fit."""
    out: dict[SeriesKind, list[tuple[date, Claim]]] = {"total": [], "new": [], "unspecified": []}
    explicit = sorted(
        (when, c.value) for when, c in dated if c.cumulative is True and c.excluded is None
    )
    for when, claim in dated:
        if claim.cumulative is True:
            out["total"].append((when, claim))
        elif claim.cumulative is False:
            out["new"].append((when, claim))
        elif fits_totals(when, claim.value, explicit):
            out["total"].append((when, claim))
        else:
            out["unspecified"].append((when, claim))
    return out


def fits_totals(when: date, value: int, totals: Sequence[tuple[date, int]]) -> bool:
    """Could ``value`` on ``when`` be a running total between the explicit ones?

    Not below any total reported before that day, not above any reported after it
    (totals of the same day say nothing: sources may disagree on one day's total).
    """
    before = [v for d, v in totals if d < when]
    after = [v for d, v in totals if d > when]
    return (not before or value >= max(before)) and (not after or value <= min(after))


# --------------------------------------------------------------------------- reading series


def area_series(series: Iterable[Series], admin1: str | None) -> list[Series]:
    return [s for s in series if s.admin1 == admin1]


def representative(points: Sequence[tuple[Series, Point]]) -> tuple[Series, Point]:
    """Of points of one date in lines of several statuses: the total as reported
    (unstated status), else the largest figure — statuses are never added up, since
    reports say "N cases, including M confirmed"."""
    unstated = [sp for sp in points if sp[0].status is None]
    if unstated:
        return unstated[0]
    return max(points, key=lambda sp: sp[1].value)


def merged_line(
    series: Iterable[Series], measure: str, kind: SeriesKind, species: str = "human"
) -> list[tuple[date, int, Series, Point]]:
    """One value per date of a measure's lines of one kind (all statuses, one area):
    (date, value, series, point), oldest first."""
    by_day: dict[date, list[tuple[Series, Point]]] = defaultdict(list)
    for s in series:
        if s.measure == measure and s.kind == kind and s.species == species:
            for p in s.used_points():
                by_day[p.date].append((s, p))
    out: list[tuple[date, int, Series, Point]] = []
    for day in sorted(by_day):
        s, p = representative(by_day[day])
        out.append((day, p.value, s, p))
    return out


def cumulative_series(
    series: Iterable[Series], measure: str, species: str = "human"
) -> list[tuple[date, int, Series, Point]]:
    """The running total of one measure in one area: what growth and the checks read."""
    return merged_line(series, measure, "total", species)
