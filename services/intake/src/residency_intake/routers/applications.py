from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Body, Header, Path, Query, Request, Response, status
from fastapi.responses import HTMLResponse
from residency_contracts import Procedure

from .. import applications
from ..applications import drafts, listing, requests
from ..deps import CurrentUser, Filer, Now, Pool, Settings
from ..errors import ErrorBody
from ..openapi_docs import APP_ID, DRAFT_ID, NEW_APPLICATION
from ..views import (
    Accepted,
    ApplicationPage,
    ApplicationView,
    CesrRow,
    DraftBody,
    DraftView,
    Filed,
    NewApplication,
    ReceiptMethodChange,
)

router = APIRouter(tags=["applications"])
ERRORS: dict[int | str, dict[str, Any]] = {
    k: {"model": ErrorBody} for k in (401, 403, 404, 409, 422)}
APP = "/applications/{application_id}"
AppId = Annotated[UUID, Path(description="The application's id.", examples=[APP_ID])]
PRINTED: dict[int | str, dict[str, Any]] = {200: {"description": "The printable page.", "content": {"text/html": {
    "schema": {"type": "string"},
    "example": "<!DOCTYPE html><html lang=\"ja\"><title>0000000018</title>…</html>"}}}}
Proc = Annotated[Procedure, Path(description="The procedure of the form.", examples=["EXT"])]


@router.post("/applications", status_code=status.HTTP_201_CREATED,
             response_model=ApplicationView, responses=ERRORS,
             summary="Start an application (with simultaneous ones)")
async def create_application(body: Annotated[NewApplication, Body(
                                 openapi_examples=NEW_APPLICATION)], pool: Pool, who: Filer,
                             now: Now, settings: Settings) -> ApplicationView:
    """Create a draft application, with its simultaneous REE/ACT/WRK ones (validated at once,
    field by field); 409 `TOO_MANY_DRAFTS` past `INTAKE_MAX_OPEN_DRAFTS` unfiled ones."""
    app_id = await applications.create(pool, who, body, now,
                                       applications.account_quotas(settings))
    return await applications.read(pool, who, app_id)


@router.delete(APP, status_code=status.HTTP_204_NO_CONTENT, responses=ERRORS,
               summary="Delete an application not yet filed")
async def delete_application(application_id: AppId, pool: Pool, who: Filer, now: Now) -> None:
    """Delete an unfiled application with its simultaneous ones and their files (204); 409
    once filed. Frees the account's draft and storage quotas."""
    await applications.delete_unfiled(pool, who, application_id, now)


@router.get("/applications", response_model=ApplicationPage, responses=ERRORS,
            summary="List the applications you may see (status list)")
async def list_applications(
    pool: Pool, who: CurrentUser,
    q: Annotated[str | None, Query(max_length=104, description="Reference, provisional "
                                   "receipt or receipt number, or Latin name (partial).",
                                   examples=["SAMPLE"])] = None,
    procedure_q: Annotated[str | None, Query(max_length=100, description="Keywords of the "
                                             "procedure name (JA/EN), all must match.",
                                             examples=["在留期間"])] = None,
    filed_from: Annotated[str | None, Query(description="YYYYMMDD", max_length=20,
                                            examples=["20260401"])] = None,
    filed_to: Annotated[str | None, Query(description="YYYYMMDD", max_length=20,
                                          examples=["20260430"])] = None,
    sort: Annotated[Literal["filed_at"], Query(examples=["filed_at"])] = "filed_at",
    order: Annotated[Literal["asc", "desc"], Query(examples=["desc"])] = "desc",
    page: Annotated[int, Query(examples=[1])] = 1,
    per_page: Annotated[int, Query(description="10, 20 or 50", examples=[20])] = 10,
) -> ApplicationPage:
    """The status list (処理状況一覧): what the caller may see, newest filing first."""
    return await listing.search(pool, who, listing.Query(
        q, procedure_q, filed_from, filed_to, order, page, per_page))


@router.get(APP, response_model=ApplicationView, responses=ERRORS,
            summary="Show one application: status, numbers, verdicts")
async def get_application(application_id: AppId, pool: Pool, who: CurrentUser
                          ) -> ApplicationView:
    """Status, numbers, content, simultaneous applications and attachment verdicts."""
    return await applications.read(pool, who, application_id)


@router.get(APP + "/print", response_class=Response, responses={**PRINTED, **ERRORS},
            summary="Print one application (HTML)")
async def print_application(application_id: AppId, pool: Pool, who: CurrentUser
                            ) -> HTMLResponse:
    """A printable HTML page of the application's content."""
    return HTMLResponse(await listing.printable(pool, who, application_id))


@router.post(APP + "/file", response_model=Filed, responses=ERRORS,
             summary="File an application and get its reference numbers")
async def file_application(application_id: AppId, request: Request, pool: Pool, who: Filer,
                           now: Now, settings: Settings,
                           x_forwarded_for: Annotated[str | None, Header(
                               description="Client address as seen by a trusted proxy.",
                               examples=["203.0.113.10"])] = None) -> Filed:
    """File the application (and its simultaneous ones): reference numbers and passwords."""
    origin = applications.Origin(request.client.host if request.client else None,
                                 x_forwarded_for, settings.allowed_networks,
                                 settings.trusted_proxies)
    return await applications.file(pool, who, application_id, now,
                                   settings.hash_secret.get_secret_value(), origin)


@router.post(APP + "/reuse", status_code=status.HTTP_201_CREATED, response_model=DraftView,
             responses=ERRORS, summary="Reuse an earlier application as your draft")
async def reuse_application(application_id: AppId, pool: Pool, who: Filer, now: Now
                            ) -> DraftView:
    """Pre-fill your draft of the same procedure from this application (last 2 years);
    fields whose rules changed are blank and listed in flagged_fields."""
    return await drafts.reuse_application(pool, who, application_id, now)


@router.post(APP + "/receipt-method", status_code=status.HTTP_202_ACCEPTED,
             response_model=Accepted, responses=ERRORS,
             summary="Change how the card or certificate is received (RCV)")
async def change_receipt_method(application_id: AppId, body: ReceiptMethodChange, pool: Pool,
                                who: Filer) -> Accepted:
    """受領方法変更申出 (RCV): ask to receive the residence card by mail or at a counter
    instead; possible while pending, filed or under examination (202, applied by
    examination)."""
    return await requests.change_receipt_method(pool, who, application_id, body)


@router.get("/cesr-receipts", response_model=list[CesrRow], responses=ERRORS,
            summary="List electronic CESRs awaiting your receipt (and registered ones)")
async def list_cesr_receipts(
    pool: Pool, who: Filer,
    include_registered: Annotated[bool, Query(
        description="Also the ones already registered (受領登録済), after the others, the "
        "latest registration first.", examples=[True])] = False,
) -> list[CesrRow]:
    """受領登録一覧: electronic CESRs issued and not yet registered as received, oldest
    first, each with 受領登録依頼日時 (`cesr_issued_at`) and 受領登録日時
    (`cesr_registered_at`)."""
    return await requests.cesrs(pool, who, include_registered)


@router.post(APP + "/cesr-receipt", response_model=Accepted, responses=ERRORS,
             summary="Register receipt of an electronic CESR")
async def register_cesr_receipt(application_id: AppId, pool: Pool, who: Filer, now: Now
                                ) -> Accepted:
    """受領登録: confirm that you received the electronic certificate of eligibility (CESR)
    issued for this application."""
    return await requests.register_cesr(pool, who, application_id, now)


@router.put("/drafts/{procedure}", response_model=DraftView, responses=ERRORS, tags=["drafts"],
            summary="Save your form of a procedure as a draft")
async def save_draft(procedure: Proc, body: DraftBody, pool: Pool, who: Filer,
                     now: Now) -> DraftView:
    """Save the form (一時保存) with its simultaneous applications: the combination and the
    formats are checked, required fields may be empty."""
    return await drafts.save(pool, who, procedure, body.content, now, body.simultaneous)


@router.get("/drafts/{procedure}", response_model=DraftView, responses=ERRORS, tags=["drafts"],
            summary="Load your saved draft of a procedure")
async def load_draft(procedure: Proc, pool: Pool, who: Filer) -> DraftView:
    """Your saved form of this procedure (404 when there is none)."""
    return await drafts.load(pool, who, procedure)


@router.delete("/drafts/{procedure}", status_code=status.HTTP_204_NO_CONTENT,
               responses=ERRORS, tags=["drafts"], summary="Discard your draft of a procedure")
async def discard_draft(procedure: Proc, pool: Pool, who: Filer) -> None:
    """Delete your saved form of this procedure (204)."""
    await drafts.discard(pool, who, procedure)


@router.post("/applications/from-draft/{draft_id}", status_code=status.HTTP_201_CREATED,
             response_model=ApplicationView, responses=ERRORS, tags=["drafts"],
             summary="Start an application from a saved draft")
async def application_from_draft(draft_id: Annotated[UUID, Path(examples=[DRAFT_ID])],
                                 procedure: Annotated[Procedure, Query(examples=["EXT"])], pool: Pool, who: Filer,
                                 now: Now, settings: Settings) -> ApplicationView:
    """Load a draft into a new application of `procedure` (only the draft's own procedure)."""
    app_id = await drafts.apply(pool, who, draft_id, procedure, now,
                                applications.account_quotas(settings))
    return await applications.read(pool, who, app_id)
