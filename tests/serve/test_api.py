"""Every JSON API endpoint, with a session and with an API token."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from serve_fixtures import event_id, log_in

from episignal.serve.api import SignalPage
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
    assert [e["event"] for e in page2["items"]] == [e["event"] for e in everything["items"][5:10]]
    assert page2["pages"] == -(-everything["total"] // 5) and page2["page"] == 2
    kp = api.get("/api/v1/events", params={"country": "kp"}).json()["items"]
    assert {(e["disease"], e["country"]) for e in kp} == {("COVID-19", "KP")}
    assert kp[0]["latest"]["cases"] == 3_700_000 and "implausible_cfr" in kp[0]["flags"]
    flagged = api.get("/api/v1/events", params={"flag": "implausible_cfr"}).json()["items"]
    assert flagged and all("implausible_cfr" in e["flags"] for e in flagged)
    by_words = api.get("/api/v1/events", params={"q": "cholera"}).json()["items"]
    assert [e["country"] for e in by_words] == ["MW"]
    by_date = api.get("/api/v1/events", params={"since": "2023-09-01"}).json()["items"]
    assert by_date and all(e["last_seen"] >= "2023-09-01" for e in by_date)
    coded = api.get("/api/v1/events", params={"disease": "a98"}).json()["items"]  # ICD-10 code
    assert coded and all(e["icd10"].startswith("A98") for e in coded)
    named = api.get("/api/v1/events", params={"disease": "ebola VIRUS disease"}).json()["items"]
    assert [e["disease"] for e in named] == ["Ebola virus disease"]
    # 30: no novelty points here, the fixtures hold under a year of reports from anywhere
    assert api.get("/api/v1/events", params={"min_score": 30}).json()["total"] == 1
    by_disease = api.get("/api/v1/events", params={"sort": "disease", "per_page": 500}).json()
    names = [e["disease"].lower() for e in by_disease["items"]]
    assert names == sorted(names)
    areas = api.get("/api/v1/events", params={"admin1": "edo"}).json()["items"]
    # the sample's table rows name three states (Ondo and Bauchi by their towns' areas)
    assert [(e["disease"], e["areas"]) for e in areas] == [
        ("Lassa fever", ["Bauchi", "Edo", "Ondo"])
    ]
    english = api.get("/api/v1/events", params={"language": "en"}).json()["total"]
    assert english == everything["total"] - 1  # all but Peru's dengue, reported in Spanish
    for language, expected in (("es", ("Dengue", "PE")), ("ko", ("COVID-19", "KP"))):
        found = api.get("/api/v1/events", params={"language": language}).json()["items"]
        assert [(e["disease"], e["country"]) for e in found] == [expected], language


def test_bad_filter_values_are_refused_with_422(api: TestClient) -> None:
    for params in (
        {"since": "yesterday"},
        {"status": "closed"},
        {"per_page": 0},
        {"sort": "id"},
        {"since": "2023-02-01", "until": "2023-01-01"},
        {"marker": "old"},
    ):
        response = api.get("/api/v1/events", params=params)
        assert response.status_code == 422, params
        assert response.json()["detail"], params


def test_signals_carry_their_rank_whatever_the_sort(api: TestClient) -> None:
    body = api.get("/api/v1/signals", params={"per_page": 3, "page": 2, "sort": "disease"}).json()
    assert [s["rank"] for s in body["items"]] == [4, 5, 6]
    scores = [s["score"] for s in body["items"]]
    assert scores == sorted(scores, reverse=True)  # signals are always ranked by score


def test_event_lists_match_their_documented_model(analyst: TestClient, kp: str) -> None:
    # Lists are written as plain JSON (not through the models): they must still be what
    # /openapi.json says, markers and triage included.
    changed = analyst.patch(
        f"/api/v1/events/{kp}/triage",
        json={"status": "monitoring", "assignee": "ana", "tags": ["Urgent"]},
        headers={"x-csrf-token": analyst.get("/api/v1/me").json()["csrf_token"]},
    )
    assert changed.status_code == 200
    for path in ("/api/v1/events", "/api/v1/signals"):
        body = analyst.get(path, params={"per_page": 500}).json()
        page = SignalPage.model_validate(body)
        assert json.loads(page.model_dump_json()) == body
        mine = next(s for s in page.items if s.event == kp)
        assert (mine.status, mine.assignee, mine.tags) == ("monitoring", "ana", ["urgent"])
        assert {s.marker for s in page.items} <= {"new", "changed"}


def test_one_event_its_series_and_sub_national_areas(api: TestClient, db: Path, kp: str) -> None:
    event = api.get(f"/api/v1/events/{kp}").json()
    assert event["id"] == kp and event["country"] == "KP"
    assert event["latest"]["deaths"] == 70
    series = api.get(f"/api/v1/events/{kp}/series").json()
    assert series == event["series"]
    claims = [c for s in series for p in s["points"] for c in p["claims"]]
    assert claims and all(len(c["key"]) >= 16 and c["document"] and c["quote"] for c in claims)
    lassa = api.get(f"/api/v1/events/{event_id(db, 'NG', 'Lassa fever')}").json()
    # areas inside the event
    assert {s["admin1"] for s in lassa["series"]} == {None, "Bauchi", "Edo", "Ondo"}
    assert api.get("/api/v1/events/evt-nope").status_code == 404
    assert api.get("/api/v1/events/evt-nope/series").status_code == 404


def test_deltas_list_what_updates_changed(api: TestClient) -> None:
    first = api.get("/api/v1/deltas", params={"limit": 5}).json()
    assert len(first) == 5 and first[0]["kind"] == "event_created"
    later = api.get("/api/v1/deltas", params={"after": first[-1]["seq"], "limit": 5}).json()
    assert later and later[0]["seq"] > first[-1]["seq"]


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
    assert ("tags", None, "covid, kp") in actions
    note = api.post(f"/api/v1/events/{kp}/notes", json={"body": "second"}).json()
    assert note["author"] == "ana" and note["body"] == "second"
    assert api.patch(f"/api/v1/events/{kp}/triage", json={"status": "closed"}).status_code == 422
    rows = api.get("/api/v1/events", params={"status": "monitoring"}).json()["items"]
    assert [(r["event"], r["assignee"], r["tags"]) for r in rows] == [(kp, "ana", ["covid", "kp"])]
    assert api.get("/api/v1/events", params={"tag": "covid"}).json()["total"] == 1
    assert api.get("/api/v1/events", params={"tag": "COVID"}).json()["total"] == 1
    assert api.get("/api/v1/events", params={"assignee": "ANA"}).json()["total"] == 1
    unassigned = api.patch(f"/api/v1/events/{kp}/triage", json={"assignee": ""}).json()
    assert unassigned["triage"]["assignee"] is None
    assert unassigned["triage"]["status"] == "monitoring"  # untouched
    same = api.patch(f"/api/v1/events/{kp}/triage", json={"status": "monitoring"}).json()
    assert len(same["history"]) == len(unassigned["history"])  # no change, no audit row


def deaths_point(event: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The national running total of deaths with the most claims, and its series."""
    candidates = [
        (s, p)
        for s in event["series"]
        if s["measure"] == "deaths" and s["kind"] == "total" and s["admin1"] is None
        for p in s["points"]
    ]
    series, point = max(candidates, key=lambda sp: len(sp[1]["claims"]))
    return series, point


def test_excluding_a_claim_recomputes_the_point_and_is_reversible(api: TestClient, kp: str) -> None:
    event = api.get(f"/api/v1/events/{kp}").json()
    _, point = deaths_point(event)
    claim = max(point["claims"], key=lambda c: c["value"])
    others = [c["value"] for c in point["claims"] if c["key"] != claim["key"]]
    body = {"claim": claim["key"], "reason": "misread"}
    assert api.post(f"/api/v1/events/{kp}/exclusions", json=body).json() == {"changed": True}
    assert api.post(f"/api/v1/events/{kp}/exclusions", json=body).json() == {"changed": False}
    after = api.get(f"/api/v1/events/{kp}").json()
    claims = {c["key"]: (p, c) for s in after["series"] for p in s["points"] for c in p["claims"]}
    same, excluded = claims[claim["key"]]
    assert excluded["excluded"]["reason"] == "misread" and excluded["excluded"]["by"] == "ana"
    assert same["excluded"] is (not others)
    if others:
        assert same["value"] in others
    bogus = {"claim": "no-such-claim", "reason": "x"}
    assert api.post(f"/api/v1/events/{kp}/exclusions", json=bogus).status_code == 404
    restored = api.delete(f"/api/v1/events/{kp}/exclusions", params={"claim": claim["key"]})
    assert restored.json() == {"changed": True}
    again = api.get(f"/api/v1/events/{kp}").json()
    assert not any(c["excluded"] for s in again["series"] for p in s["points"] for c in p["claims"])
    actions = [a["action"] for a in api.get("/api/v1/audit", params={"event": kp}).json()]
    assert actions == ["include_claim", "exclude_claim"]


def test_move_a_document_and_merge_events(api: TestClient, db: Path, kp: str) -> None:
    china = event_id(db, "CN", "COVID-19")
    kp_event = api.get(f"/api/v1/events/{kp}").json()
    cited = {c["document"] for s in kp_event["series"] for p in s["points"] for c in p["claims"]}
    doc = next(d["id"] for d in kp_event["documents"] if d["id"] in cited)
    moved = api.post(f"/api/v1/events/{kp}/moves", json={"document": doc, "to_event": china})
    assert moved.status_code == 200, moved.text
    assert doc not in {d["id"] for d in api.get(f"/api/v1/events/{kp}").json()["documents"]}
    cn_event = api.get(f"/api/v1/events/{china}").json()
    assert doc in {d["id"] for d in cn_event["documents"]}
    assert any(c["document"] == doc for s in cn_event["series"] for p in s["points"] for c in p["claims"])  # fmt: skip
    again = api.post(f"/api/v1/events/{kp}/moves", json={"document": doc, "to_event": china})
    assert again.status_code == 404  # no longer in the event
    merged = api.post(f"/api/v1/events/{china}/merge", json={"into": kp})
    assert merged.status_code == 200, merged.text
    redirect = api.get(f"/api/v1/events/{china}", follow_redirects=False)
    assert redirect.status_code == 308 and redirect.headers["location"].endswith(kp)
    assert api.get(f"/api/v1/events/{china}/triage").status_code == 409
    whole = api.get(f"/api/v1/events/{kp}").json()
    assert whole["merged_from"] == [china] and doc in {d["id"] for d in whole["documents"]}
    listed = api.get("/api/v1/events", params={"per_page": 500}).json()["items"]
    assert china not in {e["event"] for e in listed}
    assert api.post(f"/api/v1/events/{kp}/merge", json={"into": kp}).status_code == 400
    kp_audit = {a["action"] for a in api.get("/api/v1/audit", params={"event": kp}).json()}
    assert {"move_document", "absorb"} <= kp_audit
    cn_audit = {a["action"] for a in api.get("/api/v1/audit", params={"event": china}).json()}
    assert {"receive_document", "merge"} <= cn_audit


def test_documents_search_list_and_one(api: TestClient, kp: str) -> None:
    found = api.get("/api/v1/documents", params={"q": "cholera Malawi"}).json()
    assert found["total"] >= 1 and "[[" in found["items"][0]["snippet"]
    listed = api.get("/api/v1/documents", params={"per_page": 3}).json()
    assert len(listed["items"]) == 3 and listed["total"] >= 3
    published = [d["published"] or "" for d in listed["items"]]
    assert published == sorted(published, reverse=True)
    event = api.get(f"/api/v1/events/{kp}").json()
    doc_id = event["series"][0]["points"][0]["claims"][0]["document"]
    doc = api.get(f"/api/v1/documents/{doc_id}").json()
    assert doc["id"] == doc_id and doc["text"] and doc["extraction"]["counts"]
    assert kp in {e["id"] for e in doc["events"]}
    assert {f["fate"] for f in doc["fates"]["figures"]} >= {"placed"}
    assert api.get("/api/v1/documents/nope").status_code == 404


def test_audit_lists_changes_newest_first(api: TestClient, kp: str) -> None:
    api.patch(f"/api/v1/events/{kp}/triage", json={"status": "verified"})
    api.patch(f"/api/v1/events/{kp}/triage", json={"status": "escalated"})
    rows = api.get("/api/v1/audit", params={"actor": "ana"}).json()
    assert [(r["old_value"], r["new_value"]) for r in rows[:2]] == [
        ("verified", "escalated"), ("new", "verified")
    ]  # fmt: skip
    assert api.get("/api/v1/audit", params={"actor": "nobody"}).json() == []


def test_exports_follow_the_filters(api: TestClient, kp: str) -> None:
    response = api.get("/api/v1/export/events.csv", params={"flag": "implausible_cfr"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and all("implausible_cfr" in r["flags"] for r in rows)
    assert {"event", "cases", "deaths", "status", "tags"} <= set(rows[0])
    everything = api.get("/api/v1/export/events.json").json()
    assert len(everything) == api.get("/api/v1/events").json()["total"]
    assert [e["rank"] for e in everything] == list(range(1, len(everything) + 1))
    assert json.loads(api.get("/api/v1/export/events.json", params={"country": "ZZ"}).text) == []


def test_exports_of_many_rows_stream_in_chunks(api: TestClient, monkeypatch: Any) -> None:
    from episignal.serve import api as api_module

    monkeypatch.setattr(api_module, "EXPORT_CHUNK", 4)  # several chunks, several threads
    total = api.get("/api/v1/events").json()["total"]
    rows = list(csv.DictReader(io.StringIO(api.get("/api/v1/export/events.csv").text)))
    assert len(rows) == total > 8 and len({r["event"] for r in rows}) == total


def test_search_results_and_the_audit_log_export_as_csv(api: TestClient, kp: str) -> None:
    found = api.get("/api/v1/export/documents.csv", params={"q": "cholera"})
    assert found.headers["content-disposition"].endswith('"documents.csv"')
    docs = list(csv.DictReader(io.StringIO(found.text)))
    total = api.get("/api/v1/documents", params={"q": "cholera"}).json()["total"]
    assert len(docs) == total >= 1 and all("[[" in d["snippet"] for d in docs)
    assert api.get("/api/v1/export/documents.csv").status_code == 422  # no words: no export
    api.patch(f"/api/v1/events/{kp}/triage", json={"status": "verified", "note": "=SUM(A1)"})
    log = list(csv.DictReader(io.StringIO(api.get("/api/v1/export/audit.csv").text)))
    assert [r["action"] for r in log[:2]] == ["note", "status"]
    assert log[0]["new_value"] == "'=SUM(A1)"  # no formula reaches a spreadsheet
    only_kp = api.get("/api/v1/export/audit.csv", params={"event": "evt-none"}).text
    assert only_kp.strip() == ",".join(
        ("id", "at", "actor", "event_id", "action", "old_value", "new_value", "detail")
    )


def test_openapi_and_docs_describe_every_endpoint(analyst: TestClient) -> None:
    spec = analyst.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/v1/events", "/api/v1/signals", "/api/v1/events/{event_id}/series",
            "/api/v1/documents", "/api/v1/events/{event_id}/triage", "/api/v1/audit",
            "/api/v1/export/events.csv", "/api/v1/export/documents.csv",
            "/api/v1/export/audit.csv", "/api/v1/deltas"} <= paths  # fmt: skip
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
