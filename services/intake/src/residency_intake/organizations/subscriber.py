"""intake's subscriber for organization access: an approved usage request or periodic report
(status 完了 of a USE / RPT application) grants or renews access. Its own consumer group, so
it receives every status event independently of the status mirror."""

import asyncpg
from faststream.kafka import KafkaRouter
from residency_contracts import ApplicationStatus, ApplicationStatusChanged, Procedure
from residency_contracts.topics import STATUS
from residency_messaging.kafka import subscriber
from residency_messaging.runtime import Runtime
from residency_messaging.unit_of_work import AsyncpgUnitOfWork, UnitOfWork

from .access import grant

CONSUMER = "intake-organizations"
ORGANIZATION_PROCEDURES = (Procedure.USE, Procedure.RPT)


def grants_access(event: ApplicationStatusChanged) -> bool:
    """An approved usage request or periodic report (完了 of a USE / RPT application)."""
    return event.procedure in ORGANIZATION_PROCEDURES and (
        event.status is ApplicationStatus.COMPLETED)


async def status_changed(pool: asyncpg.Pool, event: ApplicationStatusChanged, days: int
                         ) -> bool:
    return await on_status(AsyncpgUnitOfWork(pool), event, days)


async def on_status(uow: UnitOfWork, event: ApplicationStatusChanged, days: int) -> bool:
    """Grant once per application: the grant row (not the inbox) makes redeliveries change
    nothing, so this consumer's unit of work has no inbox check."""
    if not grants_access(event):
        return False
    async with uow:
        return await grant(uow.conn, event.application_id, event.occurred_at, days)


def routers(rt: Runtime) -> list[KafkaRouter]:
    router = KafkaRouter()
    days: int = getattr(rt.settings, "organization_access_days", 365)

    @subscriber(router, STATUS.name, CONSUMER,
                description="Approved usage requests and periodic reports grant access.")
    async def on_status_changed(event: ApplicationStatusChanged) -> None:
        await status_changed(rt.pool, event, days)

    return [router]
