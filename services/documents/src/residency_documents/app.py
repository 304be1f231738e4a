"""documents: decides by content whether an uploaded file may be filed."""

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta

from faststream.kafka import KafkaRouter
from residency_contracts import AttachmentUploaded
from residency_contracts.topics import ATTACHMENT_UPLOADED
from residency_messaging.http import health_app
from residency_messaging.kafka import subscriber
from residency_messaging.runtime import Runtime
from residency_sandbox import SandboxPool
from starlette.applications import Starlette

from . import handlers
from .isolation import check_pool
from .settings import DocumentsSettings
from .storage import MinioStore

log = logging.getLogger(__name__)


def build_routers(
    settings: DocumentsSettings, store: MinioStore, checks: SandboxPool
) -> Callable[[Runtime], list[KafkaRouter]]:
    def routers(rt: Runtime) -> list[KafkaRouter]:
        router = KafkaRouter()

        @subscriber(
            router,
            ATTACHMENT_UPLOADED.name,
            handlers.CONSUMER,
            description="Checks a quarantined file; publishes its verdict.",
        )
        async def on_attachment_uploaded(event: AttachmentUploaded) -> None:
            await handlers.attachment_uploaded(
                rt.pool,
                store,
                event,
                checks=checks,
                accepted_bucket=settings.accepted_bucket,
                timeout_s=settings.check_timeout_s,
                memory_mb=settings.check_memory_mb,
            )

        return [router]

    return routers


def background(settings: DocumentsSettings, store: MinioStore, checks: SandboxPool
               ) -> Callable[[Runtime], list[Coroutine[None, None, None]]]:
    def jobs(rt: Runtime) -> list[Coroutine[None, None, None]]:
        async def warm_up() -> None:
            await checks.warm_up()

        async def purge_refused_files() -> None:
            retention = timedelta(days=settings.rejected_retention_days)
            try:
                while True:
                    try:
                        await handlers.purge_rejected(rt.pool, store, datetime.now(UTC), retention)
                    except Exception:
                        log.exception("purging refused files failed; will retry")
                    await asyncio.sleep(settings.purge_interval_s)
            finally:
                checks.close()

        return [warm_up(), purge_refused_files()]

    return jobs


def create_app(settings: DocumentsSettings | None = None) -> tuple[Starlette, Runtime]:
    settings = settings or DocumentsSettings()  # type: ignore[call-arg]
    checks = check_pool(settings.check_workers)  # its workers start with the runtime
    store = MinioStore(
        settings.s3_endpoint,
        settings.s3_access_key.get_secret_value(),
        settings.s3_secret_key.get_secret_value(),
        secure=settings.s3_secure,
        region=settings.s3_region,
    )
    runtime = Runtime("documents", settings, build_routers(settings, store, checks),
                      background(settings, store, checks))
    app = health_app(runtime)
    app.state.checks = checks
    return app, runtime
