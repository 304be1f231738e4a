"""Parsing and matching for the status list (SPEC §6). Pure."""

from datetime import date, datetime, time, timedelta

from residency_contracts import PROCEDURE_NAMES, TOKYO, Procedure

from .rules import Problem

PAGE_SIZES = (10, 20, 50)


def parse_day(value: str | None, field: str) -> date | Problem | None:
    """A YYYYMMDD filing date, or a Problem naming the field."""
    if value is None or value == "":
        return None
    try:
        if len(value) != 8 or not value.isdigit():
            raise ValueError(value)
        return datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        return Problem.of(field, "INVALID_DATE")


def day_range(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """[start 00:00, end+1 00:00) in Japan time, as aware datetimes."""
    lo = datetime.combine(start, time(), TOKYO) if start else None
    hi = datetime.combine(end + timedelta(days=1), time(), TOKYO) if end else None
    return lo, hi


def paging_problems(page: int, per_page: int) -> list[Problem]:
    problems = []
    if per_page not in PAGE_SIZES:
        problems.append(Problem.of("per_page", "INVALID_PAGE_SIZE"))
    if page < 1 or page > 100_000:
        problems.append(Problem.of("page", "INVALID_PAGE"))
    return problems


def matching_procedures(keywords: str) -> list[Procedure]:
    """Procedures whose Japanese or English name contains every space-separated keyword."""
    words = [w.casefold() for w in keywords.replace("\u3000", " ").split()]
    return [p for p, (ja, en) in PROCEDURE_NAMES.items()
            if all(w in f"{ja} {en} {p.value}".casefold() for w in words)]
