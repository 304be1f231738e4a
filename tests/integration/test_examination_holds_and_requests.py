"""Duplicate holds, receipt-method changes (RCV), examination emails — explicit clocks, the
real database and broker."""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from residency_contracts.examiner import (
    ApproveApplication,
    ChangeReceiptMethod,
    DenyApplication,
    TakeIntoExamination,
)

from tests.integration.examination_kit import EXAMINER, filing, kit, published, row

NOW = datetime(2031, 6, 1, 10, tzinfo=ZoneInfo("Asia/Tokyo"))


@pytest.fixture
async def k(stack):  # type: ignore[no-untyped-def]
    async for value in kit(stack):
        yield value


async def test_the_same_person_through_another_organization_is_held_until_the_first_ends(
        k) -> None:  # type: ignore[no-untyped-def]
    from residency_examination import commands, handlers

    person = uuid.uuid4().hex
    first = filing(NOW, applicant_key=person)
    other_org = filing(NOW, applicant_key=person)
    same_org = filing(NOW, applicant_key=person, organization_id=first.organization_id,
                      procedure="CHG")  # another procedure: never held
    for event in (first, other_org, same_org):
        await handlers.application_filed(k.pool, event, NOW)
    held = await row(k.pool, other_org.application_id)
    assert (held["status"], held["hold"], held["provisional_receipt_number"]) == (
        "pending", "duplicate_application", None)
    assert (await row(k.pool, same_org.application_id))["hold"] is None
    app = first.application_id
    for command in (TakeIntoExamination(application_id=app, requested_by=EXAMINER),
                    DenyApplication(application_id=app, requested_by=EXAMINER, reason="x")):
        assert await commands.command_received(k.pool, command, NOW + timedelta(days=1))
    released = await row(k.pool, other_org.application_id)
    assert (released["status"], released["hold"]) == ("filed", None)
    assert released["provisional_receipt_number"].startswith("仮東オンEP31")
    statuses, emails = await published(k, other_org.application_id, statuses=2, emails=1)
    assert [(s["previous_status"], s["status"], s["sequence"], s["hold"]) for s in statuses] == [
        (None, "pending", 1, "duplicate_application"), ("pending", "filed", 2, None)]
    assert [e["template"] for e in emails] == ["provisional_receipt_number"]
    assert not set(statuses[0]) & {"applicant_key", "notification_emails"}


async def test_a_receipt_method_change_applies_until_examination_ends_then_is_refused(
        k) -> None:  # type: ignore[no-untyped-def]
    from residency_examination import commands, handlers

    event = filing(NOW)
    app = event.application_id
    await handlers.application_filed(k.pool, event, NOW)
    to_counter = ChangeReceiptMethod(application_id=app, requested_by=EXAMINER,
                                     receipt_method="counter")
    assert await commands.command_received(k.pool, to_counter, NOW)
    assert (await row(k.pool, app))["receipt_method"] == "counter"
    for command in (TakeIntoExamination(application_id=app, requested_by=EXAMINER),
                    ApproveApplication(application_id=app, requested_by=EXAMINER,
                                       granted_period="3 years")):
        assert await commands.command_received(k.pool, command, NOW)
    to_mail = ChangeReceiptMethod(application_id=app, requested_by=EXAMINER,
                                  receipt_method="mail")
    assert not await commands.command_received(k.pool, to_mail, NOW)
    current = await row(k.pool, app)
    assert (current["receipt_method"], current["status"], current["sequence"]) == (
        "counter", "ready", 5)
    refused = await k.pool.fetchval(
        "SELECT accepted FROM examination_actions WHERE command_id = $1", to_mail.event_id)
    assert refused is False
    statuses, emails = await published(k, app, statuses=5, emails=4)
    assert [(s["previous_status"], s["status"], s.get("receipt_method")) for s in statuses] == [
        (None, "pending", None), ("pending", "filed", None), ("filed", "filed", "counter"),
        ("filed", "examining", None), ("examining", "ready", None)]
    changes = sorted((e["applied"], e["receipt_method"]) for e in emails
                     if e["template"] == "receipt_method_change")
    assert changes == [(False, "mail"), (True, "counter")]
    [result] = [e for e in emails if e["template"] == "examination_result"]
    assert result["permitted"] and result["granted_period"] == "3 years"


async def test_a_usage_request_is_emailed_when_returned_and_when_approved(k) -> None:  # type: ignore[no-untyped-def]
    from residency_contracts.examiner import RequestCorrection, ResubmitCorrections
    from residency_examination import commands, handlers

    event = filing(NOW, "USE")
    app = event.application_id
    await handlers.application_filed(k.pool, event, NOW)
    for command in (TakeIntoExamination(application_id=app, requested_by=EXAMINER),
                    RequestCorrection(application_id=app, requested_by=EXAMINER,
                                      items=["Registry extract"]),
                    ResubmitCorrections(application_id=app, requested_by=EXAMINER,
                                        items=["Registry extract"]),
                    ApproveApplication(application_id=app, requested_by=EXAMINER)):
        assert await commands.command_received(k.pool, command, NOW)
    _, emails = await published(k, app, statuses=6, emails=3)
    results = sorted((e["approved"], tuple(e["items"])) for e in emails
                     if e["template"] == "usage_request_result")
    assert results == [(False, ("Registry extract",)), (True, ())]
