"""notify, assembled at start-up: settings → sealing keys, object store and attachment rules,
SMTP connections → the send-email handler bound to them → the runtime and its health app.

Nothing here connects: the pool, broker and SMTP sessions open when the runtime starts (and
SMTP at the first send)."""

from dataclasses import dataclass

from faststream.kafka import KafkaRouter
from residency_contracts import SendEmail
from residency_contracts.topics import SEND_EMAIL
from residency_messaging.bootstrap import (
    ConsumerService,
    required_sealer,
    settings_or_environment,
)
from residency_messaging.http import health_app
from residency_messaging.kafka import subscriber
from residency_messaging.objectstore import ObjectStore
from residency_messaging.runtime import Runtime
from residency_messaging.sealing import Sealer

from . import attachment_rules, handlers, operators
from .attachments import Attachments
from .mailer import SmtpMailer
from .metrics import LEDGER_PROBE
from .settings import NotifySettings


@dataclass(frozen=True)
class Notify(ConsumerService[NotifySettings]):
    sealer: Sealer
    attachments: Attachments
    mailer: SmtpMailer


def bootstrap(settings: NotifySettings | None = None) -> Notify:
    settings = settings_or_environment(NotifySettings, settings)
    sealer = required_sealer(settings.mail_sealing_key, settings.env_name("mail_sealing_key"))
    attachments = Attachments(ObjectStore.from_settings(settings),
                              attachment_rules.rules(settings.cesr_bucket),
                              settings.attachment_max_bytes)
    mailer = SmtpMailer(
        settings.smtp_host, settings.smtp_port, username=settings.smtp_username,
        password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
        starttls=settings.starttls(), connections=settings.workers)

    def routers(rt: Runtime) -> list[KafkaRouter]:
        router = KafkaRouter()

        @subscriber(router, SEND_EMAIL.name, "notify", max_workers=settings.workers,
                    description="Renders and sends one bilingual email per command.")
        async def on_send_email(command: SendEmail) -> None:
            await handlers.send_email(
                rt.pool, mailer, command, sender=settings.mail_from,
                salt=settings.hash_secret.get_secret_value(), sealer=sealer,
                attachments=attachments, max_backoff_s=settings.max_backoff_s,
                max_temporary_attempts=settings.max_temporary_attempts)

        return [router]

    runtime = Runtime("notify", settings, routers, scrape_probes=[LEDGER_PROBE], sealer=sealer)
    app = health_app(runtime, operators.routes(runtime))
    return Notify(settings, runtime, app, sealer=sealer, attachments=attachments, mailer=mailer)
