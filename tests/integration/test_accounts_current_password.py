"""Changes made in a session need the current password; wrong ones count toward the lockout;
a reset, a password change or an email change revokes the account's outstanding links."""

import uuid
from datetime import timedelta

import pytest
from pydantic import ValidationError
from residency_intake.accounts import profile, recovery, sessions
from residency_intake.accounts.views import EmailChangeRequest
from residency_intake.errors import ApiError

from tests.integration.accounts_kit import BASE, LIFETIME, PASSWORD, PASSWORDS, T0, kit_fixture  # noqa: F401

IDLE = timedelta(hours=3)
WRONG = "Wrong-Pass1!"


async def _session(kit, login_id: str):  # type: ignore[no-untyped-def]
    token = await sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0)
    return token, await sessions.authenticate(kit.pool, token, T0, IDLE, LIFETIME)


async def _code(call) -> str:  # type: ignore[no-untyped-def]
    try:
        await call
    except ApiError as e:
        return f"{e.status} {e.body.code}"
    return "ok"


def _new_email() -> str:
    return f"n-{uuid.uuid4().hex[:8]}@example.com"


async def test_guessing_the_current_password_in_a_session_locks_and_ends_sessions(kit) -> None:
    login_id, _ = await kit.register()
    token, who = await _session(kit, login_id)
    codes = [await _code(profile.change_password(kit.pool, PASSWORDS, who, WRONG, "Newer-Pass1!", T0))
             for _ in range(5)]
    assert codes == ["403 WRONG_PASSWORD"] * 5
    with pytest.raises(ApiError) as info:
        await sessions.authenticate(kit.pool, token, T0, IDLE, LIFETIME)
    assert info.value.body.code == "UNAUTHENTICATED"
    assert await _code(sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0)) == "423 ACCOUNT_LOCKED"
    # a session left over (or opened before) gets the same 423 for any password
    assert await _code(profile.change_password(kit.pool, PASSWORDS, who, PASSWORD, "Newer-Pass1!", T0)) \
        == "423 ACCOUNT_LOCKED"


async def test_wrong_current_passwords_and_wrong_logins_share_one_count(kit) -> None:
    login_id, _ = await kit.register()
    _, who = await _session(kit, login_id)
    for _ in range(2):
        await _code(sessions.login(kit.pool, PASSWORDS, login_id, WRONG, T0))
    for _ in range(2):
        await _code(profile.request_email_change(kit.pool, PASSWORDS, who, WRONG, _new_email(), T0, BASE))
    assert await _code(profile.change_password(kit.pool, PASSWORDS, who, WRONG, "Newer-Pass1!", T0)) \
        == "403 WRONG_PASSWORD"
    assert await _code(sessions.login(kit.pool, PASSWORDS, login_id, PASSWORD, T0)) == "423 ACCOUNT_LOCKED"


async def test_email_change_needs_the_current_password(kit) -> None:
    with pytest.raises(ValidationError) as missing:
        EmailChangeRequest.model_validate({"new_email": "a@example.com"})
    assert missing.value.errors()[0]["loc"] == ("current_password",)
    login_id, old = await kit.register()
    _, who = await _session(kit, login_id)
    new = _new_email()
    with pytest.raises(ApiError) as info:
        await profile.request_email_change(kit.pool, PASSWORDS, who, WRONG, new, T0, BASE)
    assert info.value.status == 403 and info.value.body.errors[0].field == "current_password"
    assert info.value.body.message_ja and info.value.body.message_en
    assert not kit.mails_to(new)
    await profile.request_email_change(kit.pool, PASSWORDS, who, PASSWORD, new, T0, BASE)
    assert kit.mails_to(new, "email_change_link")


async def _links(kit, login_id: str, email: str, who) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    await recovery.request_password_reset(kit.pool, login_id, email, T0, BASE)
    reset = kit.tokens[-1]
    await profile.request_email_change(kit.pool, PASSWORDS, who, PASSWORD, _new_email(), T0, BASE)
    return reset, kit.tokens[-1]


async def _revoked(kit, reset: str, change: str) -> bool:  # type: ignore[no-untyped-def]
    now = T0 + timedelta(minutes=5)
    codes = {await _code(recovery.reset_password(kit.pool, PASSWORDS, reset, "Other-Pass3#", now)),
             await _code(profile.confirm_email_change(kit.pool, change, now))}
    return codes == {"400 LINK_INVALID"}


async def test_a_password_change_revokes_outstanding_reset_and_email_links(kit) -> None:
    login_id, email = await kit.register()
    _, who = await _session(kit, login_id)
    reset, change = await _links(kit, login_id, email, who)
    await profile.change_password(kit.pool, PASSWORDS, who, PASSWORD, "Newer-Pass1!", T0)
    assert await _revoked(kit, reset, change)


async def test_a_reset_revokes_the_other_reset_and_email_links(kit) -> None:
    login_id, email = await kit.register()
    _, who = await _session(kit, login_id)
    reset, change = await _links(kit, login_id, email, who)
    await recovery.request_password_reset(kit.pool, login_id, email, T0, BASE)
    await recovery.reset_password(kit.pool, PASSWORDS, kit.tokens[-1], "Newer-Pass1!", T0)
    assert await _revoked(kit, reset, change)


async def test_an_email_change_revokes_the_other_reset_and_email_links(kit) -> None:
    login_id, email = await kit.register()
    _, who = await _session(kit, login_id)
    reset, change = await _links(kit, login_id, email, who)
    await profile.request_email_change(kit.pool, PASSWORDS, who, PASSWORD, _new_email(), T0, BASE)
    await profile.confirm_email_change(kit.pool, kit.tokens[-1], T0)
    assert await _revoked(kit, reset, change)
