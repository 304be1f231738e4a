"""intake: the only HTTP surface. Built in a factory; connects in its lifespan."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from residency_messaging.metrics import HttpMetrics, metrics_endpoint
from residency_sandbox import SandboxPool

from . import deps, errors, wording
from .address_throttle import AddressThrottle
from .bodylimit import BodyLimit
from .bootstrap import Clock, bootstrap, system_clock
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

SANDBOXED = ("residency_intake.cesr_signature", "residency_intake.bulk.parsing", "openpyxl",
             *wording.CATALOGUES)
"""What the sandbox workers import when they start, not on their first call (a refusal's
wording needs the catalogues)."""
__all__ = ["create_app", "system_clock"]


def create_app(settings: IntakeSettings | None = None, clock: Clock = system_clock) -> FastAPI:
    """The API; its lifespan starts the runtime `bootstrap` wires."""
    intake = bootstrap(settings, clock)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # untrusted files (CESR PDFs, bulk .xlsx) are parsed in these bounded workers
        app.state.sandbox = sandbox = SandboxPool(intake.settings.sandbox_workers,
                                                  preload=SANDBOXED)
        runtime = intake.runtime(sandbox.warm_up)
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
    app.state.settings, app.state.clock, app.state.store = intake.settings, clock, intake.store
    deps.install(app, intake.settings)
    # outermost first: metrics (counting every answer), the per-address throttles (before
    # routing and before the body is read), the body limit
    app.add_middleware(BodyLimit, settings=intake.settings)
    app.add_middleware(AddressThrottle, throttle=app.state.throttle, settings=intake.settings)
    app.add_middleware(HttpMetrics, service="intake")
    app.add_api_route("/metrics", metrics_endpoint(lambda: getattr(app.state, "runtime", None)),
                      methods=["GET"], include_in_schema=False)
    errors.install(app)
    install_swagger_ui(app)
    for module in (health, auth, accounts, organizations, procedures, applications,
                   attachments, corrections, examiner, bulk, cesr):
        app.include_router(module.router)
    cesr.document(app)
    return app
