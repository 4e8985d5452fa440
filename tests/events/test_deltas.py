"""Deltas between two builds of an event: what the board's markers and alerts read."""

from __future__ import annotations

from dataclasses import replace

from episignal.events import build_events
from episignal.events.deltas import event_deltas
from episignal.models import Event, Flag
from tests.events.factories import doc, fact


def outbreak(*values: int) -> Event:
    docs = [doc(f"d{i}", f"2022-05-{10 + i:02d}") for i in range(len(values))]
    (event,) = build_events([fact(d, v) for d, v in zip(docs, values, strict=True)], docs)
    return event


def test_a_new_event_is_one_created_delta() -> None:
    event = outbreak(100)
    (created,) = event_deltas(None, event, None, 10.0)
    assert (created.kind, created.event, created.country) == ("event_created", event.id, "KP")  # type: ignore[union-attr]


def test_new_and_changed_figures() -> None:
    before, after = outbreak(100), outbreak(100, 250)
    (added,) = event_deltas(before, after, 10.0, 10.0)
    assert added.kind == "figure_added" and (added.value, added.previous) == (250, None)  # type: ignore[union-attr]
    assert added.document == "d1" and added.quote  # type: ignore[union-attr]


def test_flags_raised_and_cleared_and_score_changes() -> None:
    before = outbreak(100)
    flag = Flag("growth_jump", "warning", "x10 in a day", {}, "Kano")
    after = replace(before, flags=(flag,), score=before.score + 5)
    kinds = [d.kind for d in event_deltas(before, after, 10.0, 15.0)]
    assert kinds == ["flag_raised", "score_changed"]
    cleared = event_deltas(after, before, 15.0, 15.0)
    assert [(d.kind, d.flag, d.admin1) for d in cleared] == [
        ("flag_cleared", "growth_jump", "Kano")
    ]  # type: ignore[union-attr]
