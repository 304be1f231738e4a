from typing import Annotated

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import NoDecode, SettingsConfigDict
from residency_contracts.attachments import APPLICATION_LIMITS, ORGANIZATION_FILING_LIMITS
from residency_messaging.objectstore import ObjectStoreSettings
from residency_messaging.settings import ServiceSettings

from .throttle import Rate, RateSetting

ThrottleRate = Annotated[RateSetting, NoDecode]


class IntakeSettings(ServiceSettings, ObjectStoreSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_")
    http_port: int = 8000
    hash_secret: SecretStr = Field(description="Key for the applicant hash used by holds.")
    mail_sealing_key: SecretStr = Field(description="Keys sealing the secrets in email commands "
                                        "(reference passwords, one-time links), comma-separated, "
                                        "newest first; notify holds the same keys.")
    purge_interval_s: float = Field(60, gt=0, description="How often the files of forgotten "
                                    "drafts (a replaced bulk upload's rows) are deleted.")
    purge_grace_s: float = Field(86400, ge=0, description="A forgotten file whose check never "
                                 "answered is deleted after this long anyway.")
    session_idle_hours: float = Field(3, description="Sessions end after this long idle.")
    session_max_hours: float = Field(
        12, gt=0, description="Sessions end this long after login however active (absolute "
        "lifetime).")
    password_workers: int = Field(
        2, ge=1, description="Threads hashing and verifying account passwords (argon2id, "
        "~115 ms of CPU each), off the event loop.")
    password_queue: int = Field(
        16, ge=0, description="Password checks that may wait for a thread; beyond them the "
        "request gets 503 PASSWORD_CHECKS_BUSY with Retry-After instead of queueing.")
    throttle_enabled: bool = Field(True, description="Throttle the routes below (429 with "
                                   "Retry-After); limits are per replica, kept in memory.")
    throttle_login_per_address: ThrottleRate = Field(
        Rate(60, 60), description="POST /auth/token per client address (like 60/min).")
    throttle_login_per_account: ThrottleRate = Field(
        Rate(10, 60), description="POST /auth/token per user ID.")
    throttle_registration_per_address: ThrottleRate = Field(
        Rate(20, 3600), description="Registration (asking for a link, completing) per address.")
    throttle_registration_per_email: ThrottleRate = Field(
        Rate(3, 3600), description="Registration links mailed to one address.")
    throttle_reminder_per_address: ThrottleRate = Field(
        Rate(20, 3600), description="Forgotten user ID per client address.")
    throttle_reminder_per_email: ThrottleRate = Field(
        Rate(3, 3600), description="Forgotten user ID reminders per email address.")
    throttle_reset_per_address: ThrottleRate = Field(
        Rate(20, 3600), description="Password reset (asking for a link, setting the password)"
        " per client address.")
    throttle_reset_per_account: ThrottleRate = Field(
        Rate(3, 3600), description="Password reset links asked for one user ID.")
    throttle_email_change_per_account: ThrottleRate = Field(
        Rate(5, 3600), description="Email-change links (and current-password checks) per "
        "account.")
    throttle_cesr_verify_per_address: ThrottleRate = Field(
        Rate(30, 60), description="POST /cesr/verify per client address.")
    throttle_max_keys: int = Field(100_000, ge=1, description="Addresses and accounts "
                                   "remembered per replica (the least recently seen go first).")
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
    max_json_bytes: int = Field(1024 * 1024, gt=0, description="Largest JSON body (and any other "
                                "body that is not multipart), counted while reading: 413.")
    max_form_field_bytes: int = Field(64 * 1024, gt=0, description="Largest multipart text field "
                                      "(a part without a file name): 413.")
    max_file_part_bytes: int = Field(30 * 1024 * 1024, description="Largest multipart file part on "
                                     "any route; above each upload route's own limit, which "
                                     "answers first with its own code.")
    max_form_parts: int = Field(8, ge=1, description="Most parts in one multipart body: 413.")
    sandbox_workers: int = Field(2, ge=1, description="Worker processes that parse untrusted "
                                 "files (CESR PDFs, bulk .xlsx) within the bounds below.")
    sandbox_timeout_s: float = Field(10, gt=0, description="Wall-clock bound of one parse.")
    sandbox_memory_mb: int = Field(256, ge=32, description="Memory one parse may add.")

    @model_validator(mode="after")
    def _file_part_above_route_limits(self) -> "IntakeSettings":
        routes = (self.max_total_bytes, self.organization_max_total_bytes, self.bulk_max_bytes,
                  self.cesr_max_pdf_bytes)
        if self.max_file_part_bytes <= max(routes):
            raise ValueError("INTAKE_MAX_FILE_PART_BYTES must be above every upload route's "
                             f"limit ({max(routes)} bytes), so those answer with their own code")
        return self
