"""Pure rules of organization access: organization staff file for others only while their
organization's approved usage request (or periodic report) is valid; each approval runs on
from the later of the approval and the current expiry."""

from datetime import datetime, timedelta

from .rules import Problem

CODES = {"none": "ORGANIZATION_ACCESS_REQUIRED", "expired": "ORGANIZATION_ACCESS_EXPIRED"}


def access_state(expires_at: datetime | None, now: datetime) -> str:
    """none (never approved), approved, or expired."""
    if expires_at is None:
        return "none"
    return "approved" if now < expires_at else "expired"


def access_problem(role: str, organization_id: object, expires_at: datetime | None,
                   now: datetime) -> Problem | None:
    """Organization staff file for others only while their organization's access is valid."""
    if role != "organization_staff":
        return None
    state = "none" if organization_id is None else access_state(expires_at, now)
    return Problem.of(None, CODES[state]) if state in CODES else None


def renewed_expiry(current: datetime | None, approved_at: datetime, days: int) -> datetime:
    """A new approval runs `days` from the later of the approval and the current expiry."""
    start = max(current, approved_at) if current else approved_at
    return start + timedelta(days=days)


def may_act_on_filing(*, is_filer: bool, staff_of_its_organization: bool, procedure: str,
                      approved: bool) -> bool:
    """Who may read, attach to, file or answer a usage request or periodic report.

    A usage request: its filer always; the staff of the organization it names once it is
    approved (an additional usage request names an organization its filer does not belong to
    yet: until approved it is the filer's alone). A periodic report is the organization's: its
    staff, the filer only while still one of them (a removed member loses it)."""
    if procedure == "USE":
        return is_filer or (staff_of_its_organization and approved)
    return staff_of_its_organization
