"""GET /organizations/filings: a staff member finds their usage requests (利用申出) and their
organization's periodic reports (定期報告) again after logging out, with status, numbers and
dates; nobody else's are listed. Over HTTP, intake in process on the real database."""

import itertools
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import asyncpg
import httpx
import pytest
from residency_contracts import ApplicationStatus, ApplicationStatusChanged, Procedure
from residency_intake.accounts.seed import create_staff
from residency_intake.adapters.passwords import hash_password
from residency_intake.app import create_app
from residency_intake.organizations.subscriber import status_changed

from tests.integration.accounts_kit import T0
from tests.integration.intake_http import client, intake_settings

PASSWORD = "Integration-Pass1!"
NEW = {"kind": "new", "bureau": "東", "organization": {
    "name": "Sample Filing College", "address": "1-1 Sample-cho", "phone": "0312345678"}}
REPORT = {"phone": "0312345678", "foreign_nationals_count": 7}

@pytest.fixture
async def http(stack, pool, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
               ) -> AsyncIterator[httpx.AsyncClient]:
    ticks = itertools.count()
    app = create_app(intake_settings(stack, monkeypatch),
                     clock=lambda: T0 + timedelta(seconds=next(ticks)))  # later, call by call
    async with client(app, pool) as c:
        yield c


async def new_staff(pool: asyncpg.Pool) -> str:
    """A staff member of no organization yet: their login id."""
    login_id = f"filer-{uuid.uuid4().hex[:10]}"
    await pool.execute(
        "INSERT INTO users (id, login_id, email, password_hash, role) "
        "VALUES ($1,$2,$3,$4,'organization_staff')", uuid.uuid4(), login_id,
        f"{login_id}@example.ac.jp", hash_password(PASSWORD))
    return login_id


async def sign_in(http: httpx.AsyncClient, login_id: str) -> dict[str, str]:
    r = await http.post("/auth/token", json={"login_id": login_id, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def listed(http: httpx.AsyncClient, auth: dict[str, str], query: str = ""
                 ) -> list[dict[str, Any]]:
    r = await http.get("/organizations/filings" + query, headers=auth)
    assert r.status_code == 200, r.text
    return list(r.json())


def ids(rows: list[dict[str, Any]]) -> list[str]:
    return [row["id"] for row in rows]


async def examined(pool: asyncpg.Pool, app_id: str, status: ApplicationStatus,
                   procedure: Procedure, n: int) -> None:
    """Filed and decided elsewhere (documents, examination): its numbers and the status event
    intake's subscriber receives."""
    filed_at = T0 + timedelta(days=n)
    await pool.execute(
        "UPDATE applications SET state = 'submitted', status = $2, filed_at = $3, "
        "reference_number = $4, provisional_receipt_number = $5, receipt_number = $6 "
        "WHERE id = $1", uuid.UUID(app_id), status, filed_at, f"{n:010d}",
        f"仮東オンUR2600000{n}", f"東オンUR2600000{n}")
    org = await pool.fetchval("SELECT organization_id FROM applications WHERE id = $1",
                              uuid.UUID(app_id))
    await status_changed(pool, ApplicationStatusChanged(
        event_id=uuid.uuid4(), application_id=uuid.UUID(app_id), sequence=4,
        procedure=procedure, organization_id=org, previous_status=ApplicationStatus.EXAMINING,
        status=status, occurred_at=filed_at), 365)


async def test_a_usage_request_in_progress_is_listed_again_after_logging_out(
        http, pool) -> None:  # type: ignore[no-untyped-def]
    filer = await new_staff(pool)
    auth = await sign_in(http, filer)
    assert await listed(http, auth) == []
    r = await http.post("/organizations/usage-requests", json=NEW, headers=auth)
    assert r.status_code == 201, r.text
    started = r.json()["id"]
    assert (await http.post("/auth/logout", headers=auth)).status_code == 204

    auth = await sign_in(http, filer)  # a new session knows nothing of the old one
    r = await http.post("/organizations/usage-requests", json=NEW, headers=auth)
    assert r.status_code == 409 and r.json()["code"] == "USAGE_REQUEST_EXISTS"
    [row] = await listed(http, auth)
    assert row["id"] == started
    assert (row["procedure"], row["kind"], row["state"], row["status"]) == (
        "USE", "new", "draft", None)
    assert row["in_progress"] and row["filed_by_you"]
    assert row["created_at"] and row["reference_number"] is None
    # the id found in the list opens the filing where attachments and filing go on
    assert (await http.get(f"/organizations/filings/{started}", headers=auth)).status_code == 200

    await examined(pool, started, ApplicationStatus.COMPLETED, Procedure.USE, 1)
    [row] = await listed(http, auth)
    assert (row["state"], row["status"], row["status_ja"]) == ("submitted", "completed", "完了")
    assert not row["in_progress"]
    assert (row["reference_number"], row["provisional_receipt_number"],
            row["receipt_number"]) == ("0000000001", "仮東オンUR26000001", "東オンUR26000001")
    assert row["filed_at"].startswith("2026-04-02T09:00")


async def test_the_organizations_filings_are_listed_to_its_staff_and_to_nobody_else(
        http, pool) -> None:  # type: ignore[no-untyped-def]
    founder, outsider, stranger = [await new_staff(pool) for _ in range(3)]
    founder_auth = await sign_in(http, founder)
    use = (await http.post("/organizations/usage-requests", json=NEW,
                           headers=founder_auth)).json()
    await examined(pool, use["id"], ApplicationStatus.COMPLETED, Procedure.USE, 2)
    founder_auth = await sign_in(http, founder)  # now a member of the approved organization

    # An outsider's additional request is theirs alone until approved.
    outsider_auth = await sign_in(http, outsider)
    r = await http.post("/organizations/usage-requests", headers=outsider_auth, json={
        "kind": "additional", "organization_id": use["organization_id"],
        "first_request_office": "オンライン申請"})
    assert r.status_code == 201, r.text
    joining = r.json()["id"]
    assert ids(await listed(http, outsider_auth)) == [joining]
    assert ids(await listed(http, founder_auth)) == [use["id"]]

    report = (await http.post("/organizations/periodic-reports", json=REPORT,
                              headers=founder_auth)).json()["id"]
    assert ids(await listed(http, founder_auth)) == [report, use["id"]]
    assert ids(await listed(http, founder_auth, "?procedure=RPT")) == [report]
    assert ids(await listed(http, outsider_auth)) == [joining]  # not the organization's report

    await examined(pool, joining, ApplicationStatus.COMPLETED, Procedure.USE, 3)
    outsider_auth = await sign_in(http, outsider)  # now a member too
    newest_first = [report, joining, use["id"]]
    assert ids(await listed(http, founder_auth)) == newest_first
    rows = await listed(http, outsider_auth)
    assert ids(rows) == newest_first
    mine = {row["id"]: row["filed_by_you"] for row in rows}
    assert mine == {report: False, joining: True, use["id"]: False}
    assert [row["in_progress"] for row in rows] == [True, False, False]

    # Another organization's staff and a staff member of none see none of it.
    tag = uuid.uuid4().hex[:8]
    await create_staff(pool, login_id=f"other-{tag}", email=f"other-{tag}@example.ac.jp",
                       password=PASSWORD, organization=f"Other Univ {tag}")
    other_auth = await sign_in(http, f"other-{tag}")
    other_report = (await http.post("/organizations/periodic-reports", json=REPORT,
                                    headers=other_auth)).json()["id"]
    assert ids(await listed(http, other_auth)) == [other_report]
    assert other_report not in ids(await listed(http, founder_auth))
    assert await listed(http, await sign_in(http, stranger)) == []


async def test_the_filings_list_refuses_an_unknown_procedure_with_a_field_error(
        http, pool) -> None:  # type: ignore[no-untyped-def]
    auth = await sign_in(http, await new_staff(pool))
    r = await http.get("/organizations/filings?procedure=EXT", headers=auth)
    assert r.status_code == 422
    [error] = r.json()["errors"]
    assert error["field"] == "procedure" and error["message_ja"] and error["message_en"]
    assert (await http.get("/organizations/filings")).status_code == 401
