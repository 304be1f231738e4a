"""intake's real app in process (its routes, dependencies and error handlers) over HTTP on the
real intake database, without its lifespan (no consumers): for what only shows at the HTTP
layer (throttles, Retry-After, the password threads)."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from types import SimpleNamespace

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from residency_intake.app import create_app
from residency_intake.settings import IntakeSettings
from residency_sandbox import SandboxPool

from tests.integration.accounts_kit import T0

AppFactory = Callable[..., "asynccontextmanager[httpx.AsyncClient]"]


def intake_settings(stack, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                    **env: str) -> IntakeSettings:
    """intake's settings as the local stack runs it, with `env` (INTAKE_… without prefix)."""
    from residency_devstack.ports import free_port
    from residency_devstack.supervisor import run_env

    for key, value in run_env(stack, "intake", free_port()).items():
        monkeypatch.setenv(key, value)
    for key, value in env.items():
        monkeypatch.setenv(f"INTAKE_{key.upper()}", value)
    return IntakeSettings()  # type: ignore[call-arg]


@asynccontextmanager
async def client(app: FastAPI, pool: asyncpg.Pool, *, peer: str = "192.0.2.10"
                 ) -> AsyncIterator[httpx.AsyncClient]:
    app.state.runtime = SimpleNamespace(pool=pool)
    # what the lifespan would create; its workers start only if a route hands it a file
    app.state.sandbox = sandbox = SandboxPool(1)
    transport = httpx.ASGITransport(app=app, client=(peer, 40000))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://intake.test",
                                     timeout=30) as c:
            yield c
    finally:
        sandbox.close()


def app_with(settings: IntakeSettings, now: datetime = T0) -> FastAPI:
    return create_app(settings, clock=lambda: now)
