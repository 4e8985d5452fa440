"""The shared document model: what flows from ingest to report.

Stages hand each other these types and nothing else:

* ``ingest`` yields :class:`RawItem` (bytes or text exactly as read, with metadata);
* ``clean`` turns a RawItem into a :class:`Document` (clean text, title, language);
* ``extract`` turns a Document's text into an :class:`Extraction`;
* ``store`` persists Documents and Extractions and derives :class:`Fact` rows;
* ``events`` groups Facts into events.

Every span is a ``(start, end)`` pair of character offsets into ``Document.text``
(the clean text), so a figure can always be traced to the sentence it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Span = tuple[int, int]

Measure = Literal[
    "cases",
    "deaths",
    "recovered",
    "hospitalized",
    "active",
    "tested",
    "vaccinated",
    "isolated",
    "other",
]
MEASURES: tuple[Measure, ...] = (
    "cases",
    "deaths",
    "recovered",
    "hospitalized",
    "active",
    "tested",
    "vaccinated",
    "isolated",
    "other",
)
Status = Literal["confirmed", "probable", "suspected"]
Species = Literal["human", "animal"]
# Where a figure holds: the whole world, a world region ("the Region of the Americas"),
# several named countries together, one country, a district or province of it, a subset of
# the cases ("among health workers", "linked to one hospital"), or one facility.
Scope = Literal["world", "region", "multi_country", "national", "subnational", "subset", "facility"]
SCOPES: tuple[Scope, ...] = (
    "world",
    "region",
    "multi_country",
    "national",
    "subnational",
    "subset",
    "facility",
)
# What a figure is: a count observed and reported, or an estimate (burden, annual, average),
# a forecast (projection, scenario), a target (a goal or a capacity) or a baseline (what is
# normal).
CountKind = Literal["observed", "estimate", "forecast", "target", "baseline"]
COUNT_KINDS: tuple[CountKind, ...] = ("observed", "estimate", "forecast", "target", "baseline")
# Only these figures enter an event's time series; every other fact records why not.
SERIES_SCOPES: frozenset[Scope] = frozenset({"national", "subnational"})
LocationKind = Literal["country", "admin1", "admin2", "city", "place"]
ResourceItem = Literal[
    "vaccine", "mask", "ventilator", "test", "ppe", "medicine", "funding", "other"
]
ResourceAction = Literal["requested", "pledged", "purchased", "delivered", "refused"]
MeasureKind = Literal[
    "emergency_declaration",
    "lockdown",
    "isolation",
    "quarantine",
    "travel_restriction",
    "border_closure",
    "school_closure",
    "market_closure",
    "mass_gathering_ban",
    "curfew",
    "mask_mandate",
    "mass_testing",
    "contact_tracing",
    "vector_control",
    "vaccination_campaign",
    "culling",
    "other",
]
SourceKind = Literal["government", "agency", "media", "who", "other"]
DatePrecision = Literal["day", "month", "year"]
ContentFormat = Literal["text", "html"]


# --------------------------------------------------------------------------- ingest / clean


@dataclass(slots=True)
class RawItem:
    """One item as read by an ingest reader, before cleaning.

    ``content`` is ``bytes`` when the reader could not know the encoding (files,
    HTTP bodies, WARC payloads); cleaning decodes it with a detected charset.
    A reader that cannot read an item still yields it, with ``error`` set, so the
    scan can record the failure instead of losing track of the input.
    """

    id: str
    content: str | bytes
    format: ContentFormat
    origin: str  # path, URL or "stdin", plus "#n" for the n-th record of a container
    url: str | None = None
    title: str | None = None
    source: str | None = None  # outlet / site name
    published: dt.date | None = None
    error: str | None = None  # the item could not be read: why
    skip_reason: str | None = None  # the item was read but must not be processed: why
    published_source: str | None = None  # who stated ``published``: "record", "feed", "http"
    # When this copy was made, for an undated document: "warc" (WARC-Date), "file" (mtime).
    captured: dt.date | None = None
    captured_source: str | None = None
    notes: tuple[str, ...] = ()  # values read and set aside, each with why


@dataclass(slots=True)
class Document:
    """A cleaned document: the unit that is extracted, stored and deduplicated."""

    id: str
    text: str  # clean main text; every span indexes this
    origin: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    language: str | None = None  # ISO 639-1, None when undetermined
    content_hash: str = ""  # hash of the normalised text (exact-duplicate key)
    # Where ``published`` came from: the source's metadata ("record", "feed", "http",
    # "page"), "dateline", "text", the copy's date ("warc", "file"), "ingested", "option".
    published_source: str | None = None
    notes: tuple[str, ...] = ()  # values read and set aside, each with why


# --------------------------------------------------------------------------- extraction


@dataclass(frozen=True, slots=True)
class DiseaseMention:
    name: str
    icd10: str | None
    icd11: str | None = None
    pathogen: str | None = None
    variant: str | None = None
    mentions: tuple[Span, ...] = ()
    pathogen_mentions: tuple[Span, ...] = ()
    salience: float = 0.0  # ranking score; not part of the JSON contract


@dataclass(frozen=True, slots=True)
class LocationMention:
    name: str
    kind: LocationKind
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    affected: bool = False
    mentions: tuple[Span, ...] = ()  # every span that points to the place, adjectives included
    # Those of ``mentions`` that are adjectives ("North Korean authorities"), not names: a
    # country known only by its demonym. The contract reports them apart from the names.
    demonym_mentions: tuple[Span, ...] = ()
    salience: float = 0.0


@dataclass(frozen=True, slots=True)
class DateMention:
    date: dt.date
    precision: DatePrecision
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class CountMention:
    value: int
    measure: Measure
    span: Span
    low: int | None = None
    high: int | None = None
    approximate: bool = False
    status: Status | None = None
    cumulative: bool | None = None
    species: Species = "human"
    date: dt.date | None = None
    disease: str | None = None  # canonical disease name
    country: str | None = None  # ISO alpha-2
    admin1: str | None = None
    source: str | None = None  # who reported it
    # The figure describes a period that ended well before publication ("in late 1994, when
    # 216 cases were reported"): background, kept in the extraction but not in event series.
    historical: bool = False
    scope: Scope = "national"
    kind: CountKind = "observed"
    area: str | None = None  # the sub-national area a subnational figure is of ("Katwa")
    # Another condition the figure counts, not a disease of the lexicon ("cases of moderate
    # acute malnutrition"): the figure never goes to the document's disease.
    condition: str | None = None


@dataclass(frozen=True, slots=True)
class ResourceMention:
    item: ResourceItem
    span: Span
    quantity: float | None = None
    unit: str | None = None  # "doses", "USD", "units", ...
    action: ResourceAction | None = None
    from_country: str | None = None
    to_country: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class MeasureMention:
    kind: MeasureKind
    span: Span
    country: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class SourceMention:
    name: str
    kind: SourceKind
    span: Span


@dataclass(frozen=True, slots=True)
class Primary:
    disease: DiseaseMention | None
    countries: tuple[str, ...]


@dataclass(slots=True)
class Extraction:
    """All that was extracted from one document's clean text."""

    language: str | None = None
    relevant: bool = False
    relevance: float = 0.0
    diseases: list[DiseaseMention] = field(default_factory=list)
    locations: list[LocationMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    counts: list[CountMention] = field(default_factory=list)
    resources: list[ResourceMention] = field(default_factory=list)
    measures: list[MeasureMention] = field(default_factory=list)
    sources: list[SourceMention] = field(default_factory=list)
    primary: Primary = field(default_factory=lambda: Primary(None, ()))


# --------------------------------------------------------------------------- store -> events


@dataclass(frozen=True, slots=True)
class Fact:
    """One extracted count as stored: the unit events are built from."""

    id: int
    document_id: str
    value: int
    measure: Measure
    span: Span
    quote: str  # the sentence the figure came from
    low: int | None = None
    high: int | None = None
    approximate: bool = False
    status: Status | None = None
    cumulative: bool | None = None
    species: Species = "human"
    date: dt.date | None = None  # as-of date given by the text
    published: dt.date | None = None  # the document's publication date
    disease: str | None = None
    icd10: str | None = None
    variant: str | None = None  # e.g. "Omicron BA.2", "clade I": picks the CFR reference range
    country: str | None = None
    admin1: str | None = None
    source: str | None = None  # who said it ("state media", "WHO")
    outlet: str | None = None  # who published the document
    scope: Scope = "national"
    kind: CountKind = "observed"
    area: str | None = None  # the sub-national area a subnational figure is of
    condition: str | None = None  # another condition counted ("malnutrition")
    # Why the fact stays out of every event series ("document not relevant", "kind:
    # estimate", "scope: world", "historical" ...); None when it may enter one. Set where
    # facts are made (store/records.py); the event builder keeps only facts without one.
    exclusion: str | None = None


# --------------------------------------------------------------------------- JSON


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _spans(spans: tuple[Span, ...]) -> list[list[int]]:
    return [[s, e] for s, e in spans]


def disease_to_dict(d: DiseaseMention) -> dict[str, Any]:
    return {
        "name": d.name,
        "icd10": d.icd10,
        "icd11": d.icd11,
        "pathogen": d.pathogen,
        "variant": d.variant,
        "mentions": _spans(d.mentions),
        "pathogen_mentions": _spans(d.pathogen_mentions),
    }


def location_to_dict(loc: LocationMention) -> dict[str, Any]:
    out = asdict(loc)
    out.pop("salience")
    adjectives = set(loc.demonym_mentions)
    out["mentions"] = _spans(tuple(s for s in loc.mentions if s not in adjectives))
    out["demonym_mentions"] = _spans(loc.demonym_mentions)
    return out


def count_to_dict(c: CountMention) -> dict[str, Any]:
    return {
        "value": c.value,
        "low": c.low,
        "high": c.high,
        "approximate": c.approximate,
        "measure": c.measure,
        "status": c.status,
        "cumulative": c.cumulative,
        "species": c.species,
        "span": list(c.span),
        "date": _iso(c.date),
        "disease": c.disease,
        "country": c.country,
        "admin1": c.admin1,
        "area": c.area,
        "source": c.source,
        "historical": c.historical,
        "scope": c.scope,
        "kind": c.kind,
        "condition": c.condition,
    }


def resource_to_dict(r: ResourceMention) -> dict[str, Any]:
    return {
        "item": r.item,
        "quantity": r.quantity,
        "unit": r.unit,
        "action": r.action,
        "from": r.from_country,
        "to": r.to_country,
        "date": _iso(r.date),
        "span": list(r.span),
    }


def extraction_to_dict(doc: Document, ex: Extraction) -> dict[str, Any]:
    """The JSON record of ``episignal extract`` (see docs/extraction-contract.md)."""
    primary = ex.primary.disease
    return {
        "id": doc.id,
        "published": _iso(doc.published),
        "language": ex.language,
        "title": doc.title,
        "text": doc.text,
        "relevant": ex.relevant,
        "relevance": round(ex.relevance, 4),
        "diseases": [disease_to_dict(d) for d in ex.diseases],
        "locations": [location_to_dict(loc) for loc in ex.locations],
        "dates": [
            {
                "date": d.date.isoformat(),
                "precision": d.precision,
                "text": d.text,
                "span": list(d.span),
            }
            for d in ex.dates
        ],
        "counts": [count_to_dict(c) for c in ex.counts],
        "resources": [resource_to_dict(r) for r in ex.resources],
        "measures": [
            {"kind": m.kind, "country": m.country, "date": _iso(m.date), "span": list(m.span)}
            for m in ex.measures
        ],
        "sources": [{"name": s.name, "kind": s.kind, "span": list(s.span)} for s in ex.sources],
        "primary": {
            "disease": None if primary is None else {"name": primary.name, "icd10": primary.icd10},
            "countries": list(ex.primary.countries),
        },
    }


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A stored document's metadata as events and reports see it."""

    id: str
    url: str | None = None
    title: str | None = None
    source: str | None = None  # outlet
    published: dt.date | None = None
    duplicate_of: str | None = None  # canonical document when this one is a (near-)copy
    outlets: tuple[str, ...] = ()  # this document's outlet plus those of all its copies
    language: str | None = None  # ISO 639-1: the language its quotes are in


@dataclass(frozen=True, slots=True)
class ResponseItem:
    """A public-health measure or a supply/aid movement, as stored per document."""

    document_id: str
    kind: Literal["measure", "resource"]
    span: Span
    quote: str
    data: dict[str, Any]  # the measure's or resource's record of the extraction contract
    disease: str | None = None  # the document's primary disease
    country: str | None = None  # the measure's country, or the resource's recipient
    date: dt.date | None = None
    published: dt.date | None = None
