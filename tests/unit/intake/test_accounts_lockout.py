"""The lockout rule: 5 wrong passwords in a row lock for 24 h; the right one resets the count."""

from datetime import UTC, datetime, timedelta

from residency_intake.accounts.lockout import (
    LOCK_FOR,
    MAX_FAILURES,
    UNLOCKED,
    Standing,
    after_failure,
    after_success,
    locks_now,
)

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


def test_the_fifth_wrong_password_in_a_row_locks_for_24_hours_and_clears_the_count() -> None:
    assert (MAX_FAILURES, LOCK_FOR) == (5, timedelta(hours=24))
    standing = UNLOCKED
    for n in range(1, 5):
        standing = after_failure(standing, T0)
        assert standing == Standing(n, None) and not standing.locked(T0)
    fifth = after_failure(standing, T0)
    assert fifth == Standing(0, T0 + timedelta(hours=24))
    assert locks_now(standing, fifth, T0)


def test_the_lock_lasts_until_24_hours_after_the_fifth_failure() -> None:
    locked = Standing(0, T0 + LOCK_FOR)
    assert locked.locked(T0 + LOCK_FOR - timedelta(seconds=1))
    assert not locked.locked(T0 + LOCK_FOR)


def test_the_right_password_starts_the_count_again() -> None:
    assert after_success(Standing(4, None), T0) == UNLOCKED
    assert after_failure(after_success(Standing(4, None), T0), T0) == Standing(1, None)


def test_nothing_changes_while_locked_right_or_wrong() -> None:
    locked = Standing(0, T0 + LOCK_FOR)
    later = T0 + timedelta(hours=1)
    assert after_failure(locked, later) == locked
    assert after_success(locked, later) == locked
    assert not locks_now(locked, after_failure(locked, later), later)


def test_after_the_lock_ends_failures_count_from_zero() -> None:
    expired = Standing(0, T0)
    assert after_failure(expired, T0 + timedelta(seconds=1)) == Standing(1, None)
