"""Fixtures shared by the integration tests that call intake's use cases directly."""

from collections.abc import AsyncIterator

import asyncpg
import pytest
from residency_messaging import migrations
from residency_messaging.db import create_pool


@pytest.fixture
async def pool(stack) -> AsyncIterator[asyncpg.Pool]:  # type: ignore[no-untyped-def]
    """intake's database, migrated (a test module may override it for another service)."""
    pool = await create_pool(stack.database_url("intake"))
    await migrations.upgrade("intake", stack.database_url("intake"))
    yield pool
    await pool.close()


@pytest.fixture(autouse=True, scope="session")
def sealing_key(stack) -> str:  # type: ignore[no-untyped-def]
    """The key intake and notify hold (as the supervisor sets it): use cases called in
    process seal and open with it like the services do."""
    from residency_messaging import sealing

    sealing.configure(stack.credentials.mail_sealing_key)
    return str(stack.credentials.mail_sealing_key)
