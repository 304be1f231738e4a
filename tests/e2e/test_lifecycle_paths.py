"""The lifecycle through HTTP on the running stack: approved (with the next-day application
receipt number), denied, returned (with a reminder after 7 days unanswered) and corrected —
the exact status events on
residency.status.v1 and the exact emails each person finds in the mail sink (every test files
through a staff member of its own, so both mailboxes hold nothing else)."""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

import httpx
import pytest
from residency_contracts.topics import STATUS
from residency_devstack import samples
from residency_intake.accounts.seed import create_staff
from residency_messaging.db import create_pool

from tests.e2e.applications_support import PASSWORD, create, file, people, signed_in
from tests.helpers import TopicReader, mails, wait_for

PREFIX = "【在留申請オンライン】"
REFERENCE = PREFIX + "整理番号のお知らせ / Your reference number"
PASSWORD_MAIL = PREFIX + "パスワードのお知らせ / Your reference password"
PROVISIONAL = PREFIX + "受付仮番号のお知らせ / Your provisional receipt number"
RECEIPT = PREFIX + "申請受付番号のお知らせ / Your application receipt number"
CORRECTION = PREFIX + "補正・追加資料のお願い / Corrections or documents needed"
REMINDER = PREFIX + "【再通知】補正・追加資料のお願い / Reminder: corrections or documents needed"
RESULT = PREFIX + "審査終了のお知らせ / Examination complete"


@pytest.fixture(scope="module")
async def who(services, stack):  # type: ignore[no-untyped-def]
    async for p in people(services.intake_url, stack.database_url("intake")):
        yield p


@dataclass
class Filer:
    client: httpx.AsyncClient
    email: str


@pytest.fixture
async def filer(who, services) -> AsyncIterator[Filer]:  # type: ignore[no-untyped-def]
    """A staff member of a school of its own (bureau 東), signed in."""
    login = f"life-{uuid.uuid4().hex[:10]}"
    email = f"{login}@example.ac.jp"
    await create_staff(who.db, login_id=login, email=email, password=PASSWORD,
                       organization=f"Lifecycle School {login}")
    client = await signed_in(services.intake_url, login)
    yield Filer(client, email)
    await client.aclose()


async def filed_wrk(who: Any, filer: Filer | None = None) -> tuple[str, str]:
    client = filer.client if filer else who.staff_a
    applicant = f"life-{uuid.uuid4().hex[:10]}@example.com"
    app = await create(client, "WRK", samples.wrk_content(notification_email=applicant))
    await file(client, app["id"])
    await until_status(client, app["id"], "filed")
    return app["id"], applicant


async def until_status(client: httpx.AsyncClient, app_id: str, status: str) -> None:
    async def probe() -> bool:
        return bool((await client.get(f"/applications/{app_id}")).json()["status"] == status)

    await wait_for(probe, what=f"status {status}")


async def act(who: Any, app_id: str, body: dict[str, Any], then: str,
              client: httpx.AsyncClient | None = None) -> None:
    r = await who.examiner.post(f"/examiner/applications/{app_id}/actions", json=body)
    assert r.status_code == 202, r.text
    await until_status(client or who.staff_a, app_id, then)


async def status_events(stack: Any, app_id: str, count: int) -> list[dict[str, Any]]:
    async with TopicReader(stack.kafka_bootstrap, STATUS.name) as reader:
        def mine() -> list[dict[str, Any]]:
            return [v for v in reader.values() if v.get("application_id") == app_id]

        await reader.until(lambda _r: len(mine()) >= count, what=f"{count} status events")
        return mine()


async def events(stack: Any, app_id: str, count: int) -> list[tuple[Any, ...]]:
    return [(v["previous_status"], v["status"], v["sequence"])
            for v in await status_events(stack, app_id, count)]


async def mailbox(stack: Any, to: str, expected: list[str]) -> list[dict[str, Any]]:
    """The emails to `to` once as many as expected arrived; their subjects must be exactly
    `expected` (in any order: they travel on different partitions)."""
    async def probe() -> list[dict[str, Any]]:
        got = await mails(stack.mail_api_url, to)
        return got if len(got) >= len(expected) else []

    got = await wait_for(probe, what=f"{len(expected)} emails to {to}")
    assert sorted(m["subject"] for m in got) == sorted(expected)
    return got


async def next_day_receipt_numbers(stack: Any) -> None:
    """examination's daily batch, run as the next day's (its clock moved one day on)."""
    from residency_examination.timers import receipt_batch

    pool = await create_pool(stack.database_url("examination"))
    try:
        now = await pool.fetchval("SELECT now()") + timedelta(days=1)
        assert await receipt_batch(pool, now, time(0, 0)) >= 1
    finally:
        await pool.close()


async def correction_reminders_after(stack: Any, days: int) -> int:
    """examination's reminder timer, run with its clock moved `days` on."""
    from residency_examination.timers import correction_reminders

    pool = await create_pool(stack.database_url("examination"))
    try:
        now = await pool.fetchval("SELECT now()") + timedelta(days=days, minutes=1)
        return await correction_reminders(pool, now)
    finally:
        await pool.close()


async def test_an_approved_application_gets_its_numbers_and_is_delivered(
        who, filer, stack) -> None:  # type: ignore[no-untyped-def]
    app_id, applicant = await filed_wrk(who, filer)
    await next_day_receipt_numbers(stack)

    async def numbered() -> dict[str, Any]:
        view = (await filer.client.get(f"/applications/{app_id}")).json()
        return dict(view) if view.get("receipt_number") else {}

    view = await wait_for(numbered, what="the application receipt number")
    assert view["status"] == "filed" and view["receipt_number"].startswith("東オンWA")
    await act(who, app_id, {"action": "take"}, "examining", filer.client)
    await act(who, app_id, {"action": "approve", "granted_period": "3 years"}, "ready",
              filer.client)
    await act(who, app_id, {"action": "mark_delivered", "how": "posted"}, "completed",
              filer.client)
    got = await status_events(stack, app_id, 6)
    assert [(e["previous_status"], e["status"], e["sequence"]) for e in got] == [
        (None, "pending", 1), ("pending", "filed", 2), ("filed", "filed", 3),
        ("filed", "examining", 4), ("examining", "ready", 5), ("ready", "completed", 6)]
    assert got[1]["provisional_receipt_number"] == view["provisional_receipt_number"]
    assert got[2]["receipt_number"] == view["receipt_number"]
    assert all(e["receipt_number"] == view["receipt_number"] for e in got[3:])
    to_applicant = await mailbox(stack, applicant, [RECEIPT, RESULT])
    await mailbox(stack, filer.email, [REFERENCE, PASSWORD_MAIL, PROVISIONAL, RECEIPT, RESULT])
    [result] = [m for m in to_applicant if m["subject"] == RESULT]
    assert "許可" in result["text"] and "3 years" in result["text"]
    [receipt] = [m for m in to_applicant if m["subject"] == RECEIPT]
    assert view["receipt_number"] in receipt["text"]


async def test_a_denied_application_ends_denied_with_the_reason_emailed(
        who, filer, stack) -> None:  # type: ignore[no-untyped-def]
    app_id, applicant = await filed_wrk(who, filer)
    await act(who, app_id, {"action": "take"}, "examining", filer.client)
    await act(who, app_id, {"action": "deny", "reason": "Activity not covered."}, "denied",
              filer.client)
    assert await events(stack, app_id, 4) == [
        (None, "pending", 1), ("pending", "filed", 2), ("filed", "examining", 3),
        ("examining", "denied", 4)]
    to_applicant = await mailbox(stack, applicant, [RESULT])
    await mailbox(stack, filer.email, [REFERENCE, PASSWORD_MAIL, PROVISIONAL, RESULT])
    [result] = [m for m in to_applicant if m["subject"] == RESULT]
    assert "不許可" in result["text"] and "Activity not covered." in result["text"]


async def test_a_returned_application_is_answered_with_the_requested_items_and_approved(
        who, filer, stack) -> None:  # type: ignore[no-untyped-def]
    app_id, applicant = await filed_wrk(who, filer)
    staff = filer.client
    r = await staff.post(f"/applications/{app_id}/corrections",
                         json={"items": [{"item": "Employment contract"}]})
    assert r.status_code == 409 and r.json()["code"] == "NOT_RETURNED"
    await act(who, app_id, {"action": "take"}, "examining", staff)
    await act(who, app_id, {"action": "request_correction",
                            "items": ["Employment contract"]}, "returned", staff)
    requested = (await staff.get(f"/applications/{app_id}/corrections")).json()
    assert [(c["items"], c["answered_at"]) for c in requested] == [(["Employment contract"], None)]
    assert await correction_reminders_after(stack, 7) >= 1  # a week without an answer
    r = await staff.post(f"/applications/{app_id}/attachments", params={"kind": "document"},
                         files={"file": ("contract.pdf", samples.pdf_bytes(), "application/pdf")})
    assert r.status_code == 202, r.text  # allowed while 返却中
    added = r.json()["id"]

    async def checked() -> bool:
        files = (await staff.get(f"/applications/{app_id}")).json()["attachments"]
        return any(f["id"] == added and f["code"] == "OK" for f in files)

    await wait_for(checked, what="the added file's verdict")
    r = await staff.post(f"/applications/{app_id}/corrections",
                         json={"items": [{"item": "A photo of my cat"}]})
    assert r.status_code == 422
    assert [(e["field"], e["code"]) for e in r.json()["errors"]] == [
        ("items[0].item", "NOT_REQUESTED")]
    r = await staff.post(f"/applications/{app_id}/corrections", json={
        "items": [{"item": "Employment contract", "note": "Signed contract attached."}]})
    assert r.status_code == 202, r.text
    assert r.json()["attachment_ids"] == [added]
    await until_status(staff, app_id, "examining")
    await correction_reminders_after(stack, 14)  # answered: no second reminder for this one
    r = await staff.post(f"/applications/{app_id}/attachments", params={"kind": "document"},
                         files={"file": ("late.pdf", samples.pdf_bytes(), "application/pdf")})
    assert r.status_code == 409  # answered: no more files
    await act(who, app_id, {"action": "approve"}, "ready", staff)
    await act(who, app_id, {"action": "mark_delivered", "how": "collected"}, "completed", staff)
    assert await events(stack, app_id, 7) == [
        (None, "pending", 1), ("pending", "filed", 2), ("filed", "examining", 3),
        ("examining", "returned", 4), ("returned", "examining", 5),
        ("examining", "ready", 6), ("ready", "completed", 7)]
    to_applicant = await mailbox(stack, applicant,
                                 [CORRECTION, REMINDER, RESULT])
    await mailbox(stack, filer.email,
                  [REFERENCE, PASSWORD_MAIL, PROVISIONAL, CORRECTION, REMINDER, RESULT])
    for subject in (CORRECTION, REMINDER):
        [mail] = [m for m in to_applicant if m["subject"] == subject]
        assert "Employment contract" in mail["text"]
