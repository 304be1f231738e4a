"""Inbox: processed event ids, recorded in the same transaction as the effect."""

from uuid import UUID

import asyncpg

from .metrics import note_duplicate


async def first_delivery(conn: asyncpg.Connection, consumer: str, event_id: UUID) -> bool:
    """True the first time; False for a redelivery (then the caller changes nothing)."""
    inserted = await conn.fetchval(
        "INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) "
        "ON CONFLICT DO NOTHING RETURNING true",
        consumer, event_id,
    )
    if not inserted:
        note_duplicate()
    return bool(inserted)


async def processed(conn: asyncpg.Connection, consumer: str, event_id: UUID) -> bool:
    """Whether the event is already recorded (a redelivery), without recording it: for a
    handler that checks before slow work and records with its effect (`first_delivery`)."""
    found = bool(await conn.fetchval(
        "SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2", consumer, event_id))
    if found:
        note_duplicate()
    return found
