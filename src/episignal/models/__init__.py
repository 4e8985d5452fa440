"""Typed models shared by the store, events, report, CLI, web app and watcher.

* :mod:`~episignal.models.event` — :class:`Event`, :class:`Series`, :class:`Point`,
  :class:`Claim`, :class:`Flag`, :class:`Latest` and the entries of an event's timeline;
* :mod:`~episignal.models.signal` — :class:`Signal` (a board row), :class:`Triage`;
* :mod:`~episignal.models.delta` — typed deltas of an event update;
* :mod:`~episignal.models.query` — :class:`EventQuery` (the one query layer), :class:`Page`;
* :mod:`~episignal.models.corrections` — analysts' corrections;
* :mod:`~episignal.models.explain` — the fate of each figure of a document;
* :mod:`~episignal.models.document_view` — a document as its page shows it;
* :mod:`~episignal.models.inputs` — what the event update takes from a store;
* :mod:`~episignal.models.backend` — the Protocols a store implements;
* :mod:`~episignal.models.codec` — the JSON contract.

Models sit beside ``episignal.document``: the store, the events package and every front end
import them; they import nothing of the package but ``episignal.document``.
"""

from __future__ import annotations

from episignal.models.corrections import Correction, CorrectionError
from episignal.models.delta import (
    Delta,
    EventCreated,
    EventMerged,
    EventRemoved,
    FigureAdded,
    FlagCleared,
    FlagRaised,
    LoggedDelta,
    ScoreChanged,
)
from episignal.models.document_view import DocumentView
from episignal.models.event import (
    Claim,
    Disease,
    DocumentRef,
    Event,
    EventReport,
    Exclusion,
    Flag,
    Latest,
    MeasureEntry,
    Point,
    ResourceEntry,
    Series,
    SeriesKind,
    Severity,
    disease_key,
)
from episignal.models.explain import DocumentFates, FigureFate
from episignal.models.inputs import EventKey, ReportItem
from episignal.models.query import EventQuery, Page, QueryError, parse_query
from episignal.models.signal import TRIAGE_STATUSES, Signal, Triage, TriageStatus

__all__ = [
    "TRIAGE_STATUSES",
    "Claim",
    "Correction",
    "CorrectionError",
    "Delta",
    "Disease",
    "DocumentFates",
    "DocumentRef",
    "DocumentView",
    "Event",
    "EventCreated",
    "EventKey",
    "EventMerged",
    "EventQuery",
    "EventRemoved",
    "EventReport",
    "Exclusion",
    "FigureAdded",
    "FigureFate",
    "Flag",
    "FlagCleared",
    "FlagRaised",
    "Latest",
    "LoggedDelta",
    "MeasureEntry",
    "Page",
    "Point",
    "QueryError",
    "ReportItem",
    "ResourceEntry",
    "ScoreChanged",
    "Series",
    "SeriesKind",
    "Severity",
    "Signal",
    "Triage",
    "TriageStatus",
    "disease_key",
    "parse_query",
]
