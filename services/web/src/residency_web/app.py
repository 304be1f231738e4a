"""The web pages' application: built in a factory, connects to nothing until it serves."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from . import pages
from .intake import Intake, IntakeUnavailable, SignedOut
from .japan_time import date_filter, datetime_filter
from .sessions import SessionStore
from .settings import WebSettings
from .web import (
    CsrfRefused,
    LoginRequired,
    login_url,
    redirect,
    render,
    replay_refused,
    session_of,
)

HERE = Path(__file__).parent
SESSION_COOKIE = "session"
log = logging.getLogger("residency_web")

# No inline script or style anywhere; htmx is configured by a <meta> and loads from here.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
       "base-uri 'none'; object-src 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
_ID = re.compile(r"/[0-9a-fA-F-]{32,36}(?=/|$)")


def loggable(path: str) -> str:
    """The path without ids; the query (which may hold a name or a token) is never logged."""
    return _ID.sub("/{id}", path)


class Sessions(BaseHTTPMiddleware):
    """Loads (or starts) the server-side session, sets the cookie when its id changed, adds
    the security headers, and logs method, path and status — never a query or a body."""

    async def dispatch(self, request: Request,
                       call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.monotonic()
        path = request.url.path
        if path.startswith("/static/") or path in ("/healthz", "/readyz"):
            response = await call_next(request)
            response.headers.update(SECURITY_HEADERS)
            return response
        store: SessionStore = request.app.state.sessions
        settings: WebSettings = request.app.state.settings
        session = store.from_cookie(request.cookies.get(SESSION_COOKIE))
        cookie_before = None if session is None else session.id
        request.state.session = session or store.new()
        response = replay_refused(request) or await call_next(request)
        current = session_of(request)
        if current.id != cookie_before:
            response.set_cookie(SESSION_COOKIE, store.cookie_value(current), httponly=True,
                                samesite="lax", secure=settings.secure_cookies, path="/")
        response.headers.update(SECURITY_HEADERS)
        response.headers.setdefault("Cache-Control", "no-store")
        log.info("%s %s %s %.0fms", request.method, loggable(path), response.status_code,
                 (time.monotonic() - started) * 1000)
        return response


async def _unavailable(request: Request, exc: Exception) -> Response:
    log.warning("intake unavailable: %s", exc)
    return render(request, "error.html", status_code=503, title_key="error_unavailable_title",
                  message_key="error_unavailable")


async def _signed_out(request: Request, exc: Exception) -> Response:
    store: SessionStore = request.app.state.sessions
    old = session_of(request)
    request.state.session = store.new()
    store.drop(old)
    return redirect(login_url(request), "signed_out_notice", request)


async def _login_required(request: Request, exc: Exception) -> Response:
    return redirect(login_url(request), None)


async def _csrf(request: Request, exc: Exception) -> Response:
    return render(request, "error.html", status_code=403, title_key="error_forbidden_title",
                  message_key="error_csrf")


async def _http(request: Request, exc: Exception) -> Response:
    code = exc.status_code if isinstance(exc, HTTPException) else 500
    if not hasattr(request.state, "session"):
        return JSONResponse({"detail": code}, status_code=code)
    key = {404: "not_found", 403: "forbidden", 400: "bad_request", 413: "bad_request"}.get(
        code, "forbidden")
    return render(request, "error.html", status_code=code, title_key=f"error_{key}_title",
                  message_key=f"error_{key}")


def create_app(settings: WebSettings | None = None,
               transport: httpx.AsyncBaseTransport | None = None) -> Starlette:
    settings = settings or WebSettings()  # type: ignore[call-arg]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with httpx.AsyncClient(base_url=settings.intake_url, transport=transport,
                                     timeout=settings.intake_timeout_s) as client:
            app.state.intake = Intake(client)
            yield

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        try:
            ok = (await request.app.state.intake.client.get("/readyz")).status_code == 200
        except httpx.HTTPError:
            ok = False
        return JSONResponse({"status": "ready" if ok else "waiting for intake"},
                            status_code=200 if ok else 503)

    routes = [
        Route("/healthz", healthz), Route("/readyz", readyz),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        *pages.routes(),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(Sessions)],
                    exception_handlers={
                        IntakeUnavailable: _unavailable, SignedOut: _signed_out,
                        LoginRequired: _login_required, CsrfRefused: _csrf,
                        HTTPException: _http})
    app.state.settings = settings
    app.state.sessions = SessionStore(settings.session_secret.get_secret_value(),
                                      settings.session_idle_minutes * 60, settings.max_sessions)
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.autoescape = True
    templates.env.filters["japan_datetime"] = datetime_filter
    templates.env.filters["japan_date"] = date_filter
    app.state.templates = templates
    return app
