"""Opening an attachment: an examiner of the application's bureau, or whoever may read the
application, downloads the copy documents accepted (`domain.attachment_download`), streamed
from the accepted bucket in chunks, never whole in memory."""

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from uuid import UUID

import asyncpg
from residency_contracts import AttachmentKind

from .adapters.objectstore import ObjectStore
from .domain.attachment_download import MEDIA_TYPE, content_disposition, download_problem
from .errors import ApiError

HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
"""Every download: never sniffed into something else, never kept by a cache."""


@dataclass(frozen=True)
class Opened:
    media_type: str
    headers: dict[str, str]
    chunks: AsyncIterator[bytes]


def not_found() -> ApiError:
    return ApiError(404, "ATTACHMENT_NOT_FOUND", field="attachment_id")


async def open_attachment(pool: asyncpg.Pool, store: ObjectStore, accepted_bucket: str,
                          find: Callable[[asyncpg.Connection], Awaitable[asyncpg.Record]],
                          attachment_id: UUID) -> Opened:
    """`find` loads (and authorizes) the application on a connection: 404 otherwise."""
    async with pool.acquire() as conn:
        app = await find(conn)
        file = await conn.fetchrow(
            "SELECT kind, code, bucket, object_key FROM attachments "
            "WHERE id = $1 AND application_id = $2", attachment_id, app["id"])
    if file is None:
        raise not_found()
    if problem := download_problem(file["code"], file["bucket"], accepted_bucket):
        raise ApiError.for_problem(409, problem)
    try:
        chunks = await store.stream(file["bucket"], file["object_key"])
    except KeyError:  # deleted meanwhile (a forgotten draft's purge)
        raise not_found() from None
    kind = AttachmentKind(file["kind"])
    return Opened(MEDIA_TYPE[kind], HEADERS | {"Content-Disposition": content_disposition(
        kind, attachment_id, app["reference_number"])}, chunks)
