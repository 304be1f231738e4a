"""The consumers' opening (`exactly_once`), on a unit of work in memory: the handler runs for
the first delivery only, its messages go out only when it succeeds."""

from uuid import uuid4

import pytest
from residency_contracts import ApplicationStatus, ApplicationStatusChanged, Procedure
from residency_contracts.topics import STATUS
from residency_messaging.unit_of_work import UnitOfWork, already_processed, exactly_once

from tests.unit.fake_unit_of_work import FakeUnitOfWork


def changed() -> ApplicationStatusChanged:
    return ApplicationStatusChanged(
        application_id=uuid4(), sequence=1, procedure=Procedure.EXT, organization_id=None,
        previous_status=None, status=ApplicationStatus.PENDING, reference_number="0000000018")


async def test_the_first_delivery_runs_the_handler_and_publishes_its_messages() -> None:
    uow, event_id, message = FakeUnitOfWork(), uuid4(), changed()

    async def handler(u: UnitOfWork) -> str:
        u.publish(STATUS, message)
        return "done"

    assert await exactly_once(uow, event_id, handler) == "done"
    assert uow.published == [(STATUS, message)] and event_id in uow.inbox


async def test_a_redelivery_runs_nothing_and_publishes_nothing() -> None:
    event_id = uuid4()
    uow = FakeUnitOfWork(processed={event_id})
    ran = []

    async def handler(u: UnitOfWork) -> None:
        ran.append(1)
        u.publish(STATUS, changed())

    assert await exactly_once(uow, event_id, handler) is None
    assert ran == [] and uow.published == []


async def test_a_failing_handler_publishes_nothing_and_stays_unprocessed() -> None:
    uow, event_id = FakeUnitOfWork(), uuid4()

    async def handler(u: UnitOfWork) -> None:
        u.publish(STATUS, changed())
        raise RuntimeError("the effect failed")

    with pytest.raises(RuntimeError):  # the dead-letter middleware retries it
        await exactly_once(uow, event_id, handler)
    assert uow.published == [] and event_id not in uow.inbox and uow.rolled_back == 1
    assert not await already_processed(uow, event_id)  # a retry runs it again
