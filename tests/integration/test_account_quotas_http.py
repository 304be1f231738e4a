"""Per-account quotas over HTTP (intake in process, the real database and object store):
a self-registered account cannot keep applications and files without limit; past a quota
the answer says what to do, and deleting an unfiled application frees room. And the limits
hold against concurrent uploads."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import IO, Any

import httpx
import pytest
from residency_devstack import samples
from residency_intake.adapters.passwords import hash_password
from residency_intake.app import create_app

PASSWORD = "Quota-Test-Pass1!"
MAX_DRAFTS, MAX_BYTES, MAX_PER_APPLICATION = 2, 1000, 800


class BothUploadsStored:
    """The real object store, except that a file is stored only once two uploads are being
    stored: both have passed the checks made before reading (bounded wait)."""

    def __init__(self, store: Any) -> None:
        self.store, self.removed = store, 0
        self.both = asyncio.Barrier(2)

    async def put(self, bucket: str, key: str, stream: IO[bytes], length: int) -> None:
        await asyncio.wait_for(self.both.wait(), 30)
        await self.store.put(bucket, key, stream, length)

    async def remove(self, bucket: str, key: str) -> None:
        self.removed += 1
        await self.store.remove(bucket, key)

    async def ready(self, bucket: str) -> bool:
        return bool(await self.store.ready(bucket))


@pytest.fixture
async def client(service_env, pool, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
                 ) -> AsyncIterator[httpx.AsyncClient]:
    service_env("intake")
    monkeypatch.setenv("INTAKE_MAX_OPEN_DRAFTS", str(MAX_DRAFTS))
    monkeypatch.setenv("INTAKE_MAX_STORED_BYTES_PER_ACCOUNT", str(MAX_BYTES))
    monkeypatch.setenv("INTAKE_MAX_TOTAL_BYTES", str(MAX_PER_APPLICATION))
    app = create_app()
    login_id = f"quota-{uuid.uuid4().hex[:8]}"
    await pool.execute(
        "INSERT INTO users (id, login_id, email, password_hash, role) "
        "VALUES ($1, $2, $3, $4, 'foreign_national')",
        uuid.uuid4(), login_id, f"{login_id}@example.com", hash_password(PASSWORD))
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://intake") as http:
        r = await http.post("/auth/token", json={"login_id": login_id, "password": PASSWORD})
        assert r.status_code == 200, r.text
        http.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
        http.app = app  # type: ignore[attr-defined]
        yield http


async def start(http: httpx.AsyncClient) -> httpx.Response:
    return await http.post("/applications", json={
        "procedure": "WRK", "content": samples.wrk_content(), "simultaneous": []})


async def attach(http: httpx.AsyncClient, app_id: str, size: int) -> httpx.Response:
    return await http.post(f"/applications/{app_id}/attachments", params={"kind": "document"},
                           files={"file": ("scan.pdf", b"%" * size, "application/pdf")})


async def test_past_the_draft_quota_a_new_application_is_refused_until_one_is_deleted(
        client: httpx.AsyncClient) -> None:
    first, second = await start(client), await start(client)
    assert first.status_code == second.status_code == 201, first.text

    refused = await start(client)
    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "TOO_MANY_DRAFTS"
    assert f"{MAX_DRAFTS}件" in body["message_ja"] and "削除" in body["message_ja"]
    assert "delete" in body["message_en"].lower() and "file" in body["message_en"].lower()

    gone = await client.delete(f"/applications/{first.json()['id']}")
    assert gone.status_code == 204, gone.text
    assert (await client.get(f"/applications/{first.json()['id']}")).status_code == 404
    assert (await start(client)).status_code == 201


async def test_past_the_storage_quota_an_upload_is_refused_until_a_draft_is_deleted(
        client: httpx.AsyncClient, pool) -> None:  # type: ignore[no-untyped-def]
    a, b = (await start(client)).json()["id"], (await start(client)).json()["id"]
    assert (await attach(client, a, 600)).status_code == 202

    refused = await attach(client, b, 600)
    assert refused.status_code == 413
    body = refused.json()
    assert body["code"] == "STORAGE_QUOTA_EXCEEDED" and body["errors"][0]["field"] == "file"
    assert "削除" in body["message_ja"] and "delete" in body["message_en"].lower()
    assert await pool.fetchval("SELECT count(*) FROM attachments WHERE application_id = $1",
                               uuid.UUID(b)) == 0

    assert (await client.delete(f"/applications/{a}")).status_code == 204
    assert await pool.fetchval("SELECT count(*) FROM object_purges WHERE object_key LIKE $1",
                               f"{a}/%") == 1  # its file is deleted in the background
    assert (await attach(client, b, 600)).status_code == 202


async def test_two_concurrent_uploads_cannot_pass_the_limits_together(
        client: httpx.AsyncClient, pool) -> None:  # type: ignore[no-untyped-def]
    app = client.app  # type: ignore[attr-defined]
    app.state.store = store = BothUploadsStored(app.state.store)
    one, other = (await start(client)).json()["id"], (await start(client)).json()["id"]

    # one application: 500 + 500 bytes > its 800; each alone fits
    answers = await asyncio.gather(attach(client, one, 500), attach(client, one, 500))
    assert sorted(a.status_code for a in answers) == [202, 413]
    assert {a.json().get("code") for a in answers if a.status_code == 413} == {"LIMIT_SIZE"}

    # the account: 500 stored + 300 + 300 > its 1000; each alone fits
    answers = await asyncio.gather(attach(client, other, 300), attach(client, other, 300))
    assert sorted(a.status_code for a in answers) == [202, 413]
    assert {a.json().get("code") for a in answers if a.status_code == 413} == {
        "STORAGE_QUOTA_EXCEEDED"}
    assert await pool.fetchval(
        "SELECT coalesce(sum(t.size), 0) FROM attachments t JOIN applications a "
        "ON a.id = t.application_id WHERE a.id = ANY($1::uuid[])",
        [uuid.UUID(one), uuid.UUID(other)]) == 800
    assert store.removed == 2  # the refused files do not stay in storage
