"""documents, assembled at start-up: settings → the object store and the pool of check workers
→ the handlers bound to them → the runtime, its background jobs and its health app.

Nothing here connects or starts a process: the database, broker and object store are reached
once the runtime starts, and the check workers are started by its warm-up job."""

import asyncio
import logging
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from faststream.kafka import KafkaRouter
from residency_contracts import AttachmentUploaded
from residency_contracts.topics import ATTACHMENT_UPLOADED
from residency_messaging.bootstrap import ConsumerService, settings_or_environment
from residency_messaging.http import health_app
from residency_messaging.kafka import subscriber
from residency_messaging.objectstore import ObjectStore, Store
from residency_messaging.runtime import Runtime
from residency_sandbox import SandboxPool

from . import handlers
from .isolation import check_pool
from .settings import DocumentsSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Documents(ConsumerService[DocumentsSettings]):
    store: Store
    checks: SandboxPool


def bootstrap(settings: DocumentsSettings | None = None) -> Documents:
    settings = settings_or_environment(DocumentsSettings, settings)
    checks = check_pool(settings.check_workers)
    store = ObjectStore.from_settings(settings)

    def routers(rt: Runtime) -> list[KafkaRouter]:
        router = KafkaRouter()

        @subscriber(router, ATTACHMENT_UPLOADED.name, handlers.CONSUMER,
                    description="Checks a quarantined file; publishes its verdict.")
        async def on_attachment_uploaded(event: AttachmentUploaded) -> None:
            await handlers.attachment_uploaded(
                rt.pool, store, event, checks=checks, accepted_bucket=settings.accepted_bucket,
                timeout_s=settings.check_timeout_s, memory_mb=settings.check_memory_mb)

        return [router]

    def background(rt: Runtime) -> list[Coroutine[None, None, None]]:
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

    runtime = Runtime("documents", settings, routers, background)
    app = health_app(runtime)
    app.state.checks = checks
    return Documents(settings, runtime, app, store=store, checks=checks)
