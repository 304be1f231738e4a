"""When the user's session with intake ends, and when the page warns (manual §2.6). Pure.

intake restarts a session's idle clock (3 h) on every call it authenticates, up to an absolute
lifetime after login (12 h); it says the idle length at login and the new end at each
extension, which is where the pages learn the lifetime's cap. Calls intake answers without a
session (the catalogue, registration, the CESR check, …) restart nothing."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

WARN_BEFORE_S = 600
"""The warning comes 10 minutes before the session ends (manual §2.6)."""

JAPAN = timezone(timedelta(hours=9), "JST")  # no daylight saving: no tz database needed

_PUBLIC = [
    ("GET", "/healthz"), ("GET", "/readyz"), ("POST", "/auth/token"),
    ("POST", "/accounts/registrations"), ("GET", "/accounts/registration"),
    ("POST", "/accounts/registration"), ("POST", "/accounts/user-id-reminders"),
    ("POST", "/accounts/password-reset-requests"), ("GET", "/accounts/password-reset"),
    ("POST", "/accounts/password-reset"), ("GET", "/accounts/email-change"),
    ("GET", "/procedures"), ("GET", "/procedures/{code}"),
    ("GET", "/procedures/{code}/files/{name}"), ("GET", "/bulk/{code}/columns"),
    ("GET", "/bulk/{code}/template.{fmt}"), ("POST", "/cesr/verify"),
]
"""intake's calls without a session (its OpenAPI operations without `security`)."""


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{\w+\})", template)
    regex = "".join(
        # a procedure code is upper case: /procedures/favorites is not /procedures/{code}
        ("[A-Z0-9]+" if p == "{code}" else "[^/]+") if p.startswith("{") else re.escape(p)
        for p in parts)
    return re.compile(regex + r"\Z")


PUBLIC_CALLS = [(method, _pattern(template)) for method, template in _PUBLIC]

NOT_AUTHENTICATED = (401, 413, 429)
"""Answers given before (or instead of) authenticating: no session was touched."""


def restarts_idle_clock(method: str, path: str, status: int) -> bool:
    """Whether intake restarted the session's idle clock answering this call."""
    if status in NOT_AUTHENTICATED or status >= 500:
        return False
    return not any(m == method.upper() and p.match(path) for m, p in PUBLIC_CALLS)


def ends_at(now: float, idle_s: float, cap: float | None) -> float:
    """The session's end after a call at `now` that restarted its idle clock."""
    end = now + idle_s
    return end if cap is None else min(end, cap)


def cap_after_extend(now: float, idle_s: float, expires_in: float) -> float | None:
    """An extension that ends sooner than the idle length ends at the lifetime's cap."""
    return now + expires_in if expires_in < idle_s - 1 else None


def warning_in(now: float, expires_at: float) -> int:
    """Seconds until the warning shows (0: at once)."""
    return max(0, int(expires_at - now) - WARN_BEFORE_S)


def timeout_label(expires_at: float) -> str:
    """The time-out time as the manual shows it (Japan time), e.g. 2026-12-02 18:30."""
    return datetime.fromtimestamp(expires_at, JAPAN).strftime("%Y-%m-%d %H:%M")
