"""A filer opens what they attached (the copy intake accepted), downloads come through in
chunks without being held whole, and each page states its own filing's file limits —
against a stand-in for intake answering with the API's shapes."""

from typing import Any

import httpx
import pytest
from residency_web.messages import translate

from tests.unit.web.test_pages_examiner_files import DISPOSITION, PDF, Chunks
from tests.unit.web.test_pages_render import APP_ID, APPLICATION, ATTACHMENT, fake_with, signed_in

OK_FILE = ATTACHMENT | {"id": "7d1e2f30-4a5b-4c6d-8e9f-0a1b2c3d4e51", "code": "OK",
                        "message_ja": None, "message_en": None}
REFUSED = {"code": "ATTACHMENT_REFUSED",
           "message_ja": "この添付ファイルは受け付けられなかったため、開けません。",
           "message_en": "This file was not accepted, so it cannot be opened.",
           "errors": [{"field": "attachment_id", "code": "ATTACHMENT_REFUSED",
                       "message_ja": "この添付ファイルは受け付けられなかったため、開けません。",
                       "message_en": "This file was not accepted, so it cannot be opened."}]}


def filer(lang: str = "ja", state: str = "draft") -> tuple[Any, list[httpx.Request]]:
    fake = fake_with("foreign_national")
    app = APPLICATION | {"state": state, "attachments": [ATTACHMENT, OK_FILE]}
    fake.on("GET", f"/applications/{APP_ID}", lambda r: httpx.Response(200, json=app))
    fake.on("GET", f"/applications/{APP_ID}/attachments/{OK_FILE['id']}",
            lambda r: httpx.Response(200, content=PDF, headers={
                "content-type": "application/pdf", "content-disposition": DISPOSITION,
                "x-internal": "not passed on"}))
    fake.on("GET", f"/applications/{APP_ID}/attachments/{ATTACHMENT['id']}",
            lambda r: httpx.Response(409, json=REFUSED))
    return signed_in(fake, lang), fake.calls


@pytest.mark.parametrize("path", [f"/applications/{APP_ID}/attachments",
                                  f"/applications/{APP_ID}/attachments/table",
                                  f"/applications/{APP_ID}"],
                         ids=["files-page", "files-table", "detail"])
def test_each_accepted_file_has_an_open_link_and_a_refused_one_has_none(path: str) -> None:
    c, _ = filer(state="filed")
    try:
        html = c.get(path).text
        link = f"/applications/{APP_ID}/attachments/"
        assert f'href="{link}{OK_FILE["id"]}"' in html and ">開く</a>" in html
        assert f'href="{link}{ATTACHMENT["id"]}"' not in html
    finally:
        c.__exit__(None, None, None)


def test_opening_a_file_downloads_intakes_accepted_copy() -> None:
    c, calls = filer()
    try:
        r = c.get(f"/applications/{APP_ID}/attachments/{OK_FILE['id']}")
        assert r.status_code == 200 and r.content == PDF
        assert r.headers["content-type"] == "application/pdf"
        assert r.headers["content-disposition"] == DISPOSITION
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "x-internal" not in r.headers
        assert calls[-1].url.path == f"/applications/{APP_ID}/attachments/{OK_FILE['id']}"
        assert calls[-1].headers["authorization"].startswith("Bearer ")
    finally:
        c.__exit__(None, None, None)


@pytest.mark.parametrize(("state", "page"), [("draft", "attachments_title"),
                                             ("filed", "application_detail")])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_file_without_an_accepted_copy_shows_intakes_reason_on_its_page(
        lang: str, state: str, page: str) -> None:
    c, _ = filer(lang, state)
    try:
        r = c.get(f"/applications/{APP_ID}/attachments/{ATTACHMENT['id']}")
        assert r.status_code == 409
        assert ("受け付けられなかった" if lang == "ja" else "was not accepted") in r.text
        assert f"<h1>{translate(page, lang)}</h1>" in r.text  # that page, not an error page
        assert 'id="attachment-table"' in r.text
        r = c.get(f"/applications/{APP_ID}/attachments/00000000-0000-4000-8000-000000000000")
        assert r.status_code == 404
    finally:
        c.__exit__(None, None, None)


PARTS = [bytes([i]) * 65536 for i in range(8)]


@pytest.mark.parametrize(("page", "api"), [
    (f"/applications/{APP_ID}/attachments/{OK_FILE['id']}",
     f"/applications/{APP_ID}/attachments/{OK_FILE['id']}"),
    ("/procedures/EXT/files/a.txt", "/procedures/EXT/files/a.txt"),
    ("/bulk/EXT/template.csv", "/bulk/EXT/template.csv"),
], ids=["attached-file", "procedure-file", "bulk-template"])
def test_a_large_download_is_passed_on_whole_and_intakes_answer_closed(page: str,
                                                                       api: str) -> None:
    body = Chunks(PARTS)
    fake = fake_with("organization_staff")
    asked: list[httpx.URL] = []
    fake.on("GET", api, lambda r: (asked.append(r.url), httpx.Response(200, stream=body, headers={
        "content-type": "application/octet-stream", "content-disposition": DISPOSITION}))[1])
    c = signed_in(fake, "ja")
    try:
        r = c.get(page)
        assert r.status_code == 200 and r.content == b"".join(PARTS)
        assert r.headers["content-disposition"] == DISPOSITION
        # passed on as it came: no length known up front, so it was never held whole
        assert "content-length" not in r.headers
        assert body.closed
        if "template" in page:
            assert asked[-1].params.get("examples") == "true"
    finally:
        c.__exit__(None, None, None)


@pytest.mark.parametrize(("path", "limit"), [
    (f"/applications/{APP_ID}/attachments", "25 MB"),
    (f"/usage-request/{APP_ID}", "20 MB"),
], ids=["application", "usage-request"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_remaining_allowance_states_the_filings_own_limit(path: str, limit: str,
                                                              lang: str) -> None:
    c = signed_in(fake_with("organization_staff"), lang)
    try:
        html = c.get(path).text
        remaining = html[html.index('id="remaining"'):]
        remaining = remaining[:remaining.index("</p>")]
        assert ("20 ファイル・" + limit if lang == "ja" else "20 files and " + limit) in remaining
    finally:
        c.__exit__(None, None, None)
