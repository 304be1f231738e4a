from typing import Annotated, Any
from uuid import UUID

import asyncpg
from fastapi import APIRouter, Header, Path, Query, Request, status
from fastapi.responses import StreamingResponse
from residency_contracts import AttachmentKind

from .. import attachments, downloads
from ..applications.access import readable
from ..deps import Filer, Now, Pool, Settings, Store
from ..errors import ErrorBody
from ..openapi_docs import APP_ID, FILE_ID
from ..views import AttachmentView

router = APIRouter(prefix="/applications", tags=["attachments"])

AttachmentId = Annotated[UUID, Path(description="The attachment's id (as the upload answered).",
                                    examples=[FILE_ID])]
UPLOAD_BODY = {"content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary"}}}}}}


@router.post("/{application_id}/attachments", status_code=status.HTTP_202_ACCEPTED,
             response_model=AttachmentView, openapi_extra={"requestBody": UPLOAD_BODY},
             responses={k: {"model": ErrorBody} for k in (400, 401, 403, 404, 409, 413, 422)},
             summary="Attach a PDF document or the face photo")
async def upload_attachment(
    application_id: Annotated[UUID, Path(examples=[APP_ID])], request: Request, pool: Pool, store: Store, settings: Settings,
    who: Filer, now: Now,
    kind: Annotated[AttachmentKind, Query(description="document (PDF) or photo (JPEG)",
                                          examples=["document"])],
    content_type: Annotated[str, Header(examples=["multipart/form-data; boundary=x"])] = "",
) -> AttachmentView:
    """Upload one file (multipart field `file`); its verdict appears on the application."""
    return await attachments.upload(pool, store, settings, who, application_id, kind,
                                    content_type, request.stream(), now)


@router.delete("/{application_id}/attachments/{attachment_id}",
               status_code=status.HTTP_204_NO_CONTENT,
               responses={k: {"model": ErrorBody} for k in (401, 403, 404, 409, 422)},
               summary="Delete an attached file (before filing)")
async def delete_attachment(
    application_id: Annotated[UUID, Path(examples=[APP_ID])], attachment_id: AttachmentId,
    pool: Pool, who: Filer, now: Now,
) -> None:
    """Delete one file — a refused one, so the application can be filed — while the application
    can still change: before filing, or (返却中) a file added for the correction answer before
    it is sent; otherwise 409 (`ALREADY_FILED`, `ATTACHMENT_ALREADY_SENT`). It counts toward
    the limits and the storage quota no more; the stored file is deleted in the background."""
    await attachments.delete(pool, who, application_id, attachment_id, now)


DOWNLOAD: dict[int | str, dict[str, Any]] = {
    **{k: {"model": ErrorBody} for k in (401, 403, 404, 409, 422)},
    200: {"description": "The accepted file (a repaired PDF as repaired), as an attachment.",
          "content": {t: {"schema": {"type": "string", "format": "binary"}}
                      for t in ("application/pdf", "image/jpeg")}}}


@router.get("/{application_id}/attachments/{attachment_id}", response_class=StreamingResponse,
            responses=DOWNLOAD, summary="Open an accepted attached file")
async def download_attachment(
    application_id: Annotated[UUID, Path(examples=[APP_ID])], attachment_id: AttachmentId,
    pool: Pool, store: Store, settings: Settings, who: Filer,
) -> StreamingResponse:
    """What you attached, as documents accepted it (a repaired PDF as repaired), to check it.
    409 `ATTACHMENT_BEING_CHECKED` or `ATTACHMENT_REFUSED` when it has no accepted copy."""
    async def find(conn: asyncpg.Connection) -> asyncpg.Record:
        return await readable(conn, who, application_id)
    opened = await downloads.open_attachment(pool, store, settings.accepted_bucket, find,
                                             attachment_id)
    return StreamingResponse(opened.chunks, media_type=opened.media_type,
                             headers=opened.headers)
