"""intake, assembled at start-up: settings → the object store, the sealing keys and the clock
→ the runtime (its Kafka consumers and the purge of forgotten files) that the app's lifespan
starts. The routes get them from the app's state (`deps`).

Nothing here connects: the pool (which carries the sealing keys to `outbox.enqueue`), broker
and object store are reached once the runtime starts."""

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta

from residency_messaging.bootstrap import (
    Clock,
    required_sealer,
    settings_or_environment,
    system_clock,
)
from residency_messaging.objectstore import ObjectStore, Store
from residency_messaging.runtime import Runtime
from residency_messaging.sealing import Sealer

from . import consumers, purge
from .settings import IntakeSettings

__all__ = ["Clock", "Intake", "bootstrap", "system_clock"]


@dataclass(frozen=True)
class Intake:
    settings: IntakeSettings
    clock: Clock
    store: Store
    sealer: Sealer

    def runtime(self, *jobs: Callable[[], Coroutine[None, None, None]]) -> Runtime:
        """A runtime for one lifespan (its pool seals with `sealer`); its background tasks are
        the purge of forgotten files and `jobs` (the sandbox's warm-up)."""
        s, store, clock = self.settings, self.store, self.clock

        def background(rt: Runtime) -> list[Coroutine[None, None, None]]:
            return [purge.run(rt.pool, store, s.quarantine_bucket, clock, s.purge_interval_s,
                              timedelta(seconds=s.purge_grace_s)), *(job() for job in jobs)]

        return Runtime("intake", s, consumers.routers, background, sealer=self.sealer)


def bootstrap(settings: IntakeSettings | None = None, clock: Clock = system_clock) -> Intake:
    settings = settings_or_environment(IntakeSettings, settings)
    sealer = required_sealer(settings.mail_sealing_key, settings.env_name("mail_sealing_key"))
    return Intake(settings, clock, ObjectStore.from_settings(settings), sealer)
