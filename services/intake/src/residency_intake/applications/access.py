"""Who sees what: staff their organization's applications, other filers their own,
examiners (read only) the filed applications of their bureau."""

from typing import Any
from uuid import UUID

import asyncpg

from ..accounts.sessions import Principal
from ..errors import ApiError

EXAMINER = "examiner"
STAFF = "organization_staff"


def not_found() -> ApiError:
    return ApiError(404, "APPLICATION_NOT_FOUND")


# Usage requests and periodic reports live behind /organizations (their own limits and rules).
NOT_ORGANIZATION_FILING = "{a}.procedure NOT IN ('USE', 'RPT')"


def scope(who: Principal, first: int, alias: str = "a") -> tuple[str, list[Any]]:
    """SQL condition (placeholders from $first) limiting rows to what `who` may see."""
    only_applications = NOT_ORGANIZATION_FILING.format(a=alias)
    if who.role == EXAMINER:
        return (f"{alias}.bureau = ${first} AND {alias}.state = 'submitted' "
                f"AND {only_applications}", [who.bureau])
    # what someone created for an organization stays the organization's: not theirs once
    # they leave it (residency-intake-admin remove-staff)
    own = f"({alias}.created_by = ${{}} AND {alias}.organization_id IS NULL)"
    if who.role == STAFF and who.organization_id is not None:
        return (f"({alias}.organization_id = ${first} OR {own.format(first + 1)}) "
                f"AND {only_applications}", [who.organization_id, who.user_id])
    return f"{own.format(first)} AND {only_applications}", [who.user_id]


def owner_values(who: Principal) -> UUID | None:
    """organization_id stored on what `who` creates (None for individuals)."""
    return who.organization_id if who.role == STAFF else None


async def readable(conn: asyncpg.Connection, who: Principal, app_id: UUID) -> asyncpg.Record:
    cond, args = scope(who, 2)
    row = await conn.fetchrow(f"SELECT * FROM applications a WHERE a.id = $1 AND {cond}",
                              app_id, *args)
    if row is None:
        raise not_found()
    return row


async def owned(conn: asyncpg.Connection, who: Principal, app_id: UUID, *, lock: bool = False
                ) -> asyncpg.Record:
    """An application `who` may change (never for examiners: they only read)."""
    if who.role == EXAMINER:
        raise ApiError(403, "FORBIDDEN")
    cond, args = scope(who, 2)
    row = await conn.fetchrow(
        f"SELECT * FROM applications a WHERE a.id = $1 AND {cond}"
        + (" FOR UPDATE" if lock else ""), app_id, *args)
    if row is None:
        raise not_found()
    return row
