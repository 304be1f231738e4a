"""Examiners: their bureau's applications and the actions that move them."""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Query, status
from residency_contracts import ApplicationStatus

from ..deps import Examiner, Now, Pool
from ..errors import ErrorBody
from ..examiner import actions
from ..examiner.views import (
    ActionAccepted,
    ExaminerAction,
    ExaminerApplication,
    ExaminerApplicationDetail,
)
from ..openapi_docs import APP_ID

router = APIRouter(prefix="/examiner", tags=["examiner"])
ERRORS: dict[int | str, dict[str, Any]] = {
    k: {"model": ErrorBody} for k in (401, 403, 404, 409, 422)}
AppId = Annotated[UUID, Path(description="The application's id.", examples=[APP_ID])]


@router.get("/applications", response_model=list[ExaminerApplication], responses=ERRORS,
            summary="Your bureau's filed applications (examination queue)")
async def list_applications(
    pool: Pool, who: Examiner,
    status_: Annotated[ApplicationStatus | None, Query(alias="status", examples=["filed"])] = None,
    limit: Annotated[int, Query(ge=1, le=100, examples=[50])] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000, examples=[0])] = 0,
) -> list[ExaminerApplication]:
    """Filed applications of your bureau, oldest filing first."""
    return await actions.queue(pool, who, status_, limit, offset)


@router.get("/applications/{application_id}", response_model=ExaminerApplicationDetail,
            responses=ERRORS, summary="Examine one application of your bureau")
async def get_application(application_id: AppId, pool: Pool,
                          who: Examiner) -> ExaminerApplicationDetail:
    """One filed application of your bureau, with its content and attachment verdicts."""
    return await actions.detail(pool, who, application_id)


@router.post("/applications/{application_id}/actions", status_code=status.HTTP_202_ACCEPTED,
             response_model=ActionAccepted, responses=ERRORS,
             summary="Take, return for correction, approve, deny or mark delivered")
async def act(application_id: AppId, body: ExaminerAction, pool: Pool,
              who: Examiner, now: Now) -> ActionAccepted:
    """take, request_correction, approve, deny or mark_delivered. Accepted commands are
    applied by examination; the new status then shows on the application (202)."""
    return await actions.act(pool, who, application_id, body, now)
