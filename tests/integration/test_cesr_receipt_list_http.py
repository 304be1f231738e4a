"""受領登録一覧 over HTTP (manual §7.4): GET /cesr-receipts lists the certificates waiting for
their receipt, each with 受領登録依頼日時 (`cesr_issued_at`) and 受領登録日時
(`cesr_registered_at`); with `include_registered=true` the registered ones stay listed after
them (受領登録済), and without it the list is what it was. intake in process on a database of
this test module's own."""

import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import asyncpg
import pytest
from residency_intake.accounts.seed import create_staff
from residency_intake.app import create_app

from tests.integration.accounts_kit import T0
from tests.integration.intake_http import client, intake_settings, own_intake_database

PASSWORD = "Integration-Pass1!"
LATER = T0 + timedelta(hours=1)  # within the session


@pytest.fixture
async def own_pool(stack, sealer) -> AsyncIterator[asyncpg.Pool]:  # type: ignore[no-untyped-def]
    async with own_intake_database(stack, sealer, "cesrlist") as pool:
        yield pool


async def _issued_coe(pool: asyncpg.Pool, organization_id: uuid.UUID, user_id: uuid.UUID,
                      number: str) -> str:
    app_id = uuid.uuid4()
    await pool.execute(
        "INSERT INTO applications (id, procedure, organization_id, created_by, content, bureau,"
        " created_at, state, cesr_number, cesr_issued_at) "
        "VALUES ($1, 'COE', $2, $3, '{}', '東', $4, 'submitted', $5, $4)",
        app_id, organization_id, user_id, T0, number)
    return str(app_id)


async def test_the_receipt_list_keeps_registered_certificates_with_both_dates_when_asked(  # type: ignore[no-untyped-def]
        stack, own_pool, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = intake_settings(stack, monkeypatch)
    now = [T0]
    app = create_app(settings, clock=lambda: now[0])
    async with client(app, own_pool) as http:
        user_id = await create_staff(own_pool, login_id="cesrlist-1", email="l1@example.ac.jp",
                                     password=PASSWORD, organization="CESR List University")
        org_id = await own_pool.fetchval("SELECT organization_id FROM users WHERE id = $1",
                                         user_id)
        token = (await http.post("/auth/token", json={"login_id": "cesrlist-1",
                                                      "password": PASSWORD})).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        registered = await _issued_coe(own_pool, org_id, user_id, "TKY-T-LIST0001")
        waiting = await _issued_coe(own_pool, org_id, user_id, "TKY-T-LIST0002")

        now[0] = LATER
        r = await http.post(f"/applications/{registered}/cesr-receipt", headers=headers)
        assert r.status_code == 200, r.text

        listed = (await http.get("/cesr-receipts", headers=headers)).json()
        assert [(c["application_id"], c["cesr_registered_at"]) for c in listed] == [
            (waiting, None)]
        r = await http.get("/cesr-receipts", params={"include_registered": "true"},
                           headers=headers)
        assert r.status_code == 200, r.text
        rows = [(c["application_id"], c["cesr_number"], c["cesr_issued_at"] is not None,
                 c["cesr_registered_at"]) for c in r.json()]
        assert [row[:3] for row in rows] == [(waiting, "TKY-T-LIST0002", True),
                                             (registered, "TKY-T-LIST0001", True)]
        assert rows[0][3] is None
        assert datetime.fromisoformat(rows[1][3].replace("Z", "+00:00")) == LATER
