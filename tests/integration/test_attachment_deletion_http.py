"""A filer deletes an attached file (操作マニュアル: 添付した資料を削除するには[削除]) while the
filing can still change, so a refused file no longer blocks the filing. Over HTTP, intake in
process on a database of this test module's own (no intake process relays its outbox, so the
verdicts are the ones simulated here) and the real object store."""

import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

import asyncpg
import httpx
import pytest
from residency_contracts import AttachmentChecked, AttachmentKind, Procedure, VerdictCode
from residency_devstack import samples
from residency_intake import consumers, purge
from residency_intake.accounts.seed import create_staff
from residency_intake.app import create_app
from residency_intake.bulk import templates
from residency_messaging.objectstore import Store as ObjectStore

from tests.integration.accounts_kit import T0
from tests.integration.intake_http import (
    MovableClock,
    client,
    intake_settings,
    own_intake_database,
)

PASSWORD = "Integration-Pass1!"
MAX_FILES = 3


@dataclass
class Intake:
    pool: asyncpg.Pool
    clock: MovableClock
    store: ObjectStore
    quarantine: str
    login: Callable[[str], Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def own_pool(stack, sealer) -> AsyncIterator[asyncpg.Pool]:  # type: ignore[no-untyped-def]
    async with own_intake_database(stack, sealer, "detach") as pool:
        yield pool


@pytest.fixture
async def intake(stack, own_pool, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
                 ) -> AsyncIterator[Intake]:
    settings = intake_settings(stack, monkeypatch, max_files=str(MAX_FILES))
    clock = MovableClock()
    app = create_app(settings, clock=clock)
    async with client(app, own_pool) as http:
        async def login(organization: str) -> httpx.AsyncClient:
            """A staff member of `organization` (seeded: access approved), logged in."""
            tag = uuid.uuid4().hex[:8]
            await create_staff(own_pool, login_id=f"detach-{tag}", email=f"{tag}@example.ac.jp",
                               password=PASSWORD, organization=organization)
            r = await http.post("/auth/token", json={"login_id": f"detach-{tag}",
                                                     "password": PASSWORD})
            assert r.status_code == 200, r.text
            session = httpx.AsyncClient(transport=http._transport, base_url=http.base_url,
                                        headers={"Authorization":
                                                 f"Bearer {r.json()['access_token']}"})
            sessions.append(session)
            return session

        sessions: list[httpx.AsyncClient] = []
        try:
            yield Intake(own_pool, clock, app.state.store, settings.quarantine_bucket, login)
        finally:
            for s in sessions:
                await s.aclose()


async def start(http: httpx.AsyncClient) -> str:
    r = await http.post("/applications", json={"procedure": "WRK",
                                               "content": samples.wrk_content()})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def attach(http: httpx.AsyncClient, path: str, data: bytes) -> httpx.Response:
    return await http.post(f"{path}/attachments", params={"kind": "document"},
                           files={"file": ("scan.pdf", data, "application/pdf")})


async def checked(intake: Intake, app_id: str, file: dict[str, object],
                  code: VerdictCode) -> None:
    """documents' verdict, as it arrives on intake's consumer (a refused file stays in
    quarantine; an accepted one is named in `accepted`)."""
    await consumers.attachment_checked(intake.pool, AttachmentChecked(
        application_id=uuid.UUID(app_id), attachment_id=uuid.UUID(str(file["id"])),
        kind=AttachmentKind.DOCUMENT, code=code, message_ja="確認結果", message_en="Verdict",
        bucket=intake.quarantine if code is not VerdictCode.OK else "accepted",
        object_key=f"{app_id}/{file['id']}", sha256=str(file["sha256"])))


async def stored(intake: Intake, app_id: str, file_id: str) -> bool:
    try:
        await intake.store.read(intake.quarantine, f"{app_id}/{file_id}")
    except KeyError:
        return False
    return True


async def test_deleting_the_refused_file_lets_the_same_application_be_filed(intake) -> None:  # type: ignore[no-untyped-def]
    http = await intake.login(f"Detach Univ {uuid.uuid4().hex[:6]}")
    app_id = await start(http)
    refused = (await attach(http, f"/applications/{app_id}", samples.pdf_bytes("secret"))).json()
    good = (await attach(http, f"/applications/{app_id}", samples.pdf_bytes())).json()
    await checked(intake, app_id, refused, VerdictCode.PDF_ENCRYPTED)
    await checked(intake, app_id, good, VerdictCode.OK)
    blocked = await http.post(f"/applications/{app_id}/file")
    assert blocked.status_code == 422 and blocked.json()["code"] == "CANNOT_FILE"
    assert await stored(intake, app_id, refused["id"])

    gone = await http.delete(f"/applications/{app_id}/attachments/{refused['id']}")
    assert gone.status_code == 204, gone.text
    shown = (await http.get(f"/applications/{app_id}")).json()["attachments"]
    assert [a["id"] for a in shown] == [good["id"]]
    again = await http.delete(f"/applications/{app_id}/attachments/{refused['id']}")
    assert again.status_code == 404 and again.json()["code"] == "ATTACHMENT_NOT_FOUND"

    filed = await http.post(f"/applications/{app_id}/file")
    assert filed.status_code == 200, filed.text
    assert filed.json()["reference_number"]

    # its stored file is deleted by the purge (it already has its verdict: due at once)
    await purge.purge_due(intake.pool, intake.store, intake.quarantine,
                          intake.clock.now, timedelta(hours=1))
    assert not await stored(intake, app_id, refused["id"])


async def test_a_deleted_file_counts_toward_the_limits_no_more(intake) -> None:  # type: ignore[no-untyped-def]
    http = await intake.login(f"Detach Univ {uuid.uuid4().hex[:6]}")
    app_id = await start(http)
    files = [(await attach(http, f"/applications/{app_id}", samples.pdf_bytes())).json()
             for _ in range(MAX_FILES)]
    full = await attach(http, f"/applications/{app_id}", samples.pdf_bytes())
    assert full.status_code == 422 and full.json()["code"] == "LIMIT_FILES"

    # still being checked: it can go too
    assert (await http.delete(f"/applications/{app_id}/attachments/{files[0]['id']}")
            ).status_code == 204
    assert (await attach(http, f"/applications/{app_id}", samples.pdf_bytes())
            ).status_code == 202


async def test_someone_elses_file_is_not_found(intake) -> None:  # type: ignore[no-untyped-def]
    owner = await intake.login(f"Detach Univ {uuid.uuid4().hex[:6]}")
    other = await intake.login(f"Other Univ {uuid.uuid4().hex[:6]}")
    app_id, others_app = await start(owner), await start(other)
    file = (await attach(owner, f"/applications/{app_id}", samples.pdf_bytes())).json()

    r = await other.delete(f"/applications/{app_id}/attachments/{file['id']}")
    assert r.status_code == 404 and r.json()["code"] == "APPLICATION_NOT_FOUND"
    assert r.json()["message_ja"] and r.json()["message_en"]
    # nor through their own application
    r = await other.delete(f"/applications/{others_app}/attachments/{file['id']}")
    assert r.status_code == 404 and r.json()["code"] == "ATTACHMENT_NOT_FOUND"
    assert r.json()["errors"][0]["field"] == "attachment_id"
    shown = (await owner.get(f"/applications/{app_id}")).json()["attachments"]
    assert [a["id"] for a in shown] == [file["id"]]


async def test_once_filed_only_files_added_for_an_open_correction_answer_can_go(intake) -> None:  # type: ignore[no-untyped-def]
    http = await intake.login(f"Detach Univ {uuid.uuid4().hex[:6]}")
    app_id = await start(http)
    sent = (await attach(http, f"/applications/{app_id}", samples.pdf_bytes())).json()
    await checked(intake, app_id, sent, VerdictCode.OK)
    assert (await http.post(f"/applications/{app_id}/file")).status_code == 200

    r = await http.delete(f"/applications/{app_id}/attachments/{sent['id']}")
    assert r.status_code == 409 and r.json()["code"] == "ALREADY_FILED"
    assert r.json()["message_ja"] and r.json()["message_en"]

    # the examiner asks for a correction (返却中), as intake records it
    intake.clock.now = T0 + timedelta(minutes=10)
    await intake.pool.execute("UPDATE applications SET status = 'returned' WHERE id = $1",
                              uuid.UUID(app_id))
    await intake.pool.execute(
        "INSERT INTO correction_requests (id, application_id, items, requested_at) "
        "VALUES ($1, $2, $3, $4)", uuid.uuid4(), uuid.UUID(app_id),
        json.dumps(["在学証明書"]), intake.clock.now)
    intake.clock.now += timedelta(minutes=5)
    r = await attach(http, f"/applications/{app_id}", samples.pdf_bytes("x"))
    assert r.status_code == 202, r.text
    added = r.json()

    r = await http.delete(f"/applications/{app_id}/attachments/{sent['id']}")
    assert r.status_code == 409 and r.json()["code"] == "ATTACHMENT_ALREADY_SENT"
    assert "削除" in r.json()["message_ja"] and "deleted" in r.json()["message_en"]
    r = await http.delete(f"/applications/{app_id}/attachments/{added['id']}")
    assert r.status_code == 204, r.text
    shown = (await http.get(f"/applications/{app_id}")).json()["attachments"]
    assert [a["id"] for a in shown] == [sent["id"]]


async def test_a_verdict_arriving_after_the_file_was_deleted_changes_nothing(intake) -> None:  # type: ignore[no-untyped-def]
    http = await intake.login(f"Detach Univ {uuid.uuid4().hex[:6]}")
    app_id = await start(http)
    file = (await attach(http, f"/applications/{app_id}", samples.pdf_bytes())).json()
    assert (await http.delete(f"/applications/{app_id}/attachments/{file['id']}")
            ).status_code == 204
    grace = timedelta(hours=1)
    # still being checked: the purge waits for its verdict (documents may be moving it)
    assert await purge.purge_due(intake.pool, intake.store, intake.quarantine,
                                 intake.clock.now, grace) == 0
    assert await stored(intake, app_id, file["id"])

    await checked(intake, app_id, file, VerdictCode.PDF_ENCRYPTED)  # no error: nothing to show
    assert (await http.get(f"/applications/{app_id}")).json()["attachments"] == []
    assert await intake.pool.fetchval("SELECT count(*) FROM attachments WHERE id = $1",
                                      uuid.UUID(file["id"])) == 0
    assert await purge.purge_due(intake.pool, intake.store, intake.quarantine,
                                 intake.clock.now, grace) == 1
    assert not await stored(intake, app_id, file["id"])
    assert (await http.post(f"/applications/{app_id}/file")).status_code == 200


async def test_a_bulk_rows_file_and_a_periodic_reports_pdf_can_be_deleted(intake) -> None:  # type: ignore[no-untyped-def]
    http = await intake.login(f"Detach Univ {uuid.uuid4().hex[:6]}")
    csv = templates.to_csv(Procedure.EXT,
                           [templates.cells_of(Procedure.EXT, samples.ext_content())])
    r = await http.post("/bulk/EXT", files={"file": ("rows.csv", csv, "text/csv")})
    assert r.status_code == 201, r.text
    photo = await http.post("/bulk/EXT/rows/1/attachments", params={"kind": "photo"},
                            files={"file": ("me.jpg", samples.jpeg_bytes(), "image/jpeg")})
    assert photo.status_code == 202, photo.text
    r = await http.delete(f"/bulk/EXT/rows/1/attachments/{photo.json()['id']}")
    assert r.status_code == 204, r.text
    assert (await http.get("/bulk/EXT")).json()["rows"][0]["attachments"] == []

    r = await http.post("/organizations/periodic-reports", json={
        "phone": "0312345678", "foreign_nationals_count": 3})
    assert r.status_code == 201, r.text
    report = r.json()["id"]
    pdf = (await attach(http, f"/organizations/filings/{report}", samples.pdf_bytes())).json()
    r = await http.delete(f"/organizations/filings/{report}/attachments/{pdf['id']}")
    assert r.status_code == 204, r.text
    assert (await http.get(f"/organizations/filings/{report}")).json()["attachments"] == []
