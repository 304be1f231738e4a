"""Inbox: processed event ids, recorded in the same transaction as the effect."""

from uuid import UUID

import asyncpg


async def first_delivery(conn: asyncpg.Connection, consumer: str, event_id: UUID) -> bool:
    """True the first time; False for a redelivery (then the caller changes nothing)."""
    inserted = await conn.fetchval(
        "INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) "
        "ON CONFLICT DO NOTHING RETURNING true",
        consumer, event_id,
    )
    return bool(inserted)
