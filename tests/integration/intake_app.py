"""intake's real app in this process (lifespan: broker, database, object store, sandbox
workers) against the session stack, reached through httpx's ASGI transport."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import httpx
import pytest
from residency_intake.app import create_app, system_clock
from residency_intake.settings import IntakeSettings


@asynccontextmanager
async def running_intake(stack: Any, clock: Callable[[], datetime] = system_clock,
                         **overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The environment the supervisor would give intake, plus `overrides` (settings fields)."""
    from residency_devstack.ports import free_port
    from residency_devstack.supervisor import run_env

    with pytest.MonkeyPatch.context() as env:
        for key, value in run_env(stack, "intake", free_port()).items():
            env.setenv(key, value)
        settings = IntakeSettings(**overrides)  # type: ignore[call-arg]
    app = create_app(settings, clock)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://intake",
            timeout=120) as client:
        yield client
