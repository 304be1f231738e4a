"""intake's subscriber for organization access: an approved usage request or periodic report
(status 完了 of a USE / RPT application) grants or renews access. Its own consumer group, so
it receives every status event independently of the status mirror."""

import asyncpg
from faststream.kafka import KafkaRouter
from residency_contracts import ApplicationStatus, ApplicationStatusChanged, Procedure
from residency_contracts.topics import STATUS
from residency_messaging.kafka import subscriber
from residency_messaging.runtime import Runtime

from .access import grant

CONSUMER = "intake-organizations"
ORGANIZATION_PROCEDURES = (Procedure.USE, Procedure.RPT)


async def status_changed(pool: asyncpg.Pool, event: ApplicationStatusChanged, days: int
                         ) -> bool:
    """Grant once per application (the grant row makes redeliveries change nothing)."""
    if event.procedure not in ORGANIZATION_PROCEDURES or (
            event.status is not ApplicationStatus.COMPLETED):
        return False
    async with pool.acquire() as conn, conn.transaction():
        return await grant(conn, event.application_id, event.occurred_at, days)


def routers(rt: Runtime) -> list[KafkaRouter]:
    router = KafkaRouter()
    days: int = getattr(rt.settings, "organization_access_days", 365)

    @subscriber(router, STATUS.name, CONSUMER,
                description="Approved usage requests and periodic reports grant access.")
    async def on_status_changed(event: ApplicationStatusChanged) -> None:
        await status_changed(rt.pool, event, days)

    return [router]
