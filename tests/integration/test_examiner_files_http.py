"""Examiners open what they examine (操作マニュアル: 添付ファイルを確認): an examiner of the
application's bureau downloads the copy documents accepted (a repaired PDF as repaired, the
photo), sees the filer's correction answers with their notes, and finds an application in the
queue by its number; the filer may open their own accepted files too. Over HTTP, intake in
process on a database of this test module's own and the real object store (documents'
verdicts simulated as they arrive: the accepted file moved to `accepted`)."""

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import unquote

import asyncpg
import httpx
import pytest
from residency_contracts import AttachmentChecked, AttachmentKind, VerdictCode
from residency_devstack import samples
from residency_intake import consumers
from residency_intake.accounts.seed import create_examiner, create_staff
from residency_intake.app import create_app
from residency_messaging.objectstore import Store as ObjectStore

from tests.integration.intake_http import (
    MovableClock,
    client,
    intake_settings,
    own_intake_database,
)

PASSWORD = "Integration-Pass1!"


@dataclass
class Intake:
    pool: asyncpg.Pool
    store: ObjectStore
    quarantine: str
    accepted: str
    clock: MovableClock
    staff: Callable[[str], Awaitable[httpx.AsyncClient]]
    examiner: Callable[[str], Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def own_pool(stack, sealer) -> AsyncIterator[asyncpg.Pool]:  # type: ignore[no-untyped-def]
    async with own_intake_database(stack, sealer, "examfiles") as pool:
        yield pool


@pytest.fixture
async def intake(stack, own_pool, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
                 ) -> AsyncIterator[Intake]:
    settings = intake_settings(stack, monkeypatch)
    clock = MovableClock()
    app = create_app(settings, clock=clock)
    sessions: list[httpx.AsyncClient] = []
    async with client(app, own_pool) as http:
        async def session(login_id: str) -> httpx.AsyncClient:
            r = await http.post("/auth/token", json={"login_id": login_id, "password": PASSWORD})
            assert r.status_code == 200, r.text
            s = httpx.AsyncClient(transport=http._transport, base_url=http.base_url,
                                  headers={"Authorization": f"Bearer {r.json()['access_token']}"})
            sessions.append(s)
            return s

        async def staff(organization: str) -> httpx.AsyncClient:
            tag = uuid.uuid4().hex[:8]
            await create_staff(own_pool, login_id=f"exf-{tag}", email=f"{tag}@example.ac.jp",
                               password=PASSWORD, organization=organization)
            return await session(f"exf-{tag}")

        async def examiner(bureau: str) -> httpx.AsyncClient:
            tag = uuid.uuid4().hex[:8]
            await create_examiner(own_pool, login_id=f"exf-exam-{tag}",
                                  email=f"{tag}@example.go.jp", password=PASSWORD,
                                  bureau=bureau)
            return await session(f"exf-exam-{tag}")

        try:
            yield Intake(own_pool, app.state.store, settings.quarantine_bucket,
                         settings.accepted_bucket, clock, staff, examiner)
        finally:
            for s in sessions:
                await s.aclose()


async def attach(http: httpx.AsyncClient, app_id: str, kind: str, data: bytes
                 ) -> dict[str, str]:
    name, media = ("scan.pdf", "application/pdf") if kind == "document" else (
        "me.jpg", "image/jpeg")
    r = await http.post(f"/applications/{app_id}/attachments", params={"kind": kind},
                        files={"file": (name, data, media)})
    assert r.status_code == 202, r.text
    return r.json()  # type: ignore[no-any-return]


async def checked(intake: Intake, app_id: str, file: dict[str, str], code: VerdictCode,
                  kind: AttachmentKind = AttachmentKind.DOCUMENT,
                  repaired: bytes | None = None) -> None:
    """documents' verdict: an accepted file moved (or, repaired, replaced) into `accepted`;
    a refused one left in quarantine."""
    key = f"{app_id}/{file['id']}"
    if code is VerdictCode.OK:
        if repaired is None:
            await intake.store.move(intake.quarantine, key, intake.accepted)
        else:
            await intake.store.replace(intake.quarantine, key, intake.accepted, repaired)
    await consumers.attachment_checked(intake.pool, AttachmentChecked(
        application_id=uuid.UUID(app_id), attachment_id=uuid.UUID(file["id"]), kind=kind,
        code=code, message_ja="確認結果", message_en="Verdict",
        bucket=intake.accepted if code is VerdictCode.OK else intake.quarantine,
        object_key=key, sha256=file["sha256"]))


@dataclass
class Filed:
    app_id: str
    reference_number: str
    bureau: str
    pdf: dict[str, str]
    photo: dict[str, str]
    repaired: bytes
    photo_bytes: bytes


async def filed_application(intake: Intake, filer: httpx.AsyncClient) -> Filed:
    """A filed EXT application (申請完了) with a PDF documents repaired and a photo."""
    r = await filer.post("/applications", json={"procedure": "EXT",
                                                 "content": samples.ext_content()})
    assert r.status_code == 201, r.text
    app_id = str(r.json()["id"])
    photo_bytes = samples.jpeg_bytes()
    pdf = await attach(filer, app_id, "document", samples.pdf_bytes() + b"trailing junk")
    photo = await attach(filer, app_id, "photo", photo_bytes)
    repaired = samples.pdf_bytes()
    await checked(intake, app_id, pdf, VerdictCode.OK, repaired=repaired)
    await checked(intake, app_id, photo, VerdictCode.OK, AttachmentKind.PHOTO)
    r = await filer.post(f"/applications/{app_id}/file")
    assert r.status_code == 200, r.text
    # examination numbered it (申請完了), as intake mirrors the status event
    row = await intake.pool.fetchrow(
        "UPDATE applications SET status = 'filed', provisional_receipt_number = $2 "
        "WHERE id = $1 RETURNING reference_number, bureau",
        uuid.UUID(app_id), f"仮東オンEP{uuid.uuid4().int % 10**8:08d}")
    return Filed(app_id, row["reference_number"], row["bureau"], pdf, photo, repaired,
                 photo_bytes)


def other_bureau(bureau: str) -> str:
    return next(b for b in "札仙東名大広高福" if b != bureau)


async def test_an_examiner_of_the_bureau_opens_the_accepted_pdf_and_photo(intake) -> None:  # type: ignore[no-untyped-def]
    filer = await intake.staff(f"Examfiles Univ {uuid.uuid4().hex[:6]}")
    f = await filed_application(intake, filer)
    examiner = await intake.examiner(f.bureau)

    detail = (await examiner.get(f"/examiner/applications/{f.app_id}")).json()
    assert {a["id"] for a in detail["attachments"]} == {f.pdf["id"], f.photo["id"]}

    r = await examiner.get(f"/examiner/applications/{f.app_id}/attachments/{f.pdf['id']}")
    assert r.status_code == 200, r.text
    assert r.content == f.repaired  # the repaired copy, not what was uploaded
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-store"
    disposition = r.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="{f.reference_number}_document_' in disposition
    assert unquote(disposition.split("UTF-8''", 1)[1]).startswith(
        f"{f.reference_number}_書類_")

    r = await examiner.get(f"/examiner/applications/{f.app_id}/attachments/{f.photo['id']}")
    assert r.status_code == 200, r.text
    assert r.content == f.photo_bytes
    assert r.headers["content-type"] == "image/jpeg"
    assert r.headers["content-disposition"].endswith(".jpg")

    # the filer checks what they attached, the same way
    r = await filer.get(f"/applications/{f.app_id}/attachments/{f.pdf['id']}")
    assert r.status_code == 200 and r.content == f.repaired


async def test_another_bureau_or_organization_finds_no_such_file(intake) -> None:  # type: ignore[no-untyped-def]
    filer = await intake.staff(f"Examfiles Univ {uuid.uuid4().hex[:6]}")
    f = await filed_application(intake, filer)

    elsewhere = await intake.examiner(other_bureau(f.bureau))
    r = await elsewhere.get(f"/examiner/applications/{f.app_id}/attachments/{f.pdf['id']}")
    assert r.status_code == 404 and r.json()["code"] == "APPLICATION_NOT_FOUND"
    assert r.json()["message_ja"] and r.json()["message_en"]
    assert f.repaired not in r.content

    stranger = await intake.staff(f"Other Univ {uuid.uuid4().hex[:6]}")
    r = await stranger.get(f"/applications/{f.app_id}/attachments/{f.pdf['id']}")
    assert r.status_code == 404 and r.json()["code"] == "APPLICATION_NOT_FOUND"

    examiner = await intake.examiner(f.bureau)
    r = await examiner.get(f"/examiner/applications/{f.app_id}/attachments/{uuid.uuid4()}")
    assert r.status_code == 404 and r.json()["code"] == "ATTACHMENT_NOT_FOUND"
    assert r.json()["errors"][0]["field"] == "attachment_id"
    # a file of another application, through this one
    g = await filed_application(intake, filer)
    r = await examiner.get(f"/examiner/applications/{f.app_id}/attachments/{g.pdf['id']}")
    assert r.status_code == 404 and r.json()["code"] == "ATTACHMENT_NOT_FOUND"


async def test_a_file_being_checked_or_refused_cannot_be_opened(intake) -> None:  # type: ignore[no-untyped-def]
    filer = await intake.staff(f"Examfiles Univ {uuid.uuid4().hex[:6]}")
    r = await filer.post("/applications", json={"procedure": "EXT",
                                                 "content": samples.ext_content()})
    app_id = str(r.json()["id"])
    pending = await attach(filer, app_id, "document", samples.pdf_bytes())
    refused = await attach(filer, app_id, "document", samples.pdf_bytes("secret"))
    await checked(intake, app_id, refused, VerdictCode.PDF_ENCRYPTED)

    r = await filer.get(f"/applications/{app_id}/attachments/{pending['id']}")
    assert r.status_code == 409 and r.json()["code"] == "ATTACHMENT_BEING_CHECKED"
    assert r.json()["errors"][0]["field"] == "attachment_id"
    assert "確認中" in r.json()["message_ja"] and "being checked" in r.json()["message_en"]
    r = await filer.get(f"/applications/{app_id}/attachments/{refused['id']}")
    assert r.status_code == 409 and r.json()["code"] == "ATTACHMENT_REFUSED"
    assert r.json()["message_ja"] and r.json()["message_en"]


async def test_the_examiner_sees_the_filers_correction_answer_with_notes_and_files(intake) -> None:  # type: ignore[no-untyped-def]
    filer = await intake.staff(f"Examfiles Univ {uuid.uuid4().hex[:6]}")
    f = await filed_application(intake, filer)
    examiner = await intake.examiner(f.bureau)
    await intake.pool.execute("UPDATE applications SET status = 'examining' WHERE id = $1",
                              uuid.UUID(f.app_id))
    intake.clock.now += timedelta(minutes=10)
    r = await examiner.post(f"/examiner/applications/{f.app_id}/actions", json={
        "action": "request_correction", "items": ["在学証明書", "顔写真"]})
    assert r.status_code == 202, r.text
    await intake.pool.execute("UPDATE applications SET status = 'returned' WHERE id = $1",
                              uuid.UUID(f.app_id))
    shown = (await examiner.get(f"/examiner/applications/{f.app_id}")).json()["corrections"]
    assert [(c["items"], c["answer"]) for c in shown] == [(["在学証明書", "顔写真"], None)]

    intake.clock.now += timedelta(minutes=5)
    answer_pdf = samples.pdf_bytes()
    added = await attach(filer, f.app_id, "document", answer_pdf)
    r = await examiner.get(f"/examiner/applications/{f.app_id}/attachments/{added['id']}")
    assert r.status_code == 409 and r.json()["code"] == "ATTACHMENT_BEING_CHECKED"
    await checked(intake, f.app_id, added, VerdictCode.OK)
    intake.clock.now += timedelta(minutes=5)
    r = await filer.post(f"/applications/{f.app_id}/corrections", json={"items": [
        {"item": "在学証明書", "note": "最新のものを添付しました。"}]})
    assert r.status_code == 202, r.text

    shown = (await examiner.get(f"/examiner/applications/{f.app_id}")).json()["corrections"]
    assert len(shown) == 1 and shown[0]["answered_at"] is not None
    assert shown[0]["answer"] == [{"item": "在学証明書", "note": "最新のものを添付しました。"}]
    assert shown[0]["attachment_ids"] == [added["id"]]
    r = await examiner.get(f"/examiner/applications/{f.app_id}/attachments/{added['id']}")
    assert r.status_code == 200 and r.content == answer_pdf


async def test_the_queue_finds_an_application_by_any_of_its_numbers(intake) -> None:  # type: ignore[no-untyped-def]
    filer = await intake.staff(f"Examfiles Univ {uuid.uuid4().hex[:6]}")
    f, g = await filed_application(intake, filer), await filed_application(intake, filer)
    examiner = await intake.examiner(f.bureau)
    every = (await examiner.get("/examiner/applications")).json()
    assert {f.app_id, g.app_id} <= {a["id"] for a in every}

    for number in (f.reference_number, f" {f.reference_number} "):
        found = (await examiner.get("/examiner/applications", params={"number": number})).json()
        assert [a["id"] for a in found] == [f.app_id]
    provisional = next(a for a in every if a["id"] == g.app_id)["provisional_receipt_number"]
    found = (await examiner.get("/examiner/applications",
                                params={"number": provisional})).json()
    assert [a["id"] for a in found] == [g.app_id]
    assert (await examiner.get("/examiner/applications",
                               params={"number": "9999999999"})).json() == []
    elsewhere = await intake.examiner(other_bureau(f.bureau))
    assert (await elsewhere.get("/examiner/applications",
                                params={"number": f.reference_number})).json() == []
