"""Accounts and helpers for the applications e2e tests: users of two organizations, an
individual and examiners of two bureaus, all created directly in intake's database."""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
from residency_devstack.samples import jpeg_bytes
from residency_intake.accounts.seed import create_examiner, create_staff
from residency_intake.adapters.passwords import hash_password
from residency_messaging.db import create_pool

from tests.helpers import wait_for

PASSWORD = "Apps-Test-Pass1!"


@dataclass
class People:
    staff_a: httpx.AsyncClient
    staff_a2: httpx.AsyncClient  # same organization as staff_a
    staff_b: httpx.AsyncClient  # another organization
    individual: httpx.AsyncClient
    individual2: httpx.AsyncClient
    examiner: httpx.AsyncClient  # bureau 東, where the filers are
    examiner_osaka: httpx.AsyncClient  # bureau 大
    db: asyncpg.Pool


async def _individual(pool: asyncpg.Pool, login_id: str) -> None:
    await pool.execute(
        "INSERT INTO users (id, login_id, email, password_hash, role) "
        "VALUES ($1, $2, $3, $4, 'foreign_national') ON CONFLICT (login_id) DO NOTHING",
        uuid.uuid4(), login_id, f"{login_id}@example.com", hash_password(PASSWORD))


async def signed_in(url: str, login_id: str, password: str = PASSWORD) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=url, timeout=30)
    r = await client.post("/auth/token", json={"login_id": login_id, "password": password})
    assert r.status_code == 200, r.text
    client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
    return client


async def people(url: str, database_url: str) -> AsyncIterator[People]:
    pool = await create_pool(database_url)
    tag = uuid.uuid4().hex[:8]
    logins = {k: f"apps-{k}-{tag}" for k in ("a", "a2", "b", "i", "i2", "e", "eo")}
    for key, org in (("a", "A"), ("a2", "A"), ("b", "B")):
        await create_staff(pool, login_id=logins[key], email=f"{logins[key]}@example.ac.jp",
                           password=PASSWORD, organization=f"Apps University {org} {tag}")
    await _individual(pool, logins["i"])
    await _individual(pool, logins["i2"])
    await create_examiner(pool, login_id=logins["e"], email="ex@example.go.jp",
                          password=PASSWORD, bureau="東")
    await create_examiner(pool, login_id=logins["eo"], email="ex-o@example.go.jp",
                          password=PASSWORD, bureau="大")
    clients = [await signed_in(url, logins[k]) for k in ("a", "a2", "b", "i", "i2", "e", "eo")]
    try:
        yield People(*clients, db=pool)
    finally:
        for c in clients:
            await c.aclose()
        await pool.close()


async def create(client: httpx.AsyncClient, procedure: str, content: dict[str, Any],
                 simultaneous: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    r = await client.post("/applications", json={
        "procedure": procedure, "content": content, "simultaneous": simultaneous or []})
    assert r.status_code == 201, r.text
    return dict(r.json())


async def file(client: httpx.AsyncClient, app_id: str) -> dict[str, Any]:
    r = await client.post(f"/applications/{app_id}/file")
    assert r.status_code == 200, r.text
    return dict(r.json())


async def attach_photo(client: httpx.AsyncClient, app_id: str) -> None:
    r = await client.post(f"/applications/{app_id}/attachments", params={"kind": "photo"},
                          files={"file": ("face.jpg", jpeg_bytes(), "image/jpeg")})
    assert r.status_code == 202, r.text

    async def checked() -> bool:
        body = (await client.get(f"/applications/{app_id}")).json()
        return all(f["code"] == "OK" for f in body["attachments"])

    await wait_for(checked, what="photo verdict")


def codes(response: httpx.Response) -> list[tuple[str | None, str]]:
    """(field, code) of every error of a 4xx answer, after checking its shape."""
    body = response.json()
    assert 400 <= response.status_code < 500, response.text
    assert body["code"] and body["message_ja"] and body["message_en"], body
    return [(e["field"], e["code"]) for e in body["errors"]]
