"""Bulk filing: every row becomes a filed application in ONE transaction, or none does.

Each row is filed by `applications.filing.file_on` (every single-filing rule, number, event
and email, through the outbox); any refusal rolls the whole filing back. The filer's
"bulk filing accepted" email (bulk number and count) is enqueued in the same transaction,
ahead of the applicants' emails, so it goes out exactly once. The bulk number
(一括申請番号, domain/numbers.py) takes its serial from the `bulk_numbers` sequence. A
repeated request (same upload, or same Idempotency-Key) returns the first result.
"""

import json
from datetime import datetime
from typing import Any

import asyncpg
from residency_contracts import TOKYO, Procedure
from residency_contracts.commands import SendBulkFilingAccepted
from residency_contracts.topics import SEND_EMAIL
from residency_messaging.outbox import enqueue

from ..accounts.sessions import Principal
from ..applications.core import insert
from ..applications.filing import Origin, file_on, require_allowed_network
from ..domain.numbers import bulk_number
from ..errors import ApiError, FieldError, field_error_of
from . import rows
from .messages import ROW
from .service import current_upload, supported
from .views import BulkFiled, BulkFiledRow


async def _result(conn: asyncpg.Connection, head: asyncpg.Record) -> BulkFiled:
    found = await conn.fetch(
        "SELECT r.n, a.id, a.reference_number FROM bulk_rows r JOIN applications a "
        "ON a.id = r.application_id WHERE r.upload_id = $1 ORDER BY r.n", head["id"])
    return BulkFiled(upload_id=head["id"], bulk_number=head["bulk_number"],
                     count=len(found), filed_at=head["filed_at"], applications=[
                         BulkFiledRow(row=f["n"], application_id=f["id"],
                                      reference_number=f["reference_number"]) for f in found])


def _in_row(n: int, exc: ApiError) -> ApiError:
    b = exc.body
    ja, en = ROW
    return ApiError.worded(exc.status, b.code, (ja.format(n=n, message=b.message_ja),
                                                en.format(n=n, message=b.message_en)),
                    errors=[FieldError(field=f"rows[{n}]" + (f".{e.field}" if e.field else ""),
                                       code=e.code, message_ja=e.message_ja,
                                       message_en=e.message_en) for e in b.errors]
                    or [FieldError(field=f"rows[{n}]", code=b.code, message_ja=b.message_ja,
                                   message_en=b.message_en)])


async def _file_row(conn: asyncpg.Connection, who: Principal, upload_id: object,
                    row: asyncpg.Record, now: datetime, hash_secret: str,
                    seen: dict[object, Any]) -> None:
    procedure = Procedure(row["procedure"])
    verdict = rows.check(procedure, json.loads(row["cells"]), now.astimezone(TOKYO).date())
    if verdict.errors:
        raise ApiError(422, "CANNOT_FILE", errors=verdict.errors)
    (_, main_json), *children = verdict.validated
    app_id = row["application_id"]
    await conn.execute("UPDATE applications SET content = $2 WHERE id = $1", app_id, main_json)
    for proc, content in children:
        child = await insert(conn, who, proc, content, now, parent_id=app_id)
        await conn.execute("UPDATE applications SET bulk_id = $2 WHERE id = $1", child, upload_id)
    await file_on(conn, who, app_id, now, hash_secret, bulk=True, seen=seen)


async def file_all(pool: asyncpg.Pool, who: Principal, procedure: Procedure, now: datetime,
                   hash_secret: str, origin: Origin | None = None,
                   idempotency_key: str | None = None) -> BulkFiled:
    require_allowed_network(origin or Origin())
    supported(procedure)
    if idempotency_key:
        done = await pool.fetchrow(
            "SELECT * FROM bulk_uploads WHERE organization_id = $1 AND idempotency_key = $2",
            who.organization_id, idempotency_key)
        if done is not None and done["state"] == "filed":
            async with pool.acquire() as conn:
                return await _result(conn, done)
    head = await current_upload(pool, who, procedure)
    found = await pool.fetch("SELECT r.*, $2::text AS procedure FROM bulk_rows r "
                             "WHERE upload_id = $1 ORDER BY n", head["id"], procedure.value)
    if head["state"] == "open" and (bad := [r["n"] for r in found if r["status"] != rows.OK]):
        raise ApiError(409, "BULK_ROWS_NEED_CHECKING", errors=[
            field_error_of(f"rows[{n}]", "NEEDS_CHECKING") for n in bad])
    async with pool.acquire() as conn, conn.transaction():
        head = await conn.fetchrow("SELECT * FROM bulk_uploads WHERE id = $1 FOR UPDATE",
                                   head["id"])
        if head["state"] == "filed":
            return await _result(conn, head)
        serial = await conn.fetchval("SELECT nextval('bulk_numbers')")  # gaps are fine
        number = bulk_number(who.bureau, now, serial)
        accepted = SendBulkFilingAccepted(to=[who.email], bulk_number=number,
                                          count=len(found), procedure=procedure)
        await enqueue(conn, SEND_EMAIL, accepted)  # first (§7)
        seen: dict[object, Any] = {}  # the organization's checks, asked once for all rows
        for row in found:
            try:
                await _file_row(conn, who, head["id"], row, now, hash_secret, seen)
            except ApiError as exc:
                raise _in_row(row["n"], exc) from None
        head = await conn.fetchrow(
            "UPDATE bulk_uploads SET state = 'filed', filed_at = $2, bulk_number = $3, "
            "idempotency_key = $4 WHERE id = $1 RETURNING *",
            head["id"], now, number, idempotency_key)
        return await _result(conn, head)
