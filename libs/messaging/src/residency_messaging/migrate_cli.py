"""`residency-migrate <service> [--check] [--sql]`: the migration runner from the command line,
as a Kubernetes Job runs it before a rollout (reads only `<PREFIX>_DATABASE_URL`).

Exit 0 at head (after upgrading, or already there with --check); 1 with a one-line reason on
stderr otherwise; 2 for a usage error. --sql prints the script from an empty database to head
(for a DBA to read or apply by hand) and connects to nothing.
"""

import argparse
import asyncio
import sys
from collections.abc import Sequence
from typing import TextIO

from residency_contracts import SERVICES

from . import migrations


def offline_sql(service: str, out: TextIO) -> None:
    """The SQL script from an empty database to head, and the reference data (no database)."""
    from alembic import command

    command.upgrade(migrations.config(service, output=out), "head", sql=True)
    for statement in migrations.reference_data(service):
        out.write(statement.strip() + ";\n\n")


def main(argv: Sequence[str] | None = None) -> int:
    """`residency-migrate <service> [--check] [--sql]`: the migration Job's command."""
    parser = argparse.ArgumentParser(
        prog="residency-migrate",
        description="Upgrade a service's database to the head of its migration history "
                    "(URL from <PREFIX>_DATABASE_URL, e.g. INTAKE_DATABASE_URL). Exit 0 at head.")
    parser.add_argument("service", choices=SERVICES)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="change nothing; exit 0 if at head, 1 if not")
    mode.add_argument("--sql", action="store_true",
                      help="print the SQL from an empty database to head; connect to nothing")
    args = parser.parse_args(argv)
    service: str = args.service
    try:
        if args.sql:
            offline_sql(service, sys.stdout)
            return 0
        url = migrations.database_url(service)
        if args.check:
            state = asyncio.run(migrations.status(service, url))
            if state.at_head:
                print(state.describe())
            else:
                print(f"residency-migrate: {state.describe()}: {state.advice()}", file=sys.stderr)
            return 0 if state.at_head else 1
        state = asyncio.run(migrations.upgrade(service, url))
        print(f"{service}: at head {', '.join(state.current)}")
        return 0
    except migrations.MigrationError as exc:
        print(f"residency-migrate: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # e.g. the database cannot be reached
        print(f"residency-migrate: {service}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
