"""The per-client-address throttles, answered before routing (pure ASGI middleware).

A flood of logins, password resets or CESR checks from one address is refused here, before
FastAPI routes the request, reads its body, parses JSON or multipart, or opens a database
connection: a refusal costs the event loop a dictionary lookup and one small response, so
`/healthz` and everyone else's requests keep their turn. The per-account and per-email
throttles need the body and stay in the routes (`deps.Throttles`).

Which routes are throttled per address, and under which rule, is `ADDRESS_RULES`; the rates
are the settings' (`deps.throttle_rates`), the decision is `throttle.Throttle`'s.
"""

import json
from typing import NamedTuple

from starlette.types import ASGIApp, Receive, Scope, Send

from .deps import retry_later_error
from .domain.network import client_address
from .settings import IntakeSettings
from .throttle import RetryLater, Throttle

ADDRESS_RULES: dict[tuple[str, str], str] = {
    ("POST", "/auth/token"): "login",
    ("POST", "/accounts/registrations"): "registration",
    ("POST", "/accounts/registration"): "registration",
    ("POST", "/accounts/user-id-reminders"): "reminder",
    ("POST", "/accounts/password-reset-requests"): "reset",
    ("POST", "/accounts/password-reset"): "reset",
    ("POST", "/cesr/verify"): "cesr-verify",
}
"""(method, path) → the throttle rule counted per client address (`<rule>/address`)."""


class _Route(NamedTuple):
    """What the metrics middleware reads as the route template of a refused request."""

    path: str


class AddressThrottle:
    """ASGI middleware: see the module's docstring. `throttle` is the app's (shared with the
    per-account checks of the routes)."""

    def __init__(self, app: ASGIApp, throttle: Throttle, settings: IntakeSettings) -> None:
        self.app, self.throttle = app, throttle
        self.trusted_proxies = settings.trusted_proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.throttle.enabled:
            rule = ADDRESS_RULES.get((scope["method"], scope["path"]))
            if rule is not None:
                try:
                    self.throttle.check(f"{rule}/address", self._address(scope))
                except RetryLater as exc:
                    scope["route"] = _Route(scope["path"])
                    await _refuse(exc, send)
                    return
        await self.app(scope, receive, send)

    def _address(self, scope: Scope) -> str | None:
        client = scope.get("client")
        forwarded = [v for k, v in scope["headers"] if k == b"x-forwarded-for"]
        return client_address(client[0] if client else None,
                              b",".join(forwarded).decode("latin-1") if forwarded else None,
                              self.trusted_proxies)


async def _refuse(exc: RetryLater, send: Send) -> None:
    status, body = retry_later_error(exc)
    payload = json.dumps(body.model_dump(), ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
        (b"retry-after", exc.retry_after.encode())]})
    await send({"type": "http.response.body", "body": payload})
