"""intake's real app in process (its routes, dependencies and error handlers) over HTTP on the
real intake database, without its lifespan (no consumers): for what only shows at the HTTP
layer (throttles, Retry-After, the password threads)."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
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


@dataclass
class MovableClock:
    """intake's clock for a test: `now` stays until the test moves it."""

    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now


@asynccontextmanager
async def own_intake_database(stack, sealer, tag: str  # type: ignore[no-untyped-def]
                              ) -> AsyncIterator[asyncpg.Pool]:
    """A fresh intake database of this test's own, migrated to head: no intake process relays
    its outbox, and nothing another test wrote is in it."""
    import uuid

    from residency_messaging import migrations
    from residency_messaging.db import create_pool

    name = f"intake_{tag}_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(stack.database_url("intake"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    await migrations.upgrade("intake", stack.database_url(name))
    pool = await create_pool(stack.database_url(name), sealer=sealer)
    try:
        yield pool
    finally:
        await pool.close()


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
