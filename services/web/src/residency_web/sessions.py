"""Server-side sessions: the browser holds only a signed, random session id; the intake API
token, the CSRF token and the user's name stay here. In memory, so a restart of the web
process logs everyone out (intake's own sessions are unaffected and expire idle)."""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, Signer


@dataclass
class Session:
    id: str
    csrf: str
    seen: float
    token: str | None = None  # intake's bearer token; never sent to the browser
    user: dict[str, Any] | None = None  # login_id, user_type, latin_name
    expires_at: float | None = None  # when intake's session ends unless extended (epoch s)
    idle_s: float | None = None  # intake's idle length (from login): each call restarts it
    cap: float | None = None  # intake's absolute end, once an extension showed it
    data: dict[str, Any] = field(default_factory=dict)  # registration link, flash, numbers

    @property
    def signed_in(self) -> bool:
        return self.token is not None

    @property
    def role(self) -> str | None:
        return None if self.user is None else str(self.user.get("user_type"))


class SessionStore:
    def __init__(self, secret: str, idle_seconds: float, limit: int = 10_000,
                 clock: Callable[[], float] = time.time) -> None:
        self._signer = Signer(secret, salt="residency-web-session")
        self.idle, self.limit, self.clock = idle_seconds, limit, clock
        self._sessions: OrderedDict[str, Session] = OrderedDict()

    def new(self) -> Session:
        now = self.clock()
        session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), now)
        self._sessions[session.id] = session
        while len(self._sessions) > self.limit:
            self._sessions.popitem(last=False)
        return session

    def cookie_value(self, session: Session) -> str:
        return self._signer.sign(session.id).decode()

    def from_cookie(self, value: str | None) -> Session | None:
        """The live session the cookie names; None for a forged, unknown or idle one."""
        if not value:
            return None
        try:
            sid = self._signer.unsign(value).decode()
        except BadSignature:
            return None
        session = self._sessions.get(sid)
        if session is None:
            return None
        now = self.clock()
        if now - session.seen > self.idle:
            del self._sessions[sid]
            return None
        session.seen = now
        self._sessions.move_to_end(sid)
        return session

    def rotate(self, session: Session) -> Session:
        """A new id and CSRF token for the same data (at login and logout: no fixation)."""
        self._sessions.pop(session.id, None)
        fresh = self.new()
        fresh.token, fresh.user, fresh.expires_at = session.token, session.user, session.expires_at
        fresh.idle_s, fresh.cap = session.idle_s, session.cap
        fresh.data = dict(session.data)
        return fresh

    def drop(self, session: Session) -> None:
        self._sessions.pop(session.id, None)

    def __len__(self) -> int:
        return len(self._sessions)


def csrf_ok(session: Session, submitted: str | None) -> bool:
    return bool(submitted) and secrets.compare_digest(session.csrf, str(submitted))
