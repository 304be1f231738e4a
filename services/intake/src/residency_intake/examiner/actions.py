"""Use cases of examiners. Scope: only submitted applications of the examiner's bureau;
anything else is 404 (never tells another bureau's application exists)."""

import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from uuid import UUID

import asyncpg
from pydantic import TypeAdapter
from residency_contracts import STATUS_LABELS_JA, ApplicationStatus
from residency_contracts.examiner import ACCEPTED_IN, ExaminationCommand
from residency_contracts.topics import EXAMINATION_COMMANDS
from residency_messaging.outbox import enqueue

from ..accounts.sessions import Principal
from ..applications import corrections
from ..applications.corrections import AnsweredItem
from ..errors import ApiError, field_error_of
from ..wording import Texts
from .views import (
    ALLOWED,
    REQUIRED,
    ActionAccepted,
    ExaminerAction,
    ExaminerApplication,
    ExaminerApplicationDetail,
    ExaminerCorrection,
)

COMMAND: TypeAdapter[ExaminationCommand] = TypeAdapter(ExaminationCommand)
COLUMNS = ("id", "procedure", "organization_id", "reference_number",
           "provisional_receipt_number", "receipt_number", "filed_at", "hold")
SCOPE = "a.state = 'submitted' AND a.status IS NOT NULL AND a.bureau = $2"


def not_found() -> ApiError:
    return ApiError(404, "APPLICATION_NOT_FOUND")


def _summary(row: asyncpg.Record) -> dict[str, object]:
    status = ApplicationStatus(row["status"])
    return {**{k: row[k] for k in COLUMNS}, "status": status,
            "status_ja": STATUS_LABELS_JA[status]}


async def queue(pool: asyncpg.Pool, who: Principal, status: ApplicationStatus | None,
                limit: int, offset: int, number: str | None = None
                ) -> list[ExaminerApplication]:
    """`number`: only the application with this 整理番号, 受付仮番号 or 申請受付番号."""
    rows = await pool.fetch(
        f"SELECT a.* FROM applications a WHERE ($1::text IS NULL OR a.status = $1) AND {SCOPE} "
        "AND ($5::text IS NULL OR $5 IN (a.reference_number, a.provisional_receipt_number, "
        "a.receipt_number)) ORDER BY a.filed_at, a.id LIMIT $3 OFFSET $4",
        status, who.bureau, limit, offset, number or None)
    return [ExaminerApplication(**_summary(r)) for r in rows]  # type: ignore[arg-type]


def bureau_application(who: Principal, app_id: UUID
                       ) -> Callable[[asyncpg.Connection], Awaitable[asyncpg.Record]]:
    """Loads a filed application of `who`'s bureau; 404 for anything else."""
    async def find(conn: asyncpg.Connection) -> asyncpg.Record:
        row = await conn.fetchrow(f"SELECT a.* FROM applications a WHERE a.id = $1 AND {SCOPE}",
                                  app_id, who.bureau)
        if row is None:
            raise not_found()
        return row
    return find


def _corrections(requests: list[asyncpg.Record], files: list[asyncpg.Record]
                 ) -> list[ExaminerCorrection]:
    """Each request with the filer's answer (items, notes) and the files added for it
    (uploaded between the request and the answer)."""
    shown = []
    for r in requests:
        answer = json.loads(r["answer"]) if r["answer"] else None
        added = [f["id"] for f in files if r["answered_at"] is not None
                 and r["requested_at"] <= f["uploaded_at"] <= r["answered_at"]]
        shown.append(ExaminerCorrection(
            id=r["id"], items=json.loads(r["items"]), requested_at=r["requested_at"],
            answered_at=r["answered_at"], attachment_ids=added,
            answer=None if answer is None else [AnsweredItem(**i) for i in answer["items"]]))
    return shown


async def detail(pool: asyncpg.Pool, who: Principal, app_id: UUID) -> ExaminerApplicationDetail:
    async with pool.acquire() as conn:
        row = await conn.fetchrow(
            "SELECT a.*, f.kind, o.name AS organization_name FROM applications a "
            "LEFT JOIN organization_filings f ON f.application_id = a.id "
            f"LEFT JOIN organizations o ON o.id = a.organization_id WHERE a.id = $1 AND {SCOPE}",
            app_id, who.bureau)
        if row is None:
            raise not_found()
        files = await conn.fetch("SELECT id, kind, size, code, uploaded_at FROM attachments "
                                 "WHERE application_id = $1 ORDER BY uploaded_at", app_id)
        requests = await conn.fetch("SELECT * FROM correction_requests "
                                    "WHERE application_id = $1 ORDER BY requested_at", app_id)
    return ExaminerApplicationDetail(
        **_summary(row), kind=row["kind"], organization_name=row["organization_name"],  # type: ignore[arg-type]
        content=json.loads(row["content"]),
        attachments=[{**dict(f), "id": str(f["id"])} for f in files],
        corrections=_corrections(list(requests), list(files)))


def _check_fields(body: ExaminerAction) -> None:
    values = body.model_dump(exclude_none=True)
    errors = [field_error_of(f, "MISSING") for f in REQUIRED[body.action] if f not in values]
    errors += [field_error_of(f, "NOT_FOR_THIS_ACTION", action=body.action)
               for f in values if f != "action" and f not in ALLOWED[body.action]]
    if errors:
        raise ApiError(422, "VALIDATION_FAILED", errors=errors)


async def act(pool: asyncpg.Pool, who: Principal, app_id: UUID, body: ExaminerAction,
              now: datetime) -> ActionAccepted:
    """Check scope and the mirrored status, then hand the command to examination (outbox)."""
    _check_fields(body)
    async with pool.acquire() as conn, conn.transaction():
        row = await conn.fetchrow(f"SELECT a.status FROM applications a WHERE a.id = $1 "
                                  f"AND {SCOPE} FOR UPDATE", app_id, who.bureau)
        if row is None:
            raise not_found()
        status = ApplicationStatus(row["status"])
        if status not in ACCEPTED_IN[body.action]:
            raise ApiError(409, "ACTION_NOT_ALLOWED", field="action",
                           current=Texts(STATUS_LABELS_JA[status], status.value))
        command = COMMAND.validate_python(
            {**body.model_dump(include={"action", *ALLOWED[body.action]}, exclude_none=True),
             "application_id": app_id, "requested_by": who.user_id})
        await enqueue(conn, EXAMINATION_COMMANDS, command)
        if body.action == "request_correction":
            await corrections.record_request(conn, command, now)
    return ActionAccepted(command_id=command.event_id, application_id=app_id,
                          action=body.action, status=status)
