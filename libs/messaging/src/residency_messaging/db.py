"""The asyncpg pool of a service (its schema: `migrations`)."""

import asyncpg


async def _keep_session(_conn: asyncpg.Connection) -> None:
    """On release, skip asyncpg's default reset query (`SELECT pg_advisory_unlock_all();
    CLOSE ALL; UNLISTEN *; RESET ALL;`): one more round trip after every acquire, for state
    our code never leaves behind — advisory locks are transaction-scoped, nothing runs `SET`
    or opens a cursor outside a transaction. asyncpg still rolls back a transaction left open
    and drops the connection's listeners before the hook runs."""


async def create_pool(url: str, *, min_size: int = 1, max_size: int = 10) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(url, min_size=min_size, max_size=max_size,
                                     reset=_keep_session)
    assert pool is not None
    return pool
