"""The unit of work: one transaction that owns the inbox check and the outbox (cosmicpython's
`unit_of_work.py`, on asyncpg), so no handler opens a transaction, checks the inbox or writes
the outbox itself.

    async with AsyncpgUnitOfWork(pool, consumer="examination") as uow:
        if not await uow.first_delivery(event.event_id):
            return                       # a redelivery: nothing changes
        await uow.conn.execute(...)      # the effect
        uow.publish(STATUS, changed)     # type-checked now, written to the outbox at commit

A clean exit writes the published messages to the outbox (in publishing order, one round trip)
and commits; an exception rolls back the effect, the inbox row and the messages together and
propagates, so the dead-letter middleware retries and then dead-letters as before.
`exactly_once` is the opening every consumer shares: the inbox check, then the handler, in one
unit of work. Timers use a unit of work without a consumer (no inbox).
"""

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from types import TracebackType
from typing import Protocol, Self, TypeVar
from uuid import UUID

import asyncpg
from pydantic import BaseModel
from residency_contracts.topics import Topic

from . import inbox
from .outbox import enqueue_many

R = TypeVar("R")


class UnitOfWork(Protocol):
    """What a handler sees: the connection of the open transaction, the inbox, the outbox."""

    @property
    def conn(self) -> asyncpg.Connection: ...

    async def first_delivery(self, event_id: UUID) -> bool:
        """Record `event_id` as processed by this consumer: True the first time, False for a
        redelivery (then the handler changes nothing)."""
        ...

    async def processed(self, event_id: UUID) -> bool:
        """Whether `event_id` is already recorded, without recording it (a check before slow
        work; the effect's own unit of work records it with `first_delivery`)."""
        ...

    def publish(self, topic: Topic, message: BaseModel) -> None:
        """Publish `message` on `topic` if this unit of work commits (type checked here)."""
        ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> bool | None: ...


class AsyncpgUnitOfWork:
    """A unit of work on a connection of `pool`; `consumer` names the inbox it checks."""

    def __init__(self, pool: asyncpg.Pool, consumer: str | None = None) -> None:
        self.pool, self.consumer = pool, consumer
        self._conn: asyncpg.Connection | None = None
        self._published: list[tuple[Topic, BaseModel]] = []
        self._scope: contextlib.AbstractAsyncContextManager[None] | None = None

    @property
    def conn(self) -> asyncpg.Connection:
        if self._conn is None:
            raise RuntimeError("the unit of work is not open (use `async with`)")
        return self._conn

    def _inbox(self) -> str:
        if not self.consumer:
            raise RuntimeError("a unit of work without a consumer has no inbox")
        return self.consumer

    async def first_delivery(self, event_id: UUID) -> bool:
        return await inbox.first_delivery(self.conn, self._inbox(), event_id)

    async def processed(self, event_id: UUID) -> bool:
        return await inbox.processed(self.conn, self._inbox(), event_id)

    def publish(self, topic: Topic, message: BaseModel) -> None:
        topic.address(message)  # a wrong type fails at the call, not at commit
        self._published.append((topic, message))

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[None]:
        # asyncpg's own context managers: rollback and release exactly as a handler that
        # wrote `async with pool.acquire() as conn, conn.transaction()` had them.
        async with self.pool.acquire() as conn, conn.transaction():
            self._conn, self._published = conn, []
            try:
                yield
                await enqueue_many(conn, self._published)
            finally:
                self._conn, self._published = None, []

    async def __aenter__(self) -> Self:
        if self._scope is not None:
            raise RuntimeError("this unit of work is already open")
        self._scope = self._transaction()
        await self._scope.__aenter__()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> bool | None:
        scope, self._scope = self._scope, None
        assert scope is not None
        return await scope.__aexit__(exc_type, exc, tb)


async def exactly_once(uow: UnitOfWork, event_id: UUID,
                       handler: Callable[[UnitOfWork], Awaitable[R]]) -> R | None:
    """The opening every consumer shares: in one unit of work, record `event_id` in the inbox
    and run `handler` — or, for a redelivery, nothing at all (None)."""
    async with uow:
        if not await uow.first_delivery(event_id):
            return None
        return await handler(uow)


async def already_processed(uow: UnitOfWork, event_id: UUID) -> bool:
    """For a handler that does slow work before its effect: is `event_id` already processed?
    (Its effect then runs in `exactly_once`, which records it.)"""
    async with uow:
        return await uow.processed(event_id)
