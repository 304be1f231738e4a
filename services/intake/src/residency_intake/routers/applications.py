from uuid import UUID

from fastapi import APIRouter, status

from .. import applications
from ..deps import Now, Pool, Settings, Staff
from ..errors import ErrorBody
from ..views import ApplicationView, Filed, NewApplication

router = APIRouter(prefix="/applications", tags=["applications"])
ERRORS = {401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 404: {"model": ErrorBody},
          409: {"model": ErrorBody}, 422: {"model": ErrorBody}}


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ApplicationView,
             responses=ERRORS)
async def create_application(body: NewApplication, pool: Pool, who: Staff) -> ApplicationView:
    """Create a draft application (validated at once, field by field)."""
    app_id = await applications.create(pool, who, body)
    return await applications.read(pool, who, app_id)


@router.get("/{application_id}", response_model=ApplicationView, responses=ERRORS)
async def get_application(application_id: UUID, pool: Pool, who: Staff) -> ApplicationView:
    """Status, numbers and attachment verdicts of one application."""
    return await applications.read(pool, who, application_id)


@router.post("/{application_id}/file", response_model=Filed, responses=ERRORS)
async def file_application(application_id: UUID, pool: Pool, who: Staff, now: Now,
                           settings: Settings) -> Filed:
    """File the application: returns the reference number and its password (both emailed)."""
    return await applications.file(pool, who, application_id, now,
                                   settings.hash_secret.get_secret_value())
