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
    return ApiError(413, "LIMIT_SIZE",
                    f"添付ファイルは顔写真を含めて合計{limit // MB}MB以内にしてください。",
                    f"Attachments may total at most {limit // MB} MB including the photo.",
                    field="file")


async def receive_upload(content_type: str, body: AsyncIterator[bytes], remaining: int,
                         too_large: ApiError) -> Upload:
    """Stream the multipart `file` within `remaining` bytes; `too_large` when past it."""
    try:
        received = await receive_file(content_type, body, max(remaining, 0))
    except TooLarge:
        raise too_large from None
    except BadUpload:
        raise ApiError(400, "BAD_UPLOAD", "ファイルを添付してください（multipart/form-data の file 項目）。",
                       "Send the file as the 'file' part of multipart/form-data.",
                       field="file") from None
    if received.size == 0:
        received.file.close()
        raise ApiError(422, "EMPTY_FILE", "空のファイルは添付できません。",
                       "The file is empty.", field="file")
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
        raise ApiError(409, "ATTACH_TO_MAIN", "添付ファイルは主たる申請に添付してください。",
                       "Attach files to the main application.", field="application_id")
    if app["state"] != "draft" and answering is None:
        raise ApiError(409, "ALREADY_FILED", "申請済みの申請には添付できません。",
                       "Files cannot be added to an application already filed.")
    if used["n"] >= settings.max_files:
        raise ApiError(422, "LIMIT_FILES",
                       f"添付できるファイルは{settings.max_files}件までです。",
                       f"At most {settings.max_files} files can be attached.", field="file")
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
