"""intake's real app in this process (lifespan: broker, database, object store, sandbox
workers) against the session stack, reached through httpx's ASGI transport. One app serves the
whole session (`intake`): a test that needs other settings starts its own beside it. These apps
run no Kafka consumers: alive until the session ends, they would share consumer groups with the
e2e session's intake process and take its messages, and relay its outbox (the tests write what
they need directly)."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import httpx
import pytest
from residency_devstack.signing import _generate
from residency_intake import consumers
from residency_intake.app import create_app, system_clock
from residency_intake.settings import IntakeSettings
from residency_messaging import runtime

KEY, CERT = _generate()
"""The CESR signing key of these tests, and the certificate intake trusts."""


class _NoRelay:
    """Stands in for the outbox relay: the rows stay for the e2e intake's own relay."""

    def __init__(self, *_args: Any, **_kwargs: Any) -> None:
        pass

    async def start(self) -> None:
        pass

    async def stop(self, flush_s: float = 0.0) -> None:
        pass


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
    lifespan = app.router.lifespan_context(app)
    with pytest.MonkeyPatch.context() as no_consumers:  # the runtime takes them at start
        no_consumers.setattr(consumers, "routers", lambda _runtime: ())
        no_consumers.setattr(runtime, "OutboxRelay", _NoRelay)  # nor an outbox relay
        await lifespan.__aenter__()
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://intake", timeout=120) as client:
            yield client
    finally:
        await lifespan.__aexit__(None, None, None)


@pytest.fixture(scope="session")
async def intake(stack: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The session's intake; generous parse bounds: its tests are about answers, not time."""
    async with running_intake(stack, cesr_signing_cert=CERT, sandbox_workers=1,
                              sandbox_timeout_s=120) as client:
        yield client
