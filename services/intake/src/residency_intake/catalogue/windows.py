"""Organization intake windows (seed 002): staff set the days their organization accepts a
procedure; filing outside them is refused (see reception.window_problem)."""

import asyncpg

from ..accounts.sessions import Principal
from ..errors import ApiError, problem_errors
from . import reception
from .service import load_entry
from .views import IntakeWindows, IntakeWindowsIn, WindowIn

ORGANIZATION_ONLY = frozenset({"USE", "RPT"})  # filed by the organization for itself


async def _read(conn: asyncpg.Pool | asyncpg.Connection, who: Principal,
                code: str) -> IntakeWindows:
    rows = await conn.fetch(
        "SELECT start_date, end_date FROM intake_windows WHERE organization_id = $1 "
        "AND procedure = $2 ORDER BY start_date", who.organization_id, code)
    return IntakeWindows(procedure=code, windows=[
        WindowIn(start=r["start_date"], end=r["end_date"]) for r in rows])


async def get(pool: asyncpg.Pool, who: Principal, code: str) -> IntakeWindows:
    return await _read(pool, who, (await load_entry(pool, code))["code"])


async def put(pool: asyncpg.Pool, who: Principal, code: str,
              body: IntakeWindowsIn) -> IntakeWindows:
    """Replace the organization's windows for one procedure, in one transaction."""
    code = (await load_entry(pool, code))["code"]
    if code in ORGANIZATION_ONLY:
        raise ApiError(422, "WINDOW_NOT_APPLICABLE", field="code")
    wanted = [reception.Window(w.start, w.end) for w in body.windows]
    problems = reception.windows_problems(wanted)
    if problems:
        raise ApiError(422, "VALIDATION_FAILED", errors=problem_errors(problems))
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1::text || $2))",
                           str(who.organization_id), code)
        await conn.execute("DELETE FROM intake_windows WHERE organization_id = $1 "
                           "AND procedure = $2", who.organization_id, code)
        await conn.executemany(
            "INSERT INTO intake_windows (organization_id, procedure, start_date, end_date) "
            "VALUES ($1, $2, $3, $4)",
            [(who.organization_id, code, w.start, w.end) for w in wanted])
        return await _read(conn, who, code)
