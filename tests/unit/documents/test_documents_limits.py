"""Per-filing limits and the bilingual messages (SPEC §5)."""

from __future__ import annotations

from residency_contracts.attachments import VerdictCode
from residency_documents.checks import (
    USAGE_REQUEST_MAX_BYTES,
    Verdict,
    check_limits,
    message,
)

MB = 1024 * 1024


def test_twenty_files_within_25_mb_are_within_the_application_limits() -> None:
    assert check_limits([MB] * 20) is None
    assert check_limits([25 * MB]) is None


def test_a_twenty_first_file_is_refused_as_limit_files() -> None:
    result = check_limits([1] * 21)
    assert result is not None and result.code == VerdictCode.LIMIT_FILES
    assert "20" in result.message_ja and "20" in result.message_en


def test_more_than_25_mb_in_total_including_the_photo_is_refused_as_limit_size() -> None:
    result = check_limits([20 * MB, 5 * MB, 1])
    assert result is not None and result.code == VerdictCode.LIMIT_SIZE
    assert "25 MB" in result.message_en


def test_usage_requests_are_limited_to_20_mb() -> None:
    assert check_limits([20 * MB], max_total_bytes=USAGE_REQUEST_MAX_BYTES) is None
    result = check_limits([20 * MB + 1], max_total_bytes=USAGE_REQUEST_MAX_BYTES)
    assert result is not None and result.code == VerdictCode.LIMIT_SIZE


def test_every_code_has_a_japanese_and_an_english_message() -> None:
    for code in VerdictCode:
        ja, en = message(code)
        assert ja and en and ja != en
        assert any("\u3040" <= char <= "\u30ff" for char in ja), code


def test_refusals_tell_the_person_what_to_do_next() -> None:
    for code in VerdictCode:
        if code is not VerdictCode.OK:
            ja, en = message(code)
            assert "ください" in ja, code
            assert "attach" in en.lower() or "try again" in en, code


def test_a_verdict_is_ok_only_for_the_ok_code() -> None:
    assert Verdict.of(VerdictCode.OK).ok
    assert not Verdict.of(VerdictCode.PDF_ENCRYPTED).ok
