"""Lifespan of a service: pool, migrations, topics, broker with dead letters, outbox relay.

Nothing connects at import time nor when a service is assembled (its `bootstrap`):
`Runtime.start()` is called from a lifespan.

Stopping is a drain (`begin_drain`, at SIGTERM; then `stop`, the lifespan's end): not ready
at once; no new messages taken; the handlers in flight finish; their offsets are committed;
the consumers leave their groups, so the partitions go to the other replicas at once rather
than after the session timeout; the background tasks end; what is already committed in the
outbox is published; the producer flushes. All of it within the drain deadline (settings
`drain_timeout_s`, after `shutdown_delay_s`): what is still running then is cancelled and
delivered again later (at-least-once; every consumer de-duplicates).
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from aiokafka import AIOKafkaProducer
from faststream.kafka import KafkaBroker, KafkaRouter
from residency_contracts import ALL_TOPICS, dead_letter_spec, dead_letter_topic

from . import commits, migrations
from .db import create_pool
from .deadletter import dead_letter_middleware
from .kafka import broker_security, ensure_topics, make_producer
from .metrics import Probe
from .outbox import OutboxRelay
from .sealing import Sealer
from .settings import ServiceSettings

log = logging.getLogger(__name__)

def close_reserve(drain_timeout_s: float) -> float:
    """Of the drain timeout, what the in-flight work leaves for the commits, leaving the
    groups, the outbox flush and closing: 3 s (a quarter of shorter timeouts)."""
    return min(3.0, drain_timeout_s / 4)


@dataclass
class Runtime:
    service: str
    settings: ServiceSettings
    routers: Callable[["Runtime"], Iterable[KafkaRouter]] = lambda _rt: ()
    background: Callable[["Runtime"], Iterable[Coroutine[Any, Any, None]]] = lambda _rt: ()
    """Long-running tasks of the service (timers, purges), started after the broker."""
    scrape_probes: list[Probe] = field(default_factory=list)
    """Gauges refreshed from the database when /metrics is scraped (the outbox's always)."""
    sealer: Sealer | None = None
    """The keys of the services that seal or open secrets (intake, notify): the pool carries
    them, so `outbox.enqueue` seals with them."""
    pool: asyncpg.Pool = field(init=False)
    producer: AIOKafkaProducer = field(init=False)
    broker: KafkaBroker = field(init=False)
    relay: OutboxRelay = field(init=False)
    draining: bool = field(init=False, default=False)
    """Set by `begin_drain`: `ready()` is false from then on."""
    _deadline: float = field(init=False, default=0.0)
    _consumers_drained: "asyncio.Task[None] | None" = field(init=False, default=None)

    async def start(self) -> None:
        s = self.settings
        self.pool = await create_pool(s.database_url.get_secret_value(), sealer=self.sealer)
        await migrations.prepare(self.service, s)
        dlq = dead_letter_topic(self.service)
        await ensure_topics(s, [*ALL_TOPICS, dead_letter_spec(self.service)])
        self.producer = make_producer(s)
        await self.producer.start()
        self.relay = OutboxRelay(self.pool, self.producer, service=self.service)
        await self.relay.start()
        self.broker = KafkaBroker(
            s.kafka_bootstrap, logger=log, security=broker_security(s),
            graceful_timeout=None,  # the drain waits for the handlers itself, bounded (below)
            middlewares=[dead_letter_middleware(
                self.producer, dlq, attempts=s.consumer_attempts, backoff_s=s.retry_backoff_s,
                service=self.service)])
        for router in self.routers(self):
            self.broker.include_router(router)
        await self.broker.start()
        self._tasks = [asyncio.create_task(job) for job in self.background(self)]
        log.info("service started", extra={"http_port": s.http_port})

    def begin_drain(self) -> None:
        """Not ready from now on; stop taking messages and let those in flight finish, then
        commit and leave the groups (in the background; `stop` waits for it). Idempotent."""
        if self.draining:
            return
        s = self.settings
        self.draining = True
        self._deadline = time.monotonic() + s.shutdown_delay_s + s.drain_timeout_s
        log.info("draining: not ready", extra={"shutdown_delay_s": s.shutdown_delay_s,
                                               "drain_timeout_s": s.drain_timeout_s})
        if hasattr(self, "broker"):
            self._consumers_drained = asyncio.create_task(self._drain_consumers(),
                                                          name="drain-consumers")

    def _left(self, reserve: float = 0.0) -> float:
        """Seconds until the drain deadline (less `reserve`); never below a short floor, so
        each closing step gets its chance."""
        return max(0.5, self._deadline - reserve - time.monotonic())

    async def _drain_consumers(self) -> None:
        t0 = time.monotonic()
        subscribers = list(self.broker.subscribers)
        for sub in subscribers:  # their consume loops end after the message in hand
            sub.running = False
        locks: list[Any] = [sub.lock for sub in subscribers  # FastStream's MultiLock
                            if hasattr(sub.lock, "wait_release")]
        in_flight = sum(lock.qsize for lock in locks)
        budget = self._left(reserve=close_reserve(self.settings.drain_timeout_s))
        await asyncio.gather(*(lock.wait_release(budget) for lock in locks))
        unfinished = sum(lock.qsize for lock in locks)
        t1 = time.monotonic()
        try:
            async with asyncio.timeout(self._left()):
                await commits.flush_all()
        except TimeoutError:
            log.warning("offset commits did not finish; those messages will be delivered again")
        t2 = time.monotonic()
        try:  # stops the consumers: each leaves its group; leftovers are cancelled
            async with asyncio.timeout(self._left()):
                await self.broker.stop()
        except Exception as exc:  # noqa: BLE001 - stopping goes on
            log.warning("broker stop failed", extra={"error": f"{type(exc).__name__}: {exc}"})
        log.info("consumers drained", extra={
            "in_flight": in_flight, "cancelled": unfinished, "handlers_s": round(t1 - t0, 3),
            "commit_s": round(t2 - t1, 3), "leave_s": round(time.monotonic() - t2, 3)})

    async def stop(self) -> None:
        """The rest of the drain (see the module): called at the end of the lifespan, after
        the HTTP server has finished its requests."""
        t0 = time.monotonic()
        self.begin_drain()
        if self._consumers_drained is not None:
            with contextlib.suppress(Exception):
                await self._consumers_drained
        tasks = getattr(self, "_tasks", [])
        for task in tasks:
            task.cancel()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._left()):
                await asyncio.gather(*tasks, return_exceptions=True)
        if hasattr(self, "relay"):
            with contextlib.suppress(Exception):
                await self.relay.stop(flush_s=self._left())
        if hasattr(self, "producer"):
            with contextlib.suppress(Exception):
                async with asyncio.timeout(self._left()):
                    await self.producer.stop()
        if hasattr(self, "pool"):
            try:
                async with asyncio.timeout(self._left()):
                    await self.pool.close()
            except Exception:  # noqa: BLE001 - a connection still held: cut it
                self.pool.terminate()
        log.info("stopped", extra={"stop_s": round(time.monotonic() - t0, 3)})

    async def ready(self) -> bool:
        if self.draining:
            return False
        try:
            async with asyncio.timeout(2):
                await self.pool.fetchval("SELECT 1")
                return bool(await self.broker.ping(timeout=2))
        except Exception:
            return False
