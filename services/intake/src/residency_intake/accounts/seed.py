"""Seeding organization staff and examiner accounts (operator commands). Their passwords follow
the same rule as registration's (SPEC §2); a password that breaks it is refused."""

from uuid import UUID, uuid4

import asyncpg

from ..adapters.passwords import hash_password
from .rules import password_problem, password_rule_message


def _checked(password: str) -> str:
    if code := password_problem(password):
        raise ValueError(f"the password breaks the password rule ({code}): "
                         f"{password_rule_message(code)}")
    return password


async def create_staff(pool: asyncpg.Pool, *, login_id: str, email: str, password: str,
                       organization: str, bureau: str = "東") -> UUID:
    """Create (or reuse) the organization and create the staff account; idempotent on login_id."""
    password = _checked(password)
    async with pool.acquire() as conn, conn.transaction():
        org_id = await conn.fetchval("SELECT id FROM organizations WHERE name = $1", organization)
        if org_id is None:
            org_id = uuid4()
            await conn.execute(  # seeded organizations count as approved (利用申出 承認済み)
                "INSERT INTO organizations (id, name, bureau, access_expires_at) "
                "VALUES ($1,$2,$3, now() + interval '100 years')", org_id, organization, bureau)
        user_id = await conn.fetchval(
            "INSERT INTO users (id, login_id, email, password_hash, role, organization_id) "
            "VALUES ($1,$2,$3,$4,'organization_staff',$5) ON CONFLICT (login_id) DO NOTHING "
            "RETURNING id", uuid4(), login_id, email, hash_password(password), org_id)
        if user_id is None:
            user_id = await conn.fetchval("SELECT id FROM users WHERE login_id = $1", login_id)
        return user_id


async def create_examiner(pool: asyncpg.Pool, *, login_id: str, email: str, password: str,
                          bureau: str) -> UUID:
    """An examiner of one regional bureau (札 仙 東 名 大 広 高 福); idempotent on login_id."""
    password = _checked(password)
    user_id = await pool.fetchval(
        "INSERT INTO users (id, login_id, email, password_hash, role, bureau) "
        "VALUES ($1,$2,$3,$4,'examiner',$5) ON CONFLICT (login_id) DO NOTHING RETURNING id",
        uuid4(), login_id, email, hash_password(password), bureau)
    if user_id is None:
        user_id = await pool.fetchval("SELECT id FROM users WHERE login_id = $1", login_id)
    return user_id
