"""examination: the application lifecycle, numbers, holds and timers."""

from collections.abc import Callable, Coroutine
from datetime import UTC, datetime

from faststream.kafka import KafkaRouter
from residency_contracts import ApplicationFiled
from residency_contracts.examiner import ExaminationCommand
from residency_contracts.topics import APPLICATION_FILED, EXAMINATION_COMMANDS
from residency_messaging.http import health_app
from residency_messaging.kafka import subscriber
from residency_messaging.runtime import Runtime
from starlette.applications import Starlette

from . import commands, handlers, timers
from .receipt_number_day import parse_batch_time
from .settings import ExaminationSettings

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def build_routers(clock: Clock) -> Callable[[Runtime], list[KafkaRouter]]:
    def routers(rt: Runtime) -> list[KafkaRouter]:
        router = KafkaRouter()

        @subscriber(router, APPLICATION_FILED.name, handlers.CONSUMER,
                    description="Receives filed applications; issues provisional numbers.")
        async def on_application_filed(event: ApplicationFiled) -> None:
            await handlers.application_filed(rt.pool, event, clock())

        @subscriber(router, EXAMINATION_COMMANDS.name, handlers.CONSUMER,
                    description="Examiner actions: moves the lifecycle, announces each change.")
        async def on_command(command: ExaminationCommand) -> None:
            await commands.command_received(rt.pool, command, clock())

        return [router]

    return routers


def create_app(settings: ExaminationSettings | None = None, clock: Clock = system_clock
               ) -> tuple[Starlette, Runtime]:
    settings = settings or ExaminationSettings()  # type: ignore[call-arg]
    batch_at = parse_batch_time(settings.receipt_batch_time)

    def background(rt: Runtime) -> list[Coroutine[None, None, None]]:
        return [timers.run(rt.pool, clock, batch_at, settings.timer_interval_s)]

    runtime = Runtime("examination", settings, build_routers(clock), background)
    return health_app(runtime), runtime
