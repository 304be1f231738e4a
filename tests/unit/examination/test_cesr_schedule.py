"""The electronic CESR's validity and its receipt reminders, over explicit times."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from residency_examination.cesr_schedule import (
    add_months,
    expires_at,
    reminder_due,
    reminders_due,
    valid_until,
)
from residency_examination.number_formats import cesr_number

TOKYO = ZoneInfo("Asia/Tokyo")
ISSUED = datetime(2026, 1, 5, 10, 0, tzinfo=TOKYO)  # valid 3 months: until 2026-04-05 (90 days)


def at(days: float) -> datetime:
    return ISSUED + timedelta(days=days)


def test_no_reminder_before_day_7() -> None:
    assert reminders_due(ISSUED, at(6)) == 0
    assert reminders_due(ISSUED, at(7) - timedelta(seconds=1)) == 0


def test_first_reminder_at_day_7_then_every_7_days() -> None:
    assert reminders_due(ISSUED, at(7)) == 1
    assert reminders_due(ISSUED, at(13)) == 1
    assert reminders_due(ISSUED, at(14)) == 2
    assert reminders_due(ISSUED, at(21)) == 3
    assert reminders_due(ISSUED, at(84)) == 12


def test_no_reminder_after_three_months() -> None:
    assert expires_at(ISSUED) == datetime(2026, 4, 5, 10, 0, tzinfo=TOKYO)
    assert reminders_due(ISSUED, at(89)) == 12
    assert reminders_due(ISSUED, at(91)) == 12  # day 91 is past the validity (90 days)
    assert reminders_due(ISSUED, at(400)) == 12


def test_a_reminder_falling_exactly_on_the_expiry_is_not_sent() -> None:
    issued = datetime(2026, 4, 1, 9, 0, tzinfo=TOKYO)  # 3 months = 91 days = 13 weeks
    assert expires_at(issued) - issued == timedelta(days=91)
    assert reminders_due(issued, issued + timedelta(days=91)) == 12


def test_validity_is_three_calendar_months_in_japan_time() -> None:
    assert valid_until(datetime(2026, 11, 30, 12, tzinfo=TOKYO)) == date(2027, 2, 28)
    # 2026-01-31 20:00 UTC is already 1 February in Japan
    assert valid_until(datetime(2026, 1, 31, 20, tzinfo=ZoneInfo("UTC"))) == date(2026, 5, 1)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    assert add_months(date(2023, 11, 29), 3) == date(2024, 2, 29)


def test_cesr_number_has_bureau_year_and_serial() -> None:
    assert cesr_number("東", date(2026, 3, 1), 1) == "東オンCESR26000001"


def test_a_reminder_missed_before_the_expiry_is_not_sent_after_it() -> None:
    assert reminder_due(ISSUED, 11, at(84))
    assert not reminder_due(ISSUED, 11, at(90))
    assert not reminder_due(ISSUED, 0, at(120))


def test_a_reminder_already_sent_is_not_due_again_in_the_same_week() -> None:
    assert reminder_due(ISSUED, 0, at(7))
    assert not reminder_due(ISSUED, 1, at(13.9))
    assert reminder_due(ISSUED, 1, at(14))
