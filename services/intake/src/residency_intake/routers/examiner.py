"""Examiners: their bureau's applications and the actions that move them."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, status
from residency_contracts import ApplicationStatus

from ..deps import Examiner, Pool
from ..errors import ErrorBody
from ..examiner import actions
from ..examiner.views import (
    ActionAccepted,
    ExaminerAction,
    ExaminerApplication,
    ExaminerApplicationDetail,
)

router = APIRouter(prefix="/examiner", tags=["examiner"])
ERRORS = {k: {"model": ErrorBody} for k in (401, 403, 404, 409, 422)}


@router.get("/applications", response_model=list[ExaminerApplication], responses=ERRORS)
async def list_applications(
    pool: Pool, who: Examiner,
    status_: Annotated[ApplicationStatus | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> list[ExaminerApplication]:
    """Filed applications of your bureau, oldest filing first."""
    return await actions.queue(pool, who, status_, limit, offset)


@router.get("/applications/{application_id}", response_model=ExaminerApplicationDetail,
            responses=ERRORS)
async def get_application(application_id: UUID, pool: Pool,
                          who: Examiner) -> ExaminerApplicationDetail:
    """One filed application of your bureau, with its content and attachment verdicts."""
    return await actions.detail(pool, who, application_id)


@router.post("/applications/{application_id}/actions", status_code=status.HTTP_202_ACCEPTED,
             response_model=ActionAccepted, responses=ERRORS)
async def act(application_id: UUID, body: ExaminerAction, pool: Pool,
              who: Examiner) -> ActionAccepted:
    """take, request_correction, approve, deny or mark_delivered. Accepted commands are
    applied by examination; the new status then shows on the application (202)."""
    return await actions.act(pool, who, application_id, body)
