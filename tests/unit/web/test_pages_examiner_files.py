"""An examiner opens what they examine: each accepted file downloads, the filer's correction
answers (notes, added files) show, the queue names procedures and finds an application by its
number — against a stand-in for intake answering with the API's shapes."""

from typing import Any

import httpx
import pytest

from tests.unit.web.test_pages_render import ANSWERS, APP_ID, ATTACHMENT, fake_with, signed_in

OK_FILE = ATTACHMENT | {"id": "7d1e2f30-4a5b-4c6d-8e9f-0a1b2c3d4e51", "code": "OK",
                        "message_ja": None, "message_en": None}
ADDED = OK_FILE | {"id": "8e2f3a41-5b6c-4d7e-9fa0-1b2c3d4e5f62", "size": 2048}
DETAIL = ANSWERS[("GET", f"/examiner/applications/{APP_ID}")] | {
    "attachments": [ATTACHMENT, OK_FILE, ADDED],
    "corrections": [{"id": "9f3a4b52-6c7d-4e8f-a0b1-2c3d4e5f6a73",
                     "items": ["在学証明書", "顔写真"], "requested_at": "2026-04-10T14:00:00+09:00",
                     "answered_at": "2026-04-12T09:30:00+09:00",
                     "answer": [{"item": "在学証明書", "note": "最新の証明書を添付しました。"}],
                     "attachment_ids": [ADDED["id"]]}]}
PDF = b"%PDF-1.7\n% accepted copy\n%%EOF\n"
DISPOSITION = ("attachment; filename=\"0000000018_document_7d1e2f30.pdf\"; "
               "filename*=UTF-8''0000000018_%E6%9B%B8%E9%A1%9E_7d1e2f30.pdf")


def examiner(lang: str = "ja") -> tuple[Any, list[httpx.Request]]:
    fake = fake_with("examiner")
    fake.on("GET", f"/examiner/applications/{APP_ID}",
            lambda r: httpx.Response(200, json=DETAIL))
    fake.on("GET", f"/examiner/applications/{APP_ID}/attachments/{OK_FILE['id']}",
            lambda r: httpx.Response(200, content=PDF, headers={
                "content-type": "application/pdf", "content-disposition": DISPOSITION,
                "x-internal": "not passed on"}))
    fake.on("GET", f"/examiner/applications/{APP_ID}/attachments/{ATTACHMENT['id']}",
            lambda r: httpx.Response(409, json={
                "code": "ATTACHMENT_REFUSED",
                "message_ja": "この添付ファイルは受け付けられなかったため、開けません。",
                "message_en": "This file was not accepted, so it cannot be opened.",
                "errors": [{"field": "attachment_id", "code": "ATTACHMENT_REFUSED",
                            "message_ja": "この添付ファイルは受け付けられなかったため、開けません。",
                            "message_en": "This file was not accepted, so it cannot be opened."}]}))
    return signed_in(fake, lang), fake.calls


def test_each_accepted_file_has_a_link_and_a_refused_one_has_none() -> None:
    c, _ = examiner()
    try:
        html = c.get(f"/examiner/applications/{APP_ID}").text
        link = f"/examiner/applications/{APP_ID}/attachments/"
        assert f'{link}{OK_FILE["id"]}"' in html and f'{link}{ADDED["id"]}"' in html
        assert f'{link}{ATTACHMENT["id"]}"' not in html
    finally:
        c.__exit__(None, None, None)


def test_opening_a_file_downloads_intakes_copy_as_an_attachment() -> None:
    c, calls = examiner()
    try:
        r = c.get(f"/examiner/applications/{APP_ID}/attachments/{OK_FILE['id']}")
        assert r.status_code == 200 and r.content == PDF
        assert r.headers["content-type"] == "application/pdf"
        assert r.headers["content-disposition"] == DISPOSITION
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["cache-control"] == "no-store"
        assert "x-internal" not in r.headers
        assert calls[-1].headers["authorization"].startswith("Bearer ")
    finally:
        c.__exit__(None, None, None)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_file_without_an_accepted_copy_shows_intakes_reason(lang: str) -> None:
    c, _ = examiner(lang)
    try:
        r = c.get(f"/examiner/applications/{APP_ID}/attachments/{ATTACHMENT['id']}")
        assert r.status_code == 409
        assert ("受け付けられなかった" if lang == "ja" else "was not accepted") in r.text
        assert 'id="examiner-status"' in r.text  # the detail page, not an error page
        r = c.get(f"/examiner/applications/{APP_ID}/attachments/"
                  "00000000-0000-4000-8000-000000000000")
        assert r.status_code == 404
    finally:
        c.__exit__(None, None, None)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_filers_correction_answer_shows_with_its_note_and_file(lang: str) -> None:
    c, _ = examiner(lang)
    try:
        html = c.get(f"/examiner/applications/{APP_ID}").text
        assert ("修正・資料の追加の依頼と回答" if lang == "ja"
                else "Correction requests and answers") in html
        assert "在学証明書" in html and "最新の証明書を添付しました。" in html
        assert ("2026年04月12日 09:30" if lang == "ja" else "2026-04-12 09:30 JST") in html
        section = html[html.index("2026年04月10日 14:00" if lang == "ja"
                                  else "2026-04-10 14:00 JST"):]
        assert f'/attachments/{ADDED["id"]}"' in section
    finally:
        c.__exit__(None, None, None)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_queue_names_procedures_and_searches_by_number(lang: str) -> None:
    c, calls = examiner(lang)
    try:
        html = c.get("/examiner").text
        name = "在留期間更新許可申請" if lang == "ja" else "Extension of period of stay"
        assert f">{name}</a>" in html and ">EXT</a>" not in html
        assert 'name="number"' in html

        r = c.get("/examiner", params={"number": " 0000000018 "})
        assert r.status_code == 200
        assert calls[-1].url.params["number"] == "0000000018"
        assert 'value="0000000018"' in r.text

        c.get("/examiner")
        assert "number" not in calls[-1].url.params
    finally:
        c.__exit__(None, None, None)


def test_a_number_nothing_has_says_so_and_offers_the_whole_queue() -> None:
    fake = fake_with("examiner")
    fake.on("GET", "/examiner/applications", lambda r: httpx.Response(
        200, json=[] if r.url.params.get("number") else ANSWERS[("GET", "/examiner/applications")]))
    c = signed_in(fake, "en")
    try:
        r = c.get("/examiner", params={"number": "9999999999"})
        assert r.status_code == 200 and "No application has this number." in r.text
        assert 'href="/examiner?status="' in r.text
        assert "No application has this number." not in c.get("/examiner").text
    finally:
        c.__exit__(None, None, None)


class Chunks(httpx.AsyncByteStream):
    """intake's body as it streams, remembering whether the page closed it."""

    def __init__(self, parts: list[bytes]) -> None:
        self.parts, self.closed = parts, False

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        for part in self.parts:
            yield part

    async def aclose(self) -> None:
        self.closed = True


def test_a_large_file_is_passed_on_whole_and_intakes_answer_closed() -> None:
    parts = [bytes([i]) * 65536 for i in range(8)]
    body = Chunks(parts)
    fake = fake_with("examiner")
    fake.on("GET", f"/examiner/applications/{APP_ID}/attachments/{OK_FILE['id']}",
            lambda r: httpx.Response(200, stream=body, headers={
                "content-type": "application/pdf", "content-disposition": DISPOSITION}))
    c = signed_in(fake, "ja")
    try:
        r = c.get(f"/examiner/applications/{APP_ID}/attachments/{OK_FILE['id']}")
        assert r.status_code == 200 and r.content == b"".join(parts)
        assert body.closed
    finally:
        c.__exit__(None, None, None)
