"""Use cases for applications: create, read, file. Route functions only call these."""

from datetime import datetime
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import asyncpg
from residency_contracts import (
    STATUS_LABELS_JA,
    ApplicationFiled,
    ApplicationStatus,
    AttachmentKind,
    SendReferenceNumber,
    SendReferencePassword,
    VerdictCode,
)
from residency_contracts.topics import APPLICATION_FILED, SEND_EMAIL
from residency_messaging.outbox import enqueue

from ..accounts.sessions import Principal
from ..adapters.passwords import hash_password
from ..domain import rules
from ..domain.content import ExtensionContent
from ..errors import ApiError, FieldError
from ..views import ApplicationView, AttachmentView, Filed, NewApplication

TOKYO = ZoneInfo("Asia/Tokyo")


def not_found() -> ApiError:
    return ApiError(404, "APPLICATION_NOT_FOUND", "申請が見つかりません。",
                    "No such application.")


async def create(pool: asyncpg.Pool, who: Principal, new: NewApplication) -> UUID:
    app_id = uuid4()
    await pool.execute(
        "INSERT INTO applications (id, procedure, organization_id, created_by, content) "
        "VALUES ($1, $2, $3, $4, $5)",
        app_id, new.procedure, who.organization_id, who.user_id, new.content.model_dump_json())
    return app_id


async def owned(conn: asyncpg.Connection, who: Principal, app_id: UUID, *, lock: bool = False
                ) -> asyncpg.Record:
    row = await conn.fetchrow(
        "SELECT * FROM applications WHERE id = $1 AND (organization_id = $2 OR "
        "(organization_id IS NULL AND created_by = $3))" + (" FOR UPDATE" if lock else ""),
        app_id, who.organization_id, who.user_id)
    if row is None:
        raise not_found()
    return row


async def read(pool: asyncpg.Pool, who: Principal, app_id: UUID) -> ApplicationView:
    async with pool.acquire() as conn:
        row = await owned(conn, who, app_id)
        files = await conn.fetch(
            "SELECT * FROM attachments WHERE application_id = $1 ORDER BY uploaded_at", app_id)
    status = ApplicationStatus(row["status"]) if row["status"] else None
    return ApplicationView(
        **{k: row[k] for k in ("id", "procedure", "state", "reference_number", "filed_at",
                               "provisional_receipt_number", "receipt_number", "created_at")},
        status=status, status_ja=STATUS_LABELS_JA[status] if status else None,
        content=ExtensionContent.model_validate_json(row["content"]),
        attachments=[AttachmentView(**dict(f)) for f in files])


async def file(pool: asyncpg.Pool, who: Principal, app_id: UUID, now: datetime,
               hash_secret: str) -> Filed:
    async with pool.acquire() as conn, conn.transaction():
        row = await owned(conn, who, app_id, lock=True)
        if row["state"] != "draft":
            raise ApiError(409, "ALREADY_FILED", "この申請は既に申請済みです。",
                           "This application has already been filed.")
        content = ExtensionContent.model_validate_json(row["content"])
        files = await conn.fetch(
            "SELECT kind, code, message_ja, message_en FROM attachments "
            "WHERE application_id = $1 ORDER BY uploaded_at", app_id)
        states = [rules.AttachmentState(AttachmentKind(f["kind"]),
                                        VerdictCode(f["code"]) if f["code"] else None,
                                        f["message_ja"], f["message_en"]) for f in files]
        problems = rules.date_problems(content, now.astimezone(TOKYO).date())
        attachment_problems, pending = rules.attachment_problems(states)
        problems += attachment_problems
        if problems:
            raise ApiError(422, "CANNOT_FILE", "申請できません。表示された項目を確認してください。",
                           "The application cannot be filed; see the listed fields.",
                           errors=[FieldError(field=p.field, code=p.code, message_ja=p.ja,
                                              message_en=p.en) for p in problems])
        if pending:
            raise ApiError(409, "ATTACHMENTS_PENDING", "添付ファイルを確認中です。しばらくしてから申請してください。",
                           "Attachments are still being checked. Try again in a moment.",
                           field="attachments")
        number = rules.reference_number(await conn.fetchval("SELECT nextval('reference_numbers')"))
        password = rules.reference_password()
        await conn.execute(
            "UPDATE applications SET state = 'submitted', status = 'pending', filed_at = $2, "
            "reference_number = $3, reference_password_hash = $4 WHERE id = $1",
            app_id, now, number, hash_password(password))
        recipients = list(dict.fromkeys([who.email, content.notification_email]))
        key = str(app_id)
        await enqueue(conn, APPLICATION_FILED.name, key, ApplicationFiled(
            application_id=app_id, procedure=row["procedure"],
            organization_id=row["organization_id"], bureau=who.bureau,
            reference_number=number, filed_at=now, notification_emails=recipients,
            applicant_key=rules.applicant_key(content, hash_secret)))
        for mail in (SendReferenceNumber(to=[who.email], application_id=app_id,
                                         reference_number=number, procedure=row["procedure"]),
                     SendReferencePassword(to=[who.email], application_id=app_id,
                                           reference_password=password)):
            await enqueue(conn, SEND_EMAIL.name, str(mail.event_id), mail)
    return Filed(application_id=app_id, reference_number=number, reference_password=password,
                 status=ApplicationStatus.PENDING)
