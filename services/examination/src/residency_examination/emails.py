"""The emails examination sends (SPEC §10), built from an `applications` row; each one is a
`Send…` command enqueued in the caller's transaction (notify sends it exactly once)."""

import json
from datetime import datetime
from typing import Any

import asyncpg
from residency_contracts import STATUS_LABELS_JA, ApplicationStatus, Procedure
from residency_contracts.commands import (
    SendCorrectionRequest,
    SendExaminationResult,
    SendPeriodicReportReceiptNumber,
    SendReceiptMethodChange,
    SendReceiptNumber,
    SendUsageRequestResult,
)
from residency_contracts.topics import SEND_EMAIL
from residency_messaging.outbox import enqueue


def _base(row: asyncpg.Record) -> dict[str, Any]:
    return {"to": json.loads(row["notification_emails"]), "application_id": row["id"],
            "reference_number": row["reference_number"]}


async def _send(conn: asyncpg.Connection, email: Any) -> None:
    await enqueue(conn, SEND_EMAIL.name, str(email.event_id), email)


async def correction_requested(conn: asyncpg.Connection, row: asyncpg.Record, items: list[str],
                               requested_at: datetime, reminder: int = 0) -> None:
    if row["procedure"] == Procedure.USE and reminder == 0:
        await _send(conn, SendUsageRequestResult(**_base(row), approved=False, items=items))
        return
    await _send(conn, SendCorrectionRequest(**_base(row), procedure=row["procedure"],
                                            items=items, requested_at=requested_at,
                                            reminder=reminder))


async def examined(conn: asyncpg.Connection, row: asyncpg.Record, command: Any) -> None:
    """Approval or denial: 審査完了 (a usage request: 承認)."""
    if command.action == "approve" and row["procedure"] == Procedure.USE:
        await _send(conn, SendUsageRequestResult(**_base(row), approved=True))
        return
    await _send(conn, SendExaminationResult(
        **_base(row), procedure=row["procedure"], permitted=command.action == "approve",
        granted_period=getattr(command, "granted_period", None),
        reason=getattr(command, "reason", None)))


async def receipt_method(conn: asyncpg.Connection, row: asyncpg.Record, method: str,
                         applied: bool) -> None:
    await _send(conn, SendReceiptMethodChange(
        **_base(row), procedure=row["procedure"], applied=applied, receipt_method=method,
        status_ja=STATUS_LABELS_JA[ApplicationStatus(row["status"])]))


async def receipt_number(conn: asyncpg.Connection, row: asyncpg.Record, number: str) -> None:
    if row["procedure"] == Procedure.RPT:
        await _send(conn, SendPeriodicReportReceiptNumber(**_base(row), receipt_number=number))
        return
    await _send(conn, SendReceiptNumber(**_base(row), receipt_number=number,
                                        procedure=row["procedure"]))
