import pytest
from pydantic import ValidationError
from residency_contracts import AttachmentKind, VerdictCode
from residency_devstack.samples import ext_content
from residency_intake.domain import rules
from residency_intake.domain.content import ExtensionContent


def test_a_complete_extension_validates() -> None:
    assert ExtensionContent.model_validate(ext_content()).identity.latin_name == "SAMPLE,TARO"


@pytest.mark.parametrize("status", ["diplomat", "temporary_visitor"])
def test_diplomat_and_temporary_visitor_cannot_be_filed_online(status: str) -> None:
    data = ext_content()
    data["current_status"]["status_of_residence"] = status
    with pytest.raises(ValidationError) as info:
        ExtensionContent.model_validate(data)
    err = info.value.errors()[0]
    assert err["loc"] == ("current_status", "status_of_residence")
    assert err["type"] == "status_not_eligible" and "外交" in err["ctx"]["ja"]


@pytest.mark.parametrize(("field", "value"), [
    ("latin_name", "Sample,Taro"), ("latin_name", "SAMPLE TARO"), ("latin_name", "A," + "B" * 103),
    ("phone", "03-1234-5678"), ("phone", "0123456789012"), ("passport_number", "te 1"),
])
def test_identity_fields_follow_the_formats_of_the_form(field: str, value: str) -> None:
    data = ext_content()
    data["identity"][field] = value
    with pytest.raises(ValidationError) as info:
        ExtensionContent.model_validate(data)
    assert info.value.errors()[0]["loc"] == ("identity", field)


def test_residence_card_number_is_two_letters_eight_digits_two_letters() -> None:
    data = ext_content()
    data["current_status"]["residence_card_number"] = "AB1234567CD"
    with pytest.raises(ValidationError):
        ExtensionContent.model_validate(data)


def test_both_confirmations_are_required() -> None:
    data = ext_content(content_true=False)
    with pytest.raises(ValidationError) as info:
        ExtensionContent.model_validate(data)
    assert info.value.errors()[0]["type"] == "confirmation_required"


def test_a_rejected_attachment_blocks_filing_with_its_reason() -> None:
    states = [rules.AttachmentState(AttachmentKind.PHOTO, VerdictCode.OK),
              rules.AttachmentState(AttachmentKind.DOCUMENT, VerdictCode.PDF_ENCRYPTED, "ja", "en")]
    problems, pending = rules.attachment_problems(states)
    assert [(p.field, p.code) for p in problems] == [("attachments[1]", "PDF_ENCRYPTED")]
    assert not pending


def test_filing_needs_a_photo_and_waits_for_pending_checks() -> None:
    problems, pending = rules.attachment_problems(
        [rules.AttachmentState(AttachmentKind.DOCUMENT, None)])
    assert [p.code for p in problems] == ["PHOTO_REQUIRED"] and pending


def test_applicant_key_identifies_the_person_across_applications_and_depends_on_the_secret(
) -> None:
    extension = ExtensionContent.model_validate(ext_content(passport_number="TZ1000001"))
    # The same person filing again with other answers (another period, e-mail, reason).
    again = ExtensionContent.model_validate(
        ext_content(expiry="2027-06-30", notification_email="other@example.com",
                    passport_number="TZ1000001")
        | {"reason": "Another reason."})
    someone_else = ExtensionContent.model_validate(ext_content(passport_number="TZ9999999"))
    key = rules.applicant_key(extension, "s1")
    assert rules.applicant_key(again, "s1") == key
    assert rules.applicant_key(someone_else, "s1") != key
    assert rules.applicant_key(extension, "s2") != key
    assert extension.identity.passport_number not in key
