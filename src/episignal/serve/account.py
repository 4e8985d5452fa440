"""Login, logout, the account page (API tokens), the admin's user list and the API
reference at ``/docs`` (rendered here from the OpenAPI description: nothing from a CDN)."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from episignal.serve.auth import LOGIN_COOKIE, SESSION_COOKIE, LoginLimiter
from episignal.serve.deps import DatabaseDep, PrincipalDep
from episignal.serve.pages import back, render
from episignal.store.accounts import SESSION_DAYS

router = APIRouter(include_in_schema=False)


def safe_next(target: str) -> str:
    """Only a local path may follow the login (no open redirect to another site)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def secure(request: Request) -> bool:
    return request.url.scheme == "https" or bool(request.app.state.secure_cookies)


def client_key(request: Request) -> str:
    return "ip:" + (request.client.host if request.client else "?")


@router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request, next: Annotated[str, Query(max_length=2_000)] = "/"
) -> HTMLResponse:
    # Reuse the browser's token: another tab (or a favicon request sent to the login page)
    # must not invalidate the form already shown.
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    response = render(request, "login.html", next=safe_next(next), login_token=token, error="")
    response.set_cookie(
        LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=secure(request), path="/login"
    )
    return response


@router.post("/login")
async def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1_000)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2_000)] = "/",
) -> Response:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not secrets.compare_digest(expected, csrf_token):
        raise HTTPException(403, detail="missing or wrong CSRF token; reload the login page")
    limiter: LoginLimiter = request.app.state.limiter
    keys = (client_key(request), "user:" + username.lower())
    wait = limiter.retry_after(*keys)
    if wait > 0:
        return _login_again(
            request, next, f"Too many failed logins. Try again in {int(wait) + 1} s.", 429, wait
        )
    db = request.app.state.db
    user = await run_in_threadpool(lambda: db.accounts().verify_password(username, password))
    if user is None:
        limiter.failed(*keys)
        return _login_again(request, next, "Wrong user name or password.", 401)
    limiter.succeeded(keys[1])
    token, _ = await run_in_threadpool(lambda: db.accounts().start_session(user))
    await run_in_threadpool(lambda: db.triage().record(user.username, "login"))
    response = back(safe_next(next))
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_DAYS * 86_400,
        httponly=True,
        samesite="lax",
        secure=secure(request),
        path="/",
    )
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


def _login_again(
    request: Request, next: str, error: str, status: int, wait: float = 0
) -> HTMLResponse:
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        status_code=status,
        next=safe_next(next),
        login_token=token,
        error=error,
    )
    if wait:
        response.headers["retry-after"] = str(int(wait) + 1)
    response.set_cookie(
        LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=secure(request), path="/login"
    )
    return response


@router.post("/logout")
def logout(db: DatabaseDep, who: PrincipalDep) -> RedirectResponse:
    if who.session_token:
        db.accounts().end_session(who.session_token)
        db.triage().record(who.user.username, "logout")
    response = back("/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, db: DatabaseDep, who: PrincipalDep) -> HTMLResponse:
    users = db.accounts().users() if who.can("admin") else []
    return render(
        request, "account.html", tokens=db.accounts().tokens(who.user), users=users, new_token=""
    )


@router.post("/account/tokens", response_class=HTMLResponse)
def new_token(
    request: Request,
    db: DatabaseDep,
    who: PrincipalDep,
    name: Annotated[str, Form(max_length=80)] = "",
) -> HTMLResponse:
    token = db.accounts().create_token(who.user, name)
    db.triage().record(who.user.username, "api_token_created", name[:80])
    users = db.accounts().users() if who.can("admin") else []
    return render(
        request, "account.html", tokens=db.accounts().tokens(who.user), users=users, new_token=token
    )


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(db: DatabaseDep, who: PrincipalDep, token_id: int) -> RedirectResponse:
    if db.accounts().revoke_token(who.user, token_id):
        db.triage().record(who.user.username, "api_token_revoked", str(token_id))
    return back("/account")


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request, _: PrincipalDep) -> HTMLResponse:
    spec: dict[str, Any] = request.app.openapi()
    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "parameters": op.get("parameters", []),
                    "body": _body_schema(op),
                }
            )
    return render(request, "docs.html", spec=spec, operations=operations)


def _body_schema(op: dict[str, Any]) -> str:
    content = (op.get("requestBody") or {}).get("content") or {}
    schema = (content.get("application/json") or {}).get("schema") or {}
    ref = str(schema.get("$ref", ""))
    return ref.rsplit("/", 1)[-1]
