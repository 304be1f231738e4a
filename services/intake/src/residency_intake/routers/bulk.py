"""Bulk filing (一括申請, SPEC §9): layouts and templates, upload, rows, attachments, filing."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Request, Response, status
from residency_contracts import AttachmentKind, Procedure

from ..applications import Origin
from ..bulk import filing, service, templates
from ..bulk.columns import spec
from ..bulk.views import BulkFiled, BulkRow, BulkUpload, RowFix
from ..deps import Now, Pool, Settings, Staff, Store
from ..errors import ErrorBody
from ..openapi_docs import BULK_COLUMNS
from ..views import AttachmentView
from .attachments import UPLOAD_BODY, AttachmentId

router = APIRouter(prefix="/bulk", tags=["bulk"])
ERRORS: dict[int | str, dict[str, Any]] = {
    k: {"model": ErrorBody} for k in (400, 401, 403, 404, 409, 413, 422)}
BULK = "/{procedure}"
Proc = Annotated[Procedure, Path(description="The procedure of the file (COE, CHG or EXT).",
                                 examples=["EXT"])]
Row = Annotated[int, Path(description="Data row number in the file (1 = under the header).",
                          examples=[2])]
UploadType = Annotated[str, Header(examples=["multipart/form-data; boundary=x"])]
COLUMNS: dict[int | str, dict[str, Any]] = {200: {"description": "One entry per column.",
                                                  "content": {"application/json": {
                                                      "example": BULK_COLUMNS}}}}
TEMPLATE: dict[int | str, dict[str, Any]] = {200: {"description": "The template file.", "content": {
    "text/csv": {"schema": {"type": "string"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {"type": "string", "format": "binary"}}}}}


@router.get(BULK + "/columns", responses={**COLUMNS, **ERRORS},
            summary="List the columns of a procedure's bulk file")
async def bulk_columns(procedure: Proc) -> list[dict[str, Any]]:
    """The documented column spec of the procedure's bulk file (no login)."""
    return spec(service.supported(procedure))


@router.get(BULK + "/template.{fmt}", responses={**TEMPLATE, **ERRORS}, response_class=Response,
            summary="Download the bulk file template (CSV or Excel)")
async def bulk_template(procedure: Proc,
                        fmt: Annotated[Literal["csv", "xlsx"], Path(examples=["xlsx"])],
                        examples: Annotated[bool, Query(description="Add example rows.",
                                                        examples=[True])] = False) -> Response:
    """The template: CSV (UTF-8 with BOM, CRLF) or .xlsx (no macros); `examples=true` adds
    example rows."""
    body, media, name = templates.download(procedure, fmt, examples)
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post(BULK, status_code=status.HTTP_201_CREATED, response_model=BulkUpload,
             responses=ERRORS, openapi_extra={"requestBody": UPLOAD_BODY},
             summary="Upload a bulk file and check every row")
async def bulk_upload(procedure: Proc, request: Request, pool: Pool, settings: Settings,
                      who: Staff, now: Now, content_type: UploadType = "") -> BulkUpload:
    """Upload a bulk file (multipart `file`): each row gets ok (正常) or needs_checking
    (要確認); it replaces the last upload (`replaced_previous`)."""
    return await service.upload(pool, settings, who, procedure, content_type,  # type: ignore[no-any-return]
                                request.stream(), now, request.app.state.sandbox)


@router.get(BULK, response_model=BulkUpload, responses=ERRORS,
            summary="Resume your last bulk upload")
async def bulk_resume(procedure: Proc, pool: Pool, who: Staff) -> BulkUpload:
    """The last upload, to resume: rows, verdicts, files."""
    return await service.current(pool, who, procedure)  # type: ignore[no-any-return]


@router.put(BULK + "/rows/{n}", response_model=BulkRow, responses=ERRORS,
            summary="Fix cells of one row and check it again")
async def bulk_fix_row(procedure: Proc, n: Row, body: RowFix, pool: Pool, who: Staff,
                       now: Now) -> BulkRow:
    """Fix one row: the given cells change and the row is checked again."""
    return await service.fix_row(pool, who, procedure, n, body.cells, now)  # type: ignore[no-any-return]


@router.post(BULK + "/rows/{n}/attachments", status_code=status.HTTP_202_ACCEPTED,
             response_model=AttachmentView, responses=ERRORS,
             openapi_extra={"requestBody": UPLOAD_BODY},
             summary="Attach a photo or document to one row")
async def bulk_attach(procedure: Proc, n: Row, request: Request, pool: Pool,
                      store: Store, settings: Settings, who: Staff, now: Now,
                      kind: Annotated[AttachmentKind, Query(description="document or photo",
                                                            examples=["photo"])],
                      content_type: UploadType = "") -> AttachmentView:
    """Attach a photo (JPEG) or document (PDF) to one row, checked like any attachment."""
    return await service.attach(pool, store, settings, who, procedure, n, kind, content_type,
                                request.stream(), now)


@router.delete(BULK + "/rows/{n}/attachments/{attachment_id}",
               status_code=status.HTTP_204_NO_CONTENT, responses=ERRORS,
               summary="Delete a photo or document of one row (before filing)")
async def bulk_detach(procedure: Proc, n: Row, attachment_id: AttachmentId, pool: Pool,
                      who: Staff, now: Now) -> None:
    """Delete one file of a row before the bulk filing (a refused one, so the rows can be
    filed); like `DELETE /applications/{id}/attachments/{attachment_id}`."""
    await service.detach(pool, who, procedure, n, attachment_id, now)


@router.post(BULK + "/file", response_model=BulkFiled, responses=ERRORS,
             summary="File every row at once and get the bulk number")
async def bulk_file(procedure: Proc, request: Request, pool: Pool, settings: Settings,
                    who: Staff, now: Now,
                    idempotency_key: Annotated[str | None, Header(
                        max_length=200, examples=["bulk-EXT-2026-04-01-01"])] = None,
                    x_forwarded_for: Annotated[str | None, Header(
                        description="Client address as seen by a trusted proxy.",
                        examples=["203.0.113.10"])] = None) -> BulkFiled:
    """File every row at once (all or nothing): the bulk number and count. Sending it again
    (same upload or Idempotency-Key) returns the same result and files nothing twice."""
    origin = Origin(request.client.host if request.client else None, x_forwarded_for,
                    settings.allowed_networks, settings.trusted_proxies)
    return await filing.file_all(pool, who, procedure, now,
                                 settings.hash_secret.get_secret_value(), origin,
                                 idempotency_key)
