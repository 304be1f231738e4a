"""examination, assembled at start-up: settings → the CESR context (signing key, object store,
bucket, receipt URL) and the clock → the handlers bound to them → the runtime, its timers and
its health app.

Nothing here connects: the pool, broker and object store are reached once the runtime starts."""

from collections.abc import Coroutine
from dataclasses import dataclass

from faststream.kafka import KafkaRouter
from residency_contracts import ApplicationFiled
from residency_contracts.examiner import ExaminationCommand
from residency_contracts.topics import APPLICATION_FILED, EXAMINATION_COMMANDS
from residency_messaging.bootstrap import (
    Clock,
    ConsumerService,
    settings_or_environment,
    system_clock,
)
from residency_messaging.http import health_app
from residency_messaging.kafka import subscriber
from residency_messaging.objectstore import ObjectStore
from residency_messaging.runtime import Runtime

from . import commands, handlers, timers
from .cesr_context import CesrContext
from .receipt_number_day import parse_batch_time
from .settings import ExaminationSettings

__all__ = ["Clock", "Examination", "bootstrap", "cesr_context", "system_clock"]


@dataclass(frozen=True)
class Examination(ConsumerService[ExaminationSettings]):
    cesr: CesrContext


def cesr_context(settings: ExaminationSettings) -> CesrContext:
    key = settings.cesr_signing_key.get_secret_value() if settings.cesr_signing_key else None
    return CesrContext(key, settings.cesr_signing_cert, ObjectStore.from_settings(settings),
                       settings.cesr_bucket, settings.cesr_receipt_url)


def bootstrap(settings: ExaminationSettings | None = None,
              clock: Clock = system_clock) -> Examination:
    settings = settings_or_environment(ExaminationSettings, settings)
    batch_at = parse_batch_time(settings.receipt_batch_time)
    cesr = cesr_context(settings)

    def routers(rt: Runtime) -> list[KafkaRouter]:
        router = KafkaRouter()

        @subscriber(router, APPLICATION_FILED.name, handlers.CONSUMER,
                    description="Receives filed applications; issues provisional numbers.")
        async def on_application_filed(event: ApplicationFiled) -> None:
            await handlers.application_filed(rt.pool, event, clock())

        @subscriber(router, EXAMINATION_COMMANDS.name, handlers.CONSUMER,
                    description="Examiner actions: moves the lifecycle, announces each change.")
        async def on_command(command: ExaminationCommand) -> None:
            await commands.command_received(rt.pool, command, clock(), cesr)

        return [router]

    def background(rt: Runtime) -> list[Coroutine[None, None, None]]:
        return [timers.run(rt.pool, clock, batch_at, settings.timer_interval_s,
                           cesr.receipt_url)]

    runtime = Runtime("examination", settings, routers, background)
    return Examination(settings, runtime, health_app(runtime), cesr=cesr)
