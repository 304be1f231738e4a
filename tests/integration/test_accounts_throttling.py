"""Throttles over HTTP (429 with Retry-After, per client address and per account), and
password hashing that neither blocks the event loop, nor hashes for a bad token, nor holds a
database connection while it runs."""

import asyncio
import threading
import uuid
from collections.abc import Awaitable, Callable

import httpx
import pytest
from residency_intake.adapters import passwords as passwords_adapter
from residency_messaging.db import create_pool

from tests.helpers import wait_for
from tests.integration.accounts_kit import PASSWORD, kit_fixture  # noqa: F401
from tests.integration.intake_http import app_with, client, intake_settings

WRONG = "Wrong-Pass1!"
NEW = "Fresh-Pass77#"


def _is_429(r: httpx.Response) -> bool:
    body = r.json()
    return (r.status_code == 429 and body["code"] == "TOO_MANY_REQUESTS"
            and int(r.headers["Retry-After"]) >= 1
            and r.headers["Retry-After"] in body["message_ja"]
            and r.headers["Retry-After"] in body["message_en"])


async def test_login_is_throttled_per_client_address_with_retry_after(
        kit, stack, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    settings = intake_settings(stack, monkeypatch, throttle_login_per_address="3/min",
                               throttle_login_per_account="100/min")
    app = app_with(settings)
    async with client(app, kit.pool) as http:
        codes = [(await http.post("/auth/token", json={
            "login_id": f"U{n:09d}", "password": WRONG})).status_code for n in range(3)]
        assert codes == [401, 401, 401]
        refused = await http.post("/auth/token", json={"login_id": "U000000009",
                                                       "password": WRONG})
        assert _is_429(refused), refused.text
        assert 1 <= int(refused.headers["Retry-After"]) <= 20  # one more call per 20 s
        # X-Forwarded-For is not believed from an untrusted peer
        spoofed = await http.post("/auth/token", json={"login_id": "U000000009",
                                                       "password": WRONG},
                                  headers={"X-Forwarded-For": "198.51.100.7"})
        assert _is_429(spoofed)
    async with client(app, kit.pool, peer="192.0.2.11") as other:
        r = await other.post("/auth/token", json={"login_id": "U000000009", "password": WRONG})
        assert r.status_code == 401  # another address has its own allowance


async def test_behind_a_trusted_proxy_the_forwarded_address_is_throttled(
        kit, stack, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    settings = intake_settings(stack, monkeypatch, throttle_login_per_address="2/min",
                               throttle_login_per_account="100/min",
                               trusted_proxies='["192.0.2.0/24"]')
    async with client(app_with(settings), kit.pool) as proxy:
        def login(client_ip: str) -> object:
            return proxy.post("/auth/token", json={"login_id": "U000000001", "password": WRONG},
                              headers={"X-Forwarded-For": f"{client_ip}, 192.0.2.99"})

        assert [(await login("198.51.100.1")).status_code for _ in range(2)] == [401, 401]
        assert _is_429(await login("198.51.100.1"))
        assert (await login("198.51.100.2")).status_code == 401


async def test_login_is_throttled_per_account_whatever_the_address(
        kit, stack, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    login_id, _ = await kit.register()
    settings = intake_settings(stack, monkeypatch, throttle_login_per_account="2/min",
                               trusted_proxies='["192.0.2.0/24"]')
    async with client(app_with(settings), kit.pool) as proxy:
        answers = [await proxy.post("/auth/token", json={"login_id": login_id,
                                                         "password": PASSWORD},
                                    headers={"X-Forwarded-For": f"198.51.100.{n}"})
                   for n in range(3)]
    assert [r.status_code for r in answers[:2]] == [200, 200]
    assert _is_429(answers[2])


ROUTES = [
    ("registration", "/accounts/registrations", lambda n: {"email": f"t{n}@example.com"}),
    ("registration", "/accounts/registration", lambda n: {
        "token": f"x{n}", "user_type": "foreign_national", "latin_name": "SAMPLE,TARO",
        "phone": "09012345678", "password": NEW}),
    ("reminder", "/accounts/user-id-reminders",
     lambda n: {"email": f"t{n}@example.com", "latin_name": "SAMPLE,TARO"}),
    ("reset", "/accounts/password-reset-requests",
     lambda n: {"login_id": f"U{n:09d}", "email": f"t{n}@example.com"}),
    ("reset", "/accounts/password-reset", lambda n: {"token": f"x{n}", "password": NEW}),
    ("cesr_verify", "/cesr/verify", lambda n: {"cesr_number": f"TKY-2026-{n:06d}"}),
]


@pytest.mark.parametrize(("group", "path", "body"), ROUTES, ids=[r[1] for r in ROUTES])
async def test_every_costly_or_mailing_route_is_throttled_per_client_address(
        kit, stack, monkeypatch: pytest.MonkeyPatch, group: str, path: str,  # type: ignore[no-untyped-def]
        body) -> None:
    settings = intake_settings(stack, monkeypatch, **{f"throttle_{group}_per_address": "2/h"})
    async with client(app_with(settings), kit.pool) as http:
        answers = [await http.post(path, json=body(n)) for n in range(3)]
    assert all(r.status_code != 429 for r in answers[:2]), [r.text for r in answers]
    assert _is_429(answers[2]) and 1 <= int(answers[2].headers["Retry-After"]) <= 1800


@pytest.mark.parametrize(("path", "setting", "body"), [
    ("/accounts/registrations", "registration_per_email", lambda n: {"email": "Same@example.com"}),
    ("/accounts/user-id-reminders", "reminder_per_email",
     lambda n: {"email": "same@example.com", "latin_name": "SAMPLE,TARO"}),
    ("/accounts/password-reset-requests", "reset_per_account",
     lambda n: {"login_id": "U000000042", "email": f"t{n}@example.com"}),
])
async def test_mailing_routes_are_throttled_per_address_or_account_they_mail(
        kit, stack, monkeypatch: pytest.MonkeyPatch, path: str, setting: str,  # type: ignore[no-untyped-def]
        body) -> None:
    settings = intake_settings(stack, monkeypatch, trusted_proxies='["192.0.2.0/24"]',
                               **{f"throttle_{setting}": "1/h"})
    async with client(app_with(settings), kit.pool) as proxy:
        answers = [await proxy.post(path, json=body(n),
                                    headers={"X-Forwarded-For": f"198.51.100.{n}"})
                   for n in range(2)]
    assert answers[0].status_code == 202 and _is_429(answers[1])


async def test_a_flood_of_resets_with_a_bad_token_hashes_nothing_and_health_answers(
        kit, stack, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    def no_hash(_: str) -> str:
        raise AssertionError("a password was hashed for a token that is not valid")

    monkeypatch.setattr(passwords_adapter, "hash_password", no_hash)
    settings = intake_settings(stack, monkeypatch, throttle_enabled="false")
    app = app_with(settings)
    async with client(app, kit.pool) as http:
        flood = [http.post("/accounts/password-reset", json={"token": "x", "password": NEW})
                 for _ in range(40)]
        health = http.get("/healthz")
        *answers, alive = await asyncio.gather(*flood, health)
    assert {(r.status_code, r.json()["code"]) for r in answers} == {(400, "LINK_INVALID")}
    assert alive.status_code == 200
    assert app.state.passwords.calls == {"hash": 0, "verify": 0}


async def test_registration_with_a_bad_token_hashes_nothing(
        kit, stack, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    settings = intake_settings(stack, monkeypatch, throttle_enabled="false")
    app = app_with(settings)
    async with client(app, kit.pool) as http:
        r = await http.post("/accounts/registration", json={
            "token": "x", "user_type": "foreign_national", "latin_name": "SAMPLE,TARO",
            "phone": "09012345678", "password": NEW})
    assert r.json()["code"] == "LINK_INVALID" and app.state.passwords.calls["hash"] == 0


class Gate:
    """Holds every password verification until opened (bounded), counting those waiting."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.inside = 0
        self.lock = threading.Lock()
        self.real = passwords_adapter.verify_password

    def verify(self, stored: str, password: str) -> bool:
        with self.lock:
            self.inside += 1
        assert self.open.wait(30), "the gate was never opened"
        return self.real(stored, password)

    def holding(self, n: int) -> Callable[[], Awaitable[bool]]:
        async def probe() -> bool:
            return self.inside >= n
        return probe


async def test_parallel_logins_to_one_user_leave_the_pool_to_other_requests(
        kit, stack, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    login_id, _ = await kit.register()
    other_id, _ = await kit.register()
    small = await create_pool(stack.database_url("intake"), max_size=3)
    settings = intake_settings(stack, monkeypatch, throttle_enabled="false",
                               password_workers="12", password_queue="0")
    app = app_with(settings)
    try:
        async with client(app, small) as http:
            r = await http.post("/auth/token", json={"login_id": other_id, "password": PASSWORD})
            other = {"Authorization": f"Bearer {r.json()['access_token']}"}
            gate = Gate()
            monkeypatch.setattr(passwords_adapter, "verify_password", gate.verify)
            # 4 wrong passwords among 10: however the threads finish, never the 5 in a row
            # that would lock the account (and answer 423 to the right ones after them)
            logins = [asyncio.create_task(http.post("/auth/token", json={
                "login_id": login_id, "password": PASSWORD if n % 3 else WRONG}))
                for n in range(10)]
            try:
                await wait_for(gate.holding(10), what="ten logins verifying at once")
                assert small.get_idle_size() + (3 - small.get_size()) == 3  # none in use
                me = await asyncio.wait_for(http.get("/me", headers=other), 30)
            finally:
                gate.open.set()
            answers = await asyncio.gather(*logins)
    finally:
        await small.close()
    assert me.status_code == 200
    assert sorted({r.status_code for r in answers}) == [200, 401]


async def test_when_the_password_threads_are_full_login_answers_503_with_retry_after(
        kit, stack, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    login_id, _ = await kit.register()
    settings = intake_settings(stack, monkeypatch, throttle_enabled="false",
                               password_workers="1", password_queue="1")
    app = app_with(settings)
    gate = Gate()
    monkeypatch.setattr(passwords_adapter, "verify_password", gate.verify)
    async with client(app, kit.pool) as http:
        def login() -> object:
            return http.post("/auth/token", json={"login_id": login_id, "password": PASSWORD})

        first, second = asyncio.create_task(login()), asyncio.create_task(login())
        try:
            async def full() -> bool:  # one verifying, one waiting for the thread
                return gate.inside == 1 and app.state.passwords.in_flight == 2

            await wait_for(full, what="one login verifying and one waiting")
            busy = await login()
        finally:
            gate.open.set()
        done = await asyncio.gather(first, second)
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
    assert busy.json()["code"] == "PASSWORD_CHECKS_BUSY" and busy.json()["message_ja"]
    assert [r.status_code for r in done] == [200, 200]


async def test_concurrent_wrong_passwords_each_count_and_lock_once(
        kit, stack, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    login_id, _ = await kit.register()
    settings = intake_settings(stack, monkeypatch, throttle_enabled="false",
                               password_workers="9")
    async with client(app_with(settings), kit.pool) as http:
        answers = await asyncio.gather(*(http.post("/auth/token", json={
            "login_id": login_id, "password": f"Wrong-{uuid.uuid4().hex[:6]}1!"})
            for _ in range(9)))
        after = await http.post("/auth/token", json={"login_id": login_id,
                                                     "password": PASSWORD})
    codes = sorted(r.status_code for r in answers)
    assert codes.count(401) == 5 and codes.count(423) == 4, codes
    assert after.status_code == 423
