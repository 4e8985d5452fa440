"""What is new since a moment: parse --since, mark NEW and changed signals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from episignal.errors import ConfigError
from episignal.models.event import Disease
from episignal.models.signal import Signal, change_since
from episignal.watch.whatsnew import as_stamp, parse_since

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


def test_stamp_form() -> None:
    assert as_stamp(datetime(2022, 5, 20, 6, 30, tzinfo=UTC)) == "2022-05-20T06:30:00.000000Z"
    assert as_stamp(date(2022, 5, 20)) == "2022-05-20T00:00:00.000000Z"


def signal(created: str, updated: str) -> Signal:
    day = date(2022, 5, 1)
    return Signal(
        "e", 1, 10.0, "", Disease("cholera"), "HT", day, day, created_at=created, updated_at=updated
    )


def test_changes() -> None:
    since = "2022-06-01T00:00:00.000000Z"
    old = signal("2022-05-01T00:00:00.000000Z", "2022-05-02T00:00:00.000000Z")
    grown = signal("2022-05-01T00:00:00.000000Z", "2022-06-02T00:00:00.000000Z")
    fresh = signal("2022-06-02T00:00:00.000000Z", "2022-06-03T00:00:00.000000Z")
    assert [change_since(s, since) for s in (old, grown, fresh)] == [None, "changed", "new"]
    assert change_since(old, None) == "new"  # no earlier look: everything is new
