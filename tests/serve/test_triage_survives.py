"""Triage and corrections survive rescans, event rebuilds and backfills: every status,
note, exclusion and merge is still there, on the same event ids."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from fastapi.testclient import TestClient
from serve_fixtures import PASSWORDS, ROLES, event_id, log_in

from episignal.events import refresh_events
from episignal.samples import sample_corpus_path
from episignal.scan import scan
from episignal.serve import create_app
from episignal.store import Store
from episignal.store.accounts import Accounts

FIRST_KP_REPORT = "global-health-wire-2022-05-13-nk-six-dead"


def corpus_without_first_kp_report(folder: Path) -> tuple[list[str], Path]:
    """The sample corpus with North Korea's first report held back (for a backfill)."""
    corpus = folder / "corpus"
    shutil.copytree(sample_corpus_path(), corpus)
    articles = corpus / "articles.jsonl"
    lines = articles.read_text(encoding="utf-8").splitlines()
    held = [line for line in lines if json.loads(line).get("id") == FIRST_KP_REPORT]
    assert len(held) == 1
    articles.write_text("\n".join(x for x in lines if x not in held) + "\n", encoding="utf-8")
    earlier = folder / "earlier.jsonl"
    earlier.write_text(held[0] + "\n", encoding="utf-8")
    return [str(corpus)], earlier


def add_users(db: Path) -> None:
    with Store.open(db) as store:
        accounts = Accounts(store.conn)
        for name, password in PASSWORDS.items():
            accounts.add_user(name, password, ROLES[name])  # type: ignore[arg-type]


def triage_everything(db: Path, kp: str, china: str) -> dict[str, object]:
    """Status, assignee, tags, a note, an exclusion and a merge; returns what to expect."""
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        log_in(client, "ana")
        headers = {"x-csrf-token": client.get("/api/v1/me").json()["csrf_token"]}
        change = {"status": "verified", "assignee": "ana", "tags": ["kp"], "note": "checked"}
        assert client.patch(f"/api/v1/events/{kp}/triage", json=change, headers=headers).is_success
        event = client.get(f"/api/v1/events/{kp}").json()
        claim = event["series"][-1]["points"][0]["claims"][0]["key"]
        body = {"claim": claim, "reason": "misread"}
        assert client.post(f"/api/v1/events/{kp}/exclusions", json=body, headers=headers).is_success
        merge = {"into": kp}
        assert client.post(f"/api/v1/events/{china}/merge", json=merge, headers=headers).is_success
    return {"claim": claim}


def assert_triage_kept(db: Path, kp: str, china: str, claim: str) -> None:
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        log_in(client, "vic")
        detail = client.get(f"/api/v1/events/{kp}/triage")
        assert detail.status_code == 200, f"event {kp} is gone"
        triage = detail.json()
        assert triage["triage"]["status"] == "verified"
        assert triage["triage"]["assignee"] == "ana" and triage["triage"]["tags"] == ["kp"]
        assert [n["body"] for n in triage["notes"]] == ["checked"]
        event = client.get(f"/api/v1/events/{kp}").json()
        claims = {c["key"]: c for s in event["series"] for p in s["points"] for c in p["claims"]}
        assert claims[claim]["excluded"]["reason"] == "misread"
        assert event["merged_from"] == [china]
        moved = client.get(f"/api/v1/events/{china}", follow_redirects=False)
        assert moved.status_code == 308 and moved.headers["location"].endswith(kp)


def test_triage_survives_a_rescan_and_an_event_rebuild(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    sources = [str(sample_corpus_path())]
    scan(sources, db, workers=1)
    add_users(db)
    kp, china = event_id(db, "KP", "COVID-19"), event_id(db, "CN", "COVID-19")
    expected = triage_everything(db, kp, china)
    scan(sources, db, workers=1)  # a rescan: nothing new
    with Store.open(db) as store:
        store.mark_all_events_dirty()  # every event rebuilt from its facts
        assert refresh_events(store.events).keys > 10
    assert event_id(db, "KP", "COVID-19") == kp
    assert_triage_kept(db, kp, china, str(expected["claim"]))


def test_triage_survives_a_backfill_of_earlier_reports(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    sources, earlier = corpus_without_first_kp_report(tmp_path)
    scan(sources, db, workers=1)
    add_users(db)
    kp, china = event_id(db, "KP", "COVID-19"), event_id(db, "CN", "COVID-19")
    expected = triage_everything(db, kp, china)
    documents = document_count(db, kp)
    scan([str(earlier)], db, workers=1)  # North Korea's first report, backfilled
    scan([*sources, str(earlier)], db, workers=1)  # and a rescan of everything
    with Store.open(db) as store:
        assert store.count("documents", f"id = '{FIRST_KP_REPORT}'") == 1
        assert kp in store.events.events_of_document(FIRST_KP_REPORT)
    assert document_count(db, kp) == documents + 1  # the event took the earlier report...
    assert_triage_kept(db, kp, china, str(expected["claim"]))  # ...under the same id


def document_count(db: Path, event: str) -> int:
    with Store.open(db) as store:
        found = store.events.event(event)
    assert found is not None and found.id == event
    return len(found.documents)
