"""Filing a usage request or periodic report, and uploading its PDFs: the single-filing path
(`applications.filing.record_filing`) and the one upload path (`attachments.upload_to`) with
the limits of a usage request or report (≤20 PDFs, ≤20 MB; while 返却中, the files added for
the answer: again ≤20 MB, SPEC §5)."""

from collections.abc import AsyncIterator
from datetime import datetime
from uuid import UUID

import asyncpg
from residency_contracts import ApplicationStatus, AttachmentKind

from ..accounts.sessions import Principal
from ..adapters.objectstore import ObjectStore
from ..applications.filing import attachment_states, record_filing, require_fileable
from ..attachments import delete_from, organization_filing_limits, upload_to
from ..errors import ApiError
from ..settings import IntakeSettings
from ..views import AttachmentView, Filed
from .filings import visible
from .rules import filing_problems


def _already_filed() -> ApiError:
    return ApiError(409, "ALREADY_FILED")


def applicant_key(app_id: UUID) -> str:
    """Never a person: a usage request or report is never held as a duplicate."""
    return f"organization-filing:{app_id}"


async def file(pool: asyncpg.Pool, who: Principal, app_id: UUID, now: datetime,
               hash_secret: str) -> Filed:
    async with pool.acquire() as conn, conn.transaction():
        row = await visible(conn, who, app_id, lock=True)
        if row["state"] != "draft":
            raise _already_filed()
        problems, pending = filing_problems(await attachment_states(conn, app_id))
        require_fileable(problems, pending)
        number, password = await record_filing(conn, who, row, applicant_key(app_id), now,
                                               [who.email], None, hash_secret)
    return Filed(application_id=app_id, reference_number=number, reference_password=password,
                 status=ApplicationStatus.PENDING)


async def upload(pool: asyncpg.Pool, store: ObjectStore, settings: IntakeSettings,
                 who: Principal, app_id: UUID, content_type: str, body: AsyncIterator[bytes],
                 now: datetime) -> AttachmentView:
    """One PDF, streamed into quarantine with the remaining size as the limit."""
    async def find(conn: asyncpg.Connection) -> asyncpg.Record:
        return await visible(conn, who, app_id)

    return await upload_to(pool, store, settings, find, AttachmentKind.DOCUMENT,
                           organization_filing_limits(settings), _already_filed(),
                           content_type, body, now)


async def delete_attachment(pool: asyncpg.Pool, who: Principal, app_id: UUID,
                            attachment_id: UUID, now: datetime) -> None:
    """Delete one PDF before filing (or one added for the correction answer, before it is
    sent): the one delete path."""
    async def find(conn: asyncpg.Connection) -> asyncpg.Record:
        return await visible(conn, who, app_id)

    await delete_from(pool, find, attachment_id, now)
