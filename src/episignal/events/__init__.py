"""Events: facts and reports grouped by disease x country x time, with sourced series,
plausibility flags and scores, updated incrementally.

Public API:

* :func:`refresh_events` — the incremental update over a store (any
  :class:`~episignal.models.backend.EventUpdateBackend`), returning typed deltas;
* :func:`build_events` — both steps in memory over a list of facts (tests, notebooks);
* :func:`rank_signals`, :func:`signal_of` — board rows;
* :func:`explain_document` — where each figure of a document went, or why not;
* :func:`export_events` (in :mod:`episignal.events.export`) — CSV/JSON exports.

The models (:class:`~episignal.models.event.Event` and the rest) are in
:mod:`episignal.models`. This package never imports the store: it takes what it is handed.
"""

from __future__ import annotations

from episignal.events.build import build_event, build_events
from episignal.events.explain import explain_document
from episignal.events.refresh import RefreshResult, refresh_events
from episignal.events.signals import rank_signals, signal_of

__all__ = [
    "RefreshResult",
    "build_event",
    "build_events",
    "explain_document",
    "rank_signals",
    "refresh_events",
    "signal_of",
]
