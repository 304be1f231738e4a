"""The server every service runs under (`residency_messaging.http.serve`), as a real process:
SIGTERM lets the request in flight finish and exits 0 (uvicorn alone would re-raise the signal
and die of it); during the shutdown delay it still serves; a second signal exits at once."""

import asyncio
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from residency_devstack.ports import free_port

APP = """
import sys
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from residency_messaging.http import serve
from residency_messaging.settings import ServiceSettings

async def echo(request: Request) -> JSONResponse:
    return JSONResponse({"bytes": len(await request.body())})

settings = ServiceSettings(database_url="postgresql://unused", http_port=int(sys.argv[1]),
                           shutdown_delay_s=float(sys.argv[2]), drain_timeout_s=10)
serve(Starlette(routes=[Route("/echo", echo, methods=["POST"])]), "test", settings)
"""


def _start(delay_s: float) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", APP, str(port), str(delay_s)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.post(f"{url}/echo", content=b"x", timeout=1)
            return proc, url
        except httpx.TransportError:
            assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read()  # type: ignore[union-attr]
            time.sleep(0.05)


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    proc, url = _start(request.param)
    try:
        yield proc, url
    finally:
        proc.kill()
        proc.wait(5)


async def _refused(url: str) -> bool:
    async with httpx.AsyncClient(timeout=1) as client:
        try:
            await client.post(f"{url}/echo", content=b"x")
        except httpx.ConnectError:
            return True
        except (httpx.ReadError, httpx.RemoteProtocolError):
            # the kernel had queued this connection just before the listener closed: it is
            # reset, not refused — the next probe meets the closed port
            return False
        return False


async def _until(probe, timeout: float = 15) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not await probe():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


@pytest.mark.parametrize("server", [0.5], indirect=True)
async def test_sigterm_finishes_the_request_in_flight_serves_through_the_delay_and_exits_0(
        server: tuple[subprocess.Popen[bytes], str]) -> None:
    proc, url = server
    first_sent, closed = asyncio.Event(), asyncio.Event()

    async def body() -> AsyncIterator[bytes]:
        yield b"first half, "
        first_sent.set()  # asked for more: the headers and the first half are out
        await asyncio.wait_for(closed.wait(), timeout=15)  # the listener has closed by now
        yield b"second half"

    async with httpx.AsyncClient(timeout=15) as client:
        in_flight = asyncio.create_task(client.post(f"{url}/echo", content=body()))
        await asyncio.wait_for(first_sent.wait(), timeout=15)
        proc.send_signal(signal.SIGTERM)
        during_delay = await client.post(f"{url}/echo", content=b"abc")
        await _until(lambda: _refused(url))
        closed.set()
        response = await in_flight
    assert during_delay.status_code == 200 and during_delay.json() == {"bytes": 3}
    assert response.status_code == 200 and response.json() == {"bytes": 23}
    assert proc.wait(15) == 0


@pytest.mark.parametrize("server", [60], indirect=True)
async def test_a_second_signal_exits_at_once_without_waiting_for_the_drain(
        server: tuple[subprocess.Popen[bytes], str]) -> None:
    proc, _url = server
    assert proc.stdout is not None
    proc.send_signal(signal.SIGTERM)

    def draining() -> None:  # the first signal handled: draining, serving for 60 s more
        for line in proc.stdout:  # type: ignore[union-attr]
            if b"signal received: draining" in line:
                return

    await asyncio.wait_for(asyncio.to_thread(draining), timeout=15)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(10) == 128 + signal.SIGINT
