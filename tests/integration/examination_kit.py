"""Helpers for examination's integration tests: a pool on its database with the tables, an
outbox relay (so what the handlers enqueue reaches Kafka), filings and commands with explicit
clocks. Times are in 2031 so the running services' real-clock timers never touch these rows."""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
from residency_contracts import ApplicationFiled
from residency_contracts.topics import SEND_EMAIL, STATUS
from residency_messaging import migrations
from residency_messaging.db import create_pool
from residency_messaging.kafka import make_producer
from residency_messaging.outbox import OutboxRelay
from residency_messaging.settings import KafkaSettings

from tests.helpers import TopicReader

EXAMINER = uuid.uuid4()


@dataclass
class Kit:
    pool: asyncpg.Pool
    bootstrap: str


async def kit(stack: Any) -> AsyncIterator[Kit]:
    pool = await create_pool(stack.database_url("examination"))
    await migrations.upgrade("examination", stack.database_url("examination"))
    producer = make_producer(KafkaSettings(kafka_bootstrap=stack.kafka_bootstrap))
    await producer.start()
    relay = OutboxRelay(pool, producer)
    await relay.start()
    try:
        yield Kit(pool, stack.kafka_bootstrap)
    finally:
        await relay.stop()
        await producer.stop()
        await pool.close()


def filing(at: datetime, procedure: str = "EXT", **kw: Any) -> ApplicationFiled:
    return ApplicationFiled(**{
        "application_id": uuid.uuid4(), "procedure": procedure,
        "organization_id": uuid.uuid4(), "bureau": "東", "reference_number": "0000000018",
        "filed_at": at, "notification_emails": [f"{uuid.uuid4().hex[:10]}@example.com"],
        "applicant_key": uuid.uuid4().hex, **kw})


async def row(pool: asyncpg.Pool, app_id: uuid.UUID) -> asyncpg.Record:
    return await pool.fetchrow("SELECT * FROM applications WHERE id = $1", app_id)


async def published(k: Kit, app_id: uuid.UUID, *, statuses: int, emails: int
                    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The status events and email commands of one application, once at least that many."""
    mine = str(app_id)

    def split(r: TopicReader) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        return ([v for v in r.values(STATUS.name) if v.get("application_id") == mine],
                [v for v in r.values(SEND_EMAIL.name) if v.get("application_id") == mine])

    async with TopicReader(k.bootstrap, STATUS.name, SEND_EMAIL.name) as reader:
        await reader.until(lambda r: len(split(r)[0]) >= statuses and len(split(r)[1]) >= emails,
                           what=f"{statuses} statuses and {emails} emails")
        return split(reader)
