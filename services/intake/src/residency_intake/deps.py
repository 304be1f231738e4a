"""Annotated dependencies: everything a route needs comes from the app's lifespan state."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated

import asyncpg
from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .accounts.sessions import Principal, authenticate
from .adapters.objectstore import ObjectStore
from .adapters.passwords import PasswordWorkers
from .errors import ApiError, ErrorBody
from .settings import IntakeSettings
from .throttle import Rate, RetryLater, Throttle
from .wording import wording

_bearer = HTTPBearer(auto_error=False, description="Token from POST /auth/token.")


def _pool(request: Request) -> asyncpg.Pool:
    return request.app.state.runtime.pool


def _settings(request: Request) -> IntakeSettings:
    return request.app.state.settings


def _store(request: Request) -> ObjectStore:
    return request.app.state.store


def _now(request: Request) -> datetime:
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


def _passwords(request: Request) -> PasswordWorkers:
    return request.app.state.passwords


def _throttle(request: Request) -> Throttle:
    return request.app.state.throttle


Pool = Annotated[asyncpg.Pool, Depends(_pool)]
Settings = Annotated[IntakeSettings, Depends(_settings)]
Store = Annotated[ObjectStore, Depends(_store)]
Now = Annotated[datetime, Depends(_now)]
Passwords = Annotated[PasswordWorkers, Depends(_passwords)]
"""Account-password hashing and verification in a bounded thread pool."""
Throttles = Annotated[Throttle, Depends(_throttle)]


def throttle_rates(settings: IntakeSettings) -> dict[str, Rate]:
    """Each throttle rule (route group and key) with its rate from the settings."""
    return {
        "login/address": settings.throttle_login_per_address,
        "login/account": settings.throttle_login_per_account,
        "registration/address": settings.throttle_registration_per_address,
        "registration/email": settings.throttle_registration_per_email,
        "reminder/address": settings.throttle_reminder_per_address,
        "reminder/email": settings.throttle_reminder_per_email,
        "reset/address": settings.throttle_reset_per_address,
        "reset/account": settings.throttle_reset_per_account,
        "email-change/account": settings.throttle_email_change_per_account,
        "cesr-verify/address": settings.throttle_cesr_verify_per_address,
    }


_RETRY_LATER = {"throttled": (429, "TOO_MANY_REQUESTS"), "busy": (503, "PASSWORD_CHECKS_BUSY")}


def retry_later_error(exc: RetryLater) -> tuple[int, ErrorBody]:
    status, code = _RETRY_LATER[exc.reason]
    ja, en = wording(code, seconds=exc.retry_after)
    return status, ErrorBody(code=code, message_ja=ja, message_en=en)


def install(app: FastAPI, settings: IntakeSettings) -> None:
    """The throttle and the password threads (in this process), and the 429/503 answers."""
    app.state.throttle = Throttle(throttle_rates(settings), enabled=settings.throttle_enabled,
                                  max_keys=settings.throttle_max_keys)
    app.state.passwords = PasswordWorkers(settings.password_workers, settings.password_queue)

    @app.exception_handler(RetryLater)
    async def retry_later(_r: Request, exc: RetryLater) -> JSONResponse:
        status, body = retry_later_error(exc)
        return JSONResponse(body.model_dump(), status_code=status,
                            headers={"Retry-After": exc.retry_after})


async def _principal(pool: Pool, settings: Settings, now: Now,
                     creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
                     ) -> Principal:
    if creds is None:
        raise ApiError(401, "UNAUTHENTICATED")
    return await authenticate(pool, creds.credentials, now,
                              timedelta(hours=settings.session_idle_hours),
                              timedelta(hours=settings.session_max_hours))


def _forbidden() -> ApiError:
    return ApiError(403, "FORBIDDEN")


async def _staff(who: Annotated[Principal, Depends(_principal)]) -> Principal:
    if who.role != "organization_staff" or who.organization_id is None:
        raise _forbidden()
    return who


async def _filer(who: Annotated[Principal, Depends(_principal)]) -> Principal:
    if who.role == "examiner":
        raise _forbidden()
    return who


async def _examiner(who: Annotated[Principal, Depends(_principal)]) -> Principal:
    if who.role != "examiner":
        raise _forbidden()
    return who


CurrentUser = Annotated[Principal, Depends(_principal)]
"""Anyone logged in."""
Staff = Annotated[Principal, Depends(_staff)]
"""Organization staff of an organization."""
Filer = Annotated[Principal, Depends(_filer)]
"""Anyone who files: staff, foreign nationals, representatives, relatives, lawyers."""
Examiner = Annotated[Principal, Depends(_examiner)]
"""An examiner of a regional bureau (Principal.bureau)."""
