"""notify: renders and sends every email, exactly once per command (wired in `bootstrap`)."""

from residency_messaging.runtime import Runtime
from starlette.applications import Starlette

from .bootstrap import bootstrap
from .settings import NotifySettings


def create_app(settings: NotifySettings | None = None) -> tuple[Starlette, Runtime]:
    """The health/operators app and the runtime its lifespan starts."""
    notify = bootstrap(settings)
    return notify.app, notify.runtime
