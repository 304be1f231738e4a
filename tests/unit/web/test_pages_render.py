"""Every page renders (no template error can become a 500), in both languages, against a
stand-in for intake answering with the API's shapes."""

from typing import Any

import httpx
import pytest

from tests.unit.web.fake_intake import FakeIntake, client, csrf_of

APP_ID = "0b7e1c52-4d6f-4a8e-9c3b-2f1a5d7e9b01"
ATTACHMENT = {"id": "5c2d8e14-7a3b-4f69-8d10-3e4f5a6b7c81", "kind": "document", "size": 48213,
              "sha256": "9f2b" * 16, "code": "PDF_ENCRYPTED", "message_ja": "暗号化されています。",
              "message_en": "The PDF is encrypted.", "uploaded_at": "2026-04-01T09:00:00+09:00"}
ROW = {"id": APP_ID, "procedure": "EXT", "procedure_name_ja": "在留期間更新許可申請",
       "procedure_name_en": "Extension of period of stay", "state": "filed", "status": "ready",
       "status_ja": "発行待ち", "reference_number": "0000000018",
       "provisional_receipt_number": "仮東オンEP26000001", "receipt_number": None,
       "latin_name": "SAMPLE,TARO", "filed_at": "2026-04-01T10:30:00+09:00",
       "created_at": "2026-04-01T09:00:00+09:00", "parent_id": None, "bulk": False}
APPLICATION = ROW | {"content": {"identity": {"latin_name": "SAMPLE,TARO"},
                                 "receipt_method": "mail", "desired_period": "2 years"},
                     "attachments": [ATTACHMENT, ATTACHMENT | {"code": None, "kind": "photo"}],
                     "simultaneous": []}
PROCEDURE = {"code": "EXT", "name_ja": "在留期間更新許可申請", "name_en": "Extension of period of stay",
             "reception_start": "2025-10-08T00:00:00+09:00", "reception_end": None,
             "reception_open": True, "standalone": True, "bulk": True,
             "description_ja": "説明", "description_en": "About it.",
             "contact": {"name_ja": "東京局", "name_en": "Tokyo", "phone": None},
             "filers": [], "filed_with": [], "files": [
                 {"name": "a.txt", "title_ja": "様式", "title_en": "Form", "url": "/x"}]}
BULK_ROW = {"row": 1, "status": "needs_checking", "status_ja": "要確認", "application_id": APP_ID,
            "latin_name": "lower,case", "cells": {"identity.latin_name": "lower,case"},
            "errors": [{"field": "identity.latin_name", "code": "STRING_PATTERN_MISMATCH",
                        "message_ja": "形式が違います。", "message_en": "Wrong format."}],
            "attachments": [ATTACHMENT | {"code": None, "kind": "photo"}],
            "attachment_errors": [], "attachments_pending": True}
ANSWERS: dict[tuple[str, str], Any] = {
    ("GET", "/applications"): {"items": [ROW], "total": 1, "page": 1, "per_page": 10},
    ("GET", f"/applications/{APP_ID}"): APPLICATION,
    ("GET", f"/applications/{APP_ID}/corrections"): [
        {"id": APP_ID, "items": ["Certificate"], "requested_at": "2026-04-10T14:00:00+09:00",
         "answered_at": None}],
    ("GET", "/procedures/favorites"): [PROCEDURE],
    ("GET", "/procedures"): {"items": [PROCEDURE], "total": 1, "page": 1, "per_page": 10,
                             "pages": 1},
    ("GET", "/procedures/EXT"): PROCEDURE,
    ("GET", "/organizations/me"): {"id": APP_ID, "name": "Sample University", "bureau": "東",
                                   "access": "approved", "access_expires_at": None},
    ("GET", f"/organizations/filings/{APP_ID}"): ROW | {
        "procedure": "USE", "status": "returned", "kind": "new", "organization_id": APP_ID,
        "details": {"organization": {"name": "Sample University"}},
        "attachments": [ATTACHMENT]},
    ("GET", "/organizations/filings"): [
        {k: v for k, v in ROW.items() if not k.startswith(("procedure_name", "latin", "parent",
                                                             "bulk"))}
        | {"procedure": "USE", "status": "returned", "kind": "new", "organization_id": APP_ID,
           "filed_by_you": True, "in_progress": True}],
    ("GET", f"/organizations/filings/{APP_ID}/corrections"): [
        {"id": APP_ID, "items": ["Seal"], "requested_at": "2026-04-10T14:00:00+09:00",
         "answered_at": None}],
    ("GET", "/cesr-receipts"): [{"application_id": APP_ID, "procedure": "COE",
                                 "reference_number": "0000000018", "latin_name": "SAMPLE,TARO",
                                 "cesr_number": "東オンCESR26000001",
                                 "cesr_issued_at": "2026-04-20T11:00:00+09:00"}],
    ("GET", "/bulk/EXT"): {"upload_id": APP_ID, "procedure": "EXT", "state": "open",
                           "uploaded_at": "2026-04-01T09:00:00+09:00", "count": 1, "ok": 0,
                           "needs_checking": 1, "ready_to_file": False,
                           "replaced_previous": False, "bulk_number": None, "filed_at": None,
                           "rows": [BULK_ROW]},
    ("GET", "/organizations/me/intake-windows/EXT"): {
        "procedure": "EXT", "windows": [{"start": "2026-04-01", "end": "2026-04-30"}]},
    ("GET", "/examiner/applications"): [ROW | {"organization_id": None,
                                               "hold": "duplicate_application"}],
    ("GET", f"/examiner/applications/{APP_ID}"): ROW | {
        "status": "examining", "organization_id": None, "hold": "duplicate_application",
        "kind": None, "organization_name": "Sample University",
        "content": APPLICATION["content"], "attachments": [ATTACHMENT]},
}
FILER_PAGES = ["/mypage", "/mypage/profile", "/procedures", "/procedures?q=更新",
               "/procedures/EXT", "/apply/EXT", "/apply/CHG", "/apply/ACQ", "/apply/WRK",
               "/apply/COE", "/apply/EXT/earlier", "/applications", f"/applications/{APP_ID}",
               f"/applications/{APP_ID}/print", f"/applications/{APP_ID}/attachments",
               f"/applications/{APP_ID}/attachments/table", f"/applications/{APP_ID}/confirm",
               f"/applications/{APP_ID}/corrections", f"/applications/{APP_ID}/corrections/table",
               "/usage-request/" + APP_ID, "/periodic-report", "/cesr-receipts",
               f"/cesr-receipts/{APP_ID}", "/bulk", "/bulk/EXT", "/bulk/EXT/rows/1",
               "/bulk/EXT/table", "/intake-windows", "/intake-windows/EXT"]


def fake_with(role: str) -> FakeIntake:
    fake = FakeIntake()
    for (method, path), answer in ANSWERS.items():
        fake.on(method, path, lambda r, a=answer: httpx.Response(200, json=a))
    fake.on("GET", "/me", lambda r: httpx.Response(200, json={
        "login_id": "U000000001", "user_type": role, "latin_name": "SAMPLE,TARO",
        "phone": "0300000000", "email": "a@example.com", "organization_id": None,
        "registered_at": None}))
    return fake


def signed_in(fake: FakeIntake, lang: str) -> Any:
    c = client(fake)
    c.__enter__()
    page = c.get("/login")
    c.post("/login", data={"csrf": csrf_of(page.text), "login_id": "U1",
                           "password": "Right-Pass1!"})
    if lang == "en":
        c.post("/lang", data={"csrf": csrf_of(c.get("/login").text), "to": "en"})
    return c


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_filer_page_renders(lang: str) -> None:
    c = signed_in(fake_with("organization_staff"), lang)
    try:
        for path in FILER_PAGES:
            r = c.get(path)
            assert r.status_code == 200, (path, r.status_code, r.text[:300])
            assert f'lang="{lang}"' in r.text or path.endswith("/table"), path
    finally:
        c.__exit__(None, None, None)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_examiner_page_renders(lang: str) -> None:
    c = signed_in(fake_with("examiner"), lang)
    try:
        for path in ("/examiner", "/examiner?status=filed", f"/examiner/applications/{APP_ID}"):
            r = c.get(path)
            assert r.status_code == 200, (path, r.text[:300])
        assert "request_correction" in c.get(f"/examiner/applications/{APP_ID}").text
        assert c.get("/mypage").status_code == 403  # not a filer's page
    finally:
        c.__exit__(None, None, None)


def test_anonymous_pages_render_and_filer_pages_send_to_login() -> None:
    with client(fake_with("foreign_national")) as c:
        for path in ("/", "/login", "/register", "/forgot/user-id", "/forgot/password",
                     "/procedures", "/procedures/EXT", "/cesr/verify"):
            assert c.get(path).status_code == 200, path
        r = c.get("/mypage", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Fmypage"
        assert c.get("/no-such-page").status_code == 404
