"""Filing guards that read other rows: one live application per person and procedure,
and the organization's right to file (its approved usage request)."""

from datetime import datetime

import asyncpg

from ..accounts.sessions import Principal
from ..domain import one_live_application
from ..domain.organization_access import access_problem
from ..domain.rules import Problem


async def duplicate_problem(conn: asyncpg.Connection, applicant_key: str, procedure: str,
                            field: str) -> Problem | None:
    """A live application of the same person and procedure (the rule:
    domain/one_live_application.py). Serialized per person and procedure with a
    transaction-scoped advisory lock."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                       f"live|{applicant_key}|{procedure}")
    statuses = await conn.fetch(
        "SELECT status FROM applications WHERE applicant_key = $1 AND procedure = $2 "
        "AND state = 'submitted'", applicant_key, procedure)
    return one_live_application.duplicate_problem((r["status"] for r in statuses), field)


async def organization_problem(conn: asyncpg.Connection, who: Principal, now: datetime
                               ) -> Problem | None:
    """Organization staff may file only with an approved usage request (SPEC §2): None when
    `who` may file; a Problem for staff whose organization lacks valid access."""
    if who.role != "organization_staff":
        return None
    expires_at = None
    if who.organization_id is not None:
        expires_at = await conn.fetchval(
            "SELECT access_expires_at FROM organizations WHERE id = $1", who.organization_id)
    return access_problem(who.role, who.organization_id, expires_at, now)
