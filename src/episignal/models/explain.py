"""Where each figure of a document went, or why it went nowhere (``episignal explain``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from episignal.document import Span

Fate = Literal["placed", "excluded", "not_placed", "not_stored"]


@dataclass(frozen=True, slots=True)
class FigureFate:
    """One figure of a document's extraction and what became of it.

    ``fate``: ``placed`` (a claim of a series point: ``event``, ``series``, ``date``;
    ``chosen`` when the point takes its value), ``excluded`` (placed, then excluded by an
    analyst: ``reason``), ``not_placed`` (stored as a fact, kept out of every series:
    ``reason``), ``not_stored`` (not a fact at all: ``reason``).
    """

    value: int
    measure: str
    span: Span
    quote: str
    fate: Fate
    reason: str = ""
    event: str | None = None
    series: str | None = None  # the series' label ("cases, total in Kano")
    date: dt.date | None = None
    chosen: bool = False
    fact: int | None = None


@dataclass(frozen=True, slots=True)
class DocumentFates:
    """A document's figures with their fates, and the events it reports to."""

    document: str
    status: str
    figures: tuple[FigureFate, ...]
    events: tuple[str, ...] = ()
    note: str = ""  # why a whole document contributes nothing (duplicate, irrelevant...)
