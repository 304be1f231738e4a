"""Login and sessions: opaque random tokens, stored hashed, ending after idle time.

Lockout (SPEC §2): the 5th consecutive wrong password (at login, or as the current password
of a change made in a session) locks the account for 24 h. While locked, every password, right
or wrong, gets the same 423 ACCOUNT_LOCKED and is not even checked, so the lock cannot be used
to go on guessing. An unknown user ID gets 401 INVALID_CREDENTIALS like a wrong password; an ID
shows it exists only once someone has spent 5 failures on it. A password reset (emailed link)
unlocks at once.
"""

import functools
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

import asyncpg

from ..adapters.passwords import hash_password, verify_password
from ..errors import ApiError
from .rules import LOCK_FOR, MAX_FAILURES, digest


@dataclass(frozen=True)
class Principal:
    user_id: UUID
    role: str
    email: str
    organization_id: UUID | None
    bureau: str
    max_photo_age_months: int
    session: str = ""
    """Hash of the session token (what logout ends)."""


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_hex(8))


def bad_credentials(field: str | None = None) -> ApiError:
    return ApiError(401, "INVALID_CREDENTIALS", field=field)


def account_locked() -> ApiError:
    return ApiError(423, "ACCOUNT_LOCKED", failures=MAX_FAILURES,
                    hours=LOCK_FOR // timedelta(hours=1))


async def check_password(conn: asyncpg.Connection, user: asyncpg.Record, password: str,
                         now: datetime) -> bool:
    """Whether `password` is the user's (a row locked FOR UPDATE with id, password_hash,
    failed_logins, locked_until). While locked: 423 without checking. A wrong one counts; the
    5th in a row locks the account. The right one starts the count again."""
    if user["locked_until"] is not None and user["locked_until"] > now:
        raise account_locked()
    if verify_password(user["password_hash"], password):
        await conn.execute(
            "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1", user["id"])
        return True
    failures = user["failed_logins"] + 1
    lock = failures >= MAX_FAILURES
    await conn.execute(
        "UPDATE users SET failed_logins = $2, locked_until = $3 WHERE id = $1",
        user["id"], 0 if lock else failures, now + LOCK_FOR if lock else None)
    return False


USER_FOR_CHECK = ("SELECT id, password_hash, failed_logins, locked_until FROM users "
                  "WHERE {} = $1 FOR UPDATE")


async def login(pool: asyncpg.Pool, login_id: str, password: str, now: datetime) -> str:
    async with pool.acquire() as conn, conn.transaction():
        user = await conn.fetchrow(USER_FOR_CHECK.format("login_id"), login_id)
        if user is None:
            verify_password(_dummy_hash(), password)
            raise bad_credentials()  # same answer and similar time as a wrong password
        if await check_password(conn, user, password, now):
            token = secrets.token_urlsafe(32)
            await conn.execute(
                "INSERT INTO sessions (token_hash, user_id, last_seen_at) VALUES ($1, $2, $3)",
                digest(token), user["id"], now)
            return token
    raise bad_credentials()  # after the commit, so the failure count is kept


def _session_ended() -> ApiError:
    return ApiError(401, "UNAUTHENTICATED")


async def authenticate(pool: asyncpg.Pool, token: str, now: datetime, idle: timedelta
                       ) -> Principal:
    """The session's user; every authenticated call restarts the idle clock."""
    row = await pool.fetchrow(
        """UPDATE sessions s SET last_seen_at = $2 FROM users u
           LEFT JOIN organizations o ON o.id = u.organization_id
           WHERE s.token_hash = $1 AND s.user_id = u.id AND s.last_seen_at > $3
           RETURNING u.id, u.role, u.email, u.organization_id,
                     coalesce(u.bureau, o.bureau, '東') AS bureau,
                     coalesce(o.max_photo_age_months, 6) AS max_photo_age_months""",
        digest(token), now, now - idle)
    if row is None:
        raise _session_ended()
    return Principal(row["id"], row["role"], row["email"], row["organization_id"],
                     row["bureau"], row["max_photo_age_months"], digest(token))


async def extend(pool: asyncpg.Pool, who: Principal, now: datetime, idle: timedelta
                 ) -> datetime:
    """Restart the idle clock (authentication already did); the new end of the session."""
    await pool.execute("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1",
                       who.session, now)
    return now + idle


async def logout(pool: asyncpg.Pool, who: Principal) -> None:
    await pool.execute("DELETE FROM sessions WHERE token_hash = $1", who.session)


async def end_all_sessions(conn: asyncpg.Connection, user_id: UUID) -> None:
    await conn.execute("DELETE FROM sessions WHERE user_id = $1", user_id)
