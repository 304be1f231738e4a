"""Forms as data: a submitted form becomes intake's request body and a body (a saved draft)
fills the form again; simultaneous applications and their refusals find their controls."""

from residency_web.forms import (
    FORMS,
    body_from_form,
    column_labels,
    fields_of,
    flagged_controls,
    simultaneous_renames,
    values_from_body,
)


def test_text_is_trimmed_empty_text_left_out_checkboxes_are_booleans() -> None:
    body = body_from_form(FORMS["EXT"], {
        "content.identity.latin_name": "  SAMPLE,TARO ", "content.identity.phone": "",
        "content.content_true": "true"})
    assert body == {"content": {"identity": {"latin_name": "SAMPLE,TARO",
                                             "criminal_record": False},
                                "applicant_intent_confirmed": False, "content_true": True}}


def test_a_body_fills_the_form_again() -> None:
    form = {"content.identity.latin_name": "SAMPLE,TARO", "content.desired_period": "2 years",
            "content.current_status.expiry_date": "2027-03-31", "content.content_true": "true"}
    values = values_from_body(FORMS["EXT"], body_from_form(FORMS["EXT"], form))
    assert values["content.identity.latin_name"] == "SAMPLE,TARO"
    assert values["content.current_status.expiry_date"] == "2027-03-31"
    assert values["content.content_true"] is True


def test_a_ticked_simultaneous_application_goes_with_the_main_one_copying_what_is_ticked(
        ) -> None:
    body = body_from_form(FORMS["CHG"], {
        "simultaneous.ACT.include": "true", "simultaneous.ACT.content.weekly_hours": "20",
        "simultaneous.ACT.content.workplace": "SAMPLE CAFE",
        "simultaneous.REE.include": "true", "simultaneous.REE.copy.personal_items": "true",
        "simultaneous.REE.copy.agent": "true",
        "simultaneous.REE.content.identity.latin_name": "copied: not sent",
        "simultaneous.REE.content.permit_type": "multiple",
        "simultaneous.REE.content.purpose_undecided": "true",
        "simultaneous.WRK.content.activity_description": "not ticked: not sent"})
    assert body["simultaneous"] == [
        {"procedure": "REE", "content": {"permit_type": "multiple", "purpose_undecided": True},
         "copy": {"personal_items": True, "legal_representative": False, "agent": True}},
        {"procedure": "ACT", "content": {"weekly_hours": 20, "workplace": "SAMPLE CAFE"},
         "copy": {"personal_items": False, "legal_representative": False, "agent": False}}]
    renames = simultaneous_renames(body, ["simultaneous[1].content.job_type", "content.reason"])
    assert renames == {"simultaneous[1].content.job_type": "simultaneous.ACT.content.job_type"}
    values = values_from_body(FORMS["CHG"], body)
    assert values["simultaneous.REE.include"] is True
    assert values["simultaneous.REE.copy.personal_items"] is True
    assert values["simultaneous.REE.copy.legal_representative"] is False
    assert values["simultaneous.ACT.content.weekly_hours"] == 20


def test_personal_items_not_copied_the_simultaneous_application_has_its_own_identity() -> None:
    body = body_from_form(FORMS["EXT"], {
        "simultaneous.WRK.include": "true",
        "simultaneous.WRK.content.identity.latin_name": "SAMPLE,HANAKO",
        "simultaneous.WRK.content.identity.nationality": "VNM",
        "simultaneous.WRK.content.activity_description": "Research."})
    wrk = body["simultaneous"][0]
    assert wrk["content"]["identity"] == {"latin_name": "SAMPLE,HANAKO", "nationality": "VNM",
                                          "criminal_record": False}
    assert wrk["copy"]["personal_items"] is False
    renames = simultaneous_renames(body, ["simultaneous[0].content.identity.sex"])
    assert renames == {"simultaneous[0].content.identity.sex":
                       "simultaneous.WRK.content.identity.sex"}
    assert "simultaneous.WRK.content.identity.sex" in {f.name for f in fields_of(FORMS["EXT"])}
    values = values_from_body(FORMS["EXT"], body)
    assert values["simultaneous.WRK.content.identity.latin_name"] == "SAMPLE,HANAKO"


def test_an_identity_left_blank_is_not_sent_and_its_controls_follow_the_copy_box() -> None:
    body = body_from_form(FORMS["EXT"], {"simultaneous.ACT.include": "true"})
    assert "identity" not in body["simultaneous"][0]["content"]
    fields = {f.name: f for f in fields_of(FORMS["EXT"])}
    own = fields["simultaneous.ACT.content.identity.nationality"]
    assert own.shown_when == (("simultaneous.ACT.include", True),
                              ("simultaneous.ACT.copy.personal_items", False))
    details = fields["simultaneous.ACT.content.identity.criminal_record_details"]
    assert details.shown_when[-1] == ("simultaneous.ACT.content.identity.criminal_record", True)
    assert fields["simultaneous.ACT.content.workplace"].shown_when == (
        ("simultaneous.ACT.include", True),)
    assert not own.required  # copied, nothing of it is needed


def test_every_form_names_each_field_once_and_the_coe_is_for_someone_abroad() -> None:
    for code, sections in FORMS.items():
        names = [f.name for f in fields_of(sections)]
        assert len(names) == len(set(names)), code
    coe = {f.name: f for f in fields_of(FORMS["COE"])}
    assert not coe["content.identity.address_in_japan"].required
    assert "simultaneous.REE.include" not in coe and "content.current_status.expiry_date" not in coe


def test_a_drafts_simultaneous_part_fills_the_form_each_copy_box_as_saved(
        ) -> None:
    no_copy = {"personal_items": False, "legal_representative": False, "agent": False}
    draft = {"content": {"reason": "Later."}, "simultaneous": [
        {"procedure": "REE", "content": {"permit_type": "single"},
         "copy": no_copy | {"personal_items": True}},
        {"procedure": "WRK", "content": {"activity_description": "Research."}, "copy": no_copy}]}
    values = values_from_body(FORMS["EXT"], draft)
    assert values["simultaneous.REE.include"] is True
    assert values["simultaneous.REE.copy.personal_items"] is True
    assert values["simultaneous.REE.copy.agent"] is False
    assert values["simultaneous.REE.content.permit_type"] == "single"
    assert values["simultaneous.WRK.include"] is True
    assert values["simultaneous.WRK.copy.personal_items"] is False
    assert "simultaneous.ACT.include" not in values


def test_a_reused_drafts_flagged_fields_name_the_forms_controls() -> None:
    draft = {"simultaneous": [{"procedure": "WRK", "content": {}}],
             "flagged_fields": ["content.identity.occupation", "desired_period",
                                "simultaneous[0].content.activity_description"]}
    assert flagged_controls(draft) == [
        "content.identity.occupation", "content.desired_period",
        "simultaneous.WRK.content.activity_description"]


def test_a_mobile_phone_and_the_criminal_records_details_go_in_the_identity() -> None:
    body = body_from_form(FORMS["EXT"], {
        "content.identity.nationality": "NPL", "content.identity.mobile_phone": "09012345678",
        "content.identity.criminal_record": "true",
        "content.identity.criminal_record_details": "A fine in 2020."})
    assert body["content"]["identity"] == {
        "nationality": "NPL", "mobile_phone": "09012345678", "criminal_record": True,
        "criminal_record_details": "A fine in 2020."}


def test_a_bulk_column_is_named_by_the_single_forms_label_for_the_same_field() -> None:
    labels = column_labels("EXT")
    assert labels["identity.latin_name"] == ("latin_name", None)
    assert labels["current_status.residence_card_number"] == ("residence_card_number", None)
    assert labels["REE.permit_type"] == ("permit_type", "simultaneous_REE")
    assert "identity.nationality" in column_labels("COE")
