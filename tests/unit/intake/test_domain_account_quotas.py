"""Per-account quotas on applications not yet filed and on the bytes of their files."""

from residency_contracts.attachments import MB
from residency_intake.domain.account_quotas import (
    GB,
    AccountQuotas,
    new_draft_problem,
    storage_left,
    storage_problem,
)
from residency_intake.settings import IntakeSettings

QUOTAS = AccountQuotas(max_open_drafts=3, max_stored_bytes=100 * MB)


def test_an_account_may_start_applications_up_to_the_quota() -> None:
    assert new_draft_problem(QUOTAS, 0) is None
    assert new_draft_problem(QUOTAS, 2) is None


def test_past_the_quota_the_answer_says_to_file_or_delete_drafts() -> None:
    problem = new_draft_problem(QUOTAS, 3)
    assert problem is not None and problem.code == "TOO_MANY_DRAFTS"
    assert "3件" in problem.ja and "削除" in problem.ja and "申請" in problem.ja
    assert "at most 3" in problem.en and "delete" in problem.en.lower()
    assert "file" in problem.en.lower()


def test_files_may_fill_the_storage_quota_exactly() -> None:
    assert storage_problem(QUOTAS, 60 * MB, 40 * MB) is None
    assert storage_left(QUOTAS, 60 * MB) == 40 * MB


def test_one_byte_past_the_storage_quota_is_refused_with_what_to_do() -> None:
    problem = storage_problem(QUOTAS, 60 * MB, 40 * MB + 1)
    assert problem is not None and problem.code == "STORAGE_QUOTA_EXCEEDED"
    assert problem.field == "file" and "削除" in problem.ja and "delete" in problem.en.lower()
    assert storage_left(QUOTAS, 120 * MB) == 0


def test_the_defaults_fit_a_busy_filer_and_bound_an_abuser() -> None:
    fields = IntakeSettings.model_fields
    drafts = fields["max_open_drafts"].default
    stored = fields["max_stored_bytes_per_account"].default
    # a filer keeping 100 applications open, each with 20 MB of files, stays within them …
    assert drafts >= 100 and stored >= 100 * 20 * MB
    # … while one account cannot keep more than a few GB unfiled.
    assert stored <= 4 * GB
