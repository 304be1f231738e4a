"""intake's one request-size limit (bodylimit.BodyLimit), in front of small routes that read
their body the ways intake's routes do: a JSON model, a multipart file streamed with a limit of
its own (as the upload routes do), and a form. Oversized bodies get 413 with a code, the field and
JA/EN messages — also when sent in chunks without Content-Length — and the route never sees more
than the limit."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from pydantic import BaseModel
from residency_intake import errors
from residency_intake.adapters.uploads import TooLarge, receive_file
from residency_intake.bodylimit import BodyLimit, read_limited
from residency_intake.errors import ApiError
from residency_intake.settings import IntakeSettings

KIB, MIB = 1024, 1024 * 1024
SETTINGS = IntakeSettings(  # type: ignore[call-arg]
    hash_secret="x", database_url="postgresql://unused", s3_access_key="x", s3_secret_key="x",
    mail_sealing_key="x", max_json_bytes=16 * KIB, max_form_field_bytes=4 * KIB,
    max_form_parts=4)
SEEN: dict[str, int] = {}


class Note(BaseModel):
    text: str


def build() -> FastAPI:
    app = FastAPI()
    errors.install(app)
    app.add_middleware(BodyLimit, settings=SETTINGS)

    @app.post("/notes")
    async def notes(note: Note) -> dict[str, int]:
        SEEN["notes"] = len(note.text)
        return {"length": len(note.text)}

    @app.post("/raw")
    async def raw(request: Request) -> dict[str, int]:
        return {"length": len(await read_limited(request.stream(), 2 * KIB))}

    @app.post("/upload")
    async def upload(request: Request) -> dict[str, int]:
        try:
            got = await receive_file(request.headers["content-type"], request.stream(),
                                     SETTINGS.max_total_bytes)
        except TooLarge:
            raise ApiError(413, "LIMIT_SIZE", field="file", megabytes=25) from None
        except Exception:
            raise ApiError(400, "BAD_UPLOAD", field="file") from None
        SEEN["upload"] = got.size
        return {"size": got.size}

    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    SEEN.clear()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=build()),
                                 base_url="http://intake") as c:
        yield c


def refusal(r: httpx.Response) -> tuple[int, str, Any]:
    body = r.json()
    assert body["message_ja"] and body["message_en"], body
    (error,) = body["errors"]
    assert error["message_ja"] and error["message_en"]
    return r.status_code, body["code"], error["field"]


async def chunks(data: bytes, size: int = 8 * KIB) -> AsyncIterator[bytes]:
    for i in range(0, len(data), size):
        yield data[i:i + size]


def multipart(*parts: tuple[str, str | None, bytes], boundary: str = "limitb") -> bytes:
    out = b""
    for name, filename, data in parts:
        file = f'; filename="{filename}"' if filename else ""
        out += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"{file}\r\n\r\n'
                ).encode() + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


FORM = {"content-type": "multipart/form-data; boundary=limitb"}


async def test_a_json_body_within_the_limit_reaches_the_route(client: httpx.AsyncClient) -> None:
    r = await client.post("/notes", json={"text": "x" * (15 * KIB)})
    assert r.status_code == 200 and r.json() == {"length": 15 * KIB}


async def test_an_oversized_json_body_is_refused_with_413_before_the_route_runs(
        client: httpx.AsyncClient) -> None:
    r = await client.post("/notes", json={"text": "x" * (17 * KIB)})
    assert refusal(r) == (413, "REQUEST_TOO_LARGE", "body")
    assert "16 KB" in r.json()["message_en"]
    assert "notes" not in SEEN


async def test_an_oversized_chunked_body_without_content_length_is_refused_while_read(
        client: httpx.AsyncClient) -> None:
    body = b'{"text": "' + b"x" * (64 * KIB) + b'"}'
    r = await client.post("/notes", content=chunks(body),
                          headers={"content-type": "application/json"})
    assert "content-length" not in r.request.headers
    assert refusal(r) == (413, "REQUEST_TOO_LARGE", "body")
    assert "notes" not in SEEN


async def test_a_body_of_another_type_is_limited_like_json(client: httpx.AsyncClient) -> None:
    r = await client.post("/notes", content=b"x" * (17 * KIB),
                          headers={"content-type": "text/plain"})
    assert refusal(r) == (413, "REQUEST_TOO_LARGE", "body")


async def test_a_route_reading_a_small_body_itself_refuses_past_its_own_limit(
        client: httpx.AsyncClient) -> None:
    assert (await client.post("/raw", content=b"x" * (2 * KIB))).json() == {"length": 2 * KIB}
    r = await client.post("/raw", content=chunks(b"x" * (3 * KIB), 512))
    assert refusal(r) == (413, "REQUEST_TOO_LARGE", "body")


async def test_an_oversized_multipart_text_field_is_refused_naming_the_field(
        client: httpx.AsyncClient) -> None:
    body = multipart(("note", None, b"x" * (5 * KIB)), ("file", "a.pdf", b"%PDF-1.7 small"))
    r = await client.post("/upload", content=chunks(body), headers=FORM)
    assert refusal(r) == (413, "FORM_FIELD_TOO_LARGE", "note")
    assert "upload" not in SEEN


async def test_a_text_field_within_the_limit_and_a_file_reach_the_route(
        client: httpx.AsyncClient) -> None:
    body = multipart(("note", None, b"x" * (4 * KIB)), ("file", "a.pdf", b"%PDF-1.7 small"))
    r = await client.post("/upload", content=chunks(body), headers=FORM)
    assert r.status_code == 200 and r.json() == {"size": 14}


async def test_a_25_mb_file_passes_and_the_routes_own_limit_answers_first_above_it(
        client: httpx.AsyncClient) -> None:
    limit = SETTINGS.max_total_bytes
    r = await client.post("/upload", content=chunks(multipart(("file", "a.pdf", bytes(limit))),
                                                    256 * KIB), headers=FORM)
    assert r.status_code == 200 and r.json() == {"size": limit}
    r = await client.post("/upload", content=chunks(
        multipart(("file", "a.pdf", bytes(limit + 1))), 256 * KIB), headers=FORM)
    assert refusal(r) == (413, "LIMIT_SIZE", "file")


async def test_a_file_part_past_the_generic_limit_is_refused_on_any_route(
        client: httpx.AsyncClient) -> None:
    body = multipart(("other", "big.bin", bytes(SETTINGS.max_file_part_bytes + 1)))
    r = await client.post("/upload", content=chunks(body, 256 * KIB), headers=FORM)
    assert refusal(r) == (413, "FILE_TOO_LARGE", "other")


async def test_too_many_parts_are_refused(client: httpx.AsyncClient) -> None:
    body = multipart(*((f"f{i}", None, b"x") for i in range(5)))
    r = await client.post("/upload", content=chunks(body, 64), headers=FORM)
    assert refusal(r) == (413, "FORM_TOO_MANY_PARTS", "body")


def test_the_file_part_limit_must_stay_above_the_upload_routes_limits() -> None:
    with pytest.raises(ValueError, match="INTAKE_MAX_FILE_PART_BYTES"):
        IntakeSettings(hash_secret="x", database_url="postgresql://unused",  # type: ignore[call-arg,arg-type]
                       s3_access_key="x", s3_secret_key="x", mail_sealing_key="x",
                       max_file_part_bytes=25 * MIB)
