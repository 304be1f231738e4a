"""Versioned migrations on the embedded PostgreSQL, each test on databases of its own: from an
empty database, as an upgrade of a database made by the start-up DDL that was live before
(frozen in fixtures/schema_live_2026_12), with runners racing, and `residency-migrate` as the
Kubernetes Job runs it."""

import asyncio
import os
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from pydantic import SecretStr
from residency_contracts import SERVICES
from residency_messaging import migrations
from residency_messaging.settings import ServiceSettings

LIVE_SCHEMA = Path(__file__).parent / "fixtures" / "schema_live_2026_12"
MIGRATE = str(Path(sys.executable).with_name("residency-migrate"))

NewDatabase = Callable[[], Awaitable[str]]


@pytest.fixture
async def new_database(stack) -> AsyncIterator[NewDatabase]:  # type: ignore[no-untyped-def]
    """Makes empty databases (CREATE DATABASE) and drops them after the test."""
    admin = await asyncpg.connect(stack.database_url("postgres"))
    made: list[str] = []

    async def make() -> str:
        name = f"migrations_{uuid.uuid4().hex[:12]}"
        await admin.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return str(stack.database_url(name))

    yield make
    for name in made:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.close()


async def live_database(new_database: NewDatabase, service: str) -> str:
    """A database as the start-up DDL of main before migrations left it."""
    url = await new_database()
    conn = await asyncpg.connect(url)
    try:
        await conn.execute((LIVE_SCHEMA / f"{service}.sql").read_text(encoding="utf-8"))
    finally:
        await conn.close()
    return url


async def schema_of(url: str, *, without: str | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Columns, indexes, constraints and sequences of the public schema (minus one table)."""
    queries = {
        "columns": """SELECT table_name, ordinal_position, column_name, data_type, udt_name,
                             is_nullable, column_default
                      FROM information_schema.columns WHERE table_schema = 'public'""",
        "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes "
                   "WHERE schemaname = 'public'",
        "constraints": """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
                          FROM pg_constraint WHERE connamespace = 'public'::regnamespace""",
        "sequences": """SELECT sequence_name, data_type, start_value, increment
                        FROM information_schema.sequences WHERE sequence_schema = 'public'""",
    }
    conn = await asyncpg.connect(url)
    try:
        return {kind: sorted(tuple(r) for r in await conn.fetch(sql) if r[0] != without)
                for kind, sql in queries.items()}
    finally:
        await conn.close()


async def versions(url: str, service: str) -> list[str]:
    conn = await asyncpg.connect(url)
    try:
        return [r[0] for r in await conn.fetch(
            f"SELECT version_num FROM {migrations.version_table(service)}")]
    finally:
        await conn.close()


async def run_migrate(service: str, url: str | None, *args: str) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_DATABASE_URL")}
    if url is not None:
        env[f"{service.upper()}_DATABASE_URL"] = url
    proc = await asyncio.create_subprocess_exec(
        MIGRATE, service, *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


@pytest.mark.parametrize("service", SERVICES)
async def test_an_empty_database_migrates_to_head_with_the_schema_that_was_live(
        new_database: NewDatabase, service: str) -> None:
    empty = await new_database()
    assert not (await migrations.status(service, empty)).at_head

    done = await migrations.upgrade(service, empty)

    assert done.at_head and done.current == migrations.heads(service)
    assert await versions(empty, service) == list(migrations.heads(service))
    migrated = await schema_of(empty, without=migrations.version_table(service))
    live_url = await live_database(new_database, service)
    await migrations.upgrade(service, live_url)  # the live schema with the later revisions
    live = await schema_of(live_url, without=migrations.version_table(service))
    assert {c[0] for c in migrated["columns"]} >= {"outbox", "inbox"}
    assert migrated == live


@pytest.mark.parametrize("service", SERVICES)
async def test_a_database_made_before_migrations_upgrades_in_place_and_keeps_its_rows(
        new_database: NewDatabase, service: str) -> None:
    live = await live_database(new_database, service)
    conn = await asyncpg.connect(live)
    try:
        row_id = await conn.fetchval(
            "INSERT INTO outbox (topic, key, payload, event_type) "
            "VALUES ('t', 'k', '\\x01'::bytea, 'kept') RETURNING id")
    finally:
        await conn.close()
    assert (await migrations.status(service, live)).current == ()

    assert (await migrations.upgrade(service, live)).at_head

    conn = await asyncpg.connect(live)
    try:
        kept = await conn.fetchrow("SELECT topic, key, event_type FROM outbox WHERE id = $1",
                                   row_id)
    finally:
        await conn.close()
    assert kept is not None and tuple(kept) == ("t", "k", "kept")
    fresh = await new_database()
    await migrations.upgrade(service, fresh)
    assert await schema_of(live) == await schema_of(fresh)


async def test_upgrading_again_changes_nothing_and_keeps_the_shipped_catalogue(
        new_database: NewDatabase) -> None:
    url = await new_database()
    await migrations.upgrade("intake", url)
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("UPDATE procedures SET name_en = 'edited' WHERE code = 'EXT'")
        await conn.execute("DELETE FROM procedures WHERE code = 'WRK'")
        before = await schema_of(url)

        await migrations.upgrade("intake", url)

        assert await schema_of(url) == before
        assert await versions(url, "intake") == list(migrations.heads("intake"))
        names = dict(await conn.fetch("SELECT code, name_en FROM procedures"))
    finally:
        await conn.close()
    assert names["EXT"] == "edited" and "WRK" in names and len(names) == 10


async def test_replicas_migrating_at_once_apply_the_history_once(
        new_database: NewDatabase) -> None:
    url = await new_database()

    results = await asyncio.gather(*(run_migrate("intake", url) for _ in range(3)))

    assert [rc for rc, _, _ in results] == [0, 0, 0], results
    assert await versions(url, "intake") == list(migrations.heads("intake"))
    assert (await migrations.status("intake", url)).at_head


async def test_a_runner_waits_while_another_holds_the_migration_lock(
        new_database: NewDatabase) -> None:
    url = await new_database()
    holder = await asyncpg.connect(url)
    try:
        await holder.execute("SELECT pg_advisory_lock($1)", migrations.MIGRATION_LOCK)
        runner = asyncio.create_task(run_migrate("documents", url))
        async with asyncio.timeout(60):
            while not await holder.fetchval(
                    "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
                    "WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = "
                    "current_database()"):
                assert not runner.done(), runner.result()
                await asyncio.sleep(0.05)
        assert await holder.fetchval("SELECT to_regclass('verdicts')") is None

        await holder.execute("SELECT pg_advisory_unlock($1)", migrations.MIGRATION_LOCK)
        rc, out, err = await runner
    finally:
        await holder.close()
    assert rc == 0, err
    assert "documents: at head 0001" in out
    assert (await migrations.status("documents", url)).at_head


async def test_migrate_check_fails_until_the_database_is_at_head(
        new_database: NewDatabase) -> None:
    url = await new_database()

    rc, _, err = await run_migrate("intake", url, "--check")
    assert rc != 0
    head = ",".join(migrations.heads("intake"))
    assert f"this code needs {head}" in err and "run `residency-migrate intake`" in err

    assert (await run_migrate("intake", url))[0] == 0
    rc, out, _ = await run_migrate("intake", url, "--check")
    assert rc == 0 and f"intake: database at {head}" in out


async def test_migrate_without_a_database_url_says_which_variable_is_missing() -> None:
    rc, _, err = await run_migrate("notify", None)
    assert rc != 0 and "NOTIFY_DATABASE_URL is not set" in err


async def test_a_service_that_does_not_migrate_refuses_a_database_behind_its_code(
        new_database: NewDatabase) -> None:
    url = await new_database()
    settings = ServiceSettings(database_url=SecretStr(url), migrate_on_start=False)

    with pytest.raises(migrations.MigrationError) as refused:
        await migrations.prepare("notify", settings)
    assert "NOTIFY_MIGRATE_ON_START is false" in str(refused.value)
    assert "residency-migrate notify" in str(refused.value)
    assert await versions_absent(url, "notify")

    await migrations.upgrade("notify", url)
    await migrations.prepare("notify", settings)  # at head: starts


async def versions_absent(url: str, service: str) -> bool:
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetchval("SELECT to_regclass($1)",
                                   migrations.version_table(service)) is None
    finally:
        await conn.close()


async def test_migrate_sql_prints_the_script_without_a_database() -> None:
    rc, out, err = await run_migrate("examination", None, "--sql")
    assert rc == 0, err
    assert "CREATE TABLE IF NOT EXISTS cesr_certificates" in out
    assert "INSERT INTO alembic_version_examination (version_num) VALUES ('0001')" in out


async def test_the_plain_alembic_command_line_migrates_with_the_services_url(
        new_database: NewDatabase) -> None:
    import residency_notify

    url = await new_database()
    ini = Path(residency_notify.__file__).parent / "migrations" / "alembic.ini"
    env = {k: v for k, v in os.environ.items() if not k.endswith("_DATABASE_URL")}
    proc = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("alembic")), "-c", str(ini), "upgrade", "head",
        env=env | {"NOTIFY_DATABASE_URL": url},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _, err = await asyncio.wait_for(proc.communicate(), timeout=120)

    assert proc.returncode == 0, err.decode()
    assert await versions(url, "notify") == ["0001"]


async def test_a_service_told_not_to_migrate_will_not_start_on_an_empty_database(
        stack, new_database: NewDatabase) -> None:  # type: ignore[no-untyped-def]
    from residency_devstack.ports import free_port
    from residency_devstack.supervisor import run_env

    url = await new_database()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFY_")}
    env |= run_env(stack, "notify", free_port()) | {
        "NOTIFY_DATABASE_URL": url, "NOTIFY_MIGRATE_ON_START": "false"}
    proc = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("residency-notify")), env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=120)

    assert proc.returncode != 0
    assert "NOTIFY_MIGRATE_ON_START is false" in out.decode()
    assert await versions_absent(url, "notify")


async def test_a_database_migrated_by_a_newer_release_is_refused_not_touched(
        new_database: NewDatabase) -> None:
    url = await new_database()
    await migrations.upgrade("documents", url)
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("UPDATE alembic_version_documents SET version_num = '9999'")
    finally:
        await conn.close()

    with pytest.raises(migrations.MigrationError, match="a newer release migrated"):
        await migrations.upgrade("documents", url)
    settings = ServiceSettings(database_url=SecretStr(url), migrate_on_start=False)
    with pytest.raises(migrations.MigrationError, match="a newer release migrated"):
        await migrations.prepare("documents", settings)
    rc, _, err = await run_migrate("documents", url, "--check")
    assert rc == 1 and "documents: database at 9999" in err
    assert await versions(url, "documents") == ["9999"]
