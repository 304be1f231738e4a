"""The unit of work on the real database: effect, inbox row and outbox rows commit together
(the messages in publishing order, keyed by their topic's key field) or not at all."""

import json
import uuid
from collections.abc import AsyncIterator
from uuid import uuid4

import asyncpg
import pytest
from residency_contracts import ApplicationStatus, ApplicationStatusChanged, Procedure
from residency_contracts.examiner import TakeIntoExamination
from residency_contracts.topics import EXAMINATION_COMMANDS, STATUS, WrongMessage
from residency_messaging import migrations
from residency_messaging.db import create_pool
from residency_messaging.unit_of_work import AsyncpgUnitOfWork, UnitOfWork, exactly_once

CONSUMER = "uow-test"


@pytest.fixture
async def own_pool(stack) -> AsyncIterator[asyncpg.Pool]:  # type: ignore[no-untyped-def]
    # A database of its own: the session's services relay the shared outboxes.
    name = f"uow_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(stack.database_url("postgres"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = stack.database_url(name)
    await migrations.upgrade("documents", url)  # inbox and outbox tables
    pool = await create_pool(url)
    await pool.execute("CREATE TABLE effects (id uuid PRIMARY KEY)")
    try:
        yield pool
    finally:
        await pool.close()


def changed(sequence: int) -> ApplicationStatusChanged:
    return ApplicationStatusChanged(
        application_id=uuid4(), sequence=sequence, procedure=Procedure.EXT,
        organization_id=None, previous_status=None, status=ApplicationStatus.PENDING,
        reference_number="0000000018")


async def counts(pool: asyncpg.Pool) -> tuple[int, int, int]:
    return (await pool.fetchval("SELECT count(*) FROM effects"),
            await pool.fetchval("SELECT count(*) FROM inbox"),
            await pool.fetchval("SELECT count(*) FROM outbox"))


async def test_effect_inbox_and_messages_commit_together_once(own_pool) -> None:  # type: ignore[no-untyped-def]
    event_id, first, second = uuid4(), changed(1), changed(2)

    async def handler(uow: UnitOfWork) -> bool:
        await uow.conn.execute("INSERT INTO effects VALUES ($1)", uuid4())
        uow.publish(STATUS, first)
        uow.publish(STATUS, second)
        return True

    assert await exactly_once(AsyncpgUnitOfWork(own_pool, CONSUMER), event_id, handler)
    assert await exactly_once(AsyncpgUnitOfWork(own_pool, CONSUMER), event_id, handler) is None
    assert await counts(own_pool) == (1, 1, 2)
    rows = await own_pool.fetch("SELECT topic, key, payload, event_type FROM outbox ORDER BY id")
    assert [(r["topic"], r["key"], r["event_type"]) for r in rows] == [
        (STATUS.name, str(first.application_id), "ApplicationStatusChanged"),
        (STATUS.name, str(second.application_id), "ApplicationStatusChanged")]
    assert [json.loads(r["payload"])["sequence"] for r in rows] == [1, 2]


async def test_a_failing_handler_leaves_no_effect_no_inbox_row_and_no_message(own_pool) -> None:  # type: ignore[no-untyped-def]
    async def handler(uow: UnitOfWork) -> None:
        await uow.conn.execute("INSERT INTO effects VALUES ($1)", uuid4())
        uow.publish(STATUS, changed(1))
        raise RuntimeError("after the effect")

    event_id = uuid4()
    with pytest.raises(RuntimeError):
        await exactly_once(AsyncpgUnitOfWork(own_pool, CONSUMER), event_id, handler)
    assert await counts(own_pool) == (0, 0, 0)
    async with AsyncpgUnitOfWork(own_pool, CONSUMER) as uow:  # so the retry runs it
        assert not await uow.processed(event_id)


async def test_a_message_of_the_wrong_type_is_refused_before_anything_is_written(own_pool) -> None:  # type: ignore[no-untyped-def]
    async def handler(uow: UnitOfWork) -> None:
        await uow.conn.execute("INSERT INTO effects VALUES ($1)", uuid4())
        uow.publish(EXAMINATION_COMMANDS, changed(1))

    with pytest.raises(WrongMessage):
        await exactly_once(AsyncpgUnitOfWork(own_pool, CONSUMER), uuid4(), handler)
    assert await counts(own_pool) == (0, 0, 0)


async def test_a_unit_of_work_without_a_consumer_has_no_inbox(own_pool) -> None:  # type: ignore[no-untyped-def]
    async with AsyncpgUnitOfWork(own_pool) as uow:
        uow.publish(EXAMINATION_COMMANDS, TakeIntoExamination(application_id=uuid4(),
                                                              requested_by=uuid4()))
        with pytest.raises(RuntimeError, match="no inbox"):
            await uow.first_delivery(uuid4())
    assert await counts(own_pool) == (0, 0, 1)
