"""Examiners: their bureau's applications and the actions that move them."""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Query, status
from fastapi.responses import StreamingResponse
from residency_contracts import ApplicationStatus

from .. import downloads
from ..deps import Examiner, Now, Pool, Settings, Store
from ..errors import ErrorBody
from ..examiner import actions
from ..examiner.views import (
    ActionAccepted,
    ExaminerAction,
    ExaminerApplication,
    ExaminerApplicationDetail,
)
from ..openapi_docs import APP_ID, FILE_ID

router = APIRouter(prefix="/examiner", tags=["examiner"])
ERRORS: dict[int | str, dict[str, Any]] = {
    k: {"model": ErrorBody} for k in (401, 403, 404, 409, 422)}
AppId = Annotated[UUID, Path(description="The application's id.", examples=[APP_ID])]
FileId = Annotated[UUID, Path(description="The attachment's id (from the application's "
                                          "`attachments`).", examples=[FILE_ID])]
DOWNLOAD: dict[int | str, dict[str, Any]] = {**ERRORS, 200: {
    "description": "The accepted file (a repaired PDF as repaired), as an attachment.",
    "content": {t: {"schema": {"type": "string", "format": "binary"}}
                for t in ("application/pdf", "image/jpeg")}}}


def streamed(opened: downloads.Opened) -> StreamingResponse:
    return StreamingResponse(opened.chunks, media_type=opened.media_type,
                             headers=opened.headers)


@router.get("/applications", response_model=list[ExaminerApplication], responses=ERRORS,
            summary="Your bureau's filed applications (examination queue)")
async def list_applications(
    pool: Pool, who: Examiner,
    status_: Annotated[ApplicationStatus | None, Query(alias="status", examples=["filed"])] = None,
    limit: Annotated[int, Query(ge=1, le=100, examples=[50])] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000, examples=[0])] = 0,
    number: Annotated[str | None, Query(
        min_length=1, max_length=40, examples=["0000000018"],
        description="Only the application with this 整理番号 (reference number), 受付仮番号 "
                    "or 申請受付番号 (receipt number), exactly.")] = None,
) -> list[ExaminerApplication]:
    """Filed applications of your bureau, oldest filing first."""
    return await actions.queue(pool, who, status_, limit, offset,
                               number.strip() if number else None)


@router.get("/applications/{application_id}", response_model=ExaminerApplicationDetail,
            responses=ERRORS, summary="Examine one application of your bureau")
async def get_application(application_id: AppId, pool: Pool,
                          who: Examiner) -> ExaminerApplicationDetail:
    """One filed application of your bureau, with its content and attachment verdicts."""
    return await actions.detail(pool, who, application_id)


@router.get("/applications/{application_id}/attachments/{attachment_id}",
            response_class=StreamingResponse, responses=DOWNLOAD,
            summary="Open an accepted attachment of your bureau's application")
async def download_attachment(application_id: AppId, attachment_id: FileId, pool: Pool,
                              store: Store, settings: Settings,
                              who: Examiner) -> StreamingResponse:
    """The copy documents accepted (PDF or JPEG photo) as a download. 404 for another
    bureau's application or an unknown file; 409 `ATTACHMENT_BEING_CHECKED` or
    `ATTACHMENT_REFUSED` when it has no accepted copy."""
    return streamed(await downloads.open_attachment(
        pool, store, settings.accepted_bucket, actions.bureau_application(who, application_id),
        attachment_id))


@router.post("/applications/{application_id}/actions", status_code=status.HTTP_202_ACCEPTED,
             response_model=ActionAccepted, responses=ERRORS,
             summary="Take, return for correction, approve, deny or mark delivered")
async def act(application_id: AppId, body: ExaminerAction, pool: Pool,
              who: Examiner, now: Now) -> ActionAccepted:
    """take, request_correction, approve, deny or mark_delivered. Accepted commands are
    applied by examination; the new status then shows on the application (202)."""
    return await actions.act(pool, who, application_id, body, now)
