"""What the event update takes from a store and gives back (see episignal.events.refresh).

The update runs in two steps, both pure functions in ``episignal.events``:

1. per (disease, country) key, :class:`KeyState` -> :class:`KeyPlan`: which documents
   report the outbreak when (their :class:`KeyItem`\\ s), cut into periods of reporting
   (segments); every segment keeps the id it had, so event ids never change;
2. per event, :class:`EventInputs` -> :class:`~episignal.models.event.Event`.

A store implements :class:`episignal.models.backend.EventUpdateBackend` to feed them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from episignal.document import DocumentInfo, Fact, ResponseItem, Span
from episignal.models.event import Event, Exclusion

EventKey: TypeAlias = tuple[str, str]  # (disease key, ISO country code)


@dataclass(frozen=True, slots=True)
class ReportItem:
    """A relevant document names a disease occurring in a country (with or without a
    figure): the extraction's primary disease x each affected country, with the sentence
    that says so and the report's date."""

    id: int
    document_id: str
    disease: str
    country: str
    span: Span
    quote: str
    icd10: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class KeyItem:
    """One fact or report of a key, as step 1 needs it: who, when, and whether it is an
    observation an event may be built on (``scope``/``kind`` of a figure)."""

    document: str
    date: dt.date | None  # the report date: publication date, else the text's as-of date
    source: Literal["fact", "report"]
    scope: str | None = None
    kind: str | None = None
    admin1: str | None = None
    exclusion: str | None = None  # why extraction keeps the figure out of every series


@dataclass(frozen=True, slots=True)
class Membership:
    """A document's place in a key: its report date, its segment and event.

    ``segment`` is None when an analyst moved the document: it then belongs to ``event``
    whatever the segments do.
    """

    document: str
    key: EventKey
    date: dt.date
    segment: str | None
    event: str


@dataclass(frozen=True, slots=True)
class KeyState:
    """Everything step 1 needs about one key."""

    key: EventKey
    items: tuple[KeyItem, ...]
    memberships: Mapping[str, Membership] = field(default_factory=dict)  # by document
    segment_events: Mapping[str, str] = field(default_factory=dict)  # segment -> event
    moves: Mapping[str, str] = field(default_factory=dict)  # document -> event (analyst)
    taken_ids: frozenset[str] = frozenset()  # ids in use or retired, new ids avoid them


@dataclass(frozen=True, slots=True)
class KeyPlan:
    """Step 1's result for one key.

    ``memberships``: every document of the key and where it now belongs;
    ``segment_events``: segment -> event of every segment in use (new ones included);
    ``merged_segments``: retired segment -> the segment that absorbed it (a report
    bridged the gap between them); ``split_from``: new event -> the event it split from;
    ``events``: every event whose content may have changed (before or after).
    """

    key: EventKey
    memberships: tuple[Membership, ...]
    segment_events: Mapping[str, str]
    merged_segments: Mapping[str, str] = field(default_factory=dict)
    split_from: Mapping[str, str] = field(default_factory=dict)
    events: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class EventPeriod:
    """Another event of the same disease and country (for novelty)."""

    id: str
    first_seen: dt.date
    last_seen: dt.date


@dataclass(frozen=True, slots=True)
class EventInputs:
    """Everything step 2 needs to build one event.

    ``facts``/``reports`` are those of the event's member documents in the event's keys;
    ``responses`` those of member documents, plus those of other documents in the event's
    country within 14 days of its reports; ``documents`` every document cited, with the
    outlets of its copies; ``exclusions`` by claim key; ``coverage_since`` the first report
    date of any disease in the country (how far back novelty can be vouched for); ``previous`` the event as stored
    before this update (None for a new one).
    """

    event_id: str
    key: EventKey
    memberships: tuple[Membership, ...]
    facts: tuple[Fact, ...] = ()
    reports: tuple[ReportItem, ...] = ()
    responses: tuple[ResponseItem, ...] = ()
    documents: tuple[DocumentInfo, ...] = ()
    exclusions: Mapping[str, Exclusion] = field(default_factory=dict)
    neighbours: tuple[EventPeriod, ...] = ()
    coverage_since: dt.date | None = None  # the first report the database holds from the country
    previous: Event | None = None
    split_from: str | None = None
    merged_from: tuple[str, ...] = ()
    created_at: str | None = None
