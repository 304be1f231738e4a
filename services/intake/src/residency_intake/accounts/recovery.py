"""Forgotten user ID and password reset (SPEC §2). Requests answer the same whatever matched."""

from datetime import datetime

import asyncpg
from residency_contracts import SendPasswordResetLink, SendProfileChanged, SendUserIdReminder

from ..adapters.passwords import PasswordWorkers
from . import links, lockout
from .rules import LinkPurpose
from .sessions import end_all_sessions
from .views import Accepted, LinkInfo

REMINDER_SENT = Accepted(
    message_ja="入力内容が登録情報と一致する場合、登録されたメールアドレスに利用者IDを送信しました。",
    message_en="If the details match an account, its user ID has been sent to the "
               "registered address.")
RESET_SENT = Accepted(
    message_ja="入力内容が登録情報と一致する場合、登録されたメールアドレスにパスワード再設定の"
               "URL（24時間有効）を送信しました。",
    message_en="If the details match an account, a password reset link (valid for 24 hours) "
               "has been sent to the registered address.")


async def remind_user_id(pool: asyncpg.Pool, email: str, latin_name: str) -> Accepted:
    """Mail the user ID(s) registered with this address and Latin name, if any."""
    async with pool.acquire() as conn, conn.transaction():
        rows = await conn.fetch(
            "SELECT login_id, email FROM users WHERE lower(email) = lower($1) "
            "AND latin_name = $2", email, latin_name)
        for row in rows:
            await links.send_mail(conn, SendUserIdReminder(to=[row["email"]],
                                                           login_id=row["login_id"]))
    return REMINDER_SENT


async def request_password_reset(pool: asyncpg.Pool, login_id: str, email: str,
                                 now: datetime, base_url: str) -> Accepted:
    async with pool.acquire() as conn, conn.transaction():
        user = await conn.fetchrow(
            "SELECT id, email FROM users WHERE login_id = $1 AND lower(email) = lower($2) "
            "AND disabled_at IS NULL",
            login_id, email)
        if user is not None:
            link = await links.create(conn, LinkPurpose.PASSWORD_RESET, email=user["email"],
                                      user_id=user["id"], now=now, base_url=base_url)
            await links.send_mail(conn, SendPasswordResetLink(
                to=[user["email"]], link=link.url, expires_at=link.expires_at))
    return RESET_SENT


async def show_reset_link(pool: asyncpg.Pool, token: str, now: datetime) -> LinkInfo:
    async with pool.acquire() as conn:
        opened = await links.open_link(conn, token, LinkPurpose.PASSWORD_RESET, now,
                                       consume=False)
    return LinkInfo(email=opened.email, expires_at=opened.expires_at)


async def reset_password(pool: asyncpg.Pool, passwords: PasswordWorkers, token: str,
                         password: str, now: datetime) -> None:
    """Set the new password, unlock the account at once, end its sessions and revoke its other
    reset and email-change links. The link is checked before the password is hashed (a bad
    token costs no hashing); the hash is computed off the event loop, no connection held."""
    await show_reset_link(pool, token, now)
    password_hash = await passwords.hash(password)
    async with pool.acquire() as conn, conn.transaction():
        opened = await links.open_link(conn, token, LinkPurpose.PASSWORD_RESET, now,
                                       consume=True)
        email = await conn.fetchval(  # a reset unlocks at once
            "UPDATE users SET password_hash = $2, failed_logins = $3, locked_until = $4 "
            "WHERE id = $1 RETURNING email", opened.user_id, password_hash,
            lockout.UNLOCKED.failures, lockout.UNLOCKED.locked_until)
        await end_all_sessions(conn, opened.user_id)  # type: ignore[arg-type]
        await links.revoke_account_links(conn, opened.user_id, now)  # type: ignore[arg-type]
        await links.send_mail(conn, SendProfileChanged(to=[email], change="password"))
