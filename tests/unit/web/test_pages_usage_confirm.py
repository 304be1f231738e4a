"""申込確認 before a usage request or periodic report is filed (manual §3.3.4): the filing page
leads to a confirmation listing what was entered and the PDFs, with 入力へ戻る and 申込む."""

import re

import httpx

from tests.unit.web.fake_intake import csrf_of
from tests.unit.web.test_pages_organization_filings import USE
from tests.unit.web.test_pages_render import APP_ID, ATTACHMENT, fake_with, signed_in

DRAFT = USE | {"details": {"kind": "new", "bureau": "東", "agent_certificate_number":
                           "123456789012", "organization": {
                               "name": "Sample School", "address": "1-1 Example-cho",
                               "phone": "0300000000"}},
               "attachments": [ATTACHMENT | {"code": "OK"}]}


def test_the_draft_filing_page_goes_on_to_the_confirmation_not_straight_to_filing() -> None:
    fake = fake_with("organization_staff")
    fake.on("GET", f"/organizations/filings/{APP_ID}", lambda r: httpx.Response(200, json=DRAFT))
    c = signed_in(fake, "ja")
    try:
        page = c.get(f"/usage-request/{APP_ID}").text
        assert f'href="/usage-request/{APP_ID}/confirm">確認へ進む</a>' in page
        assert f'action="/usage-request/{APP_ID}/file"' not in page
    finally:
        c.__exit__(None, None, None)


def test_the_confirmation_lists_the_entries_and_files_then_files_on_申込む() -> None:
    fake = fake_with("organization_staff")
    fake.on("GET", f"/organizations/filings/{APP_ID}", lambda r: httpx.Response(200, json=DRAFT))
    filed: list[str] = []
    fake.on("POST", f"/organizations/filings/{APP_ID}/file", lambda r: (
        filed.append(r.url.path), httpx.Response(200, json={
            "application_id": APP_ID, "reference_number": "0000000042",
            "reference_password": "not-shown", "status": "filed"}))[1])
    c = signed_in(fake, "ja")
    try:
        page = c.get(f"/usage-request/{APP_ID}/confirm")
        assert page.status_code == 200
        text = page.text
        assert "<h1>申込確認</h1>" in text and "まだ申込みは完了していません。" in text
        for shown in ("Sample School", "1-1 Example-cho", "東京", "123456789012",
                      "新規（所属機関として初めて利用する）"):
            assert shown in text, shown
        assert "47.1 KB" in text and 'class="verdict" data-code="OK"' in text  # the PDF
        assert f'href="/usage-request/{APP_ID}">入力へ戻る</a>' in text
        assert re.search(rf'action="/usage-request/{APP_ID}/file">\s*<input type="hidden" '
                         r'name="csrf"', text)
        assert not filed  # looking is not filing
        r = c.post(f"/usage-request/{APP_ID}/file", data={"csrf": csrf_of(text)},
                   follow_redirects=False)
        assert r.status_code == 303 and filed == [f"/organizations/filings/{APP_ID}/file"]
    finally:
        c.__exit__(None, None, None)


def test_a_filed_filing_has_nothing_to_confirm() -> None:
    fake = fake_with("organization_staff")
    fake.on("GET", f"/organizations/filings/{APP_ID}", lambda r: httpx.Response(
        200, json=DRAFT | {"state": "submitted", "status": "filed"}))
    c = signed_in(fake, "en")
    try:
        r = c.get(f"/usage-request/{APP_ID}/confirm", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/usage-request/{APP_ID}"
    finally:
        c.__exit__(None, None, None)
