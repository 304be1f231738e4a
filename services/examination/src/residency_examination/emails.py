"""The emails examination sends (SPEC §10), built from an `applications` row; each one is a
`Send…` command published in the caller's unit of work (notify sends it exactly once)."""

import json
from datetime import datetime
from typing import Any

import asyncpg
from pydantic import BaseModel
from residency_contracts import STATUS_LABELS_JA, ApplicationStatus, Procedure
from residency_contracts.commands import (
    SendCorrectionRequest,
    SendExaminationResult,
    SendPeriodicReportReceiptNumber,
    SendReceiptMethodChange,
    SendReceiptNumber,
    SendUsageRequestResult,
)
from residency_contracts.examiner import ApproveApplication, DenyApplication
from residency_contracts.topics import SEND_EMAIL
from residency_messaging.unit_of_work import UnitOfWork


def _base(row: asyncpg.Record) -> dict[str, Any]:
    return {"to": json.loads(row["notification_emails"]), "application_id": row["id"],
            "reference_number": row["reference_number"]}


def _send(uow: UnitOfWork, email: BaseModel) -> None:
    uow.publish(SEND_EMAIL, email)


def correction_requested(uow: UnitOfWork, row: asyncpg.Record, items: list[str],
                         requested_at: datetime, reminder: int = 0) -> None:
    if row["procedure"] == Procedure.USE and reminder == 0:
        _send(uow, SendUsageRequestResult(**_base(row), approved=False, items=items))
        return
    _send(uow, SendCorrectionRequest(**_base(row), procedure=row["procedure"], items=items,
                                     requested_at=requested_at, reminder=reminder))


def examined(uow: UnitOfWork, row: asyncpg.Record,
             command: ApproveApplication | DenyApplication) -> None:
    """Approval or denial: 審査完了 (a usage request: 承認)."""
    approved = isinstance(command, ApproveApplication)
    if approved and row["procedure"] == Procedure.USE:
        _send(uow, SendUsageRequestResult(**_base(row), approved=True))
        return
    _send(uow, SendExaminationResult(
        **_base(row), procedure=row["procedure"], permitted=approved,
        granted_period=command.granted_period if isinstance(command, ApproveApplication)
        else None,
        reason=command.reason if isinstance(command, DenyApplication) else None))


def receipt_method(uow: UnitOfWork, row: asyncpg.Record, method: str, applied: bool) -> None:
    _send(uow, SendReceiptMethodChange(
        **_base(row), procedure=row["procedure"], applied=applied, receipt_method=method,
        status_ja=STATUS_LABELS_JA[ApplicationStatus(row["status"])]))


def receipt_number(uow: UnitOfWork, row: asyncpg.Record, number: str) -> None:
    if row["procedure"] == Procedure.RPT:
        _send(uow, SendPeriodicReportReceiptNumber(**_base(row), receipt_number=number))
        return
    _send(uow, SendReceiptNumber(**_base(row), receipt_number=number,
                                 procedure=row["procedure"]))
