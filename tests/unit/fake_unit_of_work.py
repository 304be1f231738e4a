"""A unit of work in memory (cosmicpython's FakeUnitOfWork): an inbox set, the published
messages, whether it committed, and a connection that records statements (or refuses any,
for paths that must not touch the database)."""

from types import TracebackType
from typing import Any, Self
from uuid import UUID

from pydantic import BaseModel
from residency_contracts.topics import Topic


class FakeConnection:
    """Records `execute`; answers `fetch*` from `answers` (in order); None = refuse any."""

    def __init__(self, answers: list[Any] | None = None) -> None:
        self.answers = answers
        self.executed: list[tuple[str, tuple[Any, ...]]] = []

    def _answer(self, sql: str) -> Any:
        if self.answers is None or not self.answers:
            raise AssertionError(f"unexpected query: {sql}")
        return self.answers.pop(0)

    async def execute(self, sql: str, *args: Any) -> str:
        if self.answers is None:
            raise AssertionError(f"unexpected statement: {sql}")
        self.executed.append((sql, args))
        return "OK"

    async def fetchrow(self, sql: str, *args: Any) -> Any:
        return self._answer(sql)

    async def fetchval(self, sql: str, *args: Any) -> Any:
        return self._answer(sql)

    async def fetch(self, sql: str, *args: Any) -> Any:
        return self._answer(sql)


class FakeUnitOfWork:
    def __init__(self, processed: set[UUID] | None = None,
                 conn: FakeConnection | None = None) -> None:
        self.inbox: set[UUID] = processed if processed is not None else set()
        self._conn = conn or FakeConnection()
        self.published: list[tuple[Topic, BaseModel]] = []
        self._pending: list[tuple[Topic, BaseModel]] = []
        self._pending_inbox: set[UUID] = set()
        self.opened = self.committed = self.rolled_back = 0

    @property
    def conn(self) -> Any:
        return self._conn

    async def first_delivery(self, event_id: UUID) -> bool:
        if event_id in self.inbox or event_id in self._pending_inbox:
            return False
        self._pending_inbox.add(event_id)
        return True

    async def processed(self, event_id: UUID) -> bool:
        return event_id in self.inbox

    def publish(self, topic: Topic, message: BaseModel) -> None:
        topic.address(message)
        self._pending.append((topic, message))

    async def __aenter__(self) -> Self:
        self.opened += 1
        self._pending, self._pending_inbox = [], set()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if exc_type is None:
            self.published += self._pending
            self.inbox |= self._pending_inbox
            self.committed += 1
        else:
            self.rolled_back += 1
        self._pending, self._pending_inbox = [], set()
