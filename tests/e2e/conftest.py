"""The four services as separate processes, on free ports, against the session stack."""

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
STAFF_PASSWORD = "Test-Only-Pass1!"


@dataclass
class Services:
    intake_url: str
    procs: dict[str, object]
    env: dict[str, dict[str, str]]


@pytest.fixture(scope="session")
def services(stack) -> Iterator[Services]:  # type: ignore[no-untyped-def]
    from residency_devstack.ports import free_port
    from residency_devstack.supervisor import SERVICES, build_services

    ports = {name: free_port() for name in SERVICES}
    built = build_services(stack, ports)
    procs = {p.name: p for p in built}
    envs = {p.name: p.env for p in built}
    for proc in built:
        proc.start()
    try:
        for proc in built:
            # a bound, not a pace: on a loaded 2-core machine intake has needed 65 s to import
            # and migrate; a quiet one takes a few seconds
            proc.wait_ready(180)
        yield Services(f"http://127.0.0.1:{ports['intake']}", procs, envs)
    finally:
        for proc in procs.values():
            proc.stop()


@pytest.fixture(scope="session")
def staff(services: Services) -> dict[str, str]:
    """An organization staff account created through the seeding command."""
    login = {"login_id": "staff-e2e", "email": "intl-office@example.ac.jp"}
    env = os.environ | services.env["intake"] | {"RESIDENCY_STAFF_PASSWORD": STAFF_PASSWORD}
    subprocess.run([str(BIN / "residency-create-staff"), "--login-id", login["login_id"],
                    "--email", login["email"], "--organization", "Sample University",
                    "--bureau", "東"], env=env, check=True, timeout=60)
    return login | {"password": STAFF_PASSWORD}
