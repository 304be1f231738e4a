"""A receipt-method change (RCV) applies only until examination ends."""

from residency_contracts import ApplicationStatus
from residency_examination.receipt_method import changeable


def test_receipt_method_changes_only_until_examination_ends() -> None:
    allowed = {s for s in ApplicationStatus if changeable(s)}
    assert allowed == {ApplicationStatus.PENDING, ApplicationStatus.FILED,
                       ApplicationStatus.EXAMINING}


def test_an_application_examination_has_not_received_cannot_change_its_receipt_method() -> None:
    assert not changeable(None)
