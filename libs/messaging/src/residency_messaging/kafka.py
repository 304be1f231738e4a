"""Kafka plumbing shared by the services: topics, producer, subscriber defaults."""

import logging
from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from aiokafka.helpers import create_ssl_context
from faststream.kafka import KafkaRouter
from faststream.middlewares import AckPolicy
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512
from residency_contracts import Topic, consumer_group

from .commits import INTERVAL_S, batched_parser
from .settings import KafkaSettings

log = logging.getLogger(__name__)


def client_options(settings: KafkaSettings) -> dict[str, Any]:
    """aiokafka keyword arguments for bootstrap, TLS and SASL, shared by every client kind."""
    options: dict[str, Any] = {"bootstrap_servers": settings.kafka_bootstrap,
                               "security_protocol": settings.kafka_security_protocol}
    if settings.kafka_security_protocol in ("SSL", "SASL_SSL"):
        options["ssl_context"] = create_ssl_context(cafile=settings.kafka_ca_file)
    if settings.kafka_security_protocol.startswith("SASL_"):
        assert settings.kafka_sasl_password is not None
        options.update(sasl_mechanism=settings.kafka_sasl_mechanism,
                       sasl_plain_username=settings.kafka_sasl_username,
                       sasl_plain_password=settings.kafka_sasl_password.get_secret_value())
    return options


def broker_security(settings: KafkaSettings) -> BaseSecurity | None:
    """The same options in FastStream's terms, for `KafkaBroker(security=…)`."""
    options = client_options(settings)
    ctx = options.get("ssl_context")
    if "sasl_mechanism" not in options:
        return BaseSecurity(ssl_context=ctx) if ctx is not None else None
    kind = {"SCRAM-SHA-512": SASLScram512, "SCRAM-SHA-256": SASLScram256,
            "PLAIN": SASLPlaintext}[options["sasl_mechanism"]]
    return kind(options["sasl_plain_username"], options["sasl_plain_password"],  # type: ignore[abstract]
                ssl_context=ctx, use_ssl=ctx is not None)


def admin_client(settings: KafkaSettings) -> AIOKafkaAdminClient:
    return AIOKafkaAdminClient(**client_options(settings))


async def ensure_topics(settings: KafkaSettings, topics: Iterable[Topic]) -> None:
    """Create the declared topics that are missing, with their partitions and configuration
    (replicas capped by the brokers there are). Off when `kafka_create_topics` is false: on
    Strimzi, the `KafkaTopic` resources rendered from the same declarations own them."""
    if not settings.kafka_create_topics:
        return
    admin = admin_client(settings)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        brokers = len((await admin.describe_cluster())["brokers"]) or 1
        missing = [NewTopic(t.name, t.partitions, min(t.replicas, brokers),
                            topic_configs={**t.config, "min.insync.replicas":
                                           str(min(t.min_insync_replicas, brokers))})
                   for t in topics if t.name not in existing]
        if missing:
            try:
                await admin.create_topics(missing)
            except TopicAlreadyExistsError:
                pass
    finally:
        await admin.close()


def make_producer(settings: KafkaSettings) -> AIOKafkaProducer:
    # No idempotent producer: Tansu lacks it; consumers de-duplicate on event_id instead.
    return AIOKafkaProducer(**client_options(settings), acks="all", linger_ms=5)


def subscriber(router: KafkaRouter, topic: str, group: str, *,
               session_timeout_ms: int = 6000, commit_interval_s: float = INTERVAL_S,
               **extra: Any) -> Any:
    """At-least-once subscriber: offsets committed only after the handler (or the DLQ) is done,
    several together at most `commit_interval_s` later (see `commits`; 0: one by one).

    One consumer group per (service, topic), so a service's subscribers never make each
    other rebalance."""
    return router.subscriber(
        topic, group_id=consumer_group(group, topic), auto_offset_reset="earliest",
        ack_policy=AckPolicy.NACK_ON_ERROR, session_timeout_ms=session_timeout_ms,
        heartbeat_interval_ms=max(session_timeout_ms // 6, 100),
        parser=batched_parser(commit_interval_s), **extra)
