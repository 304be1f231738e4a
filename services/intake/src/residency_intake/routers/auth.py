from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Response

from ..accounts import sessions as auth
from ..accounts.views import LoginRequest, SessionExtended, Token
from ..deps import CurrentUser, Now, Passwords, Pool, Settings, Throttles
from ..errors import ErrorBody

router = APIRouter(prefix="/auth", tags=["accounts"], responses={422: {"model": ErrorBody}})
Responses = dict[int | str, dict[str, Any]]
_401: Responses = {401: {"model": ErrorBody}}


_BUSY: Responses = {429: {"model": ErrorBody}, 503: {"model": ErrorBody}}


@router.post("/token", response_model=Token,
             responses={**_401, 423: {"model": ErrorBody}, **_BUSY},
             summary="Log in: get a bearer token")
async def issue_token(body: LoginRequest, pool: Pool, passwords: Passwords, throttle: Throttles,
                      settings: Settings, now: Now) -> Token:
    """Log in with a user ID and password; returns a bearer token. Five wrong passwords in a
    row lock the account for 24 h; while locked every password gets 423, right or wrong.
    Throttled per client address and per user ID (429 with Retry-After)."""
    throttle.check("login/account", body.login_id)
    token = await auth.login(pool, passwords, body.login_id, body.password, now)
    idle = timedelta(hours=settings.session_idle_hours)
    return Token(access_token=token, expires_in=int(idle.total_seconds()))


@router.post("/extend", response_model=SessionExtended, responses=_401,
             summary="Keep your session alive")
async def extend_session(who: CurrentUser, pool: Pool, settings: Settings, now: Now
                         ) -> SessionExtended:
    """Extend the session: it ends after `session_idle_hours` (3 h) without activity, and
    `session_max_hours` (12 h) after login however active."""
    idle = timedelta(hours=settings.session_idle_hours)
    ends = await auth.extend(pool, who, now, idle, timedelta(hours=settings.session_max_hours))
    return SessionExtended(expires_at=ends, expires_in=int((ends - now).total_seconds()))


@router.post("/logout", status_code=204, response_class=Response, responses=_401,
             summary="Log out")
async def logout(who: CurrentUser, pool: Pool) -> Response:
    """End this session (the token stops working)."""
    await auth.logout(pool, who)
    return Response(status_code=204)
