"""Login and sessions: opaque random tokens, stored hashed, ending after idle time and at the
latest a fixed time after login (absolute lifetime), or when the account is disabled.

Lockout (the rule: lockout.py): while locked, every password, right or wrong, gets the same
423 ACCOUNT_LOCKED and is not even checked. An unknown user ID, and a disabled account, get
401 INVALID_CREDENTIALS like a wrong password.

Passwords are verified off the event loop (PasswordWorkers) and never while holding a pool
connection or a row lock: read the account, release the connection, verify, then record the
outcome in a short transaction that re-reads the account's standing under a row lock, so
concurrent failures each count and an account locked meanwhile stays locked.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from uuid import UUID

import asyncpg

from ..adapters.passwords import PasswordWorkers
from ..errors import ApiError
from . import lockout
from .rules import digest


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
    started_at: datetime | None = None
    """When the session began (login); it ends `session_max_hours` later at the latest."""


_DUMMY_HASH: list[str] = []


async def _dummy_hash(passwords: PasswordWorkers) -> str:
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(await passwords.hash(secrets.token_hex(8)))
    return _DUMMY_HASH[0]


def bad_credentials(field: str | None = None) -> ApiError:
    return ApiError(401, "INVALID_CREDENTIALS", field=field)


def account_locked() -> ApiError:
    return ApiError(423, "ACCOUNT_LOCKED", failures=lockout.MAX_FAILURES,
                    hours=lockout.LOCK_FOR // timedelta(hours=1))


class Outcome(Enum):
    RIGHT = "right"
    WRONG = "wrong"
    LOCKED_NOW = "locked_now"
    """Wrong, and this failure locked the account."""


USER_FOR_CHECK = ("SELECT id, password_hash, failed_logins, locked_until, disabled_at "
                  "FROM users WHERE {} = $1")


def _standing(row: asyncpg.Record) -> lockout.Standing:
    return lockout.Standing(row["failed_logins"], row["locked_until"])


async def check_password(pool: asyncpg.Pool, passwords: PasswordWorkers, user: asyncpg.Record,
                         password: str, now: datetime, *, end_sessions_on_lock: bool = False
                         ) -> Outcome:
    """Whether `password` is the user's (`user`: a USER_FOR_CHECK row, read without a lock).
    While locked: 423 without checking. The outcome is recorded per the lockout rule."""
    if _standing(user).locked(now):
        raise account_locked()
    right = await passwords.verify(user["password_hash"], password)  # no connection held
    async with pool.acquire() as conn, conn.transaction():
        row = await conn.fetchrow(
            "SELECT password_hash, failed_logins, locked_until FROM users WHERE id = $1 "
            "FOR UPDATE", user["id"])
        before = _standing(row)
        if before.locked(now):  # locked by another request meanwhile
            raise account_locked()
        if right and row["password_hash"] != user["password_hash"]:
            return Outcome.WRONG  # the password changed meanwhile: not this one, not counted
        after = lockout.after_success(before, now) if right else lockout.after_failure(before, now)
        if after != before:
            await conn.execute(
                "UPDATE users SET failed_logins = $2, locked_until = $3 WHERE id = $1",
                user["id"], after.failures, after.locked_until)
        if right:
            return Outcome.RIGHT
        if lockout.locks_now(before, after, now):
            if end_sessions_on_lock:
                await end_all_sessions(conn, user["id"])
            return Outcome.LOCKED_NOW
    return Outcome.WRONG


async def login(pool: asyncpg.Pool, passwords: PasswordWorkers, login_id: str, password: str,
                now: datetime) -> str:
    user = await pool.fetchrow(USER_FOR_CHECK.format("login_id"), login_id)
    if user is None or user["disabled_at"] is not None:
        await passwords.verify(await _dummy_hash(passwords), password)
        raise bad_credentials()  # same answer and similar time as a wrong password
    if await check_password(pool, passwords, user, password, now) is not Outcome.RIGHT:
        raise bad_credentials()  # after the commit, so the failure count is kept
    token = secrets.token_urlsafe(32)
    await pool.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) "
        "VALUES ($1, $2, $3, $3)", digest(token), user["id"], now)
    return token


def _session_ended() -> ApiError:
    return ApiError(401, "UNAUTHENTICATED")


async def authenticate(pool: asyncpg.Pool, token: str, now: datetime, idle: timedelta,
                       lifetime: timedelta) -> Principal:
    """The session's user; every authenticated call restarts the idle clock. A session older
    than `lifetime`, or of a disabled account, has ended however active."""
    row = await pool.fetchrow(
        """UPDATE sessions s SET last_seen_at = $2 FROM users u
           LEFT JOIN organizations o ON o.id = u.organization_id
           WHERE s.token_hash = $1 AND s.user_id = u.id AND s.last_seen_at > $3
             AND s.created_at > $4 AND u.disabled_at IS NULL
           RETURNING u.id, u.role, u.email, u.organization_id, s.created_at,
                     coalesce(u.bureau, o.bureau, '東') AS bureau,
                     coalesce(o.max_photo_age_months, 6) AS max_photo_age_months""",
        digest(token), now, now - idle, now - lifetime)
    if row is None:
        raise _session_ended()
    return Principal(row["id"], row["role"], row["email"], row["organization_id"],
                     row["bureau"], row["max_photo_age_months"], digest(token),
                     row["created_at"])


async def extend(pool: asyncpg.Pool, who: Principal, now: datetime, idle: timedelta,
                 lifetime: timedelta) -> datetime:
    """Restart the idle clock (authentication already did); the new end of the session (never
    past its absolute lifetime)."""
    await pool.execute("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1",
                       who.session, now)
    ends = now + idle
    return ends if who.started_at is None else min(ends, who.started_at + lifetime)


async def logout(pool: asyncpg.Pool, who: Principal) -> None:
    await pool.execute("DELETE FROM sessions WHERE token_hash = $1", who.session)


async def end_all_sessions(conn: asyncpg.Connection, user_id: UUID) -> None:
    await conn.execute("DELETE FROM sessions WHERE user_id = $1", user_id)
