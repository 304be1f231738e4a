"""notify: renders and sends every email, exactly once per command."""

from collections.abc import Callable

from faststream.kafka import KafkaRouter
from residency_contracts import SendEmail
from residency_contracts.topics import SEND_EMAIL
from residency_messaging.http import health_app
from residency_messaging.kafka import subscriber
from residency_messaging.runtime import Runtime
from starlette.applications import Starlette

from . import handlers, operators
from .mailer import SmtpMailer
from .metrics import LEDGER_PROBE
from .settings import NotifySettings


def build_routers(settings: NotifySettings, mailer: SmtpMailer
                  ) -> Callable[[Runtime], list[KafkaRouter]]:
    def routers(rt: Runtime) -> list[KafkaRouter]:
        router = KafkaRouter()

        @subscriber(router, SEND_EMAIL.name, "notify",
                    max_workers=settings.workers,
                    description="Renders and sends one bilingual email per command.")
        async def on_send_email(command: SendEmail) -> None:
            await handlers.send_email(
                rt.pool, mailer, command, sender=settings.mail_from,
                salt=settings.hash_secret.get_secret_value(),
                max_backoff_s=settings.max_backoff_s,
                max_temporary_attempts=settings.max_temporary_attempts)

        return [router]

    return routers


def create_app(settings: NotifySettings | None = None) -> tuple[Starlette, Runtime]:
    settings = settings or NotifySettings()  # type: ignore[call-arg]
    mailer = SmtpMailer(
        settings.smtp_host, settings.smtp_port, username=settings.smtp_username,
        password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
        starttls=settings.smtp_starttls, connections=settings.workers)
    runtime = Runtime("notify", settings, build_routers(settings, mailer),
                      scrape_probes=[LEDGER_PROBE])
    return health_app(runtime, operators.routes(runtime)), runtime
