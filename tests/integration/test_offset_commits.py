"""Handled messages' offsets reach the real broker together, shortly after handling, and
never past a message that is still being handled (at-least-once, few commit requests)."""

import asyncio
import uuid

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from faststream.kafka import KafkaBroker, KafkaRouter
from residency_messaging.kafka import subscriber

from tests.helpers import publish, wait_for

COUNT = 20
STUCK = 3  # the handler holds the 4th message until released


async def committed(bootstrap: str, group: str, topic: str) -> int:
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group,
                              enable_auto_commit=False)
    await reader.start()  # never subscribes: only reads the group's committed offset
    try:
        return await reader.committed(TopicPartition(topic, 0)) or 0
    finally:
        await reader.stop()


async def test_offsets_are_committed_in_batches_only_after_handling(stack) -> None:  # type: ignore[no-untyped-def]
    bootstrap, topic = stack.kafka_bootstrap, f"commits-{uuid.uuid4().hex[:8]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    finally:
        await admin.close()
    for i in range(COUNT):
        await publish(bootstrap, topic, str(i).encode())
    handled: list[int] = []
    release = asyncio.Event()
    router = KafkaRouter()

    @subscriber(router, topic, "commit-test", session_timeout_ms=2000, commit_interval_s=0.2)
    async def handle(body: int) -> None:
        if body == STUCK:
            await release.wait()
        handled.append(body)

    group = f"commit-test.{topic}"

    def offset_reaches(n: int):  # type: ignore[no-untyped-def]
        async def probe() -> bool:
            return await committed(bootstrap, group, topic) == n
        return probe

    async def stuck() -> bool:
        return len(handled) == STUCK

    broker = KafkaBroker(bootstrap)
    broker.include_router(router)
    await broker.start()
    try:
        await wait_for(stuck, timeout=30, what="the first 3 handled")
        await wait_for(offset_reaches(STUCK), timeout=10, what="their offsets committed")
        await asyncio.sleep(0.6)  # several commit intervals: still nothing past the 4th
        assert await committed(bootstrap, group, topic) == STUCK
        release.set()
        await wait_for(offset_reaches(COUNT), timeout=10, what="every offset committed")
        assert handled == list(range(COUNT))
    finally:
        release.set()
        await broker.stop()
