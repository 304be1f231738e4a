"""Reminders for electronic CESRs whose receipt (受領登録) is not registered: 7 days after
issue, then every 7 days until 3 months after issue (schedule in `cesr_schedule`)."""

import json
import logging
from datetime import datetime
from typing import Any
from uuid import NAMESPACE_URL, uuid5

import asyncpg
from residency_contracts import TOKYO
from residency_contracts.cesr import SendCesrReceiptReminder
from residency_contracts.topics import SEND_EMAIL
from residency_messaging.unit_of_work import AsyncpgUnitOfWork

from .cesr_schedule import REMINDER_EVERY, reminder_due, reminders_due

log = logging.getLogger(__name__)


def emails_of(row: Any) -> list[str]:
    raw = row["notification_emails"]
    return list(json.loads(raw) if isinstance(raw, str) else raw)


async def remind_unregistered(pool: asyncpg.Pool, now: datetime, receipt_url: str) -> int:
    """Send the reminders due by `now` (with the link to register receipt, `receipt_url`);
    returns how many were enqueued. A missed run sends
    only the latest one; each (number, k) has a fixed event id, so notify sends it once."""
    candidates = await pool.fetch(
        "SELECT cesr_number, issued_at, reminders_sent FROM cesr_certificates "
        "WHERE registered_at IS NULL AND issued_at <= $1 AND expires_at > $2",
        now - REMINDER_EVERY, now)
    numbers_due = [c["cesr_number"] for c in candidates
                   if reminder_due(c["issued_at"], c["reminders_sent"], now)]
    sent = 0
    for number in numbers_due:
        async with AsyncpgUnitOfWork(pool) as uow:
            row = await uow.conn.fetchrow(
                "SELECT c.*, a.notification_emails FROM cesr_certificates c "
                "JOIN applications a ON a.id = c.application_id WHERE c.cesr_number = $1 "
                "AND c.registered_at IS NULL FOR UPDATE OF c SKIP LOCKED", number)
            if row is None:
                continue
            if not reminder_due(row["issued_at"], row["reminders_sent"], now):
                continue
            due = reminders_due(row["issued_at"], now)
            uow.publish(SEND_EMAIL, SendCesrReceiptReminder(
                event_id=uuid5(NAMESPACE_URL, f"cesr-reminder:{number}:{due}"),
                to=emails_of(row)[:1], application_id=row["application_id"], cesr_number=number,
                issued_on=row["issued_at"].astimezone(TOKYO).date(),
                valid_until=row["expires_at"].astimezone(TOKYO).date(),
                receipt_url=receipt_url, reminder=due))
            await uow.conn.execute("UPDATE cesr_certificates SET reminders_sent = $2 "
                                   "WHERE cesr_number = $1", number, due)
            sent += 1
    return sent

