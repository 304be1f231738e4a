"""The electronic CESR end to end: a COE by email filed by staff, taken and approved by an
examiner → the CESR email (certificate text in the body, the signed PDF attached) reaches the
organization and the applicant; POST /cesr/verify says the number and the PDF are genuine and
a PDF with one changed byte is not."""

import email
import email.policy
import uuid
from typing import Any

import httpx
import pytest
from residency_devstack import samples

from tests.e2e.applications_support import people
from tests.e2e.test_lifecycle_paths import (
    PASSWORD_MAIL,
    PROVISIONAL,
    REFERENCE,
    RESULT,
    filer,
    mailbox,
    status_events,
)
from tests.helpers import mails, wait_for

__all__ = ["filer"]  # the fixture, shared
CESR_MAIL = "【在留申請オンライン】在留資格認定証明書の交付（{}） / Your Certificate of Eligibility"


@pytest.fixture(scope="module")
async def who(services, stack):  # type: ignore[no-untyped-def]
    async for p in people(services.intake_url, stack.database_url("intake")):
        yield p


async def until(client: httpx.AsyncClient, path: str, key: str, value: Any = None) -> dict:  # type: ignore[type-arg]
    async def probe() -> dict:  # type: ignore[type-arg]
        body = (await client.get(path)).json()
        return body if (body.get(key) == value if value is not None else body.get(key)) else {}

    return await wait_for(probe, timeout=40, what=f"{key} at {path}")


async def approved_coe(who, applicant: str,  # type: ignore[no-untyped-def]
                       staff: httpx.AsyncClient | None = None) -> str:
    staff, examiner = staff or who.staff_a, who.examiner
    content = samples.coe_content(notification_email=applicant,
                                  passport_number=samples.sample_passport())
    r = await staff.post("/applications", json={"procedure": "COE", "content": content})
    assert r.status_code == 201, r.text
    app_id = r.json()["id"]
    for kind, data, name in (("document", samples.pdf_bytes(), "p.pdf"),
                             ("photo", samples.jpeg_bytes(), "f.jpg")):
        r = await staff.post(f"/applications/{app_id}/attachments", params={"kind": kind},
                             files={"file": (name, data, "application/octet-stream")})
        assert r.status_code == 202, r.text

    async def checked() -> bool:
        files = (await staff.get(f"/applications/{app_id}")).json()["attachments"]
        return len(files) == 2 and all(f["code"] == "OK" for f in files)

    await wait_for(checked, what="verdicts")
    assert (await staff.post(f"/applications/{app_id}/file")).status_code == 200
    await until(staff, f"/applications/{app_id}", "status", "filed")
    for action, status in (("take", "examining"), ("approve", "ready")):
        r = await examiner.post(f"/examiner/applications/{app_id}/actions",
                                json={"action": action})
        assert r.status_code == 202, r.text
        await until(staff, f"/applications/{app_id}", "status", status)
    return str(app_id)


def attached_pdf(raw: bytes) -> bytes:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    [part] = list(message.iter_attachments())  # type: ignore[attr-defined]
    return bytes(part.get_payload(decode=True))


async def test_the_cesr_is_emailed_with_its_signed_pdf_and_verifies(
        who, filer, stack, services) -> None:  # type: ignore[no-untyped-def]
    applicant = f"cesr-{uuid.uuid4().hex[:10]}@example.com"
    app_id = await approved_coe(who, applicant, filer.client)
    staff_email = filer.email

    async def cesr_mail(to: str) -> list[dict[str, Any]]:
        return [m for m in await mails(stack.mail_api_url, to) if m["attachments"]
                and "在留資格認定証明書" in m["subject"]]

    [to_applicant] = await wait_for(lambda: cesr_mail(applicant), timeout=60, what="CESR mail")
    assert await cesr_mail(staff_email)  # the organization gets it too
    [attachment] = to_applicant["attachments"]
    assert attachment["content_type"] == "application/pdf" and attachment["size"] > 1000
    assert attachment["filename"].startswith("CESR-") and attachment["filename"].endswith(".pdf")
    view = await until(filer.client, f"/applications/{app_id}", "cesr_number")
    number = view["cesr_number"]
    got = await status_events(stack, app_id, 4)
    assert [(e["previous_status"], e["status"], e["sequence"], e["cesr_number"])
            for e in got] == [(None, "pending", 1, None), ("pending", "filed", 2, None),
                              ("filed", "examining", 3, None), ("examining", "ready", 4, number)]
    await mailbox(stack, applicant, [RESULT, CESR_MAIL.format(number)])
    await mailbox(stack, staff_email, [REFERENCE, PASSWORD_MAIL, PROVISIONAL, RESULT,
                                       CESR_MAIL.format(number)])
    body = to_applicant["text"]
    for expected in (number, "SAMPLE,TARO", "留学 / Student", "有効期限 / Valid until",
                     "この部分が在留資格認定証明書です", "受領登録"):
        assert expected in body, expected

    anyone = httpx.AsyncClient(base_url=services.intake_url, timeout=30)  # no login
    try:
        async def known() -> httpx.Response | None:  # intake learns of the CESR by event
            r = await anyone.post("/cesr/verify", json={"cesr_number": number})
            return r if r.status_code == 200 and r.json()["issued"] else None

        r = await wait_for(known, what="intake to know the issued CESR")
        assert r.json()["genuine"], r.text
        r = await anyone.post("/cesr/verify", json={"cesr_number": "東オンCESR99999999"})
        assert r.json()["genuine"] is False and r.json()["problems"] == ["CESR_NOT_ISSUED"]

        raw = (await anyone.get(f"{stack.mail_api_url}/api/messages/{to_applicant['id']}/raw")
               ).content
        pdf = attached_pdf(raw)
        r = await anyone.post("/cesr/verify", files={"file": ("c.pdf", pdf, "application/pdf")})
        result = r.json()
        assert r.status_code == 200 and result["genuine"], r.text
        assert result["cesr_number"] == number and result["signature_valid"] and result[
            "unaltered"]
        changed = bytearray(pdf)
        changed[len(pdf) // 3] ^= 0x01
        r = await anyone.post("/cesr/verify",
                              files={"file": ("c.pdf", bytes(changed), "application/pdf")})
        assert r.status_code == 200 and r.json()["genuine"] is False, r.text

        r = await anyone.post("/cesr/verify", content=b"x", headers={"content-type": "text/plain"})
        assert r.status_code == 415 and r.json()["code"] == "UNSUPPORTED_MEDIA_TYPE"
        r = await anyone.post("/cesr/verify", json={})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "cesr_number"
    finally:
        await anyone.aclose()
