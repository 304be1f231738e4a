"""Lockout after 5 wrong passwords, its 24 h expiry and reset unlocking (injected now)."""

from datetime import timedelta

import pytest
from residency_intake.accounts import recovery, sessions
from residency_intake.adapters import passwords as passwords_adapter
from residency_intake.errors import ApiError

from tests.integration.accounts_kit import BASE, LIFETIME, PASSWORD, PASSWORDS, T0, kit_fixture  # noqa: F401

WRONG = "Wrong-Pass1!"


async def _login_code(pool, login_id: str, password: str, now) -> str:  # type: ignore[no-untyped-def]
    try:
        await sessions.login(pool, PASSWORDS, login_id, password, now)
    except ApiError as e:
        return f"{e.status} {e.body.code}"
    return "200"


async def _lock(kit, login_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [await _login_code(kit.pool, login_id, WRONG, T0 + timedelta(minutes=i))
            for i in range(5)]


async def test_fifth_wrong_password_locks_the_account(kit) -> None:
    login_id, _ = await kit.register()
    assert await _lock(kit, login_id) == ["401 INVALID_CREDENTIALS"] * 5
    later = T0 + timedelta(hours=1)
    # while locked, right and wrong passwords get the same answer; an unknown ID stays a 401
    assert await _login_code(kit.pool, login_id, WRONG, later) == "423 ACCOUNT_LOCKED"
    assert await _login_code(kit.pool, login_id, PASSWORD, later) == "423 ACCOUNT_LOCKED"
    assert await _login_code(kit.pool, "U999999999", WRONG, later) == "401 INVALID_CREDENTIALS"
    row = await kit.pool.fetchrow("SELECT locked_until FROM users WHERE login_id = $1", login_id)
    assert row["locked_until"] == T0 + timedelta(minutes=4, hours=24)


async def test_while_locked_the_password_is_not_checked_and_cannot_be_told_apart(
        kit, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    login_id, _ = await kit.register()
    await _lock(kit, login_id)

    def no_check(*_: object) -> bool:
        raise AssertionError("a password was verified while the account is locked")

    monkeypatch.setattr(passwords_adapter, "verify_password", no_check)
    answers = []
    for password in (WRONG, PASSWORD):
        with pytest.raises(ApiError) as info:
            await sessions.login(kit.pool, PASSWORDS, login_id, password, T0 + timedelta(hours=1))
        answers.append((info.value.status, info.value.body.model_dump()))
    assert answers[0] == answers[1] and answers[0][0] == 423


async def test_four_wrong_passwords_then_the_right_one_start_the_count_again(kit) -> None:
    login_id, _ = await kit.register()
    for _ in range(4):
        await _login_code(kit.pool, login_id, WRONG, T0)
    assert await _login_code(kit.pool, login_id, PASSWORD, T0) == "200"
    for _ in range(4):
        await _login_code(kit.pool, login_id, WRONG, T0)
    assert await _login_code(kit.pool, login_id, PASSWORD, T0) == "200"


async def test_the_lock_ends_24_hours_after_the_fifth_failure(kit) -> None:
    login_id, _ = await kit.register()
    await _lock(kit, login_id)
    fifth = T0 + timedelta(minutes=4)
    just_before = fifth + timedelta(hours=24) - timedelta(seconds=1)
    assert await _login_code(kit.pool, login_id, PASSWORD, just_before) == "423 ACCOUNT_LOCKED"
    assert await _login_code(kit.pool, login_id, PASSWORD, fifth + timedelta(hours=24)) == "200"


async def test_password_reset_unlocks_at_once_and_ends_old_sessions(kit) -> None:
    login_id, email = await kit.register()
    old_session = await sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0)
    await _lock(kit, login_id)
    now = T0 + timedelta(minutes=10)
    await recovery.request_password_reset(kit.pool, login_id, email, now, BASE)
    await recovery.reset_password(kit.pool, PASSWORDS, kit.tokens[-1], "New-Pass99?", now)
    assert await _login_code(kit.pool, login_id, "New-Pass99?", now) == "200"
    assert await _login_code(kit.pool, login_id, PASSWORD, now) == "401 INVALID_CREDENTIALS"
    with pytest.raises(ApiError):
        await sessions.authenticate(kit.pool, old_session, now, timedelta(hours=3), LIFETIME)
    assert [m.change for m in kit.mails_to(email, "profile_changed")] == ["password"]


async def test_password_reset_link_expires_after_24_hours(kit) -> None:
    login_id, email = await kit.register()
    await recovery.request_password_reset(kit.pool, login_id, email, T0, BASE)
    with pytest.raises(ApiError) as info:
        await recovery.reset_password(kit.pool, PASSWORDS, kit.tokens[-1], "New-Pass99?",
                                      T0 + timedelta(hours=24))
    assert info.value.status == 410
    assert await _login_code(kit.pool, login_id, PASSWORD, T0) == "200"
