"""Favorites (お気に入り): procedures a user marked, shown on their own page only."""

from datetime import datetime

import asyncpg

from ..accounts.sessions import Principal
from .service import COLUMNS, entry_from, load_entry, summary
from .views import ProcedureSummary


async def add(pool: asyncpg.Pool, who: Principal, code: str, now: datetime) -> None:
    """Idempotent: marking a favorite twice keeps one mark (and its first date)."""
    entry = await load_entry(pool, code)
    await pool.execute(
        "INSERT INTO procedure_favorites (user_id, procedure, created_at) VALUES ($1, $2, $3) "
        "ON CONFLICT DO NOTHING", who.user_id, entry["code"], now)


async def remove(pool: asyncpg.Pool, who: Principal, code: str) -> None:
    """Idempotent: removing a procedure that is not a favorite changes nothing."""
    entry = await load_entry(pool, code)
    await pool.execute("DELETE FROM procedure_favorites WHERE user_id = $1 AND procedure = $2",
                       who.user_id, entry["code"])


async def of(pool: asyncpg.Pool, who: Principal, now: datetime) -> list[ProcedureSummary]:
    """The user's favorites, most recently marked first."""
    cols = ", ".join(f"p.{c.strip()}" for c in COLUMNS.split(","))
    rows = await pool.fetch(
        f"SELECT {cols} FROM procedure_favorites f JOIN procedures p ON p.code = f.procedure "
        "WHERE f.user_id = $1 ORDER BY f.created_at DESC, p.code", who.user_id)
    return [summary(entry_from(r), now) for r in rows]
