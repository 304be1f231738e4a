"""Files whose records are forgotten (a deleted draft, the rows of a bulk upload replaced by a
new one, one attachment its filer deleted): scheduled in the transaction that forgets their
records, deleted from object storage in the background.

A file still being checked may yet be moved by documents (quarantine → accepted): it is
deleted once its verdict has arrived (which names the bucket it ended in), or after
`grace` in any case. Deleting is idempotent, so a repeat after a crash does no harm.
"""

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

import asyncpg

from .adapters.objectstore import ObjectStore

log = logging.getLogger(__name__)


async def forget_files(conn: asyncpg.Connection, app_ids_sql: str, arg: object,
                       now: datetime) -> None:
    """Delete the attachment records of the applications `app_ids_sql` selects (with $1 =
    `arg`) and schedule their files for deletion. DELETE … RETURNING sees a verdict that
    committed meanwhile (its bucket)."""
    await conn.execute(
        "WITH gone AS (DELETE FROM attachments WHERE application_id IN (" + app_ids_sql + ")"
        " RETURNING id, bucket, object_key, code) "
        "INSERT INTO object_purges (attachment_id, bucket, object_key, checked, scheduled_at)"
        " SELECT id, bucket, object_key, code IS NOT NULL, $2 FROM gone "
        "ON CONFLICT (attachment_id) DO NOTHING", arg, now)


async def forget_file(conn: asyncpg.Connection, attachment_id: UUID, now: datetime) -> None:
    """Delete one attachment's record and schedule its file for deletion (as `forget_files`)."""
    await conn.execute(
        "WITH gone AS (DELETE FROM attachments WHERE id = $1"
        " RETURNING id, bucket, object_key, code) "
        "INSERT INTO object_purges (attachment_id, bucket, object_key, checked, scheduled_at)"
        " SELECT id, bucket, object_key, code IS NOT NULL, $2 FROM gone "
        "ON CONFLICT (attachment_id) DO NOTHING", attachment_id, now)


async def verdict_arrived(conn: asyncpg.Connection, attachment_id: UUID, bucket: str) -> None:
    """A verdict for a forgotten file: it now sits in `bucket` and may be deleted."""
    await conn.execute("UPDATE object_purges SET bucket = $2, checked = true "
                       "WHERE attachment_id = $1", attachment_id, bucket)


async def purge_due(pool: asyncpg.Pool, store: ObjectStore, quarantine: str, now: datetime,
                    grace: timedelta, *, batch: int = 100) -> int:
    """Delete the scheduled files that are due; returns how many."""
    rows = await pool.fetch(
        "SELECT * FROM object_purges WHERE checked OR scheduled_at < $1 "
        "ORDER BY scheduled_at LIMIT $2", now - grace, batch)
    for row in rows:  # the quarantine copy too: a move interrupted by a crash leaves one
        for bucket in dict.fromkeys([row["bucket"], quarantine]):
            await store.remove(bucket, row["object_key"])
        await pool.execute("DELETE FROM object_purges WHERE attachment_id = $1",
                           row["attachment_id"])
    return len(rows)


async def run(pool: asyncpg.Pool, store: ObjectStore, quarantine: str,
              clock: Callable[[], datetime], interval_s: float, grace: timedelta) -> None:
    while True:
        try:
            while await purge_due(pool, store, quarantine, clock(), grace) > 0:
                pass
        except Exception:
            log.exception("purging forgotten files failed; will retry")
        await asyncio.sleep(interval_s)
