"""The session-expiry warning follows intake's idle timer (manual §2.6): every call intake
authenticates moves the end, public calls do not, the warning comes 10 minutes before and
says when the session times out."""

import re

import httpx
import pytest
from residency_messaging.sealing import new_key
from residency_web.intake import Intake, SignedOut
from residency_web.session_clock import (
    WARN_BEFORE_S,
    cap_after_extend,
    ends_at,
    restarts_idle_clock,
    timeout_label,
    warning_in,
)
from residency_web.sessions import Session

HOUR = 3600.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_warning_comes_ten_minutes_before_the_end_and_names_the_time() -> None:
    assert WARN_BEFORE_S == 600
    assert warning_in(1000.0, 1000.0 + 3 * HOUR) == 3 * 3600 - 600
    assert warning_in(1000.0, 1000.0 + 300) == 0  # less than 10 minutes left: at once
    assert timeout_label(1_800_000_000.0) == "2027-01-15 17:00"  # 08:00 UTC, Japan time


def test_an_authenticated_call_restarts_the_idle_end_up_to_the_lifetimes_cap() -> None:
    assert ends_at(100.0, 3 * HOUR, None) == 100.0 + 3 * HOUR
    assert ends_at(100.0, 3 * HOUR, 100.0 + HOUR) == 100.0 + HOUR
    assert cap_after_extend(100.0, 3 * HOUR, 3 * HOUR) is None  # a full extension: no cap seen
    assert cap_after_extend(100.0, 3 * HOUR, HOUR) == 100.0 + HOUR


@pytest.mark.parametrize(("method", "path", "status", "restarts"), [
    ("GET", "/applications", 200, True),
    ("GET", "/applications/00000000-0000-4000-8000-000000000000", 404, True),
    ("POST", "/applications", 422, True),
    ("GET", "/procedures/favorites", 200, True),
    ("PUT", "/procedures/EXT/favorite", 204, True),
    ("GET", "/procedures", 200, False),
    ("GET", "/procedures/EXT", 200, False),
    ("POST", "/cesr/verify", 200, False),
    ("GET", "/applications", 401, False),
    ("POST", "/applications", 429, False),
])
def test_which_answers_restarted_intakes_idle_clock(method: str, path: str, status: int,
                                                    restarts: bool) -> None:
    assert restarts_idle_clock(method, path, status) is restarts


def test_the_public_calls_are_exactly_intakes_operations_without_a_session(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from residency_intake.app import create_app

    for key, value in {"INTAKE_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
                       "INTAKE_S3_ACCESS_KEY": "dummy", "INTAKE_S3_SECRET_KEY": "dummy",
                       "INTAKE_HASH_SECRET": "dummy", "INTAKE_MAIL_SEALING_KEY": new_key()
                       }.items():
        monkeypatch.setenv(key, value)
    spec = create_app().openapi()  # built, never started: nothing connects
    samples = {"code": "EXT", "procedure": "EXT", "name": "guide.pdf", "fmt": "csv", "n": "1"}
    checked = 0
    for template, operations in spec["paths"].items():
        path = re.sub(r"\{(\w+)\}", lambda m: samples.get(
            m.group(1), "00000000-0000-4000-8000-000000000000"), template)
        for method, operation in operations.items():
            authenticated = bool(operation.get("security"))
            assert restarts_idle_clock(method, path, 200) is authenticated, (method, template)
            checked += 1
    assert checked > 50


def _intake(clock: Clock, answers: dict[str, int]) -> Intake:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(answers[request.url.path], json={})

    return Intake(httpx.AsyncClient(base_url="http://intake", transport=httpx.MockTransport(
        handle)), clock=clock)


def _signed_in(clock: Clock) -> Session:
    return Session("sid", "csrf", clock.now, token="t", idle_s=3 * HOUR,
                   expires_at=clock.now + 3 * HOUR)


async def test_after_an_hour_of_use_the_session_ends_three_hours_after_the_last_call() -> None:
    clock = Clock()
    intake = _intake(clock, {"/applications": 200, "/procedures": 200})
    session = _signed_in(clock)
    login = clock.now
    clock.now += HOUR
    await intake.call("GET", "/applications", session)
    assert session.expires_at == login + 4 * HOUR
    clock.now += HOUR
    await intake.call("GET", "/procedures", session)  # public: intake's clock kept on
    assert session.expires_at == login + 4 * HOUR


async def test_a_refused_call_moves_nothing_and_a_lost_session_signs_out() -> None:
    clock = Clock()
    intake = _intake(clock, {"/applications": 429, "/me": 401})
    session = _signed_in(clock)
    before = session.expires_at
    clock.now += HOUR
    await intake.call("POST", "/applications", session)
    assert session.expires_at == before
    with pytest.raises(SignedOut):
        await intake.call("GET", "/me", session)


async def test_the_cap_an_extension_showed_is_kept() -> None:
    clock = Clock()
    intake = _intake(clock, {"/applications": 200})
    session = _signed_in(clock)
    session.cap = clock.now + HOUR
    await intake.call("GET", "/applications", session)
    assert session.expires_at == clock.now + HOUR
