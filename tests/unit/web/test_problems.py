"""intake's refusals on a page: at the field and summarized at the top, in the chosen language."""

from residency_web.problems import Problems, field_id, from_error_body

BODY = {"code": "VALIDATION_FAILED", "message_ja": "入力内容に誤りがあります。",
        "message_en": "Some fields are not valid.",
        "errors": [{"field": "content.identity.latin_name", "code": "PATTERN",
                    "message_ja": "ローマ字で入力してください。", "message_en": "Use Latin letters."},
                   {"field": "attachments[0]", "code": "PDF_ENCRYPTED",
                    "message_ja": "暗号化されたPDFです。", "message_en": "The PDF is encrypted."}]}


def test_each_field_error_shows_at_its_field_and_in_the_summary_in_english() -> None:
    problems = from_error_body(BODY, "en", known={"content.identity.latin_name"})
    assert problems.by_field == {"content.identity.latin_name": "Use Latin letters."}
    assert [i.message for i in problems.summary] == ["Use Latin letters.", "The PDF is encrypted."]
    assert problems.summary[0].anchor == "f-content-identity-latin_name"
    assert problems.summary[1].anchor is None  # no control on this page: listed, not linked


def test_japanese_is_the_default_and_a_body_without_items_gives_its_own_message() -> None:
    assert from_error_body(BODY, "ja").summary[0].message == "ローマ字で入力してください。"
    only = from_error_body({"code": "INVALID_CREDENTIALS", "message_ja": "IDまたはパスワードが違います。",
                            "message_en": "Wrong user ID or password.", "errors": []}, "en")
    assert [i.message for i in only.summary] == ["Wrong user ID or password."]


def test_a_body_that_is_not_intakes_shape_still_says_something() -> None:
    assert from_error_body("oops", "en").summary[0].message.startswith("This could not be done")


def test_field_ids_follow_the_form_macros() -> None:
    assert field_id("items[2].note") == "f-items-2-note"


def test_in_the_summary_a_message_is_led_by_its_fields_label() -> None:
    body = {"errors": [{"field": "password", "code": "PASSWORD_LENGTH",
                        "message_ja": "10文字以上にしてください。", "message_en": "Too short."}]}
    ja = from_error_body(body, "ja")
    assert ja.summary[0].message == "パスワード：10文字以上にしてください。"
    assert ja.by_field["password"] == "10文字以上にしてください。"  # at the field, as is
    en = from_error_body(body, "en", labels={"password": "new_password"})
    assert en.summary[0].message == "New password: Too short."


def test_a_refusal_can_be_shown_again_in_the_other_language() -> None:
    ja = from_error_body(BODY, "ja", known={"content.identity.latin_name"})
    en = ja.in_language("en")
    assert en.by_field == {"content.identity.latin_name": "Use Latin letters."}
    assert [i.anchor for i in en.summary] == [i.anchor for i in ja.summary]
    assert en.in_language("ja").by_field == ja.by_field
    assert Problems().in_language("en").rebuild is None  # composed by a page: stays as it is
