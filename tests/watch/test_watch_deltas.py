"""The event store's logged deltas as alert deltas: one per change that matters."""

from __future__ import annotations

from datetime import date

from episignal.models.delta import (
    Delta,
    EventCreated,
    EventMerged,
    FigureAdded,
    FlagCleared,
    FlagRaised,
    LoggedDelta,
    ScoreChanged,
)
from episignal.models.event import Disease, DocumentRef, Event, Flag, Latest, Point, Series
from episignal.watch.deltas import alert_deltas

D1, D2 = date(2022, 5, 12), date(2022, 5, 15)


def cases(*points: tuple[date, int], admin1: str | None = None) -> Series:
    return Series(
        "cases",
        "total",
        admin1=admin1,
        points=tuple(Point(day, value, n, ()) for n, (day, value) in enumerate(points)),
    )


EVENT = Event(
    id="evt-kp",
    disease=Disease("COVID-19", "U07.1"),
    country="KP",
    first_seen=D1,
    last_seen=D2,
    series=(cases((D1, 1_200_000), (D2, 2_900_000)), cases((D2, 5_000), admin1="Pyongyang")),
    documents=(
        DocumentRef("kcna-1", url="http://127.0.0.1/1", title="Fever spreads", published=D1),
        DocumentRef("rfa-2", url="http://127.0.0.1/2", title="2.9 million", published=D2),
    ),
    latest=Latest({"cases": 2_900_000, "deaths": 68}, as_of=D2),
    flags=(Flag("implausible_cfr", "warning", "68 deaths for 2.9 million cases"),),
    score=71.0,
    reason="COVID-19 in KP",
)


def logged(*deltas: Delta, start: int = 1) -> list[LoggedDelta]:
    return [LoggedDelta(start + n, "2022-05-15T00:00:00Z", d) for n, d in enumerate(deltas)]


def lookup(event_id: str) -> Event | None:
    return EVENT if event_id == EVENT.id else None


def figure(day: date, value: int, document: str = "rfa-2", **more: object) -> FigureAdded:
    return FigureAdded(EVENT.id, "cases", "total", day, value, document, "q", **more)  # type: ignore[arg-type]


def test_a_new_event_is_one_delta_whatever_came_with_it() -> None:
    page = logged(
        EventCreated(EVENT.id, "COVID-19", "KP", 71.0),
        figure(D1, 1_200_000, "kcna-1"),
        figure(D2, 2_900_000),
        FlagRaised(EVENT.id, "implausible_cfr", "warning", "CFR far below"),
    )
    deltas = alert_deltas(page, lookup)
    assert [(x.kind, x.key) for x in deltas] == [
        ("new_event", "new_event:1"),
        ("flag_raised", "flag_raised:4"),
    ]
    assert [doc.id for doc in deltas[0].documents] == ["kcna-1", "rfa-2"]
    assert deltas[0].event.cumulative_cases == ((D1, 1_200_000), (D2, 2_900_000))
    assert deltas[0].event.areas == ("Pyongyang",)
    assert deltas[1].message == "CFR far below"


def test_new_figures_are_the_newest_point_of_each_series_with_the_value_before() -> None:
    page = logged(
        figure(D1, 1_200_000, "kcna-1"),  # a back-filled older day: no alert of its own
        figure(D2, 2_900_000),
        FigureAdded(EVENT.id, "cases", "total", D2, 5_000, "rfa-2", "q", admin1="Pyongyang"),
        start=10,
    )
    deltas = alert_deltas(page, lookup)
    assert [(x.kind, x.key, x.admin1) for x in deltas] == [
        ("new_figure", "new_figure:11", None),
        ("new_figure", "new_figure:12", "Pyongyang"),
    ]
    national = deltas[0]
    assert (national.measure, national.value, national.previous) == ("cases", 2_900_000, 1_200_000)
    assert [doc.id for doc in national.documents] == ["kcna-1", "rfa-2"]
    assert national.describe() == "COVID-19 in KP: cases 2,900,000 (was 1,200,000)"
    assert deltas[1].describe() == "COVID-19 in KP/Pyongyang: cases 5,000"


def test_an_older_point_alone_is_not_an_alert() -> None:
    assert alert_deltas(logged(figure(D1, 1_200_000, "kcna-1")), lookup) == []


def test_new_counts_are_named_new_and_a_changed_point_keeps_its_old_value() -> None:
    new_deaths = FigureAdded(EVENT.id, "deaths", "new", D2, 8, "rfa-2", "q")
    changed = figure(D2, 2_900_000, previous=2_800_000)
    event = Event(
        **{
            **_fields(EVENT),
            "series": (*EVENT.series, Series("deaths", "new", points=(Point(D2, 8, 9, ()),))),
        }
    )
    deltas = alert_deltas(logged(new_deaths, changed), lambda _: event)
    assert [(x.measure, x.value, x.previous) for x in deltas] == [
        ("new_deaths", 8, None),
        ("cases", 2_900_000, 2_800_000),
    ]


def test_scores_count_from_a_step_and_flags_both_ways() -> None:
    small = logged(ScoreChanged(EVENT.id, 65.0, 71.0))
    assert alert_deltas(small, lookup) == []
    page = logged(
        ScoreChanged(EVENT.id, 40.0, 55.0),
        ScoreChanged(EVENT.id, 55.0, 71.0),
        FlagCleared(EVENT.id, "growth_jump"),
    )
    score, cleared = alert_deltas(page, lookup)
    assert (score.kind, score.previous, score.value, score.key) == (
        "score_change",
        40.0,
        71.0,
        "score_change:2",
    )
    assert (cleared.kind, cleared.flag) == ("flag_cleared", "growth_jump")


def test_merged_and_vanished_events_alert_nothing() -> None:
    page = logged(EventMerged(EVENT.id, "evt-old"), EventCreated("evt-gone", "Ebola", "UG", 50.0))
    assert alert_deltas(page, lookup) == []


def _fields(event: Event) -> dict[str, object]:
    return {name: getattr(event, name) for name in event.__dataclass_fields__}
