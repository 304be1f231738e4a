"""Login and sessions: opaque random tokens, stored hashed, ending after idle time."""

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

import asyncpg

from ..adapters.passwords import hash_password, verify_password
from ..errors import ApiError

MAX_FAILURES = 5
LOCK_FOR = timedelta(hours=24)


@dataclass(frozen=True)
class Principal:
    user_id: UUID
    role: str
    email: str
    organization_id: UUID | None
    bureau: str
    max_photo_age_months: int


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_hex(8))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _bad_credentials() -> ApiError:
    return ApiError(401, "INVALID_CREDENTIALS", "利用者IDまたはパスワードが正しくありません。",
                    "The user ID or password is not correct.")


async def login(pool: asyncpg.Pool, login_id: str, password: str, now: datetime) -> str:
    async with pool.acquire() as conn, conn.transaction():
        user = await conn.fetchrow(
            "SELECT id, password_hash, failed_logins, locked_until FROM users "
            "WHERE login_id = $1 FOR UPDATE", login_id)
        if user is None:
            verify_password(_dummy_hash(), password)
            raise _bad_credentials()  # same answer and similar time as a wrong password
        if user["locked_until"] and user["locked_until"] > now:
            raise ApiError(423, "ACCOUNT_LOCKED",
                           "アカウントがロックされています。パスワードを再設定してください。",
                           "The account is locked. Reset your password to unlock it.")
        if not verify_password(user["password_hash"], password):
            failures = user["failed_logins"] + 1
            await conn.execute(
                "UPDATE users SET failed_logins = $2, locked_until = $3 WHERE id = $1",
                user["id"], 0 if failures >= MAX_FAILURES else failures,
                now + LOCK_FOR if failures >= MAX_FAILURES else None)
            raise _bad_credentials()
        await conn.execute(
            "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1", user["id"])
        token = secrets.token_urlsafe(32)
        await conn.execute(
            "INSERT INTO sessions (token_hash, user_id, last_seen_at) VALUES ($1, $2, $3)",
            _hash(token), user["id"], now)
        return token


async def authenticate(pool: asyncpg.Pool, token: str, now: datetime, idle: timedelta
                       ) -> Principal:
    row = await pool.fetchrow(
        """UPDATE sessions s SET last_seen_at = $2 FROM users u
           LEFT JOIN organizations o ON o.id = u.organization_id
           WHERE s.token_hash = $1 AND s.user_id = u.id AND s.last_seen_at > $3
           RETURNING u.id, u.role, u.email, u.organization_id,
                     coalesce(u.bureau, o.bureau, '東') AS bureau,
                     coalesce(o.max_photo_age_months, 6) AS max_photo_age_months""",
        _hash(token), now, now - idle)
    if row is None:
        raise ApiError(401, "UNAUTHENTICATED", "ログインしてください（セッションが終了しました）。",
                       "Log in again (no session, or it ended).")
    return Principal(row["id"], row["role"], row["email"], row["organization_id"],
                     row["bureau"], row["max_photo_age_months"])
