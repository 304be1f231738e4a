"""Numbers allocated by several examination replicas at once (one pool each, as separate
processes would): unique, never reused, no global lock."""

import asyncio
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from residency_contracts import Procedure
from residency_messaging import migrations
from residency_messaging.db import create_pool

from tests.integration.examination_kit import filing


async def test_concurrent_allocators_in_several_replicas_never_share_a_number(stack) -> None:  # type: ignore[no-untyped-def]
    from residency_examination import numbers

    pools = [await create_pool(stack.database_url("examination")) for _ in range(4)]
    try:
        async def take(pool, n: int) -> list[int]:  # type: ignore[no-untyped-def]
            async def one() -> int:
                async with pool.acquire() as conn:
                    return await numbers.next_serial(conn, "receipt", "札", Procedure.ACT,
                                                     date(2032, 1, 1))
            return list(await asyncio.gather(*(one() for _ in range(n))))

        serials = [s for batch in await asyncio.gather(*(take(p, 40) for p in pools))
                   for s in batch]
        assert len(serials) == 160 and len(set(serials)) == 160
    finally:
        for pool in pools:
            await pool.close()


async def test_replicas_running_the_receipt_batch_together_number_each_application_once(
        stack) -> None:  # type: ignore[no-untyped-def]
    from residency_examination import handlers, timers

    tokyo = ZoneInfo("Asia/Tokyo")
    filed_at = datetime(2032, 3, 1, 12, tzinfo=tokyo)
    pools = [await create_pool(stack.database_url("examination")) for _ in range(3)]
    try:
        await migrations.upgrade("examination", stack.database_url("examination"))
        events = [filing(filed_at, bureau="仙") for _ in range(30)]
        for event in events:
            await handlers.application_filed(pools[0], event, filed_at)
        batch_now = datetime(2032, 3, 2, 1, tzinfo=tokyo)
        counts = await asyncio.gather(*(timers.receipt_batch(p, batch_now, time(0, 5))
                                        for p in pools))
        rows = await pools[0].fetch(
            "SELECT receipt_number, sequence FROM applications WHERE id = ANY($1::uuid[])",
            [e.application_id for e in events])
        got = [r["receipt_number"] for r in rows]
        assert None not in got and len(set(got)) == 30 and sum(counts) >= 30
        assert {r["sequence"] for r in rows} == {3}  # one receipt-number event each
    finally:
        for pool in pools:
            await pool.close()
