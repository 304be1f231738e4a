"""The filer's side of 返却中: see what is requested, answer it."""

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, status

from ..applications import corrections
from ..applications.corrections import CorrectionAnswer, CorrectionAnswered, CorrectionRequestView
from ..deps import Filer, Now, Pool
from ..errors import ErrorBody
from ..openapi_docs import APP_ID

router = APIRouter(prefix="/applications", tags=["corrections"])
ERRORS: dict[int | str, dict[str, Any]] = {k: {"model": ErrorBody} for k in (401, 403, 404, 409, 422)}
AppId = Annotated[UUID, Path(description="The application's id.", examples=[APP_ID])]


@router.get("/{application_id}/corrections", response_model=list[CorrectionRequestView],
            responses=ERRORS, summary="See what the examiner asks you to correct (返却中)")
async def list_requests(application_id: AppId, pool: Pool,
                        who: Filer) -> list[CorrectionRequestView]:
    """The correction requests of an application, oldest first."""
    return await corrections.requests(pool, who, application_id)


@router.post("/{application_id}/corrections", status_code=status.HTTP_202_ACCEPTED,
             response_model=CorrectionAnswered, responses=ERRORS,
             summary="Answer the open correction request")
async def answer(application_id: AppId, body: CorrectionAnswer, pool: Pool, who: Filer,
                 now: Now) -> CorrectionAnswered:
    """Answer the open request with the requested items only; files uploaded since the request
    go with it. examination then puts the application back under examination (審査中)."""
    return await corrections.answer(pool, who, application_id, body, now)
