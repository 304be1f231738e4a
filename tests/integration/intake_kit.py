"""Helpers for the integration tests that call intake's use cases directly."""

import uuid

import asyncpg
from residency_intake.accounts.seed import create_staff
from residency_intake.accounts.sessions import Principal


async def staff_principal(pool: asyncpg.Pool, prefix: str) -> Principal:
    """A fresh organization with one staff member, as the session would see them."""
    tag = uuid.uuid4().hex[:8]
    email = f"{tag}@example.ac.jp"
    user = await create_staff(pool, login_id=f"{prefix}-{tag}", email=email,
                              password="Integration-Pass1!", organization=f"{prefix} Univ {tag}")
    org = await pool.fetchval("SELECT organization_id FROM users WHERE id = $1", user)
    return Principal(user, "organization_staff", email, org, "東", 6)
