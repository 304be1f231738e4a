from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict
from residency_messaging.objectstore import ObjectStoreSettings
from residency_messaging.settings import ServiceSettings


class NotifySettings(ServiceSettings, ObjectStoreSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFY_")
    http_port: int = 8003
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool | None = Field(
        None, description="STARTTLS before sending; unset: on whenever a user or password is "
        "set (credentials never cross the network in the clear), off for an anonymous local "
        "sink. Set false only for a trusted relay that offers no TLS.")
    mail_from: str = Field("Residency Online <no-reply@residency-online.invalid>",
                           description="The no-reply sender.")
    max_backoff_s: float = Field(30.0, description="Cap of the retry delay while SMTP is down.")
    max_temporary_attempts: int = Field(8, ge=1, description="Sends refused with a 4xx for "
                                        "the recipients before the mail is recorded failed "
                                        "(a server that is down is retried without limit).")
    workers: int = Field(3, ge=1, description="Partitions of send-email handled at once "
                         "(one consumer and one SMTP connection each); order between emails "
                         "does not matter.")
    hash_secret: SecretStr = Field(description="Key for the hashed recipients in the ledger.")
    mail_sealing_key: SecretStr = Field(description="Keys opening the secrets sealed by intake "
                                        "in email commands (comma-separated, newest first).")
    attachment_max_bytes: int = Field(10 * 1024 * 1024, gt=0,
                                      description="Largest file an email attaches.")

    def starttls(self) -> bool:
        """Whether to STARTTLS: as set, else on when the relay takes credentials."""
        if self.smtp_starttls is not None:
            return self.smtp_starttls
        return bool(self.smtp_username or self.smtp_password)
