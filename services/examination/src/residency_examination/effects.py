"""What follows an accepted lifecycle command, in the same transaction: the correction record,
the emails (SPEC §10), holds released when an application ends. (The electronic CESR is
issued before the approval is announced: see commands.py.)"""

import json
import logging
from datetime import datetime
from typing import Any

import asyncpg
from residency_contracts import TERMINAL_STATUSES

from . import emails

log = logging.getLogger(__name__)


async def after(conn: asyncpg.Connection, row: asyncpg.Record, command: Any,
                now: datetime) -> None:
    action = command.action
    if action == "request_correction":
        await conn.execute(
            "INSERT INTO corrections (id, application_id, items, requested_at) "
            "VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING",
            command.event_id, row["id"], json.dumps(command.items), now)
        await emails.correction_requested(conn, row, list(command.items), now)
    elif action == "resubmit":
        await conn.execute("UPDATE corrections SET answered_at = $2 "
                           "WHERE application_id = $1 AND answered_at IS NULL", row["id"], now)
    elif action in ("approve", "deny"):
        await emails.examined(conn, row, command)
    if row["status"] in TERMINAL_STATUSES:
        from .handlers import release_holds

        await release_holds(conn, row, now)
