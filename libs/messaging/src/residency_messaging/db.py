"""The asyncpg pool of a service (its schema: `migrations`)."""

from typing import TYPE_CHECKING

import asyncpg

if TYPE_CHECKING:
    from .sealing import Sealer


async def _keep_session(_conn: asyncpg.Connection) -> None:
    """On release, skip asyncpg's default reset query (`SELECT pg_advisory_unlock_all();
    CLOSE ALL; UNLISTEN *; RESET ALL;`): one more round trip after every acquire, for state
    our code never leaves behind — advisory locks are transaction-scoped, nothing runs `SET`
    or opens a cursor outside a transaction. asyncpg still rolls back a transaction left open
    and drops the connection's listeners before the hook runs."""


class ServiceConnection(asyncpg.Connection):
    """A connection of a service's pool: carries the service's `Sealer` (or None), so
    `outbox.enqueue` seals secret fields with the keys wired at start-up."""

    sealer: "Sealer | None" = None


async def create_pool(url: str, *, min_size: int = 1, max_size: int = 10,
                      sealer: "Sealer | None" = None) -> asyncpg.Pool:
    """The pool; `sealer`: the keys that seal secret fields this service enqueues."""
    connection_class = type("SealingConnection", (ServiceConnection,), {"sealer": sealer})
    pool = await asyncpg.create_pool(url, min_size=min_size, max_size=max_size,
                                     reset=_keep_session, connection_class=connection_class)
    assert pool is not None
    return pool
