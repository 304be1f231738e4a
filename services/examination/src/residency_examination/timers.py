"""Timers, driven by an injected clock: the daily application-receipt-number batch and the
7-day correction reminders. Each handler takes `now` explicitly (tests move it); one short
unit of work per application (rules: `receipt_number_day`, `correction_reminders`), rows claimed with SKIP LOCKED so several replicas can run them
at once without a global lock and without numbering anything twice."""

import asyncio
import json
import logging
from collections.abc import Callable
from datetime import datetime, time

import asyncpg
from residency_contracts import Procedure
from residency_messaging.unit_of_work import AsyncpgUnitOfWork

from . import announce, cesr_reminders, emails, numbers
from .correction_reminders import (
    REMINDED_WHILE,
    first_reminder_before,
    reminder_due,
    reminders_due,
)
from .number_formats import receipt_number
from .receipt_number_day import receipt_cutoff, tokyo_day

log = logging.getLogger(__name__)


async def receipt_batch(pool: asyncpg.Pool, now: datetime, batch_at: time) -> int:
    """申請受付番号 for every accepted application filed before the cutoff that lacks one;
    a status event carries it and the filer and applicant get it by email."""
    cutoff, issued = receipt_cutoff(now, batch_at), 0
    while True:
        async with AsyncpgUnitOfWork(pool) as uow:
            conn = uow.conn
            row = await conn.fetchrow(
                "SELECT * FROM applications WHERE receipt_number IS NULL AND filed_at < $1 "
                "AND provisional_receipt_number IS NOT NULL ORDER BY filed_at "
                "LIMIT 1 FOR UPDATE SKIP LOCKED", cutoff)
            if row is None:
                return issued
            procedure, day = Procedure(row["procedure"]), tokyo_day(now)
            serial = await numbers.next_serial(conn, "receipt", row["bureau"], procedure, day)
            number = receipt_number(row["bureau"], procedure, day, serial)
            row = await announce.change(uow, row["id"], now, receipt_number=number)
            emails.receipt_number(uow, row, number)
            issued += 1


async def correction_reminders(pool: asyncpg.Pool, now: datetime) -> int:
    """A reminder for every correction request unanswered for another 7 days."""
    sent = 0
    candidates = await pool.fetch(
        "SELECT c.id, c.requested_at, c.reminders_sent FROM corrections c "
        "JOIN applications a ON a.id = c.application_id "
        "WHERE c.answered_at IS NULL AND a.status = $2 AND c.requested_at <= $1",
        first_reminder_before(now), REMINDED_WHILE)
    due = [c["id"] for c in candidates
           if reminder_due(c["requested_at"], c["reminders_sent"], now)]
    for correction_id in due:
        async with AsyncpgUnitOfWork(pool) as uow:
            conn = uow.conn
            c = await conn.fetchrow("SELECT * FROM corrections WHERE id = $1 AND answered_at "
                                    "IS NULL FOR UPDATE SKIP LOCKED", correction_id)
            if c is None or not reminder_due(c["requested_at"], c["reminders_sent"], now):
                continue
            target = reminders_due(c["requested_at"], c["reminders_sent"], now)
            row = await conn.fetchrow("SELECT * FROM applications WHERE id = $1",
                                      c["application_id"])
            await conn.execute("UPDATE corrections SET reminders_sent = $2, "
                               "last_reminded_at = $3 WHERE id = $1", c["id"], target, now)
            emails.correction_requested(uow, row, json.loads(c["items"]), c["requested_at"],
                                        reminder=target)
            sent += 1
    return sent


async def run(pool: asyncpg.Pool, clock: Callable[[], datetime], batch_at: time,
              interval_s: float, receipt_url: str) -> None:
    """The background job: the receipt batch, correction and CESR-receipt reminders every
    `interval_s` seconds, forever."""
    while True:
        try:
            now = clock()
            await receipt_batch(pool, now, batch_at)
            await correction_reminders(pool, now)
            await cesr_reminders.remind_unregistered(pool, now, receipt_url)
        except Exception:
            log.exception("examination timers failed; will retry")
        await asyncio.sleep(interval_s)
