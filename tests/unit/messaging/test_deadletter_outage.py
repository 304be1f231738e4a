"""A dependency that is down (PostgreSQL restarting, the object store or broker gone) is
waited out, never a reason to dead-letter; a failing handler still is, after its tries."""

import asyncpg
import pytest
from pydantic import BaseModel, ValidationError
from residency_messaging import deadletter
from residency_messaging.deadletter import unavailable, with_retries


class Failing:
    def __init__(self, errors: list[Exception]) -> None:
        self.errors, self.calls = errors, 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "handled"


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    async def sleep(_: float) -> None:
        return None

    monkeypatch.setattr(deadletter.asyncio, "sleep", sleep)


async def test_a_database_restart_longer_than_every_try_is_waited_out() -> None:
    outage = [asyncpg.CannotConnectNowError("the database system is starting up")] * 5 + [
        ConnectionRefusedError(111, "Connect call failed"),
        asyncpg.AdminShutdownError("terminating connection due to administrator command")]
    call = Failing(list(outage))
    assert await with_retries(call, "t", attempts=3, backoff_s=0.2) == "handled"
    assert call.calls == len(outage) + 1


async def test_a_failing_handler_is_raised_after_its_tries_and_a_poison_one_at_once() -> None:
    call = Failing([RuntimeError("bug")] * 5)
    with pytest.raises(RuntimeError):
        await with_retries(call, "t", attempts=3, backoff_s=0.2)
    assert call.calls == 3

    class M(BaseModel):
        x: int

    try:
        M.model_validate({"x": "no"})
    except ValidationError as exc:
        poison = Failing([exc])
    with pytest.raises(ValidationError):
        await with_retries(poison, "t", attempts=3, backoff_s=0.2)
    assert poison.calls == 1


def test_only_outages_count_as_unavailable() -> None:
    assert unavailable(asyncpg.CannotConnectNowError("starting up"))
    assert unavailable(ConnectionResetError(104, "reset"))
    assert unavailable(TimeoutError())
    assert not unavailable(FileNotFoundError(2, "missing"))
    assert not unavailable(asyncpg.UniqueViolationError("duplicate key"))
    assert not unavailable(RuntimeError("bug"))
