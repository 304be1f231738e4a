"""Handlers: small functions, one transaction each (inbox + state + outbox)."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import asyncpg
from residency_contracts import (
    ApplicationFiled,
    ApplicationStatusChanged,
    SendProvisionalReceiptNumber,
)
from residency_contracts.topics import SEND_EMAIL, STATUS
from residency_messaging.inbox import first_delivery
from residency_messaging.outbox import enqueue

from . import numbers
from .commands import DDL as COMMANDS_DDL
from .domain import Application, provisional_receipt_number

TOKYO = ZoneInfo("Asia/Tokyo")
CONSUMER = "examination"

DDL = ["""
CREATE TABLE IF NOT EXISTS applications (
    id uuid PRIMARY KEY,
    procedure text NOT NULL,
    organization_id uuid,
    bureau text NOT NULL,
    reference_number text NOT NULL,
    applicant_key text NOT NULL,
    notification_emails jsonb NOT NULL,
    filed_at timestamptz NOT NULL,
    status text NOT NULL,
    sequence int NOT NULL,
    provisional_receipt_number text UNIQUE,
    receipt_number text UNIQUE,
    updated_at timestamptz NOT NULL DEFAULT now()
)""", *COMMANDS_DDL]


async def application_filed(pool: asyncpg.Pool, event: ApplicationFiled, now: datetime) -> None:
    """Receive the application (処理待ち), then accept it (申請完了) with a provisional number."""
    async with pool.acquire() as conn, conn.transaction():
        if not await first_delivery(conn, CONSUMER, event.event_id):
            return
        app = Application()
        app.apply("receive")
        app.apply("accept")
        serial = await numbers.next_serial(
            conn, "provisional", event.bureau, event.procedure, now.astimezone(TOKYO).date())
        provisional = provisional_receipt_number(
            event.bureau, event.procedure, now.astimezone(TOKYO).date(), serial)
        inserted = await conn.fetchval(
            """INSERT INTO applications (id, procedure, organization_id, bureau, reference_number,
                   applicant_key, notification_emails, filed_at, status, sequence,
                   provisional_receipt_number)
               VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT (id) DO NOTHING
               RETURNING true""",
            event.application_id, event.procedure, event.organization_id, event.bureau,
            event.reference_number, event.applicant_key, json.dumps(event.notification_emails),
            event.filed_at, app.status, app.sequence, provisional)
        if not inserted:
            return
        for previous, status, sequence in app.changes:
            await enqueue(conn, STATUS.name, str(event.application_id), ApplicationStatusChanged(
                application_id=event.application_id, sequence=sequence,
                procedure=event.procedure, organization_id=event.organization_id,
                previous_status=previous, status=status, occurred_at=now,
                reference_number=event.reference_number,
                provisional_receipt_number=provisional if sequence > 1 else None))
        email = SendProvisionalReceiptNumber(
            to=event.notification_emails, application_id=event.application_id,
            reference_number=event.reference_number, provisional_receipt_number=provisional,
            procedure=event.procedure)
        await enqueue(conn, SEND_EMAIL.name, str(email.event_id), email)
