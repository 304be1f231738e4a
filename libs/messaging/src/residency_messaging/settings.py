"""Settings shared by every service; each service subclasses with its own env prefix."""

from typing import Literal, Self

from pydantic import Field, SecretStr, model_validator
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

    @model_validator(mode="after")
    def _sasl_needs_credentials(self) -> Self:
        if self.kafka_security_protocol.startswith("SASL_") and not (
                self.kafka_sasl_username and self.kafka_sasl_password):
            raise ValueError("kafka_sasl_username and kafka_sasl_password are required with "
                             f"security protocol {self.kafka_security_protocol}")
        return self


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


class ObjectStoreSettings(BaseSettings):
    s3_endpoint: str = Field("127.0.0.1:8333", description="host:port of the S3 API.")
    s3_access_key: SecretStr
    s3_secret_key: SecretStr
    s3_secure: bool = False
    s3_region: str = "us-east-1"
