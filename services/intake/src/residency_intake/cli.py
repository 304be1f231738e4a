"""`residency-create-staff`: seed an organization staff account (password from the
environment variable RESIDENCY_STAFF_PASSWORD or asked for; never a flag)."""

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import asyncpg
from residency_messaging import migrations
from residency_messaging.db import create_pool

from .accounts.seed import create_staff as _create
from .settings import IntakeSettings


def create_staff() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--login-id", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--organization", required=True)
    parser.add_argument("--bureau", default="東")
    args = parser.parse_args()
    password = os.environ.get("RESIDENCY_STAFF_PASSWORD") or getpass.getpass("Password: ")

    async def run() -> None:
        settings = IntakeSettings()  # type: ignore[call-arg]
        pool = await create_pool(settings.database_url.get_secret_value())
        try:
            await migrations.prepare("intake", settings)
            await _create(pool, login_id=args.login_id, email=args.email, password=password,
                          organization=args.organization, bureau=args.bureau)
        finally:
            await pool.close()
        print(f"staff account {args.login_id} ready")

    _run_or_exit(run)


def create_examiner() -> None:
    """`residency-create-examiner`: seed an examiner of one regional bureau (password from
    RESIDENCY_EXAMINER_PASSWORD or asked for; never a flag)."""
    from residency_contracts.common import BUREAU_PREFIXES

    from .accounts.seed import create_examiner as _create_examiner

    parser = argparse.ArgumentParser(description=create_examiner.__doc__)
    parser.add_argument("--login-id", required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--bureau", required=True, choices=BUREAU_PREFIXES)
    args = parser.parse_args()
    password = os.environ.get("RESIDENCY_EXAMINER_PASSWORD") or getpass.getpass("Password: ")

    async def run() -> None:
        settings = IntakeSettings()  # type: ignore[call-arg]
        pool = await create_pool(settings.database_url.get_secret_value())
        try:
            await migrations.prepare("intake", settings)
            await _create_examiner(pool, login_id=args.login_id, email=args.email,
                                   password=password, bureau=args.bureau)
        finally:
            await pool.close()
        print(f"examiner account {args.login_id} ready")

    _run_or_exit(run)


def _run_or_exit(run: Callable[[], Awaitable[None]]) -> None:
    """Run; a refusal (a password breaking the rule, an unknown account) exits 2 with why."""
    from .accounts.admin import AdminError

    try:
        asyncio.run(run())  # type: ignore[arg-type]
    except (ValueError, AdminError) as exc:
        print(f"refused: {exc}", file=sys.stderr)
        sys.exit(2)


def admin(argv: list[str] | None = None) -> None:
    """`residency-intake-admin`: operator actions on accounts.

    disable-account <user ID>  the account can no longer log in; its sessions end now
    enable-account <user ID>   it can log in again
    remove-staff <user ID>     take a staff member out of their organization; sessions end
    """
    from .accounts import admin as actions

    parser = argparse.ArgumentParser(prog="residency-intake-admin", description=admin.__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_ in (("disable-account", "disable an account (sessions end now)"),
                        ("enable-account", "enable a disabled account again"),
                        ("remove-staff", "remove a staff member from their organization")):
        sub.add_parser(name, help=help_).add_argument("login_id", metavar="USER_ID")
    args = parser.parse_args(argv)

    async def act(pool: asyncpg.Pool) -> actions.Done:
        if args.command == "disable-account":
            return await actions.disable_account(pool, args.login_id, datetime.now(UTC))
        if args.command == "enable-account":
            return await actions.enable_account(pool, args.login_id)
        return await actions.remove_staff(pool, args.login_id)

    async def run() -> None:
        settings = IntakeSettings()  # type: ignore[call-arg]
        pool = await create_pool(settings.database_url.get_secret_value(), max_size=1)
        try:
            await migrations.prepare("intake", settings)
            done = await act(pool)
        finally:
            await pool.close()
        print(f"{args.command} {args.login_id}: "
              f"{'done' if done.changed else 'nothing to change (already so)'}")

    _run_or_exit(run)
