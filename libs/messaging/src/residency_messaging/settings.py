"""Settings shared by every service; each service subclasses with its own env prefix."""

import ssl
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings


class KafkaSettings(BaseSettings):
    """How a service reaches Kafka: address, TLS, SASL/SCRAM, and whether it may create topics.

    On the embedded stack: PLAINTEXT and topic creation on. On Kubernetes (Strimzi):
    `SASL_SSL` with SCRAM-SHA-512 as the service's own `KafkaUser`, the cluster CA in a file,
    topic creation off (the `KafkaTopic`s declare them)."""

    kafka_bootstrap: str = Field("127.0.0.1:9092", description="Kafka bootstrap servers.")
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT", description="PLAINTEXT | SSL | SASL_PLAINTEXT | SASL_SSL.")
    kafka_sasl_mechanism: Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"] = Field(
        "SCRAM-SHA-512", description="SASL mechanism (Strimzi's `scram-sha-512` users).")
    kafka_sasl_username: str | None = Field(None, description="SASL user (the KafkaUser name).")
    kafka_sasl_password: SecretStr | None = Field(None, description="SASL password.")
    kafka_ca_file: str | None = Field(
        None, description="PEM file of the CA that signed the brokers' certificates "
        "(Strimzi: the `<cluster>-cluster-ca-cert` secret's ca.crt); the system's if unset.")
    kafka_create_topics: bool = Field(
        True, description="Create missing topics at start-up from the declarations in "
        "residency_contracts (the embedded stack); off where KafkaTopics own them.")

    @field_validator("kafka_sasl_username", "kafka_ca_file", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        """An empty variable (a ConfigMap key left blank) means unset."""
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _security_is_consistent(self) -> Self:
        """Refuse at start-up, naming the variable, what would otherwise fail later as a
        refused login, a traceback deep in `ssl`, or — worse — a silently plaintext client."""
        protocol = self.kafka_security_protocol
        sasl, tls = protocol.startswith("SASL_"), protocol.endswith("SSL")
        password = self.kafka_sasl_password.get_secret_value() if self.kafka_sasl_password else ""
        if sasl and not (self.kafka_sasl_username and password):
            raise ValueError(f"{self.env_name('kafka_sasl_username')} and "
                             f"{self.env_name('kafka_sasl_password')} are required with "
                             f"{self.env_name('kafka_security_protocol')}={protocol}")
        if not sasl and (self.kafka_sasl_username or password):
            raise ValueError(f"a SASL user or password is set but "
                             f"{self.env_name('kafka_security_protocol')}={protocol} does not log in "
                             "with SASL (SASL_SSL?)")
        if self.kafka_ca_file is not None:
            if not tls:
                raise ValueError(f"{self.env_name('kafka_ca_file')} is set but "
                                 f"{self.env_name('kafka_security_protocol')}={protocol} does not "
                                 "use TLS (SSL or SASL_SSL?)")
            problem = ca_file_problem(self.kafka_ca_file)
            if problem:
                raise ValueError(f"{self.env_name('kafka_ca_file')}={self.kafka_ca_file}: {problem}")
        return self

    def env_name(self, field: str) -> str:
        """The environment variable that sets `field` (with this class's prefix)."""
        return (str(self.model_config.get("env_prefix") or "") + field).upper()


def ca_file_problem(path: str) -> str | None:
    """Why `path` cannot serve as the PEM file of trusted CAs, or None if it can."""
    file = Path(path)
    if not file.is_file():
        return "no such file"
    try:
        ssl.create_default_context(cafile=str(file))
    except ssl.SSLError as exc:
        return f"not a PEM CA certificate ({exc.reason or exc})"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return None


class ServiceSettings(KafkaSettings):
    database_url: SecretStr = Field(description="PostgreSQL URL of this service's own database.")
    http_host: str = Field("127.0.0.1", description="Listen address (0.0.0.0 in a container).")
    http_port: int = 8000
    log_level: str = "INFO"
    consumer_attempts: int = Field(3, ge=1, description="Tries before a message is dead-lettered.")
    retry_backoff_s: float = Field(0.2, ge=0)
    consumer_session_timeout_ms: int = Field(
        6000, description="Group session timeout; lower means faster rebalances.")
    migrate_on_start: bool = Field(
        True, description="Upgrade the database to this code's migration head at start-up; "
        "when false (migrations run by a Job) refuse to start unless it is at head.")
    drain_timeout_s: float = Field(
        20, gt=0, description="On SIGTERM: how long in-flight HTTP requests and message "
        "handlers, then the offset commits, leaving the groups and the outbox flush, may take "
        "(after the shutdown delay); keep delay + this below the termination grace period.")
    shutdown_delay_s: float = Field(
        0, ge=0, description="On SIGTERM: keep serving this long while /readyz answers 503, "
        "so load balancers stop sending before the listener closes.")

