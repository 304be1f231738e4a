import pytest
from residency_contracts import ApplicationStatus, Procedure
from residency_examination.domain import (
    Application,
    IllegalTransition,
    Role,
)


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


def test_allows_answers_what_apply_would_do_without_changing_anything() -> None:
    app = Application(ApplicationStatus.EXAMINING, 3, Procedure.COE)
    assert app.allows("approve", Role.EXAMINER)
    assert not app.allows("approve", Role.FILER)
    assert not app.allows("take", Role.EXAMINER)
    assert app.status is ApplicationStatus.EXAMINING and app.changes == []
