"""Lifespan of a service: pool, migrations, topics, broker with dead letters, outbox relay.

Nothing connects at import time: `Runtime.start()` is called from a lifespan.
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer
from faststream.kafka import KafkaBroker, KafkaRouter
from residency_contracts import ALL_TOPICS, dead_letter_spec, dead_letter_topic

from . import commits, migrations, sealing
from .db import create_pool
from .deadletter import dead_letter_middleware
from .kafka import broker_security, ensure_topics, make_producer
from .outbox import OutboxRelay
from .settings import ServiceSettings

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    service: str
    settings: ServiceSettings
    routers: Callable[["Runtime"], Iterable[KafkaRouter]] = lambda _rt: ()
    background: Callable[["Runtime"], Iterable[Coroutine[Any, Any, None]]] = lambda _rt: ()
    """Long-running tasks of the service (timers, purges), started after the broker."""
    pool: asyncpg.Pool = field(init=False)
    producer: AIOKafkaProducer = field(init=False)
    broker: KafkaBroker = field(init=False)
    relay: OutboxRelay = field(init=False)

    async def start(self) -> None:
        s = self.settings
        key = getattr(s, "mail_sealing_key", None)  # the services that seal or open secrets
        if key is not None:
            sealing.configure(key.get_secret_value())
        self.pool = await create_pool(s.database_url.get_secret_value())
        await migrations.prepare(self.service, s)
        dlq = dead_letter_topic(self.service)
        await ensure_topics(s, [*ALL_TOPICS, dead_letter_spec(self.service)])
        self.producer = make_producer(s)
        await self.producer.start()
        self.relay = OutboxRelay(self.pool, self.producer)
        await self.relay.start()
        self.broker = KafkaBroker(
            s.kafka_bootstrap, logger=log, security=broker_security(s),
            middlewares=[dead_letter_middleware(
                self.producer, dlq, attempts=s.consumer_attempts, backoff_s=s.retry_backoff_s)])
        for router in self.routers(self):
            self.broker.include_router(router)
        await self.broker.start()
        self._tasks = [asyncio.create_task(job) for job in self.background(self)]
        log.info("service started", extra={"http_port": s.http_port})

    async def stop(self) -> None:
        for task in getattr(self, "_tasks", []):
            task.cancel()
        for step in (commits.flush_all, self.broker.stop, self.relay.stop, self.producer.stop,
                     self.pool.close):
            with contextlib.suppress(Exception):
                await step()

    async def ready(self) -> bool:
        try:
            async with asyncio.timeout(2):
                await self.pool.fetchval("SELECT 1")
                return bool(await self.broker.ping(timeout=2))
        except Exception:
            return False
