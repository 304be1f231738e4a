"""The filer's side of 返却中: see what is requested, answer it."""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, status

from ..applications import corrections
from ..applications.corrections import CorrectionAnswer, CorrectionAnswered, CorrectionRequestView
from ..deps import Filer, Now, Pool
from ..errors import ErrorBody
from ..openapi_docs import APP_ID, CORRECTION_ID

router = APIRouter(prefix="/applications", tags=["corrections"])
ERRORS: dict[int | str, dict[str, Any]] = {k: {"model": ErrorBody} for k in (401, 403, 404, 409, 422)}
AppId = Annotated[UUID, Path(description="The application's id.", examples=[APP_ID])]
RequestId = Annotated[UUID, Path(description="The correction request's id (from the list).",
                                 examples=[CORRECTION_ID])]


@router.get("/{application_id}/corrections", response_model=list[CorrectionRequestView],
            responses=ERRORS, summary="See what the examiner asks you to correct (返却中)")
async def list_requests(application_id: AppId, pool: Pool,
                        who: Filer) -> list[CorrectionRequestView]:
    """The correction requests of an application, oldest first."""
    return await corrections.requests(pool, who, application_id)


@router.post("/{application_id}/corrections", status_code=status.HTTP_202_ACCEPTED,
             response_model=CorrectionAnswered, responses=ERRORS,
             summary="Answer the newest open correction request")
async def answer(application_id: AppId, body: CorrectionAnswer, pool: Pool, who: Filer,
                 now: Now) -> CorrectionAnswered:
    """Answer the newest open request with the requested items only; files uploaded since the request
    go with it. examination then puts the application back under examination (審査中)."""
    return await corrections.answer(pool, who, application_id, body, now)


@router.post("/{application_id}/corrections/{request_id}", status_code=status.HTTP_202_ACCEPTED,
             response_model=CorrectionAnswered, responses=ERRORS,
             summary="Answer a particular open correction request")
async def answer_request(application_id: AppId, request_id: RequestId, body: CorrectionAnswer,
                         pool: Pool, who: Filer, now: Now) -> CorrectionAnswered:
    """Answer the open request `request_id` (an id from the list) with its requested items
    only; files uploaded since that request go with it. 404 CORRECTION_REQUEST_NOT_FOUND for
    an id this application has not, 409 CORRECTION_ALREADY_ANSWERED once answered."""
    return await corrections.answer(pool, who, application_id, body, now,
                                    request_id=request_id)
