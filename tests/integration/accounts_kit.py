"""Shared by the accounts integration tests: the real intake database, with the link tokens
and emails that the use cases produce captured (they still go to the outbox as usual)."""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest
from residency_intake.accounts import links, registration
from residency_intake.accounts.views import Registration
from residency_intake.adapters.passwords import PasswordWorkers
from residency_messaging import migrations
from residency_messaging.db import create_pool

BASE = "http://accounts.test"
T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
PASSWORD = "Right-Pass1!"
LIFETIME = timedelta(hours=12)
PASSWORDS = PasswordWorkers(2, 16)
"""Password hashing threads as intake runs them (shared by the tests of a session)."""


@dataclass
class Kit:
    pool: asyncpg.Pool
    tokens: list[str] = field(default_factory=list)
    sent: list[Any] = field(default_factory=list)

    def mails_to(self, address: str, template: str | None = None) -> list[Any]:
        return [m for m in self.sent if address in m.to
                and (template is None or m.template == template)]

    async def register(self, now: datetime = T0, *, email: str | None = None,
                       latin_name: str = "SAMPLE,TARO", user_type: str = "foreign_national"
                       ) -> tuple[str, str]:
        """A fully registered user: (login_id, email)."""
        email = email or f"acc-{uuid.uuid4().hex[:10]}@example.com"
        await registration.request_registration(self.pool, email, now, BASE)
        form = Registration(token=self.tokens[-1], user_type=user_type,  # type: ignore[arg-type]
                            latin_name=latin_name, phone="09012345678", password=PASSWORD)
        done = await registration.complete_registration(self.pool, PASSWORDS, form, now)
        return done.login_id, email


@pytest.fixture(name="kit")
async def kit_fixture(stack, sealer, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Kit]:  # type: ignore[no-untyped-def]
    pool = await create_pool(stack.database_url("intake"), sealer=sealer)
    await migrations.upgrade("intake", stack.database_url("intake"))
    k = Kit(pool)
    make_token, send = links.new_link_token, links.send_mail

    def capture_token() -> str:
        k.tokens.append(make_token())
        return k.tokens[-1]

    async def capture_mail(conn: asyncpg.Connection, mail: Any) -> None:
        k.sent.append(mail)
        await send(conn, mail)

    monkeypatch.setattr(links, "new_link_token", capture_token)
    monkeypatch.setattr(links, "send_mail", capture_mail)
    try:
        yield k
    finally:
        await pool.close()
