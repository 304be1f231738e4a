"""Timers with explicit clocks against the real database: the next-day receipt-number batch
(before / after its Asia/Tokyo time) and the 7-day correction reminders (day 6, 7, 14)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from residency_contracts.examiner import (
    RequestCorrection,
    ResubmitCorrections,
    TakeIntoExamination,
)

from tests.integration.examination_kit import EXAMINER, filing, kit, published, row

TOKYO = ZoneInfo("Asia/Tokyo")
BATCH = time(0, 5)


@pytest.fixture
async def k(stack):  # type: ignore[no-untyped-def]
    async for value in kit(stack):
        yield value


async def test_the_receipt_number_comes_with_the_batch_of_the_day_after_filing(k) -> None:  # type: ignore[no-untyped-def]
    from residency_examination import handlers, timers

    filed_at = datetime(2031, 4, 1, 23, 50, tzinfo=TOKYO)
    event = filing(filed_at)
    await handlers.application_filed(k.pool, event, filed_at)
    app = event.application_id
    await timers.receipt_batch(k.pool, datetime(2031, 4, 1, 23, 59, tzinfo=TOKYO), BATCH)
    await timers.receipt_batch(k.pool, datetime(2031, 4, 2, 0, 4, tzinfo=TOKYO), BATCH)
    assert (await row(k.pool, app))["receipt_number"] is None  # not before the batch time
    await timers.receipt_batch(k.pool, datetime(2031, 4, 2, 0, 5, tzinfo=TOKYO), BATCH)
    number = (await row(k.pool, app))["receipt_number"]
    assert number is not None and number.startswith("東オンEP31") and len(number) == 13
    await timers.receipt_batch(k.pool, datetime(2031, 4, 3, 0, 5, tzinfo=TOKYO), BATCH)
    assert (await row(k.pool, app))["receipt_number"] == number  # never renumbered
    statuses, emails = await published(k, app, statuses=3, emails=2)
    assert [(s["previous_status"], s["status"], s["sequence"], s["receipt_number"])
            for s in statuses] == [(None, "pending", 1, None), ("pending", "filed", 2, None),
                                   ("filed", "filed", 3, number)]
    assert sorted(e["template"] for e in emails) == ["provisional_receipt_number",
                                                     "receipt_number"]
    [receipt] = [e for e in emails if e["template"] == "receipt_number"]
    assert receipt["receipt_number"] == number and receipt["to"] == event.notification_emails


async def test_a_periodic_report_gets_its_receipt_number_when_received(k) -> None:  # type: ignore[no-untyped-def]
    from residency_examination import handlers

    now = datetime(2031, 4, 1, 10, tzinfo=TOKYO)
    event = filing(now, "RPT")
    await handlers.application_filed(k.pool, event, now)
    number = (await row(k.pool, event.application_id))["receipt_number"]
    assert number.startswith("東オンPR31")
    statuses, emails = await published(k, event.application_id, statuses=2, emails=2)
    assert statuses[-1]["receipt_number"] == number
    assert sorted(e["template"] for e in emails) == ["periodic_report_receipt_number",
                                                     "provisional_receipt_number"]


async def test_unanswered_corrections_are_reminded_on_day_7_and_14_not_6(k) -> None:  # type: ignore[no-untyped-def]
    from residency_examination import commands, handlers, timers

    requested = datetime(2031, 5, 1, 9, tzinfo=TOKYO)
    event = filing(requested - timedelta(days=1))
    app = event.application_id
    await handlers.application_filed(k.pool, event, requested - timedelta(days=1))
    for command in (TakeIntoExamination(application_id=app, requested_by=EXAMINER),
                    RequestCorrection(application_id=app, requested_by=EXAMINER,
                                      items=["Certificate of enrollment"])):
        assert await commands.command_received(k.pool, command, requested)

    async def sent() -> int:
        return int(await k.pool.fetchval(
            "SELECT reminders_sent FROM corrections WHERE application_id = $1", app))

    for days, expected in ((6, 0), (6.99, 0), (7, 1), (8, 1), (13, 1), (14, 2), (14, 2)):
        await timers.correction_reminders(k.pool, requested + timedelta(days=days))
        assert await sent() == expected, days
    answer = ResubmitCorrections(application_id=app, requested_by=EXAMINER,
                                 items=["Certificate of enrollment"])
    assert await commands.command_received(k.pool, answer, requested + timedelta(days=15))
    await timers.correction_reminders(k.pool, requested + timedelta(days=30))
    assert await sent() == 2  # answered: no more reminders
    _, emails = await published(k, app, statuses=5, emails=4)
    # emails are keyed by their own id (any partition): compare without order
    assert sorted((e["template"], e.get("reminder") or 0) for e in emails) == [
        ("correction_request", 0), ("correction_request", 1), ("correction_request", 2),
        ("provisional_receipt_number", 0)]
    assert (await row(k.pool, app))["status"] == "examining"
