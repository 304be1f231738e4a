"""受領登録一覧 (manual §7.4) on the page: 受領登録依頼日時, 受領登録日時 and 受領登録状況 for
every certificate (registered ones too), a confirmation before registering, and the page
open to every filer intake lets register (a lawyer who filed a COE, not only organization
staff) — intake decides each one."""

import httpx

from tests.unit.web.fake_intake import csrf_of
from tests.unit.web.test_pages_render import APP_ID, fake_with, signed_in

DONE_ID = "3f4a5b6c-7d8e-4f9a-8b1c-2d3e4f5a6b7c"
ROWS = [{"application_id": APP_ID, "procedure": "COE", "reference_number": "0000000018",
         "latin_name": "SAMPLE,TARO", "cesr_number": "TKY-CESR-0001",
         "cesr_issued_at": "2026-04-20T02:00:00Z", "cesr_registered_at": None},
        {"application_id": DONE_ID, "procedure": "COE", "reference_number": "0000000019",
         "latin_name": "SAMPLE,HANAKO", "cesr_number": "TKY-CESR-0002",
         "cesr_issued_at": "2026-04-18T02:00:00Z",
         "cesr_registered_at": "2026-04-19T06:30:00Z"}]


def test_a_lawyer_sees_both_dates_and_the_status_and_registers_after_confirming() -> None:
    fake, registered, asked = fake_with("lawyer_or_scrivener"), [], []

    def listing(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.params.get("include_registered"))
        return httpx.Response(200, json=ROWS)

    fake.on("GET", "/cesr-receipts", listing)
    fake.on("POST", f"/applications/{APP_ID}/cesr-receipt", lambda r: (
        registered.append(APP_ID), httpx.Response(200, json={
            "application_id": APP_ID, "detail": "cesr_receipt_registered"}))[1])
    c = signed_in(fake, "ja")
    try:
        page = c.get("/cesr-receipts")
        assert page.status_code == 200 and asked == ["true"]
        for text in ("受領登録依頼日時", "受領登録日時", "受領登録状況", "2026年04月20日 11:00",
                     "2026年04月19日 15:30", "受領登録済", "未登録"):
            assert text in page.text, text
        assert f'href="/cesr-receipts/{APP_ID}"' in page.text
        assert f'href="/cesr-receipts/{DONE_ID}"' not in page.text  # registered: no button
        assert registered == []  # the list itself registers nothing

        confirm = c.get(f"/cesr-receipts/{APP_ID}")
        assert "受領登録の確認" in confirm.text and "TKY-CESR-0001" in confirm.text
        assert registered == []
        r = c.post("/cesr-receipts", data={"csrf": csrf_of(confirm.text),
                                           "application_id": APP_ID})
        assert registered == [APP_ID] and "受領登録を受け付けました" in r.text
        assert str(r.url).endswith("/cesr-receipts")
    finally:
        c.__exit__(None, None, None)


def test_a_registered_certificate_has_no_confirmation_and_a_refusal_is_shown() -> None:
    fake = fake_with("foreign_national")
    fake.on("GET", "/cesr-receipts", lambda r: httpx.Response(200, json=ROWS))
    fake.on("POST", f"/applications/{DONE_ID}/cesr-receipt", lambda r: httpx.Response(409, json={
        "code": "CESR_ALREADY_REGISTERED", "message_ja": "受領登録済みです。",
        "message_en": "Already registered.", "errors": []}))
    c = signed_in(fake, "en")
    try:
        r = c.get(f"/cesr-receipts/{DONE_ID}")
        assert str(r.url).endswith("/cesr-receipts") and "Receipt status" in r.text
        r = c.post("/cesr-receipts", data={"csrf": csrf_of(r.text), "application_id": DONE_ID})
        assert r.status_code == 409 and "Already registered." in r.text
    finally:
        c.__exit__(None, None, None)


def test_an_examiner_cannot_open_the_receipt_list() -> None:
    c = signed_in(fake_with("examiner"), "ja")
    try:
        assert c.get("/cesr-receipts").status_code == 403
    finally:
        c.__exit__(None, None, None)


def test_a_filer_outside_an_organization_finds_the_receipt_list_on_my_page() -> None:
    c = signed_in(fake_with("lawyer_or_scrivener"), "ja")
    try:
        assert 'href="/cesr-receipts"' in c.get("/mypage").text
    finally:
        c.__exit__(None, None, None)
