"""What is new since a moment: parse --since, mark NEW and changed signals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from episignal.errors import ConfigError
from episignal.store.watch_status import EventArrival
from episignal.watch.whatsnew import as_created_at, change_of, mark_changes, parse_since

NOW = datetime(2022, 6, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "last_run", "expected"),
    [
        ("7d", None, datetime(2022, 6, 3, 12, 0, tzinfo=UTC)),
        ("12h", None, datetime(2022, 6, 10, 0, 0, tzinfo=UTC)),
        ("2022-05-20", None, datetime(2022, 5, 20, tzinfo=UTC)),
        ("2022-05-20T08:30:00+02:00", None, datetime(2022, 5, 20, 6, 30, tzinfo=UTC)),
        ("last-run", "2022-06-09T08:00:00+00:00", datetime(2022, 6, 9, 8, 0, tzinfo=UTC)),
        ("last-run", None, None),
    ],
)
def test_parse_since(text: str, last_run: str | None, expected: datetime | None) -> None:
    assert parse_since(text, NOW, last_run) == expected


def test_parse_since_names_what_it_accepts() -> None:
    with pytest.raises(ConfigError, match="use last-run, a date"):
        parse_since("yesterday", NOW, None)


def test_created_at_form() -> None:
    assert as_created_at(datetime(2022, 5, 20, 6, 30, tzinfo=UTC)) == "2022-05-20T06:30:00.000Z"
    assert as_created_at(date(2022, 5, 20)) == "2022-05-20T00:00:00.000Z"


def test_changes() -> None:
    since = "2022-06-01T00:00:00.000Z"
    old = EventArrival("2022-05-01T00:00:00.000Z", "2022-05-02T00:00:00.000Z")
    grown = EventArrival("2022-05-01T00:00:00.000Z", "2022-06-02T00:00:00.000Z")
    fresh = EventArrival("2022-06-02T00:00:00.000Z", "2022-06-03T00:00:00.000Z")
    assert [change_of(a, since) for a in (old, grown, fresh, None)] == [
        None,
        "changed",
        "new",
        None,
    ]
    assert change_of(old, None) == "new"  # no moment: everything is new
    rows = [
        {"event": "a", "areas": [{"admin1": "Kano", "event": "k"}]},
        {"event": "b", "areas": []},
    ]
    marked = mark_changes(rows, {"a": old, "k": fresh, "b": old}, since)
    assert [r["change"] for r in marked] == ["changed", None]  # a province's news counts
