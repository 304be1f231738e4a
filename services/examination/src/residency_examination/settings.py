from pydantic_settings import SettingsConfigDict
from residency_messaging.settings import ServiceSettings


class ExaminationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="EXAMINATION_")
    http_port: int = 8002
