"""Requests after filing: change of receipt method (RCV) and CESR receipt (受領登録)."""

import json
from datetime import datetime
from uuid import UUID

import asyncpg
from residency_contracts.examiner import ChangeReceiptMethod, RegisterCesrReceipt
from residency_contracts.topics import EXAMINATION_COMMANDS
from residency_messaging.outbox import enqueue

from ..accounts.sessions import Principal
from ..domain.receipt_change import change_problem
from ..errors import ApiError
from ..views import Accepted, CesrRow, ReceiptMethodChange
from .access import owned, scope
from .core import latin_name_of

CHANGEABLE = ("pending", "filed", "examining")


def _not_filed() -> ApiError:
    return ApiError(409, "NOT_FILED")


async def change_receipt_method(pool: asyncpg.Pool, who: Principal, app_id: UUID,
                                change: ReceiptMethodChange) -> Accepted:
    async with pool.acquire() as conn, conn.transaction():
        row = await owned(conn, who, app_id, lock=True)
        if row["state"] != "submitted":
            raise _not_filed()
        if row["status"] not in CHANGEABLE:
            raise ApiError(409, "RECEIPT_METHOD_LOCKED", field="receipt_method")
        has_reentry = await conn.fetchval(
            "SELECT true FROM applications WHERE parent_id = $1 AND procedure = 'REE'", app_id)
        if problem := change_problem(row["procedure"], "receipt_method" in json.loads(
                row["content"]), bool(has_reentry), change.receipt_method, change.counter_bureau):
            raise ApiError.for_problem(422, problem)
        await enqueue(conn, EXAMINATION_COMMANDS, ChangeReceiptMethod(
            application_id=app_id, requested_by=who.user_id,
            receipt_method=change.receipt_method, counter_bureau=change.counter_bureau))
    return Accepted(application_id=app_id, detail="receipt_method_change_requested")


async def cesrs(pool: asyncpg.Pool, who: Principal, include_registered: bool = False
                ) -> list[CesrRow]:
    """The electronic CESRs `who` may register: the unregistered ones, oldest first, then
    (with `include_registered`) the registered ones, the latest registration first."""
    cond, args = scope(who, 1)
    registered = "" if include_registered else "AND a.cesr_registered_at IS NULL "
    rows = await pool.fetch(
        f"SELECT * FROM applications a WHERE {cond} AND a.cesr_number IS NOT NULL "
        f"{registered}ORDER BY a.cesr_registered_at IS NOT NULL, a.cesr_registered_at DESC, "
        "a.cesr_issued_at, a.id", *args)
    return [CesrRow(application_id=r["id"], procedure=r["procedure"],
                    reference_number=r["reference_number"], cesr_number=r["cesr_number"],
                    cesr_issued_at=r["cesr_issued_at"], cesr_registered_at=r["cesr_registered_at"],
                    latin_name=latin_name_of(r["content"])) for r in rows]


async def register_cesr(pool: asyncpg.Pool, who: Principal, app_id: UUID,
                        now: datetime) -> Accepted:
    async with pool.acquire() as conn, conn.transaction():
        row = await owned(conn, who, app_id, lock=True)
        if row["cesr_number"] is None:
            raise ApiError(409, "CESR_NOT_ISSUED")
        if row["cesr_registered_at"] is not None:
            raise ApiError(409, "CESR_ALREADY_REGISTERED")
        await conn.execute("UPDATE applications SET cesr_registered_at = $2 WHERE id = $1",
                           app_id, now)
        await enqueue(conn, EXAMINATION_COMMANDS, RegisterCesrReceipt(
            application_id=app_id, requested_by=who.user_id))
    return Accepted(application_id=app_id, detail="cesr_receipt_registered")
