"""Properties of build_events over random fact sets."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from episignal.document import DocumentInfo, Fact
from episignal.events import build_events
from episignal.models.codec import event_from_json, event_to_json

DISEASES = [("COVID-19", "U07.1"), ("Cholera", "A00"), ("Ebola virus disease", "A98.4")]

fact_args = st.tuples(
    st.integers(0, 9),  # document
    st.integers(0, 3_000_000),  # value
    st.sampled_from(["cases", "deaths", "recovered", "active"]),
    st.sampled_from([True, False, None]),
    st.sampled_from([None, "confirmed", "suspected"]),
    st.sampled_from(DISEASES),
    st.sampled_from(["KP", "CN", None]),
    st.sampled_from(["WHO", "state media", "Radio", None]),
)


def make_fact(**fields: Any) -> Fact:
    return Fact(**fields)


@settings(max_examples=60, deadline=None)
@given(st.lists(fact_args, max_size=40), st.lists(st.integers(0, 400), min_size=10, max_size=10))
def test_every_kept_fact_lands_in_one_point_of_one_event(
    rows: list[tuple[Any, ...]], offsets: list[int]
) -> None:
    docs = [
        DocumentInfo(
            id=f"d{i}", source=f"outlet{i % 3}", published=date(2022, 1, 1) + timedelta(days=o)
        )
        for i, o in enumerate(offsets)
    ]
    facts = [
        make_fact(
            id=i,
            document_id=f"d{d}",
            value=v,
            measure=m,
            span=(0, 1),
            quote="q",
            cumulative=c,
            status=s,
            disease=dis[0],
            icd10=dis[1],
            country=country,
            source=src,
            published=docs[d].published,
        )
        for i, (d, v, m, c, s, dis, country, src) in enumerate(rows)
    ]
    events = build_events(facts, docs, [])
    seen = [fid for e in events for fid in e.fact_ids]
    assert len(seen) == len(set(seen))
    assert set(seen) <= {f.id for f in facts}
    # a fact with a country always survives (its disease is always given here)
    assert {f.id for f in facts if f.country is not None} <= set(seen)
    assert len({e.id for e in events}) == len(events)
    for e in events:
        assert 0 <= e.score <= 100 and e.reason
        claims = [c.fact for _, _, c in e.claims()]
        assert sorted(claims) == list(e.fact_ids)
        for s in e.series:
            assert [p.date for p in s.points] == sorted({p.date for p in s.points})
            for p in s.points:
                assert p.value in {c.value for c in p.claims}
                assert p.disagreement == (len({c.value for c in p.claims}) > 1)
        assert e.first_seen <= e.last_seen
        assert event_from_json(event_to_json(e)) == e
    assert [e.score for e in events] == sorted((e.score for e in events), reverse=True)
