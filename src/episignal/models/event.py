"""The event model: what ``episignal events``, the report, exports and the web app show.

An :class:`Event` is one disease in one country over one period of reporting. Inside it,
every figure sits in a :class:`Series` (one line an analyst would draw: a measure, running
totals or new counts, one case status, one area), as :class:`Point`\\ s that keep every
:class:`Claim` behind them (document, span, quote, who said it). Figure-less reports that
name the outbreak are :class:`EventReport`\\ s in the event's timeline.

All models are frozen dataclasses: stages hand them on and never mutate them. Their JSON
form (the ``episignal events`` contract) is in :mod:`episignal.models.codec`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from episignal.document import Measure, Span, Species, Status

JSONValue: TypeAlias = (
    str | int | float | bool | Sequence["JSONValue"] | Mapping[str, "JSONValue"] | None
)
Evidence: TypeAlias = Mapping[str, JSONValue]

SeriesKind = Literal["total", "new", "unspecified"]
SERIES_KINDS: tuple[SeriesKind, ...] = ("total", "new", "unspecified")
Severity = Literal["info", "warning", "error"]
SEVERITY_RANK: Mapping[str, int] = {"info": 1, "warning": 2, "error": 3}


def disease_key(name: str) -> str:
    """How events key a disease: its canonical name with ASCII letters lower-cased.

    (SQL's ``lower()`` does the same, so stored keys and Python keys always agree.)
    """
    if name.isascii():
        return name.lower()
    return "".join(ch.lower() if ch.isascii() else ch for ch in name)


@dataclass(frozen=True, slots=True)
class Disease:
    name: str
    icd10: str | None = None

    @property
    def key(self) -> str:
        return disease_key(self.name)


@dataclass(frozen=True, slots=True)
class Exclusion:
    """An analyst's decision that a claim is wrong: kept, shown struck through, not used."""

    reason: str
    by: str | None = None
    at: str | None = None  # ISO timestamp


@dataclass(frozen=True, slots=True)
class Claim:
    """One figure as one document gave it: the evidence behind a series point.

    ``key`` identifies the claim across re-extractions of the same text (document, measure,
    value and sentence); ``fact`` is the stored fact's id (it changes when a document is
    re-extracted). Exclusions are keyed on ``key``.
    """

    key: str
    fact: int
    document: str
    span: Span
    quote: str
    value: int
    cumulative: bool | None = None  # as the text said it: running total, new, unstated
    low: int | None = None
    high: int | None = None
    approximate: bool = False
    source: str | None = None  # who said it ("state media", "WHO")
    outlet: str | None = None  # who published the document
    published: dt.date | None = None
    official: bool = False
    excluded: Exclusion | None = None
    language: str | None = None  # the language of the quote (ISO 639-1)


@dataclass(frozen=True, slots=True)
class Point:
    """One date of a series: the value the choice rule takes, and every claim for it.

    ``excluded`` when an analyst excluded every claim: the point is shown, never used.
    """

    date: dt.date
    value: int
    chosen: int  # fact id of the claim whose value the point takes
    claims: tuple[Claim, ...]
    disagreement: bool = False
    excluded: bool = False

    @property
    def cumulative(self) -> bool | None:
        """What the chosen claim's text said: a running total (True), new (False), unstated."""
        for claim in self.claims:
            if claim.fact == self.chosen:
                return claim.cumulative
        return None


@dataclass(frozen=True, slots=True)
class Series:
    """One line an analyst would draw.

    ``kind``: ``total`` (running totals: figures said to be cumulative, and figures of
    unstated kind that fit between them), ``new`` (counts said to be new), ``unspecified``
    (figures of unstated kind that cannot be running totals). ``admin1`` None is the
    national series; sub-national series carry their first-level area.
    """

    measure: Measure
    kind: SeriesKind
    status: Status | None = None
    species: Species = "human"
    admin1: str | None = None
    points: tuple[Point, ...] = ()

    @property
    def label(self) -> str:
        status = f" {self.status}" if self.status else ""
        animal = " (animals)" if self.species != "human" else ""
        where = f" in {self.admin1}" if self.admin1 else ""
        return f"{self.measure}{status}{animal}, {self.kind}{where}"

    def used_points(self) -> tuple[Point, ...]:
        """Points an analyst has not excluded: the ones checks and figures use."""
        return tuple(p for p in self.points if not p.excluded)


@dataclass(frozen=True, slots=True)
class Latest:
    """The latest figure per measure (``new_<m>`` new counts, ``animal_<m>`` animals).

    National figures; when the event has none, those of its largest area stand in
    (``area`` names it: the national figure is at least that).
    """

    values: Mapping[str, int] = field(default_factory=dict)
    as_of: dt.date | None = None
    area: str | None = None

    def get(self, key: str) -> int | None:
        return self.values.get(key)

    @property
    def cases(self) -> int | None:
        return self.values.get("cases")

    @property
    def deaths(self) -> int | None:
        return self.values.get("deaths")


@dataclass(frozen=True, slots=True)
class Flag:
    """A plausibility problem: figures that cannot all be true, or are unlikely.

    ``severity``: ``info`` (worth a look), ``warning`` (probably wrong), ``error``
    (arithmetically impossible). ``admin1`` is the area whose series it concerns.
    """

    kind: str
    severity: Severity
    message: str
    evidence: Evidence = field(default_factory=dict)
    admin1: str | None = None


@dataclass(frozen=True, slots=True)
class EventReport:
    """A dated, quoted report that the event's disease occurs in its country (with or
    without a figure): the event's timeline."""

    document: str
    date: dt.date
    quote: str
    span: Span


@dataclass(frozen=True, slots=True)
class MeasureEntry:
    kind: str
    document: str
    quote: str
    span: Span
    date: dt.date | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class ResourceEntry:
    item: str
    document: str
    quote: str
    span: Span
    quantity: float | None = None
    unit: str | None = None
    action: str | None = None
    from_country: str | None = None
    to_country: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """A document an event cites; ``outlets`` lists its own outlet and its copies'."""

    id: str
    url: str | None = None
    title: str | None = None
    source: str | None = None
    published: dt.date | None = None
    outlets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    """One disease in one country over one period of reporting.

    ``id`` never changes once given: facts added or backfilled keep it; a merged event's
    id redirects to the surviving one (``merged_from`` lists them), a split-off part names
    its origin in ``split_from``. ``score`` is ``sum(score_parts) x recency`` (the recency
    factor is in ``score_parts["recency"]``).
    """

    id: str
    disease: Disease
    country: str
    first_seen: dt.date
    last_seen: dt.date
    series: tuple[Series, ...] = ()
    reports: tuple[EventReport, ...] = ()
    documents: tuple[DocumentRef, ...] = ()
    latest: Latest = field(default_factory=Latest)
    measures: tuple[MeasureEntry, ...] = ()
    resources: tuple[ResourceEntry, ...] = ()
    flags: tuple[Flag, ...] = ()
    score: float = 0.0
    score_parts: Mapping[str, float] = field(default_factory=dict)
    reason: str = ""
    novel: bool = False
    split_from: str | None = None
    merged_from: tuple[str, ...] = ()
    version: int = 1
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def areas(self) -> tuple[str, ...]:
        """First-level areas with a series of their own, sorted."""
        return tuple(sorted({s.admin1 for s in self.series if s.admin1 is not None}))

    @property
    def document_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.documents)

    def claims(self) -> Iterator[tuple[Series, Point, Claim]]:
        for series in self.series:
            for point in series.points:
                for claim in point.claims:
                    yield series, point, claim

    @property
    def fact_ids(self) -> tuple[int, ...]:
        return tuple(sorted({c.fact for _, _, c in self.claims()}))

    def series_of(self, admin1: str | None) -> tuple[Series, ...]:
        return tuple(s for s in self.series if s.admin1 == admin1)

    @property
    def severity(self) -> Severity | None:
        """The most serious flag's severity."""
        if not self.flags:
            return None
        return max(self.flags, key=lambda f: SEVERITY_RANK[f.severity]).severity
