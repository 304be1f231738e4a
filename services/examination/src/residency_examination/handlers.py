"""Receiving filed applications (the `ApplicationFiled` event): 処理待ち, then 申請完了 with a
provisional receipt number — unless the duplicate-hold rule (`duplicate_hold`) holds it in
処理待ち until the other application ends. Periodic reports get their receipt number
(定期報告受付番号) at once. Each event is handled once (`exactly_once`: inbox, effect and
messages in one unit of work); every status comes from the lifecycle table (`domain`)."""

import json
from datetime import datetime
from typing import Any

import asyncpg
from residency_contracts import (
    ApplicationFiled,
    ApplicationStatus,
    Procedure,
    SendProvisionalReceiptNumber,
)
from residency_contracts.topics import SEND_EMAIL, STATUS
from residency_messaging.unit_of_work import AsyncpgUnitOfWork, UnitOfWork, exactly_once

from . import announce, cesr, emails, numbers
from .domain import Application
from .duplicate_hold import HOLD, Filed, held
from .number_formats import provisional_receipt_number, receipt_number
from .receipt_number_day import tokyo_day

CONSUMER = "examination"


async def _person_lock(conn: asyncpg.Connection, applicant_key: str, procedure: str) -> None:
    """Serializes receptions of one person and procedure (not a global lock)."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                       f"person|{applicant_key}|{procedure}")


def _filed(row: Any) -> Filed:
    return Filed(row["id"], row["organization_id"], row["status"], row["hold"])


async def _held(conn: asyncpg.Connection, row: Any) -> bool:
    """The duplicate-hold rule over the person's applications of the same procedure."""
    others = await conn.fetch(
        "SELECT id, organization_id, status, hold FROM applications "
        "WHERE applicant_key = $1 AND procedure = $2 AND id <> $3",
        row["applicant_key"], row["procedure"], row["id"])
    return held(_filed(row), map(_filed, others))


def _lifecycle(row: Any) -> Application:
    return Application(ApplicationStatus(row["status"]), row["sequence"],
                       Procedure(row["procedure"]))


async def accept(uow: UnitOfWork, row: asyncpg.Record, now: datetime) -> None:
    """処理待ち → 申請完了 (the table's `accept`) with a provisional number (and an RPT's
    receipt number) + emails."""
    conn = uow.conn
    procedure, day = Procedure(row["procedure"]), tokyo_day(now)
    status = _lifecycle(row).apply("accept")
    serial = await numbers.next_serial(conn, "provisional", row["bureau"], procedure, day)
    changes: dict[str, Any] = {"status": status, "hold": None,
                               "provisional_receipt_number": provisional_receipt_number(
                                   row["bureau"], procedure, day, serial)}
    if procedure == Procedure.RPT:
        serial = await numbers.next_serial(conn, "receipt", row["bureau"], procedure, day)
        changes["receipt_number"] = receipt_number(row["bureau"], procedure, day, serial)
    row = await announce.change(uow, row["id"], now, **changes)
    uow.publish(SEND_EMAIL, SendProvisionalReceiptNumber(
        to=json.loads(row["provisional_to"] or row["notification_emails"]),
        application_id=row["id"],
        reference_number=row["reference_number"],
        provisional_receipt_number=row["provisional_receipt_number"], procedure=procedure))
    if procedure == Procedure.RPT:
        emails.receipt_number(uow, row, row["receipt_number"])


async def receive(uow: UnitOfWork, event: ApplicationFiled, now: datetime) -> None:
    """A filed application: recorded 処理待ち (the table's `receive`), then held or accepted."""
    conn = uow.conn
    await _person_lock(conn, event.applicant_key, event.procedure)
    app = Application(procedure=event.procedure)
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
    if await _held(conn, row):
        row = await conn.fetchrow("UPDATE applications SET hold = $2 WHERE id = $1 "
                                  "RETURNING *", row["id"], HOLD)
        uow.publish(STATUS, announce.event_of(row, None, now))
        return
    uow.publish(STATUS, announce.event_of(row, None, now))
    await accept(uow, row, now)


async def application_filed(pool: asyncpg.Pool, event: ApplicationFiled, now: datetime) -> None:
    await exactly_once(AsyncpgUnitOfWork(pool, CONSUMER), event.event_id,
                       lambda uow: receive(uow, event, now))


async def release_holds(uow: UnitOfWork, ended: asyncpg.Record, now: datetime) -> int:
    """After `ended` completed or was denied: accept the applications it was holding back
    (in filing order, each checked again)."""
    conn = uow.conn
    await _person_lock(conn, ended["applicant_key"], ended["procedure"])
    waiting = await conn.fetch(
        "SELECT * FROM applications WHERE applicant_key = $1 AND procedure = $2 "
        "AND hold IS NOT NULL ORDER BY filed_at FOR UPDATE", ended["applicant_key"],
        ended["procedure"])
    released = 0
    for row in waiting:
        if not await _held(conn, row):
            await accept(uow, row, now)
            released += 1
    return released
