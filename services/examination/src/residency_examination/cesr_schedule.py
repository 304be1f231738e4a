"""The electronic CESR's calendar (SPEC §5, manual 7.4), pure over explicit times.

The certificate is valid for 3 calendar months from its issue (same wall-clock time, Japan;
a missing day — 30 Nov + 3 months — is the month's last day). While its receipt is not
registered, reminder k (k = 1, 2, …) is due `k × 7 days` after issue, as long as that moment
is before the validity ends: day 7, 14, …, 84 for a 90-day validity.
"""

import calendar
from datetime import date, datetime

from residency_contracts import CESR_RECEIPT_REMINDER_EVERY, TOKYO

VALIDITY_MONTHS = 3
REMINDER_EVERY = CESR_RECEIPT_REMINDER_EVERY


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


def expires_at(issued_at: datetime) -> datetime:
    """End of validity: 3 calendar months after issue (Japan time)."""
    local = issued_at.astimezone(TOKYO)
    end = add_months(local.date(), VALIDITY_MONTHS)
    return datetime.combine(end, local.timetz())


def valid_until(issued_at: datetime) -> date:
    return expires_at(issued_at).astimezone(TOKYO).date()


def reminder_at(issued_at: datetime, k: int) -> datetime:
    return issued_at + k * REMINDER_EVERY


def reminders_due(issued_at: datetime, now: datetime) -> int:
    """How many reminders have come due by `now` (0 before day 7; never past the validity)."""
    end = expires_at(issued_at)
    k = 0
    while reminder_at(issued_at, k + 1) <= now and reminder_at(issued_at, k + 1) < end:
        k += 1
    return k


def reminder_due(issued_at: datetime, sent: int, now: datetime) -> bool:
    """Whether a reminder is to go out now: one more has come due than `sent`, and the
    certificate is still valid (no reminder after the 3 months, even a missed one)."""
    return now < expires_at(issued_at) and reminders_due(issued_at, now) > sent
