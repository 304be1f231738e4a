"""Filing a usage request or periodic report, and uploading its PDFs (≤20 files, ≤20 MB; while
返却中, the files added for the answer: again ≤20 MB, SPEC §5)."""

from collections.abc import AsyncIterator
from datetime import datetime
from uuid import UUID, uuid4

import asyncpg
from residency_contracts import (
    TOKYO,
    ApplicationFiled,
    ApplicationStatus,
    AttachmentKind,
    AttachmentUploaded,
    SendReferenceNumber,
    SendReferencePassword,
    VerdictCode,
)
from residency_contracts.topics import APPLICATION_FILED, ATTACHMENT_UPLOADED, SEND_EMAIL
from residency_messaging.outbox import enqueue

from ..accounts.sessions import Principal
from ..adapters.objectstore import ObjectStore
from ..applications import corrections
from ..applications.filing import new_reference_password
from ..attachments import receive_upload
from ..domain import rules as app_rules
from ..errors import ApiError, problem_errors
from ..settings import IntakeSettings
from ..views import AttachmentView, Filed
from .filings import visible
from .rules import filing_problems

MB = 1024 * 1024


def _already_filed() -> ApiError:
    return ApiError(409, "ALREADY_FILED")


async def file(pool: asyncpg.Pool, who: Principal, app_id: UUID, now: datetime,
               hash_secret: str) -> Filed:
    async with pool.acquire() as conn, conn.transaction():
        row = await visible(conn, who, app_id, lock=True)
        if row["state"] != "draft":
            raise _already_filed()
        files = await conn.fetch("SELECT kind, code, message_ja, message_en FROM attachments "
                                 "WHERE application_id = $1 ORDER BY uploaded_at", app_id)
        problems, pending = filing_problems([app_rules.AttachmentState(
            AttachmentKind(f["kind"]), VerdictCode(f["code"]) if f["code"] else None,
            f["message_ja"], f["message_en"]) for f in files])
        if problems:
            raise ApiError(422, "CANNOT_FILE", errors=problem_errors(problems))
        if pending:
            raise ApiError(409, "ATTACHMENTS_PENDING", field="attachments")
        number = app_rules.reference_number(
            await conn.fetchval("SELECT nextval('reference_numbers')"))
        password, hashed = new_reference_password(hash_secret)
        key = f"organization-filing:{app_id}"  # never a person: no duplicate holds
        await conn.execute(
            "UPDATE applications SET state = 'submitted', status = 'pending', filed_at = $2, "
            "reference_number = $3, reference_password_hash = $4, applicant_key = $5 "
            "WHERE id = $1", app_id, now, number, hashed, key)
        await enqueue(conn, APPLICATION_FILED.name, str(app_id), ApplicationFiled(
            application_id=app_id, procedure=row["procedure"],
            organization_id=row["organization_id"], bureau=row["bureau"],
            reference_number=number, filed_at=now, notification_emails=[who.email],
            applicant_key=key))
        for mail in (SendReferenceNumber(to=[who.email], application_id=app_id,
                                         reference_number=number, procedure=row["procedure"]),
                     SendReferencePassword(to=[who.email], application_id=app_id,
                                           reference_password=password)):
            await enqueue(conn, SEND_EMAIL.name, str(mail.event_id), mail)
    return Filed(application_id=app_id, reference_number=number, reference_password=password,
                 status=ApplicationStatus.PENDING)


async def upload(pool: asyncpg.Pool, store: ObjectStore, settings: IntakeSettings,
                 who: Principal, app_id: UUID, content_type: str, body: AsyncIterator[bytes],
                 now: datetime) -> AttachmentView:
    """One PDF, streamed into quarantine with the remaining size as the limit."""
    max_files, max_bytes = settings.organization_max_files, settings.organization_max_total_bytes
    async with pool.acquire() as conn:
        row = await visible(conn, who, app_id)
        used = await conn.fetchrow("SELECT count(*) AS n, coalesce(sum(size), 0) AS total "
                                   "FROM attachments WHERE application_id = $1", app_id)
        answering = await corrections.answer_files(conn, row)  # 返却中: the answer's files
    if row["state"] != "draft" and answering is None:
        raise _already_filed()
    used = answering or used
    if used["n"] >= max_files:
        raise ApiError(422, "LIMIT_FILES", field="file", max_files=max_files)
    received = await receive_upload(
        content_type, body, max_bytes - int(used["total"]),
        ApiError(413, "LIMIT_SIZE", field="file", megabytes=max_bytes // MB))
    attachment_id, bucket = uuid4(), settings.quarantine_bucket
    key = f"{app_id}/{attachment_id}"
    with received.file:
        await store.put(bucket, key, received.file, received.size)
    async with pool.acquire() as conn, conn.transaction():
        new = await conn.fetchrow(
            "INSERT INTO attachments (id, application_id, kind, size, sha256, bucket, object_key,"
            " uploaded_at) VALUES ($1,$2,'document',$3,$4,$5,$6,$7) RETURNING *",
            attachment_id, app_id, received.size, received.sha256, bucket, key, now)
        await enqueue(conn, ATTACHMENT_UPLOADED.name, str(app_id), AttachmentUploaded(
            application_id=app_id, attachment_id=attachment_id, kind=AttachmentKind.DOCUMENT,
            bucket=bucket, object_key=key, size=received.size, sha256=received.sha256,
            check_date=now.astimezone(TOKYO).date()))
    return AttachmentView(**dict(new))
