"""Analysts' corrections that every event update honours (they survive rescans,
backfills and rebuilds): move a document to another event, merge two events, exclude a
claim from its series."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CorrectionKind = Literal["move_document", "merge_events", "exclude_claim", "include_claim"]


@dataclass(frozen=True, slots=True)
class Correction:
    """A correction as recorded: what, on which event(s), by whom, when, why.

    ``event`` is the event changed (the target of a move or merge, the event of an
    excluded claim); ``other`` the source event of a move or the event merged away;
    ``document`` the moved document; ``claim`` the excluded claim's key.
    """

    kind: CorrectionKind
    event: str
    at: str
    by: str | None = None
    note: str | None = None
    other: str | None = None
    document: str | None = None
    claim: str | None = None


class CorrectionError(ValueError):
    """A correction that cannot be applied (unknown event, document not in the event...)."""
