"""The user's own profile (SPEC §2): view it; change password, phone and email.

Every change is confirmed by an email to the registered (old) address; a new email address
takes effect only when the link mailed to it is opened. Password and email changes need the
current password, and a wrong one counts toward the lockout like at login (sessions.py); the
failure that locks the account also ends all its sessions, so a stolen session cannot go on."""

from datetime import datetime

import asyncpg
from residency_contracts import SendEmailChangeLink, SendProfileChanged

from ..adapters.passwords import PasswordWorkers
from ..errors import ApiError
from . import links
from .registration import email_taken
from .rules import LinkPurpose
from .sessions import USER_FOR_CHECK, Outcome, Principal, check_password
from .views import Accepted, Profile

EMAIL_LINK_SENT = Accepted(
    message_ja="新しいメールアドレスに確認用のURL（24時間有効）を送信しました。URLを開くと変更が完了します。",
    message_en="A confirmation link (valid for 24 hours) has been sent to the new address; "
               "the change takes effect when it is opened.")


async def get_profile(pool: asyncpg.Pool, who: Principal) -> Profile:
    row = await pool.fetchrow(
        "SELECT login_id, role, latin_name, phone, email, organization_id, registered_at "
        "FROM users WHERE id = $1", who.user_id)
    return Profile(user_type=row["role"], **{k: row[k] for k in (
        "login_id", "latin_name", "phone", "email", "organization_id", "registered_at")})


async def confirm_password(pool: asyncpg.Pool, passwords: PasswordWorkers, who: Principal,
                           password: str, now: datetime) -> None:
    """The current password, checked and counted like at login (423 while locked); the
    failure that locks the account ends all its sessions."""
    user = await pool.fetchrow(USER_FOR_CHECK.format("id"), who.user_id)
    if await check_password(pool, passwords, user, password, now,
                            end_sessions_on_lock=True) is Outcome.RIGHT:
        return
    raise ApiError(403, "WRONG_PASSWORD", field="current_password")


async def change_password(pool: asyncpg.Pool, passwords: PasswordWorkers, who: Principal,
                          current: str, new: str, now: datetime) -> None:
    """Needs the current password; other sessions of the user end, this one stays; every
    outstanding reset and email-change link is revoked."""
    await confirm_password(pool, passwords, who, current, now)
    new_hash = await passwords.hash(new)
    async with pool.acquire() as conn, conn.transaction():
        email = await conn.fetchval(
            "UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING email",
            who.user_id, new_hash)
        await conn.execute("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2",
                           who.user_id, who.session)
        await links.revoke_account_links(conn, who.user_id, now)
        await links.send_mail(conn, SendProfileChanged(to=[email], change="password"))


async def change_phone(pool: asyncpg.Pool, who: Principal, phone: str) -> Profile:
    async with pool.acquire() as conn, conn.transaction():
        email = await conn.fetchval("UPDATE users SET phone = $2 WHERE id = $1 RETURNING email",
                                    who.user_id, phone)
        await links.send_mail(conn, SendProfileChanged(to=[email], change="phone"))
    return await get_profile(pool, who)


async def request_email_change(pool: asyncpg.Pool, passwords: PasswordWorkers, who: Principal,
                               current_password: str, new_email: str, now: datetime,
                               base_url: str) -> Accepted:
    """With the current password, mail a confirmation link to the new address (whether or
    not it is in use)."""
    await confirm_password(pool, passwords, who, current_password, now)
    async with pool.acquire() as conn, conn.transaction():
        link = await links.create(conn, LinkPurpose.EMAIL_CHANGE, email=new_email,
                                  user_id=who.user_id, now=now, base_url=base_url)
        await links.send_mail(conn, SendEmailChangeLink(to=[new_email], link=link.url,
                                                        expires_at=link.expires_at))
    return EMAIL_LINK_SENT


async def confirm_email_change(pool: asyncpg.Pool, token: str, now: datetime) -> Accepted:
    """Opening the link makes the new address effective; the old address is told; every other
    outstanding reset and email-change link of the account is revoked."""
    async with pool.acquire() as conn, conn.transaction():
        opened = await links.open_link(conn, token, LinkPurpose.EMAIL_CHANGE, now, consume=True)
        if await email_taken(conn, opened.email):
            raise ApiError(409, "EMAIL_IN_USE", field="email")
        old = await conn.fetchval("SELECT email FROM users WHERE id = $1", opened.user_id)
        await conn.execute("UPDATE users SET email = $2 WHERE id = $1", opened.user_id,
                           opened.email)
        await links.revoke_account_links(conn, opened.user_id, now)  # type: ignore[arg-type]
        await links.send_mail(conn, SendProfileChanged(to=[old], change="email"))
    return Accepted(message_ja="メールアドレスを変更しました。",
                    message_en="The email address has been changed.")
