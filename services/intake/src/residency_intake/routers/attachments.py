from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Header, Path, Query, Request, status
from residency_contracts import AttachmentKind

from .. import attachments
from ..deps import Filer, Now, Pool, Settings, Store
from ..errors import ErrorBody
from ..openapi_docs import APP_ID
from ..views import AttachmentView

router = APIRouter(prefix="/applications", tags=["attachments"])

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
