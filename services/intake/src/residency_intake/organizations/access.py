"""Organization access: what an approval grants, and the organization as its staff see it.
(Who may file for others: applications.guards.organization_problem.)"""

from datetime import datetime
from uuid import UUID

import asyncpg

from ..accounts.sessions import Principal
from ..domain.organization_access import access_state, renewed_expiry
from ..errors import ApiError
from .views import OrganizationView


async def grant(conn: asyncpg.Connection, application_id: UUID, approved_at: datetime,
                days: int) -> bool:
    """Apply an approved usage request / periodic report once (False if unknown or done).

    USE: the filer becomes a member (with the drafts they started); a new request starts
    the organization's access.
    RPT (and a new USE of an organization approved before): access runs `days` more."""
    filing = await conn.fetchrow(
        "SELECT f.procedure, f.kind, f.organization_id, f.filed_by, o.access_expires_at "
        "FROM organization_filings f JOIN organizations o ON o.id = f.organization_id "
        "WHERE f.application_id = $1 FOR UPDATE OF o", application_id)
    if filing is None:
        return False
    extends = filing["procedure"] == "RPT" or filing["kind"] == "new"
    expires_at = (renewed_expiry(filing["access_expires_at"], approved_at, days)
                  if extends else None)
    done = await conn.fetchval(
        "INSERT INTO organization_access_grants (application_id, organization_id, procedure, "
        "member, granted_at, expires_at) VALUES ($1,$2,$3,$4,$5,$6) "
        "ON CONFLICT DO NOTHING RETURNING true", application_id, filing["organization_id"],
        filing["procedure"], filing["filed_by"] if filing["procedure"] == "USE" else None,
        approved_at, expires_at)
    if not done:
        return False
    if filing["procedure"] == "USE":
        await conn.execute(
            "UPDATE users SET organization_id = $2 WHERE id = $1 AND organization_id IS NULL",
            filing["filed_by"], filing["organization_id"])
        await conn.execute(  # drafts started before joining become the organization's
            "UPDATE applications SET organization_id = $2, "
            "bureau = (SELECT bureau FROM organizations WHERE id = $2) WHERE created_by = $1 "
            "AND organization_id IS NULL AND state = 'draft'",
            filing["filed_by"], filing["organization_id"])
    if expires_at is not None:
        await conn.execute("UPDATE organizations SET access_expires_at = $2 WHERE id = $1",
                           filing["organization_id"], expires_at)
    return True


async def organization_of(pool: asyncpg.Pool, who: Principal, now: datetime
                          ) -> OrganizationView:
    row = await pool.fetchrow("SELECT id, name, bureau, access_expires_at FROM organizations "
                              "WHERE id = $1", who.organization_id)
    if row is None:
        raise ApiError(404, "ORGANIZATION_NOT_FOUND")
    return OrganizationView(**dict(row), access=access_state(row["access_expires_at"], now))
