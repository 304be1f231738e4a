"""Commands from intake (examiner actions, the filer's answers and requests): one handler per
command type (`HANDLERS`), each in one unit of work with the inbox check (`exactly_once`): the
new status by the lifecycle table, the history row, the status event and the emails. An
illegal command is recorded as refused and publishes nothing (a refused RCV is emailed)."""

import functools
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import asyncpg
from residency_contracts import TERMINAL_STATUSES, ApplicationStatus, Procedure
from residency_contracts.examiner import (
    AnyExaminationCommand,
    ApproveApplication,
    ChangeReceiptMethod,
    DenyApplication,
    MarkCardDelivered,
    RegisterCesrReceipt,
    RequestCorrection,
    ResubmitCorrections,
    TakeIntoExamination,
)
from residency_messaging.unit_of_work import AsyncpgUnitOfWork, UnitOfWork, exactly_once

from . import announce, cesr, emails, handlers
from .cesr_context import CesrContext
from .domain import Application, IllegalTransition, Role
from .receipt_method import changeable, fits

log = logging.getLogger(__name__)
CONSUMER = "examination"

Command = AnyExaminationCommand
Handler = Callable[[UnitOfWork, asyncpg.Record, Any, datetime], Awaitable[bool]]
"""(unit of work, the application's row locked, the command, now) → changed it?"""


async def record(uow: UnitOfWork, command: Command, previous: str | None,
                 status: str | None, accepted: bool, now: datetime) -> None:
    """The command's line in the history (`examination_actions`), accepted or refused."""
    details = command.model_dump_json(
        exclude={"event_id", "occurred_at", "application_id", "requested_by", "action"})
    await uow.conn.execute(
        "INSERT INTO examination_actions (command_id, application_id, action, requested_by, "
        "previous_status, status, accepted, details, occurred_at) "
        "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT DO NOTHING",
        command.event_id, command.application_id, command.action, command.requested_by,
        previous, status, accepted, details, now)


async def _step(uow: UnitOfWork, row: asyncpg.Record, command: Command, role: Role,
                now: datetime, **numbers: Any) -> asyncpg.Record | None:
    """A lifecycle step by the table: the new status, its event and the history row; None
    (recorded as refused) when the table does not allow it. `numbers`: announced with it."""
    app = Application(ApplicationStatus(row["status"]), row["sequence"],
                      Procedure(row["procedure"]))
    try:
        app.apply(command.action, role)
    except IllegalTransition:
        log.warning("illegal command refused", extra={
            "application_id": str(command.application_id), "action": command.action,
            "status": row["status"]})
        await record(uow, command, row["status"], row["status"], False, now)
        return None
    [(previous, status, _)] = app.changes
    updated = await announce.change(uow, row["id"], now, status=status, **numbers)
    await record(uow, command, previous, status, True, now)
    return updated


async def _step_that_may_end(uow: UnitOfWork, row: asyncpg.Record, command: Command, role: Role,
                             now: datetime, *, email: Callable[[asyncpg.Record], None] | None = None,
                             **numbers: Any) -> bool:
    """A step that may end the application (`_step`): then `email` with the new row, and an
    application that ended releases the ones it held back (duplicate hold). False: refused."""
    updated = await _step(uow, row, command, role, now, **numbers)
    if updated is None:
        return False
    if email is not None:
        email(updated)
    if updated["status"] in TERMINAL_STATUSES:
        await handlers.release_holds(uow, updated, now)
    return True


async def take(uow: UnitOfWork, row: asyncpg.Record, command: TakeIntoExamination,
               now: datetime) -> bool:
    """申請完了 → 審査中."""
    return await _step(uow, row, command, Role.EXAMINER, now) is not None


async def request_correction(uow: UnitOfWork, row: asyncpg.Record, command: RequestCorrection,
                             now: datetime) -> bool:
    """審査中 → 返却中: the request is recorded (its reminders: `timers`) and emailed."""
    updated = await _step(uow, row, command, Role.EXAMINER, now)
    if updated is None:
        return False
    await uow.conn.execute(
        "INSERT INTO corrections (id, application_id, items, requested_at) "
        "VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING",
        command.event_id, updated["id"], json.dumps(command.items), now)
    emails.correction_requested(uow, updated, list(command.items), now)
    return True


async def resubmit(uow: UnitOfWork, row: asyncpg.Record, command: ResubmitCorrections,
                   now: datetime) -> bool:
    """返却中 → 審査中 by the filer: the open correction request is answered."""
    updated = await _step(uow, row, command, Role.FILER, now)
    if updated is None:
        return False
    await uow.conn.execute("UPDATE corrections SET answered_at = $2 "
                           "WHERE application_id = $1 AND answered_at IS NULL",
                           updated["id"], now)
    return True


async def approve(uow: UnitOfWork, row: asyncpg.Record, command: ApproveApplication,
                  now: datetime, cesr_ctx: CesrContext | None = None) -> bool:
    """審査中 → 発行待ち (USE / RPT: 完了). A COE by email gets its electronic CESR (with
    `cesr_ctx`, injected by `bound`), issued before the approval so the approval announces its
    number."""
    app = Application(ApplicationStatus(row["status"]), row["sequence"],
                      Procedure(row["procedure"]))
    issued: dict[str, Any] = {}
    if app.allows(command.action, Role.EXAMINER) and (number := await cesr.issue(uow, row, now, cesr_ctx)):
        issued["cesr_number"] = number
    return await _step_that_may_end(uow, row, command, Role.EXAMINER, now, **issued,
                                    email=lambda updated: emails.examined(uow, updated, command))


async def deny(uow: UnitOfWork, row: asyncpg.Record, command: DenyApplication,
               now: datetime) -> bool:
    """審査中 → 完了(不許可)."""
    return await _step_that_may_end(uow, row, command, Role.EXAMINER, now,
                                    email=lambda updated: emails.examined(uow, updated, command))


async def mark_delivered(uow: UnitOfWork, row: asyncpg.Record, command: MarkCardDelivered,
                         now: datetime) -> bool:
    """発行待ち → 完了: the card was posted or collected."""
    return await _step_that_may_end(uow, row, command, Role.EXAMINER, now)


async def register_cesr_receipt(uow: UnitOfWork, row: asyncpg.Record,
                                command: RegisterCesrReceipt, now: datetime) -> bool:
    """受領登録: stops the CESR reminders; a COE waiting in 発行待ち is then 完了."""
    registered = await cesr.register_receipt(uow.conn, command, now)
    if registered and row["status"] == ApplicationStatus.READY:
        return await _step_that_may_end(uow, row, command, Role.FILER, now)
    await record(uow, command, row["status"], row["status"], registered, now)
    return registered


async def change_receipt_method(uow: UnitOfWork, row: asyncpg.Record,
                                command: ChangeReceiptMethod, now: datetime) -> bool:
    """受領方法変更申出 (RCV): applied while the rule allows it (`receipt_method`), else
    refused; both outcomes are emailed, an applied change is announced. A COE changed to email
    gets the electronic CESR on approval, one changed to post does not (`cesr.wants_electronic`)."""
    if not fits(row["procedure"], command.receipt_method):  # intake refuses it first (422)
        await record(uow, command, row["status"], row["status"], False, now)
        return False
    applied = changeable(row["status"])
    if applied:
        row = await announce.change(uow, row["id"], now, receipt_method=command.receipt_method)
    emails.receipt_method(uow, row, command.receipt_method, applied)
    await record(uow, command, row["status"], row["status"], applied, now)
    return applied


HANDLERS: dict[type[Command], Handler] = {
    TakeIntoExamination: take,
    RequestCorrection: request_correction,
    ResubmitCorrections: resubmit,
    ApproveApplication: approve,
    DenyApplication: deny,
    MarkCardDelivered: mark_delivered,
    RegisterCesrReceipt: register_cesr_receipt,
    ChangeReceiptMethod: change_receipt_method,
}
"""One handler per command type (a test checks every type on the topic has one)."""


def bound(cesr_ctx: CesrContext | None) -> dict[type[Command], Handler]:
    """The handlers with their dependencies injected (`bootstrap`): approving issues the
    electronic CESR with `cesr_ctx` (signing key, object store, receipt URL)."""
    return {**HANDLERS, ApproveApplication: functools.partial(approve, cesr_ctx=cesr_ctx)}


async def handle(uow: UnitOfWork, command: Command, now: datetime,
                 handlers: dict[type[Command], Handler] = HANDLERS) -> bool:
    """Dispatch one command to its handler, with the application's row locked; a command for
    an unknown application is recorded as refused."""
    row = await uow.conn.fetchrow("SELECT * FROM applications WHERE id = $1 FOR UPDATE",
                                  command.application_id)
    if row is None:
        log.warning("command for an unknown application", extra={
            "application_id": str(command.application_id), "action": command.action})
        await record(uow, command, None, None, False, now)
        return False
    return await handlers[type(command)](uow, row, command, now)


async def command_received(pool: asyncpg.Pool, command: Command, now: datetime,
                           cesr_ctx: CesrContext | None = None) -> bool:
    """Apply one examination command exactly once; True when it changed the application.
    `cesr_ctx`: what issuing an electronic CESR on approval needs (from `bootstrap`)."""
    handlers = bound(cesr_ctx)
    changed = await exactly_once(AsyncpgUnitOfWork(pool, CONSUMER), command.event_id,
                                 lambda uow: handle(uow, command, now, handlers))
    return bool(changed)
