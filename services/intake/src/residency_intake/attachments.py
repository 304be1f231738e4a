"""Upload use case: stream into quarantine, then record the file and its event together."""

from collections.abc import AsyncIterator
from datetime import datetime
from uuid import UUID, uuid4

import asyncpg
from residency_contracts import TOKYO, AttachmentKind, AttachmentUploaded
from residency_contracts.topics import ATTACHMENT_UPLOADED
from residency_messaging.outbox import enqueue

from .accounts.sessions import Principal
from .adapters.objectstore import ObjectStore
from .adapters.uploads import BadUpload, TooLarge, Upload, receive_file
from .applications import corrections
from .applications.access import owned
from .errors import ApiError
from .settings import IntakeSettings
from .views import AttachmentView

MB = 1024 * 1024


def _limit_size(limit: int) -> ApiError:
    return ApiError(413, "LIMIT_SIZE", field="file", megabytes=limit // MB)


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


async def upload(pool: asyncpg.Pool, store: ObjectStore, settings: IntakeSettings,
                 who: Principal, app_id: UUID, kind: AttachmentKind, content_type: str,
                 body: AsyncIterator[bytes], now: datetime) -> AttachmentView:
    async with pool.acquire() as conn:
        app = await owned(conn, who, app_id)
        used = await conn.fetchrow(
            "SELECT count(*) AS n, coalesce(sum(size), 0) AS total FROM attachments "
            "WHERE application_id = $1", app_id)
        answering = await corrections.answer_files(conn, app)  # 返却中: the answer's files
        used = answering or used
    if app.get("parent_id") is not None:
        raise ApiError(409, "ATTACH_TO_MAIN", field="application_id")
    if app["state"] != "draft" and answering is None:
        raise ApiError(409, "ALREADY_FILED")
    if used["n"] >= settings.max_files:
        raise ApiError(422, "LIMIT_FILES", field="file", max_files=settings.max_files)
    remaining = settings.max_total_bytes - int(used["total"])
    received = await receive_upload(content_type, body, remaining,
                                    _limit_size(settings.max_total_bytes))
    attachment_id = uuid4()
    key = f"{app_id}/{attachment_id}"
    with received.file:
        await store.put(settings.quarantine_bucket, key, received.file, received.size)
    async with pool.acquire() as conn, conn.transaction():
        row = await conn.fetchrow(
            "INSERT INTO attachments (id, application_id, kind, size, sha256, bucket, object_key,"
            " uploaded_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING *",
            attachment_id, app_id, kind, received.size, received.sha256,
            settings.quarantine_bucket, key, now)
        await enqueue(conn, ATTACHMENT_UPLOADED.name, str(app_id), AttachmentUploaded(
            application_id=app_id, attachment_id=attachment_id, kind=kind,
            bucket=settings.quarantine_bucket, object_key=key, size=received.size,
            sha256=received.sha256, check_date=now.astimezone(TOKYO).date(),
            max_photo_age_months=who.max_photo_age_months))
    return AttachmentView(**dict(row))
