"""The process cache of event pages and records: bounded, and never stale (keyed on the
event store's stamp, which changes with the event's content and score)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from serve_fixtures import csrf_of

from episignal.serve.cache import LRU


def test_the_least_recently_used_entries_go_first_by_weight() -> None:
    cache: LRU[str] = LRU(10, len)
    built: list[str] = []

    def build(value: str) -> str:
        built.append(value)
        return value

    assert cache.get("a", lambda: build("aaaa")) == "aaaa"
    cache.get("b", lambda: build("bbbb"))
    cache.get("a", lambda: build("never"))  # a hit: "a" is now the most recent
    cache.get("c", lambda: build("cccc"))  # 12 > 10: "b" goes
    assert built == ["aaaa", "bbbb", "cccc"] and cache.used == 8
    cache.get("b", lambda: build("bbbb"))
    assert built[-1] == "bbbb" and (cache.hits, cache.misses) == (1, 4)
    cache.get("huge", lambda: build("x" * 11))  # heavier than the cache: not kept
    cache.get("huge", lambda: build("x" * 11))
    assert built.count("x" * 11) == 2 and cache.used <= 10


def test_a_cached_event_page_shows_a_correction_at_once(analyst: TestClient, kp: str) -> None:
    first = analyst.get(f"/events/{kp}").text
    assert analyst.get(f"/events/{kp}").text == first  # served from the cache
    caches = analyst.app.state.db.caches  # type: ignore[attr-defined]
    assert caches.pages.hits >= 1
    event = analyst.get(f"/api/v1/events/{kp}").json()
    claim = event["series"][0]["points"][0]["claims"][0]["key"]
    form = {"csrf_token": csrf_of(first), "claim": claim, "reason": "a typo in the bulletin"}
    assert analyst.post(f"/events/{kp}/exclude", data=form).status_code == 200
    after = analyst.get(f"/events/{kp}").text
    assert "a typo in the bulletin" in after and "a typo in the bulletin" not in first
    record = analyst.get(f"/api/v1/events/{kp}").json()
    claims = {c["key"]: c for s in record["series"] for p in s["points"] for c in p["claims"]}
    assert claims[claim]["excluded"]["reason"] == "a typo in the bulletin"
