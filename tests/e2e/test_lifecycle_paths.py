"""The lifecycle through HTTP on the running stack: approved, denied, returned and corrected —
the exact status events on residency.status.v1 and the exact email subjects."""

import uuid
from typing import Any

import httpx
import pytest
from residency_contracts.topics import STATUS
from residency_devstack import samples

from tests.e2e.applications_support import create, file, people
from tests.helpers import TopicReader, mails, wait_for

PREFIX = "【在留申請オンライン】"
PROVISIONAL = PREFIX + "受付仮番号のお知らせ / Your provisional receipt number"
CORRECTION = PREFIX + "補正・追加資料のお願い / Corrections or documents needed"
RESULT = PREFIX + "審査終了のお知らせ / Examination complete"


@pytest.fixture(scope="module")
async def who(services, stack):  # type: ignore[no-untyped-def]
    async for p in people(services.intake_url, stack.database_url("intake")):
        yield p


async def filed_wrk(who: Any) -> tuple[str, str]:
    applicant = f"life-{uuid.uuid4().hex[:10]}@example.com"
    app = await create(who.staff_a, "WRK", samples.wrk_content(notification_email=applicant))
    await file(who.staff_a, app["id"])
    await until_status(who.staff_a, app["id"], "filed")
    return app["id"], applicant


async def until_status(client: httpx.AsyncClient, app_id: str, status: str) -> None:
    async def probe() -> bool:
        return bool((await client.get(f"/applications/{app_id}")).json()["status"] == status)

    await wait_for(probe, what=f"status {status}")


async def act(who: Any, app_id: str, body: dict[str, Any], then: str) -> None:
    r = await who.examiner.post(f"/examiner/applications/{app_id}/actions", json=body)
    assert r.status_code == 202, r.text
    await until_status(who.staff_a, app_id, then)


async def events(stack: Any, app_id: str, count: int) -> list[tuple[Any, ...]]:
    async with TopicReader(stack.kafka_bootstrap, STATUS.name) as reader:
        def mine() -> list[dict[str, Any]]:
            return [v for v in reader.values() if v.get("application_id") == app_id]

        await reader.until(lambda _r: len(mine()) >= count, what=f"{count} status events")
        return [(v["previous_status"], v["status"], v["sequence"]) for v in mine()]


async def subjects(stack: Any, to: str, count: int) -> list[str]:
    async def probe() -> list[str]:
        got = sorted(m["subject"] for m in await mails(stack.mail_api_url, to))
        return got if len(got) >= count else []

    return await wait_for(probe, what=f"{count} emails to the applicant")


async def test_an_approved_application_is_delivered_and_completed(who, stack) -> None:  # type: ignore[no-untyped-def]
    app_id, applicant = await filed_wrk(who)
    await act(who, app_id, {"action": "take"}, "examining")
    await act(who, app_id, {"action": "approve", "granted_period": "3 years"}, "ready")
    await act(who, app_id, {"action": "mark_delivered", "how": "posted"}, "completed")
    assert await events(stack, app_id, 5) == [
        (None, "pending", 1), ("pending", "filed", 2), ("filed", "examining", 3),
        ("examining", "ready", 4), ("ready", "completed", 5)]
    assert await subjects(stack, applicant, 2) == sorted([PROVISIONAL, RESULT])
    [result] = [m for m in await mails(stack.mail_api_url, applicant) if m["subject"] == RESULT]
    assert "許可" in result["text"] and "3 years" in result["text"]


async def test_a_denied_application_ends_denied_with_the_reason_emailed(who, stack) -> None:  # type: ignore[no-untyped-def]
    app_id, applicant = await filed_wrk(who)
    await act(who, app_id, {"action": "take"}, "examining")
    await act(who, app_id, {"action": "deny", "reason": "Activity not covered."}, "denied")
    assert await events(stack, app_id, 4) == [
        (None, "pending", 1), ("pending", "filed", 2), ("filed", "examining", 3),
        ("examining", "denied", 4)]
    assert await subjects(stack, applicant, 2) == sorted([PROVISIONAL, RESULT])
    [result] = [m for m in await mails(stack.mail_api_url, applicant) if m["subject"] == RESULT]
    assert "不許可" in result["text"] and "Activity not covered." in result["text"]


async def test_a_returned_application_is_answered_with_the_requested_items_and_approved(
        who, stack) -> None:  # type: ignore[no-untyped-def]
    app_id, applicant = await filed_wrk(who)
    r = await who.staff_a.post(f"/applications/{app_id}/corrections",
                               json={"items": [{"item": "Employment contract"}]})
    assert r.status_code == 409 and r.json()["code"] == "NOT_RETURNED"
    await act(who, app_id, {"action": "take"}, "examining")
    await act(who, app_id, {"action": "request_correction",
                            "items": ["Employment contract"]}, "returned")
    requested = (await who.staff_a.get(f"/applications/{app_id}/corrections")).json()
    assert [(c["items"], c["answered_at"]) for c in requested] == [(["Employment contract"], None)]
    r = await who.staff_a.post(f"/applications/{app_id}/attachments", params={"kind": "document"},
                               files={"file": ("contract.pdf", samples.pdf_bytes(),
                                               "application/pdf")})
    assert r.status_code == 202, r.text  # allowed while 返却中
    added = r.json()["id"]

    async def checked() -> bool:
        files = (await who.staff_a.get(f"/applications/{app_id}")).json()["attachments"]
        return any(f["id"] == added and f["code"] == "OK" for f in files)

    await wait_for(checked, what="the added file's verdict")
    r = await who.staff_a.post(f"/applications/{app_id}/corrections",
                               json={"items": [{"item": "A photo of my cat"}]})
    assert r.status_code == 422
    assert [(e["field"], e["code"]) for e in r.json()["errors"]] == [
        ("items[0].item", "NOT_REQUESTED")]
    r = await who.staff_a.post(f"/applications/{app_id}/corrections", json={
        "items": [{"item": "Employment contract", "note": "Signed contract attached."}]})
    assert r.status_code == 202, r.text
    assert r.json()["attachment_ids"] == [added]
    await until_status(who.staff_a, app_id, "examining")
    r = await who.staff_a.post(f"/applications/{app_id}/attachments", params={"kind": "document"},
                               files={"file": ("late.pdf", samples.pdf_bytes(), "application/pdf")})
    assert r.status_code == 409  # answered: no more files
    await act(who, app_id, {"action": "approve"}, "ready")
    await act(who, app_id, {"action": "mark_delivered", "how": "collected"}, "completed")
    assert await events(stack, app_id, 7) == [
        (None, "pending", 1), ("pending", "filed", 2), ("filed", "examining", 3),
        ("examining", "returned", 4), ("returned", "examining", 5),
        ("examining", "ready", 6), ("ready", "completed", 7)]
    assert await subjects(stack, applicant, 3) == sorted([PROVISIONAL, CORRECTION, RESULT])
