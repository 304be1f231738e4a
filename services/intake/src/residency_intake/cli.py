"""`residency-create-staff`: seed an organization staff account (password from the
environment variable RESIDENCY_STAFF_PASSWORD or asked for; never a flag)."""

import argparse
import asyncio
import getpass
import os

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

    asyncio.run(run())


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

    asyncio.run(run())
