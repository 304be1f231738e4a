"""Commands from intake (examiner actions, the filer's answers and requests): one transaction
each — inbox, the new status, the history row, the status event and the emails. An illegal
command is recorded as refused and publishes nothing (a refused RCV is emailed)."""

import logging
from datetime import datetime
from typing import Any

import asyncpg
from residency_contracts import ApplicationStatus, Procedure
from residency_messaging.inbox import first_delivery

from . import announce, cesr, effects, receipts
from .domain import Application, IllegalTransition, Role

log = logging.getLogger(__name__)
CONSUMER = "examination"

# Every command on the topic comes from intake (bureau / ownership checked there).
ROLE_OF = {"take": Role.EXAMINER, "request_correction": Role.EXAMINER,
           "approve": Role.EXAMINER, "deny": Role.EXAMINER, "mark_delivered": Role.EXAMINER,
           "resubmit": Role.FILER}


async def record(conn: asyncpg.Connection, command: Any, previous: str | None,
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
    """Apply one examination command; True when it changed the application."""
    async with pool.acquire() as conn, conn.transaction():
        if not await first_delivery(conn, CONSUMER, command.event_id):
            return False
        row = await conn.fetchrow("SELECT * FROM applications WHERE id = $1 FOR UPDATE",
                                  command.application_id)
        if row is None:
            log.warning("command for an unknown application", extra={
                "application_id": str(command.application_id), "action": command.action})
            await record(conn, command, None, None, False, now)
            return False
        if command.action == "register_cesr_receipt":
            registered = await cesr.register_receipt(conn, command, now)
            if registered and row["status"] == ApplicationStatus.READY:
                return await _transition(conn, row, command, Role.FILER, now)
            await record(conn, command, row["status"], row["status"], registered, now)
            return registered
        if command.action == "change_receipt_method":
            applied = await receipts.change(conn, row, command, now)
            await record(conn, command, row["status"], row["status"], applied, now)
            return applied
        return await _transition(conn, row, command, ROLE_OF.get(command.action, Role.SYSTEM),
                                 now)


async def _transition(conn: asyncpg.Connection, row: asyncpg.Record, command: Any, role: Role,
                      now: datetime) -> bool:
    """A lifecycle step by the table: the new status, its event and what follows."""
    app = Application(ApplicationStatus(row["status"]), row["sequence"],
                      Procedure(row["procedure"]))
    try:
        app.apply(command.action, role)
    except IllegalTransition:
        log.warning("illegal command refused", extra={
            "application_id": str(command.application_id), "action": command.action,
            "status": row["status"]})
        await record(conn, command, row["status"], row["status"], False, now)
        return False
    [(previous, status, _)] = app.changes
    changes: dict[str, Any] = {"status": status}
    if command.action == "approve" and (number := await cesr.issue(conn, row, now)):
        changes["cesr_number"] = number  # a COE by email: announced with the approval
    updated = await announce.change(conn, row["id"], now, **changes)
    await record(conn, command, previous, status, True, now)
    await effects.after(conn, updated, command, now)
    return True
