"""Versioned schema migrations: one Alembic history per service, applied under an advisory lock.

Each service ships its history in `residency_<service>/migrations/` (`env.py` calls `run_env`,
revisions in `versions/`, its own version table `alembic_version_<service>`). The runner
upgrades to head on one connection holding `pg_advisory_lock(MIGRATION_LOCK)`, so replicas
starting together (or a Job and a replica) apply a revision once, one after the other. After
an upgrade it runs the service's reference data (`reference_data()` in that package, if any:
idempotent statements such as intake's shipped catalogue), under the same lock.

Revisions are raw SQL (`op.execute`) and frozen: a revision never imports the code it migrates.
Every service's first revision (0001) is the schema its start-up created before versioned
migrations: the messaging tables frozen here (`MESSAGING_TABLES_2026_12`, applied by
`upgrade_live_schema`), then the service's own frozen statements.
Alembic runs on SQLAlchemy's asyncpg dialect over a connection made by `asyncpg.connect` with
the service's own `postgresql://` URL, so the URL means exactly what it means to the service,
and nothing blocks the event loop (`run_sync` runs the synchronous Alembic API in a greenlet).

`residency-migrate <service> [--check] [--sql]` (migrate_cli) runs it from a Kubernetes Job.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import os
import sys
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, TypeVar

import asyncpg
from residency_contracts import SERVICES

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

    from .settings import ServiceSettings

log = logging.getLogger(__name__)

MIGRATION_LOCK = 7_354_001
"""The key the pre-Alembic start-up locked too: an old replica starting during a rolling
update waits for the migration instead of racing it."""

T = TypeVar("T")
_in_alembic: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary())


def _alembic_turn() -> asyncio.Lock:
    """Alembic keeps its running context and `op` in module globals: one upgrade at a time
    per process (upgrades of two databases from one event loop would otherwise mix)."""
    loop = asyncio.get_running_loop()
    return _in_alembic.setdefault(loop, asyncio.Lock())


MESSAGING_TABLES_2026_12 = (
    """CREATE TABLE IF NOT EXISTS outbox (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        key text,
        payload bytea NOT NULL,
        event_type text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    )""",
    """CREATE TABLE IF NOT EXISTS inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
    )""",
)
"""The outbox and the inbox as every service's start-up created them first, before versioned
migrations (December 2026). Frozen: history, never changed (a later change is a new revision)."""


def upgrade_live_schema(own: Sequence[str]) -> None:
    """The `upgrade` of every service's first revision (0001: the schema live before versioned
    migrations, frozen): the messaging tables, then the service's `own` statements, in the order
    its start-up applied them. Every statement is idempotent (`IF NOT EXISTS`), so on a database
    that start-up created this changes nothing and only the version is recorded; on an empty
    database it creates the schema."""
    from alembic import op

    for statement in (*MESSAGING_TABLES_2026_12, *own):
        op.execute(statement)


def refuse_downgrade_of_first_revision() -> NoReturn:
    """The `downgrade` of every service's first revision: there is nothing before it."""
    raise NotImplementedError("the first revision is not undone: restore a backup instead")


class MigrationError(RuntimeError):
    """A database this code cannot run on, or a migration that failed; the message says why."""


def version_table(service: str) -> str:
    return f"alembic_version_{service}"


def env_prefix(service: str) -> str:
    return f"{service.upper()}_"


def _checked(service: str) -> str:
    if service not in SERVICES:
        raise MigrationError(f"unknown service {service!r}; one of {', '.join(SERVICES)}")
    return service


def config(service: str, connection: Connection | None = None,
           output: TextIO | None = None) -> Config:
    """The Alembic configuration of one service's history (no ini file needed)."""
    from alembic.config import Config

    cfg = Config(output_buffer=output, stdout=output or sys.stdout)
    cfg.set_main_option("script_location", f"residency_{_checked(service)}:migrations")
    cfg.set_main_option("service", service)
    cfg.attributes["connection"] = connection
    return cfg


def heads(service: str) -> tuple[str, ...]:
    """The head revision(s) this code expects."""
    from alembic.script import ScriptDirectory

    return tuple(sorted(ScriptDirectory.from_config(config(service)).get_heads()))


def revisions(service: str) -> frozenset[str]:
    """Every revision this code knows."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(config(service))
    return frozenset(r.revision for r in script.walk_revisions())


def reference_data(service: str) -> Sequence[str]:
    """Idempotent statements the service's package asks to run after every upgrade."""
    package = importlib.import_module(f"residency_{service}.migrations")
    produce: Callable[[], Sequence[str]] | None = getattr(package, "reference_data", None)
    return produce() if produce is not None else ()


def run_env() -> None:
    """The body of every service's `env.py`: online on the runner's connection (or, for the
    plain `alembic -c …/alembic.ini` command line, on `<PREFIX>_DATABASE_URL`), or offline."""
    from alembic import context

    cfg = context.config
    service = _checked(cfg.get_main_option("service") or "")
    options: dict[str, Any] = {"version_table": version_table(service)}
    if context.is_offline_mode():
        context.configure(dialect_name="postgresql", literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return

    def migrate(connection: Connection) -> None:
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()

    connection = cfg.attributes.get("connection")
    if connection is not None:
        migrate(connection)
    else:
        asyncio.run(_on_connection(database_url(service), lambda c: _locked(c, migrate)))


def database_url(service: str, environ: dict[str, str] | None = None) -> str:
    name = f"{env_prefix(_checked(service))}DATABASE_URL"
    url = (os.environ if environ is None else environ).get(name)
    if not url:
        raise MigrationError(f"{name} is not set: the PostgreSQL URL of {service}'s database")
    return url


async def _on_connection(url: str, work: Callable[[Connection], T]) -> T:
    """Run synchronous Alembic/SQLAlchemy work on one asyncpg connection to `url`."""
    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import NullPool

    async def connect() -> Any:
        return await asyncpg.connect(url)

    engine = create_async_engine("postgresql+asyncpg://", async_creator=connect,
                                 poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(work)
    finally:
        await engine.dispose()


def _locked(connection: Connection, work: Callable[[Connection], T]) -> T:
    """`work` while holding the session-level migration lock (waits for other runners)."""
    from sqlalchemy import text

    connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
    connection.commit()  # Alembic then begins and commits its own transaction
    try:
        return work(connection)
    finally:
        with contextlib.suppress(Exception):  # else the lock ends with the connection
            connection.rollback()
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
            connection.commit()


def _current(connection: Connection, service: str) -> tuple[str, ...]:
    from alembic.runtime.migration import MigrationContext

    context = MigrationContext.configure(
        connection, opts={"version_table": version_table(service)})
    return tuple(sorted(context.get_current_heads()))


@dataclass(frozen=True)
class Status:
    service: str
    current: tuple[str, ...]
    heads: tuple[str, ...]
    known: frozenset[str] = frozenset()

    @property
    def at_head(self) -> bool:
        return self.current == self.heads

    @property
    def ahead(self) -> bool:
        """Migrated by a newer release than this code (a revision it does not know)."""
        return bool(self.known) and any(rev not in self.known for rev in self.current)

    def advice(self) -> str:
        if self.at_head:
            return ""
        if self.ahead:
            return ("a newer release migrated this database: run that release or a newer one "
                    "(migrations roll forward, never back)")
        return f"run `residency-migrate {self.service}`"

    def describe(self) -> str:
        def show(revs: tuple[str, ...]) -> str:
            return ", ".join(revs) or "none (no version table: empty, or made before migrations)"
        return f"{self.service}: database at {show(self.current)}; this code needs {show(self.heads)}"


async def status(service: str, url: str) -> Status:
    """Where the database is and where this code needs it (reads only; takes no lock)."""
    expected = heads(service)

    def read(connection: Connection) -> tuple[str, ...]:
        current = _current(connection, service)
        connection.rollback()
        return current

    return Status(service, await _on_connection(url, read), expected, revisions(service))


async def upgrade(service: str, url: str) -> Status:
    """Upgrade `service`'s database to head under the migration lock, then apply its
    reference data; returns the status after (at head)."""
    from alembic import command

    cfg = config(service)
    statements = reference_data(service)
    expected, known = heads(service), revisions(service)

    def work(connection: Connection) -> tuple[str, ...]:
        before = Status(service, _current(connection, service), expected, known)
        connection.rollback()
        if before.ahead:
            raise MigrationError(f"{before.describe()}: {before.advice()}")
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
        for statement in statements:
            connection.exec_driver_sql(statement)
        connection.commit()
        return _current(connection, service)

    try:
        async with _alembic_turn():
            current = await _on_connection(url, lambda c: _locked(c, work))
    except MigrationError:
        raise
    except Exception as exc:
        raise MigrationError(f"{service}: migration failed: {type(exc).__name__}: {exc}") from exc
    done = Status(service, current, expected, known)
    if not done.at_head:
        raise MigrationError(f"after upgrading, {done.describe()}")
    return done


async def prepare(service: str, settings: ServiceSettings) -> None:
    """At start-up: migrate (`<PREFIX>_MIGRATE_ON_START`, the default) or refuse to run on a
    database that is not at this code's head."""
    url = settings.database_url.get_secret_value()
    if settings.migrate_on_start:
        done = await upgrade(service, url)
        log.info("database at the head of its migrations", extra={"revision": done.current})
        return
    state = await status(service, url)
    if state.ahead:
        raise MigrationError(f"{state.describe()}: {state.advice()}")
    if not state.at_head:
        raise MigrationError(
            f"{state.describe()}. {env_prefix(service)}MIGRATE_ON_START is false, so this "
            f"service does not migrate: run `residency-migrate {service}` (the migration Job) "
            f"first.")
