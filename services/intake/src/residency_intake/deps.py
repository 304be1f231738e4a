"""Annotated dependencies: everything a route needs comes from the app's lifespan state."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated

import asyncpg
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .accounts.sessions import Principal, authenticate
from .adapters.objectstore import ObjectStore
from .errors import ApiError
from .settings import IntakeSettings

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


Pool = Annotated[asyncpg.Pool, Depends(_pool)]
Settings = Annotated[IntakeSettings, Depends(_settings)]
Store = Annotated[ObjectStore, Depends(_store)]
Now = Annotated[datetime, Depends(_now)]


async def _principal(pool: Pool, settings: Settings, now: Now,
                     creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
                     ) -> Principal:
    if creds is None:
        raise ApiError(401, "UNAUTHENTICATED")
    return await authenticate(pool, creds.credentials, now,
                              timedelta(hours=settings.session_idle_hours))


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
