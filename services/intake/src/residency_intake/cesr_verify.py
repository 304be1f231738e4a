"""Is this electronic CESR genuine? (`POST /cesr/verify`, no login.)

intake mirrors every issued CESR from examination's internal `CesrIssued` (number, SHA-256 of
the signed PDF, issue time, validity) into `cesr_issued`.

- A number alone confirms existence and validity only: `genuine` when the system issued it and
  it has not expired (`CESR_EXPIRED` otherwise), and nothing more — no issue date, no validity
  date, no particulars, since numbers are sequential and anyone may ask.
- A PDF proves the rest: genuine when one signature by the issuing key (configured certificate,
  INTAKE_CESR_SIGNING_CERT) covers the whole intact file, the file is exactly the one issued
  under the number it names, and it has not expired; then the issue and validity dates are
  shown. The PDF is read while streaming (at most INTAKE_CESR_MAX_PDF_BYTES) and parsed in a
  sandbox worker (time and memory bounds), never in intake's own process.
"""

import hashlib
import json
from collections.abc import AsyncIterator
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
from residency_sandbox import SandboxError, SandboxPool, SandboxUnavailable
from starlette.requests import Request

from . import cesr_signature
from . import openapi_docs as ex
from .adapters.uploads import BadUpload, TooLarge, receive_file
from .bodylimit import read_limited, size_text
from .errors import ApiError
from .settings import IntakeSettings

CONSUMER = "intake"
NUMBER_BODY_BYTES = 1024
"""The JSON body is one number: a larger body is refused while reading."""


class CesrNumberBody(BaseModel):
    """The JSON body of `POST /cesr/verify`, for the document (verify_request parses it)."""

    model_config = ConfigDict(json_schema_extra=ex.examples(ex.CESR_NUMBER))
    cesr_number: str = Field(min_length=1, max_length=40,
                             description="在留資格認定証明書番号, as printed on the CESR.")


class CesrVerification(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.CESR_GENUINE, ex.CESR_ALTERED_PDF))
    genuine: bool = Field(description="Issued by this system and not expired (and, for a PDF, "
                          "signed by its key and unaltered).")
    cesr_number: str | None = None
    issued: bool = Field(description="This system issued a CESR with this number.")
    issued_at: datetime | None = Field(None, description="PDF only (a number alone says no more "
                                       "than issued and expired).")
    valid_until: date | None = Field(None, description="PDF only.")
    expired: bool | None = Field(None, description="Past its validity (3 months from issue).")
    signature_valid: bool | None = Field(
        None, description="PDF only: signed by the system's key over the whole, intact file.")
    unaltered: bool | None = Field(None, description="PDF only: identical to the PDF issued.")
    problems: list[str] = Field(default_factory=list, examples=[["SIGNATURE_INVALID"]],
                                description="CESR_NOT_ISSUED, CESR_EXPIRED, PDF_UNREADABLE, "
                                "SIGNATURE_MISSING, SIGNATURE_UNEXPECTED, SIGNATURE_INVALID, "
                                "SIGNER_UNTRUSTED, MODIFIED_AFTER_SIGNING, NOT_AS_ISSUED")


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


async def _known(pool: asyncpg.Pool, number: str | None, now: datetime
                 ) -> tuple[CesrVerification, asyncpg.Record | None]:
    """Issued and expired only — what anyone may learn from a number."""
    row = await pool.fetchrow("SELECT * FROM cesr_issued WHERE cesr_number = $1", number) \
        if number else None
    if row is None:
        return CesrVerification(genuine=False, cesr_number=number, issued=False,
                                problems=["CESR_NOT_ISSUED"]), None
    expired = now.astimezone(TOKYO).date() > row["valid_until"]
    return CesrVerification(genuine=not expired, cesr_number=number, issued=True,
                            expired=expired, problems=["CESR_EXPIRED"] if expired else []), row


async def verify_number(pool: asyncpg.Pool, number: str, now: datetime) -> CesrVerification:
    result, _ = await _known(pool, number.strip(), now)
    return result


async def check_signature(sandbox: SandboxPool, settings: IntakeSettings, pdf: bytes,
                          cert_pem: str) -> cesr_signature.SignatureCheck:
    """pyHanko on the untrusted PDF, in a sandbox worker: a PDF that takes longer or needs more
    memory than the bounds is unreadable."""
    try:
        checked = await sandbox.run(cesr_signature.check, pdf, cert_pem,
                                    timeout_s=settings.sandbox_timeout_s,
                                    memory_mb=settings.sandbox_memory_mb)
    except SandboxUnavailable:
        raise ApiError(503, "VERIFICATION_UNAVAILABLE") from None
    except SandboxError:
        return cesr_signature.SignatureCheck(("PDF_UNREADABLE",), None)
    assert isinstance(checked, cesr_signature.SignatureCheck)
    return checked


async def verify_pdf(pool: asyncpg.Pool, sandbox: SandboxPool, settings: IntakeSettings,
                     pdf: bytes, cert_pem: str, now: datetime) -> CesrVerification:
    checked = await check_signature(sandbox, settings, pdf, cert_pem)
    result, row = await _known(pool, checked.number, now)
    unaltered = row is not None and row["sha256"] == hashlib.sha256(pdf).hexdigest()
    # a PDF whose number cannot be read is not said to name an unissued number
    problems = [*checked.problems, *(result.problems if checked.number else [])]
    if row is not None and not unaltered:
        problems.append("NOT_AS_ISSUED")
    update = {"genuine": not problems, "signature_valid": not checked.problems,
              "unaltered": unaltered, "problems": problems}
    if row is not None and unaltered and not checked.problems:  # the holder's own file
        update |= {"issued_at": row["issued_at"], "valid_until": row["valid_until"]}
    return result.model_copy(update=update)


async def _number(body: AsyncIterator[bytes]) -> str:
    try:
        parsed = json.loads(await read_limited(body, NUMBER_BODY_BYTES) or b"null")
        number = parsed.get("cesr_number") if isinstance(parsed, dict) else None
    except (ValueError, UnicodeError):
        number = None
    if not isinstance(number, str) or not 1 <= len(number.strip()) <= 40:
        raise ApiError(422, "CESR_NUMBER_REQUIRED", field="cesr_number")
    return number


async def _pdf(settings: IntakeSettings, content_type: str, body: AsyncIterator[bytes]) -> bytes:
    """The multipart `file`, streamed: refused once past cesr_max_pdf_bytes, never spooled."""
    try:
        received = await receive_file(content_type, body, settings.cesr_max_pdf_bytes)
    except TooLarge:
        raise ApiError(413, "FILE_TOO_LARGE", field="file",
                       limit=size_text(settings.cesr_max_pdf_bytes)) from None
    except BadUpload:
        raise ApiError(422, "FILE_REQUIRED", field="file") from None
    with received.file:
        return received.file.read()


async def verify_request(pool: asyncpg.Pool, sandbox: SandboxPool, settings: IntakeSettings,
                         request: Request, now: datetime) -> CesrVerification:
    """Multipart with a PDF in `file`, or JSON `{cesr_number}`."""
    content_type = request.headers.get("content-type", "")
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        return await verify_number(pool, await _number(request.stream()), now)
    if kind != "multipart/form-data":
        raise ApiError(415, "UNSUPPORTED_MEDIA_TYPE")
    if settings.cesr_signing_cert is None:
        raise ApiError(503, "VERIFICATION_UNAVAILABLE")
    pdf = await _pdf(settings, content_type, request.stream())
    return await verify_pdf(pool, sandbox, settings, pdf, settings.cesr_signing_cert, now)
