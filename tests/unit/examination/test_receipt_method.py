"""A receipt-method change (RCV) applies only until examination ends, and only between the
methods of the application's kind: a COE's certificate by email or post, a card by mail or at a
counter."""

from residency_contracts import ApplicationStatus
from residency_examination.receipt_method import changeable, fits, methods_for


def test_receipt_method_changes_only_until_examination_ends() -> None:
    allowed = {s for s in ApplicationStatus if changeable(s)}
    assert allowed == {ApplicationStatus.PENDING, ApplicationStatus.FILED,
                       ApplicationStatus.EXAMINING}


def test_an_application_examination_has_not_received_cannot_change_its_receipt_method() -> None:
    assert not changeable(None)


def test_a_coe_changes_its_certificate_between_email_and_post_only() -> None:
    assert methods_for("COE") == ("email", "post")
    assert fits("COE", "post") and fits("COE", "email")
    assert not fits("COE", "mail") and not fits("COE", "counter")


def test_other_procedures_change_the_card_between_mail_and_counter_only() -> None:
    assert methods_for("EXT") == methods_for("WRK") == ("mail", "counter")
    assert not fits("EXT", "email") and not fits("CHG", "post")
