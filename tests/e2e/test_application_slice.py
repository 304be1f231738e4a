"""One EXT application from HTTP to email and public status events, on the real stack."""

import uuid

import asyncpg
import httpx
import pytest
from residency_contracts.topics import SEND_EMAIL, STATUS
from residency_devstack.samples import ext_content, jpeg_bytes, pdf_bytes
from residency_intake.adapters.passwords import verify_reference_password

from tests.helpers import TopicReader, mails, wait_for


@pytest.fixture
async def client(services, staff):  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(base_url=services.intake_url, timeout=30) as c:
        r = await c.post("/auth/token", json={"login_id": staff["login_id"],
                                              "password": staff["password"]})
        assert r.status_code == 200, r.text
        c.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
        yield c


async def new_draft(client: httpx.AsyncClient, applicant: str) -> str:
    r = await client.post("/applications", json={
        "procedure": "EXT", "content": ext_content(notification_email=applicant)})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def attach(client: httpx.AsyncClient, app_id: str, kind: str, data: bytes,
                 name: str) -> dict:
    r = await client.post(f"/applications/{app_id}/attachments", params={"kind": kind},
                          files={"file": (name, data, "application/octet-stream")})
    assert r.status_code == 202, r.text
    return dict(r.json())


async def verdicts(client: httpx.AsyncClient, app_id: str) -> list[dict]:
    async def probe() -> list[dict]:
        body = (await client.get(f"/applications/{app_id}")).json()
        files = body["attachments"]
        return files if files and all(f["code"] for f in files) else []

    return await wait_for(probe, what="attachment verdicts")


def _subject(mail: dict) -> str:
    return str(mail["subject"]).split("】")[1].split(" /")[0]


async def test_an_extension_is_filed_numbered_emailed_and_announced(
        client, services, stack, staff) -> None:  # type: ignore[no-untyped-def]
    applicant = f"applicant-{uuid.uuid4().hex[:8]}@example.com"
    app_id = await new_draft(client, applicant)
    await attach(client, app_id, "document", pdf_bytes(), "passport.pdf")
    await attach(client, app_id, "photo", jpeg_bytes(), "face.jpg")
    assert [f["code"] for f in await verdicts(client, app_id)] == ["OK", "OK"]

    r = await client.post(f"/applications/{app_id}/file")
    assert r.status_code == 200, r.text
    filed = r.json()
    number, password = filed["reference_number"], filed["reference_password"]
    assert len(number) == 10 and number.isdigit() and filed["status"] == "pending"
    conn = await asyncpg.connect(stack.database_url("intake"))
    try:  # stored as a keyed hash that names its scheme, never the password itself
        stored = await conn.fetchval("SELECT reference_password_hash FROM applications "
                                     "WHERE id = $1", uuid.UUID(app_id))
    finally:
        await conn.close()
    assert stored.startswith("hmac-sha256$") and password not in stored
    assert verify_reference_password(stored, password, stack.credentials.hash_secret)

    async def provisional_mail() -> list[dict]:  # to the filer only (SPEC §7, single filing)
        got = await mails(stack.mail_api_url, staff["email"])
        return [m for m in got if "受付仮番号" in m["subject"] and number in m["text"]]

    [prov_mail] = await wait_for(provisional_mail, what="provisional receipt number email")
    expected = sorted(["整理番号のお知らせ", "パスワードのお知らせ", "受付仮番号のお知らせ"])

    async def filing_mails() -> list[dict]:  # three separate emails; any order of arrival
        staff_mails = await mails(stack.mail_api_url, staff["email"])
        found = [m for m in staff_mails if number in m["text"] or password in m["text"]]
        return found if {_subject(m) for m in found} >= set(expected) else []

    mine = await wait_for(filing_mails, what="the number, password and provisional emails")
    assert await mails(stack.mail_api_url, applicant) == []
    assert sorted(_subject(m) for m in mine) == expected  # each exactly once
    number_mail = next(m for m in mine if "整理番号のお知らせ" in m["subject"])
    assert password not in number_mail["text"]  # number and password travel separately
    async with TopicReader(stack.kafka_bootstrap, SEND_EMAIL.name) as reader:
        def password_command() -> list[bytes]:
            return [r.value for r, v in zip(reader.records, reader.values(), strict=True)
                    if v.get("template") == "reference_password"
                    and v.get("application_id") == app_id]

        await reader.until(lambda _r: bool(password_command()), what="the password command")
        [wire] = password_command()
        assert password.encode() not in wire  # sealed on the topic; only the email shows it

    async def filed_status() -> dict:
        body = (await client.get(f"/applications/{app_id}")).json()
        return body if body["status"] == "filed" else {}

    view = await wait_for(filed_status, what="status 申請完了 on the application")
    provisional = view["provisional_receipt_number"]
    assert provisional.startswith("仮東オンEP") and provisional in prov_mail["text"]
    assert view["status_ja"] == "申請完了" and view["reference_number"] == number

    async with TopicReader(stack.kafka_bootstrap, STATUS.name) as reader:
        await reader.until(lambda rd: len([v for v in rd.values()
                                           if v["application_id"] == app_id]) >= 2,
                           what="two status events")
        records = [rec for rec in reader.records if rec.key == app_id.encode()]
        events = [reader.values()[reader.records.index(rec)] for rec in records]
        assert [(e["previous_status"], e["status"]) for e in events] == [
            (None, "pending"), ("pending", "filed")]
        assert events[1]["provisional_receipt_number"] == provisional
        assert all(e["event_id"] and e["procedure"] == "EXT" and e["occurred_at"]
                   for e in events)
        assert not any("SAMPLE" in rec.value.decode() or applicant in rec.value.decode()
                       for rec in records)


async def test_an_encrypted_pdf_keeps_the_application_unfiled_with_a_reason(client) -> None:  # type: ignore[no-untyped-def]
    app_id = await new_draft(client, "someone@example.com")
    await attach(client, app_id, "document", pdf_bytes(password="secret"), "scan.pdf")
    await attach(client, app_id, "photo", jpeg_bytes(), "face.jpg")
    codes = [f["code"] for f in await verdicts(client, app_id)]
    assert codes == ["PDF_ENCRYPTED", "OK"]
    r = await client.post(f"/applications/{app_id}/file")
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "CANNOT_FILE"
    [err] = body["errors"]
    assert err["field"] == "attachments[0]" and err["code"] == "PDF_ENCRYPTED"
    assert err["message_ja"] and err["message_en"]
    view = (await client.get(f"/applications/{app_id}")).json()
    assert view["state"] == "draft" and view["reference_number"] is None


async def test_a_landscape_photo_is_refused_with_a_reason(client) -> None:  # type: ignore[no-untyped-def]
    app_id = await new_draft(client, "someone@example.com")
    await attach(client, app_id, "photo", jpeg_bytes(400, 300), "face.jpg")
    [verdict] = await verdicts(client, app_id)
    assert verdict["code"] == "PHOTO_ASPECT" and verdict["message_ja"] and verdict["message_en"]


async def test_bad_input_gets_field_errors_in_japanese_and_english(client) -> None:  # type: ignore[no-untyped-def]
    content = ext_content()
    content["current_status"]["status_of_residence"] = "temporary_visitor"
    content["identity"]["phone"] = "03-0000-0000"
    r = await client.post("/applications", json={"procedure": "EXT", "content": content})
    assert r.status_code == 422
    errors = {e["field"]: e for e in r.json()["errors"]}
    assert set(errors) == {"content.current_status.status_of_residence", "content.identity.phone"}
    assert "短期滞在" in errors["content.current_status.status_of_residence"]["message_ja"]
    assert all(e["message_en"] and e["code"] for e in errors.values())


async def test_without_a_token_nothing_is_readable(services) -> None:  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(base_url=services.intake_url) as anon:
        r = await anon.get(f"/applications/{uuid.uuid4()}")
    assert r.status_code == 401 and r.json()["code"] == "UNAUTHENTICATED"


async def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
        services, staff) -> None:  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(base_url=services.intake_url) as anon:
        a = await anon.post("/auth/token", json={"login_id": staff["login_id"], "password": "nope"})
        b = await anon.post("/auth/token", json={"login_id": "nobody", "password": "nope"})
    assert a.status_code == b.status_code == 401 and a.json() == b.json()
