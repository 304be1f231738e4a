"""The receipt number comes the day after filing (daily batch, Japan time)."""

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from residency_contracts import TOKYO
from residency_examination.receipt_number_day import (
    due_receipt_number,
    parse_batch_time,
    receipt_cutoff,
)

BATCH = time(0, 5)


def tokyo(*args: int) -> datetime:
    return datetime(*args, tzinfo=TOKYO)  # type: ignore[misc]


def test_before_the_batch_time_only_the_day_before_yesterdays_filings_are_due() -> None:
    assert receipt_cutoff(tokyo(2026, 4, 2, 0, 4), BATCH) == tokyo(2026, 4, 1)


def test_from_the_batch_time_on_everything_filed_before_today_is_due() -> None:
    assert receipt_cutoff(tokyo(2026, 4, 2, 0, 5), BATCH) == tokyo(2026, 4, 2)
    assert receipt_cutoff(tokyo(2026, 4, 2, 23, 59), BATCH) == tokyo(2026, 4, 2)


def test_the_cutoff_follows_the_tokyo_calendar_not_utc() -> None:
    # 2026-04-01 15:10 UTC is 2026-04-02 00:10 in Tokyo: after that day's batch.
    assert receipt_cutoff(datetime(2026, 4, 1, 15, 10, tzinfo=UTC), BATCH) == tokyo(2026, 4, 2)


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1),
                    timezones=st.just(UTC)))
def test_a_filing_is_never_numbered_on_its_own_tokyo_day(filed_at: datetime) -> None:
    same_day_end = datetime.combine(filed_at.astimezone(TOKYO).date(), time(23, 59), TOKYO)
    assert not filed_at < receipt_cutoff(same_day_end, BATCH)
    next_day_batch = datetime.combine(
        filed_at.astimezone(TOKYO).date() + timedelta(days=1), BATCH, TOKYO)
    assert filed_at < receipt_cutoff(next_day_batch, BATCH)


def test_batch_time_is_hours_and_minutes() -> None:
    assert parse_batch_time("00:05") == BATCH
    with pytest.raises(ValueError):
        parse_batch_time("5 past midnight")


def test_a_filing_made_just_before_midnight_is_due_at_the_next_mornings_batch() -> None:
    filed = tokyo(2026, 4, 1, 23, 59)
    assert not due_receipt_number(filed, tokyo(2026, 4, 2, 0, 4), BATCH)
    assert due_receipt_number(filed, tokyo(2026, 4, 2, 0, 5), BATCH)


def test_a_filing_made_just_after_midnight_waits_a_whole_day() -> None:
    filed = tokyo(2026, 4, 2, 0, 1)
    assert not due_receipt_number(filed, tokyo(2026, 4, 2, 23, 59), BATCH)
    assert due_receipt_number(filed, tokyo(2026, 4, 3, 0, 5), BATCH)
