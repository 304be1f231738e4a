"""Bulk filing (一括申請, SPEC §9): layouts and templates, upload, rows, attachments, filing."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Request, Response, status
from residency_contracts import AttachmentKind, Procedure

from ..applications import Origin
from ..bulk import filing, service, templates
from ..bulk.columns import spec
from ..bulk.views import BulkFiled, BulkRow, BulkUpload, RowFix
from ..deps import Now, Pool, Settings, Staff, Store
from ..errors import ErrorBody
from ..views import AttachmentView
from .attachments import UPLOAD_BODY

router = APIRouter(prefix="/bulk", tags=["bulk"])
ERRORS: dict[int | str, dict[str, Any]] = {
    k: {"model": ErrorBody} for k in (400, 401, 403, 404, 409, 413, 422)}
BULK = "/{procedure}"


@router.get(BULK + "/columns", responses=ERRORS)
async def bulk_columns(procedure: Procedure) -> list[dict[str, Any]]:
    """The documented column spec of the procedure's bulk file (no login)."""
    return spec(service.supported(procedure))


@router.get(BULK + "/template.{fmt}", responses=ERRORS, response_class=Response)
async def bulk_template(procedure: Procedure, fmt: Literal["csv", "xlsx"],
                        examples: bool = False) -> Response:
    """The template: CSV (UTF-8 with BOM, CRLF) or .xlsx (no macros); `examples=true` adds
    example rows."""
    body, media, name = templates.download(procedure, fmt, examples)
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post(BULK, status_code=status.HTTP_201_CREATED, response_model=BulkUpload,
             responses=ERRORS, openapi_extra={"requestBody": UPLOAD_BODY})
async def bulk_upload(procedure: Procedure, request: Request, pool: Pool, settings: Settings,
                      who: Staff, now: Now, content_type: Annotated[str, Header()] = ""
                      ) -> BulkUpload:
    """Upload a bulk file (multipart `file`): each row gets ok (正常) or needs_checking
    (要確認); it replaces the last upload (`replaced_previous`)."""
    return await service.upload(pool, settings, who, procedure, content_type,
                                request.stream(), now)  # type: ignore[no-any-return]


@router.get(BULK, response_model=BulkUpload, responses=ERRORS)
async def bulk_resume(procedure: Procedure, pool: Pool, who: Staff) -> BulkUpload:
    """The last upload, to resume: rows, verdicts, files."""
    return await service.current(pool, who, procedure)  # type: ignore[no-any-return]


@router.put(BULK + "/rows/{n}", response_model=BulkRow, responses=ERRORS)
async def bulk_fix_row(procedure: Procedure, n: int, body: RowFix, pool: Pool, who: Staff,
                       now: Now) -> BulkRow:
    """Fix one row: the given cells change and the row is checked again."""
    return await service.fix_row(pool, who, procedure, n, body.cells, now)  # type: ignore[no-any-return]


@router.post(BULK + "/rows/{n}/attachments", status_code=status.HTTP_202_ACCEPTED,
             response_model=AttachmentView, responses=ERRORS,
             openapi_extra={"requestBody": UPLOAD_BODY})
async def bulk_attach(procedure: Procedure, n: int, request: Request, pool: Pool,
                      store: Store, settings: Settings, who: Staff, now: Now,
                      kind: Annotated[AttachmentKind, Query(description="document or photo")],
                      content_type: Annotated[str, Header()] = "") -> AttachmentView:
    """Attach a photo (JPEG) or document (PDF) to one row, checked like any attachment."""
    return await service.attach(pool, store, settings, who, procedure, n, kind, content_type,
                                request.stream(), now)


@router.post(BULK + "/file", response_model=BulkFiled, responses=ERRORS)
async def bulk_file(procedure: Procedure, request: Request, pool: Pool, settings: Settings,
                    who: Staff, now: Now,
                    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
                    x_forwarded_for: Annotated[str | None, Header()] = None) -> BulkFiled:
    """File every row at once (all or nothing): the bulk number and count. Sending it again
    (same upload or Idempotency-Key) returns the same result and files nothing twice."""
    origin = Origin(request.client.host if request.client else None, x_forwarded_for,
                    settings.allowed_networks, settings.trusted_proxies)
    return await filing.file_all(pool, who, procedure, now,
                                 settings.hash_secret.get_secret_value(), origin,
                                 idempotency_key)
