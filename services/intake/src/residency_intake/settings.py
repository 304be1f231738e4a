from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict
from residency_messaging.settings import ObjectStoreSettings, ServiceSettings


class IntakeSettings(ServiceSettings, ObjectStoreSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_")
    http_port: int = 8000
    hash_secret: SecretStr = Field(description="Key for the applicant hash used by holds.")
    quarantine_bucket: str = "quarantine"
    session_idle_hours: float = Field(3, description="Sessions end after this long idle.")
    max_files: int = 20
    max_total_bytes: int = 25 * 1024 * 1024
