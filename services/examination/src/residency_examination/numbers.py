"""Number allocation from PostgreSQL sequences: unique across replicas, never reused,
gap-tolerant, no table lock (nextval never blocks and is not rolled back). The formats and
sequence names: `number_formats`."""

from datetime import date

import asyncpg
from residency_contracts import Procedure

from .number_formats import SERIAL_MAX, sequence_name


async def next_serial(conn: asyncpg.Connection, series: str, bureau: str,
                      procedure: Procedure, on: date) -> int:
    name = sequence_name(series, bureau, procedure, on)
    for _ in range(3):
        try:
            async with conn.transaction():  # savepoint: a lost creation race is harmless
                await conn.execute(f"CREATE SEQUENCE IF NOT EXISTS {name} MAXVALUE {SERIAL_MAX}")
            break
        # two replicas creating the same sequence at once: PostgreSQL answers the loser with
        # either error, depending on where in the catalogue the race is lost
        except (asyncpg.UniqueViolationError, asyncpg.DuplicateTableError):
            continue
    return int(await conn.fetchval(f"SELECT nextval('{name}')"))
