"""Bulk filing end to end on the real stack: templates, upload (CP932 CSV and .xlsx),
per-row errors and fixes, photos per row, filing once, the filer's bulk number email,
numbers and emails per applicant."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from residency_contracts import Procedure
from residency_devstack import samples
from residency_intake.bulk import templates

from tests.e2e.applications_support import People, codes, people
from tests.helpers import mails, wait_for

EXT = Procedure.EXT


@pytest.fixture
async def folks(services, stack) -> AsyncIterator[People]:  # type: ignore[no-untyped-def]
    async for p in people(services.intake_url, stack.database_url("intake")):
        yield p


def rows_for(tag: str, n: int) -> list[dict[str, str]]:
    return [templates.cells_of(EXT, samples.ext_content(
        notification_email=f"bulk-{tag}-{i}@example.com")) for i in range(n)]


async def send(client: httpx.AsyncClient, data: bytes, name: str = "bulk.csv",
               procedure: str = "EXT") -> httpx.Response:
    return await client.post(f"/bulk/{procedure}", files={"file": (name, data, "text/csv")})


async def test_templates_and_column_spec_are_published(services) -> None:  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(base_url=services.intake_url) as anon:
        spec = (await anon.get("/bulk/CHG/columns")).json()
        assert {c["column"] for c in spec} >= {"identity.latin_name", "REE.permit_type"}
        csv = await anon.get("/bulk/COE/template.csv")
        assert csv.content.startswith(b"\xef\xbb\xbf") and b"\r\n" in csv.content
        xlsx = await anon.get("/bulk/EXT/template.xlsx", params={"examples": "true"})
        assert xlsx.content[:2] == b"PK" and "attachment" in xlsx.headers["content-disposition"]
        assert codes(await anon.get("/bulk/ACQ/columns")) == [("procedure", "BULK_NOT_SUPPORTED")]


async def test_malformed_files_are_refused_with_one_file_level_error(folks: People) -> None:
    staff = folks.staff_a
    cases = [(b"%PDF-1.7\n\x00\x01", "BULK_NOT_CSV_OR_XLSX"), (b"", "BULK_EMPTY_FILE"),
             (templates.to_csv(Procedure.CHG, templates.example_rows(Procedure.CHG)),
              "BULK_WRONG_PROCEDURE")]
    for data, code in cases:
        r = await send(staff, data)
        assert r.status_code == 422 and codes(r) == [("file", code)], r.text
    big = await send(staff, b"a" * (5 * 1024 * 1024 + 10))
    assert big.status_code == 413 and codes(big) == [("file", "BULK_FILE_TOO_LARGE")]
    assert (await folks.individual.post("/bulk/EXT", files={"file": ("a.csv", b"x")})
            ).status_code == 403


async def test_bulk_filing_end_to_end(folks: People, stack) -> None:  # type: ignore[no-untyped-def]
    staff, tag = folks.staff_a2, uuid.uuid4().hex[:8]
    cells = rows_for(tag, 5)
    cells[3] |= {"identity.latin_name": "lower,case", "identity.occupation": "留学生"}
    csv = templates.to_csv(EXT, cells).decode("utf-8-sig").encode("cp932")
    first = await send(staff, templates.to_xlsx(EXT, cells[:2]), "bulk.xlsx")
    assert first.status_code == 201, first.text
    r = await send(staff, csv)
    body = r.json()
    assert r.status_code == 201 and body["replaced_previous"] is True
    assert [x["status"] for x in body["rows"]] == ["ok", "ok", "ok", "needs_checking", "ok"]
    assert [(e["field"], e["code"]) for e in body["rows"][3]["errors"]] == [
        ("identity.latin_name", "STRING_PATTERN_MISMATCH")]
    refused = await staff.post("/bulk/EXT/file")
    assert refused.status_code == 409 and codes(refused) == [("rows[4]", "NEEDS_CHECKING")]
    fixed = await staff.put("/bulk/EXT/rows/4", json={"cells": {"identity.latin_name": "LOWER,CASE"}})
    assert fixed.status_code == 200 and fixed.json()["status"] == "ok", fixed.text
    unfiled = (await staff.get("/applications", params={"q": "LOWER,CASE"})).json()
    assert (unfiled["items"], unfiled["total"]) == ([], 0)  # not in the status list until filed
    for n in range(1, 6):
        up = await staff.post(f"/bulk/EXT/rows/{n}/attachments", params={"kind": "photo"},
                              files={"file": ("face.jpg", samples.jpeg_bytes(), "image/jpeg")})
        assert up.status_code == 202, up.text

    async def ready() -> dict[str, Any]:
        view = (await staff.get("/bulk/EXT")).json()  # resume: the last upload
        return view if view["ready_to_file"] else {}

    resumed = await wait_for(ready, what="photo verdicts of every row", timeout=60)
    assert resumed["upload_id"] == body["upload_id"] and resumed["ok"] == 5
    key = {"Idempotency-Key": f"bulk-{tag}"}
    filed = await staff.post("/bulk/EXT/file", headers=key)
    assert filed.status_code == 200, filed.text
    result = filed.json()
    assert result["count"] == 5 and result["bulk_number"].startswith("一括東")
    again = await staff.post("/bulk/EXT/file", headers=key)
    assert again.json() == result

    async def provisional() -> list[str]:
        got = []
        for i in range(5):
            inbox = await mails(stack.mail_api_url, f"bulk-{tag}-{i}@example.com")
            got += [m["subject"] for m in inbox if "受付仮番号" in m["subject"]]
        return got if len(got) >= 5 else []

    assert len(await wait_for(provisional, what="5 provisional numbers", timeout=90)) == 5
    filer = (await staff.get("/me")).json()["email"]

    async def bulk_mail() -> list[dict]:  # type: ignore[type-arg]  # on any partition
        return [m for m in await mails(stack.mail_api_url, filer)
                if result["bulk_number"] in m["text"]]

    await wait_for(bulk_mail, what="the bulk number email")
    accepted = await bulk_mail()  # the request was sent twice: still one email
    assert [m["subject"] for m in accepted] == [
        "【在留申請オンライン】一括申請受付のお知らせ / Your bulk filing has been accepted"]
    assert "一括申請件数: 5件" in accepted[0]["text"] and "Applications filed: 5" in accepted[0]["text"]
    assert result["bulk_number"] in accepted[0]["html"]
    for app in result["applications"]:
        detail = (await staff.get(f"/applications/{app['application_id']}")).json()
        assert detail["bulk"] is True and detail["state"] == "submitted"
    listed = (await staff.get("/applications", params={"q": "LOWER,CASE"})).json()
    assert [(row["bulk"], row["state"]) for row in listed["items"]] == [(True, "submitted")]
