"""Settings shared by every service; each service subclasses with its own env prefix."""

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings


class ServiceSettings(BaseSettings):
    kafka_bootstrap: str = Field("127.0.0.1:9092", description="Kafka bootstrap servers.")
    database_url: SecretStr = Field(description="PostgreSQL URL of this service's own database.")
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    log_level: str = "INFO"
    consumer_attempts: int = Field(3, ge=1, description="Tries before a message is dead-lettered.")
    retry_backoff_s: float = Field(0.2, ge=0)
    consumer_session_timeout_ms: int = Field(
        6000, description="Group session timeout; lower means faster rebalances.")


class ObjectStoreSettings(BaseSettings):
    s3_endpoint: str = Field("127.0.0.1:8333", description="host:port of the S3 API.")
    s3_access_key: SecretStr
    s3_secret_key: SecretStr
    s3_secure: bool = False
    s3_region: str = "us-east-1"
