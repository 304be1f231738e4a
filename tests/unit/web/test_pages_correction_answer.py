"""修正 (manual §7.2) on the page: what is left is the answer's own allowance (20 files /
25 MB, SPEC §5) however many files the application had; every open request has its own form
and is answered by its id; a file added for the answer is deletable
until the answer is sent, and the page comes back after it."""

import json
from typing import Any

import httpx

from tests.unit.web.fake_intake import FakeIntake, csrf_of
from tests.unit.web.test_pages_render import APP_ID, APPLICATION, ATTACHMENT, fake_with, signed_in

ADDED_ID = "6e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
OLDER = {"id": "1d2e3f4a-5b6c-4d7e-8f9a-0b1c2d3e4f5a", "items": ["Seal"],
         "requested_at": "2026-04-08T10:00:00+09:00", "answered_at": None}
NEWEST = {"id": "2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b", "items": ["Certificate", "Photo"],
          "requested_at": "2026-04-10T14:00:00+09:00", "answered_at": None}


def _returned(fake: FakeIntake, files: list[dict[str, Any]]) -> None:
    earlier = [ATTACHMENT | {"id": f"00000000-0000-4000-8000-{i:012d}", "code": "OK",
                             "size": 1024 * 1024} for i in range(20)]
    fake.on("GET", f"/applications/{APP_ID}", lambda r: httpx.Response(200, json=APPLICATION | {
        "state": "submitted", "status": "returned", "attachments": earlier + files}))
    fake.on("GET", f"/applications/{APP_ID}/corrections",
            lambda r: httpx.Response(200, json=[OLDER, NEWEST]))


def test_a_full_application_still_has_the_answers_own_allowance_left() -> None:
    fake = fake_with("foreign_national")
    added = ATTACHMENT | {"id": ADDED_ID, "code": "OK", "size": 5 * 1024 * 1024,
                          "uploaded_at": "2026-04-11T09:00:00+09:00"}
    _returned(fake, [added])
    c = signed_in(fake, "ja")
    try:
        page = c.get(f"/applications/{APP_ID}/corrections").text
        assert "残り 19 ファイル / 20.0 MB" in page and "残り 0 ファイル" not in page
        assert f'action="/applications/{APP_ID}/attachments/{ADDED_ID}/delete"' in page
        assert page.count("/delete\"") == 1  # the application's earlier files stay
        assert f'name="back" value="/applications/{APP_ID}/corrections"' in page
    finally:
        c.__exit__(None, None, None)


def _answering(fake: FakeIntake, path: str, sent: list[Any]) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(202, json={"application_id": APP_ID, "command_id": APP_ID,
                                         "items": [], "attachment_ids": []})
    fake.on("POST", path, answer)


def test_each_open_request_has_its_own_form_and_an_older_one_is_answered_by_its_id() -> None:
    fake, sent = fake_with("foreign_national"), []
    _returned(fake, [])
    _answering(fake, f"/applications/{APP_ID}/corrections/{OLDER['id']}", sent)
    c = signed_in(fake, "en")
    try:
        page = c.get(f"/applications/{APP_ID}/corrections").text
        assert page.count('name="request_id"') == 2
        assert f'name="request_id" value="{OLDER["id"]}"' in page
        assert f'name="request_id" value="{NEWEST["id"]}"' in page
        for legend in ("Seal", "Certificate", "Photo"):
            assert f"<legend>{legend}</legend>" in page
        assert "Each request has its own answer" in page
        r = c.post(f"/applications/{APP_ID}/corrections", data={
            "csrf": csrf_of(page), "request_id": OLDER["id"],
            f"note_{OLDER['id']}_0": "Sealed again"})
        assert sent == [{"items": [{"item": "Seal", "note": "Sealed again"}]}]
        assert str(r.url).endswith(f"/applications/{APP_ID}")
        assert "Your answer has been sent." in r.text
    finally:
        c.__exit__(None, None, None)


def test_a_form_that_names_no_request_answers_the_newest() -> None:
    fake, sent = fake_with("foreign_national"), []
    _returned(fake, [])
    _answering(fake, f"/applications/{APP_ID}/corrections", sent)
    c = signed_in(fake, "en")
    try:
        page = c.get(f"/applications/{APP_ID}/corrections").text
        c.post(f"/applications/{APP_ID}/corrections", data={
            "csrf": csrf_of(page), "note_0": "Attached", "note_1": ""})
        assert sent == [{"items": [{"item": "Certificate", "note": "Attached"},
                                   {"item": "Photo", "note": None}]}]
    finally:
        c.__exit__(None, None, None)


def test_an_already_answered_request_shows_intakes_refusal_on_the_page() -> None:
    fake = fake_with("foreign_national")
    _returned(fake, [])
    fake.on("POST", f"/applications/{APP_ID}/corrections/{OLDER['id']}",
            lambda r: httpx.Response(409, json={
                "code": "CORRECTION_ALREADY_ANSWERED", "message_ja": "この補正の依頼には回答済みです。",
                "message_en": "This correction request has already been answered.",
                "errors": [{"field": "request_id", "code": "CORRECTION_ALREADY_ANSWERED",
                            "message_ja": "この補正の依頼には回答済みです。",
                            "message_en": "This correction request has already been answered."}]}))
    c = signed_in(fake, "en")
    try:
        page = c.get(f"/applications/{APP_ID}/corrections").text
        r = c.post(f"/applications/{APP_ID}/corrections", data={
            "csrf": csrf_of(page), "request_id": OLDER["id"]})
        assert r.status_code == 409
        assert "already been answered" in r.text
    finally:
        c.__exit__(None, None, None)


def test_a_file_added_for_the_answer_is_deleted_and_the_page_comes_back() -> None:
    fake = fake_with("foreign_national")
    files = [ATTACHMENT | {"id": ADDED_ID, "uploaded_at": "2026-04-11T09:00:00+09:00"}]
    _returned(fake, files)

    def delete(request: httpx.Request) -> httpx.Response:
        files.clear()
        return httpx.Response(204)

    fake.on("DELETE", f"/applications/{APP_ID}/attachments/{ADDED_ID}", delete)
    c = signed_in(fake, "ja")
    try:
        page = c.get(f"/applications/{APP_ID}/corrections")
        assert "残り 19 ファイル" in page.text
        r = c.post(f"/applications/{APP_ID}/attachments/{ADDED_ID}/delete", data={
            "csrf": csrf_of(page.text), "back": f"/applications/{APP_ID}/corrections"})
        assert [x.url.path for x in fake.calls if x.method == "DELETE"] == [
            f"/applications/{APP_ID}/attachments/{ADDED_ID}"]
        assert str(r.url).endswith(f"/applications/{APP_ID}/corrections")
        assert "残り 20 ファイル / 25.0 MB" in r.text and ADDED_ID not in r.text
    finally:
        c.__exit__(None, None, None)


def test_a_returned_usage_requests_answer_files_alone_are_deletable_and_counted() -> None:
    fake = fake_with("organization_staff")
    sent = ATTACHMENT | {"code": "OK", "size": 2 * 1024 * 1024}
    added = ATTACHMENT | {"id": ADDED_ID, "code": "OK", "size": 1024 * 1024,
                          "uploaded_at": "2026-04-11T09:00:00+09:00"}
    fake.on("GET", f"/organizations/filings/{APP_ID}", lambda r: httpx.Response(200, json=(
        APPLICATION | {"procedure": "USE", "state": "submitted", "status": "returned",
                       "kind": "new", "organization_id": APP_ID, "details": {},
                       "attachments": [sent, added]})))
    fake.on("GET", f"/organizations/filings/{APP_ID}/corrections",
            lambda r: httpx.Response(200, json=[OLDER, NEWEST]))
    c = signed_in(fake, "ja")
    try:
        page = c.get(f"/usage-request/{APP_ID}").text
        assert f'action="/usage-request/{APP_ID}/attachments/{ADDED_ID}/delete"' in page
        assert f'/attachments/{sent["id"]}/delete' not in page  # sent with the filing: stays
        assert "残り 19 ファイル / 19.0 MB" in page
        assert "<legend>Certificate</legend>" in page and "<legend>Seal</legend>" not in page
    finally:
        c.__exit__(None, None, None)
