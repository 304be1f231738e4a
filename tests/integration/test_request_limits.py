"""The request-size limits and the bulk zip-bomb checks on the real app: refused with 413/422,
a code, the field and JA/EN messages, and intake keeps answering meanwhile."""

import asyncio
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from residency_intake.accounts.seed import create_staff

from tests import bombs
from tests.integration.intake_app import intake

__all__ = ["intake"]  # the session's app (a fixture)
PASSWORD = "Integration-Pass1!"
KIB = 1024


@pytest.fixture
async def staff(pool, intake) -> dict[str, str]:  # type: ignore[no-untyped-def]
    tag = uuid.uuid4().hex[:8]
    await create_staff(pool, login_id=f"limits-{tag}", email=f"{tag}@example.ac.jp",
                       password=PASSWORD, organization=f"Limits Univ {tag}")
    r = await intake.post("/auth/token", json={"login_id": f"limits-{tag}",
                                               "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"authorization": f"Bearer {r.json()['access_token']}"}


def refusal(r: httpx.Response) -> tuple[int, str, str | None]:
    body = r.json()
    (error,) = body["errors"]
    assert body["message_ja"] and body["message_en"] and error["message_ja"], body
    return r.status_code, body["code"], error["field"]


async def test_an_oversized_chunked_login_body_is_refused_while_read(intake) -> None:  # type: ignore[no-untyped-def]
    async def body() -> AsyncIterator[bytes]:
        yield b'{"login_id": "x", "password": "'
        for _ in range(2 * KIB):
            yield b"p" * KIB
        yield b'"}'

    r = await intake.post("/auth/token", content=body(),
                          headers={"content-type": "application/json"})
    assert "content-length" not in r.request.headers
    assert refusal(r) == (413, "REQUEST_TOO_LARGE", "body")


async def test_an_oversized_text_part_next_to_a_bulk_file_is_refused(intake, staff) -> None:  # type: ignore[no-untyped-def]
    r = await intake.post("/bulk/EXT", headers=staff, data={"note": "n" * (100 * KIB)},
                          files={"file": ("a.csv", b"a,b\r\n1,2\r\n", "text/csv")})
    assert refusal(r) == (413, "FORM_FIELD_TOO_LARGE", "note")


async def test_a_bulk_file_at_its_5_mb_limit_is_read_by_the_route_not_cut_by_the_generic_limit(
        intake, staff) -> None:  # type: ignore[no-untyped-def]
    r = await intake.post("/bulk/EXT", headers=staff,
                          files={"file": ("a.csv", b"a" * (5 * 1024 * 1024), "text/csv")})
    assert r.status_code == 422 and r.json()["code"] != "FILE_TOO_LARGE", r.text
    r = await intake.post("/bulk/EXT", headers=staff,
                          files={"file": ("a.csv", b"a" * (5 * 1024 * 1024 + 1), "text/csv")})
    assert refusal(r) == (413, "BULK_FILE_TOO_LARGE", "file")


async def test_xlsx_bombs_are_refused_and_intake_keeps_answering(intake, staff) -> None:  # type: ignore[no-untyped-def]
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    async def send(data: bytes) -> httpx.Response:
        return await intake.post("/bulk/EXT", headers=staff,
                                 files={"file": ("bomb.xlsx", data, xlsx)})

    bomb, lying = bombs.shared_strings_bomb(200), bombs.lying_bomb(64)
    answers = await asyncio.gather(send(bomb), send(lying),
                                   *(intake.get("/healthz") for _ in range(5)))
    assert refusal(answers[0]) == (422, "BULK_XLSX_TOO_BIG", "file")
    assert refusal(answers[1]) == (422, "BULK_NOT_CSV_OR_XLSX", "file")
    assert [r.status_code for r in answers[2:]] == [200] * 5
    r = await send(bombs.template_xlsx(3))
    assert r.status_code == 201 and r.json()["count"] == 3, r.text[:300]
