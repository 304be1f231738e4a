"""intake: the only HTTP surface. Built in a factory; connects in its lifespan."""

from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from residency_messaging.metrics import HttpMetrics, metrics_endpoint
from residency_messaging.runtime import Runtime
from residency_sandbox import SandboxPool

from . import consumers, deps, errors, purge
from .adapters.objectstore import MinioStore
from .bodylimit import BodyLimit
from .openapi_docs import install_swagger_ui
from .routers import (
    accounts,
    applications,
    attachments,
    auth,
    bulk,
    cesr,
    corrections,
    examiner,
    health,
    organizations,
    procedures,
)
from .settings import IntakeSettings

SANDBOXED = ("residency_intake.cesr_signature", "residency_intake.bulk.parsing", "openpyxl")


def system_clock() -> datetime:
    return datetime.now(UTC)


def create_app(settings: IntakeSettings | None = None,
               clock: Callable[[], datetime] = system_clock) -> FastAPI:
    settings = settings or IntakeSettings()  # type: ignore[call-arg]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = store = MinioStore(
            settings.s3_endpoint, settings.s3_access_key.get_secret_value(),
            settings.s3_secret_key.get_secret_value(), secure=settings.s3_secure,
            region=settings.s3_region)

        # untrusted files (CESR PDFs, bulk .xlsx) are parsed in these bounded workers
        app.state.sandbox = sandbox = SandboxPool(settings.sandbox_workers, preload=SANDBOXED)

        def background(rt: Runtime) -> list[Coroutine[None, None, None]]:
            return [purge.run(rt.pool, store, settings.quarantine_bucket, clock,
                              settings.purge_interval_s, timedelta(seconds=settings.purge_grace_s)),
                    sandbox.warm_up()]

        runtime = Runtime("intake", settings, consumers.routers, background)
        await runtime.start()
        app.state.runtime = runtime
        try:
            yield
        finally:
            await runtime.stop()
            sandbox.close()

    app = FastAPI(title="Residency Online — intake", version="0.1.0", lifespan=lifespan,
                  docs_url=None, redoc_url=None,
                  description="Accounts, applications and attachments of the online "
                              "residence application system. Errors carry a code, the field "
                              "and messages in Japanese and English.")
    app.state.settings, app.state.clock = settings, clock
    app.add_middleware(BodyLimit, settings=settings)  # inside the metrics: its 413s count
    app.add_middleware(HttpMetrics, service="intake")
    app.add_api_route("/metrics", metrics_endpoint(lambda: getattr(app.state, "runtime", None)),
                      methods=["GET"], include_in_schema=False)
    errors.install(app)
    install_swagger_ui(app)
    deps.install(app, settings)
    for module in (health, auth, accounts, organizations, procedures, applications,
                   attachments, corrections, examiner, bulk, cesr):
        app.include_router(module.router)
    cesr.document(app)
    return app
