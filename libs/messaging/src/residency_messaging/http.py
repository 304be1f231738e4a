"""Liveness and readiness over HTTP for the consumer services, served by uvicorn."""

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from .logs import configure_logging
from .runtime import Runtime


def health_app(runtime: Runtime, extra_routes: Sequence[BaseRoute] = ()) -> Starlette:
    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    async def healthz(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "alive", "service": runtime.service})

    async def readyz(_request: Request) -> JSONResponse:
        ok = await runtime.ready()
        return JSONResponse({"ready": ok, "service": runtime.service}, status_code=200 if ok else 503)

    return Starlette(routes=[Route("/healthz", healthz), Route("/readyz", readyz), *extra_routes],
                     lifespan=lifespan)


def serve(app: object, service: str, host: str, port: int, log_level: str) -> None:
    configure_logging(service, log_level)
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False,  # type: ignore[arg-type]
                timeout_graceful_shutdown=5)
