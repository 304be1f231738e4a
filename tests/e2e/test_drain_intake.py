"""SIGTERM intake under a steady stream of registration requests: /readyz turns 503 at once
while it still serves for the shutdown delay (the test stops sending on the 503, as a load
balancer would); every request already sent gets its answer, even one whose body is still
arriving after the listener has closed; exit 0; each accepted registration mails its link
exactly once."""

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx

from tests.e2e.drain_support import Replica
from tests.helpers import mails, wait_for

SENDERS = 6
SIGNAL_AFTER = 20
SUBJECT = "利用者登録のご案内"


@dataclass
class Sent:
    email: str
    started: float
    ended: float
    outcome: int | str  # the status code, or the transport error's name


async def test_intake_sigterm_under_load_answers_every_request_in_flight_and_exits_0(
        stack, services) -> None:  # type: ignore[no-untyped-def]
    replica = Replica(stack, "intake")
    tag = f"draini-{uuid.uuid4().hex[:8]}"
    sent: list[Sent] = []
    stop_sending = asyncio.Event()
    numbers = iter(range(10_000))
    await replica.start()
    try:
        async with httpx.AsyncClient(base_url=replica.url, timeout=30,
                                     limits=httpx.Limits(max_keepalive_connections=0)) as http:
            async def register(email: str, content: object = None) -> None:
                started = time.monotonic()
                try:
                    if content is None:
                        r = await http.post("/accounts/registrations", json={"email": email})
                    else:
                        r = await http.post("/accounts/registrations", content=content,  # type: ignore[arg-type]
                                            headers={"Content-Type": "application/json"})
                    outcome: int | str = r.status_code
                except httpx.TransportError as exc:
                    outcome = type(exc).__name__
                sent.append(Sent(email, started, time.monotonic(), outcome))

            async def sender() -> None:
                while not stop_sending.is_set():
                    await register(f"{tag}-{next(numbers)}@example.com")

            senders = [asyncio.create_task(sender()) for _ in range(SENDERS)]
            await wait_for(lambda: _true(len(sent) >= SIGNAL_AFTER), timeout=60, interval=0.01,
                           what=f"{SIGNAL_AFTER} registrations")
            draining = replica.terminate()

            async def slow_body() -> AsyncIterator[bytes]:  # still arriving after the close
                yield b'{"email": '
                await asyncio.wait_for(draining.closed.wait(), timeout=15)
                yield f'"{tag}-slow@example.com"}}'.encode()

            slow = asyncio.create_task(register(f"{tag}-slow@example.com", slow_body()))
            await asyncio.wait_for(draining.not_ready.wait(), timeout=15)
            stop_sending.set()  # the load balancer has seen the 503
            await asyncio.gather(*senders, slow)
            code, took = await draining.exited()
        t0 = draining.t0
        in_flight = [s for s in sent if s.started < t0 < s.ended]
        after_signal = [s for s in sent if s.started > t0]
        outcomes = Counter(s.outcome for s in sent)
        assert code == 0, replica.proc.tail()
        draining.assert_not_ready_at_once()
        assert outcomes == {202: len(sent)}, f"requests not answered: {outcomes}"
        accepted = {s.email for s in sent}
        assert f"{tag}-slow@example.com" in accepted

        async def links() -> list[dict]:
            got = [m for m in await mails(stack.mail_api_url) if SUBJECT in m["subject"]
                   and any(tag in a for a in m["to"])]
            return got if {a for m in got for a in m["to"]} >= accepted else []

        t_exit = time.monotonic()
        await wait_for(links, timeout=120, interval=0.5, what="a link for every registration")
        got = await links()
        print(f"\nintake drain: {len(sent)} registrations by {SENDERS} senders; SIGTERM → exit "
              f"{code} in {took:.2f}s (shutdown delay 1s included); {len(in_flight)} requests in "
              f"flight at the signal, {len(after_signal)} sent after it (while not ready) and "
              f"answered, one body still arriving after the listener closed answered too; "
              f"outcomes {dict(outcomes)}; /readyz after the signal {draining.readiness}; "
              f"all {len(accepted)} links mailed {time.monotonic() - t_exit:.2f}s after the exit, "
              f"{len(got)} raw")
        assert len(got) == len(accepted) and len({m["message_id"] for m in got}) == len(got)
    finally:
        replica.kill()


async def _true(value: bool) -> bool:
    return value
