"""Accounts through HTTP on the real stack: registration by the emailed link, login, profile,
session end, and answers that never reveal whether an address or user ID exists."""

import re
import uuid

import httpx
import pytest

from tests.helpers import mails, wait_for

PASSWORD = "Regist-Pass1?"


@pytest.fixture
async def http(services):  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(base_url=services.intake_url, timeout=30) as c:
        yield c


async def _mail(stack, to: str, subject: str) -> dict:  # type: ignore[no-untyped-def]
    async def probe() -> list[dict]:
        return [m for m in await mails(stack.mail_api_url, to) if subject in m["subject"]]

    return (await wait_for(probe, what=f"the email '{subject}'"))[-1]


def _token(mail: dict, path: str) -> str:
    found = re.search(re.escape(path) + r"\?token=([A-Za-z0-9_-]+)", mail["text"])
    assert found, mail["text"]
    assert found.group(1) in mail["html"]
    return found.group(1)


async def _register(http: httpx.AsyncClient, stack, email: str) -> str:  # type: ignore[no-untyped-def]
    r = await http.post("/accounts/registrations", json={"email": email})
    assert r.status_code == 202, r.text
    token = _token(await _mail(stack, email, "利用者登録のご案内"), "/accounts/registration")
    r = await http.get("/accounts/registration", params={"token": token})
    assert r.status_code == 200 and r.json()["email"] == email
    r = await http.post("/accounts/registration", json={
        "token": token, "user_type": "foreign_national", "latin_name": "SAMPLE,TARO",
        "phone": "09012345678", "password": PASSWORD})
    assert r.status_code == 201, r.text
    login_id = str(r.json()["login_id"])
    assert login_id in (await _mail(stack, email, "利用者IDのお知らせ"))["text"]
    return login_id


async def test_register_by_the_emailed_link_log_in_see_profile_extend_and_log_out(
        http, services, stack) -> None:  # type: ignore[no-untyped-def]
    email = f"reg-{uuid.uuid4().hex[:8]}@example.com"
    login_id = await _register(http, stack, email)
    r = await http.post("/auth/token", json={"login_id": login_id, "password": PASSWORD})
    assert r.status_code == 200, r.text
    auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
    me = (await http.get("/me", headers=auth)).json()
    assert me["login_id"] == login_id and me["user_type"] == "foreign_national"
    assert me["email"] == email and me["latin_name"] == "SAMPLE,TARO"
    assert me["organization_id"] is None
    r = await http.post("/auth/extend", headers=auth)
    assert r.status_code == 200 and r.json()["expires_in"] == 3 * 3600
    r = await http.put("/me/phone", headers=auth, json={"phone": "0311112222"})
    assert r.status_code == 200 and r.json()["phone"] == "0311112222"
    assert "電話番号" in (await _mail(stack, email, "電話番号変更のお知らせ"))["subject"]
    assert (await http.post("/auth/logout", headers=auth)).status_code == 204
    r = await http.get("/me", headers=auth)
    assert r.status_code == 401 and r.json()["code"] == "UNAUTHENTICATED"


async def test_nothing_tells_a_stranger_whether_an_address_or_user_id_exists(
        http, services, stack) -> None:  # type: ignore[no-untyped-def]
    email = f"known-{uuid.uuid4().hex[:8]}@example.com"
    login_id = await _register(http, stack, email)
    stranger = f"nobody-{uuid.uuid4().hex[:8]}@example.com"
    for path, known, unknown in [
        ("/accounts/registrations", {"email": email}, {"email": stranger}),
        ("/accounts/user-id-reminders", {"email": email, "latin_name": "SAMPLE,TARO"},
         {"email": stranger, "latin_name": "SAMPLE,TARO"}),
        ("/accounts/password-reset-requests", {"login_id": login_id, "email": email},
         {"login_id": "U000000000", "email": stranger}),
    ]:
        a, b = await http.post(path, json=known), await http.post(path, json=unknown)
        assert (a.status_code, a.json()) == (b.status_code, b.json()) and a.status_code == 202
    for _ in range(5):
        r = await http.post("/auth/token", json={"login_id": login_id, "password": "Wrong-Pass1!"})
        assert r.status_code == 401
    no_such = await http.post("/auth/token", json={"login_id": "U000000000",
                                                   "password": "Wrong-Pass1!"})
    assert no_such.status_code == 401  # an unknown ID is answered like a wrong password
    # while locked, the answer does not depend on the password
    locked_wrong = await http.post("/auth/token", json={"login_id": login_id,
                                                        "password": "Wrong-Pass1!"})
    r = await http.post("/auth/token", json={"login_id": login_id, "password": PASSWORD})
    assert r.status_code == 423 and r.json()["code"] == "ACCOUNT_LOCKED"
    assert (locked_wrong.status_code, locked_wrong.json()) == (r.status_code, r.json())

    reminder = await _mail(stack, email, "利用者IDの再通知")
    assert login_id in reminder["text"]
    reset = _token(await _mail(stack, email, "パスワード再設定のご案内"), "/accounts/password-reset")
    r = await http.post("/accounts/password-reset", json={"token": reset, "password": "Reset-Pass2!"})
    assert r.status_code == 200, r.text
    r = await http.post("/auth/token", json={"login_id": login_id, "password": "Reset-Pass2!"})
    assert r.status_code == 200  # the reset unlocked the account at once


@pytest.mark.parametrize(("path", "body", "field", "code"), [
    ("/accounts/registrations", {"email": "not-an-address"}, "email", "STRING_PATTERN_MISMATCH"),
    ("/accounts/registrations", {"email": "a" * 60 + "@example.com"}, "email", "STRING_TOO_LONG"),
    ("/accounts/registration", {"token": "x", "user_type": "foreign_national",
                                "latin_name": "SAMPLE,TARO", "phone": "09012345678",
                                "password": "short1!A"}, "password", "PASSWORD_LENGTH"),
    ("/accounts/registration", {"token": "x", "user_type": "foreign_national",
                                "latin_name": "SAMPLE,TARO", "phone": "09012345678",
                                "password": PASSWORD}, "token", "LINK_INVALID"),
    ("/accounts/user-id-reminders", {"email": "a@example.com", "latin_name": "Sample Taro"},
     "latin_name", "STRING_PATTERN_MISMATCH"),
    ("/accounts/password-reset", {"token": "x", "password": "Abcdefghij1$ "}, "password",
     "PASSWORD_FORBIDDEN_CHARACTER"),
])
async def test_bad_input_is_a_4xx_with_field_code_and_both_languages(
        http, path: str, body: dict, field: str, code: str) -> None:  # type: ignore[no-untyped-def]
    r = await http.post(path, json=body)
    assert 400 <= r.status_code < 500, r.text
    [err] = r.json()["errors"]
    assert (err["field"], err["code"]) == (field, code)
    assert err["message_ja"] and err["message_en"]
