"""Filing guards that read other rows: one live application per person and procedure,
and the organization's right to file (its approved usage request)."""

from datetime import datetime

import asyncpg
from residency_contracts import TERMINAL_STATUSES

from ..accounts.sessions import Principal
from ..domain.organization_access import access_problem
from ..domain.rules import Problem

FINISHED = sorted(s.value for s in TERMINAL_STATUSES)


async def duplicate_problem(conn: asyncpg.Connection, applicant_key: str, procedure: str,
                            field: str) -> Problem | None:
    """A live (filed, not completed or denied) application of the same person and procedure.
    Serialized per person and procedure with a transaction-scoped advisory lock."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                       f"live|{applicant_key}|{procedure}")
    live = await conn.fetchval(
        "SELECT 1 FROM applications WHERE applicant_key = $1 AND procedure = $2 "
        "AND state = 'submitted' AND coalesce(status, 'pending') <> ALL($3::text[]) LIMIT 1",
        applicant_key, procedure, FINISHED)
    if live is None:
        return None
    return Problem.of(field, "DUPLICATE_LIVE_APPLICATION")


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
