"""受領方法変更申出 (RCV): applied only while 処理待ち, 申請完了 or 審査中, else refused; both
outcomes are emailed. Applied changes are announced on the status topic (`receipt_method`)."""

from datetime import datetime
from typing import Any

import asyncpg
from residency_contracts import ApplicationStatus

from . import announce, emails
from .schedule import receipt_method_changeable


async def change(conn: asyncpg.Connection, row: asyncpg.Record, command: Any,
                 now: datetime) -> bool:
    applied = receipt_method_changeable(ApplicationStatus(row["status"]))
    if applied:
        row = await announce.change(conn, row["id"], now,
                                    receipt_method=command.receipt_method)
    await emails.receipt_method(conn, row, command.receipt_method, applied)
    return applied
