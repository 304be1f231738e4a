"""Liveness, readiness and metrics (`/metrics`, see `metrics`) over HTTP for the consumer
services, served by uvicorn, and the server every service runs under, which turns SIGTERM
into a drain (see `runtime`)."""

import asyncio
import logging
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from types import FrameType

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from .logs import configure_logging
from .metrics import HttpMetrics, metrics_route
from .runtime import Runtime, close_reserve
from .settings import ServiceSettings

log = logging.getLogger(__name__)

STARTUP_FAILURE = 3  # uvicorn's


def health_app(runtime: Runtime, extra_routes: Sequence[BaseRoute] = ()) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await runtime.start()
        app.state.runtime = runtime  # from now on a SIGTERM drains it (DrainingServer)
        try:
            yield
        finally:
            await runtime.stop()

    async def healthz(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "alive", "service": runtime.service})

    async def readyz(_request: Request) -> JSONResponse:
        ok = await runtime.ready()
        return JSONResponse({"ready": ok, "service": runtime.service}, status_code=200 if ok else 503)

    def started() -> Runtime | None:
        return runtime if hasattr(runtime, "pool") else None

    return Starlette(routes=[Route("/healthz", healthz), Route("/readyz", readyz),
                             metrics_route(started), *extra_routes],
                     middleware=[Middleware(HttpMetrics, service=runtime.service)],
                     lifespan=lifespan)


class DrainingServer(uvicorn.Server):
    """uvicorn, draining on SIGTERM or SIGINT and exiting 0 once drained.

    At the signal: the app's runtime (`app.state.runtime`, once started) turns not ready and
    starts draining its consumers; the server keeps serving for `shutdown_delay_s` (load
    balancers see /readyz 503 and stop sending), then closes its listener, finishes the
    requests in flight (`timeout_graceful_shutdown`) and runs the lifespan's end
    (`Runtime.stop`). A second signal exits at once (128 + signal number).

    uvicorn itself would re-raise the signal after its shutdown, so a drained service would
    exit "killed by SIGTERM" (except as PID 1, where that signal is ignored); this one does
    not, so the exit code says whether the drain went well."""

    def __init__(self, config: uvicorn.Config, shutdown_delay_s: float = 0.0) -> None:
        super().__init__(config)
        self.shutdown_delay_s = shutdown_delay_s
        self._loop: asyncio.AbstractEventLoop | None = None
        self._signalled = False

    async def serve(self, sockets: list[socket.socket] | None = None) -> None:
        self._loop = asyncio.get_running_loop()
        await super().serve(sockets)

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self._signalled:
            log.warning("second signal: exiting without draining", extra={"signal": sig})
            logging.shutdown()
            os._exit(128 + sig)
        self._signalled = True
        if self._loop is None:  # not serving yet
            self.should_exit = True
            return
        self._loop.call_soon_threadsafe(self._begin_drain, sig)  # out of the signal handler

    def _begin_drain(self, sig: int) -> None:
        assert self._loop is not None
        log.info("signal received: draining", extra={
            "signal": signal.Signals(sig).name, "shutdown_delay_s": self.shutdown_delay_s})
        state = getattr(self.config.app, "state", None)
        runtime = getattr(state, "runtime", None)
        if isinstance(runtime, Runtime):
            runtime.begin_drain()
        self._loop.call_later(self.shutdown_delay_s, self._close)

    def _close(self) -> None:
        self.should_exit = True


def serve(app: object, service: str, settings: ServiceSettings) -> None:
    """Run `app` until SIGTERM/SIGINT, then drain it; exits non-zero if it failed to start."""
    configure_logging(service, settings.log_level)
    config = uvicorn.Config(
        app, host=settings.http_host, port=settings.http_port, log_config=None, access_log=False,  # type: ignore[arg-type]
        timeout_graceful_shutdown=max(1, round(settings.drain_timeout_s
                                                - close_reserve(settings.drain_timeout_s))))
    server = DrainingServer(config, settings.shutdown_delay_s)
    server.run()
    if not server.started:
        sys.exit(STARTUP_FAILURE)
