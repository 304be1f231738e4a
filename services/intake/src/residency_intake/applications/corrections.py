"""Corrections (返却中): the examiner's request is recorded when intake hands it to examination;
the filer answers the requested items only, with files uploaded since the request (earlier
attachments stay), and intake hands the answer (`resubmit`) to examination."""

import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
from pydantic import BaseModel, ConfigDict, Field
from residency_contracts.examiner import ResubmitCorrections
from residency_contracts.topics import EXAMINATION_COMMANDS
from residency_messaging.outbox import enqueue

from .. import openapi_docs as ex
from ..accounts.sessions import Principal
from ..domain.correction_requests import Request, answered_request, request_in_flight
from ..domain.rules import Problem
from ..errors import ApiError, FieldError, field_error_of
from .access import owned

Loader = Callable[..., Awaitable[asyncpg.Record]]
"""(conn, who, app_id, *, lock) → the row `who` may change: `owned` for applications,
`organizations.filings.visible` for usage requests and periodic reports."""


class AnsweredItem(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.CORRECTION_ANSWER["items"][0]))
    item: str = Field(min_length=1, max_length=500, description="One requested item, verbatim.")
    note: str | None = Field(None, max_length=2000, description="What was corrected or added.")


class CorrectionAnswer(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.CORRECTION_ANSWER))
    items: list[AnsweredItem] = Field(min_length=1, max_length=50)


class CorrectionRequestView(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.CORRECTION_REQUEST))
    id: UUID
    items: list[str]
    requested_at: datetime
    answered_at: datetime | None


class CorrectionAnswered(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.CORRECTION_ANSWERED))
    application_id: UUID
    command_id: UUID
    items: list[str]
    attachment_ids: list[UUID]


def answer_problems(requested: list[str], answered: list[str]) -> list[FieldError]:
    """Pure: only requested items, each at most once."""
    errors, seen = [], set()
    for i, item in enumerate(answered):
        if item not in requested:
            errors.append(field_error_of(f"items[{i}].item", "NOT_REQUESTED"))
        elif item in seen:
            errors.append(field_error_of(f"items[{i}].item", "DUPLICATE_ITEM"))
        seen.add(item)
    return errors


async def _requests(conn: asyncpg.Connection, app_id: UUID) -> list[Request]:
    rows = await conn.fetch("SELECT id, requested_at, answered_at FROM correction_requests "
                            "WHERE application_id = $1", app_id)
    return [Request(r["id"], r["requested_at"], r["answered_at"]) for r in rows]


async def record_request(conn: asyncpg.Connection, command: Any, now: datetime) -> None:
    """Called when intake hands a request_correction to examination (same transaction, the
    application's row locked): refused while an earlier request is still on its way
    (`request_in_flight`)."""
    if request_in_flight(await _requests(conn, command.application_id)):
        raise ApiError(409, "CORRECTION_IN_FLIGHT", field="action")
    await conn.execute(
        "INSERT INTO correction_requests (id, application_id, items, requested_at) "
        "VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING",
        command.event_id, command.application_id, json.dumps(command.items), now)


async def open_request(conn: asyncpg.Connection, app_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "SELECT * FROM correction_requests WHERE application_id = $1 AND answered_at IS NULL "
        "ORDER BY requested_at DESC LIMIT 1", app_id)


async def answer_opened_at(conn: asyncpg.Connection, app: asyncpg.Record) -> datetime | None:
    """While 返却中 with an open request: when it was made (the answer's files are those
    uploaded since); None when no answer is open."""
    if app["state"] != "submitted" or app["status"] != "returned":
        return None
    request = await open_request(conn, app["id"])
    return None if request is None else request["requested_at"]  # type: ignore[no-any-return]


async def answer_files(conn: asyncpg.Connection, app: asyncpg.Record) -> asyncpg.Record | None:
    """While 返却中 with an open request: count and size of the files added for the answer
    (the additional-document limits apply to them); None when no answer is open."""
    if (since := await answer_opened_at(conn, app)) is None:
        return None
    return await conn.fetchrow(
        "SELECT count(*) AS n, coalesce(sum(size), 0) AS total FROM attachments "
        "WHERE application_id = $1 AND uploaded_at >= $2", app["id"], since)


async def requests(pool: asyncpg.Pool, who: Principal, app_id: UUID, load: Loader = owned
                   ) -> list[CorrectionRequestView]:
    async with pool.acquire() as conn:
        await load(conn, who, app_id)
        rows = await conn.fetch("SELECT * FROM correction_requests WHERE application_id = $1 "
                                "ORDER BY requested_at", app_id)
    return [CorrectionRequestView(id=r["id"], items=json.loads(r["items"]),
                                  requested_at=r["requested_at"], answered_at=r["answered_at"])
            for r in rows]


async def answer(pool: asyncpg.Pool, who: Principal, app_id: UUID, body: CorrectionAnswer,
                 now: datetime, load: Loader = owned,
                 request_id: UUID | None = None) -> CorrectionAnswered:
    """Answer the request `request_id`, or the newest open one when None."""
    async with pool.acquire() as conn, conn.transaction():
        app = await load(conn, who, app_id, lock=True)
        chosen = answered_request(await _requests(conn, app_id), request_id)
        if isinstance(chosen, Problem):
            raise ApiError.for_problem(
                404 if chosen.code == "CORRECTION_REQUEST_NOT_FOUND" else 409, chosen)
        if app["status"] != "returned" or chosen is None:
            raise ApiError(409, "NOT_RETURNED")
        request = await conn.fetchrow("SELECT * FROM correction_requests WHERE id = $1",
                                      chosen.id)
        answered = [i.item for i in body.items]
        if errors := answer_problems(json.loads(request["items"]), answered):
            raise ApiError(422, "VALIDATION_FAILED", errors=errors)
        files = await conn.fetch("SELECT id, code FROM attachments WHERE application_id = $1 "
                                 "AND uploaded_at >= $2 ORDER BY uploaded_at", app_id,
                                 request["requested_at"])
        if any(f["code"] is None for f in files):
            raise ApiError(409, "ATTACHMENTS_PENDING", field="attachments")
        ok = [f["id"] for f in files if f["code"] == "OK"]
        await conn.execute("UPDATE correction_requests SET answered_at = $2, answer = $3 "
                           "WHERE id = $1", request["id"], now, body.model_dump_json())
        command = ResubmitCorrections(application_id=app_id, requested_by=who.user_id,
                                      items=answered, attachment_ids=ok)
        await enqueue(conn, EXAMINATION_COMMANDS, command)
    return CorrectionAnswered(application_id=app_id, command_id=command.event_id,
                              items=answered, attachment_ids=ok)
