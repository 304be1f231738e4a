"""Transactional outbox: enqueue in the caller's transaction; a relay publishes to Kafka.

The relay takes a transaction-scoped advisory lock per batch, so replicas never publish
concurrently and per-key order is the insertion order. A crash after publishing but before
the delete republishes the batch: consumers de-duplicate on `event_id` (inbox).

Producers name a `Topic` (residency_contracts.topics), never a topic string: the topic checks
the message's type and gives its key (`Topic.address`). Inside a consumer or any other unit
of work, `UnitOfWork.publish` collects the messages and enqueues them at commit.
"""

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Sequence

import asyncpg
from aiokafka import AIOKafkaProducer
from pydantic import BaseModel
from residency_contracts.topics import Topic

from .metrics import OUTBOX_PUBLISHED
from .sealing import seal_for_writing, sealer_of

log = logging.getLogger(__name__)

CHANNEL = "outbox"
RELAY_LOCK = 7_354_002


# One round trip: the rows in the given order (ids ascending), and the relay's wake-up
# (delivered, like NOTIFY, on commit).
_ENQUEUE = f"""
WITH queued AS (
    INSERT INTO outbox (topic, key, payload, event_type)
    SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::text[]))
SELECT pg_notify('{CHANNEL}', '')"""


async def enqueue(conn: asyncpg.Connection, topic: Topic, message: BaseModel) -> None:
    """Record `message` for publishing on `topic` (its type checked, its key read from the
    topic's key field); visible (and waking the relay) on commit."""
    await enqueue_many(conn, [(topic, message)])


async def enqueue_many(conn: asyncpg.Connection,
                       messages: Sequence[tuple[Topic, BaseModel]]) -> None:
    """Record several (topic, message), published in this order; secret fields (`SEALED`) are
    written sealed with the pool's keys (see `sealing`). Every message is checked before
    anything is written."""
    if messages:
        rows = [(*topic.address(message), message) for topic, message in messages]
        sealer = sealer_of(conn)
        await conn.execute(_ENQUEUE, [t for t, _k, _m in rows], [k for _t, k, _m in rows],
                           [seal_for_writing(sealer, m).model_dump_json().encode()
                            for _t, _k, m in rows],
                           [type(m).__name__ for _t, _k, m in rows])


class OutboxRelay:
    def __init__(self, pool: asyncpg.Pool, producer: AIOKafkaProducer, *,
                 batch: int = 500, poll_s: float = 1.0, service: str = "") -> None:
        self.pool, self.producer, self.batch, self.poll_s = pool, producer, batch, poll_s
        self.service = service
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._listener: asyncpg.pool.PoolConnectionProxy | None = None
        self._stopping = False

    async def publish_once(self) -> int:
        async with self.pool.acquire() as conn, conn.transaction():
            if not await conn.fetchval("SELECT pg_try_advisory_xact_lock($1)", RELAY_LOCK):
                return 0
            rows = await conn.fetch(
                "SELECT id, topic, key, payload, event_type FROM outbox ORDER BY id LIMIT $1",
                self.batch)
            sends = [
                await self.producer.send(
                    r["topic"], r["payload"], key=r["key"].encode() if r["key"] else None,
                    headers=[("event_type", r["event_type"].encode())])
                for r in rows
            ]
            await asyncio.gather(*sends)
            if rows:
                await conn.execute("DELETE FROM outbox WHERE id = ANY($1)", [r["id"] for r in rows])
        for topic, count in Counter(r["topic"] for r in rows).items():  # once committed
            OUTBOX_PUBLISHED.labels(self.service, topic).inc(count)
        return len(rows)

    async def _run(self) -> None:
        while True:
            try:
                published = await self.publish_once()
                if published >= self.batch or (self._stopping and published):
                    continue
            except Exception:
                log.exception("outbox relay failed; retrying")
            if self._stopping:  # flushed (or failing, or another replica's turn): done
                return
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_s)

    def _on_notify(self, *_args: object) -> None:
        self._wake.set()

    async def start(self) -> None:
        self._stopping = False
        self._listener = await self.pool.acquire()
        await self._listener.add_listener(CHANNEL, self._on_notify)
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self, flush_s: float = 0.0) -> None:
        """Publish what is committed in the outbox by now, for at most `flush_s` seconds, then
        stop. A batch cut short stays in the outbox for the next relay (sent again: consumers
        de-duplicate)."""
        if self._task:
            self._stopping = True
            self._wake.set()
            if flush_s > 0 and not (await asyncio.wait([self._task], timeout=flush_s))[0]:
                log.warning("outbox flush cut short; the rest is published by the next relay")
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._listener:
            await self._listener.remove_listener(CHANNEL, self._on_notify)
            await self.pool.release(self._listener)
