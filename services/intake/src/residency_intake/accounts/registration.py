"""Registration (SPEC §2): email → link valid 24 h → profile and password → user ID mailed.

The request always answers the same (202), whether or not the address already has an
account; the link is mailed either way, and only its holder (who owns the address) learns at
completion that the address is taken (409 EMAIL_IN_USE)."""

from datetime import datetime
from uuid import uuid4

import asyncpg
from residency_contracts import SendRegistrationLink, SendUserIdIssued

from ..adapters.passwords import PasswordWorkers
from ..errors import ApiError
from . import links
from .rules import LinkPurpose, new_user_id
from .views import Accepted, LinkInfo, Registered, Registration

SENT = Accepted(message_ja="入力されたメールアドレスに利用者登録のURLを送信しました（24時間有効）。",
                message_en="A registration link (valid for 24 hours) has been sent to the "
                           "address entered.")


async def email_taken(conn: asyncpg.Connection, email: str) -> bool:
    """Whether an account uses `email`; serialized per address for the transaction."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext(lower($1)))", email)
    return bool(await conn.fetchval(
        "SELECT 1 FROM users WHERE lower(email) = lower($1)", email))


async def request_registration(pool: asyncpg.Pool, email: str, now: datetime,
                               base_url: str) -> Accepted:
    async with pool.acquire() as conn, conn.transaction():
        link = await links.create(conn, LinkPurpose.REGISTRATION, email=email, user_id=None,
                                  now=now, base_url=base_url)
        await links.send_mail(conn, SendRegistrationLink(to=[email], link=link.url,
                                                         expires_at=link.expires_at))
    return SENT


async def show_registration_link(pool: asyncpg.Pool, token: str, now: datetime) -> LinkInfo:
    async with pool.acquire() as conn:
        opened = await links.open_link(conn, token, LinkPurpose.REGISTRATION, now, consume=False)
    return LinkInfo(email=opened.email, expires_at=opened.expires_at)


async def complete_registration(pool: asyncpg.Pool, passwords: PasswordWorkers,
                                form: Registration, now: datetime) -> Registered:
    """The link is checked before the password is hashed (a bad token costs no hashing), and
    the hash is computed off the event loop without holding a connection."""
    await show_registration_link(pool, form.token, now)
    password_hash = await passwords.hash(form.password)
    async with pool.acquire() as conn, conn.transaction():
        opened = await links.open_link(conn, form.token, LinkPurpose.REGISTRATION, now,
                                       consume=True)
        if await email_taken(conn, opened.email):
            raise ApiError(409, "EMAIL_IN_USE", field="email")
        while True:
            login_id = new_user_id()
            inserted = await conn.fetchval(
                "INSERT INTO users (id, login_id, email, password_hash, role, latin_name, phone,"
                " registered_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) "
                "ON CONFLICT (login_id) DO NOTHING RETURNING id",
                uuid4(), login_id, opened.email, password_hash, form.user_type.value,
                form.latin_name, form.phone, now)
            if inserted is not None:
                break
        await links.send_mail(conn, SendUserIdIssued(to=[opened.email], login_id=login_id))
    return Registered(login_id=login_id, user_type=form.user_type)
