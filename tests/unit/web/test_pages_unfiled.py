"""An unfiled application can be deleted from its detail page after a confirmation, and its
confirmation page goes back to the form (入力へ戻る) filled from it: registering the corrected
form replaces the old application — only while no file is attached."""

import json
from typing import Any

import httpx

from tests.unit.web.fake_intake import FakeIntake, csrf_of
from tests.unit.web.test_pages_render import APP_ID, APPLICATION, fake_with, signed_in

CHILD_ID = "1c8f2d63-5e7a-4b9f-8d4c-3a2b6e8f0c12"
NEW_ID = "2d9a3e74-6f8b-4cad-9e5d-4b3c7f9a1d23"
IDENTITY = {"latin_name": "SAMPLE,TARO", "nationality": "XXA"}
UNFILED = APPLICATION | {
    "state": "draft", "status": None, "status_ja": None, "reference_number": None,
    "provisional_receipt_number": None, "filed_at": None, "attachments": [],
    "content": {"identity": IDENTITY, "reason": "To keep studying.", "receipt_method": "counter",
                "counter_bureau": "Tokyo"},
    "simultaneous": [{"id": CHILD_ID, "procedure": "REE"}]}
CHILD = UNFILED | {"id": CHILD_ID, "procedure": "REE", "parent_id": APP_ID, "simultaneous": [],
                   "content": {"identity": IDENTITY, "destination": "SAMPLELAND"}}


def _fake(app: dict[str, Any]) -> FakeIntake:
    fake = fake_with("foreign_national")
    fake.on("GET", f"/applications/{APP_ID}", lambda r: httpx.Response(200, json=app))
    fake.on("GET", f"/applications/{CHILD_ID}", lambda r: httpx.Response(200, json=CHILD))
    fake.on("DELETE", f"/applications/{APP_ID}", lambda r: httpx.Response(204))
    fake.on("POST", "/applications", lambda r: httpx.Response(201, json={"id": NEW_ID}))
    return fake


def _calls(fake: FakeIntake, method: str, path: str) -> list[httpx.Request]:
    return [c for c in fake.calls if c.method == method and c.url.path == path]


def test_an_unfiled_application_is_deleted_after_a_confirmation() -> None:
    fake = _fake(UNFILED | {"attachments": APPLICATION["attachments"]})
    c = signed_in(fake, "ja")
    try:
        detail = c.get(f"/applications/{APP_ID}").text
        assert f'href="/applications/{APP_ID}/delete"' in detail
        confirm = c.get(f"/applications/{APP_ID}/delete")
        assert "添付したファイル（2 件）も削除され" in confirm.text
        assert "同時に申請する申請も削除されます" in confirm.text
        assert not _calls(fake, "DELETE", f"/applications/{APP_ID}")  # not before confirming
        r = c.post(f"/applications/{APP_ID}/delete", data={"csrf": csrf_of(confirm.text)},
                   follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/applications"
        assert len(_calls(fake, "DELETE", f"/applications/{APP_ID}")) == 1
        assert "申請を削除しました" in c.get("/applications").text
    finally:
        c.__exit__(None, None, None)


def test_a_filed_application_offers_no_deletion() -> None:
    fake = _fake(APPLICATION | {"state": "submitted"})
    c = signed_in(fake, "ja")
    try:
        assert "/delete" not in c.get(f"/applications/{APP_ID}").text
        r = c.get(f"/applications/{APP_ID}/delete", follow_redirects=False)
        assert r.headers["location"] == f"/applications/{APP_ID}"
    finally:
        c.__exit__(None, None, None)


def test_a_refused_deletion_is_explained_on_the_detail_page() -> None:
    fake = _fake(UNFILED)
    fake.on("DELETE", f"/applications/{APP_ID}", lambda r: httpx.Response(409, json={
        "code": "ALREADY_FILED", "message_ja": "既に申請済みです。",
        "message_en": "It has been filed already.", "errors": []}))
    c = signed_in(fake, "en")
    try:
        confirm = c.get(f"/applications/{APP_ID}/delete")
        r = c.post(f"/applications/{APP_ID}/delete", data={"csrf": csrf_of(confirm.text)})
        assert r.url.path == f"/applications/{APP_ID}"
        assert "It has been filed already." in r.text
    finally:
        c.__exit__(None, None, None)


def test_back_to_the_form_fills_it_and_the_corrected_form_replaces_the_application() -> None:
    fake = _fake(UNFILED)
    c = signed_in(fake, "ja")
    try:
        confirm = c.get(f"/applications/{APP_ID}/confirm")
        assert f'action="/applications/{APP_ID}/back"' in confirm.text
        assert "入力へ戻る" in confirm.text
        form = c.post(f"/applications/{APP_ID}/back", data={"csrf": csrf_of(confirm.text)})
        assert form.url.path == "/apply/EXT" and form.url.params["replace"] == APP_ID
        assert '>To keep studying.</textarea>' in form.text and 'value="SAMPLELAND"' in form.text
        assert 'name="simultaneous.REE.include" value="true" checked' in form.text
        assert 'name="simultaneous.REE.copy.personal_items" value="true" checked' in form.text
        assert f'name="replaces" value="{APP_ID}"' in form.text
        assert "修正前の申請（作成中）は削除され" in form.text
        r = c.post("/apply/EXT", data={
            "csrf": csrf_of(form.text), "action": "next", "replaces": APP_ID,
            "content.identity.latin_name": "SAMPLE,TARO", "content.reason": "Corrected.",
            "simultaneous.REE.include": "true", "simultaneous.REE.copy.personal_items": "true",
            "simultaneous.REE.content.destination": "SAMPLELAND"}, follow_redirects=False)
        assert r.headers["location"] == f"/applications/{NEW_ID}/attachments"
        sent = json.loads(_calls(fake, "POST", "/applications")[-1].content)
        assert sent["content"]["reason"] == "Corrected."
        assert sent["simultaneous"][0]["procedure"] == "REE"
        new, old = fake.calls.index(_calls(fake, "POST", "/applications")[-1]), \
            fake.calls.index(_calls(fake, "DELETE", f"/applications/{APP_ID}")[-1])
        assert new < old  # the old one goes only once the corrected one is registered
    finally:
        c.__exit__(None, None, None)


def test_a_form_opened_afresh_replaces_nothing() -> None:
    fake = _fake(UNFILED)
    c = signed_in(fake, "ja")
    try:
        confirm = c.get(f"/applications/{APP_ID}/confirm")
        c.post(f"/applications/{APP_ID}/back", data={"csrf": csrf_of(confirm.text)})
        fresh = c.get("/apply/EXT")
        assert 'name="replaces"' not in fresh.text
        c.post("/apply/EXT", data={"csrf": csrf_of(fresh.text), "action": "next",
                                   "replaces": "", "content.reason": "Another."})
        assert _calls(fake, "POST", "/applications")
        assert not _calls(fake, "DELETE", f"/applications/{APP_ID}")
    finally:
        c.__exit__(None, None, None)


def test_with_a_file_attached_the_page_says_why_it_cannot_go_back() -> None:
    fake = _fake(UNFILED | {"attachments": APPLICATION["attachments"]})
    c = signed_in(fake, "ja")
    try:
        confirm = c.get(f"/applications/{APP_ID}/confirm")
        assert f'action="/applications/{APP_ID}/back"' not in confirm.text
        assert "ファイルを添付した申請は入力へ戻れません" in confirm.text
        r = c.post(f"/applications/{APP_ID}/back", data={"csrf": csrf_of(confirm.text)},
                   follow_redirects=False)
        assert r.headers["location"] == f"/applications/{APP_ID}/confirm"
        assert not _calls(fake, "DELETE", f"/applications/{APP_ID}")
    finally:
        c.__exit__(None, None, None)


def test_the_confirmation_and_detail_pages_name_the_procedure_not_its_code() -> None:
    fake = _fake(UNFILED)
    c = signed_in(fake, "ja")
    try:
        for path in (f"/applications/{APP_ID}/confirm", f"/applications/{APP_ID}"):
            page = c.get(path).text
            assert "<dd>在留期間更新許可申請</dd>" in page and "<dd>EXT</dd>" not in page, path
        assert "<h1>申込確認</h1>" in c.get(f"/applications/{APP_ID}/confirm").text
    finally:
        c.__exit__(None, None, None)
