"""Fixtures shared by the integration tests that call intake's use cases directly."""

from collections.abc import AsyncIterator

import asyncpg
import pytest
from residency_intake import schema
from residency_messaging.db import create_pool, migrate


@pytest.fixture
async def pool(stack) -> AsyncIterator[asyncpg.Pool]:  # type: ignore[no-untyped-def]
    """intake's database, migrated (a test module may override it for another service)."""
    pool = await create_pool(stack.database_url("intake"))
    await migrate(pool, schema.DDL)
    yield pool
    await pool.close()
