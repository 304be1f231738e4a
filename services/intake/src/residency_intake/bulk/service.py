"""Bulk use cases: upload (replacing the last one), resume, fix a row, attach to a row.
Each row is backed by a draft application (bulk_id set) so attachments, verdicts and
filing use the single-filing machinery."""

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg
from residency_contracts import TOKYO, AttachmentKind, Procedure
from residency_sandbox import SandboxError, SandboxPool, SandboxUnavailable

from .. import attachments, purge
from ..accounts.sessions import Principal
from ..adapters.objectstore import ObjectStore
from ..adapters.uploads import BadUpload, TooLarge, receive_file
from ..applications.core import insert
from ..errors import ApiError
from ..settings import IntakeSettings
from ..views import AttachmentView
from . import parsing, rows
from .columns import BULK_PROCEDURES, names
from .summary import summary


def supported(procedure: Procedure) -> Procedure:
    if procedure not in BULK_PROCEDURES:
        raise ApiError(404, "BULK_NOT_SUPPORTED", field="procedure")
    return procedure


def file_error(exc: parsing.BulkFileError, status: int = 422) -> ApiError:
    return ApiError.worded(status, exc.code, (exc.ja, exc.en), field="file")


async def _read_upload(settings: IntakeSettings, content_type: str,
                       body: AsyncIterator[bytes]) -> bytes:
    try:
        received = await receive_file(content_type, body, settings.bulk_max_bytes)
    except TooLarge:
        raise file_error(parsing.too_large(settings.bulk_max_bytes), 413) from None
    except BadUpload:
        raise ApiError(400, "BAD_UPLOAD", field="file") from None
    with received.file:
        return received.file.read()


async def _parse(settings: IntakeSettings, sandbox: SandboxPool | None, data: bytes,
                 procedure: Procedure) -> list[parsing.RawRow]:
    """parsing.read off the event loop: in a sandbox worker (time and memory bounds), or in a
    thread when called without one (tests, tools)."""
    if sandbox is None:
        return await asyncio.to_thread(parsing.read, data, procedure)
    try:
        rows: list[parsing.RawRow] = await sandbox.run(
            parsing.read, data, procedure, timeout_s=settings.sandbox_timeout_s,
            memory_mb=settings.sandbox_memory_mb)
    except SandboxUnavailable:
        raise ApiError(503, "BULK_READING_UNAVAILABLE") from None
    except SandboxError:
        raise parsing.too_complex() from None
    return rows


async def _drop_open(conn: asyncpg.Connection, upload_id: UUID, now: datetime) -> None:
    """Forget an unfiled upload: its rows, draft applications and their attachment records;
    the files are scheduled for deletion (`purge`)."""
    apps = "SELECT id FROM applications WHERE bulk_id = $1 AND state = 'draft'"
    await purge.forget_files(conn, apps, upload_id, now)
    await conn.execute("DELETE FROM applications WHERE bulk_id = $1 AND state = 'draft' "
                       "AND parent_id IS NOT NULL", upload_id)
    await conn.execute("DELETE FROM bulk_uploads WHERE id = $1", upload_id)
    await conn.execute(f"DELETE FROM applications WHERE id IN ({apps})", upload_id)


async def upload(pool: asyncpg.Pool, settings: IntakeSettings, who: Principal,
                 procedure: Procedure, content_type: str, body: AsyncIterator[bytes],
                 now: datetime, sandbox: SandboxPool | None = None) -> Any:
    """Check a file row by row and keep it as the organization's last upload."""
    data = await _read_upload(settings, content_type, body)
    try:
        raw = await _parse(settings, sandbox, data, supported(procedure))
    except parsing.BulkFileError as exc:
        raise file_error(exc) from None
    today = now.astimezone(TOKYO).date()
    verdicts = [(r, rows.check(procedure, r.cells, today, r.extra_cells)) for r in raw]
    upload_id = uuid4()
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                           f"bulk|{who.organization_id}|{procedure.value}")
        old = await conn.fetchrow(
            "SELECT id, state FROM bulk_uploads WHERE organization_id = $1 AND procedure = $2 "
            "AND current", who.organization_id, procedure.value)
        if old is not None and old["state"] == "open":
            await _drop_open(conn, old["id"], now)
        elif old is not None:
            await conn.execute("UPDATE bulk_uploads SET current = false WHERE id = $1", old["id"])
        await conn.execute(
            "INSERT INTO bulk_uploads (id, organization_id, procedure, created_by, uploaded_at,"
            " row_count) VALUES ($1, $2, $3, $4, $5, $6)",
            upload_id, who.organization_id, procedure.value, who.user_id, now, len(raw))
        records = []
        for r, verdict in verdicts:
            app_id = await insert(conn, who, procedure,
                                  json.dumps(verdict.application["content"]), now)
            records.append((upload_id, r.n, json.dumps(r.cells), verdict.status,
                            json.dumps([e.model_dump() for e in verdict.errors]), app_id))
        await conn.execute("UPDATE applications SET bulk_id = $1 WHERE id = ANY($2::uuid[])",
                           upload_id, [rec[5] for rec in records])
        await conn.executemany(
            "INSERT INTO bulk_rows (upload_id, n, cells, status, errors, application_id) "
            "VALUES ($1, $2, $3, $4, $5, $6)", records)
    view = await current(pool, who, procedure)
    return view.model_copy(update={"replaced_previous": old is not None})


async def current_upload(pool: asyncpg.Pool, who: Principal, procedure: Procedure
                         ) -> asyncpg.Record:
    """The organization's last upload of `procedure` (bulk_uploads row); 404 when none."""
    row = await pool.fetchrow(
        "SELECT * FROM bulk_uploads WHERE organization_id = $1 AND procedure = $2 AND current",
        who.organization_id, supported(procedure).value)
    if row is None:
        raise ApiError(404, "BULK_NOT_FOUND", field="procedure")
    return row


async def current(pool: asyncpg.Pool, who: Principal, procedure: Procedure) -> Any:
    """The last upload with each row's verdict and files (resume)."""
    return await summary(pool, await current_upload(pool, who, procedure))


async def _open_row(pool: asyncpg.Pool, who: Principal, procedure: Procedure, n: int
                    ) -> tuple[asyncpg.Record, asyncpg.Record]:
    head = await current_upload(pool, who, procedure)
    if head["state"] != "open":
        raise ApiError(409, "BULK_ALREADY_FILED")
    row = await pool.fetchrow("SELECT * FROM bulk_rows WHERE upload_id = $1 AND n = $2",
                              head["id"], n)
    if row is None:
        raise ApiError(404, "BULK_ROW_NOT_FOUND", field="row")
    return head, row


async def fix_row(pool: asyncpg.Pool, who: Principal, procedure: Procedure, n: int,
                  changes: dict[str, str | None], now: datetime) -> Any:
    """Change some cells of one row and check it again (the same rules as at upload)."""
    head, row = await _open_row(pool, who, procedure, n)
    known = names(procedure)
    if unknown := [c for c in changes if c not in known]:
        raise ApiError(422, "UNKNOWN_COLUMN", field=f"cells.{unknown[0]}")
    cells = {**json.loads(row["cells"]), **{k: v or "" for k, v in changes.items()}}
    verdict = rows.check(procedure, cells, now.astimezone(TOKYO).date())
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute(
            "UPDATE bulk_rows SET cells = $3, status = $4, errors = $5 "
            "WHERE upload_id = $1 AND n = $2", head["id"], n, json.dumps(cells), verdict.status,
            json.dumps([e.model_dump() for e in verdict.errors]))
        await conn.execute("UPDATE applications SET content = $2 WHERE id = $1 AND "
                           "state = 'draft'", row["application_id"],
                           json.dumps(verdict.application["content"]))
    view = await summary(pool, head, only=n)
    return view.rows[0]


async def attach(pool: asyncpg.Pool, store: ObjectStore, settings: IntakeSettings,
                 who: Principal, procedure: Procedure, n: int, kind: AttachmentKind,
                 content_type: str, body: AsyncIterator[bytes], now: datetime
                 ) -> AttachmentView:
    """A photo or document for one row: the single-filing upload, on the row's draft."""
    _, row = await _open_row(pool, who, procedure, n)
    return await attachments.upload(pool, store, settings, who, row["application_id"], kind,
                                     content_type, body, now)


async def detach(pool: asyncpg.Pool, who: Principal, procedure: Procedure, n: int,
                 attachment_id: UUID, now: datetime) -> None:
    """Delete a photo or document of one row (before the bulk filing): the single-filing
    deletion, on the row's draft."""
    _, row = await _open_row(pool, who, procedure, n)
    await attachments.delete(pool, who, row["application_id"], attachment_id, now)
