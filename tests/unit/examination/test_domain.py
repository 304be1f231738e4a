from datetime import date

import pytest
from residency_contracts import ApplicationStatus, Procedure
from residency_examination.domain import (
    Application,
    IllegalTransition,
    provisional_receipt_number,
    receipt_number,
)


def test_receipt_numbers_carry_bureau_online_marker_procedure_year_and_serial() -> None:
    assert receipt_number("福", Procedure.EXT, date(2023, 5, 1), 0) == "福オンEP23000000"
    assert receipt_number("東", Procedure.COE, date(2026, 4, 1), 42) == "東オンCE26000042"


def test_provisional_numbers_are_marked_and_never_equal_a_receipt_number() -> None:
    p = provisional_receipt_number("東", Procedure.EXT, date(2026, 4, 1), 7)
    assert p == "仮東オンEP26000007" and p != receipt_number("東", Procedure.EXT, date(2026, 4, 1), 7)


def test_a_filed_application_goes_pending_then_filed_with_sequences() -> None:
    app = Application()
    app.apply("receive")
    app.apply("accept")
    assert app.changes == [(None, ApplicationStatus.PENDING, 1),
                           (ApplicationStatus.PENDING, ApplicationStatus.FILED, 2)]


def test_an_application_cannot_be_accepted_twice() -> None:
    app = Application()
    app.apply("receive")
    app.apply("accept")
    with pytest.raises(IllegalTransition):
        app.apply("accept")
