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
        except asyncpg.UniqueViolationError:
            continue
    return int(await conn.fetchval(f"SELECT nextval('{name}')"))
