"""The workbench's ASGI app: ``create_app(Path("episignal.db"))``, served by uvicorn.

Layers, outermost first: empty query fields dropped (forms send ``since=``), then
:class:`~episignal.serve.auth.AuthMiddleware` (login, CSRF, security headers), then the
routes. Events are read from the event store as the scan (or a correction) left them: the
board's "new" and "changed" markers are the store's own created/updated stamps.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from episignal import __version__
from episignal.report.markup import CSS
from episignal.serve import account, api, pages
from episignal.serve.auth import (
    ASGIApp,
    AuthMiddleware,
    LoginLimiter,
    Receive,
    Scope,
    Send,
    plain,
)
from episignal.serve.db import Database
from episignal.serve.render import environment

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
REQUEST_THREADS = 4
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DropEmptyQuery:
    """Remove ``name=`` pairs from the query string: an untouched filter is no filter. A
    query with control characters (NUL cuts strings short in SQLite) is refused."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("query_string"):
            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            if any(_CONTROL.search(k + v) for k, v in pairs):
                await plain(send, 400, "control characters are not allowed in the query")
                return
            kept = [(k, v) for k, v in pairs if v.strip() != ""]
            if len(kept) != len(pairs):
                scope = dict(scope, query_string=urlencode(kept).encode("latin-1"))
        await self.app(scope, receive, send)


def create_app(db_path: Path, *, secure_cookies: bool = False) -> FastAPI:
    """The workbench on the episignal database at ``db_path`` (which must exist).

    ``secure_cookies`` marks cookies Secure even when the request looks like plain HTTP
    (behind a TLS proxy that does not send X-Forwarded-Proto).
    """
    db = Database(db_path)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # A few request threads per process: each holds a connection and its page cache,
        # and more threads than cores only take turns on the GIL.
        to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
        try:
            yield
        finally:
            db.close()

    app = FastAPI(
        title="episignal workbench API",
        version=__version__,
        description="Events, signals, series, documents, triage and the audit log of an "
        "episignal database. Authenticate with `Authorization: Bearer <token>`.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.templates = environment()
    app.state.limiter = LoginLimiter()
    app.state.secure_cookies = secure_cookies
    # The report's stylesheet, served as is: one set of styles for report and workbench.
    app.add_api_route("/static/report.css", report_css, methods=["GET"], include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(account.router)
    app.include_router(pages.router)
    app.add_api_route("/health", health, methods=["GET"], summary="Liveness (no login)")
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_middleware(AuthMiddleware, db=db)
    app.add_middleware(DropEmptyQuery)
    return app


def report_css() -> Response:
    return Response(CSS, media_type="text/css", headers={"cache-control": "max-age=3600"})


DB_VARIABLE = "EPISIGNAL_SERVE_DB"
SECURE_VARIABLE = "EPISIGNAL_SERVE_SECURE_COOKIES"


def app_from_environment() -> FastAPI:
    """``create_app`` for each worker process of ``episignal serve --workers N`` (uvicorn
    imports the app by name in every worker, so the options travel in the environment)."""
    return create_app(
        Path(os.environ[DB_VARIABLE]), secure_cookies=os.environ.get(SECURE_VARIABLE) == "1"
    )


def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if is_api(request):
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )
    return _error_page(request, exc.status_code, str(exc.detail))


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors: list[Any] = [
        {"loc": e.get("loc"), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()
    ]
    if is_api(request):
        return JSONResponse({"detail": errors}, status_code=422)
    text = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in errors)
    return _error_page(request, 422, f"Invalid input — {text}")


def _error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return pages.render(request, "error.html", status_code=status, status=status, message=message)
