"""Correction reminders: every 7 days while the request is unanswered."""

from datetime import datetime, timedelta

import pytest
from residency_contracts import TOKYO
from residency_examination.correction_reminders import (
    first_reminder_before,
    reminder_due,
    reminders_due,
)


def tokyo(*args: int) -> datetime:
    return datetime(*args, tzinfo=TOKYO)  # type: ignore[misc]


@pytest.mark.parametrize(("days", "sent", "due"), [
    (0, 0, 0), (6.99, 0, 0), (7, 0, 1), (13, 1, 1), (14, 1, 2), (21, 2, 3), (30, 4, 4)])
def test_reminders_fall_due_every_seven_days_after_the_request(days, sent, due) -> None:
    requested = tokyo(2026, 4, 1, 10)
    assert reminders_due(requested, sent, requested + timedelta(days=days)) == due


def test_a_reminder_goes_out_once_per_period_even_when_the_timer_runs_often() -> None:
    requested = tokyo(2026, 4, 1, 10)
    runs = [requested + timedelta(hours=h) for h in range(0, 24 * 22, 1)]
    sent, sent_at = 0, []
    for now in runs:
        if reminder_due(requested, sent, now):
            sent = reminders_due(requested, sent, now)
            sent_at.append(now - requested)
    assert sent_at == [timedelta(days=7), timedelta(days=14), timedelta(days=21)]


def test_a_missed_run_sends_only_the_latest_reminder() -> None:
    requested = tokyo(2026, 4, 1, 10)
    assert reminders_due(requested, 0, requested + timedelta(days=15)) == 2


def test_requests_younger_than_seven_days_are_not_candidates() -> None:
    now = tokyo(2026, 4, 8, 10)
    assert first_reminder_before(now) == tokyo(2026, 4, 1, 10)
    assert not reminder_due(first_reminder_before(now) + timedelta(seconds=1), 0, now)
    assert reminder_due(first_reminder_before(now), 0, now)
