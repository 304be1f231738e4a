"""Accounts a run needs, made at its start: staff of their own organizations and examiners
with the seeding commands (they write intake's database), foreign nationals through the
registration API, their link read from the mail sink."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

BUREAU = "東"


@dataclass
class Accounts:
    tag: str  # starts every address of the run, so its emails can be told apart
    password: str
    staff: list[dict[str, str]] = field(default_factory=list)
    bulk_staff: list[dict[str, str]] = field(default_factory=list)
    foreign: list[dict[str, str]] = field(default_factory=list)
    examiners: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def new_password() -> str:
    """10–20 characters with each of the four kinds the password rule asks for."""
    return "Ld" + secrets.token_hex(4) + "9$x"


def _command(name: str) -> str:
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: run on a machine with the services installed, "
                         "or seed the accounts yourself")
    return found


def _seed(kind: str, login: str, email: str, password: str, intake_db: str,
          organization: str | None, seed_env: dict[str, str]) -> None:
    argv = [_command(f"residency-create-{kind}"), "--login-id", login, "--email", email,
            "--bureau", BUREAU]
    if organization:
        argv += ["--organization", organization]
    env = os.environ | seed_env | {"INTAKE_DATABASE_URL": intake_db,
                        f"RESIDENCY_{kind.upper()}_PASSWORD": password}
    result = subprocess.run(argv, env=env, capture_output=True, timeout=120)
    if result.returncode != 0:
        raise SystemExit(f"seeding {kind} {login} failed: {result.stderr.decode()[-2000:]}")


def _register(client: httpx.Client, mail_url: str, email: str, password: str,
              timeout: float = 60.0) -> str:
    """Registration as a foreign national would do it; returns the login ID."""
    r = client.post("/accounts/registrations", json={"email": email})
    r.raise_for_status()
    deadline = time.monotonic() + timeout
    token = None
    while token is None:
        found = httpx.get(f"{mail_url}/api/messages", params={"to": email}, timeout=10).json()
        for message in found:
            if m := re.search(r"token=([A-Za-z0-9_\-]+)", message["text"]):
                token = m.group(1)
        if token is None:
            if time.monotonic() > deadline:
                raise SystemExit(f"no registration link for {email} within {timeout}s")
            time.sleep(0.3)
    r = client.post("/accounts/registration", json={
        "token": token, "user_type": "foreign_national", "latin_name": "SAMPLE,LOAD",
        "phone": "0300000000", "password": password})
    if r.status_code != 201:
        raise SystemExit(f"registration of {email} refused: {r.status_code} {r.text}")
    return str(r.json()["login_id"])


def seed(host: str, mail_url: str, intake_db: str, *, staff: int, bulk_staff: int,
         foreign: int, examiners: int, seed_env: dict[str, str] | None = None) -> Accounts:
    """The run's accounts. `seed_env`: what the seeding commands need besides intake's
    database URL (INTAKE_* settings; the environment's are used otherwise)."""
    tag = "ld" + secrets.token_hex(3)
    accounts = Accounts(tag=tag, password=new_password())

    def one(kind: str, role: str, i: int) -> dict[str, str]:
        login = f"{tag}-{role}{i}"
        email = f"{tag}-{role}{i}@example.com"
        org = f"Load University {tag} {role}{i}" if kind == "staff" else None
        _seed(kind, login, email, accounts.password, intake_db, org, seed_env or {})
        return {"login_id": login, "email": email}

    jobs = ([("staff", "s", i) for i in range(staff)]
            + [("staff", "b", i) for i in range(bulk_staff)]
            + [("examiner", "e", i) for i in range(examiners)])
    with ThreadPoolExecutor(max_workers=4) as pool:
        made = list(pool.map(lambda job: (job[1], one(*job)), jobs))
    accounts.staff = [a for role, a in made if role == "s"]
    accounts.bulk_staff = [a for role, a in made if role == "b"]
    accounts.examiners = [a for role, a in made if role == "e"]
    with httpx.Client(base_url=host, timeout=30) as client:
        for i in range(foreign):
            email = f"{tag}-f{i}@example.com"
            login = _register(client, mail_url, email, accounts.password)
            accounts.foreign.append({"login_id": login, "email": email})
    return accounts
