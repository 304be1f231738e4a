"""A usage request (利用申出) from a new staff member, examined by the right bureau, then that
staff member files an application; other bureaus and other people see nothing of it."""

import asyncio
import os
import subprocess
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from residency_devstack.samples import ext_content, jpeg_bytes, pdf_bytes
from residency_intake.accounts.seed import create_examiner
from residency_intake.adapters.passwords import hash_password
from residency_messaging.db import create_pool

from tests.e2e.applications_support import signed_in
from tests.e2e.conftest import BIN, STAFF_PASSWORD
from tests.e2e.test_lifecycle_paths import PREFIX, events
from tests.helpers import mails, wait_for

RETURNED = PREFIX + "利用申出の返却 / Usage request returned"
APPROVED = PREFIX + "利用申出の承認 / Usage request approved"
ORG = {"name": "Sample Language School", "address": "2-2 Example-cho, Osaka",
       "phone": "0612345678"}


@pytest.fixture
async def people(services, stack) -> AsyncIterator[dict[str, httpx.AsyncClient]]:  # type: ignore[no-untyped-def]
    """Two staff members of no organization yet and examiners of 大 and 福 (one seeded by the
    command, one by the function)."""
    tag = uuid.uuid4().hex[:8]
    pool = await create_pool(stack.database_url("intake"))
    try:
        for who in ("newcomer", "stranger"):
            await pool.execute(
                "INSERT INTO users (id, login_id, email, password_hash, role) "
                "VALUES ($1,$2,$3,$4,'organization_staff')", uuid.uuid4(), f"{who}-{tag}",
                f"{who}-{tag}@example.ac.jp", hash_password(STAFF_PASSWORD))
        await create_examiner(pool, login_id=f"osaka-{tag}", email=f"osaka-{tag}@example.go.jp",
                              password=STAFF_PASSWORD, bureau="大")
    finally:
        await pool.close()
    env = os.environ | services.env["intake"] | {"RESIDENCY_EXAMINER_PASSWORD": STAFF_PASSWORD}
    await asyncio.to_thread(
        subprocess.run, [str(BIN / "residency-create-examiner"), "--login-id", f"fukuoka-{tag}",
                         "--email", f"fukuoka-{tag}@example.go.jp", "--bureau", "福"],
        env=env, check=True, timeout=60, capture_output=True)
    clients = {name: await signed_in(services.intake_url, f"{name}-{tag}", STAFF_PASSWORD)
               for name in ("newcomer", "stranger", "osaka", "fukuoka")}
    try:
        yield clients
    finally:
        for client in clients.values():
            await client.aclose()


async def until_status(client: httpx.AsyncClient, path: str, status: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any]:
        body = (await client.get(path)).json()
        return body if body.get("status") == status else {}

    return await wait_for(probe, what=f"status {status} at {path}")


async def verdicts(client: httpx.AsyncClient, path: str) -> list[str]:
    async def probe() -> list[str]:
        files = (await client.get(path)).json()["attachments"]
        return [f["code"] for f in files] if files and all(f["code"] for f in files) else []

    return await wait_for(probe, what="verdicts")


async def new_application(client: httpx.AsyncClient) -> str:
    """A draft extension with a passport PDF and a photo, both checked."""
    r = await client.post("/applications", json={
        "procedure": "EXT", "content": ext_content(notification_email="a@example.com")})
    assert r.status_code == 201, r.text
    app_id = str(r.json()["id"])
    for kind, data, name in (("document", pdf_bytes(), "p.pdf"), ("photo", jpeg_bytes(), "f.jpg")):
        r = await client.post(f"/applications/{app_id}/attachments", params={"kind": kind},
                              files={"file": (name, data, "application/octet-stream")})
        assert r.status_code == 202, r.text
    assert await verdicts(client, f"/applications/{app_id}") == ["OK", "OK"]
    return app_id


async def test_an_approved_usage_request_lets_its_staff_file_applications(people) -> None:  # type: ignore[no-untyped-def]
    staff, stranger = people["newcomer"], people["stranger"]
    osaka, fukuoka = people["osaka"], people["fukuoka"]
    draft = await new_application(staff)
    r = await staff.post(f"/applications/{draft}/file")
    assert r.status_code == 403, r.text  # not before the usage request is approved
    assert r.json()["code"] == "ORGANIZATION_ACCESS_REQUIRED"

    r = await staff.post("/organizations/usage-requests", json={
        "kind": "new", "organization": ORG, "bureau": "大",
        "agent_certificate_number": "123456789123"})
    assert r.status_code == 201, r.text
    request = r.json()
    path = f"/organizations/filings/{request['id']}"
    assert request["procedure"] == "USE" and request["state"] == "draft"
    r = await staff.post(f"{path}/attachments",
                         files={"file": ("registry.pdf", pdf_bytes(), "application/pdf")})
    assert r.status_code == 202, r.text
    assert await verdicts(staff, path) == ["OK"]
    # a usage request is not an application: /applications neither shows nor files it
    assert (await staff.get(f"/applications/{request['id']}")).status_code == 404
    assert (await staff.post(f"/applications/{request['id']}/file")).status_code == 404
    for other in (stranger, osaka):  # nobody else reads or changes it
        assert (await other.get(path)).status_code in (403, 404)
        r = await other.post(f"{path}/attachments",
                             files={"file": ("x.pdf", pdf_bytes(), "application/pdf")})
        assert r.status_code in (403, 404) and r.json()["code"]
        r = await other.post(f"{path}/file")
        assert r.status_code in (403, 404) and r.json()["code"]
    r = await staff.post(f"{path}/file")
    assert r.status_code == 200, r.text
    assert len(r.json()["reference_number"]) == 10
    filed = await until_status(staff, path, "filed")
    assert filed["provisional_receipt_number"].startswith("仮大オンUR")

    examiner_path = f"/examiner/applications/{request['id']}"
    assert (await fukuoka.get(examiner_path)).status_code == 404  # another bureau
    r = await fukuoka.post(f"{examiner_path}/actions", json={"action": "take"})
    assert r.status_code == 404 and r.json()["code"] == "APPLICATION_NOT_FOUND"
    assert request["id"] not in [a["id"] for a in (
        await fukuoka.get("/examiner/applications", params={"limit": 100})).json()]
    assert (await staff.get("/examiner/applications")).status_code == 403
    assert (await staff.post(f"{examiner_path}/actions", json={"action": "take"})
            ).status_code == 403
    assert (await osaka.get("/organizations/me")).status_code == 403

    queue = (await osaka.get("/examiner/applications", params={"status": "filed"})).json()
    assert request["id"] in [a["id"] for a in queue]
    detail = (await osaka.get(examiner_path)).json()
    assert detail["kind"] == "new" and detail["organization_name"] == ORG["name"]
    r = await osaka.post(f"{examiner_path}/actions", json={"action": "approve"})
    assert r.status_code == 409 and r.json()["code"] == "ACTION_NOT_ALLOWED"
    r = await osaka.post(f"{examiner_path}/actions", json={"action": "take"})
    assert r.status_code == 202, r.text
    await until_status(staff, path, "examining")
    r = await osaka.post(f"{examiner_path}/actions", json={"action": "approve"})
    assert r.status_code == 202, r.text
    done = await until_status(staff, path, "completed")
    assert done["status_ja"] == "完了"

    async def approved() -> dict[str, Any]:
        r = await staff.get("/organizations/me")
        return r.json() if r.status_code == 200 and r.json()["access"] == "approved" else {}

    me = await wait_for(approved, what="organization access")
    assert me["name"] == ORG["name"] and me["bureau"] == "大" and me["access_expires_at"]

    app_id = draft  # started before the approval, now the organization's
    r = await staff.post(f"/applications/{app_id}/file")
    assert r.status_code == 200, r.text
    await until_status(staff, f"/applications/{app_id}", "filed")
    assert (await stranger.get(f"/applications/{app_id}")).status_code in (403, 404)
    assert (await fukuoka.get(f"/examiner/applications/{app_id}")).status_code == 404
    assert (await osaka.get(f"/examiner/applications/{app_id}")).status_code == 200


async def test_bad_usage_requests_and_actions_get_field_errors(people) -> None:  # type: ignore[no-untyped-def]
    staff, osaka = people["stranger"], people["osaka"]
    cases = [
        ({"kind": "new", "organization": ORG, "bureau": "大",
          "agent_certificate_number": "12345678901"}, {"agent_certificate_number"}),
        ({"kind": "new"}, {"organization", "bureau"}),
        ({"kind": "new", "organization": {**ORG, "phone": "06-1234-5678"}, "bureau": "X"},
         {"organization.phone", "bureau"}),
        ({"kind": "additional", "organization_id": str(uuid.uuid4()),
          "first_request_office": "オンライン申請"}, {"organization_id"}),
        ({"kind": "renewal"}, {"kind"}),
    ]
    for body, fields in cases:
        r = await staff.post("/organizations/usage-requests", json=body)
        assert r.status_code == 422, (body, r.text)
        errors = r.json()["errors"]
        assert {e["field"] for e in errors} == fields, body
        assert all(e["code"] and e["message_ja"] and e["message_en"] for e in errors)
    unknown = f"/examiner/applications/{uuid.uuid4()}/actions"
    for body, status, field in (({"action": "request_correction"}, 422, "items"),
                                ({"action": "fly"}, 422, "action"),
                                ({"action": "take"}, 404, None)):
        r = await osaka.post(unknown, json=body)
        assert r.status_code == status, r.text
        assert r.json()["code"] and (field is None or r.json()["errors"][0]["field"] == field)
    r = await staff.post("/organizations/periodic-reports", json={
        "phone": "0612345678", "foreign_nationals_count": 3})
    assert r.status_code == 403  # no organization yet: nothing to report on
    r = await staff.post(f"/organizations/filings/{uuid.uuid4()}/attachments",
                         files={"file": ("a.pdf", pdf_bytes(), "application/pdf")})
    assert r.status_code == 404 and r.json()["code"] == "FILING_NOT_FOUND"


async def test_a_returned_usage_request_is_answered_through_organizations_and_approved(
        people, stack) -> None:  # type: ignore[no-untyped-def]
    staff, stranger, osaka = people["newcomer"], people["stranger"], people["osaka"]
    filer = (await staff.get("/me")).json()["email"]
    r = await staff.post("/organizations/usage-requests", json={
        "kind": "new", "organization": ORG, "bureau": "大"})
    assert r.status_code == 201, r.text
    filing_id = r.json()["id"]
    path = f"/organizations/filings/{filing_id}"
    assert (await staff.post(f"{path}/attachments", files={
        "file": ("registry.pdf", pdf_bytes(), "application/pdf")})).status_code == 202
    assert await verdicts(staff, path) == ["OK"]
    assert (await staff.post(f"{path}/file")).status_code == 200
    await until_status(staff, path, "filed")
    r = await staff.post(f"{path}/corrections", json={"items": [{"item": "Registry"}]})
    assert r.status_code == 409 and r.json()["code"] == "NOT_RETURNED"

    actions = f"/examiner/applications/{filing_id}/actions"
    assert (await osaka.post(actions, json={"action": "take"})).status_code == 202
    await until_status(staff, path, "examining")
    r = await osaka.post(actions, json={"action": "request_correction",
                                        "items": ["Certified copy of the company registry"]})
    assert r.status_code == 202, r.text
    await until_status(staff, path, "returned")
    requested = (await staff.get(f"{path}/corrections")).json()
    assert [(c["items"], c["answered_at"]) for c in requested] == [
        (["Certified copy of the company registry"], None)]
    assert (await stranger.get(f"{path}/corrections")).status_code == 404

    r = await staff.post(f"{path}/attachments",
                         files={"file": ("copy.pdf", pdf_bytes(), "application/pdf")})
    assert r.status_code == 202, r.text  # allowed while 返却中, for the answer
    added = r.json()["id"]
    assert sorted(await verdicts(staff, path)) == ["OK", "OK"]
    r = await staff.post(f"{path}/corrections", json={"items": [{"item": "Something else"}]})
    assert r.status_code == 422
    assert [(e["field"], e["code"]) for e in r.json()["errors"]] == [
        ("items[0].item", "NOT_REQUESTED")]
    r = await stranger.post(f"{path}/corrections", json={
        "items": [{"item": "Certified copy of the company registry"}]})
    assert r.status_code == 404 and r.json()["code"] == "FILING_NOT_FOUND"
    r = await staff.post(f"{path}/corrections", json={
        "items": [{"item": "Certified copy of the company registry", "note": "Attached."}]})
    assert r.status_code == 202, r.text
    assert r.json()["attachment_ids"] == [added]
    await until_status(staff, path, "examining")
    r = await staff.post(f"{path}/attachments",
                         files={"file": ("late.pdf", pdf_bytes(), "application/pdf")})
    assert r.status_code == 409 and r.json()["code"] == "ALREADY_FILED"
    assert (await osaka.post(actions, json={"action": "approve"})).status_code == 202
    await until_status(staff, path, "completed")

    async def usage_mails() -> list[str]:
        got = sorted(m["subject"] for m in await mails(stack.mail_api_url, filer))
        return got if len(got) >= 5 else []

    assert await wait_for(usage_mails, what="the filer's five emails") == sorted([
        PREFIX + "整理番号のお知らせ / Your reference number",
        PREFIX + "パスワードのお知らせ / Your reference password",
        PREFIX + "受付仮番号のお知らせ / Your provisional receipt number",
        RETURNED, APPROVED])
    [returned] = [m for m in await mails(stack.mail_api_url, filer) if m["subject"] == RETURNED]
    assert "Certified copy of the company registry" in returned["text"]
    assert await events(stack, filing_id, 6) == [
        (None, "pending", 1), ("pending", "filed", 2), ("filed", "examining", 3),
        ("examining", "returned", 4), ("returned", "examining", 5), ("examining", "completed", 6)]
