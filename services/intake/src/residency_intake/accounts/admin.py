"""Operator actions on accounts (`residency-intake-admin`): disable or enable an account, and
remove a staff member from their organization. The SPEC has no screen for either (the
organization has no administrator role), so they are operator commands.

- Disabling ends every session of the account at once (and `authenticate` refuses sessions of a
  disabled account anyway), revokes its outstanding reset and email-change links, and login
  then answers 401 INVALID_CREDENTIALS like an unknown user ID, whatever the password. A reset
  link is no longer mailed to it. Enabling lets it log in again (its password unchanged).
- Removing a staff member takes them out of their organization: their sessions end (so no open
  session keeps acting for the organization), they can no longer file for others, read or
  change the organization's applications, filings or bulk uploads; what they filed stays with
  the organization. They may file a new (additional) usage request later.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from . import links
from .sessions import end_all_sessions


class AdminError(Exception):
    """The action cannot be done (unknown account, not staff, ...): the message says why."""


@dataclass(frozen=True)
class Done:
    user_id: UUID
    changed: bool
    """False when the account already was in the asked state."""


async def _user(conn: asyncpg.Connection, login_id: str) -> asyncpg.Record:
    row = await conn.fetchrow("SELECT id, role, organization_id, disabled_at FROM users "
                              "WHERE login_id = $1 FOR UPDATE", login_id)
    if row is None:
        raise AdminError(f"no account has the user ID {login_id!r}")
    return row


async def disable_account(pool: asyncpg.Pool, login_id: str, now: datetime) -> Done:
    async with pool.acquire() as conn, conn.transaction():
        user = await _user(conn, login_id)
        if user["disabled_at"] is None:
            await conn.execute("UPDATE users SET disabled_at = $2 WHERE id = $1", user["id"], now)
        await end_all_sessions(conn, user["id"])
        await links.revoke_account_links(conn, user["id"], now)
    return Done(user["id"], user["disabled_at"] is None)


async def enable_account(pool: asyncpg.Pool, login_id: str) -> Done:
    async with pool.acquire() as conn, conn.transaction():
        user = await _user(conn, login_id)
        await conn.execute("UPDATE users SET disabled_at = NULL WHERE id = $1", user["id"])
    return Done(user["id"], user["disabled_at"] is not None)


async def remove_staff(pool: asyncpg.Pool, login_id: str) -> Done:
    async with pool.acquire() as conn, conn.transaction():
        user = await _user(conn, login_id)
        if user["role"] != "organization_staff":
            raise AdminError(f"{login_id} is not organization staff")
        if user["organization_id"] is not None:
            await conn.execute("UPDATE users SET organization_id = NULL WHERE id = $1",
                               user["id"])
            await end_all_sessions(conn, user["id"])
    return Done(user["id"], user["organization_id"] is not None)
