"""Kafka plumbing shared by the services: topics, producer, subscriber defaults."""

import logging
from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream.kafka import KafkaRouter
from faststream.middlewares import AckPolicy

from .commits import INTERVAL_S, batched_parser

log = logging.getLogger(__name__)


async def ensure_topics(bootstrap: str, names: Iterable[str], *, partitions: int = 3) -> None:
    """Create missing topics (on Strimzi, KafkaTopic resources do this; creating is harmless)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [NewTopic(n, partitions, 1) for n in names if n not in existing]
        if missing:
            try:
                await admin.create_topics(missing)
            except TopicAlreadyExistsError:
                pass
    finally:
        await admin.close()


def make_producer(bootstrap: str) -> AIOKafkaProducer:
    # No idempotent producer: Tansu lacks it; consumers de-duplicate on event_id instead.
    return AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)


def subscriber(router: KafkaRouter, topic: str, group: str, *,
               session_timeout_ms: int = 6000, commit_interval_s: float = INTERVAL_S,
               **extra: Any) -> Any:
    """At-least-once subscriber: offsets committed only after the handler (or the DLQ) is done,
    several together at most `commit_interval_s` later (see `commits`; 0: one by one).

    One consumer group per (service, topic), so a service's subscribers never make each
    other rebalance."""
    return router.subscriber(
        topic, group_id=f"{group}.{topic}", auto_offset_reset="earliest",
        ack_policy=AckPolicy.NACK_ON_ERROR, session_timeout_ms=session_timeout_ms,
        heartbeat_interval_ms=max(session_timeout_ms // 6, 100),
        parser=batched_parser(commit_interval_s), **extra)
