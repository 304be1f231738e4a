"""Commands from intake (examiner actions): one transaction each — inbox, the new status,
the history row and the status event. An illegal command is recorded and publishes nothing."""

import logging
from datetime import datetime
from typing import Any

import asyncpg
from residency_contracts import ApplicationStatus, ApplicationStatusChanged, Procedure
from residency_contracts.topics import STATUS
from residency_messaging.inbox import first_delivery
from residency_messaging.outbox import enqueue

from .domain import Application, IllegalTransition, Role

log = logging.getLogger(__name__)
CONSUMER = "examination"

DDL = [
    """CREATE TABLE IF NOT EXISTS examination_actions (
        command_id uuid PRIMARY KEY, application_id uuid NOT NULL, action text NOT NULL,
        requested_by uuid NOT NULL, previous_status text, status text,
        accepted boolean NOT NULL, details jsonb NOT NULL, occurred_at timestamptz NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS examination_actions_by_app "
    "ON examination_actions (application_id, occurred_at)",
]

# Every command on the topic comes from intake's examiner API (bureau checked there).
ROLE_OF = {"take": Role.EXAMINER, "request_correction": Role.EXAMINER,
           "approve": Role.EXAMINER, "deny": Role.EXAMINER, "mark_delivered": Role.EXAMINER}


async def _record(conn: asyncpg.Connection, command: Any, previous: str | None,
                  status: str | None, accepted: bool, now: datetime) -> None:
    details = command.model_dump_json(
        exclude={"event_id", "occurred_at", "application_id", "requested_by", "action"})
    await conn.execute(
        "INSERT INTO examination_actions (command_id, application_id, action, requested_by, "
        "previous_status, status, accepted, details, occurred_at) "
        "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT DO NOTHING",
        command.event_id, command.application_id, command.action, command.requested_by,
        previous, status, accepted, details, now)


async def command_received(pool: asyncpg.Pool, command: Any, now: datetime) -> bool:
    """Apply one examination command; True when it changed the status."""
    async with pool.acquire() as conn, conn.transaction():
        if not await first_delivery(conn, CONSUMER, command.event_id):
            return False
        row = await conn.fetchrow("SELECT * FROM applications WHERE id = $1 FOR UPDATE",
                                  command.application_id)
        if row is None:
            log.warning("command for an unknown application", extra={
                "application_id": str(command.application_id), "action": command.action})
            await _record(conn, command, None, None, False, now)
            return False
        app = Application(ApplicationStatus(row["status"]), row["sequence"],
                          Procedure(row["procedure"]))
        try:
            app.apply(command.action, ROLE_OF.get(command.action, Role.FILER))
        except IllegalTransition:
            log.warning("illegal command refused", extra={
                "application_id": str(command.application_id), "action": command.action,
                "status": row["status"]})
            await _record(conn, command, row["status"], row["status"], False, now)
            return False
        [(previous, status, sequence)] = app.changes
        await conn.execute(
            "UPDATE applications SET status = $2, sequence = $3, updated_at = $4 WHERE id = $1",
            command.application_id, status, sequence, now)
        await _record(conn, command, previous, status, True, now)
        await enqueue(conn, STATUS.name, str(command.application_id), ApplicationStatusChanged(
            application_id=command.application_id, sequence=sequence,
            procedure=row["procedure"], organization_id=row["organization_id"],
            previous_status=previous, status=status, occurred_at=now,
            reference_number=row["reference_number"],
            provisional_receipt_number=row["provisional_receipt_number"],
            receipt_number=row["receipt_number"]))
        return True
