"""intake's public HTTP API, as the pages use it: one pooled httpx client, the session's
bearer token added on the server side, and failures turned into what a page can show."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx

from .session_clock import ends_at, restarts_idle_clock
from .sessions import Session


class IntakeUnavailable(Exception):
    """intake did not answer, or answered 5xx: the page says "try again later" (503)."""


class SignedOut(Exception):
    """intake no longer knows the session's token (expired idle, logged out elsewhere)."""


class Intake:
    def __init__(self, client: httpx.AsyncClient,
                 clock: Callable[[], float] = time.time) -> None:
        self.client, self.clock = client, clock

    async def call(self, method: str, path: str, session: Session | None = None, *,
                   client_ip: str | None = None, **kwargs: Any) -> httpx.Response:
        headers = _headers(kwargs.pop("headers", {}), session, client_ip)
        try:
            response = await self.client.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise IntakeUnavailable(type(exc).__name__) from exc
        return self._checked(method, path, session, response)

    async def download(self, path: str, session: Session, *,
                       client_ip: str | None = None) -> httpx.Response:
        """GET a file without reading it: a 200's body is read by the caller
        (`aiter_bytes`), who closes the response; any other answer comes read and closed."""
        request = self.client.build_request("GET", path,
                                            headers=_headers({}, session, client_ip))
        try:
            response = await self.client.send(request, stream=True)
            if response.status_code != 200:
                await response.aread()
                await response.aclose()
        except httpx.HTTPError as exc:
            raise IntakeUnavailable(type(exc).__name__) from exc
        try:
            return self._checked("GET", path, session, response)
        except (IntakeUnavailable, SignedOut):
            await response.aclose()
            raise

    def _checked(self, method: str, path: str, session: Session | None,
                 response: httpx.Response) -> httpx.Response:
        if response.status_code >= 500:
            raise IntakeUnavailable(f"HTTP {response.status_code}")
        if session is not None and session.token:
            if response.status_code == 401:
                raise SignedOut()
            if session.idle_s and restarts_idle_clock(method, path, response.status_code):
                # intake slid its idle timer: so does the page's warning (manual §2.6)
                session.expires_at = ends_at(self.clock(), session.idle_s, session.cap)
        return response


def _headers(given: dict[str, str] | None, session: Session | None,
             client_ip: str | None) -> dict[str, str]:
    headers = dict(given or {})
    if session is not None and session.token:
        headers["Authorization"] = f"Bearer {session.token}"
    if client_ip:  # believed by intake only from its INTAKE_TRUSTED_PROXIES
        headers["X-Forwarded-For"] = client_ip
    return headers


def body_of(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
