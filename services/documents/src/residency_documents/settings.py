from pydantic import Field
from pydantic_settings import SettingsConfigDict
from residency_messaging.objectstore import ObjectStoreSettings
from residency_messaging.settings import ServiceSettings

from .cpus import container_cpus


class DocumentsSettings(ServiceSettings, ObjectStoreSettings):
    model_config = SettingsConfigDict(env_prefix="DOCUMENTS_")
    http_port: int = 8001
    check_timeout_s: float = Field(10.0, description="Wall-clock bound per file.")
    check_memory_mb: int = Field(256, description="Address-space bound per check.")
    check_workers: int = Field(
        default_factory=container_cpus, ge=1,
        description="Check worker processes (checks at once); default: the CPUs this "
        "container may use (cgroup CPU quota, CPU affinity), not the host's cores.")
    rejected_retention_days: float = Field(30, description="Refused files are deleted after.")
    purge_interval_s: float = Field(3600, description="How often refused files are purged.")
