"""Receiving filed applications: 処理待ち, then 申請完了 with a provisional receipt number —
unless the same person has a live application of the same procedure through another
organization, in which case it is held in 処理待ち (`hold = 'duplicate_application'`) until
that one ends. Periodic reports get their receipt number (定期報告受付番号) at once."""

import json
from datetime import datetime
from typing import Any

import asyncpg
from residency_contracts import ApplicationFiled, Procedure, SendProvisionalReceiptNumber
from residency_contracts.topics import SEND_EMAIL, STATUS
from residency_messaging.inbox import first_delivery
from residency_messaging.outbox import enqueue

from . import announce, cesr, emails, numbers
from .domain import Application, provisional_receipt_number, receipt_number
from .schedule import LIVE, tokyo_day

CONSUMER = "examination"
DUPLICATE = "duplicate_application"


async def _person_lock(conn: asyncpg.Connection, applicant_key: str, procedure: str) -> None:
    """Serializes receptions of one person and procedure (not a global lock)."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                       f"person|{applicant_key}|{procedure}")


async def _blocked(conn: asyncpg.Connection, row: Any) -> bool:
    """A live application of the same person and procedure through another organization."""
    return bool(await conn.fetchval(
        "SELECT 1 FROM applications WHERE applicant_key = $1 AND procedure = $2 AND id <> $3 "
        "AND organization_id IS DISTINCT FROM $4 AND hold IS NULL AND status = ANY($5::text[]) "
        "LIMIT 1", row["applicant_key"], row["procedure"], row["id"], row["organization_id"],
        sorted(LIVE)))


async def accept(conn: asyncpg.Connection, row: asyncpg.Record, now: datetime) -> None:
    """処理待ち → 申請完了 with a provisional number (and an RPT's receipt number) + emails."""
    procedure, day = Procedure(row["procedure"]), tokyo_day(now)
    serial = await numbers.next_serial(conn, "provisional", row["bureau"], procedure, day)
    changes: dict[str, Any] = {"status": "filed", "hold": None,
                               "provisional_receipt_number": provisional_receipt_number(
                                   row["bureau"], procedure, day, serial)}
    if procedure == Procedure.RPT:
        serial = await numbers.next_serial(conn, "receipt", row["bureau"], procedure, day)
        changes["receipt_number"] = receipt_number(row["bureau"], procedure, day, serial)
    row = await announce.change(conn, row["id"], now, **changes)
    email = SendProvisionalReceiptNumber(
        to=json.loads(row["provisional_to"] or row["notification_emails"]),
        application_id=row["id"],
        reference_number=row["reference_number"],
        provisional_receipt_number=row["provisional_receipt_number"], procedure=procedure)
    await enqueue(conn, SEND_EMAIL.name, str(email.event_id), email)
    if procedure == Procedure.RPT:
        await emails.receipt_number(conn, row, row["receipt_number"])


async def application_filed(pool: asyncpg.Pool, event: ApplicationFiled, now: datetime) -> None:
    async with pool.acquire() as conn, conn.transaction():
        if not await first_delivery(conn, CONSUMER, event.event_id):
            return
        await _person_lock(conn, event.applicant_key, event.procedure)
        app = Application()
        app.apply("receive")
        row = await conn.fetchrow(
            """INSERT INTO applications (id, procedure, organization_id, bureau, reference_number,
                   applicant_key, notification_emails, filed_at, status, sequence, updated_at,
                   provisional_to)
               VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) ON CONFLICT (id) DO NOTHING
               RETURNING *""",
            event.application_id, event.procedure, event.organization_id, event.bureau,
            event.reference_number, event.applicant_key, json.dumps(event.notification_emails),
            event.filed_at, app.status, app.sequence, now,
            json.dumps(event.provisional_to) if event.provisional_to else None)
        if row is None:
            return
        await cesr.remember_particulars(conn, event)
        if await _blocked(conn, row):
            row = await conn.fetchrow("UPDATE applications SET hold = $2 WHERE id = $1 "
                                      "RETURNING *", row["id"], DUPLICATE)
            await enqueue(conn, STATUS.name, str(row["id"]), announce.event_of(row, None, now))
            return
        await enqueue(conn, STATUS.name, str(row["id"]), announce.event_of(row, None, now))
        await accept(conn, row, now)


async def release_holds(conn: asyncpg.Connection, ended: asyncpg.Record, now: datetime) -> int:
    """After `ended` completed or was denied: accept the applications it was holding back."""
    await _person_lock(conn, ended["applicant_key"], ended["procedure"])
    held = await conn.fetch(
        "SELECT * FROM applications WHERE applicant_key = $1 AND procedure = $2 "
        "AND hold IS NOT NULL ORDER BY filed_at FOR UPDATE", ended["applicant_key"],
        ended["procedure"])
    released = 0
    for row in held:
        if not await _blocked(conn, row):
            await accept(conn, row, now)
            released += 1
    return released
