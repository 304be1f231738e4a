from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict
from residency_contracts.attachments import APPLICATION_LIMITS, ORGANIZATION_FILING_LIMITS
from residency_messaging.settings import ObjectStoreSettings, ServiceSettings


class IntakeSettings(ServiceSettings, ObjectStoreSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_")
    http_port: int = 8000
    hash_secret: SecretStr = Field(description="Key for the applicant hash used by holds.")
    mail_sealing_key: SecretStr = Field(description="Fernet key sealing the secrets in email "
                                        "commands (reference passwords, one-time links); "
                                        "notify holds the same key.")
    quarantine_bucket: str = "quarantine"
    purge_interval_s: float = Field(60, gt=0, description="How often the files of forgotten "
                                    "drafts (a replaced bulk upload's rows) are deleted.")
    purge_grace_s: float = Field(86400, ge=0, description="A forgotten file whose check never "
                                 "answered is deleted after this long anyway.")
    session_idle_hours: float = Field(3, description="Sessions end after this long idle.")
    public_base_url: str = Field("http://127.0.0.1:8000",
                                 description="Base of the links in account emails "
                                             "(registration, password reset, email change).")
    max_files: int = APPLICATION_LIMITS.max_files
    max_total_bytes: int = APPLICATION_LIMITS.max_total_bytes
    max_open_drafts: int = Field(100, ge=1, description="Applications not yet filed an account "
                                 "may keep (bulk rows and simultaneous ones not counted).")
    max_stored_bytes_per_account: int = Field(
        2 * 1024 ** 3, ge=1, description="Bytes of files on an account's applications not yet "
        "filed (bulk rows not counted).")
    allowed_networks: list[str] = Field(
        default_factory=list, description='CIDRs filing is allowed from (JSON list, e.g. '
        '["203.0.113.0/24"]); empty allows every network.')
    trusted_proxies: list[str] = Field(
        default_factory=list, description="CIDRs of proxies whose X-Forwarded-For is believed.")
    organization_access_days: int = Field(
        365, ge=1, description="Days an organization's access lasts after an approved usage "
        "request (利用申出) or periodic report (定期報告).")
    organization_max_files: int = Field(ORGANIZATION_FILING_LIMITS.max_files,
                                        description="Files per usage request or report.")
    organization_max_total_bytes: int = Field(ORGANIZATION_FILING_LIMITS.max_total_bytes,
                                              description="Bytes per usage request or report.")
    bulk_max_bytes: int = Field(5 * 1024 * 1024,
                                description="Largest bulk file (CSV/XLSX), enforced while reading.")
    cesr_signing_cert: str | None = Field(
        None, description="PEM certificate of the key that signs electronic CESRs (the same as "
        "examination's EXAMINATION_CESR_SIGNING_CERT); needed to verify CESR PDFs.")
    cesr_max_pdf_bytes: int = Field(5 * 1024 * 1024, description="Largest PDF /cesr/verify reads.")
