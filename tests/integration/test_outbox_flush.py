"""A stopping relay publishes everything already committed in the outbox, several batches
if need be, each row once, before it lets the producer go (graceful drain)."""

import json
import uuid

import asyncpg
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from residency_messaging import migrations
from residency_messaging.db import create_pool
from residency_messaging.kafka import make_producer
from residency_messaging.outbox import CHANNEL, OutboxRelay
from residency_messaging.settings import KafkaSettings

from tests.helpers import TopicReader

ROWS = 1200  # more than two batches of 500


async def test_stop_flushes_every_committed_row_across_batches_exactly_once(stack) -> None:  # type: ignore[no-untyped-def]
    topic = f"outbox-flush-{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=stack.kafka_bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    finally:
        await admin.close()
    # A database of its own: the session's examination process relays the shared one's outbox
    # (and holds the relay lock while it does), which would race this relay.
    name = f"outbox_flush_{uuid.uuid4().hex[:12]}"
    admin_conn = await asyncpg.connect(stack.database_url("postgres"))
    try:
        await admin_conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin_conn.close()
    url = stack.database_url(name)
    await migrations.upgrade("examination", url)
    pool = await create_pool(url)
    producer = make_producer(KafkaSettings(kafka_bootstrap=stack.kafka_bootstrap))
    await producer.start()
    relay = OutboxRelay(pool, producer, poll_s=3600)
    try:
        await relay.start()
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "INSERT INTO outbox (topic, key, payload, event_type) SELECT $1, NULL, "
                "convert_to(json_build_object('n', n)::text, 'UTF8'), 'Test' "
                "FROM generate_series(1, $2) AS n", topic, ROWS)
            await conn.execute(f"SELECT pg_notify('{CHANNEL}', '')")
        await relay.stop(flush_s=30)  # at once: most rows are still in the outbox
        left = await pool.fetchval("SELECT count(*) FROM outbox WHERE topic = $1", topic)
    finally:
        await producer.stop()
        await pool.close()
    assert left == 0
    async with TopicReader(stack.kafka_bootstrap, topic) as reader:
        await reader.until(lambda r: len(r.records) >= ROWS, timeout=30, what="every row")
    numbers = sorted(json.loads(r.value)["n"] for r in reader.records)
    assert numbers == list(range(1, ROWS + 1))  # each once, in order
