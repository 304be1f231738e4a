"""Reception periods and organizations' intake windows (pure), with explicit dates."""

from datetime import UTC, date, datetime

from residency_intake.catalogue.reception import (
    JST,
    Window,
    filing_problem,
    windows_problems,
)

START = datetime(2025, 10, 8, 0, 0, tzinfo=JST)
END = datetime(2026, 3, 31, 0, 0, tzinfo=JST)
TERM = [Window(date(2026, 1, 10), date(2026, 1, 20)), Window(date(2026, 3, 1), date(2026, 3, 5))]


def test_before_the_reception_start_filing_is_closed_with_the_opening_time() -> None:
    # 2025-10-07 14:59 UTC is 23:59 in Tokyo: still the day before the start
    problem = filing_problem(START, None, [], datetime(2025, 10, 7, 14, 59, tzinfo=UTC))
    assert problem is not None and problem.code == "RECEPTION_CLOSED"
    assert problem.field == "procedure"
    assert "2025年10月8日 00時00分" in problem.ja and "2025-10-08 00:00" in problem.en


def test_from_the_start_in_japan_time_filing_is_open() -> None:
    assert filing_problem(START, None, [], datetime(2025, 10, 7, 15, 0, tzinfo=UTC)) is None


def test_from_the_reception_end_on_filing_is_closed() -> None:
    assert filing_problem(START, END, [], datetime(2026, 3, 30, 14, 59, tzinfo=UTC)) is None
    problem = filing_problem(START, END, [], datetime(2026, 3, 30, 15, 0, tzinfo=UTC))
    assert problem is not None and problem.code == "RECEPTION_CLOSED"
    assert "2026年3月31日 00時00分まで" in problem.ja and "to 2026-03-31 00:00" in problem.en


def test_windows_are_whole_days_in_japan_both_ends_included() -> None:
    assert filing_problem(START, None, TERM, datetime(2026, 1, 10, 0, 0, tzinfo=JST)) is None
    assert filing_problem(START, None, TERM, datetime(2026, 1, 20, 23, 59, tzinfo=JST)) is None
    # 2026-01-09 15:00 UTC is already 2026-01-10 in Tokyo
    assert filing_problem(START, None, TERM, datetime(2026, 1, 9, 15, 0, tzinfo=UTC)) is None


def test_between_windows_the_next_window_is_named() -> None:
    problem = filing_problem(START, None, TERM, datetime(2026, 2, 1, 12, 0, tzinfo=JST))
    assert problem is not None and problem.code == "OUTSIDE_INTAKE_WINDOW"
    assert "2026年3月1日" in problem.ja and "2026-03-01" in problem.en
    assert "2026-03-05" in problem.en


def test_after_the_last_window_filing_is_refused_without_a_next_date() -> None:
    problem = filing_problem(START, None, TERM, datetime(2026, 3, 6, 0, 0, tzinfo=JST))
    assert problem is not None and problem.code == "OUTSIDE_INTAKE_WINDOW"
    assert "終了" in problem.ja


def test_the_reception_period_is_checked_before_the_windows() -> None:
    windows = [Window(date(2025, 10, 1), date(2025, 10, 31))]
    problem = filing_problem(START, None, windows, datetime(2025, 10, 2, tzinfo=JST))
    assert problem is not None and problem.code == "RECEPTION_CLOSED"


def test_windows_must_end_after_they_start_and_not_overlap() -> None:
    [backwards] = windows_problems([Window(date(2026, 2, 2), date(2026, 2, 1))])
    assert backwards.field == "windows.0.end" and backwards.code == "WINDOW_ENDS_BEFORE_START"
    [overlap] = windows_problems([Window(date(2026, 3, 1), date(2026, 3, 9)),
                                  Window(date(2026, 1, 1), date(2026, 3, 1))])
    assert overlap.code == "WINDOW_OVERLAP" and overlap.field == "windows.0.start"
    assert windows_problems(TERM) == [] and windows_problems([]) == []
