"""[削除] on an attached file (manual §4.2.2–4.2.3, §5.3.4, §6.2): a POST form with the CSRF
token per file while the filing can still change; intake is asked to DELETE it, the row goes
and what is left of 20 files / 25 MB grows; a refusal is shown in the chosen language."""

from typing import Any

import httpx

from tests.unit.web.fake_intake import FakeIntake, csrf_of
from tests.unit.web.test_pages_render import APP_ID, ATTACHMENT, BULK_ROW, fake_with, signed_in

FILE_ID = ATTACHMENT["id"]
PHOTO_ID = "7d3e9f25-8b4c-4a7d-9e21-4f5a6b7c8d92"


class Files:
    """intake's files of one filing, deleted for real by the fake's DELETE."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = [
            dict(ATTACHMENT), ATTACHMENT | {"id": PHOTO_ID, "kind": "photo", "code": "OK",
                                            "size": 1024 * 1024}]

    def delete(self, request: httpx.Request) -> httpx.Response:
        file_id = request.url.path.rsplit("/", 1)[1]
        if all(f["id"] != file_id for f in self.items):
            return httpx.Response(404, json={
                "code": "ATTACHMENT_NOT_FOUND", "message_ja": "添付ファイルが見つかりません。",
                "message_en": "No such attachment.", "errors": []})
        self.items = [f for f in self.items if f["id"] != file_id]
        return httpx.Response(204)


def _draft(fake: FakeIntake, files: Files) -> None:
    from tests.unit.web.test_pages_render import APPLICATION

    fake.on("GET", f"/applications/{APP_ID}", lambda r: httpx.Response(200, json=APPLICATION | {
        "state": "draft", "status": None, "attachments": files.items}))
    fake.on("DELETE", f"/applications/{APP_ID}/attachments/{FILE_ID}", files.delete)


def _deleted(fake: FakeIntake) -> list[str]:
    return [c.url.path for c in fake.calls if c.method == "DELETE"]


def test_an_unfiled_applications_refused_file_is_deleted_and_room_is_given_back() -> None:
    fake, files = fake_with("foreign_national"), Files()
    _draft(fake, files)
    c = signed_in(fake, "ja")
    try:
        page = c.get(f"/applications/{APP_ID}/attachments")
        action = f'action="/applications/{APP_ID}/attachments/{FILE_ID}/delete"'
        assert action in page.text and "残り 18 ファイル" in page.text
        assert "削除" in page.text

        r = c.post(f"/applications/{APP_ID}/attachments/{FILE_ID}/delete",
                   data={"csrf": csrf_of(page.text)})
        assert _deleted(fake) == [f"/applications/{APP_ID}/attachments/{FILE_ID}"]
        assert r.status_code == 200 and str(r.url).endswith(f"/applications/{APP_ID}/attachments")
        assert action not in r.text and "PDF_ENCRYPTED" not in r.text
        assert "残り 19 ファイル" in r.text and "添付ファイルを削除しました。" in r.text
    finally:
        c.__exit__(None, None, None)


def test_a_refused_deletion_is_explained_on_the_page_in_english() -> None:
    fake, files = fake_with("foreign_national"), Files()
    _draft(fake, files)
    c = signed_in(fake, "en")
    try:
        page = c.get(f"/applications/{APP_ID}/attachments")
        files.items = files.items[1:]  # meanwhile deleted in another tab
        r = c.post(f"/applications/{APP_ID}/attachments/{FILE_ID}/delete",
                   data={"csrf": csrf_of(page.text)})
        assert r.status_code == 404 and "No such attachment." in r.text
    finally:
        c.__exit__(None, None, None)


def test_without_the_csrf_token_nothing_is_deleted() -> None:
    fake, files = fake_with("foreign_national"), Files()
    _draft(fake, files)
    c = signed_in(fake, "ja")
    try:
        r = c.post(f"/applications/{APP_ID}/attachments/{FILE_ID}/delete", data={})
        assert r.status_code == 403 and _deleted(fake) == []
    finally:
        c.__exit__(None, None, None)


def test_a_filed_applications_files_have_no_delete_button() -> None:
    c = signed_in(fake_with("foreign_national"), "ja")  # its application is filed
    try:
        page = c.get(f"/applications/{APP_ID}")
        assert "/delete" not in page.text and "PDF_ENCRYPTED" in page.text
    finally:
        c.__exit__(None, None, None)


def test_a_bulk_rows_file_is_deleted_from_the_row_page() -> None:
    fake = fake_with("organization_staff")
    path = f"/bulk/EXT/rows/1/attachments/{FILE_ID}"
    fake.on("DELETE", path, lambda r: httpx.Response(204))
    c = signed_in(fake, "ja")
    try:
        page = c.get("/bulk/EXT/rows/1")
        assert f'action="/bulk/EXT/rows/1/attachments/{BULK_ROW["attachments"][0]["id"]}/delete"' \
            in page.text
        r = c.post(f"{path}/delete", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
        assert _deleted(fake) == [path]
        assert r.status_code == 303 and r.headers["location"] == "/bulk/EXT/rows/1"
    finally:
        c.__exit__(None, None, None)


def test_a_usage_requests_pdf_is_deleted_from_its_page() -> None:
    fake, files = fake_with("organization_staff"), Files()
    fake.on("GET", f"/organizations/filings/{APP_ID}", lambda r: httpx.Response(200, json={
        "id": APP_ID, "procedure": "USE", "state": "draft", "status": None, "status_ja": None,
        "reference_number": None, "provisional_receipt_number": None, "receipt_number": None,
        "filed_at": None, "created_at": "2026-04-01T09:00:00+09:00", "kind": "new",
        "organization_id": APP_ID, "details": {"organization": {"name": "Sample University"}},
        "attachments": files.items}))
    path = f"/organizations/filings/{APP_ID}/attachments/{FILE_ID}"
    fake.on("DELETE", path, files.delete)
    c = signed_in(fake, "en")
    try:
        page = c.get(f"/usage-request/{APP_ID}")
        action = f'action="/usage-request/{APP_ID}/attachments/{FILE_ID}/delete"'
        assert action in page.text
        r = c.post(f"/usage-request/{APP_ID}/attachments/{FILE_ID}/delete",
                   data={"csrf": csrf_of(page.text)})
        assert _deleted(fake) == [path]
        assert r.status_code == 200 and action not in r.text
        assert "The file has been deleted." in r.text
    finally:
        c.__exit__(None, None, None)
