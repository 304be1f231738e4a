"""asyncpg pool and idempotent schema setup."""

from collections.abc import Sequence

import asyncpg

from .inbox import INBOX_DDL
from .outbox import OUTBOX_DDL

MIGRATION_LOCK = 7_354_001


async def create_pool(url: str, *, min_size: int = 1, max_size: int = 10) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(url, min_size=min_size, max_size=max_size)
    assert pool is not None
    return pool


async def migrate(pool: asyncpg.Pool, ddl: Sequence[str]) -> None:
    """Apply `CREATE … IF NOT EXISTS` statements once, even with several replicas starting."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
        for statement in (OUTBOX_DDL, INBOX_DDL, *ddl):
            await conn.execute(statement)
