from pydantic import Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict
from residency_messaging.objectstore import ObjectStoreSettings
from residency_messaging.settings import ServiceSettings

from .receipt_number_day import parse_batch_time


class ExaminationSettings(ServiceSettings, ObjectStoreSettings):
    model_config = SettingsConfigDict(env_prefix="EXAMINATION_")
    http_port: int = 8002
    receipt_batch_time: str = Field(
        "00:05", description="Asia/Tokyo HH:MM of the daily application-receipt-number batch.")
    timer_interval_s: float = Field(30.0, gt=0, description="How often the timers run.")
    cesr_signing_key: SecretStr | None = Field(
        None, description="PEM private key that signs CESR PDFs (required to issue).")
    cesr_signing_cert: str | None = Field(None, description="PEM certificate of that key.")
    cesr_receipt_url: str = Field("http://127.0.0.1:8000/cesr-receipts",
                                  description="Where organizations register receipt (in emails).")

    @field_validator("receipt_batch_time")
    @classmethod
    def _valid_time(cls, value: str) -> str:
        parse_batch_time(value)
        return value
