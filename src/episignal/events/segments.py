"""Step 1 of an event update: cut a key's documents into periods of reporting, keeping ids.

A key is (disease, country). Its documents — those with a report or an admitted figure
of the key — are sorted by report date and cut wherever consecutive reports are more than
``gap_days`` apart: each run is a *segment*, and a segment is an event (or part of one,
after an analyst merged events).

Ids never change once given. A segment recomputed from the documents takes the id of the
stored segment most of its documents belonged to (documents vote; a document an analyst
moved does not). So:

* a new or backfilled report joins its segment, whose id stays;
* a report that bridges two segments merges them: the older keeps its id, the other is
  retired and redirects to it;
* a segment whose documents now fall into two runs (a document was replaced) splits: the
  run with most of its documents keeps the id, the other gets a new one (``split_from``);
* a document an analyst moved stays in the event it was moved to.

New ids are ``evt-`` + 12 hex digits of SHA-1 of key, first report date and first document:
a fresh database scanned in the same order gets the same ids.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from episignal.events.admission import item_admitted
from episignal.models.inputs import EventKey, KeyItem, KeyPlan, KeyState, Membership

Run = list[tuple[date, str]]  # (report date, document id), sorted


def contributions(items: Iterable[KeyItem]) -> dict[str, date]:
    """Per document, the earliest report date of its admitted items."""
    out: dict[str, date] = {}
    for item in items:
        if item_admitted(item) and item.date is not None:
            known = out.get(item.document)
            out[item.document] = item.date if known is None else min(known, item.date)
    return out


def runs_by_gap(dated: Sequence[tuple[date, str]], gap_days: int) -> list[Run]:
    """Sorted (date, document) pairs cut where consecutive dates are > gap_days apart."""
    runs: list[Run] = []
    for when, doc in sorted(dated):
        if not runs or (when - runs[-1][-1][0]).days > gap_days:
            runs.append([])
        runs[-1].append((when, doc))
    return runs


def new_id(key: EventKey, first: date, document: str, taken: Iterable[str]) -> str:
    """A fresh event id, never one in ``taken``."""
    used = set(taken)
    salt = 0
    while True:
        raw = f"{key[0]}|{key[1]}|{first.isoformat()}|{document}" + (f"|{salt}" if salt else "")
        candidate = "evt-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]
        if candidate not in used:
            return candidate
        salt += 1


def plan_key(state: KeyState, gap_days: int = 60) -> KeyPlan:
    """Step 1 for one key (see the module docstring)."""
    dated = contributions(state.items)
    moved = {doc: state.moves[doc] for doc in dated if doc in state.moves}
    runs = runs_by_gap([(d, doc) for doc, d in dated.items() if doc not in moved], gap_days)
    votes = [_votes(run, state.memberships) for run in runs]
    owners = _owners(votes)
    starts = _segment_starts(state.memberships.values())
    taken = set(state.taken_ids) | set(state.segment_events) | set(state.segment_events.values())
    segment_events: dict[str, str] = {}
    merged: dict[str, str] = {}
    split_from: dict[str, str] = {}
    memberships: list[Membership] = []
    for i, run in enumerate(runs):
        owned = [s for s in votes[i] if owners[s] == i]
        if owned:
            segment = min(owned, key=lambda s: (starts.get(s, date.max), s))
            merged.update({s: segment for s in owned if s != segment})
            event = state.segment_events.get(segment, segment)
        else:
            segment = new_id(state.key, run[0][0], run[0][1], taken)
            taken.add(segment)
            event = segment
            if votes[i]:
                origin = votes[i].most_common(1)[0][0]
                split_from[event] = state.segment_events.get(origin, origin)
        segment_events[segment] = event
        memberships.extend(Membership(doc, state.key, when, segment, event) for when, doc in run)
    memberships.extend(
        Membership(doc, state.key, dated[doc], None, target) for doc, target in moved.items()
    )
    before = {m.event for m in state.memberships.values()}
    after = {m.event for m in memberships}
    return KeyPlan(
        key=state.key,
        memberships=tuple(memberships),
        segment_events=segment_events,
        merged_segments=merged,
        split_from=split_from,
        events=frozenset(before | after),
    )


def _votes(run: Run, previous: Mapping[str, Membership]) -> Counter[str]:
    votes: Counter[str] = Counter()
    for _, doc in run:
        known = previous.get(doc)
        if known is not None and known.segment is not None:
            votes[known.segment] += 1
    return votes


def _owners(votes: Sequence[Counter[str]]) -> dict[str, int]:
    """Per stored segment, the run with most of its documents (ties: the earliest run)."""
    best: dict[str, tuple[int, int]] = {}
    for i, counter in enumerate(votes):
        for segment, n in counter.items():
            if segment not in best or n > best[segment][0]:
                best[segment] = (n, i)
    return {segment: i for segment, (_, i) in best.items()}


def _segment_starts(memberships: Iterable[Membership]) -> dict[str, date]:
    starts: dict[str, date] = defaultdict(lambda: date.max)
    for m in memberships:
        if m.segment is not None:
            starts[m.segment] = min(starts[m.segment], m.date)
    return dict(starts)
