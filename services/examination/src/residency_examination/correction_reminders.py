"""Reminders of unanswered correction requests (返却中), pure: one 7 days after the request,
then one every 7 more days, for as long as it is unanswered (SPEC §10). A missed run sends
only the latest one (the count jumps)."""

from datetime import datetime, timedelta

from residency_contracts import CORRECTION_REMINDER_EVERY, ApplicationStatus

REMINDER_EVERY: timedelta = CORRECTION_REMINDER_EVERY
REMINDED_WHILE = ApplicationStatus.RETURNED
"""Only while the application waits for the answer (返却中)."""


def reminders_due(requested_at: datetime, sent: int, now: datetime) -> int:
    """How many reminders should have gone out by `now` (one per full 7 days) — send one
    more when this exceeds `sent`."""
    due = int((now - requested_at) / REMINDER_EVERY) if now > requested_at else 0
    return max(due, sent)


def reminder_due(requested_at: datetime, sent: int, now: datetime) -> bool:
    """Whether a reminder is to go out now."""
    return reminders_due(requested_at, sent, now) > sent


def first_reminder_before(now: datetime) -> datetime:
    """Requests made after this instant have no reminder due yet (bound to the SQL that
    selects candidates)."""
    return now - REMINDER_EVERY
