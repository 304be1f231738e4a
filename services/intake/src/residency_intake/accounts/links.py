"""Emailed one-time links: random token, only its hash stored, with purpose and 24 h expiry."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

import asyncpg
from pydantic import BaseModel
from residency_contracts.topics import SEND_EMAIL
from residency_messaging.outbox import enqueue

from ..errors import ApiError
from .rules import LINK_VALID_FOR, LinkPurpose, digest, new_link_token

# Where each link points: GET shows what the link is for, POST (or GET for email change) acts.
PATHS = {LinkPurpose.REGISTRATION: "/accounts/registration",
         LinkPurpose.PASSWORD_RESET: "/accounts/password-reset",
         LinkPurpose.EMAIL_CHANGE: "/accounts/email-change"}


@dataclass(frozen=True)
class Link:
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class OpenedLink:
    email: str
    user_id: UUID | None
    expires_at: datetime


async def create(conn: asyncpg.Connection, purpose: LinkPurpose, *, email: str,
                 user_id: UUID | None, now: datetime, base_url: str) -> Link:
    token = new_link_token()
    expires_at = now + LINK_VALID_FOR
    await conn.execute(
        "INSERT INTO account_links (token_hash, purpose, email, user_id, created_at, expires_at)"
        " VALUES ($1,$2,$3,$4,$5,$6)", digest(token), purpose.value, email, user_id, now,
        expires_at)
    return Link(f"{base_url.rstrip('/')}{PATHS[purpose]}?token={token}", expires_at)


async def open_link(conn: asyncpg.Connection, token: str, purpose: LinkPurpose, now: datetime,
                    *, consume: bool) -> OpenedLink:
    """The link's data; with consume=True it is marked used (in the caller's transaction)."""
    row = await conn.fetchrow(
        "SELECT email, user_id, expires_at, used_at FROM account_links "
        "WHERE token_hash = $1 AND purpose = $2 FOR UPDATE", digest(token), purpose.value)
    if row is None or row["used_at"] is not None:
        raise ApiError(400, "LINK_INVALID", field="token")
    if row["expires_at"] <= now:
        raise ApiError(410, "LINK_EXPIRED", field="token",
                       hours=LINK_VALID_FOR // timedelta(hours=1))
    if consume:
        await conn.execute("UPDATE account_links SET used_at = $2 WHERE token_hash = $1",
                           digest(token), now)
    return OpenedLink(row["email"], row["user_id"], row["expires_at"])


async def revoke_account_links(conn: asyncpg.Connection, user_id: UUID, now: datetime) -> None:
    """Every outstanding password-reset and email-change link of the account stops working
    (after a reset, a password change or an email change)."""
    await conn.execute(
        "UPDATE account_links SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL "
        "AND purpose = ANY($3::text[])", user_id, now,
        [LinkPurpose.PASSWORD_RESET.value, LinkPurpose.EMAIL_CHANGE.value])


async def send_mail(conn: asyncpg.Connection, mail: BaseModel) -> None:
    """Queue an email command in the caller's transaction (transactional outbox)."""
    await enqueue(conn, SEND_EMAIL, mail)
