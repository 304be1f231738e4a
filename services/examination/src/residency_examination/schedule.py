"""Pure time rules of examination (no I/O; every function takes `now`).

- Application receipt numbers (申請受付番号) come the day after filing, from a daily batch at a
  configurable Asia/Tokyo time: the batch run at or after day D's batch time numbers everything
  filed before day D began (Tokyo calendar).
- Correction requests unanswered for 7 days get a reminder, then one every 7 days.
- A receipt-method change (RCV) applies only while 処理待ち, 申請完了 or 審査中.
"""

from datetime import date, datetime, time, timedelta

from residency_contracts import CORRECTION_REMINDER_EVERY, TOKYO, ApplicationStatus

REMINDER_EVERY = CORRECTION_REMINDER_EVERY
RECEIPT_METHOD_CHANGEABLE = frozenset(
    {ApplicationStatus.PENDING, ApplicationStatus.FILED, ApplicationStatus.EXAMINING})
LIVE = frozenset(ApplicationStatus) - {ApplicationStatus.COMPLETED, ApplicationStatus.DENIED}


def parse_batch_time(text: str) -> time:
    """"HH:MM" (Asia/Tokyo) → time; ValueError otherwise."""
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def tokyo_day(moment: datetime) -> date:
    return moment.astimezone(TOKYO).date()


def receipt_cutoff(now: datetime, batch_at: time) -> datetime:
    """Applications filed before this instant are due an application receipt number."""
    today = tokyo_day(now)
    batch_day = today if now.astimezone(TOKYO).time() >= batch_at else today - timedelta(days=1)
    return datetime.combine(batch_day, time(0), TOKYO)


def reminders_due(requested_at: datetime, sent: int, now: datetime) -> int:
    """How many reminders should have gone out by `now` (one per full 7 days) — send one
    more when this exceeds `sent`."""
    due = int((now - requested_at) / REMINDER_EVERY) if now > requested_at else 0
    return max(due, sent)


def receipt_method_changeable(status: ApplicationStatus | None) -> bool:
    return status in RECEIPT_METHOD_CHANGEABLE
