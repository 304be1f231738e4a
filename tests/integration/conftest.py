"""Fixtures shared by the integration tests that call intake's use cases directly."""

from collections.abc import AsyncIterator

import asyncpg
import pytest
from residency_messaging import migrations
from residency_messaging.db import create_pool
from residency_messaging.sealing import Sealer


@pytest.fixture
async def pool(stack, sealer) -> AsyncIterator[asyncpg.Pool]:  # type: ignore[no-untyped-def]
    """intake's database, migrated (a test module may override it for another service); it
    seals secret fields with intake's keys, like the service's own pool."""
    pool = await create_pool(stack.database_url("intake"), sealer=sealer)
    await migrations.upgrade("intake", stack.database_url("intake"))
    yield pool
    await pool.close()


@pytest.fixture(scope="session")
def sealer(stack) -> Sealer:  # type: ignore[no-untyped-def]
    """The keys intake and notify hold (as the supervisor sets them): the pools of use cases
    called in process seal with them like the services' do."""
    found = Sealer.from_setting(stack.credentials.mail_sealing_key)
    assert found is not None
    return found
