"""Events: facts grouped by disease x place x time, with sourced series, flags and scores.

Public API:

* :func:`build_events` — event records (JSON contract in docs/events.md) from stored facts;
* :func:`rank_signals` — events ranked for triage (rows of ``episignal signals``);
* :func:`export_events` (in :mod:`episignal.events.export`) — CSV/JSON exports.
"""

from __future__ import annotations

from episignal.events.build import build_events
from episignal.events.signals import rank_signals

__all__ = ["build_events", "rank_signals"]
