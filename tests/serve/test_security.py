"""Security: no anonymous access, CSRF on every form, viewers cannot write, hostile article
text is inert on every page, SQL and FTS metacharacters in every parameter are harmless,
login attempts are rate limited, cookies are HttpOnly / SameSite / Secure behind HTTPS."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from serve_fixtures import PASSWORDS, ROLES, checkpoint, csrf_of, log_in
from starlette.routing import Mount, Route

from episignal.scan import scan
from episignal.serve import create_app
from episignal.store import Store
from episignal.store.accounts import Accounts

PUBLIC = {"/health", "/login"}
SCRIPT = "<script>alert('x')</script>"
BREAKER = "\"><img src=x onerror=alert(1)>'"
SVG = "<svg onload=alert(1)><circle r=9 /></svg>"
HOSTILE_TEXT = (
    f"Cholera outbreak {SCRIPT} in Malawi {BREAKER}. The Ministry of Health of Malawi said on "
    f"Monday that 1,250 cholera cases and 37 deaths have been recorded since January {SVG}. "
    "The ministry said 120 new cases were reported on Sunday."
)
SQL_VALUES = (
    "' OR '1'='1",
    "'; DROP TABLE events; --",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "*",
    "NEAR(a b)",
    'title:"x',
    ")(",
    "\x00",
    "KP' --",
)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    record = {
        "id": f"hostile-{BREAKER}",
        "title": f"Cholera {SCRIPT} {BREAKER}",
        "url": "javascript:alert(document.cookie)",
        "source": f"Evil {SVG} Times",
        "published": "2023-02-06",
        "text": HOSTILE_TEXT,
    }
    (folder / "hostile.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = folder / "hostile.db"
    scan([str(folder / "hostile.jsonl")], db, workers=1)
    with Store.open(db) as store:
        accounts = Accounts(store.conn)
        for name, password in PASSWORDS.items():
            accounts.add_user(name, password, ROLES[name])  # type: ignore[arg-type]
        assert store.count("events") >= 1, "the hostile document made no event"
    checkpoint(db)
    return db


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "evt-x", path)


def flat_routes(routes: list[object]) -> list[object]:
    """Routes with included routers opened up (newer FastAPI includes them lazily)."""
    out: list[object] = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        out.extend(flat_routes(list(inner.routes)) if inner is not None else [route])
    return out


def app_routes(client: TestClient) -> list[tuple[str, str]]:
    found = []
    for route in flat_routes(list(client.app.routes)):  # type: ignore[attr-defined]
        if isinstance(route, Mount):
            found.append(("GET", route.path + "/app.js"))
        elif isinstance(route, APIRoute | Route):
            found.extend((m, route.path) for m in sorted(route.methods or []) if m != "HEAD")
    return found


def test_every_route_refuses_anonymous_access(app_client: TestClient) -> None:
    routes = app_routes(app_client)
    assert len(routes) > 25
    for method, path in routes:
        if path in PUBLIC or path.startswith("/static/"):
            continue
        response = app_client.request(method, concrete(path), follow_redirects=False)
        if path.startswith("/api/") or path == "/openapi.json":
            assert response.status_code == 401, (method, path)
            assert response.headers["www-authenticate"] == "Bearer"
        else:
            assert response.status_code == 303, (method, path)
            assert response.headers["location"].startswith("/login?next=")


def test_a_wrong_token_or_cookie_is_anonymous(app_client: TestClient) -> None:
    bad = {"authorization": "Bearer eps_not-a-token"}
    assert app_client.get("/api/v1/events", headers=bad).status_code == 401
    app_client.cookies.set("episignal_session", "forged")
    assert app_client.get("/", follow_redirects=False).status_code == 303


def form_routes(client: TestClient) -> list[str]:
    return [
        path
        for method, path in app_routes(client)
        if method == "POST" and not path.startswith("/api/") and path != "/login"
    ]


def test_every_form_without_its_csrf_token_is_refused(analyst: TestClient, kp: str) -> None:
    paths = form_routes(analyst)
    assert {"/logout", "/events/{event_id}/triage", "/events/{event_id}/exclude"} <= set(paths)
    for path in paths:
        url = path.replace("{event_id}", kp).replace("{token_id}", "1")
        data = {"status": "verified", "claim": "x", "reason": "x", "into": kp, "note": "n"}
        assert analyst.post(url, data=data, follow_redirects=False).status_code == 403, path
        data["csrf_token"] = "wrong"
        assert analyst.post(url, data=data, follow_redirects=False).status_code == 403, path
    assert analyst.get(f"/api/v1/events/{kp}/triage").json()["triage"]["status"] == "new"


def test_the_login_form_needs_its_token(app_client: TestClient) -> None:
    app_client.get("/login")
    data = {"username": "ana", "password": PASSWORDS["ana"]}
    assert app_client.post("/login", data=data, follow_redirects=False).status_code == 403


def test_a_viewer_cannot_change_triage(app_client: TestClient, kp: str) -> None:
    log_in(app_client, "vic")
    csrf = csrf_of(app_client.get(f"/events/{kp}").text)
    headers = {"x-csrf-token": csrf}
    writes = [
        ("PATCH", f"/api/v1/events/{kp}/triage", {"status": "verified"}),
        ("POST", f"/api/v1/events/{kp}/notes", {"body": "x"}),
        ("POST", f"/api/v1/events/{kp}/exclusions", {"claim": "x", "reason": "x"}),
        ("DELETE", f"/api/v1/events/{kp}/exclusions?claim=x", None),
        ("POST", f"/api/v1/events/{kp}/moves", {"document": "x", "to_event": kp}),
        ("POST", f"/api/v1/events/{kp}/merge", {"into": kp}),
    ]
    for method, url, body in writes:
        response = app_client.request(method, url, json=body, headers=headers)
        assert response.status_code == 403, url
    for action in ("triage", "exclude", "restore", "move", "merge"):
        data = {"csrf_token": csrf, "status": "verified", "claim": "x", "reason": "x",
                "document": "x", "to_event": kp, "into": kp}  # fmt: skip
        response = app_client.post(f"/events/{kp}/{action}", data=data, follow_redirects=False)
        assert response.status_code == 403, action
    assert app_client.get(f"/api/v1/events/{kp}/triage").json()["history"] == []


class TagAudit(HTMLParser):
    """Every element and attribute of a page, to find anything that could run."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "xlink:href") and runnable(value or ""):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag == "script" and dict(attrs).get("src") != "/static/app.js":
            self.problems.append("<script> inline")
        if tag in ("img", "iframe", "object", "embed", "foreignobject"):
            self.problems.append(f"<{tag}>")


def runnable(url: str) -> bool:
    return url.strip().lower().startswith(("javascript:", "data:text", "vbscript:"))


def inert(html: str) -> list[str]:
    parser = TagAudit()
    parser.feed(html)
    return parser.problems


def test_hostile_article_text_is_inert_on_every_page(hostile_db: Path) -> None:
    with TestClient(create_app(hostile_db), base_url="http://127.0.0.1") as client:
        log_in(client, "ana")
        event = client.get("/api/v1/events").json()["items"][0]["event"]
        csrf = csrf_of(client.get(f"/events/{event}").text)
        client.post(f"/events/{event}/triage",
                    data={"csrf_token": csrf, "note": SCRIPT + BREAKER, "tags": SVG, "assignee": BREAKER})  # fmt: skip
        doc_id = client.get(f"/api/v1/events/{event}").json()["documents"][0]["id"]
        doc_url = "/documents/" + __import__("urllib.parse").parse.quote(doc_id, safe="")
        pages = ["/", f"/events/{event}", doc_url, "/search?q=cholera", "/map", "/audit",
                 "/account", "/docs", f"/search?q={SCRIPT}", f"/?q={BREAKER}"]  # fmt: skip
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert inert(response.text) == [], url
        event_html = client.get(f"/events/{event}").text
        assert "&lt;script&gt;" in event_html and "javascript:" not in event_html
        assert "&lt;script&gt;" in client.get(doc_url).text


@pytest.mark.parametrize("value", SQL_VALUES)
def test_sql_metacharacters_in_every_parameter_are_harmless(
    analyst: TestClient, value: str
) -> None:
    before = analyst.get("/api/v1/events").json()["total"]
    params = (
        "disease",
        "country",
        "admin1",
        "assignee",
        "tag",
        "flag",
        "q",
        "status",
        "sort",
        "since",
        "marker",
        "language",
        "min_score",
        "until",
    )
    for name in params:
        for url in ("/api/v1/events", "/", "/map", "/api/v1/export/events.csv"):
            response = analyst.get(url, params={name: value})
            assert response.status_code in (200, 400, 422), (url, name, response.text[:200])
            if response.status_code == 200 and url == "/api/v1/events" and name not in ("q",):
                assert response.json()["total"] in (0, before), (name, value)
    for url, name in (("/search", "q"), ("/api/v1/documents", "q"), ("/audit", "event"),
                      ("/audit", "actor"), ("/api/v1/audit", "event")):  # fmt: skip
        response = analyst.get(url, params={name: value})
        assert response.status_code == (400 if value == "\x00" else 200), (url, name)
    if value != "\x00":
        assert analyst.get("/api/v1/events", params={"q": value}).json()["total"] <= before
    assert analyst.get("/api/v1/events").json()["total"] == before  # nothing dropped
    if value in ("%", "_", "*"):  # wildcards widen nothing: words are matched as written
        cholera = analyst.get("/api/v1/events", params={"q": "cholera"}).json()["total"]
        widened = analyst.get("/api/v1/events", params={"q": f"choler{value}"}).json()["total"]
        assert cholera == 1 and widened == 0


def test_failed_logins_are_rate_limited(app_client: TestClient) -> None:
    token = csrf_of(app_client.get("/login").text)
    codes = []
    for _ in range(7):
        response = app_client.post(
            "/login", data={"username": "ana", "password": "wrong-password", "csrf_token": token}
        )
        codes.append(response.status_code)
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]
    right = {"username": "ana", "password": PASSWORDS["ana"], "csrf_token": token}
    blocked = app_client.post("/login", data=right, follow_redirects=False)
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0


def test_session_cookie_flags(app_client: TestClient, db: Path) -> None:
    token = csrf_of(app_client.get("/login").text)
    data = {"username": "ana", "password": PASSWORDS["ana"], "csrf_token": token}
    plain = app_client.post("/login", data=data, follow_redirects=False).headers["set-cookie"]
    assert "episignal_session=" in plain and "HttpOnly" in plain and "SameSite=lax" in plain
    assert "Secure" not in plain
    with TestClient(create_app(db), base_url="https://127.0.0.1") as tls:
        token = csrf_of(tls.get("/login").text)
        data["csrf_token"] = token
        cookie = tls.post("/login", data=data, follow_redirects=False).headers["set-cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie


def test_login_redirects_only_to_local_pages(app_client: TestClient) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        token = csrf_of(app_client.get("/login").text)
        data = {
            "username": "ana",
            "password": PASSWORDS["ana"],
            "csrf_token": token,
            "next": target,
        }
        response = app_client.post("/login", data=data, follow_redirects=False)
        assert response.headers["location"] == "/", target
