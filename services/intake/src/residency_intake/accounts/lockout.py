"""The lockout rule (SPEC §2), pure: 5 wrong passwords in a row lock the account for 24 h.

- A wrong password (at login, or as the current password of a change) counts; the 5th in a
  row locks the account for 24 h from that failure and starts the count again.
- The right password starts the count again.
- While locked, no password is checked: right or wrong, the answer is the same 423
  ACCOUNT_LOCKED, so the lock cannot be used to go on guessing. A failure or success decided
  while the account was not yet locked but recorded after another request locked it changes
  nothing (the account stays locked; the answer is 423).
- A password reset (emailed link) unlocks at once (`UNLOCKED`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_FAILURES = 5
LOCK_FOR = timedelta(hours=24)


@dataclass(frozen=True)
class Standing:
    """An account's place in the rule: consecutive failures and the end of its lock."""

    failures: int = 0
    locked_until: datetime | None = None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


UNLOCKED = Standing()


def after_failure(standing: Standing, now: datetime) -> Standing:
    """One more wrong password (a no-op while locked)."""
    if standing.locked(now):
        return standing
    failures = standing.failures + 1
    if failures >= MAX_FAILURES:
        return Standing(0, now + LOCK_FOR)
    return Standing(failures, None)


def after_success(standing: Standing, now: datetime) -> Standing:
    """The right password: the count starts again (a no-op while locked)."""
    return standing if standing.locked(now) else UNLOCKED


def locks_now(before: Standing, after: Standing, now: datetime) -> bool:
    """Whether this failure is the one that locked the account."""
    return after.locked(now) and not before.locked(now)
