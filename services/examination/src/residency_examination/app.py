"""examination: the application lifecycle, numbers, holds and timers (wired in `bootstrap`)."""

from residency_messaging.runtime import Runtime
from starlette.applications import Starlette

from .bootstrap import Clock, bootstrap, system_clock
from .settings import ExaminationSettings

__all__ = ["Clock", "create_app", "system_clock"]


def create_app(settings: ExaminationSettings | None = None, clock: Clock = system_clock
               ) -> tuple[Starlette, Runtime]:
    """The health app and the runtime its lifespan starts."""
    examination = bootstrap(settings, clock)
    return examination.app, examination.runtime
