"""Filing (SPEC §3): every rule checked in one transaction; numbers, events and emails."""

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

import asyncpg
from residency_contracts import (
    TOKYO,
    ApplicationFiled,
    ApplicationStatus,
    AttachmentKind,
    Procedure,
    SendReferenceNumber,
    SendReferencePassword,
    VerdictCode,
)
from residency_contracts.topics import APPLICATION_FILED, SEND_EMAIL
from residency_messaging.outbox import enqueue_many

from .. import cesr_filing
from ..accounts.sessions import Principal
from ..adapters.passwords import hash_reference_password
from ..catalogue.service import reception_problem
from ..domain import network, rules
from ..domain.filing import content_problems
from ..domain.numbers import reference_number
from ..domain.procedures import PHOTO_REQUIRED, STANDALONE, model_for
from ..domain.rules import Problem
from ..errors import ApiError
from ..views import Filed, FiledSimultaneous
from . import validation as v
from .access import owned
from .core import CHILD_ORDER
from .guards import duplicate_problem, organization_problem


@dataclass(frozen=True)
class Origin:
    """Where the filing request came from, and the operator's network settings."""

    peer: str | None = None
    forwarded_for: str | None = None
    allowed_networks: list[str] = field(default_factory=list)
    trusted_proxies: list[str] = field(default_factory=list)


def require_allowed_network(origin: Origin) -> None:
    """Filing only from Japan (SPEC §3): 403 unless the client is inside the allow-list."""
    address = network.client_address(origin.peer, origin.forwarded_for, origin.trusted_proxies)
    if not network.allowed(address, origin.allowed_networks):
        raise ApiError(403, "NETWORK_NOT_ALLOWED")


async def attachment_states(conn: asyncpg.Connection, app_id: UUID
                            ) -> list[rules.AttachmentState]:
    """The application's files and their verdicts (None while being checked), oldest first."""
    files = await conn.fetch(
        "SELECT kind, code, message_ja, message_en FROM attachments "
        "WHERE application_id = $1 ORDER BY uploaded_at", app_id)
    return [rules.AttachmentState(AttachmentKind(f["kind"]),
                                  VerdictCode(f["code"]) if f["code"] else None,
                                  f["message_ja"], f["message_en"]) for f in files]


def require_fileable(problems: list[Problem], pending: bool) -> None:
    """422 CANNOT_FILE with every problem, else 409 ATTACHMENTS_PENDING while a file is still
    being checked: applications, usage requests and periodic reports alike."""
    if problems:
        raise ApiError(422, "CANNOT_FILE", errors=v.as_field_errors(problems))
    if pending:
        raise ApiError(409, "ATTACHMENTS_PENDING", field="attachments")


async def file(pool: asyncpg.Pool, who: Principal, app_id: UUID, now: datetime,
               hash_secret: str, origin: Origin | None = None) -> Filed:
    require_allowed_network(origin or Origin())
    async with pool.acquire() as conn, conn.transaction():
        return await file_on(conn, who, app_id, now, hash_secret)


def new_reference_password(hash_secret: str) -> tuple[str, str]:
    """(a generated reference password, its keyed hash): microseconds, on the event loop."""
    password = rules.reference_password()
    return password, hash_reference_password(password, hash_secret)


async def _filing_open(conn: asyncpg.Connection, who: Principal, procedures: list[Procedure],
                       organization_id: UUID | None, now: datetime,
                       seen: dict[object, Problem | None]) -> None:
    """Reception periods and windows, and the organization's right to file; each answer is
    kept in `seen`, so one transaction filing many rows asks once."""
    for proc in procedures:
        if (key := (proc, organization_id)) not in seen:
            seen[key] = await reception_problem(conn, proc, organization_id, now)
        if (closed := seen[key]) is not None:
            raise ApiError.for_problem(409, closed, field=closed.field or "procedure")
    if "organization" not in seen:
        seen["organization"] = await organization_problem(conn, who, now)
    if (refused := seen["organization"]) is not None:
        raise ApiError.for_problem(403, refused)


async def file_on(conn: asyncpg.Connection, who: Principal, app_id: UUID, now: datetime,
                  hash_secret: str, *, bulk: bool = False,
                  seen: dict[object, Problem | None] | None = None) -> Filed:
    """Every rule and effect of filing one application, inside the caller's transaction
    (bulk filing calls it once per row in one transaction, with bulk=True and one `seen`)."""
    row = await owned(conn, who, app_id, lock=True)
    if (row["bulk_id"] is not None) != bulk:
        raise ApiError(409, "FILE_AS_BULK")
    if row["parent_id"] is not None:
        raise ApiError(409, "FILE_WITH_MAIN")
    if row["state"] != "draft":
        raise ApiError(409, "ALREADY_FILED")
    procedure = Procedure(row["procedure"])
    if procedure not in STANDALONE:
        raise ApiError(409, "NOT_AN_APPLICATION", field="procedure")
    content = model_for(procedure).model_validate_json(row["content"])
    children = await conn.fetch("SELECT * FROM applications WHERE parent_id = $1 "
                                + CHILD_ORDER + " FOR UPDATE", app_id)
    problems = content_problems(procedure, content, now.astimezone(TOKYO).date())
    attachment_problems, pending = rules.attachment_problems(
        await attachment_states(conn, app_id), photo_required=procedure in PHOTO_REQUIRED)
    require_fileable(problems + attachment_problems, pending)
    await _filing_open(conn, who, list(dict.fromkeys(
        [procedure, *(Procedure(c["procedure"]) for c in children)])), row["organization_id"],
        now, {} if seen is None else seen)
    parts = [(row, content, "content.identity")] + [
        (c, model_for(Procedure(c["procedure"]), simultaneous=True)
         .model_validate_json(c["content"]), f"simultaneous[{i}]")
        for i, c in enumerate(children)]
    keys = []
    for part, part_content, where in parts:
        key = rules.applicant_key(part_content, hash_secret)  # type: ignore[arg-type]
        if (dup := await duplicate_problem(conn, key, part["procedure"], where)) is not None:
            raise ApiError.for_problem(409, dup)
        keys.append(key)
    emails = [who.email, content.notification_email]  # type: ignore[attr-defined]
    # the provisional number: the filer; the applicant too for a bulk filing (SPEC §7)
    provisional_to = emails if bulk else [who.email]
    numbers = [await record_filing(conn, who, part, key, now, emails, provisional_to,
                                   hash_secret)
               for (part, _c, _w), key in zip(parts, keys, strict=True)]
    (number, password), *others = numbers
    return Filed(application_id=app_id, reference_number=number, reference_password=password,
             status=ApplicationStatus.PENDING, simultaneous=[
                 FiledSimultaneous(application_id=c["id"], procedure=c["procedure"],
                                   reference_number=n, reference_password=p)
                 for c, (n, p) in zip(children, others, strict=True)])


async def record_filing(conn: asyncpg.Connection, who: Principal, row: asyncpg.Record,
                        key: str, now: datetime, emails: list[str],
                        provisional_to: list[str] | None, hash_secret: str) -> tuple[str, str]:
    """The one place an application of any procedure becomes filed: its reference number and
    password, the submitted row, ApplicationFiled and the filer's two emails, in the caller's
    transaction. (reference number, reference password)."""
    app_id = row["id"]
    password, hashed = new_reference_password(hash_secret)
    number = reference_number(await conn.fetchval("SELECT nextval('reference_numbers')"))
    await conn.execute(
        "UPDATE applications SET state = 'submitted', status = 'pending', filed_at = $2, "
        "reference_number = $3, reference_password_hash = $4, applicant_key = $5 "
        "WHERE id = $1", app_id, now, number, hashed, key)
    filed = ApplicationFiled(
        application_id=app_id, procedure=row["procedure"],
        organization_id=row["organization_id"], bureau=row["bureau"] or who.bureau,
        reference_number=number, filed_at=now,
        notification_emails=list(dict.fromkeys(emails)), applicant_key=key,
        provisional_to=None if provisional_to is None else list(dict.fromkeys(provisional_to)),
        certificate=await cesr_filing.particulars(conn, row))
    mails = [SendReferenceNumber(to=[who.email], application_id=app_id,
                                 reference_number=number, procedure=row["procedure"]),
             SendReferencePassword(to=[who.email], application_id=app_id,
                                   reference_password=password)]
    await enqueue_many(conn, [(APPLICATION_FILED, filed), *((SEND_EMAIL, m) for m in mails)])
    return number, password

