"""The services' asyncpg pool: a released connection comes back clean where it matters (no
transaction left open, no transaction-scoped lock held) without asyncpg's reset round trip."""

import asyncio

from residency_messaging.db import create_pool


async def test_a_released_connection_has_no_open_transaction_and_holds_no_lock(stack) -> None:  # type: ignore[no-untyped-def]
    pool = await create_pool(stack.database_url("intake"), min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            tx = conn.transaction()
            await tx.start()  # left open on purpose: released mid-transaction
            await conn.execute("SELECT pg_advisory_xact_lock(4242)")
            await conn.execute("CREATE TEMP TABLE leftover (n int) ON COMMIT DROP")
        async with pool.acquire() as conn:  # the same (only) connection
            assert not conn.is_in_transaction()
            assert await conn.fetchval("SELECT to_regclass('pg_temp.leftover')") is None
            other = await asyncio.wait_for(create_pool(stack.database_url("intake")), 10)
            try:
                assert await other.fetchval("SELECT pg_try_advisory_xact_lock(4242)")
            finally:
                await other.close()
    finally:
        await pool.close()


async def test_releasing_a_connection_costs_no_extra_statement(stack) -> None:  # type: ignore[no-untyped-def]
    pool = await create_pool(stack.database_url("intake"), min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            await conn.execute("SET application_name = 'pool-reset-probe'")
        # asyncpg's default reset (RESET ALL) would have undone this; the pool skips it
        assert await pool.fetchval("SELECT current_setting('application_name')") == \
            "pool-reset-probe"
    finally:
        await pool.close()
