"""No online filing on the last day of the period of stay (SPEC §3), nor after it: both are
refused with a message to go to the counter. Days are Japan calendar days (the caller passes
today in Asia/Tokyo). Pure."""

from datetime import date

from .rules import Problem

FIELD = "content.current_status.expiry_date"


def filing_day_problem(expiry: date, today: date) -> Problem | None:
    """Whether a person whose period of stay ends on `expiry` may file online `today`."""
    if expiry == today:
        return Problem.of(FIELD, "LAST_DAY_OF_STAY")
    if expiry < today:
        return Problem.of(FIELD, "PERIOD_EXPIRED")
    return None
