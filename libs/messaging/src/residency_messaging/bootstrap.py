"""What every service's `bootstrap` wires the same way: its settings (read from the environment
unless given), the clock, the sealing keys of the services that seal (intake, notify), and what a
consumer service is once assembled (settings, the runtime, the health app whose lifespan starts
it). Each service's own `bootstrap` keeps only what is its own: its handlers and what they need.

Nothing here connects."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from pydantic import SecretStr
from pydantic_settings import BaseSettings
from starlette.applications import Starlette

from .runtime import Runtime
from .sealing import Sealer
from .settings import ServiceSettings

Clock = Callable[[], datetime]
"""Now, in UTC (tests pass their own)."""

S = TypeVar("S", bound=BaseSettings)
Settings = TypeVar("Settings", bound=ServiceSettings)


def system_clock() -> datetime:
    return datetime.now(UTC)


def settings_or_environment(cls: type[S], settings: S | None) -> S:
    """`settings` as given (tests, tools), else read from the environment: a required setting
    that is missing fails here, at start-up, naming its variable."""
    return settings if settings is not None else cls()


def required_sealer(key: SecretStr, variable: str) -> Sealer:
    """The sealing keys from a required setting (`variable`); an empty one is refused at
    start-up, naming the variable."""
    sealer = Sealer.from_setting(key.get_secret_value())
    if sealer is None:
        raise ValueError(f"{variable} is empty")
    return sealer


@dataclass(frozen=True)
class ConsumerService(Generic[Settings]):
    """A consumer service as its `bootstrap` assembled it; each service adds what is its own."""

    settings: Settings
    runtime: Runtime
    app: Starlette
    """The health app (and the operators' routes): its lifespan starts `runtime`."""
