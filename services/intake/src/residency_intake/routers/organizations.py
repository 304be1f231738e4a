"""Usage requests (利用申出), periodic reports (定期報告) and the organization's access."""

from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Path, Query, Request, status

from ..accounts.sessions import Principal
from ..applications import corrections
from ..applications.corrections import CorrectionAnswer, CorrectionAnswered, CorrectionRequestView
from ..deps import CurrentUser, Now, Pool, Settings, Staff, Store
from ..errors import ApiError, ErrorBody
from ..organizations import access, filings, submit
from ..organizations.views import (
    FilingRow,
    FilingView,
    OrganizationView,
    PeriodicReport,
    UsageRequest,
)
from ..views import AttachmentView, Filed
from .attachments import AttachmentId

router = APIRouter(prefix="/organizations", tags=["organizations"])
ERRORS: dict[int | str, dict[str, Any]] = {
    k: {"model": ErrorBody} for k in (400, 401, 403, 404, 409, 413, 422)}
UPLOAD_BODY = {"content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary"}}}}}}
FilingId = Annotated[UUID, Path(description="The usage request's or periodic report's id.",
                                examples=["2e4f6a8c-1b3d-4e5f-8a7b-9c0d1e2f3a41"])]


async def _any_staff(who: CurrentUser) -> Principal:
    if who.role != "organization_staff":
        raise ApiError(403, "FORBIDDEN")
    return who


AnyStaff = Annotated[Principal, Depends(_any_staff)]
"""Organization staff, approved for an organization or not yet."""


@router.get("/me", response_model=OrganizationView, responses=ERRORS,
            summary="Show your organization and its access")
async def my_organization(pool: Pool, who: AnyStaff, now: Now) -> OrganizationView:
    """Your organization and whether its access is approved, expired or none."""
    return await access.organization_of(pool, who, now)


@router.post("/usage-requests", status_code=status.HTTP_201_CREATED,
             response_model=FilingView, responses=ERRORS,
             summary="Start a usage request (利用申出)")
async def create_usage_request(body: UsageRequest, pool: Pool,
                               who: AnyStaff, now: Now) -> FilingView:
    """Start a usage request (new organization, or an additional staff member); then attach
    its PDFs and file it. Once approved you can file applications for others."""
    app_id = await filings.create_usage_request(pool, who, body, now)
    return await filings.read(pool, who, app_id)


@router.post("/periodic-reports", status_code=status.HTTP_201_CREATED,
             response_model=FilingView, responses=ERRORS,
             summary="Start a periodic report (定期報告)")
async def create_periodic_report(body: PeriodicReport, pool: Pool, who: Staff,
                                 now: Now) -> FilingView:
    """Start your organization's periodic report; its approval renews the access."""
    app_id = await filings.create_periodic_report(pool, who, body, now)
    return await filings.read(pool, who, app_id)


@router.get("/filings", response_model=list[FilingRow], responses=ERRORS,
            summary="List your usage requests and periodic reports")
async def list_filings(pool: Pool, who: AnyStaff, procedure: Annotated[
        Literal["USE", "RPT"] | None, Query(description="Only usage requests or only reports.",
                                             examples=["USE"])
        ] = None) -> list[FilingRow]:
    """The usage requests and periodic reports you may act on, newest first, with status,
    numbers and dates: your own usage requests, your organization's approved ones and its
    periodic reports (an additional usage request is its filer's alone until approved).
    `in_progress` marks the one that blocks starting another."""
    return await filings.listed(pool, who, procedure)


@router.get("/filings/{filing_id}", response_model=FilingView, responses=ERRORS,
            summary="Show a usage request or periodic report")
async def get_filing(filing_id: FilingId, pool: Pool, who: AnyStaff) -> FilingView:
    """Status, numbers and attachment verdicts of a usage request or periodic report."""
    return await filings.read(pool, who, filing_id)


@router.post("/filings/{filing_id}/attachments", status_code=status.HTTP_202_ACCEPTED,
             response_model=AttachmentView, openapi_extra={"requestBody": UPLOAD_BODY},
             responses=ERRORS, summary="Attach a PDF to a usage request or periodic report")
async def upload_filing_attachment(filing_id: FilingId, request: Request, pool: Pool, store: Store,
                                   settings: Settings, who: AnyStaff, now: Now,
                                   content_type: Annotated[str, Header(examples=[
                                       "multipart/form-data; boundary=x"])] = ""
                                   ) -> AttachmentView:
    """Attach one PDF (≤20 files and ≤20 MB in total)."""
    return await submit.upload(pool, store, settings, who, filing_id, content_type,
                               request.stream(), now)


@router.delete("/filings/{filing_id}/attachments/{attachment_id}",
               status_code=status.HTTP_204_NO_CONTENT, responses=ERRORS,
               summary="Delete a PDF of a usage request or periodic report (before filing)")
async def delete_filing_attachment(filing_id: FilingId, attachment_id: AttachmentId,
                                   pool: Pool, who: AnyStaff, now: Now) -> None:
    """Delete one PDF before filing, or one added for the correction answer before it is
    sent (409 otherwise); like `DELETE /applications/{id}/attachments/{attachment_id}`."""
    await submit.delete_attachment(pool, who, filing_id, attachment_id, now)


@router.post("/filings/{filing_id}/file", response_model=Filed, responses=ERRORS,
             summary="File a usage request or periodic report")
async def file_filing(filing_id: FilingId, pool: Pool, who: AnyStaff, now: Now,
                      settings: Settings) -> Filed:
    """File it: reference number and password (both emailed), then the bureau examines it."""
    return await submit.file(pool, who, filing_id, now, settings.hash_secret.get_secret_value())


@router.get("/filings/{filing_id}/corrections", response_model=list[CorrectionRequestView],
            responses=ERRORS, summary="See what the examiner asks you to correct (返却中)")
async def list_filing_corrections(filing_id: FilingId, pool: Pool,
                                  who: AnyStaff) -> list[CorrectionRequestView]:
    """The correction requests of a usage request or periodic report, oldest first."""
    return await corrections.requests(pool, who, filing_id, load=filings.visible)


@router.post("/filings/{filing_id}/corrections", status_code=status.HTTP_202_ACCEPTED,
             response_model=CorrectionAnswered, responses=ERRORS,
             summary="Answer the open correction request of a usage request or periodic report")
async def answer_filing_corrections(filing_id: FilingId, body: CorrectionAnswer, pool: Pool,
                                    who: AnyStaff, now: Now) -> CorrectionAnswered:
    """Answer with the requested items only; PDFs attached since the request (≤20 MB) go
    with it. The bureau then examines it again (審査中)."""
    return await corrections.answer(pool, who, filing_id, body, now, load=filings.visible)
