"""The electronic CESR (在留資格認定証明書): issue it on approval of a COE received by email,
record its receipt (受領登録), remind the organization while it is not registered.

`issue` runs inside the approving unit of work: it allocates the number, renders and signs the
PDF, stores it (key by application id, so a retried approval overwrites the same object), and
publishes the email (PDF attached by notify) and the internal `CesrIssued` fact.
"""

import hashlib
import json
import logging
from datetime import datetime
from typing import Any

import asyncpg
from residency_contracts import TOKYO, ApplicationFiled, Procedure
from residency_contracts.cesr import (
    CesrIssued,
    CesrParticulars,
    EmailAttachment,
    SendCesr,
)
from residency_contracts.examiner import RegisterCesrReceipt
from residency_contracts.topics import CESR_ISSUED, SEND_EMAIL
from residency_messaging.unit_of_work import UnitOfWork

from . import cesr_pdf, numbers
from .cesr_context import CesrContext, NotConfigured
from .cesr_reminders import emails_of, remind_unregistered
from .cesr_schedule import expires_at
from .cesr_text import Certificate, status_label
from .number_formats import cesr_number

log = logging.getLogger(__name__)
__all__ = ["issue", "register_receipt", "remind_unregistered",
           "remember_particulars", "wants_electronic"]


def particulars(row: Any) -> CesrParticulars | None:
    raw = row.get("cesr_particulars")
    if raw is None:
        return None
    return CesrParticulars.model_validate_json(raw if isinstance(raw, str) else json.dumps(raw))


def wants_electronic(row: Any) -> bool:
    """A COE whose CESR is to be received by email: as filed, or as a receipt-method change
    (RCV) made it since."""
    found = particulars(row)
    if row["procedure"] != Procedure.COE or found is None:
        return False
    return (row.get("receipt_method") or found.receipt_method) == "email"


async def remember_particulars(conn: asyncpg.Connection, event: ApplicationFiled) -> None:
    """Keep what the certificate will show (COE only) from the filing event."""
    if event.certificate is not None:
        await conn.execute("UPDATE applications SET cesr_particulars = $2 WHERE id = $1",
                           event.application_id, event.certificate.model_dump_json())


async def issue(uow: UnitOfWork, application_row: Any, now: datetime,
                ctx: CesrContext | None) -> str | None:
    """Issue (once) the electronic CESR of an approved COE; returns its number, or None when
    the application gets none (not a COE, or its CESR goes by post). Without a context
    (`bootstrap` builds it) an electronic CESR cannot be issued (NotConfigured)."""
    row, conn = application_row, uow.conn
    existing = await conn.fetchval(
        "SELECT cesr_number FROM cesr_certificates WHERE application_id = $1", row["id"])
    if existing is not None:
        return str(existing)
    who = particulars(row)
    if who is None or not wants_electronic(row):
        return None
    if ctx is None:
        raise NotConfigured("no CESR context: the service was not wired with one")
    key_pem, cert_pem = ctx.signer()
    issued_on = now.astimezone(TOKYO).date()
    serial = await numbers.next_serial(conn, "cesr", row["bureau"], Procedure.COE, issued_on)
    number = cesr_number(row["bureau"], issued_on, serial)
    end = expires_at(now)
    cert = Certificate(number, row["bureau"], issued_on, end.astimezone(TOKYO).date(),
                       row["reference_number"], who.latin_name, who.nationality,
                       who.date_of_birth, who.sex, who.status_of_residence, who.period_of_stay,
                       who.organization_name)
    pdf = await cesr_pdf.sign(cesr_pdf.render(cert), key_pem, cert_pem)
    digest = hashlib.sha256(pdf).hexdigest()
    key = f"{issued_on:%Y}/{row['id']}.pdf"
    await ctx.store.put_bytes(ctx.bucket, key, pdf, content_type="application/pdf")
    await conn.execute(
        "INSERT INTO cesr_certificates (cesr_number, application_id, issued_at, expires_at, "
        "sha256, bucket, object_key) VALUES ($1,$2,$3,$4,$5,$6,$7)",
        number, row["id"], now, end, digest, ctx.bucket, key)
    await conn.execute("UPDATE applications SET cesr_number = $2 WHERE id = $1", row["id"], number)
    ja, en = status_label(who.status_of_residence)
    email = SendCesr(
        to=emails_of(row), application_id=row["id"], cesr_number=number, issued_on=issued_on,
        valid_until=cert.valid_until, receipt_url=ctx.receipt_url,
        reference_number=row["reference_number"], latin_name=who.latin_name,
        nationality=who.nationality, date_of_birth=who.date_of_birth, sex=who.sex,
        status_of_residence_ja=ja, status_of_residence_en=en, period_of_stay=who.period_of_stay,
        organization_name=who.organization_name, issued_by=cert.issued_by,
        attachments=[EmailAttachment(bucket=ctx.bucket, key=key, filename=f"CESR-{number}.pdf",
                                     sha256=digest)])
    uow.publish(SEND_EMAIL, email)
    uow.publish(CESR_ISSUED, CesrIssued(
        application_id=row["id"], cesr_number=number, sha256=digest, issued_at=now,
        valid_until=cert.valid_until, occurred_at=now))
    log.info("cesr issued", extra={"application_id": str(row["id"]), "cesr_number": number})
    return number


async def register_receipt(conn: asyncpg.Connection, command: RegisterCesrReceipt,
                           now: datetime) -> bool:
    """受領登録 (RegisterCesrReceipt): stops the reminders. False when nothing to register."""
    done = await conn.fetchval(
        "UPDATE cesr_certificates SET registered_at = $2 "
        "WHERE application_id = $1 AND registered_at IS NULL RETURNING true",
        command.application_id, now)
    return bool(done)

