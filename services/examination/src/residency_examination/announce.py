"""One change of an application row and its status event, in the caller's transaction.

Every event bumps `sequence`. An event whose `previous_status` equals `status` announces a
new number, a hold or a receipt method without a status change."""

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
from residency_contracts import ApplicationStatusChanged
from residency_contracts.topics import STATUS
from residency_messaging.unit_of_work import UnitOfWork

COLUMNS = frozenset({"status", "receipt_number", "provisional_receipt_number", "hold",
                     "receipt_method", "cesr_number"})


def event_of(row: asyncpg.Record, previous: str | None, now: datetime,
             **extra: Any) -> ApplicationStatusChanged:
    return ApplicationStatusChanged(
        application_id=row["id"], sequence=row["sequence"], procedure=row["procedure"],
        organization_id=row["organization_id"], previous_status=previous,
        status=row["status"], occurred_at=now, reference_number=row["reference_number"],
        provisional_receipt_number=row["provisional_receipt_number"],
        receipt_number=row["receipt_number"], cesr_number=row["cesr_number"],
        hold=row["hold"], **extra)


async def change(uow: UnitOfWork, app_id: UUID, now: datetime,
                 **changes: Any) -> asyncpg.Record:
    """Apply `changes` (columns of COLUMNS), bump the sequence and publish the event. A new
    `status` is the one the lifecycle table gave (`domain.Application.apply`)."""
    assert set(changes) <= COLUMNS, changes
    conn = uow.conn
    previous = await conn.fetchval("SELECT status FROM applications WHERE id = $1", app_id)
    sets = "".join(f", {name} = ${i}" for i, name in enumerate(changes, start=3))
    row = await conn.fetchrow(
        f"UPDATE applications SET sequence = sequence + 1, updated_at = $2{sets} "
        "WHERE id = $1 RETURNING *", app_id, now, *changes.values())
    extra = {"receipt_method": changes["receipt_method"]} if "receipt_method" in changes else {}
    uow.publish(STATUS, event_of(row, previous, now, **extra))
    return row
