"""Operator commands on accounts (disable, enable, remove staff), the absolute session
lifetime, and seeded accounts following the password rule."""

import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from residency_intake.accounts import admin, recovery, sessions
from residency_intake.accounts.seed import create_examiner, create_staff
from residency_intake.errors import ApiError

from tests.integration.accounts_kit import BASE, LIFETIME, PASSWORD, PASSWORDS, T0, kit_fixture  # noqa: F401

IDLE = timedelta(hours=3)
BIN = Path(sys.executable).parent


async def _alive(pool, token: str, now) -> bool:  # type: ignore[no-untyped-def]
    try:
        await sessions.authenticate(pool, token, now, IDLE, LIFETIME)
    except ApiError as e:
        assert e.status == 401 and e.body.code == "UNAUTHENTICATED"
        return False
    return True


async def _login_code(pool, login_id: str, password: str, now) -> str:  # type: ignore[no-untyped-def]
    try:
        await sessions.login(pool, PASSWORDS, login_id, password, now)
    except ApiError as e:
        return f"{e.status} {e.body.code}"
    return "200"


async def test_a_session_kept_alive_still_ends_at_its_absolute_lifetime(kit) -> None:
    login_id, _ = await kit.register()
    token = await sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0)
    now = T0
    while now + timedelta(hours=2) < T0 + LIFETIME:  # active every 2 hours, never idle 3 h
        now += timedelta(hours=2)
        who = await sessions.authenticate(kit.pool, token, now, IDLE, LIFETIME)
        ends = await sessions.extend(kit.pool, who, now, IDLE, LIFETIME)
        assert ends <= T0 + LIFETIME
    assert ends == T0 + LIFETIME  # the last extension says when it really ends
    assert await _alive(kit.pool, token, T0 + LIFETIME - timedelta(seconds=1))
    assert not await _alive(kit.pool, token, T0 + LIFETIME)
    assert await sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0 + LIFETIME)


async def test_a_disabled_account_cannot_log_in_and_its_sessions_stop_working(kit) -> None:
    login_id, email = await kit.register()
    token = await sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0)
    assert await _alive(kit.pool, token, T0)

    assert (await admin.disable_account(kit.pool, login_id, T0)).changed
    assert not await _alive(kit.pool, token, T0)
    # like an unknown user ID, whatever the password
    assert await _login_code(kit.pool, login_id, PASSWORD, T0) == "401 INVALID_CREDENTIALS"
    assert await _login_code(kit.pool, login_id, "Wrong-Pass1!", T0) == \
        "401 INVALID_CREDENTIALS"
    sent = len(kit.sent)
    await recovery.request_password_reset(kit.pool, login_id, email, T0, BASE)
    assert len(kit.sent) == sent  # no reset link for a disabled account
    assert not (await admin.disable_account(kit.pool, login_id, T0)).changed

    assert (await admin.enable_account(kit.pool, login_id)).changed
    assert await _login_code(kit.pool, login_id, PASSWORD, T0) == "200"
    assert not await _alive(kit.pool, token, T0)  # ended sessions stay ended


async def test_a_session_of_an_account_disabled_directly_in_the_database_stops_too(kit) -> None:
    login_id, _ = await kit.register()
    token = await sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0)
    await kit.pool.execute("UPDATE users SET disabled_at = $2 WHERE login_id = $1", login_id, T0)
    assert not await _alive(kit.pool, token, T0)


async def test_operator_actions_refuse_unknown_accounts_and_non_staff(kit) -> None:
    login_id, _ = await kit.register()
    with pytest.raises(admin.AdminError):
        await admin.disable_account(kit.pool, "U000000000", T0)
    with pytest.raises(admin.AdminError, match="not organization staff"):
        await admin.remove_staff(kit.pool, login_id)


@pytest.mark.parametrize("weak", ["short1A!", "alllowercase-1", "NoSymbols12345", "Has space 1A!"])
async def test_seeded_staff_and_examiners_follow_the_password_rule(kit, weak: str) -> None:
    tag = uuid.uuid4().hex[:8]
    with pytest.raises(ValueError, match="password rule"):
        await create_staff(kit.pool, login_id=f"weak-{tag}", email=f"{tag}@example.ac.jp",
                           password=weak, organization=f"Weak {tag}")
    with pytest.raises(ValueError, match="password rule"):
        await create_examiner(kit.pool, login_id=f"weak-ex-{tag}",
                              email=f"{tag}@example.go.jp", password=weak, bureau="東")
    assert await kit.pool.fetchval("SELECT count(*) FROM users WHERE login_id LIKE $1",
                                   f"weak-%{tag}") == 0


def _command(stack, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    from residency_devstack.ports import free_port
    from residency_devstack.supervisor import run_env

    full = os.environ | run_env(stack, "intake", free_port()) | env
    return subprocess.run([str(BIN / argv[0]), *argv[1:]], env=full, capture_output=True,
                          text=True, timeout=120)


async def test_the_operator_commands_disable_an_account_and_refuse_weak_seed_passwords(
        kit, stack) -> None:  # type: ignore[no-untyped-def]
    login_id, _ = await kit.register()
    token = await sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0)
    done = _command(stack, "residency-intake-admin", "disable-account", login_id)
    assert done.returncode == 0 and "done" in done.stdout, done.stderr
    assert not await _alive(kit.pool, token, T0)
    unknown = _command(stack, "residency-intake-admin", "disable-account", "U000000000")
    assert unknown.returncode == 2 and "no account" in unknown.stderr
    weak = _command(stack, "residency-create-staff", "--login-id", f"w-{uuid.uuid4().hex[:6]}",
                    "--email", "w@example.ac.jp", "--organization", "Weak Univ",
                    RESIDENCY_STAFF_PASSWORD="password")
    assert weak.returncode == 2 and "password rule" in weak.stderr
