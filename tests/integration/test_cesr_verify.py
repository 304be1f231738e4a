"""POST /cesr/verify on the real app: a number alone says issued and still valid — nothing
more, and no longer genuine once expired; a PDF proves the rest; bodies are bounded while read
and the PDF is parsed in a bounded sandbox worker."""

import hashlib
import io
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import asyncpg
from reportlab.pdfgen import canvas

from tests.integration.intake_app import CERT, KEY, intake, running_intake

NOW = datetime.now(UTC)
__all__ = ["intake"]  # the session's app (a fixture)
NUMBER_ONLY = {"genuine", "cesr_number", "issued", "expired", "problems"}


def unsigned_pdf(number: str) -> bytes:
    buf = io.BytesIO()
    page = canvas.Canvas(buf, invariant=1)
    page.setSubject(number)
    page.drawString(60, 780, "test certificate")
    page.showPage()
    page.save()
    return buf.getvalue()


async def signed_pdf(number: str) -> bytes:
    from residency_examination.cesr_pdf import sign

    return await sign(unsigned_pdf(number), KEY, CERT)


async def issued(pool: asyncpg.Pool, pdf: bytes, valid_until: date) -> str:
    number = f"東オンCESR{uuid.uuid4().int % 10**8:08d}"
    await pool.execute(
        "INSERT INTO cesr_issued (cesr_number, application_id, sha256, issued_at, valid_until)"
        " VALUES ($1, $2, $3, $4, $5)", number, uuid.uuid4(), hashlib.sha256(pdf).hexdigest(),
        NOW - timedelta(days=10), valid_until)
    return number


def shown(result: dict) -> set[str]:  # type: ignore[type-arg]
    return {key for key, value in result.items() if value is not None}


async def test_a_number_alone_says_issued_and_valid_and_nothing_more(pool, intake) -> None:  # type: ignore[no-untyped-def]
    number = await issued(pool, b"any", (NOW + timedelta(days=60)).date())
    r = await intake.post("/cesr/verify", json={"cesr_number": number})
    result = r.json()
    assert r.status_code == 200 and result["genuine"] and result["expired"] is False, r.text
    assert shown(result) == NUMBER_ONLY and result["problems"] == []


async def test_an_expired_number_is_not_genuine_and_says_expired(pool, intake) -> None:  # type: ignore[no-untyped-def]
    number = await issued(pool, b"any", (NOW - timedelta(days=2)).date())
    result = (await intake.post("/cesr/verify", json={"cesr_number": number})).json()
    assert result["genuine"] is False and result["expired"] is True
    assert result["problems"] == ["CESR_EXPIRED"] and shown(result) == NUMBER_ONLY


async def test_a_number_never_issued_is_not_genuine(intake) -> None:  # type: ignore[no-untyped-def]
    result = (await intake.post("/cesr/verify", json={"cesr_number": "東オンCESR00000000"})).json()
    assert result["genuine"] is False and result["problems"] == ["CESR_NOT_ISSUED"]


async def test_the_issued_pdf_proves_the_rest_with_its_dates(pool, intake) -> None:  # type: ignore[no-untyped-def]
    number = f"東オンCESR{uuid.uuid4().int % 10**8:08d}"
    pdf = await signed_pdf(number)
    until = (NOW + timedelta(days=60)).date()
    await pool.execute(
        "INSERT INTO cesr_issued (cesr_number, application_id, sha256, issued_at, valid_until)"
        " VALUES ($1, $2, $3, $4, $5)", number, uuid.uuid4(), hashlib.sha256(pdf).hexdigest(),
        NOW - timedelta(days=10), until)
    r = await intake.post("/cesr/verify", files={"file": ("c.pdf", pdf, "application/pdf")})
    result = r.json()
    assert r.status_code == 200 and result["genuine"], r.text
    assert result["signature_valid"] and result["unaltered"]
    assert result["valid_until"] == until.isoformat() and result["issued_at"]


async def test_an_expired_pdf_is_intact_but_not_genuine(pool, intake) -> None:  # type: ignore[no-untyped-def]
    number = f"東オンCESR{uuid.uuid4().int % 10**8:08d}"
    pdf = await signed_pdf(number)
    await pool.execute(
        "INSERT INTO cesr_issued (cesr_number, application_id, sha256, issued_at, valid_until)"
        " VALUES ($1, $2, $3, $4, $5)", number, uuid.uuid4(), hashlib.sha256(pdf).hexdigest(),
        NOW - timedelta(days=120), (NOW - timedelta(days=30)).date())
    result = (await intake.post("/cesr/verify",
                                files={"file": ("c.pdf", pdf, "application/pdf")})).json()
    assert result["genuine"] is False and result["expired"] is True
    assert result["signature_valid"] and result["unaltered"]
    assert result["problems"] == ["CESR_EXPIRED"]


async def test_an_oversized_json_body_is_refused_while_read(intake) -> None:  # type: ignore[no-untyped-def]
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"cesr_number": "'
        for _ in range(64):
            yield b"1" * 1024
        yield b'"}'

    r = await intake.post("/cesr/verify", content=chunks(),
                          headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "REQUEST_TOO_LARGE", r.text
    assert r.json()["errors"][0]["field"] == "body"


async def test_a_pdf_over_5_mb_is_refused_while_streamed(intake) -> None:  # type: ignore[no-untyped-def]
    r = await intake.post("/cesr/verify",
                          files={"file": ("c.pdf", b"%PDF-1.7\n" + bytes(6 * 1024 * 1024))})
    assert r.status_code == 413 and r.json()["code"] == "FILE_TOO_LARGE", r.text
    assert r.json()["errors"][0]["field"] == "file"


async def test_a_pdf_past_the_parse_bounds_is_unreadable_and_the_next_one_verifies(
        pool, stack, intake) -> None:  # type: ignore[no-untyped-def]
    number = f"東オンCESR{uuid.uuid4().int % 10**8:08d}"
    pdf = await signed_pdf(number)
    await pool.execute(
        "INSERT INTO cesr_issued (cesr_number, application_id, sha256, issued_at, valid_until)"
        " VALUES ($1, $2, $3, $4, $5)", number, uuid.uuid4(), hashlib.sha256(pdf).hexdigest(),
        NOW, (NOW + timedelta(days=60)).date())
    async with running_intake(stack, cesr_signing_cert=CERT, sandbox_workers=1,
                              sandbox_timeout_s=0.001) as hurried:
        result = (await hurried.post("/cesr/verify",
                                     files={"file": ("c.pdf", pdf, "application/pdf")})).json()
        assert result["genuine"] is False and result["problems"] == ["PDF_UNREADABLE"]
        assert (await hurried.get("/healthz")).status_code == 200
    result = (await intake.post("/cesr/verify",
                                files={"file": ("c.pdf", pdf, "application/pdf")})).json()
    assert result["genuine"] is True
