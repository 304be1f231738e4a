"""Which attachment its filer may still delete: any before filing; once filed, only the files
added for an open correction answer."""

from datetime import UTC, datetime, timedelta

from residency_intake.domain.attachment_removal import removal_problem

REQUESTED = datetime(2026, 4, 10, 9, 0, tzinfo=UTC)


def test_any_file_of_an_unfiled_application_can_be_deleted() -> None:
    assert removal_problem(False, None, REQUESTED - timedelta(days=3)) is None


def test_a_filed_application_without_an_open_correction_keeps_its_files() -> None:
    problem = removal_problem(True, None, REQUESTED)
    assert problem is not None and problem.code == "ALREADY_FILED"
    assert problem.field == "attachment_id" and problem.ja and problem.en


def test_while_returned_a_file_added_for_the_answer_can_be_deleted() -> None:
    assert removal_problem(True, REQUESTED, REQUESTED) is None
    assert removal_problem(True, REQUESTED, REQUESTED + timedelta(minutes=5)) is None


def test_while_returned_a_file_sent_before_the_request_stays() -> None:
    problem = removal_problem(True, REQUESTED, REQUESTED - timedelta(seconds=1))
    assert problem is not None and problem.code == "ATTACHMENT_ALREADY_SENT"
    assert "削除" in problem.ja and "deleted" in problem.en
