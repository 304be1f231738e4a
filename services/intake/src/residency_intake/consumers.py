"""intake's subscribers: verdicts from documents, statuses from examination."""

import asyncpg
from faststream.kafka import KafkaRouter
from residency_contracts import ApplicationStatusChanged, AttachmentChecked
from residency_contracts.topics import ATTACHMENT_CHECKED, STATUS
from residency_messaging.kafka import subscriber
from residency_messaging.runtime import Runtime
from residency_messaging.unit_of_work import AsyncpgUnitOfWork, UnitOfWork, exactly_once

from . import cesr_verify, purge
from .organizations import subscriber as organization_access

CONSUMER = "intake"


async def attachment_checked(pool: asyncpg.Pool, e: AttachmentChecked) -> None:
    await exactly_once(AsyncpgUnitOfWork(pool, CONSUMER), e.event_id,
                       lambda uow: show_verdict(uow, e))


async def show_verdict(uow: UnitOfWork, e: AttachmentChecked) -> None:
    """The verdict on the attachment's row (or, for a forgotten draft's file, its purge)."""
    updated = await uow.conn.execute(
        "UPDATE attachments SET code = $2, message_ja = $3, message_en = $4, bucket = $5, "
        "object_key = $6, checked_at = $7 WHERE id = $1",
        e.attachment_id, e.code, e.message_ja, e.message_en, e.bucket, e.object_key,
        e.occurred_at)
    if updated == "UPDATE 0":  # a forgotten draft's file (replaced bulk upload)
        await purge.verdict_arrived(uow.conn, e.attachment_id, e.bucket)


async def status_changed(pool: asyncpg.Pool, e: ApplicationStatusChanged) -> None:
    """Mirror a status event; an older or repeated sequence changes nothing. Its numbers,
    hold and an applied receipt-method change (RCV) are copied too."""
    await pool.execute(
        """UPDATE applications SET status = $2, status_sequence = $3,
               provisional_receipt_number = coalesce($4, provisional_receipt_number),
               receipt_number = coalesce($5, receipt_number),
               cesr_number = coalesce($6, cesr_number),
               cesr_issued_at = CASE WHEN $6::text IS NOT NULL AND cesr_number IS NULL
                                     THEN $9 ELSE cesr_issued_at END,
               hold = $7,
               content = CASE WHEN $8::text IS NULL THEN content
                              ELSE jsonb_set(content, '{receipt_method}', to_jsonb($8::text)) END
           WHERE id = $1 AND status_sequence < $3""",
        e.application_id, e.status, e.sequence, e.provisional_receipt_number, e.receipt_number,
        e.cesr_number, e.hold, e.receipt_method, e.occurred_at)


def routers(rt: Runtime) -> list[KafkaRouter]:
    router = KafkaRouter()

    @subscriber(router, ATTACHMENT_CHECKED.name, CONSUMER,
                description="Shows documents' verdict on the application.")
    async def on_attachment_checked(event: AttachmentChecked) -> None:
        await attachment_checked(rt.pool, event)

    @subscriber(router, STATUS.name, CONSUMER,
                description="Mirrors status and numbers for the status list.")
    async def on_status_changed(event: ApplicationStatusChanged) -> None:
        await status_changed(rt.pool, event)

    return [router, *organization_access.routers(rt), *cesr_verify.routers(rt)]
