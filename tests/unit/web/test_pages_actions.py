"""What the pages send to intake for the smaller tasks: an additional usage request, a change
of receipt method, reusing an earlier application (flagged fields highlighted)."""

import json

import httpx

from tests.unit.web.fake_intake import FakeIntake, csrf_of
from tests.unit.web.test_pages_render import APP_ID, APPLICATION, fake_with, signed_in


def _sent(fake: FakeIntake, method: str, path: str) -> dict:  # type: ignore[type-arg]
    call = next(c for c in reversed(fake.calls) if c.method == method and c.url.path == path)
    return json.loads(call.content)  # type: ignore[no-any-return]


def test_an_additional_usage_request_names_the_organization_not_a_new_one() -> None:
    fake = fake_with("organization_staff")
    fake.on("POST", "/organizations/usage-requests",
            lambda r: httpx.Response(201, json={"id": APP_ID}))
    c = signed_in(fake, "ja")
    try:
        page = c.get("/usage-request")
        r = c.post("/usage-request", data={
            "csrf": csrf_of(page.text), "kind": "additional", "organization_id": APP_ID,
            "first_request_office": "Tokyo", "organization.name": "ignored"},
            follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/usage-request/{APP_ID}"
        assert _sent(fake, "POST", "/organizations/usage-requests") == {
            "kind": "additional", "organization_id": APP_ID, "first_request_office": "Tokyo"}
    finally:
        c.__exit__(None, None, None)


def _detail_answering(fake: FakeIntake, **changes: object) -> None:
    fake.on("GET", f"/applications/{APP_ID}",
            lambda r: httpx.Response(200, json=APPLICATION | changes))


def test_a_locked_receipt_method_is_explained_on_the_detail_page() -> None:
    fake = fake_with("foreign_national")
    # examined meanwhile: the page offered the change, intake refuses it
    _detail_answering(fake, state="submitted", status="examining")
    fake.on("POST", f"/applications/{APP_ID}/receipt-method", lambda r: httpx.Response(409, json={
        "code": "RECEIPT_METHOD_LOCKED", "message_ja": "変更できません。",
        "message_en": "It can no longer be changed.", "errors": [
            {"field": "receipt_method", "code": "RECEIPT_METHOD_LOCKED",
             "message_ja": "変更できません。", "message_en": "It can no longer be changed."}]}))
    c = signed_in(fake, "en")
    try:
        page = c.get(f"/applications/{APP_ID}")
        r = c.post(f"/applications/{APP_ID}/receipt-method",
                   data={"csrf": csrf_of(page.text), "receipt_method": "counter",
                         "counter_bureau": "Tokyo"})
        assert _sent(fake, "POST", f"/applications/{APP_ID}/receipt-method") == {
            "receipt_method": "counter", "counter_bureau": "Tokyo"}
        assert "Receipt method: It can no longer be changed." in r.text
        assert 'id="f-receipt_method-error"' in r.text
    finally:
        c.__exit__(None, None, None)


def test_the_receipt_method_change_is_offered_right_after_filing_and_not_once_ready() -> None:
    fake = fake_with("foreign_national")
    c = signed_in(fake, "ja")
    try:
        _detail_answering(fake, state="submitted", status="pending", status_ja="処理待ち")
        page = c.get(f"/applications/{APP_ID}").text
        assert f'action="/applications/{APP_ID}/receipt-method"' in page
        assert '<option value="mail" selected>' in page and '<option value="counter">' in page
        _detail_answering(fake, state="submitted", status="ready")
        assert "/receipt-method" not in c.get(f"/applications/{APP_ID}").text
    finally:
        c.__exit__(None, None, None)


def test_a_coe_offers_its_certificate_by_email_or_post_without_a_counter() -> None:
    fake = fake_with("foreign_national")
    c = signed_in(fake, "en")
    try:
        _detail_answering(fake, procedure="COE", state="submitted", status="filed",
                          content=APPLICATION["content"] | {"receipt_method": "email"})
        fake.on("POST", f"/applications/{APP_ID}/receipt-method", lambda r: httpx.Response(
            202, json={"application_id": APP_ID, "accepted": True,
                       "detail": "receipt_method_change_requested"}))
        page = c.get(f"/applications/{APP_ID}").text
        assert '<option value="email" selected>' in page
        assert '<option value="post">By post (paper)</option>' in page
        assert '<option value="mail"' not in page and 'name="counter_bureau"' not in page
        r = c.post(f"/applications/{APP_ID}/receipt-method",
                   data={"csrf": csrf_of(page), "receipt_method": "post"})
        assert _sent(fake, "POST", f"/applications/{APP_ID}/receipt-method") == {
            "receipt_method": "post"}
        assert r.status_code == 200
    finally:
        c.__exit__(None, None, None)


def test_reuse_fills_the_form_and_highlights_the_fields_whose_rule_changed() -> None:
    fake = fake_with("foreign_national")
    fake.on("POST", f"/applications/{APP_ID}/reuse", lambda r: httpx.Response(201, json={
        "id": APP_ID, "procedure": "EXT", "saved_at": "2026-04-01T09:00:00+09:00",
        "content": {"identity": {"latin_name": "SAMPLE,TARO"}, "desired_period": "2 years"},
        "flagged_fields": ["content.current_status.period_of_stay"]}))
    c = signed_in(fake, "ja")
    try:
        page = c.get(f"/applications/{APP_ID}")
        r = c.post(f"/applications/{APP_ID}/reuse", data={"csrf": csrf_of(page.text)})
        assert str(r.url).endswith("/apply/EXT")
        assert 'value="SAMPLE,TARO"' in r.text
        assert "規則が変わったため入力し直してください" in r.text
        assert 'href="#f-content-current_status-period_of_stay"' in r.text
    finally:
        c.__exit__(None, None, None)


def test_a_bulk_row_fixed_in_the_table_sends_its_failing_cells_and_swaps_the_table() -> None:
    fake = fake_with("organization_staff")
    fake.on("PUT", "/bulk/EXT/rows/1", lambda r: httpx.Response(200, json={"status": "ok"}))
    c = signed_in(fake, "ja")
    try:
        page = c.get("/bulk/EXT")
        assert 'name="cell:identity.latin_name"' in page.text  # the input is in the table
        r = c.post("/bulk/EXT/rows/1/inline", headers={"HX-Request": "true"},
                   data={"csrf": csrf_of(page.text), "cell:identity.latin_name": "LOWER,CASE"})
        assert _sent(fake, "PUT", "/bulk/EXT/rows/1") == {
            "cells": {"identity.latin_name": "LOWER,CASE"}}
        assert r.text.lstrip().startswith('<div id="bulk-rows"')  # the fragment, not a page
    finally:
        c.__exit__(None, None, None)


def test_a_cesr_is_checked_by_its_number_without_logging_in() -> None:
    fake = FakeIntake()
    fake.on("POST", "/cesr/verify", lambda r: httpx.Response(200, json={
        "genuine": True, "cesr_number": "東オンCESR26000001", "issued": True,
        "issued_at": "2026-04-20T11:00:00+09:00", "valid_until": "2026-07-20",
        "expired": False, "signature_valid": None, "unaltered": None, "problems": []}))
    from tests.unit.web.fake_intake import client

    with client(fake) as c:
        page = c.get("/cesr/verify")
        r = c.post("/cesr/verify", data={"csrf": csrf_of(page.text),
                                         "cesr_number": "東オンCESR26000001"})
        assert _sent(fake, "POST", "/cesr/verify") == {"cesr_number": "東オンCESR26000001"}
        assert "本システムが交付した有効な証明書です" in r.text and "2026-07-20" in r.text


def test_save_draft_keeps_the_ticked_simultaneous_applications_and_load_brings_them_back(
        ) -> None:
    fake = fake_with("foreign_national")
    saved: dict = {}  # type: ignore[type-arg]

    def put(r: httpx.Request) -> httpx.Response:
        saved.update(json.loads(r.content))
        return httpx.Response(200, json=saved | {"id": APP_ID, "procedure": "EXT",
                                                 "flagged_fields": [],
                                                 "saved_at": "2026-04-01T09:00:00+09:00"})

    fake.on("PUT", "/drafts/EXT", put)
    fake.on("GET", "/drafts/EXT", lambda r: httpx.Response(200, json=saved | {
        "id": APP_ID, "procedure": "EXT", "flagged_fields": [],
        "saved_at": "2026-04-01T09:00:00+09:00"}))
    c = signed_in(fake, "en")
    try:
        page = c.get("/apply/EXT")
        c.post("/apply/EXT", data={
            "csrf": csrf_of(page.text), "action": "save", "content.reason": "Later.",
            "simultaneous.REE.include": "true", "simultaneous.REE.copy.personal_items": "true",
            "simultaneous.REE.copy.agent": "true",
            "simultaneous.REE.content.destination": "SAMPLELAND"})
        assert _sent(fake, "PUT", "/drafts/EXT")["simultaneous"] == [
            {"procedure": "REE", "content": {"purpose_undecided": False,
                                             "destination": "SAMPLELAND"},
             "copy": {"personal_items": True, "legal_representative": False, "agent": True}}]
        # Another session (the form empty): loading the draft ticks and fills REE again.
        other = signed_in(fake, "en")
        try:
            empty = other.get("/apply/EXT")
            assert 'value="SAMPLELAND"' not in empty.text
            r = other.post("/apply/EXT", data={"csrf": csrf_of(empty.text), "action": "load"})
            assert 'value="SAMPLELAND"' in r.text and 'value="Later."' not in r.text
            assert 'id="f-simultaneous-REE-include" name="simultaneous.REE.include" ' \
                   'value="true" checked' in r.text
            assert 'name="simultaneous.REE.copy.personal_items" value="true" checked' in r.text
            assert 'name="simultaneous.REE.copy.agent" value="true" checked' in r.text
            assert 'name="simultaneous.REE.copy.legal_representative" value="true" checked' \
                not in r.text
            assert 'name="simultaneous.ACT.include" value="true" checked' not in r.text
        finally:
            other.__exit__(None, None, None)
    finally:
        c.__exit__(None, None, None)


def test_a_refused_simultaneous_field_in_a_draft_is_shown_at_its_control() -> None:
    fake = fake_with("foreign_national")
    fake.on("PUT", "/drafts/CHG", lambda r: httpx.Response(422, json={
        "code": "VALIDATION_FAILED", "message_ja": "入力内容に誤りがあります。",
        "message_en": "Some fields are wrong.", "errors": [
            {"field": "simultaneous[0].content.weekly_hours", "code": "INT_PARSING",
             "message_ja": "整数で入力してください。", "message_en": "Enter a whole number."}]}))
    c = signed_in(fake, "en")
    try:
        page = c.get("/apply/CHG")
        r = c.post("/apply/CHG", data={
            "csrf": csrf_of(page.text), "action": "save", "simultaneous.ACT.include": "true",
            "simultaneous.ACT.content.weekly_hours": "many"})
        assert r.status_code == 422
        assert 'id="f-simultaneous-ACT-content-weekly_hours-error"' in r.text
        assert "Enter a whole number." in r.text
    finally:
        c.__exit__(None, None, None)


def test_reuse_brings_back_the_simultaneous_applications_with_their_flagged_fields() -> None:
    fake = fake_with("foreign_national")
    fake.on("POST", f"/applications/{APP_ID}/reuse", lambda r: httpx.Response(201, json={
        "id": APP_ID, "procedure": "EXT", "saved_at": "2026-04-01T09:00:00+09:00",
        "content": {"identity": {"latin_name": "SAMPLE,TARO"}},
        "simultaneous": [{"procedure": "WRK", "content": {},
                          "copy": {"personal_items": True, "legal_representative": False,
                                   "agent": False}}],
        "flagged_fields": ["simultaneous[0].content.activity_description"]}))
    c = signed_in(fake, "ja")
    try:
        page = c.get(f"/applications/{APP_ID}")
        r = c.post(f"/applications/{APP_ID}/reuse", data={"csrf": csrf_of(page.text)})
        assert str(r.url).endswith("/apply/EXT")
        assert 'name="simultaneous.WRK.include" value="true" checked' in r.text
        assert 'href="#f-simultaneous-WRK-content-activity_description"' in r.text
    finally:
        c.__exit__(None, None, None)


def test_the_receipt_method_change_procedure_leads_to_the_applications() -> None:
    from tests.unit.web.test_pages_render import PROCEDURE

    fake = fake_with("foreign_national")
    fake.on("GET", "/procedures/RCV", lambda r: httpx.Response(200, json=PROCEDURE | {
        "code": "RCV", "name_ja": "受領方法変更申出", "name_en": "Change of receipt method",
        "standalone": False, "bulk": False}))
    c = signed_in(fake, "ja")
    try:
        page = c.get("/procedures/RCV").text
        assert "詳細画面で行います" in page and 'href="/applications">申請状況を確認する' in page
    finally:
        c.__exit__(None, None, None)
