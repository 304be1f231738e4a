"""One live application per person and procedure (SPEC §3)."""

from residency_intake.domain.one_live_application import duplicate_problem

FIELD = "content.identity"


def test_a_first_application_is_not_a_duplicate() -> None:
    assert duplicate_problem([], FIELD) is None


def test_an_application_in_progress_blocks_a_new_one() -> None:
    for status in ("pending", "filed", "examining", "returned", "ready"):
        problem = duplicate_problem(["completed", status], FIELD)
        assert problem is not None and problem.code == "DUPLICATE_LIVE_APPLICATION"
        assert problem.field == FIELD and problem.ja and problem.en


def test_a_filing_examination_has_not_received_yet_blocks_a_new_one() -> None:
    assert duplicate_problem([None], FIELD) is not None


def test_once_every_earlier_one_is_completed_or_denied_the_person_may_file_again() -> None:
    assert duplicate_problem(["completed", "denied", "completed"], FIELD) is None
