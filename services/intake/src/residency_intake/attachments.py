"""The one upload path and the one delete path — applications, their bulk rows, usage requests and periodic reports,
and the files that answer a correction request: the limits of SPEC §5 (`limit_exceeded`) and
the account's storage quota are checked before reading, enforced while streaming into
quarantine, and checked again when the file is recorded with its event in one transaction
(so concurrent uploads cannot pass them together). `delete_from` removes a file while its
filing can still change (`domain.attachment_removal`)."""

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

import asyncpg
from residency_contracts import TOKYO, AttachmentKind, AttachmentUploaded
from residency_contracts.attachments import (
    MB,
    AttachmentLimits,
    LimitRefusal,
    bytes_left,
    limit_exceeded,
)
from residency_contracts.topics import ATTACHMENT_UPLOADED
from residency_messaging.outbox import enqueue

from . import purge
from .accounts.sessions import Principal
from .adapters.objectstore import ObjectStore
from .adapters.uploads import BadUpload, TooLarge, Upload, receive_file
from .applications import corrections
from .applications.access import owned
from .applications.core import account_quotas
from .domain.account_quotas import AccountQuotas, storage_left, storage_problem
from .domain.attachment_removal import removal_problem
from .errors import ApiError
from .settings import IntakeSettings
from .views import AttachmentView


def application_limits(settings: IntakeSettings) -> AttachmentLimits:
    """SPEC §5's application limits, as the operator set them (defaults: the SPEC's)."""
    return AttachmentLimits(settings.max_files, settings.max_total_bytes)


def organization_filing_limits(settings: IntakeSettings) -> AttachmentLimits:
    """A usage request's or periodic report's limits: PDFs only (defaults: the SPEC's)."""
    return AttachmentLimits(settings.organization_max_files,
                            settings.organization_max_total_bytes,
                            frozenset({AttachmentKind.DOCUMENT}))


def limit_error(refusal: LimitRefusal, limits: AttachmentLimits) -> ApiError:
    if refusal is LimitRefusal.FILES:
        return ApiError(422, "LIMIT_FILES", field="file", max_files=limits.max_files)
    if refusal is LimitRefusal.KIND:
        return ApiError(422, "ATTACHMENT_KIND_NOT_ALLOWED", field="kind")
    return ApiError(413, "LIMIT_SIZE", field="file", megabytes=limits.max_total_bytes // MB)


async def receive_upload(content_type: str, body: AsyncIterator[bytes], remaining: int,
                         too_large: ApiError) -> Upload:
    """Stream the multipart `file` within `remaining` bytes; `too_large` when past it."""
    try:
        received = await receive_file(content_type, body, max(remaining, 0))
    except TooLarge:
        raise too_large from None
    except BadUpload:
        raise ApiError(400, "BAD_UPLOAD", field="file") from None
    if received.size == 0:
        received.file.close()
        raise ApiError(422, "EMPTY_FILE", field="file")
    return received


@dataclass(frozen=True)
class Counted:
    """What the limits see before one more file: the filing's files (or, while 返却中, the
    answer's) and, for an unfiled application outside a bulk upload, its owner's stored bytes
    (None: not under the account quota)."""

    files: int
    total_bytes: int
    stored_bytes: int | None


async def _counted(conn: asyncpg.Connection, app: asyncpg.Record) -> Counted | None:
    """None when the application takes no more files (filed, and no correction answer open)."""
    answering = await corrections.answer_files(conn, app)  # 返却中: the answer's files
    if app["state"] != "draft" and answering is None:
        return None
    used = answering or await conn.fetchrow(
        "SELECT count(*) AS n, coalesce(sum(size), 0) AS total FROM attachments "
        "WHERE application_id = $1", app["id"])
    stored = None
    if app["state"] == "draft" and app["bulk_id"] is None:
        stored = await conn.fetchval(
            "SELECT coalesce(sum(t.size), 0) FROM attachments t JOIN applications a "
            "ON a.id = t.application_id WHERE a.created_by = $1 AND a.state = 'draft' "
            "AND a.bulk_id IS NULL", app["created_by"])
    return Counted(int(used["n"]), int(used["total"]), None if stored is None else int(stored))


def _refusal(limits: AttachmentLimits, quotas: AccountQuotas, kind: AttachmentKind,
             counted: Counted, size: int) -> ApiError | None:
    """One more file of `size` bytes: the filing's limits first, then the account quota."""
    if refused := limit_exceeded(limits, counted.files + 1, counted.total_bytes + size, kind):
        return limit_error(refused, limits)
    if counted.stored_bytes is not None and (
            problem := storage_problem(quotas, counted.stored_bytes, size)):
        return ApiError.for_problem(413, problem)
    return None


async def upload_to(pool: asyncpg.Pool, store: ObjectStore, settings: IntakeSettings,
                    find: Callable[[asyncpg.Connection], Awaitable[asyncpg.Record]],
                    kind: AttachmentKind, limits: AttachmentLimits, already_filed: ApiError,
                    content_type: str, body: AsyncIterator[bytes], now: datetime,
                    max_photo_age_months: int | None = None) -> AttachmentView:
    """Every upload: `find` loads (and authorizes) the application on a connection."""
    quotas = account_quotas(settings)
    async with pool.acquire() as conn:
        app = await find(conn)
        counted = await _counted(conn, app)
    if counted is None:
        raise already_filed
    if refused := _refusal(limits, quotas, kind, counted, 0):
        raise refused
    room = bytes_left(limits, counted.total_bytes)
    too_large = limit_error(LimitRefusal.SIZE, limits)
    if counted.stored_bytes is not None and (
            left := storage_left(quotas, counted.stored_bytes)) < room:
        room, too_large = left, _refusal(limits, quotas, kind, counted, left + 1) or too_large
    received = await receive_upload(content_type, body, room, too_large)
    attachment_id, bucket = uuid4(), settings.quarantine_bucket
    key = f"{app['id']}/{attachment_id}"
    with received.file:
        await store.put(bucket, key, received.file, received.size)
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                           f"storage|{app['created_by']}")
        # the application cannot be filed or deleted meanwhile (they lock it FOR UPDATE)
        await conn.execute("SELECT 1 FROM applications WHERE id = $1 FOR SHARE", app["id"])
        try:  # again, under the locks: what concurrent uploads (or a deletion) changed
            now_counted = await _counted(conn, await find(conn))
        except ApiError as gone:
            now_counted, refused = None, gone
        else:
            refused = already_filed if now_counted is None else _refusal(
                limits, quotas, kind, now_counted, received.size)
        if refused is None:
            row = await conn.fetchrow(
                "INSERT INTO attachments (id, application_id, kind, size, sha256, bucket, "
                "object_key, uploaded_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING *",
                attachment_id, app["id"], kind, received.size, received.sha256, bucket, key,
                now)
            await enqueue(conn, ATTACHMENT_UPLOADED, AttachmentUploaded(
                application_id=app["id"], attachment_id=attachment_id, kind=kind,
                bucket=bucket, object_key=key, size=received.size, sha256=received.sha256,
                check_date=now.astimezone(TOKYO).date(),
                **({} if max_photo_age_months is None
                   else {"max_photo_age_months": max_photo_age_months})))
            return AttachmentView(**dict(row))
    await store.remove(bucket, key)  # refused on recording: the stored file is never recorded
    raise refused


async def delete_from(pool: asyncpg.Pool,
                      find: Callable[[asyncpg.Connection], Awaitable[asyncpg.Record]],
                      attachment_id: UUID, now: datetime) -> None:
    """Every deletion of one file: `find` loads (and authorizes) the application. The record
    goes at once, so the limits and the account quota count the file no more; its object is
    left to the purge (`purge.forget_file`): documents may still be moving it out of
    quarantine, and a verdict arriving later finds no record and only marks the purge due."""
    async with pool.acquire() as conn, conn.transaction():
        app = await find(conn)
        # filing or sending a correction answer (FOR UPDATE) cannot happen meanwhile
        await conn.execute("SELECT 1 FROM applications WHERE id = $1 FOR SHARE", app["id"])
        app = await find(conn)  # as it is now, under the lock
        file = await conn.fetchrow("SELECT uploaded_at FROM attachments WHERE id = $1 "
                                   "AND application_id = $2", attachment_id, app["id"])
        if file is None:
            raise ApiError(404, "ATTACHMENT_NOT_FOUND", field="attachment_id")
        opened_at = await corrections.answer_opened_at(conn, app)
        if problem := removal_problem(app["state"] != "draft", opened_at, file["uploaded_at"]):
            raise ApiError.for_problem(409, problem)
        await purge.forget_file(conn, attachment_id, now)


def _main_application(who: Principal, app_id: UUID
                      ) -> Callable[[asyncpg.Connection], Awaitable[asyncpg.Record]]:
    """An application `who` may change, and not a simultaneous one (files go on the main)."""
    async def find(conn: asyncpg.Connection) -> asyncpg.Record:
        app = await owned(conn, who, app_id)
        if app["parent_id"] is not None:
            raise ApiError(409, "ATTACH_TO_MAIN", field="application_id")
        return app
    return find


async def upload(pool: asyncpg.Pool, store: ObjectStore, settings: IntakeSettings,
                 who: Principal, app_id: UUID, kind: AttachmentKind, content_type: str,
                 body: AsyncIterator[bytes], now: datetime) -> AttachmentView:
    """A file of an application (or of a bulk row's application)."""
    return await upload_to(
        pool, store, settings, _main_application(who, app_id), kind,
        application_limits(settings), ApiError(409, "ALREADY_FILED"),
        content_type, body, now, who.max_photo_age_months)


async def delete(pool: asyncpg.Pool, who: Principal, app_id: UUID, attachment_id: UUID,
                 now: datetime) -> None:
    """Delete a file of an application (or of a bulk row's application)."""
    await delete_from(pool, _main_application(who, app_id), attachment_id, now)
