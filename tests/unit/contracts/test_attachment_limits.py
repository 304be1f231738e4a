"""The attachment limits of SPEC §5 — the one rule intake enforces on every upload and
documents' CLI applies: ≤20 files and ≤25 MB in total including the photo for applications,
≤20 PDFs and ≤20 MB for usage requests and periodic reports; a correction answer's files are a
set of their own with the same limits."""

import pytest
from residency_contracts.attachments import (
    APPLICATION_LIMITS,
    MB,
    ORGANIZATION_FILING_LIMITS,
    AttachmentKind,
    LimitRefusal,
    VerdictCode,
    bytes_left,
    limit_exceeded,
)

APPLICATION, ORGANIZATION = APPLICATION_LIMITS, ORGANIZATION_FILING_LIMITS


def test_the_limits_are_the_ones_spec_section_5_states() -> None:
    assert (APPLICATION.max_files, APPLICATION.max_total_bytes) == (20, 25 * MB)
    assert (ORGANIZATION.max_files, ORGANIZATION.max_total_bytes) == (20, 20 * MB)


def test_twenty_files_of_25_mb_in_all_fit_an_application() -> None:
    assert limit_exceeded(APPLICATION, 20, 25 * MB) is None
    assert limit_exceeded(APPLICATION, 1, 25 * MB) is None


def test_a_twenty_first_file_is_refused_as_limit_files() -> None:
    assert limit_exceeded(APPLICATION, 21, 21) is LimitRefusal.FILES
    assert limit_exceeded(ORGANIZATION, 21, 21) is LimitRefusal.FILES


def test_one_byte_over_25_mb_including_the_photo_is_refused_as_limit_size() -> None:
    assert limit_exceeded(APPLICATION, 3, 20 * MB + 5 * MB + 1,
                          AttachmentKind.PHOTO) is LimitRefusal.SIZE


def test_usage_requests_and_periodic_reports_stop_at_20_mb() -> None:
    assert limit_exceeded(ORGANIZATION, 1, 20 * MB) is None
    assert limit_exceeded(ORGANIZATION, 1, 20 * MB + 1) is LimitRefusal.SIZE


def test_one_file_alone_may_use_the_whole_total() -> None:
    assert limit_exceeded(APPLICATION, 1, 25 * MB + 1) is LimitRefusal.SIZE


def test_an_application_takes_documents_and_a_photo() -> None:
    for kind in AttachmentKind:
        assert limit_exceeded(APPLICATION, 1, 1, kind) is None


def test_a_usage_request_or_report_takes_no_photo() -> None:
    assert limit_exceeded(ORGANIZATION, 1, 1, AttachmentKind.DOCUMENT) is None
    assert limit_exceeded(ORGANIZATION, 1, 1, AttachmentKind.PHOTO) is LimitRefusal.KIND


def test_the_count_is_judged_before_the_size() -> None:
    assert limit_exceeded(APPLICATION, 21, 30 * MB) is LimitRefusal.FILES


def test_the_next_file_may_have_what_is_left_of_the_total() -> None:
    assert bytes_left(APPLICATION, 0) == 25 * MB
    assert bytes_left(APPLICATION, 24 * MB) == MB
    assert bytes_left(ORGANIZATION, 24 * MB) == 0  # already over: nothing, never negative
    used = 10 * MB
    assert limit_exceeded(APPLICATION, 2, used + bytes_left(APPLICATION, used)) is None
    assert limit_exceeded(APPLICATION, 2, used + bytes_left(APPLICATION, used) + 1) \
        is LimitRefusal.SIZE


@pytest.mark.parametrize("refusal", [LimitRefusal.FILES, LimitRefusal.SIZE])
def test_the_count_and_size_refusals_are_the_verdict_codes_files_get(
        refusal: LimitRefusal) -> None:
    assert VerdictCode(refusal.value).value == refusal.value
