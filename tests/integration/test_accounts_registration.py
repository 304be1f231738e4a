"""Registration, forgotten user ID and link expiry against the real database (injected now)."""

import uuid
from datetime import timedelta

import pytest
from residency_intake.accounts import recovery, registration, sessions
from residency_intake.accounts.views import Registration
from residency_intake.adapters.passwords import verify_password
from residency_intake.errors import ApiError

from tests.integration.accounts_kit import BASE, LIFETIME, PASSWORD, PASSWORDS, T0, kit_fixture  # noqa: F401

pytestmark = pytest.mark.usefixtures("stack")


def _form(token: str, **kw: object) -> Registration:
    return Registration.model_validate({
        "token": token, "user_type": "relative", "latin_name": "SAMPLE,HANAKO",
        "phone": "0312345678", "password": PASSWORD, **kw})


async def test_registration_mails_a_link_then_issues_and_mails_a_user_id(kit) -> None:
    email = f"new-{uuid.uuid4().hex[:8]}@example.com"
    await registration.request_registration(kit.pool, email, T0, BASE)
    [link_mail] = kit.mails_to(email, "registration_link")
    token = kit.tokens[-1]
    assert link_mail.link == f"{BASE}/accounts/registration?token={token}"
    assert link_mail.expires_at == T0 + timedelta(hours=24)
    stored = await kit.pool.fetchrow(
        "SELECT token_hash, purpose FROM account_links WHERE email = $1", email)
    assert stored["purpose"] == "registration" and token not in stored["token_hash"]

    done = await registration.complete_registration(kit.pool, PASSWORDS, _form(token), T0)
    [issued] = kit.mails_to(email, "user_id_issued")
    assert issued.login_id == done.login_id and done.user_type == "relative"
    user = await kit.pool.fetchrow("SELECT * FROM users WHERE login_id = $1", done.login_id)
    assert user["role"] == "relative" and user["organization_id"] is None
    assert user["latin_name"] == "SAMPLE,HANAKO" and user["phone"] == "0312345678"
    assert user["password_hash"].startswith("$argon2") and verify_password(
        user["password_hash"], PASSWORD)
    assert await sessions.login(kit.pool, PASSWORDS, done.login_id, PASSWORD, T0)


async def test_registration_link_is_valid_for_24_hours_and_only_once(kit) -> None:
    email = f"exp-{uuid.uuid4().hex[:8]}@example.com"
    await registration.request_registration(kit.pool, email, T0, BASE)
    token = kit.tokens[-1]
    almost = T0 + timedelta(hours=24) - timedelta(seconds=1)
    assert (await registration.show_registration_link(kit.pool, token, almost)).email == email
    with pytest.raises(ApiError) as info:
        await registration.complete_registration(kit.pool, PASSWORDS, _form(token),
                                                 T0 + timedelta(hours=24))
    assert info.value.status == 410 and info.value.body.code == "LINK_EXPIRED"
    assert info.value.body.errors[0].field == "token"
    assert await kit.pool.fetchval("SELECT count(*) FROM users WHERE email = $1", email) == 0

    await registration.request_registration(kit.pool, email, T0, BASE)
    fresh = kit.tokens[-1]
    await registration.complete_registration(kit.pool, PASSWORDS, _form(fresh), almost)
    with pytest.raises(ApiError) as again:
        await registration.complete_registration(kit.pool, PASSWORDS, _form(fresh), almost)
    assert again.value.status == 400 and again.value.body.code == "LINK_INVALID"


async def test_registering_a_known_address_answers_the_same_and_creates_nothing(kit) -> None:
    _, email = await kit.register()
    unknown = f"unknown-{uuid.uuid4().hex[:8]}@example.com"
    known_answer = await registration.request_registration(kit.pool, email, T0, BASE)
    unknown_answer = await registration.request_registration(kit.pool, unknown, T0, BASE)
    assert known_answer == unknown_answer
    with pytest.raises(ApiError) as info:  # only the owner of the address learns it is taken
        await registration.complete_registration(kit.pool, PASSWORDS, _form(kit.tokens[-2]), T0)
    assert info.value.status == 409 and info.value.body.code == "EMAIL_IN_USE"
    assert await kit.pool.fetchval("SELECT count(*) FROM users WHERE email = $1", email) == 1


async def test_user_id_reminder_is_mailed_only_when_email_and_name_match(kit) -> None:
    login_id, email = await kit.register(latin_name="NGUYEN,VAN A")
    other = f"other-{uuid.uuid4().hex[:8]}@example.com"
    answers = [await recovery.remind_user_id(kit.pool, e, n) for e, n in [
        (email, "NGUYEN,VAN B"), (other, "NGUYEN,VAN A"), (email.upper(), "NGUYEN,VAN A")]]
    assert answers[0] == answers[1] == answers[2]
    [reminder] = kit.mails_to(email, "user_id_reminder")
    assert reminder.login_id == login_id and reminder.to == [email]
    assert not kit.mails_to(other)


async def test_password_reset_request_answers_the_same_and_mails_only_on_a_match(kit) -> None:
    login_id, email = await kit.register()
    stranger = f"s-{uuid.uuid4().hex[:8]}@example.com"
    answers = [await recovery.request_password_reset(kit.pool, lid, e, T0, BASE)
               for lid, e in [("U000000000", email), (login_id, stranger), (login_id, email)]]
    assert answers[0] == answers[1] == answers[2]
    assert not kit.mails_to(stranger)
    [reset] = kit.mails_to(email, "password_reset_link")
    assert reset.link.startswith(f"{BASE}/accounts/password-reset?token=")
