"""Number allocation from PostgreSQL sequences: unique across replicas, never reused,
gap-tolerant, no table lock (nextval never blocks and is not rolled back)."""

from datetime import date

import asyncpg
from residency_contracts import Procedure
from residency_contracts.common import BUREAU_PREFIXES

from .domain import NUMBER_CODES


async def next_serial(conn: asyncpg.Connection, series: str, bureau: str,
                      procedure: Procedure, on: date) -> int:
    name = f"num_{series}_{BUREAU_PREFIXES.index(bureau)}_{NUMBER_CODES[procedure]}_{on:%y}"
    name = name.lower()
    for _ in range(3):
        try:
            async with conn.transaction():  # savepoint: a lost creation race is harmless
                await conn.execute(f"CREATE SEQUENCE IF NOT EXISTS {name} MAXVALUE 999999")
            break
        except asyncpg.UniqueViolationError:
            continue
    return int(await conn.fetchval(f"SELECT nextval('{name}')"))
