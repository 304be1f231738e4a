"""What an application's pages offer follows intake's rules: the receipt-method change while
処理待ち, 申請完了 or 審査中 (a COE's certificate by email or post; a card by mail or at a
counter, counter only with a re-entry permit), deletion and 入力へ戻る for
an unfiled main application — 入力へ戻る only while no file is attached."""

import pytest
from residency_web.application_actions import (
    can_go_back_to_form,
    deletable,
    form_body,
    receipt_methods_offered,
)

FILED = {"id": "a", "procedure": "EXT", "state": "submitted", "status": "pending",
         "content": {"receipt_method": "mail"}, "simultaneous": [], "attachments": [],
         "parent_id": None, "bulk": False}
UNFILED = FILED | {"state": "draft", "status": None}


@pytest.mark.parametrize("status", ["pending", "filed", "examining"])
def test_the_receipt_method_can_be_changed_from_pending_until_examined(status: str) -> None:
    assert receipt_methods_offered(FILED | {"status": status}) == ("mail", "counter")


@pytest.mark.parametrize("status", [None, "returned", "ready", "completed", "denied"])
def test_the_receipt_method_change_is_not_offered_where_intake_always_refuses(
        status: str | None) -> None:
    assert receipt_methods_offered(FILED | {"status": status}) == ()


def test_a_coes_certificate_is_offered_by_email_or_post() -> None:
    coe = FILED | {"procedure": "COE", "content": {"receipt_method": "email"}}
    assert receipt_methods_offered(coe) == ("email", "post")
    assert receipt_methods_offered(coe | {"status": "ready"}) == ()


def test_no_receipt_method_change_for_a_content_without_one() -> None:
    assert receipt_methods_offered(FILED | {"content": {}}) == ()


def test_with_a_reentry_permit_the_card_is_received_at_a_counter_only() -> None:
    app = FILED | {"simultaneous": [{"procedure": "ACT"}, {"procedure": "REE"}]}
    assert receipt_methods_offered(app) == ("counter",)


def test_only_an_unfiled_main_application_outside_a_bulk_upload_can_be_deleted() -> None:
    assert deletable(UNFILED)
    assert not deletable(FILED)
    assert not deletable(UNFILED | {"parent_id": "main"})
    assert not deletable(UNFILED | {"bulk": True})


def test_back_to_the_form_only_while_no_file_is_attached() -> None:
    assert can_go_back_to_form(UNFILED)
    assert not can_go_back_to_form(UNFILED | {"attachments": [{"id": "f"}]})
    assert not can_go_back_to_form(UNFILED, [{"attachments": [{"id": "f"}]}])
    assert not can_go_back_to_form(FILED)


def test_the_form_is_filled_from_the_content_and_copied_sections_are_ticked_as_copied() -> None:
    identity = {"latin_name": "SAMPLE,TARO"}
    app = UNFILED | {"content": {"identity": identity, "receipt_method": "counter"}}
    copied = {"procedure": "REE", "content": {"identity": identity, "trips": "multiple"}}
    own = {"procedure": "ACT", "content": {"identity": {"latin_name": "OTHER,NAME"}}}
    body = form_body(app, [copied, own])
    assert body["content"] == app["content"]
    assert body["simultaneous"] == [
        {"procedure": "REE", "content": {"trips": "multiple"},
         "copy": {"personal_items": True, "legal_representative": False, "agent": False}},
        {"procedure": "ACT", "content": {"identity": {"latin_name": "OTHER,NAME"}},
         "copy": {"personal_items": False, "legal_representative": False, "agent": False}}]
