"""Is this electronic CESR genuine? (`POST /cesr/verify`, no login.)

intake mirrors every issued CESR from examination's internal `CesrIssued` (number, SHA-256 of
the signed PDF, issue time, validity) into `cesr_issued`. A number alone is genuine when the
system issued it. A PDF is genuine when one signature by the issuing key (configured
certificate, INTAKE_CESR_SIGNING_CERT) covers the whole intact file, and the file is exactly
the one issued under the number it names.
"""

import hashlib
import json
from datetime import date, datetime

import asyncpg
from faststream.kafka import KafkaRouter
from pydantic import BaseModel, ConfigDict, Field
from residency_contracts import TOKYO
from residency_contracts.cesr import CesrIssued
from residency_contracts.topics import CESR_ISSUED
from residency_messaging.kafka import subscriber
from residency_messaging.runtime import Runtime
from residency_messaging.unit_of_work import AsyncpgUnitOfWork, UnitOfWork, exactly_once
from starlette.requests import Request

from . import cesr_signature
from . import openapi_docs as ex
from .errors import ApiError
from .settings import IntakeSettings

CONSUMER = "intake"


class CesrNumberBody(BaseModel):
    """The JSON body of `POST /cesr/verify`, for the document (verify_request parses it)."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.CESR_NUMBER))
    cesr_number: str = Field(min_length=1, max_length=40,
                             description="在留資格認定証明書番号, as printed on the CESR.")


class CesrVerification(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.CESR_GENUINE, ex.CESR_ALTERED_PDF))
    genuine: bool = Field(description="Issued by this system (and, for a PDF, unaltered).")
    cesr_number: str | None = None
    issued: bool = Field(description="This system issued a CESR with this number.")
    issued_at: datetime | None = None
    valid_until: date | None = None
    expired: bool | None = None
    signature_valid: bool | None = Field(
        None, description="PDF only: signed by the system's key over the whole, intact file.")
    unaltered: bool | None = Field(None, description="PDF only: identical to the PDF issued.")
    problems: list[str] = Field(default_factory=list, examples=[["SIGNATURE_INVALID"]])


async def cesr_issued(pool: asyncpg.Pool, e: CesrIssued) -> None:
    await exactly_once(AsyncpgUnitOfWork(pool, CONSUMER), e.event_id,
                       lambda uow: mirror_cesr(uow, e))


async def mirror_cesr(uow: UnitOfWork, e: CesrIssued) -> None:
    """Keep the issued CESR for verification and show its number on the application."""
    await uow.conn.execute(
        "INSERT INTO cesr_issued (cesr_number, application_id, sha256, issued_at, "
        "valid_until) VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING",
        e.cesr_number, e.application_id, e.sha256, e.issued_at, e.valid_until)
    await uow.conn.execute("UPDATE applications SET cesr_number = $2, cesr_issued_at = $3 "
                           "WHERE id = $1", e.application_id, e.cesr_number, e.issued_at)


def routers(rt: Runtime) -> list[KafkaRouter]:
    router = KafkaRouter()

    @subscriber(router, CESR_ISSUED.name, CONSUMER,
                description="Mirrors issued CESRs for verification and the receipt list.")
    async def on_cesr_issued(event: CesrIssued) -> None:
        await cesr_issued(rt.pool, event)

    return [router]


async def _known(pool: asyncpg.Pool, number: str | None, now: datetime) -> CesrVerification:
    row = await pool.fetchrow("SELECT * FROM cesr_issued WHERE cesr_number = $1", number) \
        if number else None
    if row is None:
        return CesrVerification(genuine=False, cesr_number=number, issued=False,
                                problems=["CESR_NOT_ISSUED"])
    return CesrVerification(genuine=True, cesr_number=number, issued=True,
                            issued_at=row["issued_at"], valid_until=row["valid_until"],
                            expired=now.astimezone(TOKYO).date() > row["valid_until"])


async def verify_number(pool: asyncpg.Pool, number: str, now: datetime) -> CesrVerification:
    return await _known(pool, number.strip(), now)


async def verify_pdf(pool: asyncpg.Pool, pdf: bytes, cert_pem: str,
                     now: datetime) -> CesrVerification:
    checked = await cesr_signature.check(pdf, cert_pem)
    result = await _known(pool, checked.number, now)
    row = await pool.fetchrow("SELECT sha256 FROM cesr_issued WHERE cesr_number = $1",
                              checked.number) if result.issued else None
    unaltered = row is not None and row["sha256"] == hashlib.sha256(pdf).hexdigest()
    problems = [*checked.problems, *result.problems]
    if result.issued and not unaltered:
        problems.append("NOT_AS_ISSUED")
    return result.model_copy(update={
        "genuine": not problems, "signature_valid": not checked.problems,
        "unaltered": unaltered, "problems": problems})


async def verify_request(pool: asyncpg.Pool, settings: IntakeSettings, request: Request,
                         now: datetime) -> CesrVerification:
    """Multipart with a PDF in `file`, or JSON `{cesr_number}`."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            body = json.loads(await request.body() or b"null")
            number = body.get("cesr_number") if isinstance(body, dict) else None
        except (ValueError, UnicodeError):
            number = None
        if not isinstance(number, str) or not 1 <= len(number.strip()) <= 40:
            raise ApiError(422, "CESR_NUMBER_REQUIRED", field="cesr_number")
        return await verify_number(pool, number, now)
    if kind != "multipart/form-data":
        raise ApiError(415, "UNSUPPORTED_MEDIA_TYPE")
    if settings.cesr_signing_cert is None:
        raise ApiError(503, "VERIFICATION_UNAVAILABLE")
    form = await request.form(max_files=1, max_fields=5)
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise ApiError(422, "FILE_REQUIRED", field="file")
    pdf = await upload.read(settings.cesr_max_pdf_bytes + 1)
    if len(pdf) > settings.cesr_max_pdf_bytes:
        raise ApiError(413, "FILE_TOO_LARGE", field="file")
    return await verify_pdf(pool, pdf, settings.cesr_signing_cert, now)

