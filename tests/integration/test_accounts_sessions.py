"""Sessions (3 h idle, extension, logout) and profile changes, with an injected now."""

import uuid
from datetime import timedelta

import pytest
from residency_intake.accounts import profile, sessions
from residency_intake.errors import ApiError

from tests.integration.accounts_kit import BASE, LIFETIME, PASSWORD, PASSWORDS, T0, kit_fixture  # noqa: F401

IDLE = timedelta(hours=3)


async def _alive(pool, token: str, now) -> bool:  # type: ignore[no-untyped-def]
    try:
        await sessions.authenticate(pool, token, now, IDLE, LIFETIME)
    except ApiError as e:
        assert e.status == 401 and e.body.code == "UNAUTHENTICATED"
        return False
    return True


async def test_a_session_ends_after_3_hours_idle(kit) -> None:
    login_id, _ = await kit.register()
    a = await sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0)
    b = await sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0)
    assert await _alive(kit.pool, a, T0 + IDLE - timedelta(seconds=1))
    assert not await _alive(kit.pool, b, T0 + IDLE)


async def test_activity_and_extension_push_the_end_back(kit) -> None:
    login_id, _ = await kit.register()
    token = await sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0)
    t1 = T0 + timedelta(hours=2, minutes=50)  # 10 minutes before the end: extend
    who = await sessions.authenticate(kit.pool, token, t1, IDLE, LIFETIME)
    assert await sessions.extend(kit.pool, who, t1, IDLE, LIFETIME) == t1 + IDLE
    assert await _alive(kit.pool, token, t1 + IDLE - timedelta(seconds=1))
    assert not await _alive(kit.pool, token, t1 + IDLE - timedelta(seconds=1) + IDLE)


async def test_logout_ends_only_that_session(kit) -> None:
    login_id, _ = await kit.register()
    a = await sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0)
    b = await sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0)
    await sessions.logout(kit.pool, await sessions.authenticate(kit.pool, a, T0, IDLE, LIFETIME))
    assert not await _alive(kit.pool, a, T0) and await _alive(kit.pool, b, T0)


async def test_email_change_takes_effect_only_when_the_new_address_opens_the_link(kit) -> None:
    login_id, old = await kit.register()
    new = f"new-{uuid.uuid4().hex[:8]}@example.com"
    who = await sessions.authenticate(
        kit.pool, await sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0), T0, IDLE, LIFETIME)
    await profile.request_email_change(kit.pool, PASSWORDS, who, PASSWORD, new, T0, BASE)
    [link] = kit.mails_to(new, "email_change_link")
    assert link.to == [new] and not kit.mails_to(old, "profile_changed")
    assert (await profile.get_profile(kit.pool, who)).email == old
    await profile.confirm_email_change(kit.pool, kit.tokens[-1], T0 + timedelta(hours=1))
    assert (await profile.get_profile(kit.pool, who)).email == new
    [notice] = kit.mails_to(old, "profile_changed")
    assert notice.change == "email"
    with pytest.raises(ApiError) as info:
        await profile.confirm_email_change(kit.pool, kit.tokens[-1], T0 + timedelta(hours=1))
    assert info.value.body.code == "LINK_INVALID"


async def test_email_change_link_expires_after_24_hours(kit) -> None:
    login_id, old = await kit.register()
    who = await sessions.authenticate(
        kit.pool, await sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0), T0, IDLE, LIFETIME)
    await profile.request_email_change(kit.pool, PASSWORDS, who, PASSWORD, f"n-{uuid.uuid4().hex[:8]}@example.com",
                                       T0, BASE)
    with pytest.raises(ApiError) as info:
        await profile.confirm_email_change(kit.pool, kit.tokens[-1], T0 + timedelta(hours=24))
    assert info.value.status == 410 and (await profile.get_profile(kit.pool, who)).email == old


async def test_password_and_phone_changes_are_confirmed_to_the_registered_address(kit) -> None:
    login_id, email = await kit.register()
    token = await sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0)
    other = await sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0)
    who = await sessions.authenticate(kit.pool, token, T0, IDLE, LIFETIME)
    with pytest.raises(ApiError) as info:
        await profile.change_password(kit.pool, PASSWORDS, who, "Not-It-123!", "Newer-Pass1!", T0)
    assert info.value.status == 403 and info.value.body.errors[0].field == "current_password"
    await profile.change_password(kit.pool, PASSWORDS, who, PASSWORD, "Newer-Pass1!", T0)
    assert await _alive(kit.pool, token, T0) and not await _alive(kit.pool, other, T0)
    assert (await profile.change_phone(kit.pool, who, "08011112222")).phone == "08011112222"
    assert [m.change for m in kit.mails_to(email, "profile_changed")] == ["password", "phone"]
