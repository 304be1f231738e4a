"""The drain is bounded: a handler still running at the drain deadline is cancelled, the
service stops anyway, and that message's offset stays uncommitted (delivered again to the
next owner) while the ones handled before it are committed."""

import asyncio
import json
import time
import uuid

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from faststream.kafka import KafkaRouter
from residency_contracts import consumer_group
from residency_messaging.kafka import subscriber
from residency_messaging.runtime import Runtime
from residency_messaging.settings import ServiceSettings

from tests.helpers import publish

STUCK = 2  # the third message never finishes


async def test_a_handler_stuck_past_the_drain_timeout_is_cut_off_and_left_uncommitted(
        stack) -> None:  # type: ignore[no-untyped-def]
    topic, group = f"drain-bound-{uuid.uuid4().hex[:8]}", "examination-drain-bound"
    admin = AIOKafkaAdminClient(bootstrap_servers=stack.kafka_bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    finally:
        await admin.close()
    handled: list[int] = []
    stuck, cancelled = asyncio.Event(), asyncio.Event()

    def routers(_rt: Runtime) -> list[KafkaRouter]:
        router = KafkaRouter()

        @subscriber(router, topic, group)
        async def on_message(message: dict[str, int]) -> None:
            if message["n"] == STUCK:
                stuck.set()
                try:
                    await asyncio.Event().wait()
                except asyncio.CancelledError:
                    cancelled.set()
                    raise
            handled.append(message["n"])

        return [router]

    settings = ServiceSettings(database_url=stack.database_url("examination"),  # type: ignore[arg-type]
                               kafka_bootstrap=stack.kafka_bootstrap, drain_timeout_s=2)
    runtime = Runtime("examination", settings, routers)
    await runtime.start()
    try:
        for n in range(STUCK + 2):
            await publish(stack.kafka_bootstrap, topic, json.dumps({"n": n}).encode())
        await asyncio.wait_for(stuck.wait(), timeout=30)
    finally:
        t0 = time.monotonic()
        runtime.begin_drain()
        assert not await runtime.ready()
        await asyncio.wait_for(runtime.stop(), timeout=30)
        took = time.monotonic() - t0
    reader = AIOKafkaConsumer(bootstrap_servers=stack.kafka_bootstrap,
                              group_id=consumer_group(group, topic), enable_auto_commit=False)
    await reader.start()  # never subscribes: only reads the committed offset
    try:
        committed = await reader.committed(TopicPartition(topic, 0))
    finally:
        await reader.stop()
    print(f"\ndrain with a stuck handler (DRAIN_TIMEOUT_S=2): stopped in {took:.2f}s, "
          f"committed offset {committed}")
    assert handled == list(range(STUCK))
    assert cancelled.is_set()
    assert committed == STUCK  # 0 and 1 committed; 2 (and 3, never taken) delivered again
