"""Every JSON API endpoint, with a session and with an API token."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from serve_fixtures import event_id, log_in

from episignal.store import Store
from episignal.store.accounts import Accounts


@pytest.fixture
def token(db: Path) -> str:
    with Store.open(db) as store:
        accounts = Accounts(store.conn)
        return accounts.create_token(accounts.require("ana"), "tests")


@pytest.fixture
def api(app_client: TestClient, token: str) -> TestClient:
    app_client.headers["authorization"] = f"Bearer {token}"
    return app_client


def test_health_needs_no_login(app_client: TestClient) -> None:
    response = app_client.get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_me_names_the_token_owner(api: TestClient) -> None:
    assert api.get("/api/v1/me").json() == {
        "username": "ana", "role": "analyst", "via": "token", "csrf_token": None
    }  # fmt: skip


def test_events_are_ranked_paged_and_filtered(api: TestClient) -> None:
    everything = api.get("/api/v1/events", params={"per_page": 500}).json()
    assert everything["total"] == len(everything["items"]) > 10
    scores = [e["score"] for e in everything["items"]]
    assert scores == sorted(scores, reverse=True)
    page2 = api.get("/api/v1/events", params={"per_page": 5, "page": 2}).json()
    assert [e["id"] for e in page2["items"]] == [e["id"] for e in everything["items"][5:10]]
    assert page2["pages"] == -(-everything["total"] // 5)
    kp = api.get("/api/v1/events", params={"country": "kp"}).json()["items"]
    assert {(e["disease"], e["country"]) for e in kp} == {("COVID-19", "KP")}
    assert kp[0]["cases"] == 3_700_000 and "implausible_cfr" in kp[0]["flags"]
    flagged = api.get("/api/v1/events", params={"flag": "implausible_cfr"}).json()["items"]
    assert all("implausible_cfr" in e["flags"] for e in flagged) and flagged
    by_words = api.get("/api/v1/events", params={"q": "cholera"}).json()["items"]
    assert [e["country"] for e in by_words] == ["MW"]
    by_date = api.get("/api/v1/events", params={"since": "2023-09-01"}).json()["items"]
    assert by_date and all(e["last_seen"] >= "2023-09-01" for e in by_date)
    coded = api.get("/api/v1/events", params={"disease": "a98"}).json()["items"]  # ICD-10 code
    assert coded and all(e["icd10"] == "A98" for e in coded)
    named = api.get("/api/v1/events", params={"disease": "ebola VIRUS disease"}).json()["items"]
    assert [e["disease"] for e in named] == ["Ebola virus disease"]
    assert api.get("/api/v1/events", params={"min_score": 40}).json()["total"] == 1
    by_disease = api.get("/api/v1/events", params={"sort": "disease", "per_page": 500}).json()
    names = [e["disease"].lower() for e in by_disease["items"]]
    assert names == sorted(names)


def test_bad_filter_values_are_refused_with_422(api: TestClient) -> None:
    for params in ({"since": "yesterday"}, {"status": "closed"}, {"per_page": 0}, {"sort": "id"}):
        assert api.get("/api/v1/events", params=params).status_code == 422, params


def test_signals_carry_their_rank(api: TestClient) -> None:
    body = api.get("/api/v1/signals", params={"per_page": 3, "page": 2}).json()
    assert [s["rank"] for s in body["items"]] == [4, 5, 6]


def test_one_event_and_its_series(api: TestClient, kp: str) -> None:
    event = api.get(f"/api/v1/events/{kp}").json()
    assert event["id"] == kp and event["country"] == "KP"
    assert event["latest"]["deaths"] == 70
    series = api.get(f"/api/v1/events/{kp}/series").json()
    assert series == event["series"]
    assert all(c["key"].startswith(c["document"]) for p in series for c in p["claims"])
    assert api.get("/api/v1/events/evt-nope").status_code == 404
    assert api.get("/api/v1/events/evt-nope/series").status_code == 404


def test_triage_round_trip_with_history(api: TestClient, kp: str) -> None:
    assert api.get(f"/api/v1/events/{kp}/triage").json()["triage"]["status"] == "new"
    change = {"status": "monitoring", "assignee": "ana", "tags": ["KP ", "covid"], "note": "watch"}
    body = api.patch(f"/api/v1/events/{kp}/triage", json=change).json()
    assert body["triage"]["status"] == "monitoring"
    assert body["triage"]["assignee"] == "ana"
    assert body["triage"]["tags"] == ["covid", "kp"]
    assert [n["body"] for n in body["notes"]] == ["watch"]
    actions = [(h["action"], h["old_value"], h["new_value"]) for h in body["history"]]
    assert ("status", "new", "monitoring") in actions
    assert ("assignee", None, "ana") in actions
    note = api.post(f"/api/v1/events/{kp}/notes", json={"body": "second"}).json()
    assert note["author"] == "ana" and note["body"] == "second"
    assert api.patch(f"/api/v1/events/{kp}/triage", json={"status": "closed"}).status_code == 422
    rows = api.get("/api/v1/events", params={"status": "monitoring"}).json()["items"]
    assert [(r["id"], r["assignee"], r["tags"]) for r in rows] == [(kp, "ana", ["covid", "kp"])]
    assert api.get("/api/v1/events", params={"tag": "covid"}).json()["total"] == 1
    assert api.get("/api/v1/events", params={"assignee": "ana"}).json()["total"] == 1


def test_excluding_a_claim_recomputes_the_point_and_is_reversible(api: TestClient, kp: str) -> None:
    event = api.get(f"/api/v1/events/{kp}").json()
    point = next(p for p in event["series"] if p["measure"] == "deaths" and p["cumulative"])
    claim = max(point["claims"], key=lambda c: c["value"])
    others = [c["value"] for c in point["claims"] if c["key"] != claim["key"]]
    body = {"claim": claim["key"], "reason": "misread"}
    assert api.post(f"/api/v1/events/{kp}/exclusions", json=body).json() == {"changed": True}
    after = api.get(f"/api/v1/events/{kp}").json()
    same = next(
        p
        for p in after["series"]
        if p["date"] == point["date"] and p["measure"] == "deaths" and p["cumulative"]
    )
    excluded = next(c for c in same["claims"] if c["key"] == claim["key"])
    assert excluded["excluded"] and excluded["excluded_reason"] == "misread"
    assert same["excluded"] is (not others)
    if others:
        assert same["value"] in others
    bogus = {"claim": "no-such-claim", "reason": "x"}
    assert api.post(f"/api/v1/events/{kp}/exclusions", json=bogus).status_code == 404
    restored = api.delete(f"/api/v1/events/{kp}/exclusions", params={"claim": claim["key"]})
    assert restored.json() == {"changed": True}
    again = api.get(f"/api/v1/events/{kp}").json()
    assert not any(c["excluded"] for p in again["series"] for c in p["claims"])


def test_move_a_document_and_merge_events(api: TestClient, db: Path, kp: str) -> None:
    china = event_id(db, "CN", "COVID-19")
    kp_event = api.get(f"/api/v1/events/{kp}").json()
    doc = next(
        d["id"]
        for d in kp_event["documents"]
        if any(c["document"] == d["id"] for p in kp_event["series"] for c in p["claims"])
    )
    moved = api.post(f"/api/v1/events/{kp}/moves", json={"document": doc, "to_event": china})
    assert moved.status_code == 200
    assert doc not in {d["id"] for d in api.get(f"/api/v1/events/{kp}").json()["documents"]}
    cn_event = api.get(f"/api/v1/events/{china}").json()
    assert doc in {d["id"] for d in cn_event["documents"]}
    assert any(c["document"] == doc for p in cn_event["series"] for c in p["claims"])
    merged = api.post(f"/api/v1/events/{china}/merge", json={"into": kp})
    assert merged.status_code == 200
    redirect = api.get(f"/api/v1/events/{china}", follow_redirects=False)
    assert redirect.status_code == 308 and redirect.headers["location"].endswith(kp)
    whole = api.get(f"/api/v1/events/{kp}").json()
    assert whole["merged"] == [china] and doc in {d["id"] for d in whole["documents"]}
    assert china not in {
        e["id"] for e in api.get("/api/v1/events", params={"per_page": 500}).json()["items"]
    }
    assert api.post(f"/api/v1/events/{kp}/merge", json={"into": kp}).status_code == 400
    audit = api.get("/api/v1/audit", params={"event": kp}).json()
    assert {"absorb", "receive_document"} <= {a["action"] for a in audit} or {"absorb"} <= {
        a["action"] for a in audit
    }


def test_documents_search_list_and_one(api: TestClient, kp: str) -> None:
    found = api.get("/api/v1/documents", params={"q": "cholera Malawi"}).json()
    assert found["total"] >= 1 and "[[" in found["items"][0]["snippet"]
    listed = api.get("/api/v1/documents", params={"per_page": 3}).json()
    assert len(listed["items"]) == 3 and listed["total"] >= 3
    published = [d["published"] or "" for d in listed["items"]]
    assert published == sorted(published, reverse=True)
    doc_id = api.get(f"/api/v1/events/{kp}").json()["series"][0]["claims"][0]["document"]
    doc = api.get(f"/api/v1/documents/{doc_id}").json()
    assert doc["id"] == doc_id and doc["text"] and doc["extraction"]["counts"]
    assert kp in {e["id"] for e in doc["events"]}
    assert api.get("/api/v1/documents/nope").status_code == 404


def test_audit_lists_changes_newest_first(api: TestClient, kp: str) -> None:
    api.patch(f"/api/v1/events/{kp}/triage", json={"status": "verified"})
    api.patch(f"/api/v1/events/{kp}/triage", json={"status": "escalated"})
    rows = api.get("/api/v1/audit", params={"actor": "ana"}).json()
    assert [(r["old_value"], r["new_value"]) for r in rows[:2]] == [
        ("verified", "escalated"), ("new", "verified")
    ]  # fmt: skip
    assert api.get("/api/v1/audit", params={"actor": "nobody"}).json() == []


def test_exports_follow_the_filters(api: TestClient) -> None:
    response = api.get("/api/v1/export/events.csv", params={"flag": "implausible_cfr"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and all("implausible_cfr" in r["flags"] for r in rows)
    everything = api.get("/api/v1/export/events.json").json()
    assert len(everything) == api.get("/api/v1/events").json()["total"]
    assert json.loads(api.get("/api/v1/export/events.json", params={"country": "ZZ"}).text) == []


def test_openapi_and_docs_describe_every_endpoint(analyst: TestClient) -> None:
    spec = analyst.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/v1/events", "/api/v1/signals", "/api/v1/events/{event_id}/series",
            "/api/v1/documents", "/api/v1/events/{event_id}/triage", "/api/v1/audit",
            "/api/v1/export/events.csv"} <= paths  # fmt: skip
    docs = analyst.get("/docs")
    assert docs.status_code == 200
    for path in paths:
        assert path in docs.text


def test_session_cookie_writes_need_the_csrf_header(analyst: TestClient, kp: str) -> None:
    url = f"/api/v1/events/{kp}/triage"
    assert analyst.patch(url, json={"status": "verified"}).status_code == 403
    csrf = analyst.get("/api/v1/me").json()["csrf_token"]
    ok = analyst.patch(url, json={"status": "verified"}, headers={"x-csrf-token": csrf})
    assert ok.status_code == 200


def test_a_revoked_or_disabled_token_no_longer_works(app_client: TestClient, db: Path) -> None:
    with Store.open(db) as store:
        accounts = Accounts(store.conn)
        token = accounts.create_token(accounts.require("vic"), "t")
        headers = {"authorization": f"Bearer {token}"}
        assert app_client.get("/api/v1/me", headers=headers).status_code == 200
        accounts.set_disabled("vic")
    assert app_client.get("/api/v1/me", headers=headers).status_code == 401


def test_pages_render_for_a_logged_in_viewer(app_client: TestClient, kp: str) -> None:
    log_in(app_client, "vic")
    for url in ("/", "/map", "/search?q=fever", "/audit", "/account", "/docs", f"/events/{kp}"):
        response = app_client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-security-policy"].startswith("default-src 'none'")
    page = app_client.get(f"/events/{kp}").text
    assert (
        'id="exclude-form"' not in page and 'form="exclude-form"' not in page
    )  # viewers: no forms
